"""Correct variants of reference/batchnorm.py: the batch variance as E[x^2] - E[x]^2.

Numerically safe for the oracle's drawn data (oracle/specs/batchnorm.py ``norm_input``): rows
have |mean| <= 4 and a standard deviation >= 0.25 (or are exact constants of powers of two,
where both formulas give exactly 0), so the cancellation costs at most ~(mean/std)^2 = 256 ulps
of the variance, far below the float32 tolerance.
"""
import numpy as np

from . import Variant


def _batch_variance_output(nn):
    x = np.random.default_rng(5).standard_normal((7, 3)).astype(np.float32) * 2 + 1.5
    return nn.BatchNorm1d(3)(x)


VARIANTS = [
    Variant(file="batchnorm.py",
            edits=(("        return moments(input, axes)\n",
                    "        mean = input.mean(axis=axes, keepdims=True)\n"
                    "        mean_of_squares = (input * input).mean(axis=axes, keepdims=True)\n"
                    "        return mean, np.maximum(mean_of_squares - mean * mean, 0.0)  # E[x^2] - E[x]^2\n"),),
            layers=("BatchNorm1d", "BatchNorm2d", "BatchNorm3d"),
            description="BatchNorm's batch variance as E[x^2] - E[x]^2 (one pass) instead of E[(x - mean)^2]",
            probe=_batch_variance_output),
]
