"""Run the oracle's checks for some layers against an implementation, quickly, with a report.

    python tools/check_layers.py Conv2d,Conv1d [--against torch|reference|PATH] [--examples 50]

The development loop for whoever adds a layer: ``--against torch`` (default) checks the
reference against PyTorch on every applicable check with random (non-derandomized) examples.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, settings  # noqa: E402

from oracle.checks import run_check  # noqa: E402
from oracle.adapters import ReferenceAdapter, make_adapter  # noqa: E402
from oracle.registry import BY_NAME, SPECS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("layers", help="comma-separated registry names, or 'all', or 'family:NAME'")
    parser.add_argument("--against", default="torch")
    parser.add_argument("--examples", type=int, default=50)
    parser.add_argument("--checks", default=None, help="comma-separated check names (default: all that apply)")
    args = parser.parse_args()
    if args.layers == "all":
        names = [s.name for s in SPECS]
    elif args.layers.startswith("family:"):
        names = [s.name for s in SPECS if s.family == args.layers.split(":", 1)[1]]
    else:
        names = args.layers.split(",")
    impl, reference = make_adapter(args.against), ReferenceAdapter()
    failed = 0
    for name in names:
        spec = BY_NAME[name]
        for check in spec.checks():
            if args.checks and check not in args.checks.split(","):
                continue
            start = time.perf_counter()
            try:
                run_one(spec, check, impl, reference, args.examples)
                status = "ok"
            except Exception as exc:  # report and go on with the next check
                failed += 1
                status = f"FAILED\n{exc}"
            print(f"{name:28s} {check:11s} {time.perf_counter() - start:6.2f}s {status}", flush=True)
    impl.close()
    return 1 if failed else 0


def run_one(spec, check, impl, reference, examples):
    run_check(spec, check, impl, reference,
              settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)))


if __name__ == "__main__":
    sys.exit(main())
