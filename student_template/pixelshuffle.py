# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""PixelShuffle and PixelUnshuffle: rearranging channels into space and back (sub-pixel convolution).
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['PixelShuffle', 'PixelUnshuffle']


class PixelShuffle(Module):
    r"""Rearranges (*, C r^2, H, W) into (*, C, H r, W r), r = upscale_factor:

    .. math:: y[\ldots, c, h r + i, w r + j] = x[\ldots, c r^2 + i r + j, h, w]

    Args:
        upscale_factor: r, a positive int.

    Shape:
        input (*, C_in, H_in, W_in) with any number (>= 0) of leading dims and C_in divisible by
        r^2; output (*, C_in / r^2, H_in r, W_in r).

    Backward: the inverse rearrangement (PixelUnshuffle) of the gradient.
    Errors: an input of rank < 3, C_in not divisible by r^2 or r <= 0 raise RuntimeError.
    """

    def __init__(self, upscale_factor):
        raise NotImplementedError("PixelShuffle.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("PixelShuffle.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("PixelShuffle.backward")


class PixelUnshuffle(Module):
    r"""Rearranges (*, C, H r, W r) into (*, C r^2, H, W), r = downscale_factor; the inverse of
    PixelShuffle:

    .. math:: y[\ldots, c r^2 + i r + j, h, w] = x[\ldots, c, h r + i, w r + j]

    Args:
        downscale_factor: r, a positive int.

    Shape:
        input (*, C, H_in, W_in) with any number (>= 0) of leading dims and H_in, W_in divisible
        by r; output (*, C r^2, H_in / r, W_in / r).

    Backward: the inverse rearrangement (PixelShuffle) of the gradient.
    Errors: an input of rank < 3, H_in or W_in not divisible by r, or r <= 0 raise RuntimeError.
    """

    def __init__(self, downscale_factor):
        raise NotImplementedError("PixelUnshuffle.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("PixelUnshuffle.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("PixelUnshuffle.backward")
