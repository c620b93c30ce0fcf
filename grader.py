"""Grade one submission or a whole class with the oracle, score it with a rubric, write reports.

    python grader.py                                   # the bundled example submission
    python grader.py PATH [--layers Linear,ReLU] [-n 2] [--format text|json|md] [--junit FILE]
    python grader.py CLASS_DIR --out grades/ [--jobs 4] [--shard 1/4]
    python grader.py merge grades-1/ grades-2/ --out grades/
    python grader.py gradescope-bundle --out autograder.zip [--rubric FILE] [--layers ...]

PATH is a submission (a package directory with __init__.py, or a .zip holding one; or
'reference' / 'torch'); any other directory is a class folder of submission folders and/or zip
files. Scores come from the rubric (--rubric FILE, default grading/default_rubric.toml) over the
registry's manifest, fixed before anything runs: each (layer, check) item earns its points when its
check passed and 0 otherwise ("failed", or "not run" when no result came back, e.g. after a crash).
Submission code only ever runs in a separate runner process (oracle/runner.py).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(PROJECT_ROOT))

from grading.engine import run_oracle  # noqa: E402,F401 - part of grader's API (tests import it)
from grading.formats import FORMATS, format_text, junit_xml  # noqa: E402
from grading.rubric import Rubric, RubricError, load_rubric  # noqa: E402
from oracle.registry import BY_NAME  # noqa: E402

_DEFAULT_RUBRIC: list[Rubric] = []


def default_rubric() -> Rubric:
    if not _DEFAULT_RUBRIC:
        _DEFAULT_RUBRIC.append(load_rubric())
    return _DEFAULT_RUBRIC[0]


def score(results: dict, layers=None, rubric: Rubric | None = None) -> dict:
    """Per-layer scores from the fixed manifest; a check without a result scores 0 as "not run".

    ``results`` maps (layer, check) -> {"outcome", "message"} (as run_oracle returns)."""
    return (rubric or default_rubric()).score(results, layers)


def oracle_layers(rubric: Rubric, layers=None) -> list[str] | None:
    """The layers to run: the rubric's, restricted to ``layers``; None when that is all of them."""
    graded = rubric.graded_layers(layers)
    return None if len(graded) == len(BY_NAME) else graded


def format_table(scores: dict, show_failures: bool = True) -> str:
    return format_text(scores, show_failures)


# ----------------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    commands = {"merge": merge_main, "gradescope-bundle": bundle_main, "gradescope-run": gradescope_run_main}
    if argv and argv[0] in commands:
        return commands[argv[0]](argv[1:])
    return grade_main(argv)


def _layers_argument(parser: argparse.ArgumentParser, text: str | None) -> list[str] | None:
    layers = text.split(",") if text else None
    unknown = [name for name in layers or [] if name not in BY_NAME]
    if unknown:
        parser.error(f"unknown layers: {unknown}")
    return layers


def _rubric_argument(parser: argparse.ArgumentParser, path: str | None) -> Rubric:
    try:
        return load_rubric(path) if path else default_rubric()
    except RubricError as exc:
        parser.error(str(exc))


def grade_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submission", nargs="?", default=None,
                        help="a submission (package directory or .zip; 'reference' / 'torch') or a class folder "
                             "(default: the bundled example submission, built from examples/bugs/)")
    parser.add_argument("--layers", default=None, help="comma-separated registry names (default: the rubric's)")
    parser.add_argument("--rubric", default=None, help="rubric TOML file (default: grading/default_rubric.toml)")
    parser.add_argument("--profile", default="grading", choices=["grading", "dev", "thorough"])
    parser.add_argument("--call-timeout", type=float, default=60.0,
                        help="seconds one scenario may run in the submission's process before it is killed")
    parser.add_argument("--junit", default=None, help="also write JUnit XML to this file")
    parser.add_argument("--policy", default=None,
                        help="sandbox policy TOML ([policy] table: forbidden_imports, cpu_seconds, ...; oracle/sandbox.py)")
    single = parser.add_argument_group("one submission")
    single.add_argument("-n", "--workers", default="auto", help="pytest-xdist workers (default: auto)")
    single.add_argument("--format", default="text", choices=sorted(FORMATS), help="stdout format (default: text)")
    single.add_argument("--output", default=None, help="JSON report path (default: reports/<name>.json)")
    single.add_argument("--quiet", action="store_true", help="the table without failure details")
    batch = parser.add_argument_group("a class folder")
    batch.add_argument("--out", default="grades", help="output folder (default: grades/)")
    batch.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: cores)")
    batch.add_argument("--shard", default=None, help="grade only shard i of N (i/N, by a hash of the name)")
    batch.add_argument("--engine", default="direct", choices=["direct", "pytest"],
                       help="direct: the suite's checks in the pool workers (default); pytest: one pytest -n 0 "
                            "per submission (same verdicts, slower start)")
    return parser


def grade_main(argv) -> int:
    parser = grade_parser()
    args = parser.parse_args(argv)
    rubric = _rubric_argument(parser, args.rubric)
    layers = _layers_argument(parser, args.layers)
    if args.policy:
        from oracle.sandbox import Policy
        try:
            Policy.from_toml(args.policy)
        except (OSError, ValueError, TypeError) as exc:
            parser.error(f"--policy: {exc}")
    if args.submission is None:
        from examples.build_buggy import TARGET, build
        build(TARGET)
        args.submission = str(TARGET)
        print(f"grading the example submission {TARGET.relative_to(PROJECT_ROOT)} (see its README.md)\n",
              file=sys.stdout if args.format == "text" else sys.stderr)
    path = Path(args.submission)
    if args.submission in ("reference", "torch") or (path / "__init__.py").is_file() or path.suffix == ".zip":
        return grade_single(args, rubric, layers)
    if path.is_dir():
        return grade_class(parser, args, rubric, layers)
    parser.error(f"{args.submission}: neither a submission (a package directory or a .zip) nor a class folder")


def grade_single(args, rubric: Rubric, layers) -> int:
    """One submission through the pytest suite under xdist: exactly `pytest --submission PATH`."""
    from grading.batch import sanitize
    from grading.submissions import SubmissionError, materialize

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nn-oracle-zip-") as tmp:
        submission = args.submission
        if submission not in ("reference", "torch"):
            source = Path(submission).resolve()
            try:
                submission = str(materialize(source, Path(tmp)) if source.suffix == ".zip" else source)
            except SubmissionError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
        results = run_oracle(submission, oracle_layers(rubric, layers), args.workers, args.profile, args.call_timeout,
                             args.policy)
    scores = rubric.score({key: {**r, "message": sanitize(r["message"])} for key, r in results.items()}, layers)
    elapsed = round(time.perf_counter() - start, 2)
    print(FORMATS[args.format](scores, show_failures=not args.quiet))
    name = Path(args.submission).stem if args.submission.endswith(".zip") else Path(args.submission).name
    output = Path(args.output) if args.output else PROJECT_ROOT / "reports" / f"{name}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({**scores, "submission": args.submission, "wall_time_s": elapsed,
                                  "rubric": {"name": rubric.name, "sha256": rubric.sha256}}, indent=1))
    if args.junit:
        Path(args.junit).write_bytes(junit_xml([(name, scores)]))
    notes = sys.stdout if args.format == "text" else sys.stderr
    print(f"\ngraded in {elapsed:.1f} s\nreport: {output}" + (f"\nJUnit: {args.junit}" if args.junit else ""),
          file=notes)
    return 0


def grade_class(parser, args, rubric: Rubric, layers) -> int:
    """Every submission of a class folder over a process pool; class outputs in --out."""
    from grading.batch import Settings, default_jobs, grade_all, in_shard, parse_shard
    from grading.outputs import format_summary, layer_summary, run_metadata, write_class_outputs
    from grading.submissions import SubmissionError, discover

    try:
        shard = parse_shard(args.shard) if args.shard else None
        entries = [e for e in discover(Path(args.submission), skip=Path(args.out)) if in_shard(e.name, shard)]
    except (ValueError, SubmissionError) as exc:
        parser.error(str(exc))
    if not entries:
        print(f"warning: no submissions found in {args.submission}{' for this shard' if shard else ''}",
              file=sys.stderr)
    settings = Settings(rubric=rubric, layers=tuple(layers) if layers else None, profile=args.profile,
                        call_timeout=args.call_timeout, engine=args.engine, policy=args.policy)
    jobs = args.jobs or default_jobs()
    shard_note = f" (shard {args.shard})" if shard else ""
    print(f"grading {len(entries)} submissions{shard_note} from {args.submission} with {jobs} jobs, "
          f"rubric {rubric.name!r}, {len(settings.manifest())} items each", file=sys.stderr)
    start = time.perf_counter()
    reports = grade_all(entries, settings, jobs)
    out = Path(args.out)
    write_class_outputs(out, reports, run_metadata(settings))
    if args.junit:
        Path(args.junit).write_bytes(junit_xml([(r["submission"], r) for r in reports]))
    print(format_summary(layer_summary(reports, settings.graded_layers()), len(reports)))
    print(f"\ngraded {len(reports)} submissions in {time.perf_counter() - start:.1f} s; outputs in {out}/ "
          "(grades.csv, layer_summary.csv, students/, histograms.png)")
    return 0


def merge_main(argv) -> int:
    from grading.outputs import MergeError, format_summary, layer_summary, merge_outputs

    parser = argparse.ArgumentParser(prog="grader.py merge", description="Combine shard output folders into the "
                                     "class outputs (identical to grading the class in one run).")
    parser.add_argument("folders", nargs="+", help="output folders of `grader.py CLASS_DIR --shard i/N --out ...`")
    parser.add_argument("--out", required=True, help="merged output folder")
    parser.add_argument("--junit", default=None, help="also write JUnit XML to this file")
    args = parser.parse_args(argv)
    try:
        reports = merge_outputs([Path(f) for f in args.folders], Path(args.out))
    except MergeError as exc:
        parser.error(str(exc))
    if args.junit:
        Path(args.junit).write_bytes(junit_xml([(r["submission"], r) for r in reports]))
    layers = list(reports[0]["layers"]) if reports else []
    print(format_summary(layer_summary(reports, layers), len(reports)))
    print(f"\nmerged {len(reports)} submissions from {len(args.folders)} folders into {args.out}/")
    return 0


def bundle_main(argv) -> int:
    from grading.gradescope import build_bundle

    parser = argparse.ArgumentParser(prog="grader.py gradescope-bundle",
                                     description="Write a Gradescope autograder zip (setup.sh, run_autograder).")
    parser.add_argument("--out", default="autograder.zip")
    parser.add_argument("--rubric", default=None, help="rubric TOML file (default: grading/default_rubric.toml)")
    parser.add_argument("--layers", default=None, help="comma-separated registry names (default: the rubric's)")
    parser.add_argument("--call-timeout", type=float, default=60.0)
    parser.add_argument("-n", "--workers", default="auto", help="pytest-xdist workers on Gradescope (default: auto)")
    args = parser.parse_args(argv)
    rubric = _rubric_argument(parser, args.rubric)
    layers = _layers_argument(parser, args.layers)
    members = build_bundle(Path(args.out), rubric, Path(args.rubric).stem if args.rubric else "default_rubric",
                           layers, args.call_timeout, args.workers)
    print(f"wrote {args.out} ({len(members)} files): upload it as the autograder of a Gradescope "
          f"programming assignment worth {rubric.score({}, layers)['possible']} points")
    return 0


def gradescope_run_main(argv) -> int:
    from grading.gradescope import run_gradescope

    parser = argparse.ArgumentParser(prog="grader.py gradescope-run",
                                     description="(called by run_autograder on Gradescope)")
    parser.add_argument("--root", default="/autograder")
    parser.add_argument("--config", required=True)
    args = parser.parse_args(argv)
    results = run_gradescope(Path(args.root), Path(args.config))
    print(results["output"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
