"""Randomness-aware properties of the dropout layers (registered by oracle/specs/dropout.py).

A dropout layer's output depends on its random mask, so it is never compared mask-for-mask with
the reference. Instead, in training mode with 0 < p < 1:

- forward: every output element is one of the two values a correct layer can give (0 or
  x/(1-p); AlphaDropout: the two values of its affine form); Dropout1d/Dropout2d drop whole
  channels (all elements of a channel share the mask); the number of dropped units (elements, or
  channels) passes an exact two-sided binomial test against p at level ``SIGNIFICANCE`` (so a
  correct layer fails it with probability below 1e-6 per example); a second forward draws a new
  mask (checked only when two independent masks coincide with probability below 1e-6);
  inplace=True writes the output into the input, inplace=False leaves the input alone (torch's
  AlphaDropout ignores inplace).
- input_grad: one scenario runs forward and backward on the implementation, and the gradient
  must be the upstream gradient times the scale of the mask read off that same forward's output
  (0 where dropped); the graded run's gradient must be two-valued the same way.

Eval mode, p = 0, p = 1 and empty inputs are deterministic (identity, identity, zeros, identity)
and compared by value with the reference.

Cases must draw inputs whose kept and dropped values are far apart (x away from 0, and for
AlphaDropout away from -1.758...), so that every output element is classified unambiguously.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

from .checks import compare_values, forward_step

#: False-alarm probability of each statistical test on a correct layer.
SIGNIFICANCE = 1e-6

#: SELU's scale * alpha (torch's constant in alpha_dropout).
SELU_SCALE_ALPHA = 1.7580993408473766

CHANNEL_LAYERS = ("Dropout1d", "Dropout2d")


def dropout_arguments(case) -> tuple[float, bool]:
    """(p, inplace) of a dropout constructor call, with torch's defaults."""
    args, kwargs = case.ctor.args, case.ctor.kwargs
    p = args[0] if len(args) > 0 else kwargs.get("p", 0.5)
    inplace = args[1] if len(args) > 1 else kwargs.get("inplace", False)
    return float(p), bool(inplace)


def writes_into_input(layer: str, inplace: bool) -> bool:
    """torch's AlphaDropout ignores inplace (its forward does not pass it on)."""
    return inplace and layer != "AlphaDropout"


def mask_shape(layer: str, shape: tuple) -> tuple:
    """The shape of the Bernoulli draw: one value per element, or per channel."""
    if layer == "Dropout1d":
        return shape[:-1] + (1,)
    if layer == "Dropout2d":
        return shape[:2] + (1,) * (len(shape) - 2)
    return shape


def kept_and_dropped(layer: str, p: float) -> tuple[float, float, float]:
    """(scale, shift, dropped value): a kept element gives x * scale + shift."""
    if layer == "AlphaDropout":
        a = 1.0 / math.sqrt((SELU_SCALE_ALPHA ** 2 * p + 1.0) * (1.0 - p))
        return a, SELU_SCALE_ALPHA * a * p, -SELU_SCALE_ALPHA * a * (1.0 - p)
    return 1.0 / (1.0 - p), 0.0, 0.0


def is_deterministic(case, p: float) -> bool:
    return not case.train or p in (0.0, 1.0) or case.inputs[0].size == 0


def _describe_value(layer: str, p: float) -> str:
    if layer == "AlphaDropout":
        scale, shift, dropped = kept_and_dropped(layer, p)
        return f"either a*x + b = {scale:.6g}*x + {shift:.6g} (kept) or {dropped:.6g} (dropped)"
    return f"either x/(1-p) = x*{1.0 / (1.0 - p):.6g} (kept) or 0 (dropped)"


def _array_problems(label: str, value, shape, dtype) -> list[str]:
    if not isinstance(value, np.ndarray):
        return [f"{label}: expected an ndarray {dtype}{list(shape)}, got {type(value).__name__}"]
    if value.shape != tuple(shape):
        return [f"{label}: wrong shape {list(value.shape)}, expected {list(shape)}"]
    if value.dtype != np.dtype(dtype):
        return [f"{label}: wrong dtype {value.dtype}, expected {dtype} (the output dtype must follow "
                "the input dtype)"]
    return []


def _close(actual: np.ndarray, target, tol, scale: float) -> np.ndarray:
    return np.abs(actual - target) <= tol.atol * scale + tol.rtol * np.abs(target)


def classify(label: str, values, kept_values, dropped_values, tol, dtype: str, what: str):
    """Which elements of ``values`` equal their kept value (else their dropped value).

    Returns (kept mask or None, problems); an element matching neither is a problem.
    """
    kept_values = np.broadcast_to(np.asarray(kept_values, dtype=np.float64), np.shape(values))
    dropped_values = np.broadcast_to(np.asarray(dropped_values, dtype=np.float64), np.shape(values))
    problems = _array_problems(label, values, kept_values.shape, dtype)
    if problems:
        return None, problems
    actual = values.astype(np.float64)
    scale = max(1.0, float(np.max(np.abs(kept_values), initial=0.0)),
                float(np.max(np.abs(dropped_values), initial=0.0)))
    kept = _close(actual, kept_values, tol, scale)
    bad = ~kept & ~_close(actual, dropped_values, tol, scale)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        return None, [f"{label}: {int(bad.sum())} of {bad.size} values are not {what}; first at index "
                      f"{where}: got {float(actual[where])!r}, expected {float(kept_values[where])!r} or "
                      f"{float(dropped_values[where])!r}"]
    return kept, []


def unit_problems(layer: str, kept: np.ndarray, p: float) -> list[str]:
    """Whole channels share the mask (Dropout1d/2d); the dropped count fits p (binomial test)."""
    shape = mask_shape(layer, kept.shape)
    axes = tuple(i for i, (m, s) in enumerate(zip(shape, kept.shape)) if m != s)
    kept_units, dropped_units = kept.all(axis=axes), (~kept).all(axis=axes)
    mixed = ~(kept_units | dropped_units)
    problems = []
    if mixed.any():
        where = tuple(int(i) for i in np.argwhere(mixed)[0])
        problems.append(f"{int(mixed.sum())} of {mixed.size} channels are partly dropped; first "
                        f"channel {where}: {layer} drops whole channels (one mask value per (n, c))")
        return problems
    unit = "channels" if layer in CHANNEL_LAYERS else "elements"
    return binomial_problems(int(dropped_units.sum()), int(dropped_units.size), p, unit)


def binomial_problems(k: int, n: int, p: float, unit: str = "elements") -> list[str]:
    """An exact two-sided binomial test of ``k`` dropped out of ``n`` independent units against
    rate ``p`` at level SIGNIFICANCE (no problem for n = 0)."""
    if n == 0:
        return []
    # scipy's binomtest fails for p = 2.2e-308 (boost's ibeta); any p this small gives k = 0.
    pvalue = stats.binomtest(k, n, max(p, 1e-300)).pvalue
    if pvalue >= SIGNIFICANCE:
        return []
    return [f"{k} of {n} {unit} were dropped ({k / n:.3f}), but p = {p:g}: an exact binomial test rejects "
            f"the rate (p-value {pvalue:.2g} < {SIGNIFICANCE:g}); each one must be dropped independently "
            "with probability p"]


def forward_kept(layer: str, case, output, tol):
    """Classify a training-mode output of this case: (kept mask or None, problems)."""
    p, _ = dropout_arguments(case)
    x = case.inputs[0].astype(np.float64)
    scale, shift, dropped = kept_and_dropped(layer, p)
    return classify("output", output, x * scale + shift, dropped, tol, case.dtype,
                    _describe_value(layer, p))


def _run(session, steps) -> tuple[list, list[str]]:
    """Run a scenario on the implementation: (values, problems from raised exceptions)."""
    results = session.impl.run(steps)
    for step, result in zip(steps, results):
        if "error" in result:
            err = result["error"]
            return [], [f"{step['op']} raised {err['type']}: {err['message']}"]
    return [r.get("value") for r in results], []


def _fresh_mask_problems(layer: str, case, kept: np.ndarray, p: float, session) -> list[str]:
    """A second forward must draw a new mask (tested when equal masks are very unlikely)."""
    units = math.prod(mask_shape(layer, kept.shape))
    if units * math.log(p * p + (1.0 - p) ** 2) > math.log(SIGNIFICANCE):
        return []
    values, problems = _run(session, session.prepared_steps() + [forward_step(case), forward_step(case)])
    if problems:
        return problems
    first, problems = forward_kept(layer, case, values[-2]["output"], session.tol)
    second, more = forward_kept(layer, case, values[-1]["output"], session.tol)
    if problems or more:
        return [f"in a second scenario: {p}" for p in problems + more]
    if np.array_equal(first, second):
        return ["two successive forward calls dropped exactly the same elements: draw a new random "
                "mask at every forward call (do not reseed or cache it)"]
    return []


def _inplace_problems(case, actual, expected, inplace: bool) -> list[str]:
    """inplace=True writes the (random) output into the input; else the input is untouched.

    Checked here because the generic comparison with the reference's input-after-forward would
    compare two different random masks; the reference's entry is then cleared so it is skipped.
    """
    after = actual["inputs_after"][0]
    expected["inputs_after"][0] = None
    target = actual["output"] if inplace else case.inputs[0]
    if isinstance(after, np.ndarray) and isinstance(target, np.ndarray) and after.shape == target.shape \
            and np.array_equal(after, target, equal_nan=True):
        return []
    if inplace:
        return ["input 0 after forward: expected it to hold the output (inplace=True writes into the input)"]
    return ["input 0 after forward: the input was modified; forward must not change its inputs "
            "(only inplace=True may)"]


def forward_property(layer: str, case, actual, expected, session) -> list[str]:
    p, inplace = dropout_arguments(case)
    if is_deterministic(case, p):
        return compare_values("output", actual["output"], expected["output"], session.tol)
    kept, problems = forward_kept(layer, case, actual["output"], session.tol)
    if not problems:
        problems = unit_problems(layer, kept, p)
    if not problems:
        problems = _fresh_mask_problems(layer, case, kept, p, session)
    return problems + _inplace_problems(case, actual, expected, writes_into_input(layer, inplace))


def input_grad_property(layer: str, case, actual, expected, session, grads) -> list[str]:
    p, _ = dropout_arguments(case)
    label = "backward's returned gradient"
    if is_deterministic(case, p):
        return compare_values(label, actual, expected, session.tol, case.grad_masks.get(0))
    g = np.asarray(grads[0], dtype=np.float64)
    scale, _, _ = kept_and_dropped(layer, p)
    _, problems = classify(label, actual, g * scale, 0.0, session.tol, case.dtype,
                           f"either g/(1-p) = g*{scale:.6g} (kept) or 0 (dropped), g the upstream gradient"
                           if layer != "AlphaDropout" else f"either a*g = {scale:.6g}*g (kept) or 0 (dropped)")
    if problems:
        return problems
    steps = session.prepared_steps() + [forward_step(case), {"op": "backward", "grads": grads}]
    values, problems = _run(session, steps)
    if problems:
        return problems
    kept, problems = forward_kept(layer, case, values[-2]["output"], session.tol)
    if problems:
        return [f"forward before backward: {p}" for p in problems]
    same_mask = np.where(kept, g * scale, 0.0).astype(case.dtype)
    return [f"{p} (backward must use the mask of the latest forward: dx = g * scale where kept, "
            "0 where dropped)" for p in compare_values(label, values[-1], same_mask, session.tol)]


def dropout_properties(layer: str):
    """The property function registered in oracle.properties.PROPERTIES for ``layer``."""

    def run(check, case, actual, expected, session, **extra):
        if check == "forward":
            return forward_property(layer, case, actual, expected, session)
        if check == "input_grad":
            return input_grad_property(layer, case, actual, expected, session, extra["grads"])
        raise KeyError(f"{layer} has no property for the {check} check")

    return run
