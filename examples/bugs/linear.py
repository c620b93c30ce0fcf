"""Planted bugs in reference/linear.py and reference/flatten.py."""
from . import Bug

BUGS = [
    Bug(file="linear.py",
        old="self.weight.accumulate_grad(flat_g.T @ flat_x)",
        new="self.weight.grad = flat_g.T @ flat_x",
        layer="Linear", checks=("param_grad",),
        description="backward overwrites weight.grad instead of accumulating into it"),
    Bug(file="flatten.py",
        old="(math.prod(input.shape[start:end + 1]),) + input.shape[end + 1:]",
        new="(math.prod(input.shape[start:end]),) + input.shape[end:]",
        layer="Flatten", checks=("forward", "state"),
        description="end_dim treated as exclusive (Python slice habit): one dimension too few is flattened"),
]
