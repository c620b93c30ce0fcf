# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Weight initialization, as torch.nn.init. Each function fills ``tensor`` in place and returns it.

``tensor`` is a numpy array or a Parameter (its ``.data`` is filled). Random draws use
``generator`` (a ``numpy.random.Generator``) when given, else NumPy's global generator
(``numpy.random.seed`` makes them reproducible).
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['calculate_gain', 'uniform_', 'normal_', 'trunc_normal_', 'constant_', 'zeros_', 'ones_', 'eye_', 'dirac_', 'xavier_uniform_', 'xavier_normal_', 'kaiming_uniform_', 'kaiming_normal_', 'orthogonal_', 'sparse_']


def calculate_gain(nonlinearity, param=None):
    """Recommended gain for a nonlinearity: 1 (linear, conv, sigmoid), 5/3 (tanh), sqrt(2) (relu),
    sqrt(2 / (1 + negative_slope^2)) (leaky_relu, slope default 0.01), 3/4 (selu).
    """
    raise NotImplementedError("calculate_gain")


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill with U(a, b); a > b raises RuntimeError, as torch.
    """
    raise NotImplementedError("uniform_")


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill with N(mean, std^2); a negative std raises RuntimeError, as torch.
    """
    raise NotImplementedError("normal_")


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fill with N(mean, std^2) truncated to [a, b] (inverse-CDF sampling, as torch).
    """
    raise NotImplementedError("trunc_normal_")


def constant_(tensor, val):
    raise NotImplementedError("constant_")


def zeros_(tensor):
    raise NotImplementedError("zeros_")


def ones_(tensor):
    raise NotImplementedError("ones_")


def eye_(tensor):
    """Fill a 2-D array with the identity matrix (ones on the main diagonal).
    """
    raise NotImplementedError("eye_")


def dirac_(tensor, groups=1):
    """Dirac delta for a (out, in, *k) conv weight: each output channel passes one input channel
    through the kernel's centre, within each of ``groups`` groups.
    """
    raise NotImplementedError("dirac_")


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).
    """
    raise NotImplementedError("xavier_uniform_")


def xavier_normal_(tensor, gain=1.0, generator=None):
    """N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)).
    """
    raise NotImplementedError("xavier_normal_")


def kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None):
    """U(-bound, bound) with bound = gain * sqrt(3 / fan); fan = fan_in or fan_out per ``mode``.
    """
    raise NotImplementedError("kaiming_uniform_")


def kaiming_normal_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None):
    """N(0, std^2) with std = gain / sqrt(fan).
    """
    raise NotImplementedError("kaiming_normal_")


def orthogonal_(tensor, gain=1, generator=None):
    """A (semi-)orthogonal matrix from the QR decomposition of a Gaussian matrix, times ``gain``;
    dims after the first are flattened.
    """
    raise NotImplementedError("orthogonal_")


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """2-D only: N(0, std^2), then in every column ceil(sparsity * rows) random entries set to 0.
    """
    raise NotImplementedError("sparse_")
