"""Correct variants of reference/linear.py: np.einsum (its own summation order) instead of matmul."""
import numpy as np

from . import Variant


def _linear_float32(nn):
    rng = np.random.default_rng(4)
    layer = nn.Linear(300, 5)
    x = rng.standard_normal((6, 300)).astype(np.float32)
    out = layer(x)
    return out, layer.backward(rng.standard_normal(out.shape).astype(np.float32)), layer.weight.grad


VARIANTS = [
    Variant(file="linear.py",
            edits=(("output = input @ self.weight.data.T", 'output = np.einsum("...i,oi->...o", input, self.weight.data)'),
                   ("self.weight.accumulate_grad(flat_g.T @ flat_x)",
                    'self.weight.accumulate_grad(np.einsum("ro,ri->oi", flat_g, flat_x))'),
                   ("return grad_output @ self.weight.data", 'return np.einsum("...o,oi->...i", grad_output, self.weight.data)')),
            layers=("Linear",),
            description="Linear forward and backward with np.einsum instead of matmul (another summation order)",
            probe=_linear_float32),
]
