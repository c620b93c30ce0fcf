"""Correct variants of reference/normalization.py: LayerNorm's statistics computed in float64."""
import numpy as np

from . import Variant


def _layer_norm_float32(nn):
    x = np.random.default_rng(6).standard_normal((5, 37)).astype(np.float32) * 3 + 2
    return nn.LayerNorm(37)(x)


VARIANTS = [
    Variant(file="normalization.py",
            edits=(("        mean, var = moments(input, axes)\n        x_hat, inv_std = normalize(input, mean, var, self.eps)\n",
                    "        mean, var = (m.astype(input.dtype) for m in moments(input.astype(np.float64), axes))\n"
                    "        x_hat, inv_std = normalize(input, mean, var, self.eps)\n"),),
            layers=("LayerNorm",), description="LayerNorm accumulates its mean and variance in float64 for float32 inputs",
            probe=_layer_norm_float32),
]
