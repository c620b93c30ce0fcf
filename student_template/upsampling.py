# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Upsample (torch.nn.functional.interpolate) and its fixed-mode variants UpsamplingNearest2d and
UpsamplingBilinear2d.

Every mode is separable: along each spatial axis (input length n, output length m) the output is
a fixed linear map of the input, an (m, n) matrix W: the output is the input with W_1 applied
along the first spatial axis, W_2 along the second, ..., and backward applies the transposes. Per axis, with ``scale`` = 1 / scale_factor when a scale_factor is used
(and recompute_scale_factor is not True), else n / m:

    nearest:        output o copies input min(floor(o * scale), n - 1)
    nearest-exact:  output o copies input min(floor((o + 0.5) * scale), n - 1)
    linear (linear / bilinear / trilinear), source position
        align_corners=False:  s = max((o + 0.5) * scale - 0.5, 0)
        align_corners=True:   s = o * (n - 1) / (m - 1)   (0 when m = 1)
        output o = (1 - t) x[i] + t x[min(i + 1, n - 1)],  i = floor(s), t = s - i
        (an axis whose size does not change is copied as is, whatever the scale_factor)
    bicubic: s as for linear but not clamped at 0; i = floor(s), t = s - i; output o mixes
        x[i-1], x[i], x[i+1], x[i+2] (indices clamped to [0, n-1]) with Keys' cubic-convolution
        weights (A = -0.75): w(d) = (A+2)|d|^3 - (A+3)|d|^2 + 1 for |d| <= 1,
        A|d|^3 - 5A|d|^2 + 8A|d| - 4A for 1 < |d| < 2, at distances d = t+1, t, 1-t, 2-t
    area:  adaptive average pooling: output o averages x[floor(o n / m) : ceil((o+1) n / m)]

Output size: ``size`` if given, else floor(n * scale_factor) per axis.

Floating-point detail (torch's, needed for exact nearest indices): the nearest scale and the
product are computed in the input's precision (float32 for float32 inputs) and the floor is taken
after rounding to float32; nearest-exact's (o + 0.5) * scale - 0.5 is one fused multiply-add
(clamped at 0) before adding 0.5 back.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['Upsample', 'UpsamplingNearest2d', 'UpsamplingBilinear2d']


class Upsample(Module):
    """Resizes the spatial dimensions of (N, C, *spatial) inputs by interpolation.

    Args:
        size: output spatial size (int for every axis, or a tuple of one int per axis).
        scale_factor: multiplier of the spatial size (float, or a tuple of one per axis); exactly
            one of size and scale_factor must be given (a scale_factor of 0 counts as not given).
        mode: 'nearest' (default), 'nearest-exact', 'linear' (3-D input), 'bilinear' (4-D),
            'bicubic' (4-D), 'trilinear' (5-D) or 'area'. See the module docstring for each rule.
        align_corners: for the linear modes and bicubic: True aligns the centers of the corner
            pixels of input and output (scale (n-1)/(m-1)); False (the default, None) aligns
            their outer edges. Must be None for nearest, nearest-exact and area (ValueError).
        recompute_scale_factor: with scale_factor, True computes the output size and then uses
            n / m as the scale instead of 1 / scale_factor. Must not be True with size.

    Shape:
        input (N, C, L), (N, C, H, W) or (N, C, D, H, W); output the same with each spatial side
        size[i], or floor(side * scale_factor[i]).

    Backward: each axis' interpolation matrix transposed: every input element collects the
    output gradients weighted by its interpolation weights.
    Errors: ValueError for conflicting or missing size/scale_factor and wrongly sized tuples;
    NotImplementedError for a mode that does not fit the input's rank; RuntimeError for an
    output size <= 0, and for an input with 0 channels (as torch, except area on a 3-D or 4-D
    input, whose adaptive average pooling accepts it; a batch of 0 is fine).
    """

    def __init__(self, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None):
        raise NotImplementedError("Upsample.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Upsample.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Upsample.backward")


class UpsamplingNearest2d(Upsample):
    """Upsample with mode='nearest' (see Upsample): output o copies input
    min(floor(o * scale), n - 1) along each axis.

    Args:
        size: output size (int or (H_out, W_out)).
        scale_factor: multiplier of the spatial size (float or a 2-tuple).

    Shape: input (N, C, H_in, W_in); output (N, C, H_out, W_out).
    """

    def __init__(self, size=None, scale_factor=None):
        raise NotImplementedError("UpsamplingNearest2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("UpsamplingNearest2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("UpsamplingNearest2d.backward")


class UpsamplingBilinear2d(Upsample):
    """Upsample with mode='bilinear' and align_corners=True (see Upsample): source position
    o * (n - 1) / (m - 1) along each axis, interpolated linearly between its two neighbours.

    Args:
        size: output size (int or (H_out, W_out)).
        scale_factor: multiplier of the spatial size (float or a 2-tuple).

    Shape: input (N, C, H_in, W_in); output (N, C, H_out, W_out).
    """

    def __init__(self, size=None, scale_factor=None):
        raise NotImplementedError("UpsamplingBilinear2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("UpsamplingBilinear2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("UpsamplingBilinear2d.backward")
