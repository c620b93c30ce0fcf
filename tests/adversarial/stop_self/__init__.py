"""Linear.forward stops its own process (SIGSTOP cannot be ignored, and signalling itself is
allowed): the runner neither answers nor reads, and the parent's deadline still ends the call."""
import os
import signal

from . import _base
from ._base import ReLU  # noqa: F401


class Linear(_base.Linear):
    def forward(self, x):
        os.kill(os.getpid(), signal.SIGSTOP)
        return super().forward(x)
