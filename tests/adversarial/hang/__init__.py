"""ReLU.forward never returns (and the submission ignores SIGTERM/SIGINT first): the parent's
per-call timeout kills the runner; Linear stays fully graded."""
import signal
import time

from . import _base
from ._base import Linear  # noqa: F401

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)


class ReLU(_base.ReLU):
    def forward(self, x):
        while True:
            time.sleep(1)
