# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Fold and Unfold: col2im and im2col as layers (2-D spatial, as torch).

Unfold extracts the sliding blocks of an image into columns; Fold sums columns back into an image.
They are adjoint linear maps: Unfold's backward is a Fold and Fold's backward is an Unfold (they are
not inverses when blocks overlap: fold(unfold(x)) multiplies each pixel by the number of blocks
that contain it).

Block grid, per spatial dim d (the "L formula"):

    blocks[d] = floor((size[d] + 2 * padding[d] - dilation[d] * (kernel_size[d] - 1) - 1) / stride[d]) + 1
    L = blocks[0] * blocks[1]
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['Fold', 'Unfold']


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
        raise NotImplementedError("Fold.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Fold.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Fold.backward")


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
        raise NotImplementedError("Unfold.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Unfold.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Unfold.backward")
