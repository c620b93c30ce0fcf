"""Wrong arrays: Linear.forward returns float16, Linear.backward a flattened gradient,
ReLU.forward NaN where it should return 0."""
import numpy as np

from . import _base


class Linear(_base.Linear):
    def forward(self, x):
        return super().forward(x).astype(np.float16)

    def backward(self, g):
        return super().backward(g).reshape(-1)


class ReLU(_base.ReLU):
    def forward(self, x):
        y = super().forward(x)
        return np.where(x > 0, y, np.nan).astype(x.dtype)
