"""What a registry entry is: a LayerSpec describes one layer, a Case one drawn configuration.

Adding a layer to the oracle = writing one LayerSpec in ``oracle/specs/<family>.py``.
The generic checks in ``oracle/checks.py`` turn a spec into graded tests.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

CHECKS = ("forward", "input_grad", "param_grad", "state", "errors", "init")

#: What each check category verifies (shown in reports and the rubric).
CHECK_TITLES = {
    "forward": "output values, shape and dtype; inputs left unmodified (or written, for inplace=True)",
    "input_grad": "gradient w.r.t. the input(s) returned by backward",
    "param_grad": "parameter gradients, accumulated over two backward calls and reset by zero_grad",
    "state": "state_dict keys and shapes, train()/eval() flags, eval-mode output, buffers",
    "errors": "invalid arguments and inputs raise torch's exception class",
    "init": "default parameter initialization follows torch's distribution",
}


@dataclass(frozen=True)
class Edit:
    """A container method called on a freshly built module: ``module.<method>(*args)``.

    ``__getitem__`` replaces the module by what it returns (an indexed child, a sliced container);
    every other method (append, extend, insert, __setitem__, __iadd__) edits the module in place.
    Arguments may be Ctor (modules to add), ints, slices or lists."""

    method: str
    args: tuple = ()

    def source(self, render=repr) -> str:
        """The edit as a Python statement or expression suffix, e.g. ``.insert(1, Tanh())``, ``[1:]``."""
        args = [render(a) for a in self.args]
        if self.method == "__getitem__":
            return f"[{args[0]}]"
        if self.method == "__setitem__":
            return f"[{args[0]}] = {args[1]}"
        if self.method == "__iadd__":
            return f" += {args[0]}"
        return f".{self.method}({', '.join(args)})"


@dataclass(frozen=True)
class Ctor:
    """A constructor call ``layer(*args, **kwargs)``, then ``edits`` (container methods) applied in
    order; arguments may themselves be Ctor (nested modules, e.g. Sequential(Linear(2, 3), ReLU())),
    LayerRef (a class passed as argument), Unpack (``*iterable``) or an OrderedDict of Ctor."""

    layer: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    edits: tuple = ()

    def __repr__(self):
        parts = [_literal(a) for a in self.args] + [f"{k}={_literal(v)}" for k, v in self.kwargs.items()]
        text = f"{self.layer}({', '.join(parts)})"
        if self.edits:  # readable, not Python: the report's snippet spells the edits as statements
            text += " then " + "; ".join(edit.source(_literal).lstrip() for edit in self.edits)
        return text


@dataclass(frozen=True)
class Unpack:
    """``*value`` in a constructor's positional arguments (e.g. ``Sequential(*ModuleList(...))``)."""

    value: Any

    def __repr__(self):
        return f"*{_literal(self.value)}"


@dataclass(frozen=True)
class LayerRef:
    """A layer class passed as a constructor argument (e.g. MLP's norm_layer=BatchNorm1d)."""

    layer: str

    def __repr__(self):
        return self.layer


def _literal(value) -> str:
    if isinstance(value, slice):  # as written inside brackets: 1:, :-2, ::2
        bounds = ["" if v is None else repr(v) for v in (value.start, value.stop, value.step)]
        return ":".join(bounds if value.step is not None else bounds[:2])
    if isinstance(value, np.ndarray):
        if value.size == 0:  # tolist() keeps no shape after a 0
            return f"np.zeros({value.shape}, dtype=np.{value.dtype})"
        if value.size <= 8:
            return f"np.array({value.tolist()!r}, dtype=np.{value.dtype})"
        return f"<array {value.dtype} {value.shape}>"
    return repr(value)


@dataclass(frozen=True)
class Case:
    """One drawn configuration of a layer: how to build it and what to feed it.

    Attributes:
        ctor: the constructor call.
        inputs: positional forward inputs (ndarrays, or plain values).
        forward_kwargs: keyword forward inputs (plain values or arrays, e.g. masks).
        grad_inputs: indices of the differentiable inputs: what ``backward`` must return, in order.
        dtype: the floating dtype of the case; parameters are loaded in this dtype.
        seed: seeds the implementation's RNG (NumPy global / torch) and the upstream gradients.
        train: mode the layer runs in for the forward/grad checks.
        grad_masks: per differentiable input, a boolean mask of the elements whose gradient is
            compared (False at kinks where subgradient conventions legitimately differ).
        randomize: load random values into the float parameters before running (so e.g. a
            BatchNorm weight of ones cannot hide a missing multiplication).
        expect_error: for the errors check: the case must raise (in construction or forward).
    """

    ctor: Ctor
    inputs: tuple = ()
    forward_kwargs: dict = field(default_factory=dict)
    grad_inputs: tuple = (0,)
    dtype: str = "float64"
    seed: int = 0
    train: bool = True
    grad_masks: dict = field(default_factory=dict)
    randomize: bool = True
    expect_error: bool = False

    def __repr__(self):
        shapes = ", ".join(_describe(x) for x in self.inputs)
        kw = "".join(f", {k}={_describe(v)}" for k, v in self.forward_kwargs.items())
        mode = "" if self.train else ", eval mode"
        return f"{self.ctor!r} on ({shapes}{kw}){mode} [seed={self.seed}]"

    def _repr_pretty_(self, printer, cycle):  # how hypothesis prints a falsifying example
        printer.text(repr(self))


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"{value.dtype}{list(value.shape)}"
    return repr(value)


@dataclass(frozen=True)
class Tolerance:
    """|actual - expected| <= atol * scale + rtol * |expected|, scale = max(1, max|expected|).

    ``reason``: why a layer needs this tolerance (required for every non-default tolerance; listed
    per layer in docs/tolerances.md, generated by tools/tolerance_table.py)."""

    rtol: float
    atol: float
    reason: str = field(default="", compare=False)


#: Why the defaults are what they are (stated once in docs/tolerances.md).
DEFAULT_TOLERANCE_REASON = (
    "A correct implementation differs from the reference (and torch) only by rounding: another "
    "summation order (BLAS blocking, pairwise vs sequential sums, einsum), other kernels for "
    "exp/tanh/erf, fused multiply-adds. That is a few ulps per operation, amplified by long "
    "reductions and by the cancellations of backward formulas (softmax, normalization): float64 "
    "(eps 2.2e-16) stays orders of magnitude below rtol 1e-6; float32 (eps 1.2e-7) accumulates "
    "up to ~1000 ulps, hence rtol 2e-4. atol (scaled by the largest expected magnitude) absorbs "
    "the absolute error of values that cancel to ~0. Every wrong formula the oracle targets is "
    "off by far more. A formula that loses precision torch keeps, where the standard technique "
    "avoids the loss, fails on purpose, with a hint naming the technique: softmax and log-softmax "
    "through a float32 logsumexp lose |x| * eps (1e-3 at |x| ~ 1e4) where subtracting the max "
    "first keeps 1e-7.")

DEFAULT_TOLERANCES = {
    "float64": Tolerance(rtol=1e-6, atol=1e-9, reason=DEFAULT_TOLERANCE_REASON),
    "float32": Tolerance(rtol=2e-4, atol=2e-5, reason=DEFAULT_TOLERANCE_REASON),
}


@dataclass(frozen=True)
class InitSpec:
    """Default-initialization check, in one of two forms:

    - a layer: build ``ctor`` with the implementation's own RNG (seeded per example) and test
      each parameter named in ``distributions``;
    - an init function: call ``init.<fn>(zeros(shape), *args, **kwargs)`` and test the filled
      ``"array"`` (and/or the ``"returned"`` value, e.g. calculate_gain's).

    ``distributions`` maps a name to a scipy.stats frozen distribution (support bounds plus a
    Kolmogorov-Smirnov test whose false-alarm probability is ``alpha``), to exact values, or to a
    predicate ``f(array) -> list of problems`` for properties no distribution states
    (orthogonality, a count of zeros per column). ``raises``: instead, the call must raise this
    exception class (as torch does, e.g. ValueError for the fans of a 1-D array).
    """

    distributions: dict
    ctor: Ctor | None = None
    fn: str | None = None
    shape: tuple | None = None
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    alpha: float = 1e-6
    raises: str | None = None

    def __repr__(self):
        if self.fn is None:
            return f"{self.ctor!r}"
        return f"init.{self.fn}(shape={self.shape}, args={self.args}, kwargs={self.kwargs})"


@dataclass
class LayerSpec:
    """One registry entry.

    Attributes:
        name: class name as in torch.nn (the submission exports the same name).
        family: the reference file that implements it (``reference/<family>.py``).
        cases: a function returning a hypothesis strategy of valid ``Case`` objects (None for an
            init function, which only has the ``init`` check).
        error_cases: a function returning a strategy of ``Case`` objects that must raise, or None.
        init: a function returning a list of ``InitSpec`` (default-initialization checks), or None.
        tolerance: per-dtype tolerances overriding DEFAULT_TOLERANCES, each with its ``reason``
            (tests/test_tolerances.py enforces it; docs/tolerances.md lists them).
        hints: per check category, one line pointing to the usual cause of a failure.
        has_params: the layer has parameters (adds the param_grad check).
        differentiable: backward returns input gradients (adds the input_grad check).
        composite: built from other registry layers (Sequential, MLP, ...): a bug in any component
            legitimately fails it too, as it would in a student's network.
        torch_factory: for layers torch.nn lacks (e.g. torchvision's MLP): a function that imports
            torch lazily and returns a callable building the torch module from the same
            arguments. Specs never import torch at module level (students may not have it).
        property_checks: for randomness-aware layers, the checks ("forward", "input_grad",
            "param_grad") whose value comparison is replaced by the layer's properties
            (oracle/properties.py), and the state check's training-step comparisons skipped.
        random_case: ``(case, train) -> bool``: whether a forward of this case in training mode
            (train=True) or eval mode draws random numbers, so that ``property_checks`` apply to it;
            None: they apply to every case. A deterministic case of a random layer (eval mode,
            p = 0) then keeps the full value comparisons in every check (the state check asks
            with train=True: it always runs training steps).
        locate: ``(label, index, case) -> str``: names an index of a compared value in the layer's
            own terms (time step, direction, gate, head); checks.py appends it to the failure
            report's worst and first differing index. ``label`` is the report's label of the value
            (``output[1]``, ``param.grad['weight_hh_l0']``, ...); return "" when nothing applies.
        prepare_state: ``(case, tensors, rng) -> tensors``: adjust the parameter/buffer values
            loaded into every implementation (e.g. keep running_var positive).
        upstream: ``(case, output, rng) -> grads``: the gradients passed to backward, when not
            "random normal for every float output" (e.g. None for attention weights).
        examples: per check category, how many hypothesis examples the grading profile runs.
    """

    name: str
    family: str
    cases: Callable[[], Any]
    error_cases: Callable[[], Any] | None = None
    init: Callable[[], list] | None = None
    tolerance: dict = field(default_factory=dict)
    hints: dict = field(default_factory=dict)
    torch_factory: Callable | None = None
    has_params: bool = False
    differentiable: bool = True
    composite: bool = False
    property_checks: tuple = ()
    prepare_state: Callable | None = None
    upstream: Callable | None = None
    examples: dict = field(default_factory=dict)
    random_case: Callable | None = None
    locate: Callable | None = None

    def checks(self) -> tuple:
        """The check categories that apply to this layer, in CHECKS order. An entry without
        ``cases`` is a function (torch.nn.init's), graded by its ``init`` check alone."""
        if self.cases is None:
            return ("init",)
        applies = {"forward": True, "input_grad": self.differentiable, "param_grad": self.has_params,
                   "state": True, "errors": self.error_cases is not None, "init": self.init is not None}
        return tuple(c for c in CHECKS if applies[c])

    def uses_properties(self, check: str, case: Case, train: bool | None = None) -> bool:
        """Whether ``check`` judges ``case`` by the layer's properties instead of by value, for a
        forward in mode ``train`` (default: the case's own mode)."""
        if check not in self.property_checks:
            return False
        return self.random_case is None or self.random_case(case, case.train if train is None else train)

    def tolerance_for(self, dtype: str) -> Tolerance:
        return self.tolerance.get(dtype, DEFAULT_TOLERANCES[dtype])

    def hint(self, check: str) -> str:
        return self.hints.get(check, DEFAULT_HINTS[check])


DEFAULT_HINTS = {
    "forward": "Compare your formula with the torch docs for this layer, term by term; check the "
               "output dtype follows the input dtype (use Python floats for constants).",
    "input_grad": "Differentiate your forward by hand and check each term; a numerical gradient "
                  "(reference.gradcheck) on a tiny input shows which elements are off.",
    "param_grad": "Parameter gradients must be ADDED into param.grad (None means zero), summed over "
                  "every batch position, and have the parameter's shape.",
    "state": "state_dict keys come from attribute names (torch's names: weight, bias, running_mean...); "
             "train()/eval() must reach every submodule.",
    "errors": "Validate arguments as torch does and raise the same exception class.",
    "init": "Default initialization must follow torch's reset_parameters() for this layer.",
}
