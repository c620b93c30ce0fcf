"""Linear.forward returns an object whose __eq__ says yes to everything and whose __array__
gives the right answer; ReLU.forward returns an ndarray subclass of zeros whose __eq__ lies.
Neither lie crosses the boundary: only plain data does."""
import numpy as np

from . import _base


class Liar:
    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return True

    def __array__(self, dtype=None, copy=None):
        return self.value


class LyingArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), bool)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.base)


class Linear(_base.Linear):
    def forward(self, x):
        return Liar(super().forward(x))


class ReLU(_base.ReLU):
    def forward(self, x):
        super().forward(x)
        return np.zeros_like(x).view(LyingArray)
