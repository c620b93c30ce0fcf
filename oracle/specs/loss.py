"""Registry entries for reference/loss.py: the loss functions.

Conventions of these strategies:
- Every constructor argument is left out at random (defaults tested), a random leading run of them
  is passed positionally (order tested), and the reduction is either left out, given, or set through
  the deprecated size_average/reduce flags (which must then override any reduction given too).
- The target is never differentiable: Case.grad_inputs = (0,). Loss weights (weight, pos_weight) are
  constructor arrays of the case dtype, far from 1 (log-uniform over [e^-3, e^3]) so that a weight
  applied twice, or missing from the 'mean' denominator, shows.
- L1Loss and SmoothL1Loss(beta=0) get exact ties input == target: their forward is compared, their
  gradient (a subgradient convention; torch uses sign(0) = 0) is masked out. Huber and SmoothL1
  (beta > 0) get elements exactly at |input - target| = delta/beta (up to rounding): the loss is C1
  there, so nothing is masked.
- Class losses draw ignore_index among the default -100, a valid class (then present in the
  targets), another negative value and a value >= C, set some targets to it, and now and then
  ignore every target ('mean' is then nan as torch, and the gradient 0).
- BCELoss inputs lie in (0.02, 0.98), with, in some cases, elements at 1e-6 and 1 - 1e-6 or exactly
  0 and 1 (the log clamp at -100). BCEWithLogitsLoss logits reach |x| ~ 50-100 in some cases, where
  an unstable log(sigmoid(x)) gives -inf or loses every digit.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from ..checks import random_upstream
from ..spec import Case, Ctor, LayerSpec
from ..strategies import ctor_call, dtypes, normal_array, one_kind, rng_for, seeds, shapes, uniform_array

REDUCTIONS = ("none", "mean", "sum")


# ----------------------------------------------------------------------------------------------
# Building blocks
# ----------------------------------------------------------------------------------------------
def _reduction_kwargs(draw, legacy: bool = True) -> dict:
    """reduction left out, given, or set by the deprecated size_average/reduce flags (then a
    reduction passed as well must be overridden)."""
    how = draw(st.sampled_from(["default", "reduction", "reduction", "legacy"] if legacy
                               else ["default", "reduction", "reduction"]))
    if how == "default":
        return {}
    if how == "reduction":
        return {"reduction": draw(st.sampled_from(REDUCTIONS))}
    # pairs with a None twice as often: None counts as True (for either flag)
    size_average, reduce = draw(st.sampled_from(
        [(a, b) for a in (None, True, False) for b in (None, True, False) if (a, b) != (None, None)] +
        [(None, True), (None, False), (True, None), (False, None)]))
    kwargs = {k: v for k, v in (("size_average", size_average), ("reduce", reduce)) if v is not None}
    if draw(st.booleans()):
        kwargs["reduction"] = draw(st.sampled_from(REDUCTIONS))
    return kwargs


def _positive_weights(rng, shape, dtype: str) -> np.ndarray:
    """Weights far from 1 in both directions: exp(U(-3, 3))."""
    return np.asarray(np.exp(rng.uniform(-3.0, 3.0, size=shape)), dtype=dtype)


def _broadcastable_shape(draw, shape: tuple) -> tuple:
    """A shape that broadcasts to ``shape`` without growing it: a suffix, some sides set to 1."""
    k = draw(st.integers(0, len(shape)))
    return tuple(n if draw(st.integers(0, 2)) else 1 for n in shape[len(shape) - k:])


def _class_layout(draw, max_classes: int = 6) -> tuple:
    """(input shape, target shape, C) for an input (C,), (N, C) or (N, C, d1, ..., dK)."""
    kind = draw(st.sampled_from(["2d", "nd", "1d", "2d"]))
    c = draw(st.integers(1, max_classes))
    if kind == "1d":  # (a target of shape (1,) is valid in forward, but torch's backward rejects it)
        return (c,), (), c
    n = draw(st.integers(1, 5))
    spatial = shapes(draw, min_dims=1, max_dims=3, max_side=3) if kind == "nd" else ()
    return (n, c) + spatial, (n,) + spatial, c


def _ignore_setting(draw, c: int) -> tuple:
    """(kwargs, ignore value): the default -100, a valid class, another negative, or one >= C."""
    choice = draw(st.sampled_from(["default", "default", "class", "negative", "beyond"]))
    if choice == "default":
        value = -100
        return ({"ignore_index": -100} if draw(st.booleans()) else {}), value
    value = {"class": draw(st.integers(0, c - 1)), "negative": draw(st.integers(-5, -1)),
             "beyond": c + draw(st.integers(0, 3))}[choice]
    return {"ignore_index": value}, value


def _class_targets(draw, rng, target_shape: tuple, c: int, ignore: int, how: str | None = None) -> np.ndarray:
    """int64 class indices in [0, C); some (at least one, not all, if there are two positions),
    none, or now and then all of them set to ``ignore`` (``how``: drawn unless given)."""
    target = rng.integers(0, c, size=target_shape).astype(np.int64)
    how = how or draw(st.sampled_from(["some", "none", "some", "all"]))
    if how == "all":
        target[...] = ignore
    elif how == "some":
        size = target.size
        count = int(rng.integers(1, size)) if size > 1 else int(rng.integers(0, 2))
        target.reshape(-1)[rng.permutation(size)[:count]] = ignore
    return target


# ----------------------------------------------------------------------------------------------
# Regression losses
# ----------------------------------------------------------------------------------------------
@st.composite
def _pointwise_cases(draw, layer: str, order: tuple, parameter=None, legacy: bool = True):
    """Cases of L1Loss/MSELoss/HuberLoss/SmoothL1Loss. ``parameter``: (name, strategy) of
    delta/beta. The target usually has the input's shape, sometimes a shape broadcasting to it, or
    the input a shape broadcasting to the target's (torch warns and broadcasts; the input gradient
    is then summed back to the input's shape)."""
    values = _reduction_kwargs(draw, legacy)
    threshold = None
    if parameter is not None:
        name, strategy = parameter
        threshold = draw(strategy)
        if draw(st.sampled_from([True, True, True, False])):
            values[name] = threshold
        else:
            threshold = 1.0
    ctor = ctor_call(draw, layer, order, {k: values[k] for k in order if k in values})
    dtype, seed = draw(dtypes), draw(seeds)
    rng = rng_for(seed)
    shape = shapes(draw, min_dims=0, max_dims=4)
    broadcast = one_kind(draw, ["none", "target", "input", "input to empty"])
    stretch = broadcast.startswith("input")
    if stretch and not shape:
        shape = (draw(st.integers(1, 3)),)
    target_shape = _broadcastable_shape(draw, shape) if broadcast == "target" else shape
    input_shape = (_broadcastable_shape(draw, shape) or shape[-1:]) if stretch else shape
    if stretch:
        # one input side of 1 stretched to 2 or 3, or to an empty target side (an empty loss, a zero
        # input gradient): the gradient is summed back over it
        axis = draw(st.integers(0, len(input_shape) - 1))
        at = len(shape) - len(input_shape) + axis
        input_shape = input_shape[:axis] + (1,) + input_shape[axis + 1:]
        if draw(st.sampled_from([True, False])):  # other sides > 1: the gradient sums the stretched side only
            input_shape = tuple(n if a == axis else max(n, 2) for a, n in enumerate(input_shape))
            shape = shape[:len(shape) - len(input_shape)] + input_shape
        stretched = 0 if broadcast == "input to empty" else draw(st.sampled_from([2, 3]))
        shape = target_shape = shape[:at] + (stretched,) + shape[at + 1:]
    x = normal_array(rng, input_shape, dtype, 2.0)
    target = normal_array(rng, target_shape, dtype, 2.0)
    full_target = np.broadcast_to(target, shape)
    mask = np.ones(input_shape, dtype=bool)
    if input_shape != shape:
        pass  # a broadcast input element meets several targets: no exact ties or junction points drawn
    elif threshold == 0 or layer == "L1Loss":
        # |x - y| has a kink at x == y: tie some elements exactly, mask their gradient out.
        ties = rng.random(shape) < 0.2
        x = np.where(ties, full_target, x).astype(dtype)
        mask = ~ties
    elif threshold is not None:
        # the quadratic/linear junction |x - y| = delta (beta): C1, so nothing is masked.
        at_junction = rng.random(shape) < 0.2
        side = np.where(rng.random(shape) < 0.5, -1.0, 1.0)
        x = np.where(at_junction, full_target + side * threshold, x).astype(dtype)
    return Case(ctor, inputs=(x, target), dtype=dtype, seed=seed, grad_masks={0: mask})


LEGACY_ORDER = ("size_average", "reduce", "reduction")


def l1_cases():
    return _pointwise_cases("L1Loss", LEGACY_ORDER)


def mse_cases():
    return _pointwise_cases("MSELoss", LEGACY_ORDER)


def huber_cases():
    delta = st.one_of(st.floats(0.05, 4.0), st.integers(1, 3))
    return _pointwise_cases("HuberLoss", ("reduction", "delta"), ("delta", delta), legacy=False)


def smooth_l1_cases():
    beta = st.one_of(st.floats(0.05, 0.95), st.floats(1.0, 4.0), st.sampled_from([0.0, 0, 1, 2, 0.5]))
    return _pointwise_cases("SmoothL1Loss", LEGACY_ORDER + ("beta",), ("beta", beta))


@st.composite
def _pointwise_error_cases(draw, layer: str):
    """An invalid reduction, a target that does not broadcast, or delta <= 0 / beta < 0 / a
    non-number delta."""
    seed = draw(seeds)
    rng = rng_for(seed)
    kinds = ["reduction", "shape"] + {"HuberLoss": ["delta", "delta_type"], "SmoothL1Loss": ["beta"]}.get(layer, [])
    kind = one_kind(draw, kinds)
    shape = (draw(st.integers(2, 4)), draw(st.integers(1, 3)))
    target_shape = shape
    kwargs = {}
    if kind == "reduction":
        kwargs["reduction"] = draw(st.sampled_from(["average", "Mean", "elementwise_sum", ""]))
    elif kind == "shape":
        target_shape = (shape[0] + draw(st.integers(1, 2)),) + shape[1:]
    elif kind == "delta":
        kwargs["delta"] = draw(st.sampled_from([0.0, 0, -1.0, -0.5]))
    elif kind == "delta_type":
        kwargs["delta"] = draw(st.sampled_from(["1.0", None, (1.0,)]))
    else:
        kwargs["beta"] = draw(st.sampled_from([-1.0, -0.01, -2]))
    x = normal_array(rng, shape, "float64")
    target = normal_array(rng, target_shape, "float64")
    return Case(Ctor(layer, (), kwargs), inputs=(x, target), seed=seed, expect_error=True)


# ----------------------------------------------------------------------------------------------
# Binary cross-entropy
# ----------------------------------------------------------------------------------------------
def _binary_targets(rng, shape, dtype: str) -> np.ndarray:
    """Soft targets in [0, 1], about a third of them hard 0/1 labels."""
    soft = rng.uniform(0.0, 1.0, size=shape)
    hard = rng.integers(0, 2, size=shape)
    return np.asarray(np.where(rng.random(shape) < 0.35, hard, soft), dtype=dtype)


def _weight_for(draw, rng, shape: tuple, dtype: str):
    return _positive_weights(rng, _broadcastable_shape(draw, shape), dtype)


@st.composite
def bce_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    rng = rng_for(seed)
    shape = shapes(draw, min_dims=0, max_dims=4)
    values = {}
    if draw(st.booleans()):
        values["weight"] = _weight_for(draw, rng, shape, dtype)
    values.update(_reduction_kwargs(draw))
    ctor = ctor_call(draw, "BCELoss", ("weight",) + LEGACY_ORDER, values)
    x = uniform_array(rng, shape, dtype, 0.02, 0.98)
    extremes = draw(st.sampled_from([(), (0.0, 1.0), (1e-6, 1.0 - 1e-6), ()]))
    if extremes:
        # near (or at) 0 and 1: log1p(-x) and the -100 clamp of the logarithms matter there.
        chosen = rng.random(shape) < 0.3
        x = np.where(chosen, rng.choice(extremes, size=shape), x).astype(dtype)
        x.reshape(-1)[rng.integers(x.size)] = extremes[0]  # at least one at (or next to) 0
    target = _binary_targets(rng, shape, dtype)
    return Case(ctor, inputs=(x, target), dtype=dtype, seed=seed)


@st.composite
def bce_error_cases(draw):
    seed = draw(seeds)
    rng = rng_for(seed)
    shape = (draw(st.integers(2, 4)), draw(st.integers(2, 3)))
    x = uniform_array(rng, shape, "float64", 0.05, 0.95)
    target = _binary_targets(rng, shape, "float64")
    kind = one_kind(draw, ["above_one", "below_zero", "shape", "reduction", "weight"])
    kwargs = {}
    if kind in ("above_one", "below_zero"):  # RuntimeError: inputs outside [0, 1]
        outside = [1.5, 1.0 + 1e-3, 3.0] if kind == "above_one" else [-0.1, -1e-3, np.nan]
        x = x.copy()
        x.flat[draw(st.integers(0, x.size - 1))] = draw(st.sampled_from(outside))
    elif kind == "shape":
        target = target[:, :1] if draw(st.booleans()) else target[0]
    elif kind == "reduction":
        kwargs["reduction"] = draw(st.sampled_from(["average", "batchmean", "SUM"]))
    else:
        kwargs["weight"] = _positive_weights(rng, draw(st.sampled_from([(shape[1] + 1,), (3,) + shape])),
                                             "float64")
    return Case(Ctor("BCELoss", (), kwargs), inputs=(x, target), seed=seed, expect_error=True)


@st.composite
def bce_with_logits_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    rng = rng_for(seed)
    shape = shapes(draw, min_dims=0, max_dims=4)
    values = {}
    if draw(st.booleans()):
        values["weight"] = _weight_for(draw, rng, shape, dtype)
    values.update(_reduction_kwargs(draw))
    if draw(st.booleans()):
        # typically one weight per class along the last dimension; any broadcastable shape works.
        pos_shape = shape[-1:] if draw(st.booleans()) else _broadcastable_shape(draw, shape)
        values["pos_weight"] = _positive_weights(rng, pos_shape, dtype)
    order = ("weight",) + LEGACY_ORDER + ("pos_weight",)
    ctor = ctor_call(draw, "BCEWithLogitsLoss", order, {k: values[k] for k in order if k in values})
    x = normal_array(rng, shape, dtype, 3.0)
    if draw(st.booleans()):
        # saturated logits: log(sigmoid(x)) or log(1 - sigmoid(x)) computed naively breaks here.
        chosen = rng.random(shape) < 0.4
        large = rng.uniform(50.0, 100.0, size=shape) * np.where(rng.random(shape) < 0.5, -1.0, 1.0)
        x = np.where(chosen, large, x).astype(dtype)
    target = _binary_targets(rng, shape, dtype)
    return Case(ctor, inputs=(x, target), dtype=dtype, seed=seed)


@st.composite
def bce_with_logits_error_cases(draw):
    seed = draw(seeds)
    rng = rng_for(seed)
    shape = (draw(st.integers(2, 4)), draw(st.integers(2, 3)))
    x = normal_array(rng, shape, "float64")
    target = _binary_targets(rng, shape, "float64")
    kind = one_kind(draw, ["shape", "reduction", "weight", "pos_weight"])
    kwargs = {}
    bad_shape = draw(st.sampled_from([(shape[1] + 1,), (3,) + shape]))
    if kind == "shape":
        target = target[:, :1] if draw(st.booleans()) else target[0]
    elif kind == "reduction":
        kwargs["reduction"] = draw(st.sampled_from(["average", "batchmean", "SUM"]))
    else:
        kwargs[kind] = _positive_weights(rng, bad_shape, "float64")
    return Case(Ctor("BCEWithLogitsLoss", (), kwargs), inputs=(x, target), seed=seed, expect_error=True)


# ----------------------------------------------------------------------------------------------
# Class losses
# ----------------------------------------------------------------------------------------------
def _class_values(draw, rng, c: int, dtype: str) -> tuple:
    """(constructor values of weight/reduction/ignore_index, ignore value)."""
    values = {}
    if draw(st.booleans()):
        values["weight"] = _positive_weights(rng, (c,), dtype)
    ignore_kwargs, ignore = _ignore_setting(draw, c)
    values.update(ignore_kwargs)
    values.update(_reduction_kwargs(draw))
    return values, ignore


@st.composite
def nll_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    rng = rng_for(seed)
    input_shape, target_shape, c = _class_layout(draw)
    values, ignore = _class_values(draw, rng, c, dtype)
    ctor = ctor_call(draw, "NLLLoss", ("weight", "size_average", "ignore_index", "reduce", "reduction"), values)
    x = normal_array(rng, input_shape, dtype, 2.0)
    target = _class_targets(draw, rng, target_shape, c, ignore)
    return Case(ctor, inputs=(x, target), dtype=dtype, seed=seed)


@st.composite
def cross_entropy_cases(draw):
    """Class-index targets (with ignore_index), or class-probability targets of the input's shape
    (normalized distributions or arbitrary non-negative values; ignore_index then negative).
    Kinds: any settings; class indices smoothed by 0 < eps <= 1 with some targets ignored (the
    smoothing term must skip them); a negative label_smoothing (torch skips the smoothing branch,
    as for 0); class probabilities smoothed by 0 < eps <= 1 (simplest: exactly 1, the largest
    valid value)."""
    dtype, seed = draw(dtypes), draw(seeds)
    rng = rng_for(seed)
    kind = one_kind(draw, ["any", "smoothed_ignored", "negative_smoothing", "smoothed_probabilities"])
    input_shape, target_shape, c = _class_layout(draw)
    if kind == "smoothed_ignored" and (math.prod(target_shape) < 2 or c < 2):
        c = max(c, 2)  # an ignored and a counted target, and a smoothing term that is not 0
        input_shape, target_shape = (2, c), (2,)
    values, ignore = _class_values(draw, rng, c, dtype)
    # label_smoothing left out (default 0), over [0, 1], or negative (above -1 too: acts as 0 in torch)
    smoothing = {"smoothed_ignored": "inside", "negative_smoothing": "negative",
                 "smoothed_probabilities": "up to one"}.get(kind) or draw(
        st.sampled_from(["default", "default", "inside", "inside", "edge", "edge", "negative", "negative"]))
    probabilities = kind == "smoothed_probabilities" or (kind != "smoothed_ignored" and draw(st.booleans()))
    if probabilities and values.get("ignore_index", -1) >= 0:
        values["ignore_index"] = -1  # the largest value probability targets accept
    if smoothing != "default":
        values["label_smoothing"] = draw({"inside": st.floats(0.05, 1.0), "edge": st.sampled_from([1.0, 0.0]),
                                          "negative": st.floats(-0.9, -0.05),
                                          "up to one": st.just(1.0) | st.floats(0.05, 1.0)}[smoothing])
    order = ("weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing")
    ctor = ctor_call(draw, "CrossEntropyLoss", order, {k: values[k] for k in order if k in values})
    x = normal_array(rng, input_shape, dtype, 2.0)
    if draw(st.sampled_from([False, False, True])):
        # large logits, offset per position (class axis) by up to +-1000: exp overflows/underflows
        # unless log_softmax subtracts each position's own maximum.
        offsets_shape = input_shape[:1] + (1,) + input_shape[2:] if len(input_shape) > 1 else (1,)
        x = np.asarray(x + rng.uniform(-1000.0, 1000.0, size=offsets_shape), dtype=dtype)
    if probabilities:
        class_axis = 0 if len(input_shape) == 1 else 1
        if draw(st.booleans()):
            logits = rng.standard_normal(input_shape) * 2.0
            target = np.exp(logits) / np.exp(logits).sum(axis=class_axis, keepdims=True)
        else:
            target = rng.uniform(0.0, 1.0, size=input_shape)
        target = np.asarray(target, dtype=dtype)
    else:
        how = "some" if kind == "smoothed_ignored" else None  # some targets ignored
        target = _class_targets(draw, rng, target_shape, c, ignore, how)
    return Case(ctor, inputs=(x, target), dtype=dtype, seed=seed)


@st.composite
def _class_error_cases(draw, layer: str):
    """Out-of-range targets (also for an unbatched input), invalid reduction, a weight of the wrong
    shape, a target batch size or spatial shape that does not match (also a 0-d target for an empty
    batch), a 0-d input, float class indices; for CrossEntropyLoss
    also label_smoothing > 1 and ignore_index >= 0 with probability targets."""
    seed = draw(seeds)
    rng = rng_for(seed)
    n, c = draw(st.integers(1, 4)), draw(st.integers(2, 5))
    spatial = draw(st.sampled_from([(), (), (2,), (2, 3)]))
    x = normal_array(rng, (n, c) + spatial, "float64")
    target = rng.integers(0, c, size=(n,) + spatial).astype(np.int64)
    kinds = ["out_of_range", "negative_target", "unbatched_out_of_range", "unbatched_2d_target", "reduction",
             "weight", "batch", "spatial", "scalar", "float_target", "empty_batch"]
    if layer == "CrossEntropyLoss":
        kinds += ["smoothing", "probability_ignore"]
    kind = one_kind(draw, kinds)
    kwargs = {}
    if kind == "out_of_range":
        target.flat[draw(st.integers(0, target.size - 1))] = draw(st.sampled_from([c, c + 3, -1, -7]))
        if draw(st.booleans()):
            kwargs["ignore_index"] = draw(st.sampled_from([-100, 0]))
    elif kind == "negative_target":  # IndexError: a class index of -1 (not ignored) is out of range too
        target.flat[draw(st.integers(0, target.size - 1))] = draw(st.sampled_from([-1, -2]))
    elif kind == "reduction":
        kwargs["reduction"] = draw(st.sampled_from(["average", "batchmean", "SUM"]))
    elif kind == "weight":
        # (C, 1): torch's N-d path (3+ input dims) only checks the number of weights, so 2-D only.
        shapes_ = [(c + 1,), (c - 1,)] + ([(c, 1)] if not spatial else [])
        kwargs["weight"] = _positive_weights(rng, draw(st.sampled_from(shapes_)), "float64")
    elif kind == "batch":
        target = rng.integers(0, c, size=(n + draw(st.integers(1, 2)),) + spatial).astype(np.int64)
    elif kind == "spatial":
        target = rng.integers(0, c, size=(n,) + draw(st.sampled_from([(4,), (2, 2), (3, 2, 1)]))).astype(np.int64)
    elif kind == "scalar":
        x = np.asarray(x.flat[0])
        target = np.asarray(0, dtype=np.int64)
        if layer == "CrossEntropyLoss":
            target = np.asarray(0.5)  # a 0-d input has no class dimension
    elif kind == "float_target":
        target = target.astype(np.float64)
    elif kind == "unbatched_out_of_range":  # IndexError; a 1-d target of size 1 is valid for a 1-d input
        x = normal_array(rng, (c,), "float64")
        target = np.asarray(draw(st.sampled_from([c, -1])), dtype=np.int64).reshape(draw(st.sampled_from([(1,), ()])))
    elif kind == "unbatched_2d_target":  # RuntimeError: a 1-d input takes a 0-d or 1-d target
        x, target = normal_array(rng, (c,), "float64"), np.zeros((1, 1), dtype=np.int64)
    elif kind == "empty_batch":  # a 0-d target for N = 0: IndexError (N, C), RuntimeError (N, C, d...)
        x, target = np.zeros((0, c) + spatial), np.asarray(0, dtype=np.int64)
    elif kind == "smoothing":
        kwargs["label_smoothing"] = draw(st.sampled_from([1.01, 1.5, 3.0]))
        if draw(st.booleans()):
            target = np.asarray(rng.uniform(size=x.shape))
    else:
        kwargs["ignore_index"] = draw(st.integers(0, c))
        target = np.asarray(rng.uniform(size=x.shape))
    return Case(Ctor(layer, (), kwargs), inputs=(x, target), seed=seed, expect_error=True)


def nll_error_cases():
    return _class_error_cases("NLLLoss")


def cross_entropy_error_cases():
    return _class_error_cases("CrossEntropyLoss")


# ----------------------------------------------------------------------------------------------
# Registry
# ----------------------------------------------------------------------------------------------
_REDUCTION_HINT = ("'mean' averages over every element, 'sum' adds them, 'none' keeps them; the "
                   "deprecated size_average/reduce flags override reduction when either is given.")
_ERRORS_HINT = "An invalid reduction string raises ValueError when the loss is called (not at construction)."

SPECS = [
    LayerSpec("L1Loss", "loss", l1_cases, error_cases=lambda: _pointwise_error_cases("L1Loss"),
              hints={"forward": "l = |x - y| then reduced. " + _REDUCTION_HINT,
                     "input_grad": "dl/dx = sign(x - y) * grad_output, divided by the number of "
                                   "elements for 'mean' (grad_output is 0-d then).",
                     "errors": _ERRORS_HINT + " A target that does not broadcast raises RuntimeError."}),
    LayerSpec("MSELoss", "loss", mse_cases, error_cases=lambda: _pointwise_error_cases("MSELoss"),
              hints={"forward": "l = (x - y)^2 then reduced. " + _REDUCTION_HINT,
                     "input_grad": "dl/dx = 2 (x - y) * grad_output, divided by the number of elements "
                                   "for 'mean' (do not forget the 2).",
                     "errors": _ERRORS_HINT + " A target that does not broadcast raises RuntimeError."}),
    LayerSpec("HuberLoss", "loss", huber_cases, error_cases=lambda: _pointwise_error_cases("HuberLoss"),
              hints={"forward": "0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta), d = x - y. "
                                + _REDUCTION_HINT,
                     "input_grad": "dl/dx = clip(d, -delta, delta) * grad_output (/ n for 'mean').",
                     "errors": _ERRORS_HINT + " delta <= 0 raises RuntimeError in forward; a non-number "
                               "delta raises TypeError at construction."}),
    LayerSpec("SmoothL1Loss", "loss", smooth_l1_cases,
              error_cases=lambda: _pointwise_error_cases("SmoothL1Loss"),
              hints={"forward": "0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta; beta = 0 is L1. "
                                + _REDUCTION_HINT,
                     "input_grad": "dl/dx = clip(d / beta, -1, 1) * grad_output (sign(d) when beta = 0; "
                                   "never divide by beta = 0).",
                     "errors": _ERRORS_HINT + " beta < 0 raises RuntimeError in forward."}),
    LayerSpec("BCELoss", "loss", bce_cases, error_cases=bce_error_cases,
              hints={"forward": "-w [y log x + (1 - y) log(1 - x)], each log clamped at -100 (use log1p(-x)); "
                                "the weight broadcasts to the input; 'mean' divides by the element count.",
                     "input_grad": "dl/dx = w (x - y) / max(x (1 - x), 1e-12) * grad_output (/ n for 'mean').",
                     "state": "weight is a buffer: in the state_dict under 'weight' unless None.",
                     "errors": _ERRORS_HINT + " Inputs outside [0, 1] raise RuntimeError; a target "
                               "shape other than the input's raises ValueError."}),
    LayerSpec("BCEWithLogitsLoss", "loss", bce_with_logits_cases, error_cases=bce_with_logits_error_cases,
              hints={"forward": "w [(1 - y) x - (1 + (p - 1) y) log sigmoid(x)] with the stable "
                                "log sigmoid(x) = min(x, 0) - log1p(exp(-|x|)); logits reach |x| = 100.",
                     "input_grad": "dl/dx = w [(p y + 1 - y) sigmoid(x) - p y] * grad_output (/ n for 'mean').",
                     "state": "weight and pos_weight are buffers: in the state_dict unless None.",
                     "errors": _ERRORS_HINT + " A target shape other than the input's raises ValueError; "
                               "weight/pos_weight not broadcasting to the input raise RuntimeError."}),
    LayerSpec("NLLLoss", "loss", nll_cases, error_cases=nll_error_cases, examples={"errors": 30},
              hints={"forward": "l_n = -w[y_n] x[n, y_n] (class dim 1), 0 at ignored targets; 'mean' "
                                "divides by the sum of w[y_n] over non-ignored targets (nan if none).",
                     "input_grad": "Only x[n, y_n] gets a gradient: -w[y_n] * grad_output, divided by the "
                                   "same weight sum for 'mean'; ignored targets get 0 (all ignored: 0, not nan).",
                     "state": "weight is a buffer: in the state_dict under 'weight' unless None.",
                     "errors": _ERRORS_HINT + " A non-ignored target outside [0, C) raises IndexError; "
                               "shape mismatches raise ValueError (batch size) or RuntimeError."}),
    LayerSpec("CrossEntropyLoss", "loss", cross_entropy_cases, error_cases=cross_entropy_error_cases,
              examples={"errors": 30},  # 12 kinds of invalid input, boundary targets such as -1
              hints={"forward": "log_softmax over dim 1, then NLL; with label smoothing eps the loss is "
                                "(1 - eps) nll + eps/C * sum_c -w_c logp_c, both terms divided by the weight "
                                "sum of non-ignored targets for 'mean'; probability targets divide by N*d1*...",
                     "input_grad": "With t the weighted (smoothed) target distribution of each position "
                                   "(0 if ignored): dl/dx = softmax(x) * sum(t) - t, times the scaled grad_output.",
                     "state": "weight is a buffer: in the state_dict under 'weight' unless None.",
                     "errors": _ERRORS_HINT + " label_smoothing > 1 and ignore_index >= 0 with probability "
                               "targets raise RuntimeError; out-of-range class indices raise IndexError."}),
]


def implicit_one_upstream(case, output, rng) -> list:
    """A third of the scalar losses get backward() with no argument (grad_output defaults to 1,
    as torch's loss.backward()); every other case a random upstream gradient."""
    if isinstance(output, np.ndarray) and output.ndim == 0 and rng.random() < 1 / 3:
        return []
    return random_upstream(output, rng)


# The state hint of each parameterless layer (its own name in it; a new dict per spec, as some
# specs share their hints dict).
for _spec in SPECS:
    _spec.upstream = implicit_one_upstream
    _spec.hints["input_grad"] += " backward() without an argument means grad_output = 1."
    _spec.hints = {"state": f"{_spec.name} has no parameters or buffers: state_dict() is empty, "
                            "and the loss is the same in eval mode (no running quantities).", **_spec.hints}
