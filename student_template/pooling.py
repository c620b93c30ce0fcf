# Student template generated from reference/ by tools/make_template.py: implement the bodies.
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
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d', 'LPPool1d', 'LPPool2d', 'LPPool3d', 'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d', 'AdaptiveMaxPool3d', 'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveAvgPool3d', 'MaxUnpool1d', 'MaxUnpool2d', 'MaxUnpool3d']


class MaxPool1d(Module):
    r"""1-D max pooling: each output is the maximum of its window of the input.

    .. math:: y[n, c, o] = \max_{j} x_{pad}[n, c, o \cdot s - p + j \cdot d], \quad j \in [0, k)

    where positions outside the input are -inf (implicit padding). Windows, output size and
    ceil_mode follow the module docstring's geometry.

    Args:
        kernel_size: window size k (int or 1-tuple).
        stride: window step s. Default: kernel_size (None means kernel_size).
        padding: implicit -inf padding p on both sides; must satisfy 0 <= p <= k // 2.
        dilation: spacing d between window elements. Default: 1.
        return_indices: return (output, indices): for every output, the flat index (int64) of its
            maximum inside its input plane (row-major over the spatial axes, unpadded
            coordinates), as MaxUnpool1d expects. Default: False.
        ceil_mode: use ceil instead of floor for the output size. Default: False.

    Shape:
        input (N, C, L_in) or (C, L_in); output (N, C, L_out) or
        (C, L_out) with L_out = floor((L_in + 2p - d(k-1) - 1) / s) + 1 per axis
        (see the module docstring for ceil_mode).

    Backward: the gradient of each output goes to the input element that was its maximum (the
    first one in scan order on ties); gradients of overlapping windows add up.
    Invalid arguments (k, s or d <= 0, p < 0 or p > k // 2, an output size < 1, a wrong input
    rank) raise RuntimeError.
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        raise NotImplementedError("MaxPool1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("MaxPool1d.forward")

    def backward(self, grad_output, grad_indices=None):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("MaxPool1d.backward")


class MaxPool2d(Module):
    r"""2-D max pooling: each output is the maximum of its window of the input.

    .. math:: y[n, c, o] = \max_{j} x_{pad}[n, c, o \cdot s - p + j \cdot d], \quad j \in [0, k)^2

    where positions outside the input are -inf (implicit padding). Windows, output size and
    ceil_mode follow the module docstring's geometry.

    Args:
        kernel_size: window size k (int or 2-tuple).
        stride: window step s. Default: kernel_size (None means kernel_size).
        padding: implicit -inf padding p on both sides; must satisfy 0 <= p <= k // 2.
        dilation: spacing d between window elements. Default: 1.
        return_indices: return (output, indices): for every output, the flat index (int64) of its
            maximum inside its input plane (row-major over the spatial axes, unpadded
            coordinates), as MaxUnpool2d expects. Default: False.
        ceil_mode: use ceil instead of floor for the output size. Default: False.

    Shape:
        input (N, C, H_in, W_in) or (C, H_in, W_in); output (N, C, H_out, W_out) or
        (C, H_out, W_out) with L_out = floor((L_in + 2p - d(k-1) - 1) / s) + 1 per axis
        (see the module docstring for ceil_mode).

    Backward: the gradient of each output goes to the input element that was its maximum (the
    first one in scan order on ties); gradients of overlapping windows add up.
    Invalid arguments (k, s or d <= 0, p < 0 or p > k // 2, an output size < 1, a wrong input
    rank) raise RuntimeError.
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        raise NotImplementedError("MaxPool2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("MaxPool2d.forward")

    def backward(self, grad_output, grad_indices=None):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("MaxPool2d.backward")


class MaxPool3d(Module):
    r"""3-D max pooling: each output is the maximum of its window of the input.

    .. math:: y[n, c, o] = \max_{j} x_{pad}[n, c, o \cdot s - p + j \cdot d], \quad j \in [0, k)^3

    where positions outside the input are -inf (implicit padding). Windows, output size and
    ceil_mode follow the module docstring's geometry.

    Args:
        kernel_size: window size k (int or 3-tuple).
        stride: window step s. Default: kernel_size (None means kernel_size).
        padding: implicit -inf padding p on both sides; must satisfy 0 <= p <= k // 2.
        dilation: spacing d between window elements. Default: 1.
        return_indices: return (output, indices): for every output, the flat index (int64) of its
            maximum inside its input plane (row-major over the spatial axes, unpadded
            coordinates), as MaxUnpool3d expects. Default: False.
        ceil_mode: use ceil instead of floor for the output size. Default: False.

    Shape:
        input (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in); output (N, C, D_out, H_out, W_out) or
        (C, D_out, H_out, W_out) with L_out = floor((L_in + 2p - d(k-1) - 1) / s) + 1 per axis
        (see the module docstring for ceil_mode).

    Backward: the gradient of each output goes to the input element that was its maximum (the
    first one in scan order on ties); gradients of overlapping windows add up.
    Invalid arguments (k, s or d <= 0, p < 0 or p > k // 2, an output size < 1, a wrong input
    rank) raise RuntimeError.
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        raise NotImplementedError("MaxPool3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("MaxPool3d.forward")

    def backward(self, grad_output, grad_indices=None):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("MaxPool3d.backward")


class AvgPool1d(Module):
    r"""1-D average pooling: each output is the mean of its window of the input.

    .. math:: y[n, c, o] = \frac{1}{D_o} \sum_{j \in [0, k)} x_{pad}[n, c, o \cdot s - p + j]

    with zero padding. The divisor D_o of each window is
      - divisor_override if given; (AvgPool1d has no divisor_override)
      - else, with count_include_pad=True, the number of window elements inside the padded input
        (a ceil_mode window hanging over the right padding counts only its part up to L_in + p);
      - else the number of window elements inside the input itself.

    Args:
        kernel_size: window size k (int or 1-tuple).
        stride: window step s. Default: kernel_size (None means kernel_size).
        padding: implicit zero padding p on both sides; must satisfy 0 <= p <= k // 2.
        ceil_mode: use ceil instead of floor for the output size. Default: False.
        count_include_pad: count padding zeros in the divisor. Default: True.

    Shape:
        input (N, C, L_in) or (C, L_in); output (N, C, L_out) or
        (C, L_out) with L_out = floor((L_in + 2p - k) / s) + 1 per axis (see the module
        docstring for ceil_mode).

    Backward: each output's gradient divided by D_o is added to every input element of its window.
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        raise NotImplementedError("AvgPool1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("AvgPool1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("AvgPool1d.backward")


class AvgPool2d(Module):
    r"""2-D average pooling: each output is the mean of its window of the input.

    .. math:: y[n, c, o] = \frac{1}{D_o} \sum_{j \in [0, k)^2} x_{pad}[n, c, o \cdot s - p + j]

    with zero padding. The divisor D_o of each window is
      - divisor_override if given;
      - else, with count_include_pad=True, the number of window elements inside the padded input
        (a ceil_mode window hanging over the right padding counts only its part up to L_in + p);
      - else the number of window elements inside the input itself.

    Args:
        kernel_size: window size k (int or 2-tuple).
        stride: window step s. Default: kernel_size (None means kernel_size).
        padding: implicit zero padding p on both sides; must satisfy 0 <= p <= k // 2.
        ceil_mode: use ceil instead of floor for the output size. Default: False.
        count_include_pad: count padding zeros in the divisor. Default: True.
        divisor_override: if given (an int, nonzero, may be negative), the divisor of every
            window. Default: None.

    Shape:
        input (N, C, H_in, W_in) or (C, H_in, W_in); output (N, C, H_out, W_out) or
        (C, H_out, W_out) with L_out = floor((L_in + 2p - k) / s) + 1 per axis (see the module
        docstring for ceil_mode).

    Backward: each output's gradient divided by D_o is added to every input element of its window.
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None):
        raise NotImplementedError("AvgPool2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("AvgPool2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("AvgPool2d.backward")


class AvgPool3d(Module):
    r"""3-D average pooling: each output is the mean of its window of the input.

    .. math:: y[n, c, o] = \frac{1}{D_o} \sum_{j \in [0, k)^3} x_{pad}[n, c, o \cdot s - p + j]

    with zero padding. The divisor D_o of each window is
      - divisor_override if given;
      - else, with count_include_pad=True, the number of window elements inside the padded input
        (a ceil_mode window hanging over the right padding counts only its part up to L_in + p);
      - else the number of window elements inside the input itself.

    Args:
        kernel_size: window size k (int or 3-tuple).
        stride: window step s. Default: kernel_size (None means kernel_size).
        padding: implicit zero padding p on both sides; must satisfy 0 <= p <= k // 2.
        ceil_mode: use ceil instead of floor for the output size. Default: False.
        count_include_pad: count padding zeros in the divisor. Default: True.
        divisor_override: if given (an int, nonzero, may be negative), the divisor of every
            window. Default: None.

    Shape:
        input (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in); output (N, C, D_out, H_out, W_out) or
        (C, D_out, H_out, W_out) with L_out = floor((L_in + 2p - k) / s) + 1 per axis (see the module
        docstring for ceil_mode).

    Backward: each output's gradient divided by D_o is added to every input element of its window.
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None):
        raise NotImplementedError("AvgPool3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("AvgPool3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("AvgPool3d.backward")


class LPPool1d(Module):
    r"""1-D power-average pooling, computed exactly as torch does:

    .. math:: y = \Big(K \cdot \operatorname{mean}_{window}(x^p)\Big)^{1/p}, \qquad K = \prod k

    i.e. (sum of x^p over the window)^(1/p) for full windows. There is no padding and no
    absolute value: x^p of a negative x with a fractional p is NaN, and p = 1 gives the plain
    window sum. A ceil_mode window hanging over the right end averages only its elements inside
    the input but is still multiplied by the full K. p = inf gives the max of |x| over the window
    (p = -inf its min); p = 0 raises ZeroDivisionError.

    Args:
        norm_type: the power p.
        kernel_size: window size k (an int).
        stride: window step. Default: kernel_size (None means kernel_size).
        ceil_mode: use ceil instead of floor for the output size. Default: False.

    Shape:
        input (N, C, L_in) or (C, L_in); output (N, C, L_out) or
        (C, L_out) with L_out = floor((L_in - k) / s) + 1 per axis (see the module
        docstring for ceil_mode).

    Backward: chain rule through the three steps; with m the window mean and z = K m,
    dy/dm = K (1/p) z^(1/p - 1) (zero where m == 0), spread over the window as in average
    pooling (divided by the window's element count), times p x^(p-1).
    """

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        raise NotImplementedError("LPPool1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("LPPool1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("LPPool1d.backward")


class LPPool2d(Module):
    r"""2-D power-average pooling, computed exactly as torch does:

    .. math:: y = \Big(K \cdot \operatorname{mean}_{window}(x^p)\Big)^{1/p}, \qquad K = \prod k

    i.e. (sum of x^p over the window)^(1/p) for full windows. There is no padding and no
    absolute value: x^p of a negative x with a fractional p is NaN, and p = 1 gives the plain
    window sum. A ceil_mode window hanging over the right end averages only its elements inside
    the input but is still multiplied by the full K. p = inf gives the max of |x| over the window
    (p = -inf its min); p = 0 raises ZeroDivisionError.

    Args:
        norm_type: the power p.
        kernel_size: window size k (int or 2-tuple).
        stride: window step. Default: kernel_size (None means kernel_size).
        ceil_mode: use ceil instead of floor for the output size. Default: False.

    Shape:
        input (N, C, H_in, W_in) or (C, H_in, W_in); output (N, C, H_out, W_out) or
        (C, H_out, W_out) with L_out = floor((L_in - k) / s) + 1 per axis (see the module
        docstring for ceil_mode).

    Backward: chain rule through the three steps; with m the window mean and z = K m,
    dy/dm = K (1/p) z^(1/p - 1) (zero where m == 0), spread over the window as in average
    pooling (divided by the window's element count), times p x^(p-1).
    """

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        raise NotImplementedError("LPPool2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("LPPool2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("LPPool2d.backward")


class LPPool3d(Module):
    r"""3-D power-average pooling, computed exactly as torch does:

    .. math:: y = \Big(K \cdot \operatorname{mean}_{window}(x^p)\Big)^{1/p}, \qquad K = \prod k

    i.e. (sum of x^p over the window)^(1/p) for full windows. There is no padding and no
    absolute value: x^p of a negative x with a fractional p is NaN, and p = 1 gives the plain
    window sum. A ceil_mode window hanging over the right end averages only its elements inside
    the input but is still multiplied by the full K. p = inf gives the max of |x| over the window
    (p = -inf its min); p = 0 raises ZeroDivisionError.

    Args:
        norm_type: the power p.
        kernel_size: window size k (int or 3-tuple).
        stride: window step. Default: kernel_size (None means kernel_size).
        ceil_mode: use ceil instead of floor for the output size. Default: False.

    Shape:
        input (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in); output (N, C, D_out, H_out, W_out) or
        (C, D_out, H_out, W_out) with L_out = floor((L_in - k) / s) + 1 per axis (see the module
        docstring for ceil_mode).

    Backward: chain rule through the three steps; with m the window mean and z = K m,
    dy/dm = K (1/p) z^(1/p - 1) (zero where m == 0), spread over the window as in average
    pooling (divided by the window's element count), times p x^(p-1).
    """

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        raise NotImplementedError("LPPool3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("LPPool3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("LPPool3d.backward")


class AdaptiveMaxPool1d(Module):
    """1-D adaptive max pooling: the output has a fixed spatial size,
    whatever the input's, each output the maximum of its window.

    Windows as in AdaptiveAvgPool1d: along each axis, output i covers the input positions
    [floor(i * L_in / L_out), ceil((i + 1) * L_in / L_out)).

    Args:
        output_size: the target size (an int or a 1-tuple).
        return_indices: also return, for every output, the flat index (int64, row-major inside its
            input plane) of its maximum. Default: False.

    Shape:
        input (N, C, L_in) or (C, L_in); output (N, C, L_out) or
        (C, L_out) = output_size.

    Backward: each output's gradient goes to its maximum (the first one in scan order on ties);
    gradients of overlapping windows add up.
    """

    def __init__(self, output_size, return_indices=False):
        raise NotImplementedError("AdaptiveMaxPool1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("AdaptiveMaxPool1d.forward")

    def backward(self, grad_output, grad_indices=None):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("AdaptiveMaxPool1d.backward")


class AdaptiveMaxPool2d(Module):
    """2-D adaptive max pooling: the output has a fixed spatial size,
    whatever the input's, each output the maximum of its window.

    Windows as in AdaptiveAvgPool2d: along each axis, output i covers the input positions
    [floor(i * L_in / L_out), ceil((i + 1) * L_in / L_out)).

    Args:
        output_size: the target size (an int for a square output, or a 2-tuple whose None entries keep the input's size).
        return_indices: also return, for every output, the flat index (int64, row-major inside its
            input plane) of its maximum. Default: False.

    Shape:
        input (N, C, H_in, W_in) or (C, H_in, W_in); output (N, C, H_out, W_out) or
        (C, H_out, W_out) = output_size.

    Backward: each output's gradient goes to its maximum (the first one in scan order on ties);
    gradients of overlapping windows add up.
    """

    def __init__(self, output_size, return_indices=False):
        raise NotImplementedError("AdaptiveMaxPool2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("AdaptiveMaxPool2d.forward")

    def backward(self, grad_output, grad_indices=None):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("AdaptiveMaxPool2d.backward")


class AdaptiveMaxPool3d(Module):
    """3-D adaptive max pooling: the output has a fixed spatial size,
    whatever the input's, each output the maximum of its window.

    Windows as in AdaptiveAvgPool3d: along each axis, output i covers the input positions
    [floor(i * L_in / L_out), ceil((i + 1) * L_in / L_out)).

    Args:
        output_size: the target size (an int for a cubic output, or a 3-tuple whose None entries keep the input's size).
        return_indices: also return, for every output, the flat index (int64, row-major inside its
            input plane) of its maximum. Default: False.

    Shape:
        input (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in); output (N, C, D_out, H_out, W_out) or
        (C, D_out, H_out, W_out) = output_size.

    Backward: each output's gradient goes to its maximum (the first one in scan order on ties);
    gradients of overlapping windows add up.
    """

    def __init__(self, output_size, return_indices=False):
        raise NotImplementedError("AdaptiveMaxPool3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("AdaptiveMaxPool3d.forward")

    def backward(self, grad_output, grad_indices=None):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("AdaptiveMaxPool3d.backward")


class AdaptiveAvgPool1d(Module):
    """1-D adaptive average pooling: the output has a fixed spatial size,
    whatever the input's, each output the mean of its window.

    Along each spatial axis (input length L_in, output length L_out), output i averages the input
    positions [floor(i * L_in / L_out), ceil((i + 1) * L_in / L_out)); windows may overlap and
    differ in length. The 1-D window is the product of the per-axis windows, so the pooling is
    separable: one averaging matrix per axis.

    Args:
        output_size: the target size (an int or a 1-tuple).

    Shape:
        input (N, C, L_in) or (C, L_in); output (N, C, L_out) or
        (C, L_out) = output_size.

    Backward: each output's gradient divided by its window size is added to every element of its
    window (the transpose of each averaging matrix). A negative output size raises RuntimeError.
    """

    def __init__(self, output_size):
        raise NotImplementedError("AdaptiveAvgPool1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("AdaptiveAvgPool1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("AdaptiveAvgPool1d.backward")


class AdaptiveAvgPool2d(Module):
    """2-D adaptive average pooling: the output has a fixed spatial size,
    whatever the input's, each output the mean of its window.

    Along each spatial axis (input length L_in, output length L_out), output i averages the input
    positions [floor(i * L_in / L_out), ceil((i + 1) * L_in / L_out)); windows may overlap and
    differ in length. The 2-D window is the product of the per-axis windows, so the pooling is
    separable: one averaging matrix per axis.

    Args:
        output_size: the target size (an int for a square output, or a 2-tuple whose None entries keep the input's size).

    Shape:
        input (N, C, H_in, W_in) or (C, H_in, W_in); output (N, C, H_out, W_out) or
        (C, H_out, W_out) = output_size.

    Backward: each output's gradient divided by its window size is added to every element of its
    window (the transpose of each averaging matrix). A negative output size raises RuntimeError.
    """

    def __init__(self, output_size):
        raise NotImplementedError("AdaptiveAvgPool2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("AdaptiveAvgPool2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("AdaptiveAvgPool2d.backward")


class AdaptiveAvgPool3d(Module):
    """3-D adaptive average pooling: the output has a fixed spatial size,
    whatever the input's, each output the mean of its window.

    Along each spatial axis (input length L_in, output length L_out), output i averages the input
    positions [floor(i * L_in / L_out), ceil((i + 1) * L_in / L_out)); windows may overlap and
    differ in length. The 3-D window is the product of the per-axis windows, so the pooling is
    separable: one averaging matrix per axis.

    Args:
        output_size: the target size (an int for a cubic output, or a 3-tuple whose None entries keep the input's size).

    Shape:
        input (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in); output (N, C, D_out, H_out, W_out) or
        (C, D_out, H_out, W_out) = output_size.

    Backward: each output's gradient divided by its window size is added to every element of its
    window (the transpose of each averaging matrix). A negative output size raises RuntimeError.
    """

    def __init__(self, output_size):
        raise NotImplementedError("AdaptiveAvgPool3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("AdaptiveAvgPool3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("AdaptiveAvgPool3d.backward")


class MaxUnpool1d(Module):
    """Partial inverse of MaxPool1d: puts each input value at the position its
    index names, zeros elsewhere.

    ``forward(input, indices, output_size=None)``: ``indices`` (int64, the shape of ``input``) are
    the flat per-plane positions returned by MaxPool1d(return_indices=True);
    output[n, c].flat[indices[n, c, ...]] = input[n, c, ...].

    Args:
        kernel_size: the max-pool's kernel size (int or 1-tuple).
        stride: the max-pool's stride. Default: kernel_size.
        padding: the max-pool's padding. Default: 0.

    Shape:
        input (N, C, L_in) or (C, L_in); output (N, C, L_out) or
        (C, L_out) with L_out = (L_in - 1) * stride - 2 * padding + kernel_size per axis,
        or ``output_size`` (1 sizes, or 3 whose first two are ignored), each of which must lie
        strictly between that default minus and plus the stride (else ValueError).

    Backward: the input's gradient gathers the output gradient at the indices (the indices get
    none). Indices that are not int64, of another shape than the input, or outside the output
    plane raise RuntimeError.
    """

    def __init__(self, kernel_size, stride=None, padding=0):
        raise NotImplementedError("MaxUnpool1d.__init__")

    def forward(self, input, indices, output_size=None):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("MaxUnpool1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("MaxUnpool1d.backward")


class MaxUnpool2d(Module):
    """Partial inverse of MaxPool2d: puts each input value at the position its
    index names, zeros elsewhere.

    ``forward(input, indices, output_size=None)``: ``indices`` (int64, the shape of ``input``) are
    the flat per-plane positions returned by MaxPool2d(return_indices=True);
    output[n, c].flat[indices[n, c, ...]] = input[n, c, ...].

    Args:
        kernel_size: the max-pool's kernel size (int or 2-tuple).
        stride: the max-pool's stride. Default: kernel_size.
        padding: the max-pool's padding. Default: 0.

    Shape:
        input (N, C, H_in, W_in) or (C, H_in, W_in); output (N, C, H_out, W_out) or
        (C, H_out, W_out) with L_out = (L_in - 1) * stride - 2 * padding + kernel_size per axis,
        or ``output_size`` (2 sizes, or 4 whose first two are ignored), each of which must lie
        strictly between that default minus and plus the stride (else ValueError).

    Backward: the input's gradient gathers the output gradient at the indices (the indices get
    none). Indices that are not int64, of another shape than the input, or outside the output
    plane raise RuntimeError.
    """

    def __init__(self, kernel_size, stride=None, padding=0):
        raise NotImplementedError("MaxUnpool2d.__init__")

    def forward(self, input, indices, output_size=None):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("MaxUnpool2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("MaxUnpool2d.backward")


class MaxUnpool3d(Module):
    """Partial inverse of MaxPool3d: puts each input value at the position its
    index names, zeros elsewhere.

    ``forward(input, indices, output_size=None)``: ``indices`` (int64, the shape of ``input``) are
    the flat per-plane positions returned by MaxPool3d(return_indices=True);
    output[n, c].flat[indices[n, c, ...]] = input[n, c, ...].

    Args:
        kernel_size: the max-pool's kernel size (int or 3-tuple).
        stride: the max-pool's stride. Default: kernel_size.
        padding: the max-pool's padding. Default: 0.

    Shape:
        input (N, C, D_in, H_in, W_in) or (C, D_in, H_in, W_in); output (N, C, D_out, H_out, W_out) or
        (C, D_out, H_out, W_out) with L_out = (L_in - 1) * stride - 2 * padding + kernel_size per axis,
        or ``output_size`` (3 sizes, or 5 whose first two are ignored), each of which must lie
        strictly between that default minus and plus the stride (else ValueError).

    Backward: the input's gradient gathers the output gradient at the indices (the indices get
    none). Indices that are not int64, of another shape than the input, or outside the output
    plane raise RuntimeError.
    """

    def __init__(self, kernel_size, stride=None, padding=0):
        raise NotImplementedError("MaxUnpool3d.__init__")

    def forward(self, input, indices, output_size=None):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("MaxUnpool3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("MaxUnpool3d.backward")
