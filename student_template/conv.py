# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = []
