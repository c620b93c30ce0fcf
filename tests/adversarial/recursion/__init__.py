"""Linear.forward recurses forever: an ordinary exception (RecursionError), not a crash."""
from . import _base
from ._base import ReLU  # noqa: F401


class Linear(_base.Linear):
    def forward(self, x):
        return self.forward(x)
