# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""GroupNorm and LayerNorm.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['GroupNorm', 'LayerNorm']


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

    def __init__(self, num_groups, num_channels, eps=1e-05, affine=True, *, bias=True):
        raise NotImplementedError("GroupNorm.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("GroupNorm.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("GroupNorm.backward")


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

    def __init__(self, normalized_shape, eps=1e-05, elementwise_affine=True, bias=True):
        raise NotImplementedError("LayerNorm.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("LayerNorm.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("LayerNorm.backward")
