"""BatchNorm1d/2d/3d, and the normalization helpers InstanceNorm, GroupNorm and LayerNorm share.

Every normalization layer computes, over some axes of the input (the "reduction axes"),

    x_hat = (x - mean) / sqrt(var + eps)        var: the BIASED variance (divide by n)
    y     = x_hat * weight + bias               (when the layer is affine)

and, when the statistics are the batch's own, its gradient is

    dL/dx = (1 / sqrt(var + eps)) * (g - mean(g) - x_hat * mean(g * x_hat)),   g = dL/dx_hat,

the means taken over the same reduction axes.
"""
from __future__ import annotations

import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d"]


# ----------------------------------------------------------------------------------------------
# Shared helpers
# ----------------------------------------------------------------------------------------------
def moments(x: np.ndarray, axes: tuple):
    """Mean and biased variance of ``x`` over ``axes`` (kept as size-1 dims)."""
    mean = x.mean(axis=axes, keepdims=True)
    centered = x - mean
    return mean, (centered * centered).mean(axis=axes, keepdims=True)


def normalize(x: np.ndarray, mean: np.ndarray, var: np.ndarray, eps: float):
    """x_hat = (x - mean) / sqrt(var + eps); returns (x_hat, inv_std = 1 / sqrt(var + eps))."""
    inv_std = 1.0 / np.sqrt(var + eps)
    return (x - mean) * inv_std, inv_std


def normalize_backward(grad_x_hat: np.ndarray, x_hat: np.ndarray, inv_std: np.ndarray, axes: tuple):
    """dL/dx through x_hat = normalize(x, *moments(x, axes), eps) (statistics depend on x):
    inv_std * (g - mean(g) - x_hat * mean(g * x_hat)), means over ``axes``."""
    mean_g = grad_x_hat.mean(axis=axes, keepdims=True)
    mean_gx = (grad_x_hat * x_hat).mean(axis=axes, keepdims=True)
    return inv_std * (grad_x_hat - mean_g - x_hat * mean_gx)


def affine_forward(x_hat: np.ndarray, weight, bias, shape: tuple) -> np.ndarray:
    """y = x_hat * weight + bias with the parameters (either may be None) reshaped to ``shape``."""
    y = x_hat
    if weight is not None:
        y = y * weight.data.reshape(shape)
    if bias is not None:
        y = y + bias.data.reshape(shape)
    return y


def affine_backward(grad: np.ndarray, x_hat: np.ndarray, weight, bias, shape: tuple, axes: tuple):
    """ADD dL/dweight = sum(g * x_hat) and dL/dbias = sum(g) (sums over ``axes``, the dims the
    parameters are broadcast along) into the parameters; return dL/dx_hat = g * weight."""
    if weight is not None:
        weight.accumulate_grad((grad * x_hat).sum(axis=axes))
    if bias is not None:
        bias.accumulate_grad(grad.sum(axis=axes))
    return grad if weight is None else grad * weight.data.reshape(shape)


def verify_batch_size(shape: tuple) -> None:
    """Batch statistics need more than one value per channel: N * prod(spatial) > 1."""
    values = shape[0] * int(np.prod(shape[2:], dtype=np.int64))
    if values == 1:
        raise ValueError("Expected more than 1 value per channel when training, "
                         f"got input size {list(shape)}")


def check_size(name: str, array: np.ndarray | None, expected: int) -> None:
    """torch's check that a per-channel buffer or parameter (if any) matches the input's channels."""
    if array is not None and array.size != expected:
        raise RuntimeError(f"{name} should contain {expected} elements not {array.size}")


class _NormBase(Module):
    """Parameters and running-statistics buffers shared by BatchNorm and InstanceNorm.

    weight (C,) initialized to ones and bias (C,) to zeros when ``affine`` (bias only when
    ``bias=True``); buffers running_mean (C,) zeros, running_var (C,) ones and
    num_batches_tracked (int64 scalar) 0 when ``track_running_stats``, else registered as None
    (so they are absent from state_dict).
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, *, bias: bool = True):
        super().__init__()
        if (affine or track_running_stats) and num_features < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {num_features}: "
                               f"[{num_features}]")
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = Parameter(np.ones(num_features, dtype=DEFAULT_DTYPE))
            if bias:
                self.bias = Parameter(np.zeros(num_features, dtype=DEFAULT_DTYPE))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", np.zeros(num_features, dtype=DEFAULT_DTYPE))
            self.register_buffer("running_var", np.ones(num_features, dtype=DEFAULT_DTYPE))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def _update_running_stats(self, mean: np.ndarray, unbiased_var: np.ndarray, factor: float) -> None:
        """running = (1 - factor) * running + factor * batch statistic (buffers keep their dtype)."""
        def blend(running, statistic):
            return ((1.0 - factor) * running + factor * statistic).astype(running.dtype, copy=False)

        self.running_mean = blend(self.running_mean, mean)
        self.running_var = blend(self.running_var, unbiased_var)

    def _param_shape(self, ndim: int) -> tuple:
        """Per-channel values broadcast along dim 1 of an ndim-dimensional input."""
        return (-1,) + (1,) * (ndim - 2)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")


# ----------------------------------------------------------------------------------------------
# BatchNorm
# ----------------------------------------------------------------------------------------------
_BATCHNORM_DOC = r"""Batch normalization of TITLE:
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

Shape: SHAPE; output: same shape as the input.
"""


class _BatchNorm(_NormBase):
    """Shared forward/backward of BatchNorm1d/2d/3d (documented in _BATCHNORM_DOC)."""

    def _check_input_dim(self, input) -> None:
        raise NotImplementedError

    def forward(self, input):
        self._check_input_dim(input)
        batch_stats = self.training or self.running_mean is None
        if batch_stats:
            verify_batch_size(input.shape)
            if self.eps <= 0.0:
                raise ValueError(f"batch_norm eps must be positive during training, but got {self.eps}")
        elif self.eps < 0.0:
            raise ValueError(f"batch_norm eps must be non-negative, but got {self.eps}")
        channels = input.shape[1]
        check_size("running_mean", self.running_mean, channels)
        check_size("weight", None if self.weight is None else self.weight.data, channels)
        if self.weight is not None and channels == 0:  # torch's kernel reads weight[0] (an empty input)
            raise IndexError("select(): index 0 out of range for tensor of size [0] at dimension 0")
        shape = self._param_shape(input.ndim)
        axes = (0,) + tuple(range(2, input.ndim))
        if batch_stats:
            mean, var = self._batch_moments(input, axes)
            if self.training and self.running_mean is not None:
                self._track(mean, var, input.shape[0] * int(np.prod(input.shape[2:], dtype=np.int64)))
        else:
            mean, var = self.running_mean.reshape(shape), self.running_var.reshape(shape)
        x_hat, inv_std = normalize(input, mean, var, self.eps)
        self._cache = (x_hat, inv_std, axes, batch_stats, shape)
        return affine_forward(x_hat, self.weight, self.bias, shape)

    def _batch_moments(self, input, axes: tuple):
        """The batch's per-channel mean and BIASED variance (as size-1 dims over ``axes``)."""
        return moments(input, axes)

    def _track(self, mean: np.ndarray, var: np.ndarray, n: int) -> None:
        """num_batches_tracked += 1, then update the running statistics (UNBIASED variance); an
        empty batch (n = 0) leaves them as they are, as torch does."""
        self.num_batches_tracked = self.num_batches_tracked + 1
        if not n:
            return
        factor = 1.0 / float(self.num_batches_tracked) if self.momentum is None else self.momentum
        self._update_running_stats(mean.reshape(-1), var.reshape(-1) * (n / (n - 1)), factor)

    def backward(self, grad_output):
        x_hat, inv_std, axes, batch_stats, shape = self._cache
        grad_x_hat = affine_backward(grad_output, x_hat, self.weight, self.bias, shape, axes)
        if batch_stats:
            return normalize_backward(grad_x_hat, x_hat, inv_std, axes)
        return grad_x_hat * inv_std


class BatchNorm1d(_BatchNorm):
    __doc__ = _BATCHNORM_DOC.replace("TITLE", "a batch of vectors or sequences").replace(
        "SHAPE", "input (N, C) or (N, C, L)")

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, *, bias: bool = True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, bias=bias)

    def _check_input_dim(self, input) -> None:
        if input.ndim not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")


class BatchNorm2d(_BatchNorm):
    __doc__ = _BATCHNORM_DOC.replace("TITLE", "a batch of images").replace(
        "SHAPE", "input (N, C, H, W)")

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, *, bias: bool = True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, bias=bias)

    def _check_input_dim(self, input) -> None:
        if input.ndim != 4:
            raise ValueError(f"expected 4D input (got {input.ndim}D input)")


class BatchNorm3d(_BatchNorm):
    __doc__ = _BATCHNORM_DOC.replace("TITLE", "a batch of volumes").replace(
        "SHAPE", "input (N, C, D, H, W)")

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1,
                 affine: bool = True, track_running_stats: bool = True, *, bias: bool = True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, bias=bias)

    def _check_input_dim(self, input) -> None:
        if input.ndim != 5:
            raise ValueError(f"expected 5D input (got {input.ndim}D input)")
