"""Flatten and Unflatten (reshapes; backward reshapes the gradient back)."""
from __future__ import annotations

import math

import numpy as np

from .module import Module

__all__ = ["Flatten", "Unflatten"]


def _normalize_dim(dim: int, ndim: int) -> int:
    """torch's wrap_dim: accepts -ndim..ndim-1 (a 0-d tensor is treated as 1-d); IndexError otherwise."""
    size = max(ndim, 1)
    if not -size <= dim < size:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-size}, {size - 1}], but got {dim})")
    return dim % size


class Flatten(Module):
    """Flattens dims ``start_dim..end_dim`` into one.

    Shape: input (*, S_start, ..., S_end, *), output (*, prod(S_start..S_end), *).
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        self._input_shape = input.shape
        if input.ndim == 0:
            _normalize_dim(self.start_dim, 0)
            _normalize_dim(self.end_dim, 0)
            return input.reshape(1)
        start = _normalize_dim(self.start_dim, input.ndim)
        end = _normalize_dim(self.end_dim, input.ndim)
        if start > end:
            raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
        shape = input.shape[:start] + (math.prod(input.shape[start:end + 1]),) + input.shape[end + 1:]
        return input.reshape(shape)

    def backward(self, grad_output):
        return np.reshape(grad_output, self._input_shape)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Expands dim ``dim`` into ``unflattened_size`` (one entry may be -1).

    Shape: input (*, S_dim, *), output (*, U_1, ..., U_n, *) with prod(U) == S_dim.
    """

    def __init__(self, dim: int, unflattened_size):
        super().__init__()
        if not isinstance(dim, int):
            raise TypeError("invalid argument type for dim parameter")
        if not isinstance(unflattened_size, (list, tuple)) or not all(isinstance(s, int) for s in unflattened_size):
            raise TypeError("unflattened_size must be tuple of ints")
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input):
        self._input_shape = input.shape
        dim = _normalize_dim(self.dim, input.ndim)
        sizes = list(self.unflattened_size)
        if sizes.count(-1) > 1:
            raise RuntimeError("only one dimension can be inferred")
        known = math.prod(s for s in sizes if s != -1)
        if -1 in sizes:
            if known == 0 or input.shape[dim] % known:
                raise RuntimeError(f"unflatten: Provided sizes {sizes} don't multiply up to the size of dim "
                                   f"{self.dim} ({input.shape[dim]}) in the input tensor")
            sizes[sizes.index(-1)] = input.shape[dim] // known
        elif known != input.shape[dim]:
            raise RuntimeError(f"unflatten: Provided sizes {sizes} don't multiply up to the size of dim "
                               f"{self.dim} ({input.shape[dim]}) in the input tensor")
        return input.reshape(input.shape[:dim] + tuple(sizes) + input.shape[dim + 1:])

    def backward(self, grad_output):
        return np.reshape(grad_output, self._input_shape)

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={tuple(self.unflattened_size)}"
