"""GroupNorm and LayerNorm."""
from __future__ import annotations

import numbers

import numpy as np

from .batchnorm import affine_backward, affine_forward, moments, normalize, normalize_backward, \
    verify_batch_size
from .module import DEFAULT_DTYPE, Module, Parameter

__all__ = ["GroupNorm", "LayerNorm"]


def _new_parameter(shape: tuple, fill: float) -> Parameter:
    if any(size < 0 for size in shape):
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(shape)}: {list(shape)}")
    return Parameter(np.full(shape, fill, dtype=DEFAULT_DTYPE))


class GroupNorm(Module):
    r"""Group normalization: the C channels are split into num_groups groups of C / num_groups
    consecutive channels; per sample n and group, over the group's channels and every spatial
    position,

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot \gamma + \beta

    (biased variance), with a per-CHANNEL gamma and beta. The statistics are always the input's
    own (no running statistics; training and eval modes compute the same thing).

    Args:
        num_groups: number of groups G; num_channels must be divisible by it (ValueError).
        num_channels: C, the number of channels expected in the input.
        eps: added to the variance for numerical stability. Default: 1e-5.
        affine: learnable per-channel weight (gamma) and bias (beta). Default: True.
        bias: (keyword-only) with affine, whether there is a bias (beta). Default: True.

    Errors: input with fewer than 2 dims -> RuntimeError; (N * C // G) * prod(spatial) == 1 ->
    ValueError("Expected more than 1 value per channel when training, ..."); num_groups <= 0 or
    input channels not divisible by num_groups -> RuntimeError; with affine, input channels !=
    num_channels -> RuntimeError.

    Shape: input (N, C, *) with any number of spatial dims (also none); output: same shape.

    Attributes:
        weight: (C,) ones; bias: (C,) zeros (when affine).

    Backward: per (n, group): dx = (1 / sqrt(var + eps)) * (h - mean(h) - x_hat * mean(h * x_hat)),
    h = g * gamma (per channel), means over the group's values. dgamma += sum(g * x_hat),
    dbeta += sum(g), summed over the batch and the spatial positions.
    """

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
                 *, bias: bool = True):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})")
        self.num_groups = num_groups
        self.num_channels = num_channels
        self.eps = eps
        self.affine = affine
        if affine:
            self.weight = _new_parameter((num_channels,), 1.0)
            if bias:
                self.bias = _new_parameter((num_channels,), 0.0)
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def _check_input(self, input) -> None:
        if input.ndim < 2:
            raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
        batch, channels = input.shape[:2]
        verify_batch_size((batch * channels // self.num_groups, self.num_groups) + input.shape[2:])
        if self.num_groups <= 0:
            raise RuntimeError(f"Expected num groups to be greater than 0, got {self.num_groups}")
        if channels % self.num_groups != 0:
            raise RuntimeError("Expected number of channels in input to be divisible by num_groups, but got "
                               f"input of shape {list(input.shape)} and num_groups={self.num_groups}")
        if self.weight is not None and self.weight.data.size != channels:
            raise RuntimeError("Expected weight to be a vector of size equal to the number of channels in "
                               f"input, but got weight of shape {list(self.weight.shape)} and input of shape "
                               f"{list(input.shape)}")

    def forward(self, input):
        self._check_input(input)
        batch, channels = input.shape[:2]
        group_size = channels // self.num_groups * int(np.prod(input.shape[2:], dtype=np.int64))
        grouped = input.reshape(batch, self.num_groups, group_size)
        mean, var = moments(grouped, (2,))
        x_hat, inv_std = normalize(grouped, mean, var, self.eps)
        shape = (-1,) + (1,) * (input.ndim - 2)
        self._cache = (x_hat, inv_std, input.shape, shape)
        return affine_forward(x_hat.reshape(input.shape), self.weight, self.bias, shape)

    def backward(self, grad_output):
        x_hat, inv_std, input_shape, shape = self._cache
        axes = (0,) + tuple(range(2, len(input_shape)))
        grad_x_hat = affine_backward(grad_output, x_hat.reshape(input_shape), self.weight, self.bias,
                                     shape, axes)
        grad_input = normalize_backward(grad_x_hat.reshape(x_hat.shape), x_hat, inv_std, (2,))
        return grad_input.reshape(input_shape)

    def extra_repr(self) -> str:
        return f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}"


class LayerNorm(Module):
    r"""Layer normalization: per sample, over the LAST len(normalized_shape) dimensions,

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot \gamma + \beta

    (biased variance), with elementwise gamma and beta of shape normalized_shape. The statistics
    are always the input's own (training and eval modes compute the same thing).

    Args:
        normalized_shape: an int (a 1-tuple) or a tuple/list of ints, the trailing input shape
            normalized over.
        eps: added to the variance for numerical stability. Default: 1e-5.
        elementwise_affine: learnable weight (gamma) and bias (beta). Default: True.
        bias: with elementwise_affine, whether there is a bias (beta). Default: True.

    Errors: an empty normalized_shape, or an input whose trailing dims are not normalized_shape
    -> RuntimeError (raised by forward).

    Shape: input (*, *normalized_shape); output: same shape.

    Attributes:
        weight: normalized_shape, ones; bias: normalized_shape, zeros (when elementwise_affine).

    Backward: per sample: dx = (1 / sqrt(var + eps)) * (h - mean(h) - x_hat * mean(h * x_hat)),
    h = g * gamma, means over the normalized dims. dgamma += sum(g * x_hat), dbeta += sum(g),
    summed over the leading dims.
    """

    def __init__(self, normalized_shape, eps: float = 1e-5, elementwise_affine: bool = True,
                 bias: bool = True):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = _new_parameter(self.normalized_shape, 1.0)
            if bias:
                self.bias = _new_parameter(self.normalized_shape, 0.0)
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def _check_input(self, input) -> None:
        expected = list(self.normalized_shape)
        if not expected:
            raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at "
                               f"least one element, but got normalized_shape = {expected}")
        if input.ndim < len(expected) or list(input.shape[input.ndim - len(expected):]) != expected:
            raise RuntimeError(f"Given normalized_shape={expected}, expected input with shape "
                               f"[*, {', '.join(map(str, expected))}], but got input of "
                               f"size{list(input.shape)}")

    def forward(self, input):
        self._check_input(input)
        axes = tuple(range(input.ndim - len(self.normalized_shape), input.ndim))
        mean, var = moments(input, axes)
        x_hat, inv_std = normalize(input, mean, var, self.eps)
        self._cache = (x_hat, inv_std, axes)
        return affine_forward(x_hat, self.weight, self.bias, self.normalized_shape)

    def backward(self, grad_output):
        x_hat, inv_std, axes = self._cache
        leading = tuple(range(x_hat.ndim - len(axes)))
        grad_x_hat = affine_backward(grad_output, x_hat, self.weight, self.bias, self.normalized_shape,
                                     leading)
        return normalize_backward(grad_x_hat, x_hat, inv_std, axes)

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
