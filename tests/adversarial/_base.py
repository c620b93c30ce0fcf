"""Correct Linear and ReLU in plain NumPy: the honest part of every adversarial submission.

Each package of the corpus links this file as its own ``_base.py`` (the runner copies the
submission, following links) and overrides or adds the hostile behaviour in its ``__init__``.
Only what the oracle's executor calls is implemented: construction, forward/backward,
parameters and their gradients, state_dict, train/eval flags.
"""
import math

import numpy as np


class Parameter:
    def __init__(self, data):
        self.data = data
        self.grad = None


class Module:
    def __init__(self):
        self.training = True
        self._params = {}

    def __call__(self, *inputs):
        return self.forward(*inputs)

    def named_parameters(self):
        return [(name, p) for name, p in self._params.items() if p is not None]

    def named_buffers(self, recurse=True):
        return []

    def named_modules(self):
        return [("", self)]

    def get_submodule(self, path):
        return self

    def state_dict(self):
        return {name: p.data for name, p in self.named_parameters()}

    def train(self, mode=True):
        self.training = mode
        return self

    def eval(self):
        return self.train(False)

    def zero_grad(self):
        for _, p in self.named_parameters():
            p.grad = None


class Linear(Module):
    """y = x W^T + b; x (*, in_features), W (out_features, in_features), b (out_features,)."""

    def __init__(self, in_features, out_features, bias=True):
        super().__init__()
        if in_features < 0 or out_features < 0:
            raise RuntimeError("Trying to create tensor with negative dimension")
        self.in_features, self.out_features = in_features, out_features
        bound = 1 / math.sqrt(in_features) if in_features else 0.0
        self.weight = Parameter(np.random.uniform(-bound, bound, (out_features, in_features)).astype(np.float32))
        self.bias = Parameter(np.random.uniform(-bound, bound, out_features).astype(np.float32)) if bias else None
        self._params = {"weight": self.weight, "bias": self.bias}

    def forward(self, x):
        if x.ndim == 0 or x.shape[-1] != self.in_features:
            raise RuntimeError("mat1 and mat2 shapes cannot be multiplied")
        self._x = x
        y = x @ self.weight.data.T
        return y + self.bias.data if self.bias is not None else y

    def backward(self, g):
        rows = math.prod(self._x.shape[:-1])  # not reshape(-1, 0): ambiguous when in_features == 0
        x2 = self._x.reshape(rows, self.in_features)
        g2 = g.reshape(rows, self.out_features)
        _accumulate(self.weight, g2.T @ x2)
        if self.bias is not None:
            _accumulate(self.bias, g2.sum(axis=0))
        return g @ self.weight.data


class ReLU(Module):
    """y = max(0, x) elementwise, any shape; inplace=True writes y into x."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, x):
        self._mask = x > 0
        y = np.where(self._mask, x, np.zeros((), x.dtype))
        if self.inplace:
            x[...] = y
            return x
        return y

    def backward(self, g):
        return np.where(self._mask, g, np.zeros((), g.dtype))


def _accumulate(param, grad):
    grad = np.asarray(grad, dtype=param.data.dtype)
    param.grad = grad.copy() if param.grad is None else param.grad + grad
