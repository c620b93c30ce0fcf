"""PixelShuffle and PixelUnshuffle: rearranging channels into space and back (sub-pixel convolution)."""
from __future__ import annotations

import numpy as np

from .module import Module

__all__ = ["PixelShuffle", "PixelUnshuffle"]


def _check_factor(factor, name: str, what: str) -> int:
    if not isinstance(factor, (int, np.integer)) or isinstance(factor, bool):
        raise TypeError(f"{name}(): argument '{what}' must be int, not {type(factor).__name__}")
    if factor <= 0:
        raise RuntimeError(f"{name} expects a positive {what}, but got {factor}")
    return int(factor)


def _check_rank(input, name: str) -> None:
    if input.ndim < 3:
        raise RuntimeError(f"{name} expects input to have at least 3 dimensions, but got input with "
                           f"{input.ndim} dimension(s)")


def _shuffle(x, r: int):
    """(*, C*r*r, H, W) -> (*, C, H*r, W*r): channel c*r*r + i*r + j goes to row offset i, column
    offset j."""
    *lead, channels, height, width = x.shape
    c = channels // (r * r)
    x = x.reshape(*lead, c, r, r, height, width)
    k = len(lead)
    x = x.transpose(*range(k), k, k + 3, k + 1, k + 4, k + 2)  # (*, C, H, r_i, W, r_j)
    return x.reshape(*lead, c, height * r, width * r)


def _unshuffle(x, r: int):
    """(*, C, H*r, W*r) -> (*, C*r*r, H, W), the inverse of _shuffle."""
    *lead, c, rows, cols = x.shape
    height, width = rows // r, cols // r
    x = x.reshape(*lead, c, height, r, width, r)
    k = len(lead)
    x = x.transpose(*range(k), k, k + 2, k + 4, k + 1, k + 3)  # (*, C, r_i, r_j, H, W)
    return x.reshape(*lead, c * r * r, height, width)


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

    def __init__(self, upscale_factor: int):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        r = _check_factor(self.upscale_factor, "pixel_shuffle", "upscale_factor")
        _check_rank(input, "pixel_shuffle")
        if input.shape[-3] % (r * r):
            raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible "
                               f"by the square of upscale_factor, but input.size(-3)={input.shape[-3]} "
                               f"is not divisible by {r * r}")
        return _shuffle(input, r)

    def backward(self, grad_output):
        return _unshuffle(grad_output, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


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

    def __init__(self, downscale_factor: int):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        r = _check_factor(self.downscale_factor, "pixel_unshuffle", "downscale_factor")
        _check_rank(input, "pixel_unshuffle")
        for axis, name in ((-2, "height"), (-1, "width")):
            if input.shape[axis] % r:
                raise RuntimeError(f"pixel_unshuffle expects {name} to be divisible by downscale_factor, "
                                   f"but input.size({axis})={input.shape[axis]} is not divisible by {r}")
        return _unshuffle(input, r)

    def backward(self, grad_output):
        return _shuffle(grad_output, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"
