"""The "reproduce:" part of a failure report: Python a student can paste to rebuild the case.

Constructor calls are spelled with the submission's package as ``nn`` (``nn.Linear(2, 3)``);
container edits (``.insert``, ``[1:]``, ``[0] = ...``) become statements on a named variable.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

from .spec import Case, Ctor, LayerRef, Unpack, _literal


class _Writer:
    """Collects the statements needed before the final expression (hoisted edited modules)."""

    def __init__(self):
        self.lines: list[str] = []
        self.names = 0
        self.uses_ordered_dict = False

    def source(self, value) -> str:
        if isinstance(value, Ctor):
            return self.ctor(value)
        if isinstance(value, LayerRef):
            return f"nn.{value.layer}"
        if isinstance(value, Unpack):
            return "*" + self.source(value.value)
        if isinstance(value, OrderedDict):
            self.uses_ordered_dict = True
            items = ", ".join(f"({k!r}, {self.source(v)})" for k, v in value.items())
            return f"OrderedDict([{items}])"
        if isinstance(value, list):
            return "[" + ", ".join(self.source(v) for v in value) + "]"
        if isinstance(value, tuple):
            return "(" + ", ".join(self.source(v) for v in value) + (",)" if len(value) == 1 else ")")
        if isinstance(value, np.ndarray):
            return array_source(value)
        return _literal(value)

    def ctor(self, ctor: Ctor, name: str | None = None) -> str:
        parts = [self.source(a) for a in ctor.args] + [f"{k}={self.source(v)}" for k, v in ctor.kwargs.items()]
        call = f"nn.{ctor.layer}({', '.join(parts)})"
        if not ctor.edits and name is None:
            return call
        if name is None:
            self.names += 1
            name = f"part{self.names}"
        self.lines.append(f"{name} = {call}")
        for edit in ctor.edits:
            text = edit.source(self.source)
            self.lines.append(f"{name} = {name}{text}" if edit.method == "__getitem__" else f"{name}{text}")
        return name


def construction_lines(ctor: Ctor, name: str = "m") -> list[str]:
    """Statements that build ``ctor`` into the variable ``name`` (imports excluded)."""
    writer = _Writer()
    writer.ctor(ctor, name)
    head = ["from collections import OrderedDict"] if writer.uses_ordered_dict else []
    return head + writer.lines


#: Arrays up to this many elements are written out exactly; larger ones are drawn afresh.
EXACT_ELEMENTS = 64


def array_source(x: np.ndarray) -> str:
    """NumPy source for ``x``: exact when small, else a random array of its shape, dtype and range."""
    dtype = f"np.{x.dtype}"
    if x.size == 0:  # tolist() keeps no shape after a 0: np.array([]) of (0, 3) would be (0,)
        return f"np.zeros({x.shape}, dtype={dtype})"
    if x.size <= EXACT_ELEMENTS:
        return f"np.array({x.tolist()!r}, dtype={dtype})"
    rng = "np.random.default_rng(0)"
    if x.dtype.kind == "b":
        return f"{rng}.random({x.shape}) < 0.5"
    if x.dtype.kind in "iu":
        return f"{rng}.integers({int(x.min())}, {int(x.max()) + 1}, size={x.shape}).astype({dtype})"
    return f"{rng}.standard_normal({x.shape}).astype({dtype})"


def _is_exact(value) -> bool:
    if isinstance(value, np.ndarray):
        return value.size <= EXACT_ELEMENTS
    if isinstance(value, (list, tuple)):
        return all(_is_exact(v) for v in value)
    return True


def reproduce(case: Case) -> str:
    """The snippet, indented for a report."""
    lines = ["import numpy as np", "import your_submission as nn  # the package you submit"]
    lines += construction_lines(case.ctor)
    if not case.train:
        lines.append("m.eval()")
    values = _Writer()  # inputs are plain values: arrays, tuples of them, numbers
    names = []
    for i, x in enumerate(case.inputs):
        names.append(f"x{i}")
        lines.append(f"x{i} = {values.source(x)}")
    arguments = names + [f"{k}={values.source(v)}" for k, v in case.forward_kwargs.items()]
    lines.append(f"out = m({', '.join(arguments)})")
    exact = all(_is_exact(v) for v in (*case.inputs, *case.forward_kwargs.values()))
    lines.append("(the oracle loads random parameter values first" +
                 ("" if exact else " and feeds other values of the same shapes and dtypes") +
                 "; rerun the failing test with `pytest --submission PATH -k <layer>` to replay this exact example)")
    return "\n".join("    " + line for line in lines)
