"""Benchmark: the reference's GRU and LSTM (forward + backward) against torch, single-threaded.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/bench_rnn.py [--repeat 30]

Sequence 20, batch 8, input 32, hidden 64, float32; prints the best-of-repeat time of each and the
ratio reference / torch (target: within 5x).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from timing import best_of  # noqa: E402  (benchmarks/timing.py, beside this script)

import numpy as np  # noqa: E402
import torch  # noqa: E402

import reference  # noqa: E402

SEQ, BATCH, INPUT, HIDDEN = 20, 8, 32, 64




def bench(layer: str, repeat: int) -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((SEQ, BATCH, INPUT)).astype(np.float32)
    ours = getattr(reference, layer)(INPUT, HIDDEN)
    theirs = getattr(torch.nn, layer)(INPUT, HIDDEN)
    for name, param in theirs.named_parameters():
        ours._parameters[name].data = param.detach().numpy().copy()
    out, hidden = ours(x)
    g_out = rng.standard_normal(out.shape).astype(np.float32)
    g_hidden = tuple(rng.standard_normal(h.shape).astype(np.float32) for h in hidden) \
        if isinstance(hidden, tuple) else rng.standard_normal(hidden.shape).astype(np.float32)

    def run_reference():
        ours(x)
        ours.backward(g_out, g_hidden)

    tx = torch.from_numpy(x).requires_grad_(True)
    t_grads = [torch.from_numpy(g_out)] + [torch.from_numpy(g) for g in
                                          (g_hidden if isinstance(g_hidden, tuple) else (g_hidden,))]

    def run_torch():
        out, hidden = theirs(tx)
        outputs = [out] + list(hidden if isinstance(hidden, tuple) else (hidden,))
        torch.autograd.backward(outputs, t_grads)

    t_ref, t_torch = best_of(run_reference, repeat), best_of(run_torch, repeat)
    print(f"{layer:5s} seq {SEQ} batch {BATCH} input {INPUT} hidden {HIDDEN} float32 forward+backward: "
          f"reference {t_ref * 1e3:7.2f} ms, torch {t_torch * 1e3:7.2f} ms, ratio {t_ref / t_torch:5.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    torch.set_num_threads(1)
    for layer in ("GRU", "LSTM"):
        bench(layer, args.repeat)


if __name__ == "__main__":
    main()
