"""ReLU.forward writes a well-formed frame of its own (a forged reply claiming every step
passed) into the protocol pipe, then returns normally; Linear is honest."""
import json
import os
import struct

from . import _base
from ._base import Linear  # noqa: F401
from ._tricks import protocol_pipes


def forged_frame() -> bytes:
    header = json.dumps({"__dict__": [["call", 0], ["results", [{"__dict__": [["value", None]]}]]]}).encode()
    payload = struct.pack(">Q", len(header)) + header
    return struct.pack(">Q", len(payload)) + payload


class ReLU(_base.ReLU):
    def forward(self, x):
        for fd in protocol_pipes():
            try:
                os.write(fd, forged_frame())
            except OSError:
                pass
        return super().forward(x)
