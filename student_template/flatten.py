# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Flatten and Unflatten (reshapes; backward reshapes the gradient back).
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['Flatten', 'Unflatten']


class Flatten(Module):
    """Flattens dims ``start_dim..end_dim`` into one.

    Shape: input (*, S_start, ..., S_end, *), output (*, prod(S_start..S_end), *).
    """

    def __init__(self, start_dim=1, end_dim=-1):
        raise NotImplementedError("Flatten.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Flatten.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Flatten.backward")


class Unflatten(Module):
    """Expands dim ``dim`` into ``unflattened_size`` (one entry may be -1).

    Shape: input (*, S_dim, *), output (*, U_1, ..., U_n, *) with prod(U) == S_dim.
    """

    def __init__(self, dim, unflattened_size):
        raise NotImplementedError("Unflatten.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Unflatten.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Unflatten.backward")
