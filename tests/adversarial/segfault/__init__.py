"""ReLU.forward dereferences a null pointer (SIGSEGV); Linear stays fully graded."""
import ctypes

from . import _base
from ._base import Linear  # noqa: F401


class ReLU(_base.ReLU):
    def forward(self, x):
        ctypes.string_at(0)
        return super().forward(x)
