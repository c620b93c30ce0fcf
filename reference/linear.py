"""Identity and Linear."""
from __future__ import annotations

import math

import numpy as np

from . import init
from .module import DEFAULT_DTYPE, Module, Parameter

__all__ = ["Identity", "Linear"]


class Identity(Module):
    """Returns its input unchanged; accepts and ignores any constructor arguments.

    Shape: input (*), output (*), same shape.
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input

    def backward(self, grad_output):
        return grad_output


class Linear(Module):
    r"""Affine map :math:`y = x W^T + b`.

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

    def __init__(self, in_features: int, out_features: int, bias: bool = True):
        super().__init__()
        if in_features < 0 or out_features < 0:
            raise RuntimeError("Trying to create tensor with negative dimension "
                               f"{min(in_features, out_features)}: [{out_features}, {in_features}]")
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(np.empty((out_features, in_features), dtype=DEFAULT_DTYPE))
        if bias:
            self.bias = Parameter(np.empty(out_features, dtype=DEFAULT_DTYPE))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_features
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        if input.ndim == 0 or input.shape[-1] != self.in_features:
            rows = int(np.prod(input.shape[:-1])) if input.ndim else 1
            cols = input.shape[-1] if input.ndim else 1
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{cols} and "
                               f"{self.in_features}x{self.out_features})")
        self._input = input
        output = input @ self.weight.data.T
        if self.bias is not None:
            output = output + self.bias.data
        return output

    def backward(self, grad_output):
        x = self._input
        rows = math.prod(x.shape[:-1])  # explicit: reshape(-1, 0) is ambiguous when in_features == 0
        flat_x = x.reshape(rows, self.in_features)
        flat_g = grad_output.reshape(rows, self.out_features)
        self.weight.accumulate_grad(flat_g.T @ flat_x)
        if self.bias is not None:
            self.bias.accumulate_grad(flat_g.sum(axis=0))
        return grad_output @ self.weight.data

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"
