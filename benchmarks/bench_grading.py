"""Grading speed: the runner boundary's cost per call and the wall time of grading one submission.

    python benchmarks/bench_grading.py [--full]

Prints the round-trip time of one scenario through the submission runner (a process boundary:
JSON + .npy frames over pipes) next to the same scenario in-process, and, with --full, the wall
time of `grader.py` on the reference as a submission with the default rubric and -n auto.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from timing import best_of  # noqa: E402  (benchmarks/timing.py, beside this script)

import numpy as np  # noqa: E402

from oracle.adapters import ReferenceAdapter, SubmissionAdapter  # noqa: E402
from oracle.spec import Ctor  # noqa: E402




def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="also time grading the whole reference")
    args = parser.parse_args()
    x = np.random.default_rng(0).standard_normal((8, 16)).astype(np.float32)
    steps = [{"op": "new", "ctor": Ctor("Linear", (16, 8)), "seed": 0, "dtype": "float32"},
             {"op": "forward", "inputs": [x], "kwargs": {}, "grad_inputs": [0]},
             {"op": "backward", "grads": [np.ones((8, 8), np.float32)]}, {"op": "grads"}]
    in_process = ReferenceAdapter()
    runner = SubmissionAdapter(ROOT / "reference")
    runner.run(steps)  # start the process
    local, remote = best_of(lambda: in_process.run(steps), 200), best_of(lambda: runner.run(steps), 200)
    runner.close()
    print(f"one Linear scenario (new, forward, backward, grads): in-process {local * 1e3:.2f} ms, "
          f"through the runner {remote * 1e3:.2f} ms, boundary overhead {(remote - local) * 1e3:.2f} ms per call")
    if args.full:
        start = time.perf_counter()
        subprocess.run([sys.executable, "grader.py", "reference/", "--quiet", "--output", "/tmp/bench_grading.json"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        print(f"grading the reference as a submission (all layers, -n auto): {time.perf_counter() - start:.1f} s wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
