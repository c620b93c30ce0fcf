"""Reference convolutions vs torch (CPU, one thread, float32): best-of-N wall time per call.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 python benchmarks/bench_conv.py [--repeat 7]

Prints one row per configuration and pass ("forward", "forward+backward") with the reference's
and torch's times and their ratio. Target: conv2d forward+backward within 3x of torch.
"""
from __future__ import annotations

import argparse
import os
import sys
import timeit
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy/torch load their thread pools

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import reference as nn  # noqa: E402

torch.set_num_threads(1)

# name, layer, constructor args, constructor kwargs, input shape
CONFIGS = [
    ("conv2d k3 p1", "Conv2d", (16, 32, 3), {"padding": 1}, (8, 16, 32, 32)),
    ("conv2d k3 p1 groups=4", "Conv2d", (16, 32, 3), {"padding": 1, "groups": 4}, (8, 16, 32, 32)),
    ("conv2d k3 p1 stride=2", "Conv2d", (16, 32, 3), {"padding": 1, "stride": 2}, (8, 16, 32, 32)),
    ("conv2d k3 p1 dilation=2", "Conv2d", (16, 32, 3), {"padding": 1, "dilation": 2}, (8, 16, 32, 32)),
    ("conv_transpose2d k3 s2 p1 op1", "ConvTranspose2d", (16, 8, 3),
     {"stride": 2, "padding": 1, "output_padding": 1}, (8, 16, 16, 16)),
]


def best_times(fns, repeat: int) -> list[float]:
    """Best per-call time of each function over ``repeat`` rounds. The rounds of the functions are
    interleaved, so a load spike from other processes hits them alike (each round lasts ~0.1 s)."""
    timers = [timeit.Timer(fn) for fn in fns]
    numbers = [max(1, timer.autorange()[0] // 2) for timer in timers]
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, (timer, number) in enumerate(zip(timers, numbers)):
            best[i] = min(best[i], timer.timeit(number) / number)
    return best


def bench(layer, args, kwargs, shape, repeat):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape).astype(np.float32)
    ours = getattr(nn, layer)(*args, **kwargs)
    theirs = getattr(torch.nn, layer)(*args, **kwargs)
    g = rng.standard_normal(ours(x).shape).astype(np.float32)
    xt = torch.from_numpy(x).requires_grad_(True)
    gt = torch.from_numpy(g)

    def ours_fb():
        ours(x)
        ours.backward(g)

    def theirs_f():
        with torch.no_grad():
            theirs(xt)

    def theirs_fb():
        theirs(xt).backward(gt)

    return {"forward": best_times([lambda: ours(x), theirs_f], repeat),
            "forward+backward": best_times([ours_fb, theirs_fb], repeat)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="rounds per measurement (best is kept)")
    args = parser.parse_args()
    print(f"{'configuration':32s} {'pass':17s} {'reference ms':>12s} {'torch ms':>9s} {'ratio':>6s}")
    for name, layer, ctor_args, kwargs, shape in CONFIGS:
        for phase, (ours, theirs) in bench(layer, ctor_args, kwargs, shape, args.repeat).items():
            print(f"{name:32s} {phase:17s} {ours * 1e3:12.2f} {theirs * 1e3:9.2f} {ours / theirs:6.2f}", flush=True)


if __name__ == "__main__":
    main()
