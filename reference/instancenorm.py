"""InstanceNorm1d/2d/3d."""
from __future__ import annotations

import warnings

import numpy as np

from .batchnorm import _NormBase, affine_backward, affine_forward, moments, normalize, normalize_backward

__all__ = ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]


def verify_spatial_size(shape: tuple) -> None:
    """Instance statistics need more than one spatial position per (sample, channel)."""
    if int(np.prod(shape[2:], dtype=np.int64)) == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {list(shape)}")


_INSTANCENORM_DOC = r"""Instance normalization of TITLE:
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

Shape: SHAPE; output: same shape as the input.
"""


class _InstanceNorm(_NormBase):
    """Shared forward/backward of InstanceNorm1d/2d/3d (documented in _INSTANCENORM_DOC)."""

    _no_batch_dim = 0  # input ndim of an unbatched sample, set by the subclasses

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = False, track_running_stats: bool = False, *, bias: bool = True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, bias=bias)

    def _check_input_dim(self, input) -> None:
        dims = (self._no_batch_dim, self._no_batch_dim + 1)
        if input.ndim not in dims:
            raise ValueError(f"expected {dims[0]}D or {dims[1]}D input (got {input.ndim}D input)")

    def forward(self, input):
        self._check_input_dim(input)
        feature_dim = input.ndim - self._no_batch_dim
        if input.shape[feature_dim] != self.num_features:
            message = (f"expected input's size at dim={feature_dim} to match num_features "
                       f"({self.num_features}), but got: {input.shape[feature_dim]}.")
            if self.affine:
                raise ValueError(message)
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. You can silence "
                          "this warning by not passing in num_features, which is not used because "
                          "affine=False", stacklevel=2)
        self._unbatched = input.ndim == self._no_batch_dim
        x = input[None] if self._unbatched else input
        output = self._instance_norm(x)
        return output[0] if self._unbatched else output

    def _instance_norm(self, x):
        use_input_stats = self.training or self.running_mean is None
        if use_input_stats:
            verify_spatial_size(x.shape)
        batch, channels = x.shape[:2]
        if self.running_mean is not None and self.running_mean.size != channels:
            raise RuntimeError(f"running_mean should contain {batch * channels} elements not "
                               f"{batch * self.running_mean.size}")
        shape = self._param_shape(x.ndim)
        axes = tuple(range(2, x.ndim))
        if use_input_stats:
            mean, var = moments(x, axes)
            if self.running_mean is not None:
                n = x.size // (batch * channels)
                self._track(mean.reshape(batch, channels), var.reshape(batch, channels), n)
        else:
            mean, var = self.running_mean.reshape(shape), self.running_var.reshape(shape)
        x_hat, inv_std = normalize(x, mean, var, self.eps)
        self._cache = (x_hat, inv_std, axes, use_input_stats, shape)
        return affine_forward(x_hat, self.weight, self.bias, shape)

    def _track(self, mean: np.ndarray, var: np.ndarray, n: int) -> None:
        """Update the running statistics with the batch means of the (N, C) instance means and
        UNBIASED variances; momentum=None means 0.0; num_batches_tracked is left alone."""
        factor = 0.0 if self.momentum is None else self.momentum
        self._update_running_stats(mean.mean(axis=0), var.mean(axis=0) * (n / (n - 1)), factor)

    def backward(self, grad_output):
        x_hat, inv_std, axes, use_input_stats, shape = self._cache
        grad = grad_output[None] if self._unbatched else grad_output
        grad_x_hat = affine_backward(grad, x_hat, self.weight, self.bias, shape, (0,) + axes)
        if use_input_stats:
            grad_input = normalize_backward(grad_x_hat, x_hat, inv_std, axes)
        else:
            grad_input = grad_x_hat * inv_std
        return grad_input[0] if self._unbatched else grad_input


class InstanceNorm1d(_InstanceNorm):
    __doc__ = _INSTANCENORM_DOC.replace("TITLE", "sequences (over the length L)").replace(
        "SHAPE", "input (N, C, L) or unbatched (C, L)")

    _no_batch_dim = 2


class InstanceNorm2d(_InstanceNorm):
    __doc__ = _INSTANCENORM_DOC.replace("TITLE", "images (over H x W)").replace(
        "SHAPE", "input (N, C, H, W) or unbatched (C, H, W)")

    _no_batch_dim = 3


class InstanceNorm3d(_InstanceNorm):
    __doc__ = _INSTANCENORM_DOC.replace("TITLE", "volumes (over D x H x W)").replace(
        "SHAPE", "input (N, C, D, H, W) or unbatched (C, D, H, W)")

    _no_batch_dim = 4
