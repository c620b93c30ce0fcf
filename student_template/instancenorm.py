# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""InstanceNorm1d/2d/3d.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d']


class InstanceNorm1d(Module):
    r"""Instance normalization of sequences (over the length L):
    per sample n and channel c, over the spatial positions only,

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot \gamma + \beta

    (biased variance). Unbatched inputs (no N dim) are normalized as a batch of one.

    Args:
        num_features: C, the number of channels.
        eps: added to the variance for numerical stability. Default: 1e-5.
        momentum: factor of the running-statistics update
            ``running = (1 - momentum) * running + momentum * statistic``; None means 0.0
            (the running statistics never change). Default: 0.1.
        affine: learnable per-channel weight (gamma) and bias (beta). Default: False.
        track_running_stats: keep running_mean/running_var buffers. Default: False.
        bias: (keyword-only) with affine, whether there is a bias (beta). Default: True.

    Which statistics normalize:
        - training mode, or any mode without tracked statistics: each instance's own mean and
          biased variance; when tracking (training mode), running_mean is updated with the mean
          over the batch of the instance means and running_var with the mean over the batch of
          the instance UNBIASED variances; num_batches_tracked is NOT incremented;
        - eval mode with tracked statistics: running_mean and running_var, per channel.

    Errors: wrong input ndim -> ValueError; a single spatial position with instance statistics ->
    ValueError("Expected more than 1 spatial element when training, ..."); channels !=
    num_features -> ValueError with affine, RuntimeError with tracked statistics, otherwise only a
    UserWarning (num_features is not used).

    Attributes:
        weight: (C,) ones; bias: (C,) zeros (when affine).
        running_mean: (C,) zeros; running_var: (C,) ones; num_batches_tracked: int64 scalar 0
        (when track_running_stats; otherwise None and absent from state_dict).

    Backward: with instance statistics, per (n, c):
    dx = gamma / sqrt(var + eps) * (g - mean(g) - x_hat * mean(g * x_hat)), means over the spatial
    positions; with running statistics dx = g * gamma / sqrt(running_var + eps).
    dgamma += sum(g * x_hat), dbeta += sum(g), summed over the batch and the spatial positions.

    Shape: input (N, C, L) or unbatched (C, L); output: same shape as the input.
    """

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, *, bias=True):
        raise NotImplementedError("InstanceNorm1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("InstanceNorm1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("InstanceNorm1d.backward")


class InstanceNorm2d(Module):
    r"""Instance normalization of images (over H x W):
    per sample n and channel c, over the spatial positions only,

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot \gamma + \beta

    (biased variance). Unbatched inputs (no N dim) are normalized as a batch of one.

    Args:
        num_features: C, the number of channels.
        eps: added to the variance for numerical stability. Default: 1e-5.
        momentum: factor of the running-statistics update
            ``running = (1 - momentum) * running + momentum * statistic``; None means 0.0
            (the running statistics never change). Default: 0.1.
        affine: learnable per-channel weight (gamma) and bias (beta). Default: False.
        track_running_stats: keep running_mean/running_var buffers. Default: False.
        bias: (keyword-only) with affine, whether there is a bias (beta). Default: True.

    Which statistics normalize:
        - training mode, or any mode without tracked statistics: each instance's own mean and
          biased variance; when tracking (training mode), running_mean is updated with the mean
          over the batch of the instance means and running_var with the mean over the batch of
          the instance UNBIASED variances; num_batches_tracked is NOT incremented;
        - eval mode with tracked statistics: running_mean and running_var, per channel.

    Errors: wrong input ndim -> ValueError; a single spatial position with instance statistics ->
    ValueError("Expected more than 1 spatial element when training, ..."); channels !=
    num_features -> ValueError with affine, RuntimeError with tracked statistics, otherwise only a
    UserWarning (num_features is not used).

    Attributes:
        weight: (C,) ones; bias: (C,) zeros (when affine).
        running_mean: (C,) zeros; running_var: (C,) ones; num_batches_tracked: int64 scalar 0
        (when track_running_stats; otherwise None and absent from state_dict).

    Backward: with instance statistics, per (n, c):
    dx = gamma / sqrt(var + eps) * (g - mean(g) - x_hat * mean(g * x_hat)), means over the spatial
    positions; with running statistics dx = g * gamma / sqrt(running_var + eps).
    dgamma += sum(g * x_hat), dbeta += sum(g), summed over the batch and the spatial positions.

    Shape: input (N, C, H, W) or unbatched (C, H, W); output: same shape as the input.
    """

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, *, bias=True):
        raise NotImplementedError("InstanceNorm2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("InstanceNorm2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("InstanceNorm2d.backward")


class InstanceNorm3d(Module):
    r"""Instance normalization of volumes (over D x H x W):
    per sample n and channel c, over the spatial positions only,

    .. math:: y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot \gamma + \beta

    (biased variance). Unbatched inputs (no N dim) are normalized as a batch of one.

    Args:
        num_features: C, the number of channels.
        eps: added to the variance for numerical stability. Default: 1e-5.
        momentum: factor of the running-statistics update
            ``running = (1 - momentum) * running + momentum * statistic``; None means 0.0
            (the running statistics never change). Default: 0.1.
        affine: learnable per-channel weight (gamma) and bias (beta). Default: False.
        track_running_stats: keep running_mean/running_var buffers. Default: False.
        bias: (keyword-only) with affine, whether there is a bias (beta). Default: True.

    Which statistics normalize:
        - training mode, or any mode without tracked statistics: each instance's own mean and
          biased variance; when tracking (training mode), running_mean is updated with the mean
          over the batch of the instance means and running_var with the mean over the batch of
          the instance UNBIASED variances; num_batches_tracked is NOT incremented;
        - eval mode with tracked statistics: running_mean and running_var, per channel.

    Errors: wrong input ndim -> ValueError; a single spatial position with instance statistics ->
    ValueError("Expected more than 1 spatial element when training, ..."); channels !=
    num_features -> ValueError with affine, RuntimeError with tracked statistics, otherwise only a
    UserWarning (num_features is not used).

    Attributes:
        weight: (C,) ones; bias: (C,) zeros (when affine).
        running_mean: (C,) zeros; running_var: (C,) ones; num_batches_tracked: int64 scalar 0
        (when track_running_stats; otherwise None and absent from state_dict).

    Backward: with instance statistics, per (n, c):
    dx = gamma / sqrt(var + eps) * (g - mean(g) - x_hat * mean(g * x_hat)), means over the spatial
    positions; with running statistics dx = g * gamma / sqrt(running_var + eps).
    dgamma += sum(g * x_hat), dbeta += sum(g), summed over the batch and the spatial positions.

    Shape: input (N, C, D, H, W) or unbatched (C, D, H, W); output: same shape as the input.
    """

    def __init__(self, num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, *, bias=True):
        raise NotImplementedError("InstanceNorm3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("InstanceNorm3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("InstanceNorm3d.backward")
