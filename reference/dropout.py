"""Dropout, Dropout1d, Dropout2d, AlphaDropout.

In training mode each layer draws a fresh random keep-mask at every ``forward`` (NumPy's global
generator) and rescales the kept values so the expected output equals the input; in eval mode
(``module.eval()``) it is the identity. ``backward`` reuses the mask of the latest forward.
"""
from __future__ import annotations

import math
import warnings

import numpy as np

from .module import Module

__all__ = ["Dropout", "Dropout1d", "Dropout2d", "AlphaDropout"]

#: SELU's scale * alpha: AlphaDropout sets dropped activations to SELU's negative saturation.
SELU_SCALE_ALPHA = 1.7580993408473766


class _DropoutNd(Module):
    """Shared by the dropout layers: argument checks, the eval/p=0/p=1 shortcuts, inplace.

    A subclass draws the mask and says how it turns into the output (``_transform``):
    ``output = input * scale + shift``.
    """

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def _check_input(self, input) -> None:
        """Raise or warn about input ranks the layer does not support (before any shortcut)."""

    def _keep_mask(self, shape: tuple, dtype) -> np.ndarray:
        """1.0 (kept, with probability 1 - p) or 0.0 (dropped), independently per entry of ``shape``."""
        return (np.random.random_sample(shape) >= self.p).astype(dtype)

    def _writes_into_input(self) -> bool:
        return self.inplace

    def _transform(self, input):
        """(scale, shift) of ``output = input * scale + shift`` (shift None means zero), drawing
        a new mask; called in training with 0 < p < 1."""
        raise NotImplementedError

    def forward(self, input):
        self._check_input(input)
        if not self.training or self.p == 0 or input.size == 0:
            self._scale = None  # the identity: backward passes the gradient through
            return input
        if self.p == 1:
            scale, shift = np.zeros((), dtype=input.dtype), None  # every value dropped
        else:
            scale, shift = self._transform(input)
        self._scale = scale
        output = input if self._writes_into_input() else input.copy()
        output *= scale
        if shift is not None:
            output += shift
        return output

    def backward(self, grad_output):
        if self._scale is None:
            return grad_output
        return grad_output * self._scale

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    r"""In training, zeroes each element independently with probability p and scales the kept
    ones by 1/(1-p); in eval mode, the identity.

    :math:`y = x \cdot m / (1 - p)` with :math:`m \sim \text{Bernoulli}(1 - p)` drawn per element
    at every forward call. p = 0 is the identity, p = 1 gives zeros.

    Args:
        p: probability of an element to be zeroed, in [0, 1] (ValueError otherwise). Default: 0.5
        inplace: if True, write the result into the input and return it. Default: False

    Shape:
        input (*), any shape; output (*), same shape.

    Backward: dx = g * m / (1 - p), with the mask m of the latest forward.
    """

    def _transform(self, input):
        return self._keep_mask(input.shape, input.dtype) / (1.0 - self.p), None


class Dropout1d(_DropoutNd):
    r"""Zeroes whole channels: each 1-D feature map ``input[n, c, :]`` is dropped (all zeros)
    with probability p, the kept channels are scaled by 1/(1-p); the identity in eval mode.

    :math:`y[n, c, :] = x[n, c, :] \cdot m[n, c] / (1 - p)`, :math:`m \sim \text{Bernoulli}(1 - p)`.

    Args:
        p: probability of a channel to be zeroed, in [0, 1]. Default: 0.5
        inplace: if True, write the result into the input and return it. Default: False

    Shape:
        input (N, C, L) or (C, L) (unbatched: one mask value per channel c); output the same
        shape. Other ranks raise RuntimeError, also in eval mode.

    Backward: dx = g * m / (1 - p), with the channel mask m of the latest forward.
    """

    def _check_input(self, input) -> None:
        if input.ndim not in (2, 3):
            raise RuntimeError(
                f"dropout1d: Expected 2D or 3D input, but received a {input.ndim}D input. Note that "
                "dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, "
                "a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")

    def _transform(self, input):
        channels = input.shape[:-1] + (1,)  # one draw per (n, c), shared along L
        return self._keep_mask(channels, input.dtype) / (1.0 - self.p), None


class Dropout2d(_DropoutNd):
    r"""Zeroes whole channels: each feature map ``input[n, c]`` is dropped (all zeros) with
    probability p, the kept channels are scaled by 1/(1-p); the identity in eval mode.

    :math:`y[n, c] = x[n, c] \cdot m[n, c] / (1 - p)`, :math:`m \sim \text{Bernoulli}(1 - p)`.

    As torch (for historical reasons), the first two dimensions are always (N, C): a 3-D input
    is read as (N, C, L), not as an unbatched (C, H, W) (with a UserWarning); inputs that are not
    3-D or 4-D also warn, and in training with 0 < p < 1 a 0-D or 1-D input raises RuntimeError
    ("Feature dropout requires at least 2 dimensions in the input").

    Args:
        p: probability of a channel to be zeroed, in [0, 1]. Default: 0.5
        inplace: if True, write the result into the input and return it. Default: False

    Shape:
        input (N, C, H, W) or (N, C, L); output the same shape.

    Backward: dx = g * m / (1 - p), with the channel mask m of the latest forward.
    """

    def _check_input(self, input) -> None:
        if input.ndim not in (3, 4):
            warnings.warn(
                f"dropout2d: Received a {input.ndim}-D input to dropout2d, which is deprecated and will "
                "result in an error in a future release. To retain the behavior and silence this "
                "warning, please use dropout instead. Note that dropout2d exists to provide channel-wise "
                "dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch "
                "dimension (i.e. 3D or 4D inputs).", stacklevel=3)
        if input.ndim == 3:
            warnings.warn(
                "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout "
                "behavior is desired - input is interpreted as shape (N, C, L), where C is the channel "
                "dim. This behavior will change in a future release to interpret the input as one "
                "without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise "
                "dropout behavior, please switch to using dropout1d instead.", stacklevel=3)

    def _transform(self, input):
        if input.ndim < 2:
            raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
        channels = input.shape[:2] + (1,) * (input.ndim - 2)  # one draw per (n, c)
        return self._keep_mask(channels, input.dtype) / (1.0 - self.p), None


class AlphaDropout(_DropoutNd):
    r"""Dropout for self-normalizing networks (SELU): keeps zero mean and unit variance of its
    input. In training, each element is dropped with probability p and set to
    :math:`\alpha' = -\lambda\alpha \approx -1.7581` (SELU's negative saturation), then an affine
    map restores mean and variance; in eval mode, the identity.

    .. math::
        y = a\,(x\,m + \alpha'(1 - m)) + b,\quad m \sim \text{Bernoulli}(1 - p),\quad
        a = \frac{1}{\sqrt{(1 - p)(1 + p\,\alpha'^2)}},\quad b = -a\,\alpha'\,p

    so a kept element gives :math:`a x + a \lambda\alpha p` and a dropped one
    :math:`-a \lambda\alpha (1 - p)`, with :math:`\lambda\alpha = 1.7580993408473766`.
    p = 0 is the identity; p = 1 gives zeros (as torch).

    Args:
        p: probability of an element to be dropped, in [0, 1]. Default: 0.5
        inplace: accepted and ignored, as in torch (whose AlphaDropout never writes into its
            input). Default: False

    Shape:
        input (*), any shape; output (*), same shape.

    Backward: dx = g * a * m, with the mask m of the latest forward.
    """

    def _writes_into_input(self) -> bool:
        return False  # torch's AlphaDropout.forward does not pass inplace on

    def _transform(self, input):
        keep = self._keep_mask(input.shape, input.dtype)
        a = 1.0 / math.sqrt((SELU_SCALE_ALPHA ** 2 * self.p + 1.0) * (1.0 - self.p))
        shift = (keep - 1.0) * (SELU_SCALE_ALPHA * a) + SELU_SCALE_ALPHA * a * self.p
        return keep * a, shift
