# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Fold and Unfold (im2col / col2im as layers).
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = []
