# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""BatchNorm1d/2d/3d, and the normalization helpers InstanceNorm, GroupNorm and LayerNorm share.

Every normalization layer computes, over some axes of the input (the "reduction axes"),

    x_hat = (x - mean) / sqrt(var + eps)        var: the BIASED variance (divide by n)
    y     = x_hat * weight + bias               (when the layer is affine)

and, when the statistics are the batch's own, its gradient is

    dL/dx = (1 / sqrt(var + eps)) * (g - mean(g) - x_hat * mean(g * x_hat)),   g = dL/dx_hat,

the means taken over the same reduction axes.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d']


class BatchNorm1d(Module):
    r"""Batch normalization of a batch of vectors or sequences:
    per channel c (dim 1), over the batch and every spatial position,

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot \gamma + \beta

    (Var: the biased variance, divided by n).

    Args:
        num_features: C, the number of channels (dim 1 of the input).
        eps: added to the variance for numerical stability. Default: 1e-5.
        momentum: factor of the running-statistics update
            ``running = (1 - momentum) * running + momentum * batch_statistic``;
            None means a cumulative moving average (factor ``1 / num_batches_tracked``, counted
            after this batch's increment). Default: 0.1.
        affine: learnable per-channel weight (gamma) and bias (beta). Default: True.
        track_running_stats: keep running_mean/running_var/num_batches_tracked buffers.
            Default: True.
        bias: (keyword-only) with affine, whether there is a bias (beta). Default: True.

    Which statistics normalize:
        - training mode: the batch's mean and BIASED variance, over every axis but dim 1;
          when tracking, running_mean and running_var are updated (running_var with the
          UNBIASED batch variance, n / (n - 1) times the biased one, n = values per channel) and
          num_batches_tracked grows by 1;
        - eval mode with tracked statistics: running_mean and running_var (no state changes);
        - eval mode without tracked statistics: the batch's statistics, as in training.

    Errors: wrong input ndim -> ValueError; batch statistics of a single value per channel ->
    ValueError("Expected more than 1 value per channel when training, ..."); eps <= 0 with batch
    statistics (or eps < 0 otherwise) -> ValueError; channels != num_features -> RuntimeError
    (when the layer has running statistics or parameters of size num_features); num_features = 0
    is valid without affine parameters (an empty output), with them forward raises IndexError (as
    torch's kernel does).

    Attributes:
        weight: (C,) ones; bias: (C,) zeros (when affine).
        running_mean: (C,) zeros; running_var: (C,) ones; num_batches_tracked: int64 scalar 0
        (when track_running_stats; otherwise these are None and absent from state_dict).

    Backward: with batch statistics the full gradient through the mean and the variance
    (dx = gamma / sqrt(var + eps) * (g - mean(g) - x_hat * mean(g * x_hat)), means per channel);
    with running statistics the affine map's, dx = g * gamma / sqrt(running_var + eps).
    dgamma += sum(g * x_hat), dbeta += sum(g), summed over every axis but dim 1.

    Shape: input (N, C) or (N, C, L); output: same shape as the input.
    """

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, *, bias=True):
        raise NotImplementedError("BatchNorm1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("BatchNorm1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("BatchNorm1d.backward")


class BatchNorm2d(Module):
    r"""Batch normalization of a batch of images:
    per channel c (dim 1), over the batch and every spatial position,

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot \gamma + \beta

    (Var: the biased variance, divided by n).

    Args:
        num_features: C, the number of channels (dim 1 of the input).
        eps: added to the variance for numerical stability. Default: 1e-5.
        momentum: factor of the running-statistics update
            ``running = (1 - momentum) * running + momentum * batch_statistic``;
            None means a cumulative moving average (factor ``1 / num_batches_tracked``, counted
            after this batch's increment). Default: 0.1.
        affine: learnable per-channel weight (gamma) and bias (beta). Default: True.
        track_running_stats: keep running_mean/running_var/num_batches_tracked buffers.
            Default: True.
        bias: (keyword-only) with affine, whether there is a bias (beta). Default: True.

    Which statistics normalize:
        - training mode: the batch's mean and BIASED variance, over every axis but dim 1;
          when tracking, running_mean and running_var are updated (running_var with the
          UNBIASED batch variance, n / (n - 1) times the biased one, n = values per channel) and
          num_batches_tracked grows by 1;
        - eval mode with tracked statistics: running_mean and running_var (no state changes);
        - eval mode without tracked statistics: the batch's statistics, as in training.

    Errors: wrong input ndim -> ValueError; batch statistics of a single value per channel ->
    ValueError("Expected more than 1 value per channel when training, ..."); eps <= 0 with batch
    statistics (or eps < 0 otherwise) -> ValueError; channels != num_features -> RuntimeError
    (when the layer has running statistics or parameters of size num_features); num_features = 0
    is valid without affine parameters (an empty output), with them forward raises IndexError (as
    torch's kernel does).

    Attributes:
        weight: (C,) ones; bias: (C,) zeros (when affine).
        running_mean: (C,) zeros; running_var: (C,) ones; num_batches_tracked: int64 scalar 0
        (when track_running_stats; otherwise these are None and absent from state_dict).

    Backward: with batch statistics the full gradient through the mean and the variance
    (dx = gamma / sqrt(var + eps) * (g - mean(g) - x_hat * mean(g * x_hat)), means per channel);
    with running statistics the affine map's, dx = g * gamma / sqrt(running_var + eps).
    dgamma += sum(g * x_hat), dbeta += sum(g), summed over every axis but dim 1.

    Shape: input (N, C, H, W); output: same shape as the input.
    """

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, *, bias=True):
        raise NotImplementedError("BatchNorm2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("BatchNorm2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("BatchNorm2d.backward")


class BatchNorm3d(Module):
    r"""Batch normalization of a batch of volumes:
    per channel c (dim 1), over the batch and every spatial position,

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot \gamma + \beta

    (Var: the biased variance, divided by n).

    Args:
        num_features: C, the number of channels (dim 1 of the input).
        eps: added to the variance for numerical stability. Default: 1e-5.
        momentum: factor of the running-statistics update
            ``running = (1 - momentum) * running + momentum * batch_statistic``;
            None means a cumulative moving average (factor ``1 / num_batches_tracked``, counted
            after this batch's increment). Default: 0.1.
        affine: learnable per-channel weight (gamma) and bias (beta). Default: True.
        track_running_stats: keep running_mean/running_var/num_batches_tracked buffers.
            Default: True.
        bias: (keyword-only) with affine, whether there is a bias (beta). Default: True.

    Which statistics normalize:
        - training mode: the batch's mean and BIASED variance, over every axis but dim 1;
          when tracking, running_mean and running_var are updated (running_var with the
          UNBIASED batch variance, n / (n - 1) times the biased one, n = values per channel) and
          num_batches_tracked grows by 1;
        - eval mode with tracked statistics: running_mean and running_var (no state changes);
        - eval mode without tracked statistics: the batch's statistics, as in training.

    Errors: wrong input ndim -> ValueError; batch statistics of a single value per channel ->
    ValueError("Expected more than 1 value per channel when training, ..."); eps <= 0 with batch
    statistics (or eps < 0 otherwise) -> ValueError; channels != num_features -> RuntimeError
    (when the layer has running statistics or parameters of size num_features); num_features = 0
    is valid without affine parameters (an empty output), with them forward raises IndexError (as
    torch's kernel does).

    Attributes:
        weight: (C,) ones; bias: (C,) zeros (when affine).
        running_mean: (C,) zeros; running_var: (C,) ones; num_batches_tracked: int64 scalar 0
        (when track_running_stats; otherwise these are None and absent from state_dict).

    Backward: with batch statistics the full gradient through the mean and the variance
    (dx = gamma / sqrt(var + eps) * (g - mean(g) - x_hat * mean(g * x_hat)), means per channel);
    with running statistics the affine map's, dx = g * gamma / sqrt(running_var + eps).
    dgamma += sum(g * x_hat), dbeta += sum(g), summed over every axis but dim 1.

    Shape: input (N, C, D, H, W); output: same shape as the input.
    """

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, *, bias=True):
        raise NotImplementedError("BatchNorm3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("BatchNorm3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("BatchNorm3d.backward")
