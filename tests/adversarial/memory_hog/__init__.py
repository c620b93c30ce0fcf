"""Linear.forward asks for 5 GiB: only the address-space limit makes this a MemoryError
(zero pages are mapped lazily, so without the limit the allocation would just succeed)."""
from . import _base
from ._base import ReLU  # noqa: F401


class Linear(_base.Linear):
    def forward(self, x):
        hoard = bytearray(5 << 30)
        return super().forward(x) + len(hoard)
