"""No false positives: correct implementations must pass the oracle in the dev (random) profile, run
after run, with fresh random examples every time.

    python tools/no_false_positives.py                       # 20 runs x reference, torch, variant
    python tools/no_false_positives.py --runs 3 --scale 2 --implementations reference,variant
    python tools/no_false_positives.py --layers Softmax,MaxPool2d --runs 5

Each run is ``pytest oracle/suite --submission IMPL --oracle-profile dev`` with its own
``--hypothesis-seed`` (recorded, so a failure replays with the same seed) and its own empty
working directory, so the dev profile's example database (``.hypothesis/oracle``, relative to the
working directory) never replays a previous run's examples. ``--scale`` sets the dev profile's
multiple of the grading example counts (4 by default, as the dev profile). ``variant`` is the
reference with examples/variants/ applied (a different but correct implementation), built into a
temporary directory.

Every failure of a correct implementation is a bug in the oracle. The summary (markdown and JSON,
with every failure's report and falsifying example) is written to reports/no_false_positives/ and
rewritten after each run, so an interrupted campaign keeps what it measured.

Also a pytest plugin (``-p tools.no_false_positives``): it applies ``NFP_DEV_SCALE`` to the dev
profile in every process of the run, xdist workers included.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCALE_ENV = "NFP_DEV_SCALE"
IMPLEMENTATIONS = ("reference", "torch", "variant")


def pytest_configure(config):
    """Plugin hook: the dev profile's example multiple from the environment (default: unchanged)."""
    if os.environ.get(SCALE_ENV):
        from oracle.profiles import PROFILES
        PROFILES["dev"]["scale"] = int(os.environ[SCALE_ENV])


def dev_run_command(submission: str, seed: int, report: Path, workers: str, layers) -> list[str]:
    """The pytest command line of one dev-profile run (run from an empty working directory)."""
    command = [sys.executable, "-m", "pytest", str(ROOT / "oracle" / "suite"), "--rootdir", str(ROOT),
               "-c", str(ROOT / "pyproject.toml"), "-q", "-p", "no:cacheprovider", "-p", "tools.no_false_positives",
               "--submission", submission, "--oracle-profile", "dev", "--hypothesis-seed", str(seed),
               "--oracle-report", str(report), "-n", workers, "-o", "addopts=", "--tb=short",
               "--max-worker-restart", "1000"]
    if layers:
        command += ["--layers", ",".join(layers)]
    return command


def run_once(submission: str, seed: int, scale: int, workers: str, layers) -> dict:
    """One dev-profile run; returns {"seed", "seconds", "checks", "failures": [...], "log"}."""
    with tempfile.TemporaryDirectory(prefix="nfp-") as tmp:
        report = Path(tmp) / "results.json"
        env = {**os.environ, "PYTHONPATH": str(ROOT), SCALE_ENV: str(scale)}
        env.pop("CI", None)  # hypothesis must not switch to its ci profile
        start = time.perf_counter()
        done = subprocess.run(dev_run_command(submission, seed, report, workers, layers), cwd=tmp, env=env,
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if not report.exists():
            return {"seed": seed, "seconds": seconds, "checks": 0, "error": f"pytest exit {done.returncode}",
                    "failures": [], "log": done.stdout[-20000:] + done.stderr[-5000:]}
        results = json.loads(report.read_text())["results"]
    failures = [{"layer": r["layer"], "check": r["check"], "message": r["message"],
                 "falsifying_example": falsifying_example(done.stdout, r["layer"], r["check"])}
                for r in results if r["outcome"] != "passed"]
    return {"seed": seed, "seconds": seconds, "checks": len(results), "failures": failures,
            "log": done.stdout[-60000:] if failures else ""}


def falsifying_example(log: str, layer: str, check: str) -> str:
    """The falsifying example hypothesis printed for test_layer[layer-check] ("Falsifying
    example: ..." or, in recent versions, "Failing test case: ..."), or ""."""
    start = log.find(f"test_layer[{layer}-{check}]")
    if start < 0:
        return ""
    section = re.sub(r"(?m)^E {1,3}", "", log[start:])
    found = re.search(r"Falsifying example|Failing test case", section)
    if not found:
        return ""
    block = section[found.start():]
    end = re.search(r"\n\)\n|\n\n|\n=+ ", block)
    return block[:end.start() + 2 if end else 3000][:3000]


def build_variant(target: Path) -> str:
    """Build the variant submission (examples/variants/) into ``target``; returns its path."""
    from examples.build_variant import build
    build(target)
    return str(target)


def summary_markdown(campaign: dict) -> str:
    """The human-readable summary: per implementation runs/checks/failures, then every failure."""
    from oracle.profiles import GRADING_EXAMPLES
    per_check = ", ".join(f"{check} {count * campaign['scale']}" for check, count in GRADING_EXAMPLES.items()
                          if check != "init")
    lines = ["# No false positives: dev-profile runs of correct implementations", "",
             f"scale {campaign['scale']}x the grading examples per check ({per_check}; a spec's own "
             f"counts are scaled alike); -n {campaign['workers']}; layers: {campaign['layers'] or 'all'}", "",
             "| implementation | runs | checks per run | failed checks | seconds per run (mean) |",
             "| --- | --- | --- | --- | --- |"]
    for impl, runs in campaign["runs"].items():
        if not runs:
            continue
        failed = sum(len(r["failures"]) + ("error" in r) for r in runs)
        mean = sum(r["seconds"] for r in runs) / len(runs)
        lines.append(f"| {impl} | {len(runs)} | {runs[-1]['checks']} | {failed} | {mean:.0f} |")
    lines += ["", "## Failures", ""]
    for impl, runs in campaign["runs"].items():
        for run in runs:
            if "error" in run:
                lines += [f"### {impl}, seed {run['seed']}: the run itself failed ({run['error']})", "",
                          "```", run["log"][-3000:], "```", ""]
            for f in run["failures"]:
                lines += [f"### {impl}, seed {run['seed']}: {f['layer']} · {f['check']}", "", "```",
                          f["message"][:3000], f["falsifying_example"], "```", ""]
    return "\n".join(lines) + "\n"


def merged(campaigns: list[dict]) -> dict:
    """One campaign holding the runs of several (which must share their scale and layers)."""
    if len({(c["scale"], str(c["layers"])) for c in campaigns}) != 1:
        raise ValueError("campaigns with different scales or layers cannot be merged")
    runs: dict = {}
    for campaign in campaigns:
        for impl, impl_runs in campaign["runs"].items():
            runs.setdefault(impl, []).extend(impl_runs)
    workers = ",".join(sorted({str(c["workers"]) for c in campaigns}))
    return {**campaigns[0], "workers": workers, "runs": runs}


def write_summary(campaign: dict, output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    (output / "summary.json").write_text(json.dumps(campaign, indent=1))
    (output / "summary.md").write_text(summary_markdown(campaign))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="runs per implementation (default 20)")
    parser.add_argument("--scale", type=int, default=4, help="examples per check, as a multiple of the "
                                                             "grading profile's (default 4, the dev profile's)")
    parser.add_argument("--implementations", default=",".join(IMPLEMENTATIONS),
                        help="comma-separated: reference, torch, variant, or submission paths")
    parser.add_argument("--layers", default=None, help="comma-separated registry names (default: all)")
    parser.add_argument("-n", "--workers", default="2", help="pytest-xdist workers per run (default 2)")
    parser.add_argument("--output", default=str(ROOT / "reports" / "no_false_positives"))
    parser.add_argument("--merge", nargs="+", metavar="DIR", default=None,
                        help="only merge the summaries of earlier campaigns (same scale) into --output")
    args = parser.parse_args(argv)
    if args.merge:
        write_summary(merged([json.loads((Path(d) / "summary.json").read_text()) for d in args.merge]), Path(args.output))
        print(f"summary: {args.output}/summary.md")
        return 0
    layers = args.layers.split(",") if args.layers else None
    implementations = args.implementations.split(",")
    campaign = {"scale": args.scale, "workers": args.workers, "layers": layers,
                "runs": {impl: [] for impl in implementations}}
    with tempfile.TemporaryDirectory(prefix="nfp-variant-") as tmp:
        submissions = {impl: build_variant(Path(tmp) / "variant_submission") if impl == "variant" else impl
                       for impl in implementations}
        for index in range(args.runs):  # interleaved, so a stopped campaign covers every implementation
            for impl in implementations:
                run = run_once(submissions[impl], secrets.randbelow(2**32), args.scale, args.workers, layers)
                campaign["runs"][impl].append(run)
                write_summary(campaign, Path(args.output))
                status = "ok" if not run["failures"] and "error" not in run else \
                    f"{len(run['failures'])} FAILED: " + ", ".join(f"{f['layer']}-{f['check']}" for f in run["failures"])
                print(f"run {index + 1}/{args.runs} {impl:10s} seed {run['seed']:10d} "
                      f"{run['seconds']:6.0f}s {run['checks']} checks {status}", flush=True)
    failed = sum(len(r["failures"]) + ("error" in r) for runs in campaign["runs"].values() for r in runs)
    print(f"summary: {args.output}/summary.md ({failed} failed checks)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
