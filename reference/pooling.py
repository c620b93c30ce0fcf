"""Pooling: max, average, power-average (LP), adaptive max/average, and max-unpooling.

Every layer pools the last d spatial dimensions (d = 1, 2 or 3, from the class name) of a batched
(N, C, *spatial) or unbatched (C, *spatial) input, each (sample, channel) plane on its own.

Window geometry, shared by MaxPool, AvgPool and LPPool, per spatial axis (kernel k, stride s,
padding p, dilation d):

    L_out = floor((L_in + 2p - d(k-1) - 1) / s) + 1                      (ceil_mode=False)
    L_out = ceil((L_in + 2p - d(k-1) - 1) / s) + 1, minus 1 if the last window would start
            at or after L_in + p (it must start inside the input or the left padding)  (ceil_mode=True)

Output position o reads the input positions o*s - p + j*d, j = 0..k-1; positions outside the input
are padding (-inf for max pooling, 0 for average pooling), and with ceil_mode the last window may
hang over the right end.
"""
from __future__ import annotations

import math

import numpy as np

from .module import Module

__all__ = ["MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
           "LPPool1d", "LPPool2d", "LPPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d",
           "AdaptiveMaxPool3d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d",
           "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d"]


# ----------------------------------------------------------------------------------------------
# Shared helpers
# ----------------------------------------------------------------------------------------------
def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _ntuple(value, dims: int, name: str, layer: str) -> tuple:
    """An int, or a tuple of 1 or ``dims`` ints, as a ``dims``-tuple (torch's argument rule)."""
    if _is_int(value):
        return (int(value),) * dims
    if isinstance(value, (tuple, list)) and all(_is_int(v) for v in value):
        if len(value) == 1:
            return (int(value[0]),) * dims
        if len(value) == dims:
            return tuple(int(v) for v in value)
        raise RuntimeError(f"{layer}: {name} must either be a single int, or a tuple of {dims} ints")
    raise TypeError(f"{layer}(): argument '{name}' must be tuple of ints, not {type(value).__name__}")


def _batched(input, dims: int, layer: str, low_ndim_error=RuntimeError):
    """Return the input with a batch axis (added if it was unbatched) and whether it had one."""
    if input.ndim < dims + 1:
        raise low_ndim_error(f"{layer}: expected a {dims + 1}D or {dims + 2}D (batch mode) input, "
                             f"got {input.ndim}D")
    if input.ndim > dims + 2 or 0 in input.shape[-dims - 1:]:
        raise RuntimeError(f"{layer}: expected a non-empty {dims + 1}D or {dims + 2}D (batch mode) "
                           f"input, got shape {list(input.shape)}")
    return (input, True) if input.ndim == dims + 2 else (input[None], False)


def _unbatch(array, batched: bool):
    return array if batched else array[0]


def _pool_output_size(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """torch's pooling output length for one axis (see the module docstring)."""
    out = (size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


class _WindowGeometry:
    """Kernel, stride, padding, dilation and output size of a sliding-window pooling, validated
    against an input's spatial shape as torch validates them."""

    def __init__(self, layer, spatial, kernel_size, stride, padding, dilation, ceil_mode):
        dims = len(spatial)
        self.kernel = _ntuple(kernel_size, dims, "kernel_size", layer)
        no_stride = stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0)
        self.stride = self.kernel if no_stride else _ntuple(stride, dims, "stride", layer)
        self.padding = _ntuple(padding, dims, "padding", layer)
        self.dilation = _ntuple(dilation, dims, "dilation", layer)
        for name in ("kernel", "stride", "dilation"):
            if min(getattr(self, name)) <= 0:
                raise RuntimeError(f"{layer}: {name} should be greater than zero, got {getattr(self, name)}")
        if min(self.padding) < 0:
            raise RuntimeError(f"{layer}: pad must be non-negative, but got pad: {self.padding}")
        if any(p > k // 2 for p, k in zip(self.padding, self.kernel)):
            raise RuntimeError(f"{layer}: pad should be at most half of kernel size, but got "
                               f"pad={self.padding} and kernel_size={self.kernel}")
        self.input_size = tuple(spatial)
        self.output_size = tuple(_pool_output_size(n, k, s, p, d, ceil_mode) for n, k, s, p, d in zip(
            spatial, self.kernel, self.stride, self.padding, self.dilation))
        if min(self.output_size) < 1:
            raise RuntimeError(f"{layer}: given input size {tuple(spatial)}, calculated output size "
                               f"{self.output_size}. Output size is too small")
        # padded length the windows reach: left padding + input, or further for ceil_mode windows
        self.padded_size = tuple(max(n + p, (o - 1) * s + d * (k - 1) + 1) for n, p, o, s, d, k in zip(
            spatial, self.padding, self.output_size, self.stride, self.dilation, self.kernel))

    def offsets(self):
        """Every kernel offset (j_1, ..., j_d), in torch's scan order (last axis fastest)."""
        return np.ndindex(*self.kernel)

    def window(self, offset) -> tuple:
        """Index selecting, in the padded input, the element at kernel ``offset`` of every window."""
        return (Ellipsis,) + tuple(slice(j * d, j * d + (o - 1) * s + 1, s) for j, d, o, s in zip(
            offset, self.dilation, self.output_size, self.stride))

    def inside(self) -> tuple:
        """Index selecting the input inside the padded input."""
        return (Ellipsis,) + tuple(slice(p, p + n) for p, n in zip(self.padding, self.input_size))

    def pad(self, x, fill: float):
        """x padded with ``fill`` on the left (padding) and right (as far as the windows reach)."""
        padded = np.full(x.shape[:-len(self.kernel)] + self.padded_size, fill, dtype=x.dtype)
        padded[self.inside()] = x
        return padded

    def window_sizes(self, include_pad: bool) -> np.ndarray:
        """Number of elements of each window (of the window clipped to the padded input when
        ``include_pad``, else clipped to the input), as an array shaped like the output."""
        total = np.ones((), dtype=np.int64)
        for axis, (n, k, s, p, o) in enumerate(zip(self.input_size, self.kernel, self.stride,
                                                   self.padding, self.output_size)):
            start = np.arange(o) * s - p
            end = np.minimum(start + k, n + p)
            if not include_pad:
                start, end = np.maximum(start, 0), np.minimum(end, n)
            shape = [1] * len(self.kernel)
            shape[axis] = o
            total = total * (end - start).reshape(shape)
        return total


def _plane_flat_index(coords: list, spatial: tuple) -> np.ndarray:
    """Row-major flat index inside one (sample, channel) plane from per-axis coordinates."""
    flat = np.zeros((), dtype=np.int64)
    for c, n in zip(coords, spatial):
        flat = flat * n + c
    return flat


def _scatter_to_planes(grad, indices, plane_shape: tuple) -> np.ndarray:
    """Sum ``grad`` into zero planes of ``plane_shape`` at the per-plane flat ``indices``
    (both shaped (N, C, *out)); returns (N, C, *plane_shape)."""
    lead = grad.shape[:2]
    plane = math.prod(plane_shape)
    planes = np.arange(math.prod(lead), dtype=np.int64).reshape(lead + (1,) * (grad.ndim - 2))
    flat = (planes * plane + indices).ravel()
    summed = np.bincount(flat, weights=grad.ravel(), minlength=math.prod(lead) * plane)
    return summed.astype(grad.dtype).reshape(lead + plane_shape)


# ----------------------------------------------------------------------------------------------
# Max pooling
# ----------------------------------------------------------------------------------------------
def _window_max(padded, geo: _WindowGeometry):
    """Max over every window: one np.maximum per kernel offset over strided views."""
    output = None
    for offset in geo.offsets():
        view = padded[geo.window(offset)]
        output = view.copy() if output is None else np.maximum(output, view, out=output)
    return output


def _window_winners(padded, output, geo: _WindowGeometry) -> np.ndarray:
    """Per output, the position (in scan order) of the first kernel offset holding the max."""
    winner = np.zeros(output.shape, dtype=np.int64)
    offsets = list(geo.offsets())
    for position in range(len(offsets) - 1, -1, -1):  # reversed: the first hit is written last
        np.copyto(winner, position, where=padded[geo.window(offsets[position])] == output)
    return winner


def _window_argmax_indices(winner, geo: _WindowGeometry) -> np.ndarray:
    """Flat (per-plane, unpadded, row-major) input index of each window's winning element."""
    offsets = np.array(list(geo.offsets()), dtype=np.int64)
    coords = []
    for axis, (o, s, p, d) in enumerate(zip(geo.output_size, geo.stride, geo.padding, geo.dilation)):
        shape = [1] * len(geo.kernel)
        shape[axis] = o
        coords.append((np.arange(o) * s - p).reshape(shape) + offsets[winner, axis] * d)
    return _plane_flat_index(coords, geo.input_size)


def _window_max_backward(grad, padded, output, geo: _WindowGeometry):
    """Each output's gradient goes to its window's (first) maximum; returns the input gradient."""
    winner = _window_winners(padded, output, geo)
    grad_padded = np.zeros(padded.shape, dtype=padded.dtype)
    for position, offset in enumerate(geo.offsets()):
        grad_padded[geo.window(offset)] += np.where(winner == position, grad, 0.0)
    return grad_padded[geo.inside()]


class _MaxPoolNd(Module):
    _dims = 0

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices: bool = False,
                 ceil_mode: bool = False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input):
        name = type(self).__name__
        x, batched = _batched(input, self._dims, name)
        geo = _WindowGeometry(name, x.shape[2:], self.kernel_size, self.stride, self.padding,
                              self.dilation, self.ceil_mode)
        padded = geo.pad(x, -np.inf)
        output = _window_max(padded, geo)
        self._padded, self._geo, self._output, self._batched = padded, geo, output, batched
        if not self.return_indices:
            return _unbatch(output, batched)
        indices = _window_argmax_indices(_window_winners(padded, output, geo), geo)
        return _unbatch(output, batched), _unbatch(indices, batched)

    def backward(self, grad_output, grad_indices=None):
        grad = grad_output if self._batched else grad_output[None]
        return _unbatch(_window_max_backward(grad, self._padded, self._output, self._geo), self._batched)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


_MAXPOOL_DOC = r"""{d}-D max pooling: each output is the maximum of its window of the input.

    .. math:: y[n, c, o] = \max_{{j}} x_{{pad}}[n, c, o \cdot s - p + j \cdot d], \quad j \in [0, k){d_}

    where positions outside the input are -inf (implicit padding). Windows, output size and
    ceil_mode follow the module docstring's geometry.

    Args:
        kernel_size: window size k (int or {d}-tuple).
        stride: window step s. Default: kernel_size (None means kernel_size).
        padding: implicit -inf padding p on both sides; must satisfy 0 <= p <= k // 2.
        dilation: spacing d between window elements. Default: 1.
        return_indices: return (output, indices): for every output, the flat index (int64) of its
            maximum inside its input plane (row-major over the spatial axes, unpadded
            coordinates), as MaxUnpool{d}d expects. Default: False.
        ceil_mode: use ceil instead of floor for the output size. Default: False.

    Shape:
        input (N, C, {spatial_in}) or (C, {spatial_in}); output (N, C, {spatial_out}) or
        (C, {spatial_out}) with L_out = floor((L_in + 2p - d(k-1) - 1) / s) + 1 per axis
        (see the module docstring for ceil_mode).

    Backward: the gradient of each output goes to the input element that was its maximum (the
    first one in scan order on ties); gradients of overlapping windows add up.
    Invalid arguments (k, s or d <= 0, p < 0 or p > k // 2, an output size < 1, a wrong input
    rank) raise RuntimeError.
"""


class MaxPool1d(_MaxPoolNd):
    __doc__ = _MAXPOOL_DOC.format(d=1, d_="", spatial_in="L_in", spatial_out="L_out")
    _dims = 1


class MaxPool2d(_MaxPoolNd):
    __doc__ = _MAXPOOL_DOC.format(d=2, d_="^2", spatial_in="H_in, W_in", spatial_out="H_out, W_out")
    _dims = 2


class MaxPool3d(_MaxPoolNd):
    __doc__ = _MAXPOOL_DOC.format(d=3, d_="^3", spatial_in="D_in, H_in, W_in",
                                  spatial_out="D_out, H_out, W_out")
    _dims = 3


# ----------------------------------------------------------------------------------------------
# Average pooling
# ----------------------------------------------------------------------------------------------
def _window_sum(padded, geo: _WindowGeometry):
    total = None
    for offset in geo.offsets():
        view = padded[geo.window(offset)]
        total = view.copy() if total is None else np.add(total, view, out=total)
    return total


def _window_sum_backward(grad, geo: _WindowGeometry, dtype):
    """Gradient of _window_sum w.r.t. the (unpadded) input: every output's gradient added to each
    element of its window."""
    grad_padded = np.zeros(grad.shape[:2] + geo.padded_size, dtype=dtype)
    for offset in geo.offsets():
        grad_padded[geo.window(offset)] += grad
    return grad_padded[geo.inside()]


def _check_input_covers_kernel(geo: _WindowGeometry, layer: str) -> None:
    """torch's avg_pool3d (and so AvgPool3d, LPPool3d) also needs every input side >= kernel side."""
    if len(geo.kernel) == 3 and any(n < k for n, k in zip(geo.input_size, geo.kernel)):
        raise RuntimeError(f"{layer}: input image {geo.input_size} smaller than kernel size {geo.kernel}")


class _AvgPoolNd(Module):
    _dims = 0
    _low_ndim_error = RuntimeError

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True, divisor_override=None):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input):
        name = type(self).__name__
        x, batched = _batched(input, self._dims, name, self._low_ndim_error)
        geo = _WindowGeometry(name, x.shape[2:], self.kernel_size, self.stride, self.padding, 1,
                              self.ceil_mode)
        _check_input_covers_kernel(geo, name)
        if self.divisor_override is not None:
            if self.divisor_override == 0:
                raise RuntimeError("divisor must be not zero")
            divisor = self.divisor_override
        else:
            divisor = geo.window_sizes(self.count_include_pad).astype(x.dtype)
        self._geo, self._divisor, self._batched, self._dtype = geo, divisor, batched, x.dtype
        return _unbatch(_window_sum(geo.pad(x, 0.0), geo) / divisor, batched)

    def backward(self, grad_output):
        grad = grad_output if self._batched else grad_output[None]
        return _unbatch(_window_sum_backward(grad / self._divisor, self._geo, self._dtype), self._batched)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


_AVGPOOL_DOC = r"""{d}-D average pooling: each output is the mean of its window of the input.

    .. math:: y[n, c, o] = \frac{{1}}{{D_o}} \sum_{{j \in [0, k){d_}}} x_{{pad}}[n, c, o \cdot s - p + j]

    with zero padding. The divisor D_o of each window is
      - divisor_override if given;{override_note}
      - else, with count_include_pad=True, the number of window elements inside the padded input
        (a ceil_mode window hanging over the right padding counts only its part up to L_in + p);
      - else the number of window elements inside the input itself.

    Args:
        kernel_size: window size k (int or {d}-tuple).
        stride: window step s. Default: kernel_size (None means kernel_size).
        padding: implicit zero padding p on both sides; must satisfy 0 <= p <= k // 2.
        ceil_mode: use ceil instead of floor for the output size. Default: False.
        count_include_pad: count padding zeros in the divisor. Default: True.{override_arg}

    Shape:
        input (N, C, {spatial_in}) or (C, {spatial_in}); output (N, C, {spatial_out}) or
        (C, {spatial_out}) with L_out = floor((L_in + 2p - k) / s) + 1 per axis (see the module
        docstring for ceil_mode).

    Backward: each output's gradient divided by D_o is added to every input element of its window.
"""
_OVERRIDE_ARG = """
        divisor_override: if given (an int, nonzero, may be negative), the divisor of every
            window. Default: None."""


class AvgPool1d(_AvgPoolNd):
    __doc__ = _AVGPOOL_DOC.format(d=1, d_="", spatial_in="L_in", spatial_out="L_out",
                                  override_note=" (AvgPool1d has no divisor_override)", override_arg="")
    _dims = 1

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True):
        super().__init__(kernel_size, stride, padding, ceil_mode, count_include_pad)


class AvgPool2d(_AvgPoolNd):
    __doc__ = _AVGPOOL_DOC.format(d=2, d_="^2", spatial_in="H_in, W_in", spatial_out="H_out, W_out",
                                  override_note="", override_arg=_OVERRIDE_ARG)
    _dims = 2
    _low_ndim_error = IndexError  # torch: a 1-D/2-D input fails on a dimension lookup


class AvgPool3d(_AvgPoolNd):
    __doc__ = _AVGPOOL_DOC.format(d=3, d_="^3", spatial_in="D_in, H_in, W_in",
                                  spatial_out="D_out, H_out, W_out", override_note="",
                                  override_arg=_OVERRIDE_ARG)
    _dims = 3


# ----------------------------------------------------------------------------------------------
# Power-average (LP) pooling
# ----------------------------------------------------------------------------------------------
class _LPPoolNd(Module):
    _dims = 0
    _low_ndim_error = RuntimeError

    def __init__(self, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False):
        super().__init__()
        self.norm_type = norm_type
        self.kernel_size = kernel_size
        self.stride = stride
        self.ceil_mode = ceil_mode

    def forward(self, input):
        name = type(self).__name__
        if self._dims > 1 and isinstance(self.kernel_size, (tuple, list)) and len(self.kernel_size) != self._dims:
            raise ValueError(f"{name}: kernel_size must be an int or a tuple of {self._dims} ints")
        x, batched = _batched(input, self._dims, name, self._low_ndim_error)
        geo = _WindowGeometry(name, x.shape[2:], self.kernel_size, self.stride, 0, 1, self.ceil_mode)
        _check_input_covers_kernel(geo, name)
        if self._dims == 1 and not _is_int(self.kernel_size):
            raise TypeError("LPPool1d: kernel_size must be an int (torch multiplies the output by it)")
        self._geo, self._x, self._batched = geo, x, batched
        p = self.norm_type
        if math.isinf(p):  # torch: max pooling of |x| (of -|x|, negated, for p = -inf)
            sign = 1.0 if p > 0 else -1.0
            self._padded = geo.pad(sign * np.abs(x), -np.inf)
            self._output = _window_max(self._padded, geo)
            return _unbatch(sign * self._output, batched)
        with np.errstate(divide="ignore", invalid="ignore"):
            self._mean = _window_sum(geo.pad(x ** p, 0.0), geo) / geo.window_sizes(True).astype(x.dtype)
            self._scaled = self._mean * math.prod(geo.kernel)
            self._output = self._scaled ** (1.0 / p)
        return _unbatch(self._output, batched)

    def backward(self, grad_output):
        grad, x, p = (grad_output if self._batched else grad_output[None]), self._x, self.norm_type
        if math.isinf(p):
            grad_abs = _window_max_backward(grad, self._padded, self._output, self._geo)
            return _unbatch(np.sign(x) * grad_abs, self._batched)
        with np.errstate(divide="ignore", invalid="ignore"):
            grad_scaled = grad * (1.0 / p) * self._scaled ** (1.0 / p - 1.0)
            # torch clamps through relu(|mean|), whose gradient is 0 at 0: an all-zero window
            # passes no gradient (where the 0 * inf of the power's derivative would give NaN)
            grad_mean = np.where(self._mean != 0, grad_scaled * math.prod(self._geo.kernel), 0.0)
            grad_pow = _window_sum_backward(grad_mean / self._geo.window_sizes(True).astype(x.dtype),
                                            self._geo, x.dtype)
            return _unbatch(grad_pow * p * x ** (p - 1.0), self._batched)

    def extra_repr(self) -> str:
        return f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}"


_LPPOOL_DOC = r"""{d}-D power-average pooling, computed exactly as torch does:

    .. math:: y = \Big(K \cdot \operatorname{{mean}}_{{window}}(x^p)\Big)^{{1/p}}, \qquad K = \prod k

    i.e. (sum of x^p over the window)^(1/p) for full windows. There is no padding and no
    absolute value: x^p of a negative x with a fractional p is NaN, and p = 1 gives the plain
    window sum. A ceil_mode window hanging over the right end averages only its elements inside
    the input but is still multiplied by the full K. p = inf gives the max of |x| over the window
    (p = -inf its min); p = 0 raises ZeroDivisionError.

    Args:
        norm_type: the power p.
        kernel_size: window size k ({kernel_note}).
        stride: window step. Default: kernel_size (None means kernel_size).
        ceil_mode: use ceil instead of floor for the output size. Default: False.

    Shape:
        input (N, C, {spatial_in}) or (C, {spatial_in}); output (N, C, {spatial_out}) or
        (C, {spatial_out}) with L_out = floor((L_in - k) / s) + 1 per axis (see the module
        docstring for ceil_mode).

    Backward: chain rule through the three steps; with m the window mean and z = K m,
    dy/dm = K (1/p) z^(1/p - 1) (zero where m == 0), spread over the window as in average
    pooling (divided by the window's element count), times p x^(p-1).
"""


class LPPool1d(_LPPoolNd):
    __doc__ = _LPPOOL_DOC.format(d=1, kernel_note="an int", spatial_in="L_in", spatial_out="L_out")
    _dims = 1


class LPPool2d(_LPPoolNd):
    __doc__ = _LPPOOL_DOC.format(d=2, kernel_note="int or 2-tuple", spatial_in="H_in, W_in",
                                 spatial_out="H_out, W_out")
    _dims = 2
    _low_ndim_error = IndexError


class LPPool3d(_LPPoolNd):
    __doc__ = _LPPOOL_DOC.format(d=3, kernel_note="int or 3-tuple", spatial_in="D_in, H_in, W_in",
                                 spatial_out="D_out, H_out, W_out")
    _dims = 3


# ----------------------------------------------------------------------------------------------
# Adaptive pooling
# ----------------------------------------------------------------------------------------------
def _adaptive_output_size(output_size, input, dims: int, layer: str) -> tuple:
    """The output size as a ``dims``-tuple of ints; None entries take the input's size."""
    if _is_int(output_size):
        sizes = (int(output_size),) * dims
    elif isinstance(output_size, (tuple, list)) and dims == 1:
        if len(output_size) != 1:
            raise RuntimeError(f"{layer}: output_size should contain one int (got {len(output_size)})")
        sizes = tuple(output_size)
    elif isinstance(output_size, (tuple, list)):
        if any(v is None for v in output_size):
            if input.ndim <= len(output_size):
                raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
            defaults = input.shape[-len(output_size):]
            output_size = [d if v is None else v for v, d in zip(output_size, defaults)]
        if len(output_size) != dims:
            raise RuntimeError(f"{layer}: output_size must be {dims}")
        sizes = tuple(output_size)
    else:
        raise TypeError(f"{layer}: output_size must be an int or a tuple of ints, "
                        f"not {type(output_size).__name__}")
    if not all(_is_int(v) for v in sizes):
        raise TypeError(f"{layer}: output_size must contain ints, got {sizes}")
    if min(sizes) < 0:
        raise RuntimeError(f"{layer}: elements of output_size must be greater than or equal to 0, "
                           f"got {sizes}")
    return tuple(int(v) for v in sizes)


def _adaptive_windows(size: int, out: int):
    """Window i covers [floor(i * size / out), ceil((i + 1) * size / out))."""
    i = np.arange(out)
    return (i * size) // out, -((-(i + 1) * size) // out)


def _along(x, matrix, axis: int):
    """Apply ``matrix`` (out, in) to axis ``axis`` of x (of length in)."""
    return np.moveaxis(np.moveaxis(x, axis, -1) @ matrix.T, -1, axis)


class _AdaptiveAvgPoolNd(Module):
    _dims = 0

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        name = type(self).__name__
        sizes = _adaptive_output_size(self.output_size, input, self._dims, name)
        x, batched = _batched(input, self._dims, name)
        self._matrices, self._batched = [], batched
        for axis, (n, o) in enumerate(zip(x.shape[2:], sizes)):
            start, end = _adaptive_windows(n, o)
            j = np.arange(n)
            inside = (j >= start[:, None]) & (j < end[:, None])
            matrix = (inside / (end - start)[:, None]).astype(x.dtype)
            self._matrices.append(matrix)
            x = _along(x, matrix, axis + 2)
        return _unbatch(x, batched)

    def backward(self, grad_output):
        grad = grad_output if self._batched else grad_output[None]
        for axis, matrix in enumerate(self._matrices):
            grad = _along(grad, matrix.T, axis + 2)
        return _unbatch(grad, self._batched)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


_ADAPTIVE_AVG_DOC = r"""{d}-D adaptive average pooling: the output has a fixed spatial size,
    whatever the input's, each output the mean of its window.

    Along each spatial axis (input length L_in, output length L_out), output i averages the input
    positions [floor(i * L_in / L_out), ceil((i + 1) * L_in / L_out)); windows may overlap and
    differ in length. The {d}-D window is the product of the per-axis windows, so the pooling is
    separable: one averaging matrix per axis.

    Args:
        output_size: the target size ({size_note}).

    Shape:
        input (N, C, {spatial_in}) or (C, {spatial_in}); output (N, C, {spatial_out}) or
        (C, {spatial_out}) = output_size.

    Backward: each output's gradient divided by its window size is added to every element of its
    window (the transpose of each averaging matrix). A negative output size raises RuntimeError.
"""


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    __doc__ = _ADAPTIVE_AVG_DOC.format(d=1, size_note="an int or a 1-tuple", spatial_in="L_in",
                                       spatial_out="L_out")
    _dims = 1


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    __doc__ = _ADAPTIVE_AVG_DOC.format(
        d=2, size_note="an int for a square output, or a 2-tuple whose None entries keep the "
                       "input's size", spatial_in="H_in, W_in", spatial_out="H_out, W_out")
    _dims = 2


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    __doc__ = _ADAPTIVE_AVG_DOC.format(
        d=3, size_note="an int for a cubic output, or a 3-tuple whose None entries keep the "
                       "input's size", spatial_in="D_in, H_in, W_in", spatial_out="D_out, H_out, W_out")
    _dims = 3


class _AdaptiveMaxPoolNd(Module):
    _dims = 0

    def __init__(self, output_size, return_indices: bool = False):
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def forward(self, input):
        name = type(self).__name__
        sizes = _adaptive_output_size(self.output_size, input, self._dims, name)
        x, batched = _batched(input, self._dims, name)
        windows = [_adaptive_windows(n, o) for n, o in zip(x.shape[2:], sizes)]
        longest = [int((end - start).max(initial=1)) for start, end in windows]
        output, coords = None, None
        for offset in np.ndindex(*longest):  # clamped to the window's last element when shorter
            picks = [np.minimum(start + j, end - 1) for j, (start, end) in zip(offset, windows)]
            grid = np.ix_(*picks)
            values = x[(Ellipsis,) + grid]
            if output is None:
                output, coords = values, [np.broadcast_to(g, values.shape) for g in grid]
            else:
                better = values > output  # strict: the first maximum in scan order wins
                output = np.where(better, values, output)
                coords = [np.where(better, g, c) for g, c in zip(grid, coords)]
        indices = _plane_flat_index(coords, x.shape[2:])
        self._indices, self._plane_shape, self._batched = indices, x.shape[2:], batched
        if not self.return_indices:
            return _unbatch(output, batched)
        return _unbatch(output, batched), _unbatch(indices, batched)

    def backward(self, grad_output, grad_indices=None):
        grad = grad_output if self._batched else grad_output[None]
        return _unbatch(_scatter_to_planes(grad, self._indices, self._plane_shape), self._batched)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


_ADAPTIVE_MAX_DOC = r"""{d}-D adaptive max pooling: the output has a fixed spatial size,
    whatever the input's, each output the maximum of its window.

    Windows as in AdaptiveAvgPool{d}d: along each axis, output i covers the input positions
    [floor(i * L_in / L_out), ceil((i + 1) * L_in / L_out)).

    Args:
        output_size: the target size ({size_note}).
        return_indices: also return, for every output, the flat index (int64, row-major inside its
            input plane) of its maximum. Default: False.

    Shape:
        input (N, C, {spatial_in}) or (C, {spatial_in}); output (N, C, {spatial_out}) or
        (C, {spatial_out}) = output_size.

    Backward: each output's gradient goes to its maximum (the first one in scan order on ties);
    gradients of overlapping windows add up.
"""


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    __doc__ = _ADAPTIVE_MAX_DOC.format(d=1, size_note="an int or a 1-tuple", spatial_in="L_in",
                                       spatial_out="L_out")
    _dims = 1


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    __doc__ = _ADAPTIVE_MAX_DOC.format(
        d=2, size_note="an int for a square output, or a 2-tuple whose None entries keep the "
                       "input's size", spatial_in="H_in, W_in", spatial_out="H_out, W_out")
    _dims = 2


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    __doc__ = _ADAPTIVE_MAX_DOC.format(
        d=3, size_note="an int for a cubic output, or a 3-tuple whose None entries keep the "
                       "input's size", spatial_in="D_in, H_in, W_in", spatial_out="D_out, H_out, W_out")
    _dims = 3


# ----------------------------------------------------------------------------------------------
# Max unpooling
# ----------------------------------------------------------------------------------------------
class _MaxUnpoolNd(Module):
    _dims = 0

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        name = type(self).__name__
        self.kernel_size = _ntuple(kernel_size, self._dims, "kernel_size", name)
        self.stride = _ntuple(stride if stride is not None else kernel_size, self._dims, "stride", name)
        self.padding = _ntuple(padding, self._dims, "padding", name)

    def _output_size(self, input, output_size) -> tuple:
        d = self._dims
        default = [(input.shape[input.ndim - d + a] - 1) * self.stride[a] + self.kernel_size[a]
                   - 2 * self.padding[a] for a in range(d)]
        if output_size is None:
            sizes = default
        else:
            sizes = list(output_size)
            if len(sizes) == d + 2:
                sizes = sizes[2:]
            if len(sizes) != d:
                raise ValueError(f"output_size should be a sequence containing {d} or {d + 2} "
                                 f"elements, but it has a length of '{len(sizes)}'")
            for a in range(d):
                low, high = default[a] - self.stride[a], default[a] + self.stride[a]
                if not low < sizes[a] < high:
                    raise ValueError(f'invalid output_size "{output_size}" (dim {a} must be '
                                     f'between {low} and {high})')
        for a in range(d):
            if sizes[a] < 0:
                raise ValueError("max_unpooling: output_size must contain non-negative spatial "
                                 f"dimensions, but got output_size[{a}]={sizes[a]}")
        return tuple(int(v) for v in sizes)

    def forward(self, input, indices, output_size=None):
        name, d = type(self).__name__, self._dims
        sizes = self._output_size(input, output_size)
        indices = np.asarray(indices)
        if indices.dtype != np.int64:
            raise RuntimeError(f"elements in indices should be type int64 but got: {indices.dtype}")
        if input.ndim not in (d + 1, d + 2):
            raise RuntimeError(f"Input to {name} should be a {d + 1}d or {d + 2}d array, but got "
                               f"one with {input.ndim} dimensions.")
        if indices.shape != input.shape:
            raise RuntimeError("Expected shape of indices to be same as that of the input tensor "
                               f"({list(input.shape)}) but got indices tensor with shape: "
                               f"{list(indices.shape)}")
        if 0 in input.shape[1:]:  # as torch: only the first dim (batch, or channels unbatched) may be 0
            raise RuntimeError(f"{name}: expected input to have non-zero size for non-batch dimensions, "
                               f"but got input shape {list(input.shape)}")
        plane = math.prod(sizes)
        # as torch: indices are validated only while writing, so an empty output accepts any
        if plane and indices.size and (indices.min() < 0 or indices.max() >= plane):
            bad = indices.min() if indices.min() < 0 else indices.max()
            raise RuntimeError(f"Found an invalid max index: {bad} (output volumes are of size "
                               f"{'x'.join(map(str, sizes))})")
        x, batched = (input, True) if input.ndim == d + 2 else (input[None], False)
        planes = x.shape[0] * x.shape[1]
        flat_indices = (indices if batched else indices[None]).reshape(planes, math.prod(x.shape[2:]))
        rows = np.arange(planes)[:, None]
        output = np.zeros((planes, plane), dtype=x.dtype)
        if plane:
            output[rows, flat_indices] = x.reshape(flat_indices.shape)
        self._rows, self._flat_indices, self._shape = rows, flat_indices, input.shape
        return _unbatch(output.reshape(x.shape[:2] + sizes), batched)

    def backward(self, grad_output):
        grad = grad_output.reshape(self._rows.shape[0], math.prod(grad_output.shape[-self._dims:]))
        return grad[self._rows, self._flat_indices].reshape(self._shape)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


_MAXUNPOOL_DOC = r"""Partial inverse of MaxPool{d}d: puts each input value at the position its
    index names, zeros elsewhere.

    ``forward(input, indices, output_size=None)``: ``indices`` (int64, the shape of ``input``) are
    the flat per-plane positions returned by MaxPool{d}d(return_indices=True);
    output[n, c].flat[indices[n, c, ...]] = input[n, c, ...].

    Args:
        kernel_size: the max-pool's kernel size (int or {d}-tuple).
        stride: the max-pool's stride. Default: kernel_size.
        padding: the max-pool's padding. Default: 0.

    Shape:
        input (N, C, {spatial_in}) or (C, {spatial_in}); output (N, C, {spatial_out}) or
        (C, {spatial_out}) with L_out = (L_in - 1) * stride - 2 * padding + kernel_size per axis,
        or ``output_size`` ({d} sizes, or {d2} whose first two are ignored), each of which must lie
        strictly between that default minus and plus the stride (else ValueError).

    Backward: the input's gradient gathers the output gradient at the indices (the indices get
    none). Indices that are not int64, of another shape than the input, or outside the output
    plane raise RuntimeError.
"""


class MaxUnpool1d(_MaxUnpoolNd):
    __doc__ = _MAXUNPOOL_DOC.format(d=1, d2=3, spatial_in="L_in", spatial_out="L_out")
    _dims = 1


class MaxUnpool2d(_MaxUnpoolNd):
    __doc__ = _MAXUNPOOL_DOC.format(d=2, d2=4, spatial_in="H_in, W_in", spatial_out="H_out, W_out")
    _dims = 2


class MaxUnpool3d(_MaxUnpoolNd):
    __doc__ = _MAXUNPOOL_DOC.format(d=3, d2=5, spatial_in="D_in, H_in, W_in",
                                    spatial_out="D_out, H_out, W_out")
    _dims = 3
