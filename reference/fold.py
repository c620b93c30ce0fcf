r"""Fold and Unfold: col2im and im2col as layers (2-D spatial, as torch).

Unfold extracts the sliding blocks of an image into columns; Fold sums columns back into an image.
They are adjoint linear maps: Unfold's backward is a Fold and Fold's backward is an Unfold (they are
not inverses when blocks overlap: fold(unfold(x)) multiplies each pixel by the number of blocks
that contain it).

Block grid, per spatial dim d (the "L formula"):

    blocks[d] = floor((size[d] + 2 * padding[d] - dilation[d] * (kernel_size[d] - 1) - 1) / stride[d]) + 1
    L = blocks[0] * blocks[1]
"""
from __future__ import annotations

import math

import numpy as np

from .conv import _blocks_shape, _ntuple, sliding_windows, sum_windows
from .module import Module

__all__ = ["Fold", "Unfold"]


def _pairs(**values) -> dict:
    """int -> (int, int); a tuple/list must have 2 entries (RuntimeError otherwise, as torch)."""
    pairs = {name: _ntuple(value, 2) for name, value in values.items()}
    for name, pair in pairs.items():
        if len(pair) != 2:
            raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(pair)}")
    return pairs


def _check_block_arguments(kernel_size, dilation, padding, stride) -> None:
    if min(kernel_size) <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kernel_size={kernel_size}")
    if min(stride) <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got stride={stride}")
    if min(dilation) <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilation={dilation}")
    if min(padding) < 0:
        raise RuntimeError(f"padding should be non-negative, but got padding={padding}")


def _im2col(x, kernel_size, dilation, padding, stride):
    """(N, C, H, W) -> (N, C * kh * kw, L): column l holds block l, ordered (c, i, j) as torch."""
    x_pad = np.pad(x, ((0, 0), (0, 0)) + tuple((p, p) for p in padding))
    windows = sliding_windows(x_pad, kernel_size, stride, dilation)     # (N, C, kh, kw, Ho, Wo)
    return windows.reshape(x.shape[0], x.shape[1] * math.prod(kernel_size), math.prod(windows.shape[4:]))


def _col2im(cols, size, kernel_size, dilation, padding, stride):
    """(N, C * kh * kw, L) -> (N, C, *size): each block is added at its place; overlaps sum."""
    blocks = _blocks_shape([s + 2 * p for s, p in zip(size, padding)], kernel_size, stride, dilation)
    n, channels = cols.shape[0], cols.shape[1] // math.prod(kernel_size)
    padded = sum_windows(cols.reshape((n, channels) + tuple(kernel_size) + blocks),
                         [s + 2 * p for s, p in zip(size, padding)], stride, dilation)
    return padded[(Ellipsis,) + tuple(slice(p, p + s) for p, s in zip(padding, size))]


class Unfold(Module):
    r"""Extracts sliding local blocks of a batched image into columns (im2col).

    .. math::
        out[n, (c \cdot k_h + i) \cdot k_w + j, l] = x_{pad}[n, c, o_h \cdot s_0 + i \cdot d_0,
                                                          o_w \cdot s_1 + j \cdot d_1]

    where l = o_h * W_blocks + o_w enumerates the blocks row by row, x_pad is x zero-padded by
    ``padding`` on both sides, s = stride, d = dilation.

    Args:
        kernel_size: size of the blocks, int or 2-tuple.
        dilation: spacing between the elements of a block. Default: 1.
        padding: implicit zero padding on both sides of each spatial dim. Default: 0.
        stride: step between blocks. Default: 1.
        (An int is used for both spatial dims; a tuple must have exactly 2 entries.)

    Shape:
        input (N, C, H, W) or unbatched (C, H, W); output (N, C * kh * kw, L) or (C * kh * kw, L),
        L = prod over d of floor((size[d] + 2 * padding[d] - dilation[d] * (kernel_size[d] - 1) - 1)
        / stride[d]) + 1.

    Backward: the gradient of every column entry is added back to the pixel it was copied from
    (this is Fold with the same arguments).

    Errors: RuntimeError for non-positive kernel_size/stride/dilation, negative padding, a kernel that
    does not fit (L < 1), a 5-D or empty input; IndexError for an input with fewer than 3 dims.
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = kernel_size, dilation, padding, stride

    def forward(self, input):
        if input.ndim < 3:
            raise IndexError(f"Dimension out of range: Unfold needs a 3-D or 4-D input, got shape {list(input.shape)}")
        if input.ndim > 4 or 0 in input.shape[-3:]:
            raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other "
                               f"non-zero dimensions for input, but got: {list(input.shape)}")
        args = _pairs(kernel_size=self.kernel_size, dilation=self.dilation, padding=self.padding,
                      stride=self.stride)
        _check_block_arguments(**args)
        size = input.shape[-2:]
        blocks = _blocks_shape([s + 2 * p for s, p in zip(size, args["padding"])],
                               args["kernel_size"], args["stride"], args["dilation"])
        if min(blocks) < 1:
            raise RuntimeError(f"Given input with spatial size {tuple(size)}, {args}, calculated shape of the "
                               f"array of sliding blocks as {blocks}, but its components must be at least one.")
        self._unbatched, self._size, self._args = input.ndim == 3, size, args
        x = input[None] if self._unbatched else input
        output = _im2col(x, **args)
        return output[0] if self._unbatched else output

    def backward(self, grad_output):
        g = grad_output[None] if self._unbatched else grad_output
        grad_input = _col2im(g, self._size, **self._args)
        return grad_input[0] if self._unbatched else grad_input

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, stride={self.stride}"


class Fold(Module):
    r"""Combines columns of sliding local blocks into an image, summing overlaps (col2im).

    The adjoint of Unfold with the same arguments: input column l (block l, enumerated row by row
    over the block grid) holds C * kh * kw values ordered (c, i, j), and

    .. math::
        out_{pad}[n, c, o_h \cdot s_0 + i \cdot d_0, o_w \cdot s_1 + j \cdot d_1] \mathrel{+}=
            input[n, (c \cdot k_h + i) \cdot k_w + j, l]

    for every block l = o_h * W_blocks + o_w; the output is out_pad with ``padding`` cropped from
    both sides of each spatial dim.

    Args:
        output_size: spatial size (H, W) of the output, int or 2-tuple.
        kernel_size: size of the blocks, int or 2-tuple.
        dilation: spacing between the elements of a block. Default: 1.
        padding: implicit zero padding on both sides of each spatial dim. Default: 0.
        stride: step between blocks. Default: 1.

    Shape:
        input (N, C * kh * kw, L) or unbatched (C * kh * kw, L); output (N, C, H, W) or (C, H, W).
        L must equal prod over d of floor((output_size[d] + 2 * padding[d] - dilation[d]
        * (kernel_size[d] - 1) - 1) / stride[d]) + 1, and input.shape[-2] must be divisible by kh * kw.

    Backward: every column entry receives the gradient of the pixel it was added to (this is
    Unfold with the same arguments).

    Errors: RuntimeError for a wrong L, a channel dim not divisible by kh * kw, a 1-D/4-D or empty
    input, non-positive kernel_size/stride/dilation or negative padding.
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size, self.kernel_size = output_size, kernel_size
        self.dilation, self.padding, self.stride = dilation, padding, stride

    def forward(self, input):
        if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
            raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and "
                               f"non-zero dimensions for input, but got: {list(input.shape)}")
        args = _pairs(kernel_size=self.kernel_size, dilation=self.dilation, padding=self.padding,
                      stride=self.stride)
        size = _pairs(output_size=self.output_size)["output_size"]
        _check_block_arguments(**args)
        rows, length = input.shape[-2:]
        if rows % math.prod(args["kernel_size"]) != 0:
            raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of "
                               f"kernel_size, but got input.size(1)={rows} and kernel_size={args['kernel_size']}.")
        blocks = _blocks_shape([s + 2 * p for s, p in zip(size, args["padding"])],
                               args["kernel_size"], args["stride"], args["dilation"])
        if min(blocks) < 1 or math.prod(blocks) != length:
            raise RuntimeError(f"Given output_size={size}, {args}, expected size of input's last dimension to "
                               f"match the calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
                               f"{math.prod(blocks)}, but got input.size(-1)={length}.")
        self._unbatched, self._args = input.ndim == 2, args
        cols = input[None] if self._unbatched else input
        output = _col2im(cols, size, **args)
        return output[0] if self._unbatched else output

    def backward(self, grad_output):
        g = grad_output[None] if self._unbatched else grad_output
        grad_input = _im2col(g, **self._args)
        return grad_input[0] if self._unbatched else grad_input

    def extra_repr(self) -> str:
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")
