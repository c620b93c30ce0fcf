"""The one timing helper of the benchmark scripts: best-of-N wall time of a call.

The minimum over repeats is the least noisy estimate on a shared machine (other processes only
ever add time), which is why every benchmark prints ratios of best times measured in the same run.
"""
from __future__ import annotations

import time


def best_of(fn, repeat: int, warmup: bool = True) -> float:
    """Seconds of the fastest of ``repeat`` calls of ``fn()`` (after one untimed warm-up call)."""
    if warmup:
        fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
