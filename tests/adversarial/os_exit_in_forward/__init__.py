"""Linear.forward kills the runner process; ReLU stays fully graded."""
import os

from . import _base
from ._base import ReLU  # noqa: F401


class Linear(_base.Linear):
    def forward(self, x):
        os._exit(5)
