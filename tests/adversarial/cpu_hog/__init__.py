"""Linear.forward spins the CPU forever after ignoring SIGXCPU: the hard RLIMIT_CPU kills it."""
import signal

from . import _base
from ._base import ReLU  # noqa: F401

signal.signal(signal.SIGXCPU, signal.SIG_IGN)


class Linear(_base.Linear):
    def forward(self, x):
        n = 0
        while True:
            n += 1
