"""Linear.forward finds the runner's protocol pipes through /proc/self/fd and writes garbage
into them; ReLU is honest."""
import os

from . import _base
from ._base import ReLU  # noqa: F401
from ._tricks import protocol_pipes


class Linear(_base.Linear):
    def forward(self, x):
        for fd in protocol_pipes():
            try:
                os.write(fd, b"\x00\x00\x00\x00\x00\x00\x00\x10not a json frame")
            except OSError:  # the pipe the runner reads from is not writable
                pass
        return super().forward(x)
