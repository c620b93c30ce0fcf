# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""torchvision.ops.MLP.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = []
