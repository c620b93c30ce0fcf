"""Padding layers: constant (and zero), reflection, replication and circular, in 1, 2 and 3-D.

``padding`` is an int (the same on every side) or a tuple read from the LAST dimension
backwards, as torch.nn.functional.pad: (left, right) pads the last dimension, (left, right,
top, bottom) the last two, (left, right, top, bottom, front, back) the last three. Negative
values crop instead.

Along one padded axis of length n with pads (l, r), output position j (0 <= j < n + l + r) reads
the input at u = j - l, mapped back into the input:
    reflect:    u -> -u if u < 0, 2(n-1) - u if u >= n (the edge is not repeated; needs l, r < n)
    replicate:  u -> clip(u, 0, n-1)
    circular:   the input cropped by the negative pads, c = x[max(-l,0) : n - max(-r,0)], is
                wrapped around: position j reads c[(j - max(l,0)) mod len(c)] (needs l, r <= len(c))
    constant:   positions with u outside [0, n) hold ``value``.
"""
from __future__ import annotations

import numpy as np

from .module import Module

__all__ = ["ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ZeroPad1d", "ZeroPad2d", "ZeroPad3d",
           "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d",
           "ReplicationPad2d", "ReplicationPad3d", "CircularPad1d", "CircularPad2d", "CircularPad3d"]


def _expand(padding, dims: int) -> tuple:
    """An int becomes 2*dims copies; a sequence is kept as given (torch's _ntuple)."""
    if isinstance(padding, (list, tuple)):
        return tuple(padding)
    return (padding,) * (2 * dims)


def _pairs(padding, input, mode: str) -> list:
    """Validate ``padding`` as F.pad does; return (axis, left, right) per padded axis."""
    if not all(isinstance(p, (int, np.integer)) and not isinstance(p, bool) for p in padding):
        raise TypeError(f"pad(): argument 'pad' must be tuple of ints, got {padding}")
    if len(padding) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    count = len(padding) // 2
    if mode == "constant" and count > input.ndim:
        raise RuntimeError("Padding length should be less than or equal to two times the input "
                           f"dimension but got padding length {len(padding)} and input of "
                           f"dimension {input.ndim}")
    if mode != "constant" and (count not in (1, 2, 3) or input.ndim not in (count + 1, count + 2)):
        raise NotImplementedError(f"Padding size {len(padding)} is not supported for {input.ndim}D "
                                  "input tensor (non-constant padding needs 2*d pads on a (d+1)-D "
                                  "or (d+2)-D input, d = 1, 2, 3)")
    pairs = [(input.ndim - 1 - i, int(padding[2 * i]), int(padding[2 * i + 1])) for i in range(count)]
    sizes = [input.shape[axis] + left + right for axis, left, right in pairs]
    if mode in ("reflect", "replicate") and (min(sizes) < 0 or max(sizes) < 1):
        raise RuntimeError(f"input {list(input.shape)} is too small for padding {padding}: "
                           f"calculated output sizes {sizes[::-1]}")
    for axis, left, right in pairs:
        n = input.shape[axis]
        kept = n - max(-left, 0) - max(-right, 0)  # what negative pads leave of the input
        if mode == "constant" and kept < 0:
            raise RuntimeError(f"narrow(): padding ({left}, {right}) crops more than the size {n}")
        if mode == "reflect" and (left >= n or right >= n):
            raise RuntimeError("Argument #4: Padding size should be less than the corresponding input "
                               f"dimension, but got: padding ({left}, {right}) at dimension {axis} "
                               f"of input {list(input.shape)}")
        if mode == "circular" and (left > n or right > n or max(left, right) > kept or kept < 0):
            raise RuntimeError(f"Padding ({left}, {right}) causes wrapping around more than once "
                               f"(size {n}, {kept} left after cropping).")
    return pairs


def _source_index(n: int, left: int, right: int, mode: str) -> np.ndarray:
    """For every output position along one axis, the input position it copies."""
    u = np.arange(-left, n + right)
    if mode == "reflect":
        return np.where(u < 0, -u, np.where(u >= n, 2 * (n - 1) - u, u))
    if mode == "replicate":
        return np.clip(u, 0, n - 1)
    start, stop = max(-left, 0), n - max(-right, 0)  # circular: wrap the cropped input
    return start + (np.arange(n + left + right) - max(left, 0)) % (stop - start)


def _along(x, matrix, axis: int):
    """Apply ``matrix`` (out, in) to axis ``axis`` of x (of length in)."""
    return np.moveaxis(np.moveaxis(x, axis, -1) @ matrix.T, -1, axis)


class _ConstantPadNd(Module):
    _dims = 0

    def __init__(self, padding, value: float):
        super().__init__()
        self.padding = _expand(padding, self._dims)
        self.value = value

    def forward(self, input):
        pairs = _pairs(self.padding, input, "constant")
        shape = list(input.shape)
        source, target = [slice(None)] * input.ndim, [slice(None)] * input.ndim
        for axis, left, right in pairs:
            shape[axis] += left + right
            source[axis] = slice(max(-left, 0), input.shape[axis] - max(-right, 0))
            target[axis] = slice(max(left, 0), shape[axis] - max(right, 0))
        output = np.full(shape, self.value, dtype=input.dtype)
        output[tuple(target)] = input[tuple(source)]
        self._source, self._target, self._shape = tuple(source), tuple(target), input.shape
        return output

    def backward(self, grad_output):
        grad = np.zeros(self._shape, dtype=grad_output.dtype)
        grad[self._source] = grad_output[self._target]
        return grad

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class _IndexPadNd(Module):
    """Reflection, replication and circular padding: each output copies one input element, found
    per axis by ``_source_index``; backward sums the gradients of every copy of an element."""

    _dims = 0
    _mode = ""

    def __init__(self, padding):
        super().__init__()
        self.padding = _expand(padding, self._dims)

    def forward(self, input):
        pairs = _pairs(self.padding, input, self._mode)
        if self._mode in ("reflect", "replicate") and 0 in input.shape[-self._dims - 1:]:  # as torch
            raise RuntimeError(f"Expected a non-empty input, got shape {list(input.shape)}")
        output, self._maps = input, []
        for axis, left, right in pairs:
            index = _source_index(input.shape[axis], left, right, self._mode)
            output = np.take(output, index, axis=axis)
            self._maps.append((axis, index, input.shape[axis]))
        return output

    def backward(self, grad_output):
        grad = grad_output
        for axis, index, n in reversed(self._maps):
            one_hot = (index[:, None] == np.arange(n)).astype(grad.dtype)  # (out, in)
            grad = _along(grad, one_hot.T, axis)
        return grad

    def extra_repr(self) -> str:
        return f"padding={self.padding}"


class _CircularPadNd(_IndexPadNd):
    _mode = "circular"

    def forward(self, input):
        if input.ndim not in (self._dims + 1, self._dims + 2):
            raise ValueError(f"expected {self._dims + 1}D or {self._dims + 2}D input (got {input.ndim}D input)")
        return super().forward(input)


_DOC = r"""Pads the last {dims_text} of the input {what}.

    Args:
        padding: an int (every side) or a {n}-tuple {sides}; negative values crop.{value_arg}

    Shape:
        input {inputs}; output the same with each padded side grown by its pads, e.g.
        {example}.

    {rules}
"""
_SIDES = {1: "(left, right)", 2: "(left, right, top, bottom)",
          3: "(left, right, top, bottom, front, back)"}
_EXAMPLE = {1: "W_out = W_in + left + right", 2: "H_out = H_in + top + bottom, W_out = W_in + left + right",
            3: "D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left + right"}
_SHAPES = {1: "(N, C, W) or (C, W)", 2: "(N, C, H, W) or (C, H, W)", 3: "(N, C, D, H, W) or (C, D, H, W)"}


def _doc(d: int, what: str, rules: str, value_arg: str = "", inputs: str | None = None) -> str:
    dims_text = "dimension" if d == 1 else f"{d} dimensions"
    return _DOC.format(dims_text=dims_text, what=what, n=2 * d, sides=_SIDES[d], value_arg=value_arg,
                       inputs=inputs or _SHAPES[d], example=_EXAMPLE[d], rules=rules)


_CONSTANT_RULES = ("A shorter padding tuple pads fewer dimensions; one longer than twice the input's "
                   "rank raises RuntimeError.\n    Backward: the gradient of each kept input element is "
                   "the output gradient at its position\n    (cropped elements get 0).")
_VALUE_ARG = "\n        value: the fill value."
_ANY = "(*, {dims}) of any rank >= {d}"
_REFLECT_RULES = ("The border element is not repeated: [a, b, c, d] padded by (2, 1) gives "
                  "[c, b, a, b, c, d, c].\n    Each pad must be smaller than the padded dimension "
                  "(else RuntimeError).\n    Backward: an input element's gradient is the sum of the "
                  "output gradients of all its copies.")
_REPLICATE_RULES = ("The border element is repeated: [a, b, c, d] padded by (2, 1) gives "
                    "[a, a, a, b, c, d, d].\n    Backward: an input element's gradient is the sum of "
                    "the output gradients of all its copies.")
_CIRCULAR_RULES = ("The input wraps around: [a, b, c, d] padded by (2, 1) gives [c, d, a, b, c, d, a]. "
                   "Each pad must\n    be at most the padded dimension (else RuntimeError); an input "
                   "of another rank raises ValueError.\n    Backward: an input element's gradient is the "
                   "sum of the output gradients of all its copies.")


class ConstantPad1d(_ConstantPadNd):
    __doc__ = _doc(1, "with a constant value", _CONSTANT_RULES, _VALUE_ARG, _ANY.format(dims="W", d=1))
    _dims = 1


class ConstantPad2d(_ConstantPadNd):
    __doc__ = _doc(2, "with a constant value", _CONSTANT_RULES, _VALUE_ARG, _ANY.format(dims="H, W", d=2))
    _dims = 2


class ConstantPad3d(_ConstantPadNd):
    __doc__ = _doc(3, "with a constant value", _CONSTANT_RULES, _VALUE_ARG,
                   _ANY.format(dims="D, H, W", d=3))
    _dims = 3


class ZeroPad1d(ConstantPad1d):
    __doc__ = _doc(1, "with zeros", _CONSTANT_RULES, "", _ANY.format(dims="W", d=1))

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"padding={self.padding}"


class ZeroPad2d(ConstantPad2d):
    __doc__ = _doc(2, "with zeros", _CONSTANT_RULES, "", _ANY.format(dims="H, W", d=2))

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"padding={self.padding}"


class ZeroPad3d(ConstantPad3d):
    __doc__ = _doc(3, "with zeros", _CONSTANT_RULES, "", _ANY.format(dims="D, H, W", d=3))

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"padding={self.padding}"


class ReflectionPad1d(_IndexPadNd):
    __doc__ = _doc(1, "by reflection at the border", _REFLECT_RULES)
    _dims, _mode = 1, "reflect"


class ReflectionPad2d(_IndexPadNd):
    __doc__ = _doc(2, "by reflection at the border", _REFLECT_RULES)
    _dims, _mode = 2, "reflect"


class ReflectionPad3d(_IndexPadNd):
    __doc__ = _doc(3, "by reflection at the border", _REFLECT_RULES)
    _dims, _mode = 3, "reflect"


class ReplicationPad1d(_IndexPadNd):
    __doc__ = _doc(1, "by replicating the border", _REPLICATE_RULES)
    _dims, _mode = 1, "replicate"


class ReplicationPad2d(_IndexPadNd):
    __doc__ = _doc(2, "by replicating the border", _REPLICATE_RULES)
    _dims, _mode = 2, "replicate"


class ReplicationPad3d(_IndexPadNd):
    __doc__ = _doc(3, "by replicating the border", _REPLICATE_RULES)
    _dims, _mode = 3, "replicate"


class CircularPad1d(_CircularPadNd):
    __doc__ = _doc(1, "circularly (periodic boundary)", _CIRCULAR_RULES)
    _dims = 1


class CircularPad2d(_CircularPadNd):
    __doc__ = _doc(2, "circularly (periodic boundary)", _CIRCULAR_RULES)
    _dims = 2


class CircularPad3d(_CircularPadNd):
    __doc__ = _doc(3, "circularly (periodic boundary)", _CIRCULAR_RULES)
    _dims = 3
