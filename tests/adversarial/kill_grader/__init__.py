"""Linear.forward sends SIGKILL to its parent: the grader itself."""
import os
import signal

from . import _base
from ._base import ReLU  # noqa: F401


class Linear(_base.Linear):
    def forward(self, x):
        os.kill(os.getppid(), signal.SIGKILL)
        return super().forward(x)
