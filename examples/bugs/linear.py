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
    Bug(file="linear.py",
        old="    def __init__(self, *args, **kwargs):\n        super().__init__()\n\n    def forward(self, input):\n        return input\n",
        new="    def __init__(self):\n        super().__init__()\n\n    def forward(self, input):\n        return input\n",
        layer="Identity", checks=("forward", "input_grad", "state"),
        description="Identity takes no constructor arguments: Identity(54, unused='x') raises TypeError "
                    "(torch accepts and ignores any arguments, so it can stand in for any layer)"),
    Bug(file="linear.py",
        old="            fan_in = self.in_features\n",
        new="            fan_in = self.out_features  # fan_out, by mistake\n",
        layer="Linear", checks=("init",),
        description="bias bound 1/sqrt(fan_out) instead of 1/sqrt(fan_in)"),
]
