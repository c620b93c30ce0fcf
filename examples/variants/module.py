"""Correct variants of reference/module.py: zero_grad fills zeros instead of setting None."""
import numpy as np

from . import Variant


def _grad_after_zero_grad(nn):
    layer = nn.Linear(2, 2)
    layer(np.ones((1, 2), dtype=np.float32))
    layer.backward(np.ones((1, 2), dtype=np.float32))
    layer.zero_grad()
    return layer.weight.grad


VARIANTS = [
    Variant(file="module.py",
            edits=(("param.grad = None if set_to_none else np.zeros_like(param.grad)",
                    "param.grad = np.zeros_like(param.grad)  # zeros: the contract accepts them for None"),),
            layers=("every layer with parameters",),
            description="zero_grad() sets gradients to zeros instead of None",
            probe=_grad_after_zero_grad),
]
