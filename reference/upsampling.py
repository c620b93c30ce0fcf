r"""Upsample (torch.nn.functional.interpolate) and its fixed-mode variants UpsamplingNearest2d and
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
from __future__ import annotations

import math

import numpy as np

from .module import Module

__all__ = ["Upsample", "UpsamplingNearest2d", "UpsamplingBilinear2d"]

_MODES_BY_RANK = {"linear": 3, "bilinear": 4, "trilinear": 5, "bicubic": 4}
_CUBIC_A = -0.75


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _sizes_and_scales(input, size, scale_factor, mode, recompute_scale_factor):
    """Output sizes and the per-axis scale factors handed to the kernels (None: use n / m),
    validated as F.interpolate does."""
    dims = input.ndim - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dims:
                raise ValueError("Input and output must have the same number of spatial dimensions, "
                                 f"but got input with spatial dimensions of {list(input.shape[2:])} "
                                 f"and output size of {size}.")
            sizes = list(size)
        else:
            sizes = [size] * max(dims, 0)
        if not all(_is_int(v) for v in sizes):
            raise TypeError(f"expected size to be an int or a tuple of ints, but got {size!r}")
        scales = None
    elif scale_factor is not None:
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dims:
                raise ValueError("Input and scale_factor must have the same number of spatial "
                                 f"dimensions, but got input with spatial dimensions of "
                                 f"{list(input.shape[2:])} and scale_factor of shape {scale_factor}.")
            scales = [float(s) for s in scale_factor]
        else:
            scales = [float(scale_factor)] * max(dims, 0)
        sizes = None
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and sizes is None:
        recompute_scale_factor = True
    if sizes is None:
        sizes = [math.floor(n * s) for n, s in zip(input.shape[2:], scales)]
        if recompute_scale_factor:
            scales = None
    return [int(v) for v in sizes], scales


def _check_mode(input, mode: str) -> None:
    rank = _MODES_BY_RANK.get(mode)
    if rank is None and mode in ("nearest", "nearest-exact", "area") and input.ndim in (3, 4, 5):
        return
    if rank is not None and input.ndim == rank:
        return
    if rank is not None and input.ndim in (3, 4, 5) and mode != "bicubic":
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs {rank}D input")
    raise NotImplementedError("Input Error: Only 3D, 4D and 5D input Tensors supported "
                              f"(got {input.ndim}D) for the modes: nearest | linear | bilinear | "
                              f"bicubic | trilinear | area | nearest-exact (got {mode})")


def _nearest_index(n: int, m: int, scale_factor, exact: bool, dtype) -> np.ndarray:
    """Source index of each of the m outputs (torch's arithmetic, see the module docstring)."""
    real = np.float32 if dtype == np.float32 else np.float64
    scale = real(1.0 / scale_factor) if scale_factor is not None and scale_factor > 0 else real(n) / real(m)
    o = np.arange(m).astype(real)
    if exact:
        # float32: (o + 0.5) * scale - 0.5 rounded once (a fused multiply-add)
        source = (np.float64(scale) * (o + real(0.5)).astype(np.float64) - 0.5).astype(real)
        source = np.maximum(source, real(0.0)).astype(np.float64) + 0.5
    else:
        source = scale * o
    return np.minimum(np.floor(source.astype(np.float32)).astype(np.int64), n - 1)


def _linear_source(n: int, m: int, scale_factor, align_corners: bool, cubic: bool) -> np.ndarray:
    """Real-valued source position of each output (area_pixel_compute_source_index)."""
    o = np.arange(m, dtype=np.float64)
    if align_corners:
        return o * ((n - 1) / (m - 1) if m > 1 else 0.0)
    scale = 1.0 / scale_factor if scale_factor is not None and scale_factor > 0 else n / m
    source = (o + 0.5) * scale - 0.5
    return source if cubic else np.maximum(source, 0.0)


def _cubic_weights(t):
    """Keys' cubic-convolution weights of the 4 taps at offsets -1, 0, 1, 2 from floor(s)."""
    a = _CUBIC_A

    def near(d):  # |d| <= 1
        return ((a + 2.0) * d - (a + 3.0)) * d * d + 1.0

    def far(d):  # 1 < |d| < 2
        return ((a * d - 5.0 * a) * d + 8.0 * a) * d - 4.0 * a

    return [far(t + 1.0), near(t), near(1.0 - t), far(2.0 - t)]


def _interpolation_matrix(mode: str, n: int, m: int, scale_factor, align_corners, dtype) -> np.ndarray:
    """The (m, n) matrix W of one axis: output = W @ input along that axis."""
    matrix = np.zeros((m, n), dtype=np.float64)
    rows = np.arange(m)
    if mode in ("nearest", "nearest-exact"):
        matrix[rows, _nearest_index(n, m, scale_factor, mode == "nearest-exact", dtype)] = 1.0
    elif mode == "area":
        start, end = (rows * n) // m, -((-(rows + 1) * n) // m)
        columns = np.arange(n)
        matrix = ((columns >= start[:, None]) & (columns < end[:, None])) / (end - start)[:, None]
    elif mode == "bicubic":
        source = _linear_source(n, m, scale_factor, align_corners, cubic=True)
        base = np.floor(source).astype(np.int64)
        for tap, weight in zip(range(-1, 3), _cubic_weights(source - base)):
            np.add.at(matrix, (rows, np.clip(base + tap, 0, n - 1)), weight)
    elif m == n:  # torch's linear kernels copy an axis whose size is unchanged, whatever the scale
        matrix = np.eye(n)
    else:
        source = _linear_source(n, m, scale_factor, align_corners, cubic=False)
        low = source.astype(np.int64)
        frac = source - low
        np.add.at(matrix, (rows, low), 1.0 - frac)
        np.add.at(matrix, (rows, np.minimum(low + 1, n - 1)), frac)
    return matrix.astype(dtype)


def _along(x, matrix, axis: int):
    """Apply ``matrix`` (out, in) to axis ``axis`` of x (of length in)."""
    return np.moveaxis(np.moveaxis(x, axis, -1) @ matrix.T, -1, axis)


class Upsample(Module):
    r"""Resizes the spatial dimensions of (N, C, *spatial) inputs by interpolation.

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

    def __init__(self, size=None, scale_factor=None, mode: str = "nearest", align_corners=None,
                 recompute_scale_factor=None):
        super().__init__()
        self.size = size
        if isinstance(scale_factor, tuple):
            self.scale_factor = tuple(float(factor) for factor in scale_factor)
        else:
            self.scale_factor = float(scale_factor) if scale_factor else None
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        align_corners = self.align_corners
        if self.mode in ("nearest", "area", "nearest-exact"):
            if align_corners is not None:
                raise ValueError("align_corners option can only be set with the interpolating modes: "
                                 "linear | bilinear | bicubic | trilinear")
        elif align_corners is None:
            align_corners = False
        sizes, scales = _sizes_and_scales(input, self.size, self.scale_factor, self.mode,
                                          self.recompute_scale_factor)
        _check_mode(input, self.mode)
        if min(sizes) <= 0 or min(input.shape[2:]) <= 0:
            raise RuntimeError("Input and output sizes should be greater than 0, but got input "
                               f"{tuple(input.shape[2:])} output {tuple(sizes)}")
        if input.shape[1] == 0 and not (self.mode == "area" and input.ndim < 5):
            raise RuntimeError(f"Non-empty {input.ndim}D data tensor expected but got a tensor with sizes "
                               f"{list(input.shape)} (no channels)")
        self._matrices = []
        output = input
        for axis, (n, m) in enumerate(zip(input.shape[2:], sizes)):
            scale = None if scales is None else scales[axis]
            matrix = _interpolation_matrix(self.mode, n, m, scale, align_corners, input.dtype)
            self._matrices.append(matrix)
            output = _along(output, matrix, axis + 2)
        return output

    def backward(self, grad_output):
        grad = grad_output
        for axis, matrix in enumerate(self._matrices):
            grad = _along(grad, matrix.T, axis + 2)
        return grad

    def extra_repr(self) -> str:
        if self.scale_factor is not None:
            return f"scale_factor={self.scale_factor}, mode={self.mode!r}"
        return f"size={self.size}, mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    r"""Upsample with mode='nearest' (see Upsample): output o copies input
    min(floor(o * scale), n - 1) along each axis.

    Args:
        size: output size (int or (H_out, W_out)).
        scale_factor: multiplier of the spatial size (float or a 2-tuple).

    Shape: input (N, C, H_in, W_in); output (N, C, H_out, W_out).
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    r"""Upsample with mode='bilinear' and align_corners=True (see Upsample): source position
    o * (n - 1) / (m - 1) along each axis, interpolated linearly between its two neighbours.

    Args:
        size: output size (int or (H_out, W_out)).
        scale_factor: multiplier of the spatial size (float or a 2-tuple).

    Shape: input (N, C, H_in, W_in); output (N, C, H_out, W_out).
    """

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)
