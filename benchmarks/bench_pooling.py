"""Benchmark: reference pooling vs torch on N=8, C=16, 32x32 float32 (single thread, best of N).

    python benchmarks/bench_pooling.py [--repeat 20]

Prints, per layer, the best time of the reference and of torch for forward and forward+backward,
and their ratio (reference / torch). A script, not a test.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from timing import best_of  # noqa: E402  (benchmarks/timing.py, beside this script)
import reference as nn  # noqa: E402

torch.set_num_threads(1)

CASES = [
    ("MaxPool2d k2 s2", "MaxPool2d", (2,), {"stride": 2}),
    ("MaxPool2d k3 s2 p1", "MaxPool2d", (3,), {"stride": 2, "padding": 1}),
    ("AvgPool2d k2 s2", "AvgPool2d", (2,), {"stride": 2}),
]




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 16, 32, 32)).astype(np.float32)
    print(f"{'layer':22s} {'pass':9s} {'reference':>11s} {'torch':>11s} {'ratio':>7s}")
    for label, name, ctor_args, ctor_kwargs in CASES:
        ours = getattr(nn, name)(*ctor_args, **ctor_kwargs)
        theirs = getattr(torch.nn, name)(*ctor_args, **ctor_kwargs)
        g = rng.standard_normal(ours(x).shape).astype(np.float32)
        xt, gt = torch.from_numpy(x), torch.from_numpy(g)

        def ref_forward():
            ours(x)

        def ref_both():
            ours(x)
            ours.backward(g)

        def torch_forward():
            with torch.no_grad():
                theirs(xt)

        def torch_both():
            leaf = xt.detach().requires_grad_(True)
            theirs(leaf).backward(gt)

        for phase, ref_fn, torch_fn in (("forward", ref_forward, torch_forward),
                                        ("fwd+bwd", ref_both, torch_both)):
            ref_t, torch_t = best_of(ref_fn, args.repeat), best_of(torch_fn, args.repeat)
            print(f"{label:22s} {phase:9s} {ref_t * 1e3:9.3f}ms {torch_t * 1e3:9.3f}ms "
                  f"{ref_t / torch_t:6.2f}x", flush=True)


if __name__ == "__main__":
    main()
