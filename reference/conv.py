r"""Convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d.

One dimension-generic implementation serves all six layers. A convolution is computed as
"im2col + one matrix product per group":

1. pad the input (zeros, or reflect/replicate/circular);
2. gather the sliding blocks: ``cols[c, *k, n, *o] = x_pad[n, c, *(o * stride + k * dilation)]``
   (a strided view of the padded input, copied once in this order);
3. per group, ``weight (C_out/g, C_in/g * prod(k)) @ cols (C_in/g * prod(k), N * prod(out))``.

Backward: ``dW = g @ cols^T`` and ``d cols = W^T @ g``, and "col2im" adds every block of d cols
back into its window of the padded input (a loop over the kernel offsets only); the padding's
backward then folds the border gradient into the input. A transposed convolution is exactly the
input gradient of a convolution (and its backward is a convolution).
"""
from __future__ import annotations

import itertools
import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from . import init
from .module import DEFAULT_DTYPE, Module, Parameter

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"]

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
_NUMPY_PAD_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


# ----------------------------------------------------------------------------------------------
# Sliding windows (im2col / col2im), shared with fold.py
# ----------------------------------------------------------------------------------------------
def _ntuple(value, n: int) -> tuple:
    """An int is repeated n times; a tuple or list is kept as given (its length is checked later)."""
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


def _blocks_shape(size, kernel_size, stride, dilation) -> tuple:
    """Number of sliding blocks per spatial dim: floor((size - dilation * (k - 1) - 1) / stride) + 1."""
    return tuple((s - d * (k - 1) - 1) // st + 1 for s, k, st, d in zip(size, kernel_size, stride, dilation))


def sliding_windows(x: np.ndarray, kernel_size, stride, dilation) -> np.ndarray:
    """Read-only strided VIEW of the sliding blocks of ``x`` (A, B, *size) (no copy).

    Returns shape (A, B, *kernel_size, *out) with
    ``view[a, b, *k, *o] = x[a, b, *(o * stride + k * dilation)]``,
    out = floor((size - dilation * (kernel_size - 1) - 1) / stride) + 1 per spatial dim.
    """
    out = _blocks_shape(x.shape[2:], kernel_size, stride, dilation)
    spatial = x.strides[2:]
    strides = x.strides[:2] + tuple(s * d for s, d in zip(spatial, dilation)) + \
        tuple(s * st for s, st in zip(spatial, stride))
    return as_strided(x, x.shape[:2] + tuple(kernel_size) + out, strides, writeable=False)


def sum_windows(blocks: np.ndarray, size, stride, dilation) -> np.ndarray:
    """The adjoint of ``sliding_windows`` (col2im): add every block back into its window.

    ``blocks`` (A, B, *kernel_size, *out) -> (A, B, *size), summing where windows overlap.
    Loops over the kernel offsets only; each offset is one strided slice add.
    """
    dims = len(size)
    kernel_size, out = blocks.shape[2:2 + dims], blocks.shape[2 + dims:]
    result = np.zeros(blocks.shape[:2] + tuple(size), dtype=blocks.dtype)
    for offset in itertools.product(*(range(k) for k in kernel_size)):
        window = tuple(slice(i * d, i * d + st * (o - 1) + 1, st)
                       for i, d, st, o in zip(offset, dilation, stride, out))
        result[(Ellipsis,) + window] += blocks[(slice(None), slice(None)) + offset]
    return result


# ----------------------------------------------------------------------------------------------
# The convolution engine: x (N, C, *S), weight (O, C/groups, *k)
# ----------------------------------------------------------------------------------------------
def _im2col(x_pad, kernel_size, stride, dilation, groups):
    """Blocks of x_pad (N, C, *S) copied as (groups, C/groups * prod(k), N * prod(out))."""
    n, c = x_pad.shape[:2]
    windows = sliding_windows(x_pad, kernel_size, stride, dilation)      # (N, C, *k, *out)
    cols = np.ascontiguousarray(np.moveaxis(windows, 0, 1 + len(kernel_size)))  # (C, *k, N, *out)
    blocks = n * math.prod(windows.shape[2 + len(kernel_size):])
    return cols.reshape(groups, c // groups * math.prod(kernel_size), blocks)


def _col2im(cols, padded_shape, kernel_size, stride, dilation, out):
    """Inverse layout of ``_im2col``: (groups, C/groups * prod(k), N * prod(out)) summed into
    the padded input shape (N, C, *S); ``out`` is the grid of blocks."""
    n, c, size = padded_shape[0], padded_shape[1], padded_shape[2:]
    blocks = np.moveaxis(cols.reshape((c,) + tuple(kernel_size) + (n,) + out), 1 + len(size), 1)
    return np.moveaxis(sum_windows(blocks, size, stride, dilation), 1, 0)    # (C, N, ..) -> (N, C, ..)


def _to_groups(a, groups):
    """(N, C, *S) -> (groups, C/groups, N * prod(S)): the channel-major matrix of each group."""
    return np.moveaxis(a, 1, 0).reshape(groups, a.shape[1] // groups, a.shape[0] * math.prod(a.shape[2:]))


def _from_groups(a, n, size):
    """(groups, C/groups, N * prod(S)) -> (N, C, *S)."""
    return np.moveaxis(a.reshape((a.shape[0] * a.shape[1], n) + tuple(size)), 0, 1)


def _grouped(weight, groups):
    """weight (O, C/groups, *k) -> (groups, O/groups, C/groups * prod(k))."""
    return weight.reshape(groups, weight.shape[0] // groups, math.prod(weight.shape[1:]))


# ----------------------------------------------------------------------------------------------
# Padding (zeros: implicit; reflect/replicate/circular: explicit, with a folding backward)
# ----------------------------------------------------------------------------------------------
def _source_index(size: int, left: int, right: int, mode: str) -> np.ndarray:
    """For each position of the padded axis, the input position it copies (negative pads crop)."""
    index = np.pad(np.arange(size), (max(left, 0), max(right, 0)), mode=_NUMPY_PAD_MODES[mode])
    return index[max(-left, 0):len(index) - max(-right, 0)]


def _pad(x, pads, mode):
    """Pad the spatial dims of x (N, C, *S); pads is ((left, right), ...) per spatial dim."""
    if mode == "zeros":
        return np.pad(x, ((0, 0), (0, 0)) + tuple(pads))
    for axis, (left, right) in enumerate(pads, start=2):
        x = np.take(x, _source_index(x.shape[axis], left, right, mode), axis=axis)
    return x


def _pad_backward(grad, pads, mode, size):
    """Gradient of ``_pad``: crop (zeros), or add each padded position's gradient into the input
    position it copies (reflect/replicate/circular), one spatial axis at a time."""
    if mode == "zeros":
        return grad[(Ellipsis,) + tuple(slice(left, left + s) for (left, _), s in zip(pads, size))]
    for axis, ((left, right), s) in enumerate(zip(pads, size), start=2):
        one_hot = (_source_index(s, left, right, mode)[:, None] == np.arange(s)).astype(grad.dtype)
        grad = np.moveaxis(np.moveaxis(grad, axis, -1) @ one_hot, -1, axis)
    return grad


def _check_padding_fits(x, pads, mode):
    """torch's F.pad rules: reflect and replicate need non-empty spatial dims, reflect pad < size,
    circular pad <= size; the result must be non-empty."""
    for (left, right), s in zip(pads, x.shape[2:]):
        if mode in ("reflect", "replicate") and s == 0:
            raise RuntimeError(f"Expected a tensor with non-zero spatial dimensions for {mode} padding, "
                               f"but got: {list(x.shape)}")
        if mode == "reflect" and max(left, right) >= s:
            raise RuntimeError(f"Padding size should be less than the corresponding input dimension, "
                               f"but got: padding ({left}, {right}) for input of shape {list(x.shape)}")
        if mode == "circular" and max(left, right) > s:
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if s + left + right < 1:
            raise RuntimeError(f"input of shape {list(x.shape)} is too small for padding {pads}")


# ----------------------------------------------------------------------------------------------
# Layers
# ----------------------------------------------------------------------------------------------
class _ConvNd(Module):
    """Shared by Conv1d/2d/3d (and, through _ConvTransposeNd, the transposed convolutions)."""

    _dims = 0  # number of spatial dimensions, set by each subclass
    _name = "conv"

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros"):
        super().__init__()
        n = self._dims
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size, self.stride, self.dilation = _ntuple(kernel_size, n), _ntuple(stride, n), _ntuple(dilation, n)
        self.padding = padding if isinstance(padding, str) else _ntuple(padding, n)
        self.padding_mode = padding_mode
        self._check_arguments()
        shape = self._weight_shape()
        if min(shape) < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {min(shape)}: {list(shape)}")
        self.weight = Parameter(np.empty(shape, dtype=DEFAULT_DTYPE))
        if bias:
            self.bias = Parameter(np.empty(out_channels, dtype=DEFAULT_DTYPE))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def _check_arguments(self):
        if self.groups <= 0:
            raise ValueError("groups must be a positive integer")
        if self.in_channels % self.groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if self.out_channels % self.groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if isinstance(self.padding, str):
            if self.padding not in ("same", "valid"):
                raise ValueError(f"Invalid padding string {self.padding!r}, should be one of {{'same', 'valid'}}")
            if self.padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if self.padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {set(_PADDING_MODES)}, "
                             f"but got padding_mode='{self.padding_mode}'")

    def _weight_shape(self) -> tuple:
        return (self.out_channels, self.in_channels // self.groups) + self.kernel_size

    def reset_parameters(self) -> None:
        """weight ~ kaiming_uniform_(a=sqrt(5)), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with
        fan_in = weight.shape[1] * prod(kernel_size); bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
        As torch: an empty weight stays empty (with a warning), and the bias is left uninitialized
        when fan_in is 0 (it is still drawn for an empty weight with fan_in > 0, e.g. a transposed
        convolution with in_channels = 0)."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight.data)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    # ----- validation shared by forward ----------------------------------------------------
    def _check_hyperparameters(self, zero_padding):
        n = self._dims
        for name in ("kernel_size", "stride", "padding", "dilation"):
            value = zero_padding if name == "padding" else getattr(self, name)
            if len(value) != n:
                raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} values "
                                   f"to match the convolution dimensions, but got {name}={list(value)}")
        if min(self.kernel_size) <= 0:
            raise RuntimeError(f"kernel size should be greater than zero, but got {self.kernel_size}")
        if min(self.stride) <= 0:
            raise RuntimeError("non-positive stride is not supported")
        if min(self.dilation) <= 0:
            raise RuntimeError("non-positive dilation is not supported")
        if min(zero_padding) < 0:
            raise RuntimeError("negative padding is not supported")

    def _check_weight_not_empty(self):
        """torch's convolutions reject a weight without output channels (out_channels = 0; for the
        transposed ones in_channels = 0 or out_channels = 0)."""
        empty = self.weight.shape[0] == 0 or (self._name == "conv_transpose" and self.weight.data.size == 0)
        if empty:
            raise RuntimeError(f"expected a non-empty weight, but got weight of size {list(self.weight.shape)}")

    def _batched(self, input, error=RuntimeError):
        """Accept (N, C, *S) or unbatched (C, *S): returns the input with a batch dim."""
        n = self._dims
        if input.ndim not in (n + 1, n + 2):
            raise error(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to {self._name}{n}d, "
                        f"but got input of size: {list(input.shape)}")
        self._unbatched = input.ndim == n + 1
        return input[None] if self._unbatched else input

    def _check_channels(self, x, expected):
        if x.shape[1] != expected:
            transposed = "transposed=1" if self._name == "conv_transpose" else f"groups={self.groups}"
            raise RuntimeError(f"Given {transposed}, weight of size {list(self.weight.shape)}, expected "
                               f"input{list(x.shape)} to have {expected} channels, but got {x.shape[1]} "
                               "channels instead")

    def _pads(self) -> tuple:
        """(left, right) padding per spatial dim; 'same' puts the odd extra element on the right."""
        if self.padding == "valid":
            return ((0, 0),) * self._dims
        if self.padding == "same":
            totals = [d * (k - 1) for d, k in zip(self.dilation, self.kernel_size)]
            return tuple((t // 2, t - t // 2) for t in totals)
        return tuple((p, p) for p in self.padding)

    # ----- forward / backward ----------------------------------------------------------------
    def forward(self, input):
        """Pad, im2col, one matrix product per group, plus bias (see the class docstring)."""
        mode = self.padding_mode
        x = self._batched(input, RuntimeError if mode == "zeros" else NotImplementedError)
        pads = self._pads()
        self._check_hyperparameters([p for p, _ in pads] if mode == "zeros" else [0] * self._dims)
        self._check_weight_not_empty()
        if mode != "zeros":
            _check_padding_fits(x, pads, mode)
        x_pad = _pad(x, pads, mode)
        self._check_channels(x_pad, self.weight.shape[1] * self.groups)
        span = tuple(d * (k - 1) + 1 for k, d in zip(self.kernel_size, self.dilation))
        if any(s < k for s, k in zip(x_pad.shape[2:], span)):
            raise RuntimeError(f"Calculated padded input size per channel: {x_pad.shape[2:]}. Kernel size: "
                               f"{span}. Kernel size can't be greater than actual input size")
        self._pads_used, self._input_size, self._padded_shape = pads, x.shape[2:], x_pad.shape
        self._cols = _im2col(x_pad, self.kernel_size, self.stride, self.dilation, self.groups)
        out = _blocks_shape(x_pad.shape[2:], self.kernel_size, self.stride, self.dilation)
        output = _from_groups(_grouped(self.weight.data, self.groups) @ self._cols, x.shape[0], out)
        if self.bias is not None:
            output = output + self.bias.data.reshape((-1,) + (1,) * self._dims)
        return output[0] if self._unbatched else output

    def backward(self, grad_output):
        """dW += g @ cols^T per group; db += g summed over batch and space;
        dx = padding backward of col2im(W^T @ g)."""
        g = grad_output[None] if self._unbatched else grad_output
        g_groups = _to_groups(g, self.groups)                           # (groups, O/g, N * P)
        weight = _grouped(self.weight.data, self.groups)
        self.weight.accumulate_grad(g_groups @ self._cols.transpose(0, 2, 1))
        if self.bias is not None:
            self.bias.accumulate_grad(g.sum(axis=(0,) + tuple(range(2, g.ndim))))
        d_pad = _col2im(weight.transpose(0, 2, 1) @ g_groups, self._padded_shape,
                        self.kernel_size, self.stride, self.dilation, g.shape[2:])
        grad_input = _pad_backward(d_pad, self._pads_used, self.padding_mode, self._input_size)
        return grad_input[0] if self._unbatched else grad_input

    def extra_repr(self) -> str:
        s = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}, "
             f"padding={self.padding}, dilation={self.dilation}, groups={self.groups}")
        return s + ("" if self.bias is not None else ", bias=False") + \
            ("" if self.padding_mode == "zeros" else f", padding_mode={self.padding_mode}")


class Conv1d(_ConvNd):
    r"""1-D convolution (cross-correlation) over an input of several channels.

    .. math::
        out(n, j, l) = bias(j) + \sum_{c \in group(j)} \sum_{k=0}^{K-1}
                       weight(j, c, k) \, x_{pad}(n, c, l \cdot stride + k \cdot dilation)

    where group(j) are the in_channels/groups input channels of output channel j's group
    (output channels are split into ``groups`` equal consecutive blocks, input channels too).

    Args:
        in_channels, out_channels: channel counts; both must be divisible by ``groups``.
        kernel_size: int or 1-tuple.
        stride: int or 1-tuple. Default: 1.
        padding: int, 1-tuple, 'valid' (no padding) or 'same' (output length = input length; needs
            stride 1; total padding dilation * (kernel_size - 1), the odd extra element on the right).
            Default: 0.
        dilation: spacing between kernel elements. Default: 1.
        groups: blocked connections from input to output channels. Default: 1.
        bias: add a learnable bias. Default: True.
        padding_mode: 'zeros', 'reflect', 'replicate' or 'circular' (how the border is padded).
            Default: 'zeros'.

    Shape:
        input (N, C_in, L_in) or unbatched (C_in, L_in); output (N, C_out, L_out) or (C_out, L_out),
        L_out = floor((L_in + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1.

    Attributes:
        weight: (out_channels, in_channels / groups, kernel_size), bias: (out_channels,), both
            initialized U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in_channels / groups * kernel_size.

    Errors: ValueError for invalid constructor arguments (groups, padding string, 'same' with stride,
    padding_mode); RuntimeError in forward for a wrong input rank or channel count, a kernel larger than
    the padded input, non-positive stride/dilation/kernel or negative padding.
    """

    _dims = 1


class Conv2d(_ConvNd):
    r"""2-D convolution (cross-correlation) over an input image of several channels.

    .. math::
        out(n, j, h, w) = bias(j) + \sum_{c \in group(j)} \sum_{k_h, k_w}
            weight(j, c, k_h, k_w) \, x_{pad}(n, c, h \cdot s_0 + k_h \cdot d_0, w \cdot s_1 + k_w \cdot d_1)

    where s = stride, d = dilation and group(j) are the in_channels/groups input channels of output
    channel j's group (channels are split into ``groups`` equal consecutive blocks). x_pad is the input
    padded according to ``padding`` and ``padding_mode``.

    Implementation hint (im2col): gather the blocks into a matrix of shape
    (C_in/groups * kh * kw, N * H_out * W_out) per group, multiply by the weight reshaped to
    (C_out/groups, C_in/groups * kh * kw); backward is two more matrix products plus col2im.

    Args:
        in_channels, out_channels: channel counts; both must be divisible by ``groups``.
        kernel_size: int or (kh, kw).
        stride: int or tuple. Default: 1.
        padding: int, tuple, 'valid' (no padding) or 'same' (output size = input size; needs stride 1;
            total padding dilation * (kernel_size - 1) per dim, the odd extra element on the
            bottom/right). Default: 0.
        dilation: spacing between kernel elements. Default: 1.
        groups: blocked connections from input to output channels. Default: 1.
        bias: add a learnable bias. Default: True.
        padding_mode: 'zeros', 'reflect' (needs padding < input size), 'replicate' or 'circular'
            (needs padding <= input size). Default: 'zeros'.

    Shape:
        input (N, C_in, H_in, W_in) or unbatched (C_in, H_in, W_in); output (N, C_out, H_out, W_out)
        or (C_out, H_out, W_out), per spatial dim
        H_out = floor((H_in + 2 * padding[0] - dilation[0] * (kernel_size[0] - 1) - 1) / stride[0]) + 1.

    Attributes:
        weight: (out_channels, in_channels / groups, kh, kw), bias: (out_channels,), both initialized
            U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in_channels / groups * kh * kw
            (kaiming_uniform_ with a=sqrt(5)).

    Errors: ValueError for invalid constructor arguments (groups, padding string, 'same' with stride,
    padding_mode); RuntimeError in forward for a wrong input rank or channel count, a kernel larger than
    the padded input, non-positive stride/dilation/kernel or negative padding (NotImplementedError for a
    wrong rank with a non-zeros padding_mode, as torch's F.pad).
    """

    _dims = 2


class Conv3d(_ConvNd):
    r"""3-D convolution (cross-correlation) over a volume of several channels.

    Same computation as Conv2d with three spatial dims (D, H, W):
    out(n, j, *o) = bias(j) + sum over c in group(j) and kernel offsets k of
    weight(j, c, *k) * x_pad(n, c, *(o * stride + k * dilation)).

    Args:
        in_channels, out_channels: channel counts; both must be divisible by ``groups``.
        kernel_size: int or (kd, kh, kw).
        stride: int or tuple. Default: 1.
        padding: int, tuple, 'valid' or 'same' (stride 1 only; odd extra padding element at the end).
            Default: 0.
        dilation: spacing between kernel elements. Default: 1.
        groups: blocked connections from input to output channels. Default: 1.
        bias: add a learnable bias. Default: True.
        padding_mode: 'zeros', 'reflect', 'replicate' or 'circular'. Default: 'zeros'.

    Shape:
        input (N, C_in, D_in, H_in, W_in) or unbatched (C_in, D_in, H_in, W_in); output
        (N, C_out, D_out, H_out, W_out) or unbatched, per spatial dim
        D_out = floor((D_in + 2 * padding[0] - dilation[0] * (kernel_size[0] - 1) - 1) / stride[0]) + 1.

    Attributes:
        weight: (out_channels, in_channels / groups, kd, kh, kw), bias: (out_channels,), both initialized
            U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in_channels / groups * kd * kh * kw.
    """

    _dims = 3


class _ConvTransposeNd(_ConvNd):
    """Shared by ConvTranspose1d/2d/3d: the input gradient of the matching convolution."""

    _name = "conv_transpose"

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0,
                 groups: int = 1, bias: bool = True, dilation=1, padding_mode: str = "zeros"):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(in_channels, out_channels, kernel_size, stride, _ntuple(padding, self._dims),
                         dilation, groups, bias, padding_mode)
        self.output_padding = _ntuple(output_padding, self._dims)

    def _weight_shape(self) -> tuple:
        return (self.in_channels, self.out_channels // self.groups) + self.kernel_size

    def _output_padding(self, input, output_size) -> tuple:
        """output_padding, or the one that makes the output exactly ``output_size``."""
        if output_size is None:
            return self.output_padding
        n, lead = self._dims, input.ndim - self._dims
        output_size = list(output_size)
        if len(output_size) == lead + n:
            output_size = output_size[lead:]
        if len(output_size) != n:
            raise ValueError(f"ConvTranspose{n}D: for {input.ndim}D input, output_size must have {n} or "
                             f"{lead + n} elements (got {len(output_size)})")
        smallest = [(s - 1) * st - 2 * p + d * (k - 1) + 1 for s, st, p, d, k in
                    zip(input.shape[lead:], self.stride, self.padding, self.dilation, self.kernel_size)]
        largest = [m + st - 1 for m, st in zip(smallest, self.stride)]
        if any(not lo <= size <= hi for size, lo, hi in zip(output_size, smallest, largest)):
            raise ValueError(f"requested an output size of {output_size}, but valid sizes range from "
                             f"{smallest} to {largest} (for an input of {list(input.shape[lead:])})")
        return tuple(size - lo for size, lo in zip(output_size, smallest))

    def forward(self, input, output_size=None):
        """col2im(W^T @ x) into the padded output, then crop the padding (see the class docstring)."""
        output_padding = self._output_padding(input, output_size)
        x = self._batched(input)
        self._check_hyperparameters(self.padding)
        self._check_weight_not_empty()
        if len(output_padding) != self._dims:
            raise RuntimeError(f"expected output_padding to be a single integer value or a list of "
                               f"{self._dims} values, but got output_padding={list(output_padding)}")
        if min(output_padding) < 0:
            raise RuntimeError("negative output_padding is not supported")
        if any(op >= s and op >= d for op, s, d in zip(output_padding, self.stride, self.dilation)):
            raise RuntimeError(f"output padding must be smaller than either stride or dilation, but got "
                               f"output_padding={output_padding}, stride={self.stride}, dilation={self.dilation}")
        self._check_channels(x, self.in_channels)
        padded = tuple((s - 1) * st + d * (k - 1) + 1 + op for s, st, d, k, op in
                       zip(x.shape[2:], self.stride, self.dilation, self.kernel_size, output_padding))
        size = tuple(p - 2 * pad for p, pad in zip(padded, self.padding))
        if min(size) < 1:
            raise RuntimeError(f"Given input size per channel: {x.shape[2:]}. Calculated output size per "
                               f"channel: {size}. Output size is too small")
        self._x_groups = _to_groups(x, self.groups)                     # (groups, C_in/g, N * P)
        cols = _grouped(self.weight.data, self.groups).transpose(0, 2, 1) @ self._x_groups
        output = _col2im(cols, (x.shape[0], self.out_channels) + padded,
                         self.kernel_size, self.stride, self.dilation, x.shape[2:])
        output = output[(Ellipsis,) + tuple(slice(p, p + s) for p, s in zip(self.padding, size))]
        if self.bias is not None:
            output = output + self.bias.data.reshape((-1,) + (1,) * self._dims)
        self._input_size = x.shape[2:]
        return output[0] if self._unbatched else output

    def backward(self, grad_output):
        """A convolution of the gradient: dx = W @ im2col(pad(g)); dW += x @ im2col(pad(g))^T."""
        g = grad_output[None] if self._unbatched else grad_output
        pads = tuple((p, p) for p in self.padding)
        # Output-padding positions receive nothing from any input block: crop them off.
        needed = tuple((s - 1) * st + d * (k - 1) + 1 for s, st, d, k in
                       zip(self._input_size, self.stride, self.dilation, self.kernel_size))
        g_pad = _pad(g, pads, "zeros")[(Ellipsis,) + tuple(slice(0, n) for n in needed)]
        cols = _im2col(g_pad, self.kernel_size, self.stride, self.dilation, self.groups)
        self.weight.accumulate_grad(self._x_groups @ cols.transpose(0, 2, 1))
        if self.bias is not None:
            self.bias.accumulate_grad(g.sum(axis=(0,) + tuple(range(2, g.ndim))))
        grad_input = _from_groups(_grouped(self.weight.data, self.groups) @ cols, g.shape[0], self._input_size)
        return grad_input[0] if self._unbatched else grad_input

    def extra_repr(self) -> str:
        return super().extra_repr() + f", output_padding={self.output_padding}"


class ConvTranspose1d(_ConvTransposeNd):
    r"""1-D transposed convolution: the gradient of Conv1d with respect to its input.

    Every input element scatters a scaled copy of the kernel into the output:

    .. math::
        y_{pad}(n, j, l \cdot stride + k \cdot dilation) \mathrel{+}= x(n, c, l) \, weight(c, j', k)

    for each input channel c of group g and its output channels j = g * out_channels/groups + j';
    the output is y_pad with ``padding`` elements cropped from both ends, plus bias.

    Args:
        in_channels, out_channels: channel counts; both must be divisible by ``groups``.
        kernel_size: int or 1-tuple.
        stride: int or 1-tuple. Default: 1.
        padding: int or 1-tuple: dilation * (kernel_size - 1) - padding zero padding of the
            equivalent direct convolution (i.e. crops ``padding`` from each end of the output). Default: 0.
        output_padding: extra size added to one side of the output; must be smaller than stride
            or dilation. Default: 0.
        groups: blocked connections from input to output channels. Default: 1.
        bias: add a learnable bias. Default: True.
        dilation: spacing between kernel elements. Default: 1.
        padding_mode: only 'zeros' (anything else raises ValueError).

    forward(input, output_size=None): ``output_size`` (the spatial size, optionally with the leading
    batch/channel dims) picks the output_padding that gives exactly that size; it must lie between the
    size for output_padding 0 and that + stride - 1 (else ValueError).

    Shape:
        input (N, C_in, L_in) or (C_in, L_in); output (N, C_out, L_out) or (C_out, L_out),
        L_out = (L_in - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1.

    Attributes:
        weight: (in_channels, out_channels / groups, kernel_size), bias: (out_channels,), both
            initialized U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = weight.shape[1] * kernel_size
            = out_channels / groups * kernel_size.
    """

    _dims = 1


class ConvTranspose2d(_ConvTransposeNd):
    r"""2-D transposed convolution ("deconvolution"): the gradient of Conv2d with respect to its input.

    Every input pixel scatters a scaled copy of the kernel into the output:

    .. math::
        y_{pad}(n, j, h s_0 + k_h d_0, w s_1 + k_w d_1) \mathrel{+}= x(n, c, h, w) \, weight(c, j', k_h, k_w)

    for each input channel c of group g and its output channels j = g * out_channels/groups + j'
    (s = stride, d = dilation); the output is y_pad with ``padding`` cropped from both sides of each
    spatial dim, plus bias. Equivalently: im2col's adjoint (col2im) applied to W^T @ x.

    Args:
        in_channels, out_channels: channel counts; both must be divisible by ``groups``.
        kernel_size: int or (kh, kw).
        stride: int or tuple. Default: 1.
        padding: int or tuple; crops ``padding`` from both sides of each output dim. Default: 0.
        output_padding: extra size added to the bottom/right of the output; must be smaller than
            stride or dilation (else RuntimeError). Default: 0.
        groups: blocked connections from input to output channels. Default: 1.
        bias: add a learnable bias. Default: True.
        dilation: spacing between kernel elements. Default: 1.
        padding_mode: only 'zeros' (anything else raises ValueError).

    forward(input, output_size=None): ``output_size`` (spatial sizes, optionally with the leading
    batch/channel dims) selects the output_padding giving exactly that size (self.output_padding is then
    ignored); each size must lie in [min, min + stride - 1], min being the size for output_padding 0
    (else ValueError).

    Shape:
        input (N, C_in, H_in, W_in) or (C_in, H_in, W_in); output (N, C_out, H_out, W_out) or unbatched,
        H_out = (H_in - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kernel_size[0] - 1)
                + output_padding[0] + 1   (same for W).

    Attributes:
        weight: (in_channels, out_channels / groups, kh, kw), bias: (out_channels,), both initialized
            U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = out_channels / groups * kh * kw.
    """

    _dims = 2


class ConvTranspose3d(_ConvTransposeNd):
    r"""3-D transposed convolution: the gradient of Conv3d with respect to its input.

    Same computation as ConvTranspose2d with three spatial dims (D, H, W).

    Args:
        in_channels, out_channels: channel counts; both must be divisible by ``groups``.
        kernel_size: int or (kd, kh, kw).
        stride, padding, output_padding, dilation: int or 3-tuples, as ConvTranspose2d
            (output_padding < stride or < dilation). Defaults: 1, 0, 0, 1.
        groups: Default: 1. bias: Default: True. padding_mode: only 'zeros'.

    forward(input, output_size=None): as ConvTranspose2d.

    Shape:
        input (N, C_in, D_in, H_in, W_in) or unbatched; output (N, C_out, D_out, H_out, W_out) or unbatched,
        D_out = (D_in - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kernel_size[0] - 1)
                + output_padding[0] + 1   (same for H, W).

    Attributes:
        weight: (in_channels, out_channels / groups, kd, kh, kw), bias: (out_channels,), both initialized
            U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = out_channels / groups * kd * kh * kw.
    """

    _dims = 3
