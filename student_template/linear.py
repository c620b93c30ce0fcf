# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Identity and Linear.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401
from . import init  # noqa: F401

__all__ = ['Identity', 'Linear']


class Identity(Module):
    """Returns its input unchanged; accepts and ignores any constructor arguments.

    Shape: input (*), output (*), same shape.
    """

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("Identity.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Identity.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Identity.backward")


class Linear(Module):
    """Affine map :math:`y = x W^T + b`.

    Args:
        in_features: size of each input sample (H_in).
        out_features: size of each output sample (H_out).
        bias: if False, no additive bias. Default: True.

    Shape:
        input (*, H_in), output (*, H_out); * is any number of leading dimensions (also none).

    Attributes:
        weight: (H_out, H_in), initialized U(-1/sqrt(H_in), 1/sqrt(H_in))
            (kaiming_uniform_ with a=sqrt(5)).
        bias: (H_out,), initialized U(-1/sqrt(H_in), 1/sqrt(H_in)).

    Backward: dx = g W; dW += g^T x and db += sum of g over the leading dimensions.
    """

    def __init__(self, in_features, out_features, bias=True):
        raise NotImplementedError("Linear.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Linear.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Linear.backward")

    def reset_parameters(self):
        raise NotImplementedError("Linear.reset_parameters")
