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
]
