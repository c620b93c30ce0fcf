"""Planted bugs in reference/container.py (Sequential, ModuleList).

AdaptiveLogSoftmaxWithLoss builds its tails as Sequential(Linear, Linear) in a ModuleList, and the
ModuleList entry is graded as Sequential(*module_list), so a bug in Sequential's or ModuleList's
code also fails them (listed in ``also``), as it would in a student's own package.
"""
from . import Bug

BUGS = [
    Bug(file="container.py",
        old="        for module in reversed(list(self._modules.values())):\n",
        new="        for module in self._modules.values():  # same order as forward\n",
        layer="Sequential", checks=("input_grad", "param_grad"),
        description="backward runs the modules in forward order instead of reverse order",
        also=(("ModuleList", ("input_grad", "param_grad")),
              ("AdaptiveLogSoftmaxWithLoss", ("input_grad", "param_grad")))),
    Bug(file="container.py",
        old="            for index, module in enumerate(args):\n",
        new="            for index, module in enumerate(args, start=1):  # layers counted from 1\n",
        layer="Sequential", checks=("forward", "input_grad", "param_grad", "state"),
        description="children numbered from 1: state_dict keys read '1.weight' where torch has '0.weight'",
        also=(("ModuleList", ("forward", "input_grad", "param_grad", "state")),
              ("AdaptiveLogSoftmaxWithLoss", ("forward", "input_grad", "param_grad", "state", "init")))),
    Bug(file="container.py",
        old="""    def append(self, module: Module) -> Sequential:""",
        new="""    def train(self, mode: bool = True) -> Sequential:  # sets its own flag only
        self.training = mode
        return self

    def append(self, module: Module) -> Sequential:""",
        layer="Sequential", checks=("state",),
        description="train()/eval() overridden to set the Sequential's own flag only: its children "
                    "stay in training mode after eval()",
        also=(("ModuleList", ("state",)), ("AdaptiveLogSoftmaxWithLoss", ("state",)))),
    Bug(file="container.py",
        old="            for name, module in args[0].items():\n                self.add_module(name, module)\n",
        new="            for index, module in enumerate(args[0].values()):  # keys dropped\n"
            "                self.add_module(str(index), module)\n",
        layer="Sequential", checks=("forward", "input_grad", "param_grad", "state"),
        description="Sequential(OrderedDict) numbers its children '0', '1', ... instead of naming them by "
                    "the dict's keys ('fc.weight' becomes '0.weight')"),
    Bug(file="container.py",
        old="            return Sequential(OrderedDict(list(self._modules.items())[index]))\n"
            "        modules = list(self._modules.values())\n"
            "        if not -len(modules) <= index < len(modules):\n",
        new="            return Sequential(OrderedDict(list(self._modules.items())[index]))\n"
            "        modules = list(self._modules.values())\n"
            "        if not 0 <= index < len(modules):  # negative indices rejected\n",
        layer="Sequential", checks=("forward", "input_grad", "param_grad", "state"),
        description="Sequential indexing rejects negative indices: s[-1] raises IndexError instead of "
                    "returning the last child"),
    Bug(file="container.py",
        old="        modules.insert(index, module)\n",
        new="        modules.append(module)  # index ignored\n",
        layer="ModuleList", checks=("forward", "input_grad", "param_grad", "state"),
        description="ModuleList.insert(i, m) appends m at the end instead of placing it at position i"),
]
