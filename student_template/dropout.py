# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Dropout, Dropout1d, Dropout2d, AlphaDropout.

In training mode each layer draws a fresh random keep-mask at every ``forward`` (NumPy's global
generator) and rescales the kept values so the expected output equals the input; in eval mode
(``module.eval()``) it is the identity. ``backward`` reuses the mask of the latest forward.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['Dropout', 'Dropout1d', 'Dropout2d', 'AlphaDropout']


class Dropout(Module):
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

    def __init__(self, p=0.5, inplace=False):
        raise NotImplementedError("Dropout.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Dropout.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Dropout.backward")


class Dropout1d(Module):
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

    def __init__(self, p=0.5, inplace=False):
        raise NotImplementedError("Dropout1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Dropout1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Dropout1d.backward")


class Dropout2d(Module):
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

    def __init__(self, p=0.5, inplace=False):
        raise NotImplementedError("Dropout2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Dropout2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Dropout2d.backward")


class AlphaDropout(Module):
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

    def __init__(self, p=0.5, inplace=False):
        raise NotImplementedError("AlphaDropout.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("AlphaDropout.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("AlphaDropout.backward")
