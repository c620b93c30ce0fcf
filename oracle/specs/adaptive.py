"""Registry entries for reference/adaptive.py: AdaptiveLogSoftmaxWithLoss.

The generic checks only call forward; this layer's forward check also compares its two other
public methods, log_prob and predict (through the executor's "call" step), via the property
function registered below.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy import stats

from .. import properties
from ..checks import compare_values
from ..spec import Case, Ctor, InitSpec, LayerSpec
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds
from .attention import inputs_unchanged

DIV_VALUES = (1.0, 1.5, 2, 3.0, 5 / 3)
#: in_features that a div_value must come with: 5 / (5/3) rounds to 3.0 in floating point, but the
#: float 5/3 is a little above 5/3, so torch's floor division 5 // (5/3) gives 2.0 (hidden size 2).
FLOOR_TRAPS = {5 / 3: 5}


@st.composite
def asm_config(draw):
    in_features, n_classes = draw(st.integers(1, 6)), draw(st.integers(2, 10))
    cutoffs = sorted(draw(st.sets(st.integers(1, n_classes - 1), min_size=1, max_size=3)))
    cutoffs = draw(st.sampled_from([cutoffs, tuple(cutoffs)]))
    kwargs = {}
    if draw(st.booleans()):
        kwargs["div_value"] = draw(st.sampled_from(DIV_VALUES))
    if draw(st.booleans()):
        kwargs["head_bias"] = draw(st.booleans())
    # Every tail hidden size int(in_features // div_value ** (i + 1)) is kept >= 1: a hidden size of 0
    # is legal in torch, but the shared reference Linear's backward cannot take in_features=0 yet.
    in_features = max(in_features, math.ceil(kwargs.get("div_value", 4.0) ** len(cutoffs)))
    in_features = FLOOR_TRAPS.get(kwargs.get("div_value"), in_features)
    return Ctor("AdaptiveLogSoftmaxWithLoss", (in_features, n_classes, cutoffs), kwargs)


@st.composite
def asm_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    ctor = draw(asm_config())
    in_features, n_classes = ctor.args[:2]
    rng = rng_for(seed)
    batched = draw(st.sampled_from(range(4))) != 3
    n = draw(st.integers(1, 6))
    # now and then logits in the thousands: exp overflows unless log_softmax subtracts the max.
    # Only in float64: float32's log_softmax of such logits is off by |z| * 6e-8, so two correct
    # float32 implementations differ by ~1e-4 of the largest gradient (seen: 5x the tolerance).
    scale = draw(st.sampled_from([2.0, 2.0, 2.0, 2000.0]))
    if scale > 2.0:
        dtype = "float64"
    x = normal_array(rng, (n, in_features) if batched else (in_features,), dtype, scale=scale)
    target = rng.integers(0, n_classes, size=n if batched else ()).astype(np.int64)
    return Case(ctor, inputs=(x, target), dtype=dtype, seed=seed)


@st.composite
def asm_error_cases(draw):
    seed = draw(seeds)
    rng = rng_for(seed)
    in_features, n_classes, n = draw(st.integers(1, 4)), draw(st.integers(3, 8)), draw(st.integers(1, 4))
    good = [1, n_classes - 1] if n_classes > 2 else [1]

    def case(cutoffs=good, x_shape=(n, in_features), target=None):
        target = rng.integers(0, n_classes, size=n) if target is None else target
        return Case(Ctor("AdaptiveLogSoftmaxWithLoss", (in_features, n_classes, cutoffs)),
                    inputs=(normal_array(rng, x_shape, "float64"), np.asarray(target, dtype=np.int64)),
                    seed=seed, expect_error=True)

    choices = {
        "cutoff 0": lambda: case(cutoffs=draw(st.sampled_from([[0, 1], [0], [0, n_classes - 1]]))),
        "empty cutoffs": lambda: case(cutoffs=[]),
        "unsorted cutoffs": lambda: case(cutoffs=[n_classes - 1, 1]),
        "repeated cutoff": lambda: case(cutoffs=[1, 1]),
        "cutoff n_classes": lambda: case(cutoffs=[1, n_classes]),
        "fractional cutoff": lambda: case(cutoffs=[1.5]),
        "target >= n_classes": lambda: case(target=np.full(n, n_classes)),
        "negative target": lambda: case(target=np.full(n, -1)),
        "2-D target": lambda: case(target=np.zeros((n, 1))),
        "batch sizes differ": lambda: case(target=np.zeros(n + 1)),
        "3-D input": lambda: case(x_shape=(n, 1, in_features)),
        "0-d target with 2-D input": lambda: case(target=np.int64(0)),
        "input features": lambda: case(x_shape=(n, in_features + 1)),
    }
    return choices[one_kind(draw, list(choices))]()


def asm_properties(check, case, actual, expected, session, **extra) -> list[str]:
    """forward's (output, loss), then log_prob and predict on the same (2-D) input."""
    problems = compare_values("output", actual["output"], expected["output"], session.tol)
    problems += inputs_unchanged(actual, case)
    x = case.inputs[0] if case.inputs[0].ndim == 2 else case.inputs[0][None]
    steps = session.prepared_steps() + [{"op": "call", "method": "log_prob", "args": [x]},
                                        {"op": "call", "method": "predict", "args": [x]}]
    expected_log_prob, expected_predict = session.reference_run(steps)[-2:]
    results = session.impl.run(steps)
    for result, name in zip(results[-2:], ("log_prob", "predict")):
        if "error" in result:
            return problems + [f"{name}(input) raised {result['error']['type']}: {result['error']['message']}"]
    problems += compare_values("log_prob(input)", results[-2]["value"], expected_log_prob, session.tol)
    top2 = np.sort(expected_log_prob.astype(np.float64), axis=1)[:, -2:] if expected_log_prob.shape[1] > 1 else None
    clear = None if top2 is None else (top2[:, 1] - top2[:, 0]) > 1e-3 * max(1.0, np.abs(top2).max())
    problems += compare_values("predict(input)", results[-1]["value"], expected_predict, session.tol, clear)
    return problems


properties.PROPERTIES["AdaptiveLogSoftmaxWithLoss"] = asm_properties


def asm_init():
    def uniform(fan_in):
        return stats.uniform(loc=-1 / np.sqrt(fan_in), scale=2 / np.sqrt(fan_in))
    return [InitSpec({"head.weight": uniform(64), "head.bias": uniform(64), "tail.0.0.weight": uniform(64),
                      "tail.0.1.weight": uniform(16), "tail.1.0.weight": uniform(64), "tail.1.1.weight": uniform(4)},
                     ctor=Ctor("AdaptiveLogSoftmaxWithLoss", (64, 100, [20, 60]), {"head_bias": True}))]


SPECS = [
    LayerSpec(
        "AdaptiveLogSoftmaxWithLoss", "adaptive", asm_cases, error_cases=asm_error_cases, init=asm_init,
        has_params=True, property_checks=("forward",),
        examples={"errors": 30},  # 13 kinds of invalid argument or input
        hints={
            "forward": "output[n] = log_softmax(head(x))[target] for shortlist targets, else "
                       "log_softmax(head(x))[shortlist_size + i] + log_softmax(tail[i](x))[target - cutoffs[i]]; "
                       "loss = mean(-output); log_prob(x) gives all n_classes columns, predict(x) their argmax.",
            "input_grad": "Each picked log-softmax entry z_k - logsumexp(z) has gradient onehot(k) - softmax(z); "
                          "the upstream gradient of output[n] is grad_output[n] - grad_loss / N.",
            "param_grad": "A tail gets gradient only from the rows whose target falls in its cluster (a tail "
                          "with no such row keeps .grad None); ADD into .grad.",
            "state": "Submodules as torch: head (Linear), tail (ModuleList of Sequential(Linear, Linear), "
                     "no biases), hidden size int(in_features // div_value ** (i + 1)).",
            "errors": "Bad cutoffs raise ValueError; bad shapes and out-of-range targets raise RuntimeError.",
            "init": "head and tail Linears use Linear's default init.",
        }),
]
