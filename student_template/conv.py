# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Convolutions: Conv1d/2d/3d, ConvTranspose1d/2d/3d.

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
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401
from . import init  # noqa: F401

__all__ = ['Conv1d', 'Conv2d', 'Conv3d', 'ConvTranspose1d', 'ConvTranspose2d', 'ConvTranspose3d']


class Conv1d(Module):
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

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros'):
        raise NotImplementedError("Conv1d.__init__")

    def forward(self, input):
        """Pad, im2col, one matrix product per group, plus bias (see the class docstring).
        """
        raise NotImplementedError("Conv1d.forward")

    def backward(self, grad_output):
        """dW += g @ cols^T per group; db += g summed over batch and space;
        dx = padding backward of col2im(W^T @ g).
        """
        raise NotImplementedError("Conv1d.backward")


class Conv2d(Module):
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

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros'):
        raise NotImplementedError("Conv2d.__init__")

    def forward(self, input):
        """Pad, im2col, one matrix product per group, plus bias (see the class docstring).
        """
        raise NotImplementedError("Conv2d.forward")

    def backward(self, grad_output):
        """dW += g @ cols^T per group; db += g summed over batch and space;
        dx = padding backward of col2im(W^T @ g).
        """
        raise NotImplementedError("Conv2d.backward")


class Conv3d(Module):
    """3-D convolution (cross-correlation) over a volume of several channels.

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

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros'):
        raise NotImplementedError("Conv3d.__init__")

    def forward(self, input):
        """Pad, im2col, one matrix product per group, plus bias (see the class docstring).
        """
        raise NotImplementedError("Conv3d.forward")

    def backward(self, grad_output):
        """dW += g @ cols^T per group; db += g summed over batch and space;
        dx = padding backward of col2im(W^T @ g).
        """
        raise NotImplementedError("Conv3d.backward")


class ConvTranspose1d(Module):
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

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros'):
        raise NotImplementedError("ConvTranspose1d.__init__")

    def forward(self, input, output_size=None):
        """col2im(W^T @ x) into the padded output, then crop the padding (see the class docstring).
        """
        raise NotImplementedError("ConvTranspose1d.forward")

    def backward(self, grad_output):
        """A convolution of the gradient: dx = W @ im2col(pad(g)); dW += x @ im2col(pad(g))^T.
        """
        raise NotImplementedError("ConvTranspose1d.backward")


class ConvTranspose2d(Module):
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

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros'):
        raise NotImplementedError("ConvTranspose2d.__init__")

    def forward(self, input, output_size=None):
        """col2im(W^T @ x) into the padded output, then crop the padding (see the class docstring).
        """
        raise NotImplementedError("ConvTranspose2d.forward")

    def backward(self, grad_output):
        """A convolution of the gradient: dx = W @ im2col(pad(g)); dW += x @ im2col(pad(g))^T.
        """
        raise NotImplementedError("ConvTranspose2d.backward")


class ConvTranspose3d(Module):
    """3-D transposed convolution: the gradient of Conv3d with respect to its input.

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

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros'):
        raise NotImplementedError("ConvTranspose3d.__init__")

    def forward(self, input, output_size=None):
        """col2im(W^T @ x) into the padded output, then crop the padding (see the class docstring).
        """
        raise NotImplementedError("ConvTranspose3d.forward")

    def backward(self, grad_output):
        """A convolution of the gradient: dx = W @ im2col(pad(g)); dW += x @ im2col(pad(g))^T.
        """
        raise NotImplementedError("ConvTranspose3d.backward")
