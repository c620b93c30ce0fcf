"""Prints 4 GiB while being imported (and catches the error the full output file raises)."""
from ._base import Linear, ReLU  # noqa: F401

try:
    for _ in range(1024):
        print("y" * (1 << 22))
except OSError:
    pass
