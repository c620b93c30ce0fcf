"""Registry entries for reference/activation.py: the activation layers.

Conventions of these strategies:
- Constructor arguments are drawn over their whole valid range, each optional one left out at
  random (defaults tested), and a random leading run of them passed positionally (order tested).
- Inputs ~ N(0, scale^2) with a fraction of the elements set exactly to the layer's kinks
  (``with_kinks``): their forward values are compared, their gradients (a subgradient convention)
  are masked out.
- Layers whose FORWARD jumps at a point (Threshold at ``threshold``, Hardshrink at +-lambd,
  Softplus where beta * x == threshold) draw that point exactly too, with the argument exact in
  float32 (``_exact``: the tie is then the same whether the comparison runs in the input's dtype,
  as torch's, or in float64): the value there (x > threshold is strict) is compared, the
  gradient masked out as at any kink.
- In-place variants whose torch backward refuses to run (LeakyReLU with a negative slope, ELU and
  CELU with a negative alpha, RReLU in eval mode with (lower + upper) / 2 < 0: "In-place ...
  backward calculation is triggered with a negative slope which is not supported") are not drawn.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from scipy import stats

from ..checks import compare_values, forward_step
from ..properties import PROPERTIES
from ..spec import Case, Ctor, InitSpec, LayerSpec
from ..strategies import ctor_call, dtypes, normal_array, one_kind, rng_for, seeds, shapes, with_kinks


# ----------------------------------------------------------------------------------------------
# Building blocks
# ----------------------------------------------------------------------------------------------
def _arguments(ctor: Ctor, order: tuple, defaults: dict) -> dict:
    """The effective argument values of a constructor call (defaults filled in)."""
    return {**defaults, **dict(zip(order, ctor.args)), **ctor.kwargs}


def _floats(low: float, high: float):
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


def _exact(low: float, high: float):
    """Floats in [low, high] on a grid of 1/64: exact in float32 and float16, so that an input
    element set to one (or to one over a power of two) ties with it exactly in any dtype."""
    return st.integers(math.ceil(low * 64), math.floor(high * 64)).map(lambda k: k / 64)


def _kinked(rng, x, points):
    """``with_kinks`` with the mask always an ndarray: for a 0-d x it returns a NumPy bool scalar,
    which the comparison would silently ignore (so a kink would not be masked)."""
    x, mask = with_kinks(rng, x, points)
    return x, np.asarray(mask)


def _input(draw, rng, dtype: str, points=(), scale: float = 3.0):
    """x ~ N(0, scale^2) of a random shape (0-d included), some elements set exactly to ``points``;
    returns (x, gradient mask: False at those points)."""
    return _kinked(rng, normal_array(rng, shapes(draw, min_dims=0, max_dims=4), dtype, scale), points)


@st.composite
def _elementwise_cases(draw, layer: str, order: tuple = (), defaults: dict | None = None, values=None,
                       required: tuple = (), kinks=lambda arguments: (), scale: float = 3.0):
    """Cases of an elementwise layer.

    values: a strategy of {argument: value} (all of them, in signature order); optional ones
    (not in ``required``) are then left out at random. kinks(arguments) -> kink points of the
    layer given its effective arguments (defaults filled in).
    """
    drawn = draw(values) if values is not None else {}
    kept = {k: v for k, v in drawn.items() if k in required or draw(st.booleans())}
    ctor = ctor_call(draw, layer, order, kept)
    arguments = _arguments(ctor, order, defaults or {})
    dtype, seed = draw(dtypes), draw(seeds)
    x, mask = _input(draw, rng_for(seed), dtype, kinks(arguments), scale)
    return Case(ctor, inputs=(x,), dtype=dtype, seed=seed, grad_masks={0: mask})


#: Whether inplace=True is drawn for layers computed with exp/expm1/tanh (ELU, SELU, CELU, SiLU,
#: Mish), where torch's kernels and NumPy's differ in the last bit of a few percent of the
#: elements. The forward check compares a written input with the output tolerance
#: (checks._inputs_after_problems), so a correct in-place implementation passes.
INPLACE_INEXACT = True


def _inplace(allowed: bool = True):
    """Strategy of the inplace flag: True or False, or only False when True is not allowed."""
    return st.booleans() if allowed else st.just(False)


def _simple(layer: str, hints: dict, inplace: bool | None = None, kinks=(), scale: float = 3.0) -> LayerSpec:
    """A LayerSpec for an elementwise layer whose only argument is ``inplace`` (inplace: whether
    inplace=True may be drawn) or that has no argument (inplace=None)."""
    def cases():
        if inplace is None:
            return _elementwise_cases(layer, kinks=lambda arguments: kinks, scale=scale)
        return _elementwise_cases(layer, ("inplace",), {"inplace": False},
                                  st.fixed_dictionaries({"inplace": _inplace(inplace)}),
                                  kinks=lambda arguments: kinks, scale=scale)
    return LayerSpec(layer, "activation", cases, hints=hints)


def _error_case(ctor: Ctor, x) -> Case:
    return Case(ctor, inputs=(x,), expect_error=True)


def _error_input(draw):
    return normal_array(rng_for(draw(seeds)), shapes(draw, min_dims=1, max_dims=3, max_side=4), "float64")


# ----------------------------------------------------------------------------------------------
# Rectifiers
# ----------------------------------------------------------------------------------------------
@st.composite
def _leaky_relu_values(draw):
    inplace = draw(st.booleans())
    # In-place with a negative slope: torch's backward refuses (see the module docstring).
    slope = draw(_floats(0.0 if inplace else -1.0, 2.0))
    return {"negative_slope": slope, "inplace": inplace}


def leaky_relu_cases():
    return _elementwise_cases("LeakyReLU", ("negative_slope", "inplace"),
                              {"negative_slope": 0.01, "inplace": False}, _leaky_relu_values(),
                              kinks=lambda arguments: (0.0,))


HARDTANH_ORDER = ("min_val", "max_val", "inplace", "min_value", "max_value")


@st.composite
def _hardtanh_bounds(draw, valid: bool):
    """(min_val, max_val) given through min_val/max_val, the deprecated min_value/max_value (which
    override min_val/max_val), both, or left at their defaults (-1, 1); the effective pair is
    valid (max > min) or not as asked."""
    low, high = draw(_floats(-4.0, 4.0)), draw(_floats(-4.0, 4.0))
    low, high = min(low, high), max(low, high)
    if not valid:
        low, high = high, low
    values, effective = {}, {}
    for name, deprecated, value, default in (("min_val", "min_value", low, -1.0),
                                             ("max_val", "max_value", high, 1.0)):
        how = draw(st.sampled_from(["default", "name", "deprecated", "overridden"]))
        effective[name] = default if how == "default" else value
        if how == "name":
            values[name] = value
        elif how in ("deprecated", "overridden"):
            values[deprecated] = value
            if how == "overridden":
                values[name] = draw(_floats(-4.0, 4.0))  # ignored: the deprecated name wins
    return values, effective


@st.composite
def hardtanh_cases(draw):
    values, effective = draw(_hardtanh_bounds(valid=True))
    assume(effective["max_val"] > effective["min_val"])
    if draw(st.booleans()):
        values["inplace"] = draw(st.booleans())
    ctor = ctor_call(draw, "Hardtanh", HARDTANH_ORDER, {k: values[k] for k in HARDTANH_ORDER if k in values})
    dtype, seed = draw(dtypes), draw(seeds)
    x, mask = _input(draw, rng_for(seed), dtype, (effective["min_val"], effective["max_val"]))
    return Case(ctor, inputs=(x,), dtype=dtype, seed=seed, grad_masks={0: mask})


@st.composite
def hardtanh_errors(draw):
    values, effective = draw(_hardtanh_bounds(valid=False))
    assume(effective["max_val"] <= effective["min_val"])
    ctor = ctor_call(draw, "Hardtanh", HARDTANH_ORDER, {k: values[k] for k in HARDTANH_ORDER if k in values})
    return _error_case(ctor, _error_input(draw))


@st.composite
def prelu_cases(draw):
    """num_parameters = 1 (any input, 0-d included) or C = the input's dim 1 (inputs of >= 2 dims;
    C = 0 too: an empty weight and an empty input, valid in torch)."""
    dtype, seed = draw(dtypes), draw(seeds)
    rng = rng_for(seed)
    if draw(st.booleans()):
        channels = draw(st.integers(0, 5))
        shape = (draw(st.integers(1, 4)), channels) + shapes(draw, min_dims=0, max_dims=2, max_side=4)
        values = {"num_parameters": channels}
    else:
        shape = shapes(draw, min_dims=0, max_dims=4)
        values = {"num_parameters": 1} if draw(st.booleans()) else {}
    if draw(st.booleans()):
        values["init"] = draw(_floats(-1.0, 1.0))  # overwritten by the loaded random weights
    ctor = ctor_call(draw, "PReLU", ("num_parameters", "init"), values)
    x, mask = _kinked(rng, normal_array(rng, shape, dtype, 3.0), (0.0,))
    return Case(ctor, inputs=(x,), dtype=dtype, seed=seed, grad_masks={0: mask})


@st.composite
def prelu_errors(draw):
    channels = draw(st.integers(2, 5))
    wrong = draw(st.integers(1, 6).filter(lambda c: c != channels))
    x = normal_array(rng_for(draw(seeds)), (2, wrong) + shapes(draw, min_dims=0, max_dims=2, max_side=3), "float32")
    return one_kind(draw, [
        _error_case(Ctor("PReLU", (channels,)), x),                              # C != input's dim 1
        _error_case(Ctor("PReLU", (2,)), x.reshape(-1)[:2]),                     # 1-d input = 1 channel
        _error_case(Ctor("PReLU", (0,)), x.reshape(-1)[:2]),                     # ... also != 0 channels
        _error_case(Ctor("PReLU", (channels,)), np.asarray(x.reshape(-1)[0])),   # 0-d input
        _error_case(Ctor("PReLU", (-1,)), x),                                    # negative size (-1 too:
        _error_case(Ctor("PReLU", (-channels,)), x),                             # no "infer this size")
    ])


def prelu_init():
    return [InitSpec({"weight": np.array([0.25])}, ctor=Ctor("PReLU")),
            InitSpec({"weight": np.full(6, -0.5)}, ctor=Ctor("PReLU", (6,), {"init": -0.5})),
            InitSpec({"weight": np.full(3, 0.125)}, ctor=Ctor("PReLU", (3, 0.125))),
            InitSpec({"weight": np.zeros(0)}, ctor=Ctor("PReLU", (0,)))]  # valid: an empty weight


# ----------------------------------------------------------------------------------------------
# RReLU: random slopes in training mode, checked by properties
# ----------------------------------------------------------------------------------------------
RRELU_ORDER = ("lower", "upper", "inplace")
RRELU_DEFAULTS = {"lower": 1.0 / 8, "upper": 1.0 / 3, "inplace": False}


@st.composite
def rrelu_cases(draw):
    """lower <= upper anywhere in [-0.5, 1.5] (lower == upper included), train or eval mode;
    half of the inputs large enough for the slope distribution test.

    inplace=True only in eval mode and with a slope (lower + upper) / 2 >= 0 (torch's in-place
    backward refuses a negative one); inplace is left out (default False) in some cases of both
    modes, so the properties see the input left unchanged then.
    """
    train = draw(st.booleans())
    lower = draw(_floats(-0.5, 1.5))
    upper = draw(st.one_of(st.just(lower), _floats(lower, 1.5)))
    kept = {k: v for k, v in {"lower": lower, "upper": upper}.items() if draw(st.booleans())}
    bounds = _arguments(Ctor("RReLU", (), kept), RRELU_ORDER, RRELU_DEFAULTS)
    assume(bounds["lower"] <= bounds["upper"])
    if draw(st.booleans()):
        kept["inplace"] = not train and bounds["lower"] + bounds["upper"] >= 0 and draw(st.booleans())
    ctor = ctor_call(draw, "RReLU", RRELU_ORDER, kept)
    dtype, seed = draw(dtypes), draw(seeds)
    rng = rng_for(seed)
    if draw(st.booleans()):  # >= 125 elements: enough negative ones for the distribution test
        shape = shapes(draw, min_dims=3, max_dims=3, min_side=5, max_side=8)
    else:
        shape = shapes(draw, min_dims=0, max_dims=4)
    x = normal_array(rng, shape, dtype, 3.0)
    return Case(ctor, inputs=(x,), dtype=dtype, seed=seed, train=train)


@st.composite
def rrelu_errors(draw):
    upper = draw(_floats(-0.5, 1.0))
    lower = upper + draw(_floats(1e-3, 1.0))
    return _error_case(ctor_call(draw, "RReLU", RRELU_ORDER, {"lower": lower, "upper": upper}), _error_input(draw))


#: False-alarm probability of the slope distribution test on a correct layer.
RRELU_ALPHA = 1e-6


def rrelu_properties(check, case, actual, expected, session, grads=None) -> list[str]:
    """RReLU in training mode: y = x where x > 0, y = a x with a ~ U(lower, upper) drawn per element
    where x < 0, and backward uses the same slopes. Eval mode is deterministic: compared by value.

    forward: shape/dtype; y == x where x > 0; the slopes y/x of the negative elements lie in
        [lower, upper], are not all equal (>= 5 of them, upper - lower >= 0.01) and pass a
        Kolmogorov-Smirnov test against U(lower, upper) (>= 50 of them, same width); in both
        modes the input is left as it was (bit for bit) unless inplace=True, which leaves the
        output in it.
    input_grad: the returned gradient is g where x > 0 and g * a with a in [lower, upper] where
        x < 0; and in one more forward/backward run of the implementation the gradient equals
        g * (y/x) with y that run's own forward output.
    """
    mask = case.grad_masks.get(0)
    arguments = _arguments(case.ctor, RRELU_ORDER, RRELU_DEFAULTS)
    if check == "forward":
        return _rrelu_forward_problems(case, actual, expected, session, arguments)
    if not case.train:
        return compare_values("backward's returned gradient", actual, expected, session.tol, mask)
    lower, upper = float(arguments["lower"]), float(arguments["upper"])
    x = case.inputs[0]
    problems = _layout_problems("backward's returned gradient", actual, expected)
    if problems:
        return problems
    upstream = grads[0]
    problems = _slope_problems("backward's returned gradient", actual, upstream, x, lower, upper,
                               session.tol, distribution=False)
    return problems + _consistency_problems(session, case, upstream, x, mask)


def _rrelu_forward_problems(case, actual, expected, session, arguments) -> list[str]:
    """The output (by value in eval mode, by the slope properties in training mode), then the
    input after forward: untouched unless inplace=True, which leaves the output in it."""
    output = actual["output"]
    if not case.train:
        problems = compare_values("output", output, expected["output"], session.tol)
    else:
        x = case.inputs[0]
        problems = _layout_problems("output", output, expected["output"]) or \
            _slope_problems("output", output, x, x, float(arguments["lower"]), float(arguments["upper"]),
                            session.tol, distribution=True)
    after = actual["inputs_after"][0]
    target, meaning = (output, "hold the output (inplace=True)") if arguments["inplace"] else \
        (case.inputs[0], "be left unchanged (only inplace=True may write it; the default is False)")
    if not isinstance(after, np.ndarray) or after.shape != np.shape(target) or not np.array_equal(after, target):
        problems.append(f"input 0 after forward: expected it to {meaning}")
    return problems


def _layout_problems(label, value, expected) -> list[str]:
    if not isinstance(value, np.ndarray):
        return [f"{label}: expected an ndarray, got {type(value).__name__}"]
    if value.shape != expected.shape:
        return [f"{label}: wrong shape {list(value.shape)}, expected {list(expected.shape)}"]
    if value.dtype != expected.dtype:
        return [f"{label}: wrong dtype {value.dtype}, expected {expected.dtype} "
                "(the output dtype must follow the input dtype)"]
    return []


def _slope_problems(label, value, base, x, lower, upper, tol, distribution: bool) -> list[str]:
    """``value`` must be ``base`` where x > 0 and ``a * base``, a in [lower, upper], where x < 0."""
    positive, negative = x > 0, x < 0
    problems = compare_values(f"{label} where x > 0", value[positive], base[positive], tol)
    usable = negative & (np.abs(base) > 1e-30)
    slopes = value[usable].astype(np.float64) / base[usable].astype(np.float64)
    if slopes.size == 0:
        return problems
    width = max(1.0, abs(lower), abs(upper))
    slack = tol.rtol * width
    outside = (slopes < lower - slack) | (slopes > upper + slack) | ~np.isfinite(slopes)
    if outside.any():
        return problems + [f"{label} where x < 0: {int(outside.sum())} of {slopes.size} slopes (value/x) "
                           f"outside [lower, upper] = [{lower:g}, {upper:g}], e.g. {slopes[outside][0]!r}"]
    if not distribution or upper - lower < 0.01:
        return problems
    if slopes.size >= 5 and np.ptp(slopes) <= 1e-5 * width:
        problems.append(f"{label} where x < 0: all {slopes.size} slopes equal {slopes[0]:.6g}; in training "
                        "mode each element draws its own slope ~ U(lower, upper) at every forward")
    elif slopes.size >= 50:
        pvalue = stats.kstest(slopes, stats.uniform(loc=lower, scale=upper - lower).cdf).pvalue
        if pvalue < RRELU_ALPHA:
            problems.append(f"{label} where x < 0: the {slopes.size} slopes (mean {slopes.mean():.4g}, "
                            f"std {slopes.std():.4g}) do not follow U({lower:g}, {upper:g}) "
                            f"(Kolmogorov-Smirnov p = {pvalue:.2g} < {RRELU_ALPHA:g})")
    return problems


def _consistency_problems(session, case, upstream, x, mask) -> list[str]:
    """Run forward + backward once more and check backward used that forward's slopes."""
    steps = session.prepared_steps() + [forward_step(case), {"op": "backward", "grads": [upstream]}]
    results = session.impl.run(steps)
    for step, result in zip(steps, results):
        if "error" in result:
            return [f"{step['op']} raised {result['error']['type']}: {result['error']['message']}"]
    output, grad = results[-2]["value"]["output"], results[-1]["value"]
    problems = _layout_problems("forward output", output, x) + \
        _layout_problems("backward's returned gradient", grad, x)
    if problems:
        return problems
    safe_x = np.where(x < 0, x, 1.0)
    slopes = np.where(x < 0, output.astype(np.float64) / safe_x, 1.0)
    expected = np.asarray(upstream.astype(np.float64) * slopes, dtype=x.dtype)
    return [f"backward must reuse the forward's random slopes: {p}" for p in
            compare_values("gradient vs upstream * (forward output / x)", grad, expected, session.tol, mask)]


PROPERTIES["RReLU"] = rrelu_properties


# ----------------------------------------------------------------------------------------------
# Exponential units, GELU
# ----------------------------------------------------------------------------------------------
@st.composite
def _elu_values(draw):
    inplace = draw(_inplace(INPLACE_INEXACT))
    alpha = draw(_floats(0.0 if inplace else -2.0, 3.0))  # in-place needs alpha >= 0 in torch
    return {"alpha": alpha, "inplace": inplace}


@st.composite
def _celu_values(draw):
    inplace = draw(_inplace(INPLACE_INEXACT))
    # alpha = 0 is an error case; a negative alpha is kept to [-3, -1] because torch's backward
    # uses float32(1/alpha) even in float64, off by |x/alpha| * 6e-8 relative, which for small
    # |alpha| and e^{x/alpha} large would exceed the float64 tolerance; in-place needs alpha > 0.
    alpha = draw(_floats(0.2, 3.0) if inplace else st.one_of(_floats(0.2, 3.0), _floats(-3.0, -1.0)))
    return {"alpha": alpha, "inplace": inplace}


def elu_cases():
    return _elementwise_cases("ELU", ("alpha", "inplace"), {"alpha": 1.0, "inplace": False}, _elu_values(),
                              kinks=lambda arguments: (0.0,))


def celu_cases():
    return _elementwise_cases("CELU", ("alpha", "inplace"), {"alpha": 1.0, "inplace": False}, _celu_values(),
                              kinks=lambda arguments: (0.0,))


@st.composite
def celu_errors(draw):
    return _error_case(ctor_call(draw, "CELU", ("alpha", "inplace"), {"alpha": draw(st.sampled_from([0.0, -0.0, 0]))}),
                       _error_input(draw))


def gelu_cases():
    values = st.fixed_dictionaries({"approximate": st.sampled_from(["none", "tanh"])})
    return _elementwise_cases("GELU", ("approximate",), {"approximate": "none"}, values)


@st.composite
def gelu_errors(draw):
    bad = draw(st.sampled_from(["bad", "Tanh", "None", "", "erf", "tanh "]))
    return _error_case(ctor_call(draw, "GELU", ("approximate",), {"approximate": bad}), _error_input(draw))


# ----------------------------------------------------------------------------------------------
# Softplus, shrinkage, threshold
# ----------------------------------------------------------------------------------------------
@st.composite
def softplus_cases(draw):
    """beta of either sign (never 0: log(2)/0) and thresholds mostly small (even negative) so that
    beta * x crosses them where log(1 + e^{beta x}) / beta and x differ visibly (for a large
    threshold the switch is invisible: they agree to e^{-threshold}); thresholds <= 30 so that
    exp(beta * x) below the threshold stays finite. Both arguments are given in most cases (the
    switch is tested only with beta != 1 and a small threshold); each default in some. Half of
    the cases take a power-of-two beta and a threshold on a 1/64 grid and set some elements to
    threshold / beta exactly (the tie beta * x == threshold: not above it, so softplus there)."""
    ties = draw(st.booleans())
    if ties:  # beta * x == threshold exactly at x = threshold / beta: a power-of-two beta, a grid threshold
        beta = draw(st.sampled_from([0.5, 2.0, 4.0, -0.5, -2.0]))
        threshold = draw(_exact(-2.0, 3.0))
    else:
        beta = draw(st.one_of(_floats(0.1, 0.8), _floats(1.25, 10.0), _floats(-3.0, -0.1)))
        threshold = draw(_floats(3.0, 30.0) if draw(st.integers(0, 3)) == 0 else _floats(-2.0, 3.0))
    values = {"beta": beta, "threshold": threshold}
    if draw(st.integers(0, 3)) == 0:
        values = {k: v for k, v in values.items() if draw(st.booleans())}
    ctor = ctor_call(draw, "Softplus", ("beta", "threshold"), values)
    arguments = _arguments(ctor, ("beta", "threshold"), {"beta": 1.0, "threshold": 20.0})
    kinks = (arguments["threshold"] / arguments["beta"],) if ties else ()
    dtype, seed = draw(dtypes), draw(seeds)
    x, mask = _input(draw, rng_for(seed), dtype, kinks, scale=3.0)
    return Case(ctor, inputs=(x,), dtype=dtype, seed=seed, grad_masks={0: mask})


def hardshrink_cases():
    # A negative lambd makes Hardshrink the identity (torch accepts it). Ties at +-lambd: 0 there.
    values = st.fixed_dictionaries({"lambd": st.one_of(_exact(0.0, 3.0), _exact(-1.0, 0.0))})
    return _elementwise_cases("Hardshrink", ("lambd",), {"lambd": 0.5}, values,
                              kinks=lambda arguments: (-arguments["lambd"], arguments["lambd"]))


def softshrink_cases():
    values = st.fixed_dictionaries({"lambd": _floats(0.0, 3.0)})
    return _elementwise_cases("Softshrink", ("lambd",), {"lambd": 0.5}, values,
                              kinks=lambda arguments: (-arguments["lambd"], arguments["lambd"]))


@st.composite
def softshrink_errors(draw):
    lambd = draw(_floats(-5.0, -1e-3))
    return _error_case(ctor_call(draw, "Softshrink", ("lambd",), {"lambd": lambd}), _error_input(draw))


def threshold_cases():
    # Ties at x == threshold (value there: the comparison is strict).
    values = st.fixed_dictionaries({"threshold": _exact(-3.0, 3.0), "value": _floats(-5.0, 5.0),
                                    "inplace": st.booleans()})
    return _elementwise_cases("Threshold", ("threshold", "value", "inplace"), {"inplace": False}, values,
                              required=("threshold", "value"), kinks=lambda arguments: (arguments["threshold"],))


# ----------------------------------------------------------------------------------------------
# Softmax family
# ----------------------------------------------------------------------------------------------
@st.composite
def _softmax_cases(draw, layer: str):
    """Any dim in range (its ends -ndim and ndim - 1 often) or, in half of the cases, None (torch's
    legacy rule: dim 0 for 0-, 1-, 3-d inputs, else 1) on an input of a rank drawn separately (so
    that the grading profile's few examples reach every rank with it); shapes 0-d..4-d, and value
    scales up to 1e4 so that a softmax without the max subtraction overflows."""
    dtype, seed = draw(dtypes), draw(seeds)
    shape = shapes(draw, min_dims=0, max_dims=4)
    size = max(len(shape), 1)
    dim = draw(st.one_of(st.sampled_from([-size, size - 1]), st.integers(-size, size - 1)))
    if draw(st.booleans()):
        dim = None
        rank = draw(st.sampled_from([3, 1, 4, 2, 0]))
        shape = shapes(draw, min_dims=rank, max_dims=rank)
    values = {} if dim is None and draw(st.booleans()) else {"dim": dim}
    scale = draw(st.sampled_from([1.0, 3.0, 1e3, 1e4]))
    x = normal_array(rng_for(seed), shape, dtype, scale)
    return Case(ctor_call(draw, layer, ("dim",), values), inputs=(x,), dtype=dtype, seed=seed)


@st.composite
def _softmax_errors(draw, layer: str):
    shape = shapes(draw, min_dims=0, max_dims=3, max_side=3)
    size = max(len(shape), 1)
    dim = draw(st.one_of(st.integers(size, size + 2), st.integers(-size - 2, -size - 1)))
    x = normal_array(rng_for(draw(seeds)), shape, "float64")
    return _error_case(ctor_call(draw, layer, ("dim",), {"dim": dim}), x)


def _softmax_spec(layer: str, hints: dict) -> LayerSpec:
    return LayerSpec(layer, "activation", lambda: _softmax_cases(layer),
                     error_cases=lambda: _softmax_errors(layer),
                     hints={"errors": "A dim outside [-ndim, ndim-1] raises IndexError (a 0-d input "
                                      "accepts 0 and -1), as torch.", **hints})


# ----------------------------------------------------------------------------------------------
# The registry entries
# ----------------------------------------------------------------------------------------------
_INPLACE = "inplace=True writes the result into the input array (input[...] = y) and returns it."

SPECS = [
    _simple("ReLU", inplace=True, kinks=(0.0,), hints={
        "forward": "ReLU(x) = max(0, x). " + _INPLACE,
        "input_grad": "dx = g where x > 0, else 0 (cache x in forward; a copy if inplace)."}),
    _simple("ReLU6", inplace=True, kinks=(0.0, 6.0), scale=4.0, hints={
        "forward": "ReLU6(x) = min(max(0, x), 6). " + _INPLACE,
        "input_grad": "dx = g where 0 < x < 6, else 0."}),
    LayerSpec("Hardtanh", "activation", hardtanh_cases, error_cases=hardtanh_errors, hints={
        "forward": "clip(x, min_val, max_val), into a new array unless inplace=True (np.clip(x, ..., out=x) "
                   "overwrites the caller's input); the deprecated min_value/max_value, when not None, "
                   "override min_val/max_val. " + _INPLACE,
        "input_grad": "dx = g where min_val < x < max_val, else 0.",
        "errors": "max_val <= min_val (after the deprecated names are applied) raises AssertionError "
                  "at construction."}),
    LayerSpec("LeakyReLU", "activation", leaky_relu_cases, hints={
        "forward": "x where x > 0, else negative_slope * x (any slope, negative too). " + _INPLACE,
        "input_grad": "dx = g where x > 0, else negative_slope * g (not 0)."}),
    LayerSpec("PReLU", "activation", prelu_cases, error_cases=prelu_errors, init=prelu_init, has_params=True,
              hints={
                  "forward": "x where x > 0, else a * x; with num_parameters = C the slope a_c applies "
                             "to channel c = index along dim 1 (reshape the weight to (C, 1, ..., 1)).",
                  "input_grad": "dx = g where x > 0, else a * g.",
                  "param_grad": "da += sum of x * g over the elements where x <= 0, over every dim but "
                                "dim 1 (over everything when num_parameters = 1); ADD into .grad.",
                  "errors": "num_parameters other than 1 must equal the input's dim 1 (a 1-d input has "
                            "one channel; a 0-d input is rejected): RuntimeError, as torch.",
                  "init": "weight = init (default 0.25) in every entry, shape (num_parameters,)."}),
    LayerSpec("RReLU", "activation", rrelu_cases, error_cases=rrelu_errors, property_checks=("forward", "input_grad"),
              hints={
                  "forward": "training: x where x > 0, else a * x with a ~ U(lower, upper) drawn per "
                             "element at every forward (np.random); eval: a = (lower + upper) / 2.",
                  "input_grad": "dx = g where x > 0, else a * g with the very slopes a drawn by the "
                                "latest forward (cache them).",
                  "state": "In eval mode the slope is (lower + upper) / 2 for every element.",
                  "errors": "lower > upper raises RuntimeError at forward, as torch."}),
    LayerSpec("ELU", "activation", elu_cases, hints={
        "forward": "x where x > 0, else alpha * (exp(x) - 1); use expm1, and evaluate exp only on "
                   "min(x, 0) to avoid overflow warnings. " + _INPLACE,
        "input_grad": "dx = g where x > 0, else alpha * exp(x) * g."}),
    _simple("SELU", inplace=INPLACE_INEXACT, kinks=(0.0,), hints={
        "forward": "scale * ELU_alpha(x) with alpha = 1.6732632423543772848170429916717 and "
                   "scale = 1.0507009873554804934193349852946. " + _INPLACE,
        "input_grad": "dx = scale * g where x > 0, else scale * alpha * exp(x) * g."}),
    LayerSpec("CELU", "activation", celu_cases, error_cases=celu_errors, hints={
        "forward": "max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). " + _INPLACE,
        "input_grad": "dx = g where x > 0, else exp(x / alpha) * g.",
        "errors": "alpha == 0 raises RuntimeError at forward, as torch."}),
    LayerSpec("GELU", "activation", gelu_cases, error_cases=gelu_errors, hints={
        "forward": "'none': x * Phi(x) = 0.5 x (1 + erf(x / sqrt(2))); 'tanh': "
                   "0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).",
        "input_grad": "'none': Phi(x) + x phi(x) with phi(x) = exp(-x^2/2) / sqrt(2 pi); 'tanh': "
                      "differentiate the product and the tanh's inner cubic.",
        "errors": "approximate other than 'none'/'tanh' raises RuntimeError (at forward in torch)."}),
    _simple("Sigmoid", hints={
        "forward": "1 / (1 + exp(-x)), computed without overflow (scipy.special.expit).",
        "input_grad": "dx = g * y * (1 - y) with y = sigmoid(x)."}),
    _simple("LogSigmoid", hints={
        "forward": "log(sigmoid(x)) = -log(1 + exp(-x)), computed stably (scipy.special.log_expit).",
        "input_grad": "dx = g * sigmoid(-x)."}),
    _simple("Tanh", hints={"forward": "np.tanh(x) (stable for large |x|; (e^x - e^-x)/(e^x + e^-x) overflows); "
                                      "the output dtype follows the input.",
                           "input_grad": "dx = g * (1 - tanh(x)^2)."}),
    _simple("Hardsigmoid", inplace=True, kinks=(-3.0, 3.0), hints={
        "forward": "0 for x <= -3, 1 for x >= 3, else x / 6 + 1/2. " + _INPLACE,
        "input_grad": "dx = g / 6 where -3 < x < 3, else 0."}),
    _simple("Hardswish", inplace=True, kinks=(-3.0, 3.0), hints={
        "forward": "x * hardsigmoid(x): 0 for x <= -3, x for x >= 3, else x (x + 3) / 6. " + _INPLACE,
        "input_grad": "dx = 0 where x < -3, g where x > 3, else g (2x + 3) / 6."}),
    LayerSpec("Hardshrink", "activation", hardshrink_cases, hints={
        "forward": "x where x > lambd or x < -lambd, else 0 (a negative lambd keeps everything).",
        "input_grad": "dx = g where the forward kept x, else 0."}),
    LayerSpec("Softshrink", "activation", softshrink_cases, error_cases=softshrink_errors, hints={
        "forward": "x - lambd where x > lambd, x + lambd where x < -lambd, else 0.",
        "input_grad": "dx = g where |x| > lambd, else 0.",
        "errors": "A negative lambd raises RuntimeError at forward, as torch."}),
    _simple("Tanhshrink", hints={"forward": "x - tanh(x).", "input_grad": "dx = g * tanh(x)^2."}),
    _simple("SiLU", inplace=INPLACE_INEXACT, hints={
        "forward": "x * sigmoid(x). " + _INPLACE,
        "input_grad": "dx = g * s * (1 + x (1 - s)) with s = sigmoid(x)."}),
    _simple("Mish", inplace=INPLACE_INEXACT, hints={
        "forward": "x * tanh(softplus(x)) with softplus(x) = log(1 + exp(x)) computed without overflow "
                   "(np.logaddexp(0, x)). " + _INPLACE,
        "input_grad": "dx = g (t + x sigmoid(x) (1 - t^2)) with t = tanh(softplus(x))."}),
    LayerSpec("Softplus", "activation", softplus_cases, hints={
        "forward": "log(1 + exp(beta x)) / beta, but x itself where beta * x > threshold (the "
                   "comparison uses beta * x, not x).",
        "input_grad": "dx = g where beta * x > threshold, else g * sigmoid(beta x)."}),
    _simple("Softsign", hints={"forward": "x / (1 + |x|).", "input_grad": "dx = g / (1 + |x|)^2."}),
    LayerSpec("Threshold", "activation", threshold_cases, hints={
        "forward": "x where x > threshold, else value. " + _INPLACE,
        "input_grad": "dx = g where x > threshold, else 0."}),
    _softmax_spec("Softmax", {
        "forward": "exp(x - max) / sum(exp(x - max)) along dim: subtract the max along dim first or "
                   "large inputs overflow (and exp(x - logsumexp(x)) loses |x| * eps in float32: at "
                   "|x| ~ 1e4 that is 1e-3, torch's error is 1e-7); dim=None: dim 0 for 0-, 1-, 3-d "
                   "inputs, else 1.",
        "input_grad": "dx = y * (g - sum(g * y, dim, keepdims=True))."}),
    _softmax_spec("LogSoftmax", {
        "forward": "(x - m) - log(sum(exp(x - m))) along dim with m = max along dim: subtract m first "
                   "(x - m is exact near the max; x - logsumexp(x) in float32 loses |x| * eps, 1e-3 at "
                   "|x| ~ 1e4); dim=None: dim 0 for 0-, 1-, 3-d inputs, else 1.",
        "input_grad": "dx = g - exp(y) * sum(g, dim, keepdims=True)."}),
    _softmax_spec("Softmin", {
        "forward": "softmax(-x) along dim (stable: subtract the max of -x first, not a logsumexp, "
                   "which loses |x| * eps in float32); dim=None as Softmax.",
        "input_grad": "dx = -y * (g - sum(g * y, dim, keepdims=True))."}),
]


# The state hint of each parameterless layer (its own name in it; a new dict per spec, as some
# specs share their hints dict).
for _spec in SPECS:
    _spec.hints = {"state": f"{_spec.name} has no parameters or buffers: state_dict() is empty, "
                            "and eval() or repeated calls must not change its output (keep nothing between "
                            "forwards but the cache backward needs).", **_spec.hints}
