"""Planted bugs in reference/container.py (Sequential).

AdaptiveLogSoftmaxWithLoss builds its tails as Sequential(Linear, Linear), so a bug in Sequential's
shared code also fails it (listed in ``also``), as it would in a student's own package.
"""
from . import Bug

BUGS = [
    Bug(file="container.py",
        old="        for module in reversed(list(self._modules.values())):\n",
        new="        for module in self._modules.values():  # same order as forward\n",
        layer="Sequential", checks=("input_grad", "param_grad"),
        description="backward runs the modules in forward order instead of reverse order",
        also=(("AdaptiveLogSoftmaxWithLoss", ("input_grad", "param_grad")),)),
    Bug(file="container.py",
        old="            for index, module in enumerate(args):\n",
        new="            for index, module in enumerate(args, start=1):  # layers counted from 1\n",
        layer="Sequential", checks=("forward", "input_grad", "param_grad", "state"),
        description="children numbered from 1: state_dict keys read '1.weight' where torch has '0.weight'",
        also=(("AdaptiveLogSoftmaxWithLoss", ("forward", "input_grad", "param_grad", "state", "init")),)),
    Bug(file="container.py",
        old="""    def append(self, module: Module) -> Sequential:""",
        new="""    def train(self, mode: bool = True) -> Sequential:  # sets its own flag only
        self.training = mode
        return self

    def append(self, module: Module) -> Sequential:""",
        layer="Sequential", checks=("state",),
        description="train()/eval() overridden to set the Sequential's own flag only: its children "
                    "stay in training mode after eval()",
        also=(("AdaptiveLogSoftmaxWithLoss", ("state",)),)),
]
