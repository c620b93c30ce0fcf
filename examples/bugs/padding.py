"""Planted bugs for the padding layers (reference/padding.py).

The padding classes share one implementation, so the bug is planted as the class's own (wrong)
override: the code a student who wrote that class separately would have.
"""
from . import Bug

BUGS = [
    Bug(file="padding.py",
        old='''    _dims, _mode = 2, "reflect"
''',
        new='''    _dims, _mode = 2, "reflect"

    def __init__(self, padding):
        super().__init__(padding)
        if len(self.padding) == 4:  # read as (top, bottom, left, right)
            self.padding = self.padding[2:] + self.padding[:2]
''',
        layer="ReflectionPad2d", checks=("forward", "input_grad", "state"),
        description="padding tuple read as (top, bottom, left, right) instead of (left, right, top, bottom)"),
    Bug(file="padding.py",
        old='    _dims, _mode = 1, "replicate"\n',
        new='    _dims, _mode = 1, "reflect"\n',
        layer="ReplicationPad1d", checks=("forward", "input_grad", "state"),
        description="ReplicationPad1d mirrors the edge (reflect) instead of repeating the edge value"),
    Bug(file="padding.py",
        old="class ConstantPad2d(_ConstantPadNd):\n",
        new="""    def __init__(self, padding, value: float):
        super().__init__(padding, 0.0)  # value forgotten: pads with zeros


class ConstantPad2d(_ConstantPadNd):
""",
        layer="ConstantPad1d", checks=("forward", "state"),
        description="ConstantPad1d ignores value and pads with zeros (copied from ZeroPad1d)"),
    Bug(file="padding.py",
        old="        output = np.full(shape, self.value, dtype=input.dtype)\n",
        new="        output = np.full(shape, self.value)  # float64 whatever the input\n",
        layer="ConstantPad2d", checks=("forward", "state"),
        description="the padded array is allocated with np.full's default dtype: a float32 input comes back "
                    "as float64 (shared by every constant and zero padding)",
        also=tuple((f"{kind}Pad{d}d", ("forward", "state")) for kind in ("Constant", "Zero") for d in (1, 2, 3)
                   if (kind, d) != ("Constant", 2))),
]
