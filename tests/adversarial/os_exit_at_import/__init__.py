"""Kills its own process while being imported: the runner never says "ready"."""
import os

from ._base import Linear, ReLU  # noqa: F401

os._exit(7)
