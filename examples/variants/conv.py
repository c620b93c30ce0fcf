"""Correct variants of reference/conv.py: the grouped im2col product with np.einsum."""
import numpy as np

from . import Variant


def _conv_float32(nn):
    x = np.random.default_rng(8).standard_normal((2, 8, 9, 9)).astype(np.float32)
    return nn.Conv2d(8, 4, 3)(x)


VARIANTS = [
    Variant(file="conv.py",
            edits=(("output = _from_groups(_grouped(self.weight.data, self.groups) @ self._cols, x.shape[0], out)",
                    'output = _from_groups(np.einsum("gok,gkn->gon", _grouped(self.weight.data, self.groups), '
                    "self._cols), x.shape[0], out)"),),
            layers=("Conv1d", "Conv2d", "Conv3d"),
            description="convolution forward: the per-group weight x im2col product with np.einsum instead of matmul",
            probe=_conv_float32),
]
