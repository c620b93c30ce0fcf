"""Grade a submission: run the oracle on it in parallel and score every layer.

    python grader.py examples/buggy_submission            # table on stdout, JSON report in reports/
    python grader.py PATH --layers Linear,ReLU -n 2 --output report.json

Scores come from the registry's manifest, fixed before anything runs: each (layer, check) pair
is worth its rubric points when its test passed, and 0 otherwise ("failed", or "not run" when
no result came back at all, e.g. after a crash). The trusted side (the pytest processes) never
imports the submission: it runs in a separate runner process (oracle/runner.py).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(PROJECT_ROOT))

from oracle.adapters import THREAD_ENV  # noqa: E402
from oracle.registry import BY_NAME, manifest  # noqa: E402
from oracle.spec import CHECKS  # noqa: E402

#: Points per check category: a layer's forward and gradients weigh most.
RUBRIC = {"forward": 3, "input_grad": 3, "param_grad": 2, "state": 1, "errors": 1, "init": 1}


def run_oracle(submission: str, layers=None, workers: str = "auto", profile: str = "grading",
               timeout: float = 60.0) -> dict:
    """Run the oracle suite under pytest-xdist; return {(layer, check): {"outcome", "message"}}."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "results.json"
        command = [sys.executable, "-m", "pytest", "oracle/suite", "-q", "-p", "no:cacheprovider",
                   "--submission", submission, "--oracle-profile", profile, "--oracle-report", str(report),
                   "-n", str(workers), "--max-worker-restart", "1000", "-o", "addopts=", "--tb=short",
                   "--call-timeout", str(timeout)]
        if layers:
            command += ["--layers", ",".join(layers)]
        env = {**os.environ, **THREAD_ENV}
        env.pop("CI", None)  # hypothesis must not switch profiles under CI: our profile is explicit
        completed = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
        if completed.returncode not in (0, 1) or not report.exists():  # 1 = some checks failed
            raise RuntimeError(f"the oracle itself failed (pytest exit code {completed.returncode}):\n"
                               + completed.stdout[-3000:] + completed.stderr[-3000:])
        data = json.loads(report.read_text())
    return {(r["layer"], r["check"]): r for r in data["results"]}


def score(results: dict, layers=None) -> dict:
    """Per-layer scores from the fixed manifest; a check without a result scores 0 as "not run"."""
    table = {}
    for layer, check in manifest(layers):
        result = results.get((layer, check), {"outcome": "not run", "message": "no result: the check did not run "
                                                                               "to completion (crash or timeout)"})
        entry = table.setdefault(layer, {"checks": {}, "earned": 0, "possible": 0})
        points = RUBRIC[check]
        passed = result["outcome"] == "passed"
        entry["checks"][check] = {"outcome": result["outcome"], "points": points if passed else 0,
                                  "max_points": points, "message": result.get("message", "")}
        entry["earned"] += points if passed else 0
        entry["possible"] += points
    earned = sum(e["earned"] for e in table.values())
    possible = sum(e["possible"] for e in table.values())
    return {"layers": table, "earned": earned, "possible": possible,
            "percent": round(100.0 * earned / possible, 2) if possible else 0.0}


def format_table(scores: dict, show_failures: bool = True) -> str:
    symbol = {"passed": "ok", "failed": "FAIL", "not run": "--", "skipped": "skip"}
    lines = [f"{'layer':28s} " + " ".join(f"{c:>10s}" for c in CHECKS) + f" {'score':>9s}"]
    for layer, entry in scores["layers"].items():
        cells = [f"{symbol.get(entry['checks'][c]['outcome'], '?') if c in entry['checks'] else '':>10s}"
                 for c in CHECKS]
        lines.append(f"{layer:28s} " + " ".join(cells) + f" {entry['earned']:>4d}/{entry['possible']:<4d}")
    lines.append(f"TOTAL {scores['earned']}/{scores['possible']} points = {scores['percent']:.2f}%")
    if show_failures:
        failures = [(layer, check, c["message"]) for layer, e in scores["layers"].items()
                    for check, c in e["checks"].items() if c["outcome"] != "passed"]
        if failures:
            lines.append("\nFailures (first lines; the JSON report has the full text):")
            for layer, check, message in failures:
                head = [l for l in message.strip().splitlines() if l.strip()][:4]
                lines.append(f"\n[{layer} / {check}]\n  " + "\n  ".join(head))
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submission", nargs="?", default=None,
                        help="submission directory (a Python package), or 'reference' / 'torch' "
                             "(default: the bundled example submission, built from examples/bugs/)")
    parser.add_argument("--layers", default=None, help="comma-separated registry names (default: all)")
    parser.add_argument("-n", "--workers", default="auto", help="pytest-xdist workers (default: auto)")
    parser.add_argument("--profile", default="grading", choices=["grading", "dev", "thorough"])
    parser.add_argument("--output", default=None, help="JSON report path (default: reports/<name>.json)")
    parser.add_argument("--quiet", action="store_true", help="print the table without failure details")
    parser.add_argument("--call-timeout", type=float, default=60.0,
                        help="seconds one scenario may run in the submission's process before it is killed")
    args = parser.parse_args(argv)

    if args.submission is None:
        from examples.build_buggy import TARGET, build
        build(TARGET)
        args.submission = str(TARGET)
        print(f"grading the example submission {TARGET.relative_to(PROJECT_ROOT)} (see its README.md)\n")
    layers = args.layers.split(",") if args.layers else None
    unknown = [name for name in layers or [] if name not in BY_NAME]
    if unknown:
        parser.error(f"unknown layers: {unknown}")
    submission = args.submission if args.submission in ("reference", "torch") else str(Path(args.submission).resolve())
    start = time.perf_counter()
    scores = score(run_oracle(submission, layers, args.workers, args.profile, args.call_timeout), layers)
    scores["wall_time_s"] = round(time.perf_counter() - start, 2)
    scores["submission"] = args.submission
    print(format_table(scores, show_failures=not args.quiet))
    print(f"\ngraded in {scores['wall_time_s']:.1f} s")
    output = Path(args.output) if args.output else PROJECT_ROOT / "reports" / f"{Path(args.submission).name}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(scores, indent=1))
    print(f"report: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
