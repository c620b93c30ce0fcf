"""Planted bugs in reference/flatten.py (the end_dim slice bug is in linear.py's list)."""
from . import Bug

BUGS = [
    Bug(file="flatten.py",
        old="    def __init__(self, start_dim: int = 1, end_dim: int = -1):\n",
        new="    def __init__(self, start_dim: int = 0, end_dim: int = -1):\n",
        layer="Flatten", checks=("forward", "state"),
        description="start_dim defaults to 0: the batch dimension is flattened too (torch's default is 1)"),
    Bug(file="flatten.py",
        old="        dim = _normalize_dim(self.dim, input.ndim)\n",
        new="        dim = self.dim\n",
        layer="Unflatten", checks=("forward", "input_grad", "state"),
        description="a negative dim is used as is: input.shape[:dim] and [dim + 1:] slice the wrong dims"),
]
