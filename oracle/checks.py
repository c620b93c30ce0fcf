"""The generic checks: each compares an implementation with the reference on one drawn Case.

A check builds a scenario (steps, see oracle/executor.py), runs it on the reference (in-process,
trusted) and on the implementation under test (one crossing of the process boundary for a
submission), and compares the results on the trusted side. A mismatch raises CheckFailure whose
message is the student-facing report: the case, where the values differ, a hint, a snippet.
"""
from __future__ import annotations

import dataclasses

import numpy as np
from scipy import stats

from . import properties
from .snippet import reproduce
from .spec import CHECK_TITLES, Case, Ctor, InitSpec, LayerSpec


class CheckFailure(AssertionError):
    """A check found the implementation disagreeing with the reference."""


class InfrastructureFailure(CheckFailure):
    """The implementation's process crashed, hung or could not import: the check fails, and the
    caller should not retry other examples (each retry would cost a restart or a timeout)."""


INFRASTRUCTURE_ERRORS = ("RunnerCrash", "Timeout", "ImportFailure", "ProtocolViolation",
                         "ForbiddenImport", "ForbiddenOperation", "OutputFlood", "MemoryLimit")


class OracleBug(Exception):
    """The reference itself misbehaved on a case (a bug in the oracle, not in the submission)."""


# ----------------------------------------------------------------------------------------------
# Comparing values
# ----------------------------------------------------------------------------------------------
def compare_arrays(label: str, actual, expected, tol, mask=None, locate=None) -> str | None:
    """Return None if ``actual`` matches ``expected``, else a one-paragraph explanation.

    ``locate(label, index) -> str`` (the spec's hook, bound to the case) names a differing index
    in the layer's terms (time step, gate, head) in the report."""
    if expected is None:
        return None if actual is None or _all_zero(actual) else f"{label}: expected None, got {_kind(actual)}"
    expected = np.asarray(expected)
    if actual is None and expected.size and np.all(expected == 0):
        return None  # None means zero gradient
    if not isinstance(actual, np.ndarray):
        return f"{label}: expected an ndarray {expected.dtype}{list(expected.shape)}, got {_kind(actual)}"
    if actual.shape != expected.shape:
        return f"{label}: wrong shape {list(actual.shape)}, expected {list(expected.shape)}"
    if actual.dtype != expected.dtype:
        return (f"{label}: wrong dtype {actual.dtype}, expected {expected.dtype} "
                "(the output dtype must follow the input dtype)")
    if expected.dtype.kind in "biu":
        bad = actual != expected
        if mask is not None:
            bad &= mask
        if bad.any():
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            return (f"{label}: {int(bad.sum())} of {bad.size} values differ; first at index "
                    f"{_at(label, where, locate)}: got {actual[where].item()!r}, expected {expected[where].item()!r}")
        return None
    a = actual.astype(np.float64)
    e = expected.astype(np.float64)
    nan_mismatch = np.isnan(a) != np.isnan(e)
    inf_mismatch = np.isinf(e) & (a != e)
    finite = np.isfinite(e) & np.isfinite(a)
    scale = max(1.0, float(np.max(np.abs(e[finite])))) if finite.any() else 1.0
    diff = np.where(finite, np.abs(a - e), 0.0)
    bad = nan_mismatch | inf_mismatch | (np.isfinite(e) & ~np.isfinite(a) & ~np.isnan(e)) | \
        (diff > tol.atol * scale + tol.rtol * np.abs(np.where(finite, e, 0.0)))
    if mask is not None:
        bad &= np.broadcast_to(mask, bad.shape)
    if not bad.any():
        return None
    # the worst element: a NaN/inf mismatch first (its diff is not a number), else the largest diff
    severity = np.where(finite, diff, np.inf)
    where = tuple(int(i) for i in np.unravel_index(np.argmax(np.where(bad, severity + 1, 0)), bad.shape))
    if finite[where]:
        detail = f"abs diff {diff[where]:.3g}, rel diff {diff[where] / max(abs(e[where]), 1e-300):.3g}"
    else:
        detail = "NaN or infinity mismatch: look for 0/0, log(0), overflow in exp"
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    located = f"; first differs at index {_at(label, first, locate)}" if locate is not None else ""
    return (f"{label}: {int(bad.sum())} of {bad.size} values differ (rtol={tol.rtol:g}, atol={tol.atol:g}); "
            f"worst at index {_at(label, where, locate)}: got {float(a[where])!r}, expected {float(e[where])!r} "
            f"({detail}){located}")


def _at(label: str, index: tuple, locate) -> str:
    """An index, followed by what it means for the layer when the spec's hook says."""
    meaning = locate(label, index) if locate is not None else ""
    return f"{index} = {meaning}" if meaning else f"{index}"


def _all_zero(value) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind in "fiub" and not np.any(value)


def _kind(value) -> str:
    if isinstance(value, np.ndarray):
        return f"ndarray {value.dtype}{list(value.shape)}"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    return type(value).__name__


def compare_values(label: str, actual, expected, tol, masks=None, locate=None) -> list[str]:
    """Compare nested tuples/lists/dicts of arrays; returns the list of differences.
    ``locate``: see compare_arrays."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            return [f"{label}: expected a tuple of {len(expected)} values, got {_kind(actual)}"]
        problems = []
        for i, (a, e) in enumerate(zip(actual, expected)):
            mask = masks.get(i) if isinstance(masks, dict) else None
            problems += compare_values(f"{label}[{i}]", a, e, tol, mask, locate)
        return problems
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{label}: expected a dict, got {_kind(actual)}"]
        problems = []
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        if missing or extra:
            problems.append(f"{label}: keys differ; missing {missing}, unexpected {extra}")
        for key in expected:
            if key in actual:
                problems += compare_values(f"{label}[{key!r}]", actual[key], expected[key], tol, locate=locate)
        return problems
    plain = isinstance(expected, (bool, int, float, str)) and not isinstance(expected, np.generic)
    if plain or expected is None and not isinstance(actual, np.ndarray):
        if isinstance(expected, float) and isinstance(actual, (int, float)):
            ok = abs(actual - expected) <= tol.atol + tol.rtol * abs(expected)
        else:
            ok = actual == expected
        return [] if ok else [f"{label}: got {actual!r}, expected {expected!r}"]
    # A 0-d input's mask may be a NumPy bool scalar (e.g. ``rng.random(()) < p``): still a mask.
    mask = np.asarray(masks) if isinstance(masks, (np.ndarray, np.bool_)) else None
    problem = compare_arrays(label, actual, expected, tol, mask, locate)
    return [problem] if problem else []


# ----------------------------------------------------------------------------------------------
# Building scenarios
# ----------------------------------------------------------------------------------------------
def new_step(case: Case, ctor: Ctor | None = None) -> dict:
    return {"op": "new", "ctor": ctor or case.ctor, "seed": case.seed, "dtype": case.dtype}


def forward_step(case: Case, inputs=None) -> dict:
    return {"op": "forward", "inputs": list(case.inputs if inputs is None else inputs),
            "kwargs": dict(case.forward_kwargs), "grad_inputs": list(case.grad_inputs)}


def state_to_load(spec: LayerSpec, case: Case, reference_state: dict, parameter_names) -> dict:
    """Parameter/buffer values every implementation is given: random floats for parameters
    (when ``case.randomize``), the reference's initial values for buffers, all in the case dtype."""
    rng = np.random.default_rng(case.seed ^ 0x5EED)
    tensors = {}
    for name, value in reference_state.items():
        value = np.asarray(value)
        if value.dtype.kind == "f":
            if case.randomize and name in parameter_names:
                value = rng.uniform(-1.0, 1.0, size=value.shape)
            value = value.astype(case.dtype)
        tensors[name] = value
    if spec.prepare_state is not None:
        tensors = spec.prepare_state(case, tensors, rng)
    return tensors


def upstream_gradients(spec: LayerSpec, case: Case, output):
    """Random upstream gradients shaped like the output (never ones: a sum hides errors).
    Integer outputs (indices) get None."""
    rng = np.random.default_rng(case.seed ^ 0x9AD)
    if spec.upstream is not None:
        return spec.upstream(case, output, rng)
    return random_upstream(output, rng)


def random_upstream(output, rng) -> list:
    """A standard normal gradient for every float array of ``output`` (None for the others), as
    the list of backward's positional arguments."""
    def draw(value):
        if isinstance(value, (tuple, list)):
            return type(value)(draw(v) for v in value)
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            return rng.standard_normal(value.shape).astype(value.dtype)
        return None

    grads = draw(output)
    return list(grads) if isinstance(output, tuple) else [grads]


class Session:
    """Runs a scenario on the reference and the implementation, keeping both results."""

    def __init__(self, spec: LayerSpec, case: Case, impl, reference):
        self.spec, self.case, self.impl, self.reference = spec, case, impl, reference
        self.tol = spec.tolerance_for(case.dtype)
        self.locate = None if spec.locate is None else (lambda label, index: spec.locate(label, index, case))

    def reference_run(self, steps):
        results = self.reference.run(steps)
        for step, result in zip(steps, results):
            if "error" in result and not self.case.expect_error:
                err = result["error"]
                raise OracleBug(f"the reference raised on {self.case!r} at step {step['op']}: "
                                f"{err['type']}: {err['message']}\n{err['traceback']}")
        return [r.get("value") for r in results]

    def prepared_steps(self) -> list:
        """Construction + loading the shared parameter values + mode: the common prefix."""
        first = self.reference_run([new_step(self.case), {"op": "state_dict"}, {"op": "params"}])
        tensors = state_to_load(self.spec, self.case, first[1], set(first[2]))
        self.loaded = tensors
        return [new_step(self.case), {"op": "load", "tensors": tensors},
                {"op": "mode", "train": self.case.train}]


def fail(spec: LayerSpec, check: str, case: Case, problems: list[str], error=CheckFailure) -> None:
    lines = [f"{spec.name} · {check}: {CHECK_TITLES[check]}", f"  case: {case!r}"]
    lines += [f"  - {p}" for p in problems[:6]]
    if len(problems) > 6:
        lines.append(f"  ... and {len(problems) - 6} more differences")
    lines.append(f"  hint: {spec.hint(check)}")
    lines.append("  reproduce:\n" + reproduce(case))
    raise error("\n".join(lines))


def _errors_of(results) -> list:
    return [r["error"] for r in results if "error" in r]


def _impl_values(spec, check, case, results, steps) -> list:
    """The implementation's step values; an unexpected exception fails the check with its traceback."""
    for step, result in zip(steps, results):
        if "error" in result:
            err = result["error"]
            if err["type"] in INFRASTRUCTURE_ERRORS:
                fail(spec, check, case, [f"{step['op']}: {err['type']}: {err['message']}"], InfrastructureFailure)
            tb = "\n".join("      " + line for line in err["traceback"].strip().splitlines()[-8:])
            fail(spec, check, case, [f"{step['op']} raised {err['type']}: {err['message']}\n{tb}"])
    return [r.get("value") for r in results]


# ----------------------------------------------------------------------------------------------
# The checks
# ----------------------------------------------------------------------------------------------
def check_forward(spec: LayerSpec, case: Case, impl, reference) -> None:
    s = Session(spec, case, impl, reference)
    steps = s.prepared_steps() + [forward_step(case)]
    expected = s.reference_run(steps)[-1]
    actual = _impl_values(spec, "forward", case, impl.run(steps), steps)[-1]
    if spec.uses_properties("forward", case):
        problems = properties.run(spec, "forward", case, actual, expected, s)
    else:
        problems = compare_values("output", actual["output"], expected["output"], s.tol, locate=s.locate)
    if not spec.uses_properties("forward", case):  # random cases check their inputs in their properties
        problems += _inputs_after_problems(actual, expected, case, s.tol)
    if problems:
        fail(spec, "forward", case, problems)


def _inputs_after_problems(actual, expected, case, tol) -> list[str]:
    """Inputs the reference leaves alone must come back bit for bit; an input the reference
    writes (inplace=True) must hold the result, within the output tolerance (torch's and NumPy's
    exp/tanh kernels differ in the last bit)."""
    problems = []
    for i, (a, e) in enumerate(zip(actual["inputs_after"], expected["inputs_after"])):
        if e is None:
            continue
        written = not np.array_equal(e, case.inputs[i], equal_nan=True)
        if not written:
            if a is None or not isinstance(a, np.ndarray) or a.shape != e.shape or \
                    not np.array_equal(a, e, equal_nan=True):
                problems.append(f"input {i} after forward: the input was modified; forward must not "
                                "change its inputs (only inplace=True may)")
        elif compare_arrays(f"input {i}", a, e, tol) is not None:
            problems.append(f"input {i} after forward: expected it to hold the output "
                            "(inplace=True writes the result into the input)")
    return problems


def check_input_grad(spec: LayerSpec, case: Case, impl, reference) -> None:
    s = Session(spec, case, impl, reference)
    steps = s.prepared_steps() + [forward_step(case)]
    expected_forward = s.reference_run(steps)[-1]
    grads = upstream_gradients(spec, case, expected_forward["output"])
    expected = s.reference_run([{"op": "backward", "grads": grads}])[-1]
    steps = steps + [{"op": "backward", "grads": grads}]
    actual = _impl_values(spec, "input_grad", case, impl.run(steps), steps)[-1]
    if len(case.grad_inputs) == 1:
        masks = case.grad_masks.get(case.grad_inputs[0])
        label = "backward's returned gradient"
    else:
        masks = {i: case.grad_masks.get(index) for i, index in enumerate(case.grad_inputs)}
        label = "backward's returned gradients"
    if spec.uses_properties("input_grad", case):
        problems = properties.run(spec, "input_grad", case, actual, expected, s, grads=grads)
    else:
        problems = compare_values(label, actual, expected, s.tol, masks, s.locate)
    if problems:
        fail(spec, "input_grad", case, problems)


def check_param_grad(spec: LayerSpec, case: Case, impl, reference) -> None:
    """Grads after one backward, accumulated after a second, None/zero after zero_grad,
    and fresh after one more forward/backward."""
    s = Session(spec, case, impl, reference)
    prefix = s.prepared_steps() + [forward_step(case)]
    out = s.reference_run(prefix)[-1]["output"]
    g1 = upstream_gradients(spec, case, out)
    g2 = upstream_gradients(spec, dataclasses.replace(case, seed=case.seed + 1), out)
    tail = [{"op": "backward", "grads": g1}, {"op": "grads"},
            forward_step(case), {"op": "backward", "grads": g2}, {"op": "grads"},
            {"op": "zero_grad"}, {"op": "grads"},
            forward_step(case), {"op": "backward", "grads": g1}, {"op": "grads"}]
    expected = s.reference_run(tail)
    steps = prefix + tail
    actual = _impl_values(spec, "param_grad", case, impl.run(steps), steps)[len(prefix):]
    stages = {2: "after one backward", 5: "after a second forward/backward (gradients must accumulate)",
              7: "after zero_grad", 10: "after zero_grad and one more forward/backward"}
    problems = []
    random = spec.uses_properties("param_grad", case)
    if random:
        problems = properties.run(spec, "param_grad", case, actual, expected, s, grads=(g1, g2))
    for index, stage in ({} if random else stages).items():
        for p in compare_values("param.grad", actual[index - 1], expected[index - 1], s.tol, locate=s.locate):
            problems.append(f"{stage}: {p}")
        if problems:
            break
    if problems:
        fail(spec, "param_grad", case, problems)


def check_state(spec: LayerSpec, case: Case, impl, reference) -> None:
    """state_dict names/shapes/values, train/eval flags through submodules, eval-mode output,
    then two training steps (outputs and the state_dict after each: running statistics,
    counters, anything forward updates in place) and the eval-mode output after training."""
    s = Session(spec, case, impl, reference)
    new, *prefix = s.prepared_steps()
    prefix = [new, {"op": "state_dict"}] + prefix  # as constructed: before the oracle loads values
    tail = [{"op": "state_dict"}, {"op": "mode", "train": False}, {"op": "flags"}, forward_step(case),
            {"op": "mode", "train": True}, {"op": "flags"},
            forward_step(case), {"op": "state_dict"}, forward_step(case), {"op": "state_dict"},
            {"op": "mode", "train": False}, forward_step(case)]
    steps = prefix + tail
    expected_all = s.reference_run(steps)
    actual_all = _impl_values(spec, "state", case, impl.run(steps), steps)
    expected, actual = expected_all[len(prefix):], actual_all[len(prefix):]
    problems = _constructed_shape_problems(actual_all[1], expected_all[1])
    problems = problems or _state_dict_problems(actual[0], expected[0], s.tol)
    problems += compare_values("training flags after eval()", actual[2], expected[2], s.tol)
    problems += compare_values("eval-mode output", actual[3]["output"], expected[3]["output"], s.tol,
                               locate=s.locate)
    problems += compare_values("training flags after train()", actual[5], expected[5], s.tol)
    if not spec.uses_properties("forward", case, train=True):
        for step, label in ((6, "first"), (8, "second")):
            problems += compare_values(f"output of the {label} training step", actual[step]["output"],
                                       expected[step]["output"], s.tol, locate=s.locate)
            problems += compare_values(f"state_dict after the {label} training step", actual[step + 1],
                                       expected[step + 1], s.tol)
        problems += compare_values("eval-mode output after two training steps", actual[11]["output"],
                                   expected[11]["output"], s.tol)
    if problems:
        fail(spec, "state", case, problems)


def _constructed_shape_problems(actual: dict, expected: dict) -> list[str]:
    """Keys and shapes of the state_dict straight after construction (values are random there;
    loading the oracle's values would otherwise hide a parameter created with a wrong shape)."""
    if set(actual) != set(expected):
        return _state_dict_problems(actual, expected, None)
    return [f"state_dict[{name!r}] has shape {np.shape(actual[name])} after construction, expected "
            f"{np.shape(value)} (torch's shape for these arguments)"
            for name, value in expected.items() if np.shape(actual[name]) != np.shape(value)]


def _state_dict_problems(actual: dict, expected: dict, tol) -> list[str]:
    missing = [k for k in expected if k not in actual]
    extra = [k for k in actual if k not in expected]
    if missing or extra:
        return [f"state_dict keys differ: missing {missing}, unexpected {extra} "
                f"(expected keys: {list(expected)})"]
    return compare_values("state_dict", actual, expected, tol)


def construct_and_call(case: Case) -> list:
    """Steps that build the case's layer, set its mode and run one forward (no loaded values):
    where the errors check expects an exception, and where a valid case must run."""
    return [new_step(case), {"op": "mode", "train": case.train}, forward_step(case)]


def check_errors(spec: LayerSpec, case: Case, impl, reference) -> None:
    """The case must raise (at construction or in forward, in the case's mode) the reference's
    (= torch's) exception class."""
    steps = construct_and_call(case)
    expected_errors = _errors_of(reference.run(steps))
    if not expected_errors:
        raise OracleBug(f"error case {case!r} does not raise in the reference")
    expected = expected_errors[0]
    actual_errors = _errors_of(impl.run(steps))
    if not actual_errors:
        fail(spec, "errors", case, [f"expected {expected['type']} ({expected['message']}), but nothing was raised"])
    actual = actual_errors[0]
    if actual["type"] in INFRASTRUCTURE_ERRORS:
        fail(spec, "errors", case, [f"{actual['type']}: {actual['message']}"], InfrastructureFailure)
    unimplemented = actual["type"] == "NotImplementedError" != expected["type"]  # a stub is not a check
    if expected["type"] not in actual["mro"] or unimplemented:
        fail(spec, "errors", case, [f"raised {actual['type']}: {actual['message']}; "
                                    f"expected {expected['type']} (as torch: {expected['message']})"])


def check_accepts_a_valid_case(spec: LayerSpec, impl, reference, hypothesis_settings) -> None:
    """The errors check is earned by validating, not by raising everywhere: the simplest valid
    case (hypothesis' first example of ``spec.cases()``) must construct and run forward."""
    from hypothesis import Phase, given, settings

    @settings(hypothesis_settings, max_examples=1, phases=[Phase.generate])
    @given(case=spec.cases())
    def run(case):
        steps = construct_and_call(case)
        if _errors_of(reference.run(steps)):
            return  # the reference itself rejects it (cannot happen for a valid strategy)
        errors = _errors_of(impl.run(steps))
        if errors and errors[0]["type"] in INFRASTRUCTURE_ERRORS:  # reported as check_errors does
            fail(spec, "errors", case, [f"{errors[0]['type']}: {errors[0]['message']}"], InfrastructureFailure)
        if errors:
            fail(spec, "errors", case, [f"a VALID input raised {errors[0]['type']}: {errors[0]['message']} "
                                        "(raising on invalid arguments only counts when valid ones work)"])

    run()


#: A strategy offering more kinds than this is a mistake in the spec.
MAX_KINDS = 64


def sweep_kinds(spec: LayerSpec, check: str, impl, reference, hypothesis_settings) -> None:
    """Run the simplest case of every kind a strategy offers through ``strategies.one_kind`` (kinds
    of invalid input for the errors check, groups of details a valid case makes observable for the
    others), before the random examples: hypothesis's derandomized examples come in clusters, and
    with a handful of kinds a few dozen of them can leave one untried. A strategy that calls no
    one_kind is not swept."""
    from hypothesis import HealthCheck, Phase, given, settings

    from .strategies import _KindSweep

    strategy = spec.error_cases if check == "errors" else spec.cases
    sweep_settings = settings(hypothesis_settings, max_examples=1, phases=[Phase.generate],
                              suppress_health_check=list(HealthCheck))

    @sweep_settings
    @given(case=strategy())
    def probe(case):  # draws only: how many kinds does the strategy choose among?
        pass

    @sweep_settings
    @given(case=strategy())
    def run(case):
        CASE_CHECKS[check](spec, case, impl, reference)

    try:
        _KindSweep.forced, _KindSweep.count = 0, None
        probe()
        for kind in range(min(_KindSweep.count or 0, MAX_KINDS)):
            _KindSweep.forced = kind
            run()
    finally:
        _KindSweep.forced = _KindSweep.count = None


def check_init(spec: LayerSpec, init: InitSpec, seed: int, impl) -> None:
    """Default initialization: exact values, or a KS test with false-alarm rate ``alpha``."""
    if init.fn is None:
        steps = [{"op": "new", "ctor": init.ctor, "seed": seed, "dtype": "float32"}, {"op": "state_dict"}]
        label = repr(init.ctor)
    else:
        steps = [{"op": "init", "fn": init.fn, "shape": init.shape, "dtype": "float32",
                  "args": list(init.args), "kwargs": dict(init.kwargs), "seed": seed}]
        label = f"init.{init.fn}(array of shape {init.shape}, {init.args}, {init.kwargs})"
    results = impl.run(steps)
    case = Case(init.ctor or Ctor(f"init.{init.fn}"), seed=seed)
    if init.raises is not None:
        _check_init_raises(spec, init, case, label, _errors_of(results))
        return
    values = _impl_values(spec, "init", case, results, steps)[-1]
    problems = []
    for name, expected in init.distributions.items():
        if name not in values:
            problems.append(f"{label}: no parameter named {name!r}")
            continue
        actual = values[name]
        if callable(expected) and not hasattr(expected, "cdf"):
            problems += [f"{label}: {name}: {p}" for p in expected(actual)]
        elif not isinstance(expected, (np.ndarray, int, float)) or isinstance(expected, bool):
            problems += _distribution_problems(f"{label}: {name}", actual, expected, init.alpha)
        else:
            tol = spec.tolerance_for("float32")
            problems += compare_values(f"{label}: {name}", np.asarray(actual, dtype=np.float64) if actual is not None else None,
                                       np.asarray(expected, dtype=np.float64), tol)
    if problems:
        fail(spec, "init", case, problems)


def _check_init_raises(spec: LayerSpec, init: InitSpec, case: Case, label: str, errors: list) -> None:
    """An init call torch rejects (e.g. fans of a 1-D array) must raise ``init.raises``."""
    if errors and errors[0]["type"] in INFRASTRUCTURE_ERRORS:
        fail(spec, "init", case, [f"{errors[0]['type']}: {errors[0]['message']}"], InfrastructureFailure)
    if not errors or init.raises not in errors[0]["mro"]:
        got = f"raised {errors[0]['type']}: {errors[0]['message']}" if errors else "nothing was raised"
        fail(spec, "init", case, [f"{label}: expected {init.raises} (as torch), {got}"])


def _distribution_problems(label, actual, dist, alpha) -> list[str]:
    if not isinstance(actual, np.ndarray) or actual.size == 0:
        return [f"{label}: expected an array of samples, got {_kind(actual)}"]
    sample = actual.astype(np.float64).ravel()
    low, high = dist.support()
    eps = 1e-6 * max(1.0, abs(low) if np.isfinite(low) else 1.0, abs(high) if np.isfinite(high) else 1.0)
    if sample.min() < low - eps or sample.max() > high + eps:
        return [f"{label}: values span [{sample.min():.4g}, {sample.max():.4g}], outside the support "
                f"[{low:.4g}, {high:.4g}] of {dist.dist.name}{dist.args}"]
    pvalue = stats.kstest(sample, dist.cdf).pvalue
    if pvalue < alpha:
        return [f"{label}: values (mean {sample.mean():.4g}, std {sample.std():.4g}) do not follow "
                f"{dist.dist.name} with mean {dist.mean():.4g}, std {dist.std():.4g} "
                f"(Kolmogorov-Smirnov p = {pvalue:.2g} < {alpha:g})"]
    return []


CASE_CHECKS = {
    "forward": check_forward,
    "input_grad": check_input_grad,
    "param_grad": check_param_grad,
    "state": check_state,
    "errors": check_errors,
}


def run_check(spec: LayerSpec, check: str, impl, reference, hypothesis_settings) -> None:
    """Run one (layer, check) pair over its hypothesis examples; raises CheckFailure on a failure.

    After an InfrastructureFailure (crash, timeout, import failure) the remaining examples and
    the shrinking phase fail at once with the same report instead of restarting the runner or
    waiting for another timeout on every example.
    """
    from hypothesis import given

    if check == "init":
        for index, init in enumerate(spec.init()):
            check_init(spec, init, index, impl)
        return
    if check == "errors":
        check_accepts_a_valid_case(spec, impl, reference, hypothesis_settings)
    sweep_kinds(spec, check, impl, reference, hypothesis_settings)
    strategy = spec.error_cases() if check == "errors" else spec.cases()
    broken: list[InfrastructureFailure] = []

    @hypothesis_settings
    @given(case=strategy)
    def run(case):
        if broken:
            raise broken[0]
        try:
            CASE_CHECKS[check](spec, case, impl, reference)
        except InfrastructureFailure as failure:
            broken.append(failure)
            raise

    run()
