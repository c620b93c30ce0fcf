"""Registry entries for reference/sparse.py: Embedding.

Embedding's input is integer indices, so it has no input gradient (``differentiable=False``,
``grad_inputs=()``); backward accumulates weight.grad, compared by the param_grad check.

With max_norm, forward rescales the looked-up rows of the weight in place, which the generic
checks cannot see (they never read the parameters after a forward, and the renormalized rows
give the same outputs whether or not the weight itself was changed). So Embedding's forward
check is a property (oracle/properties.py) that compares the output by value AND the weight
after the forward with the reference's.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy import stats

from ..checks import compare_values, forward_step
from ..properties import PROPERTIES
from ..spec import Case, Ctor, InitSpec, LayerSpec
from ..strategies import dtypes, rng_for, seeds, shapes

NORM_TYPES = [1, 2, 2.0, 3, 0.5, 1.5, math.inf]


def indices(rng, shape, num_embeddings: int, dtype: str = "int64") -> np.ndarray:
    return rng.integers(0, num_embeddings, size=shape).astype(dtype)


@st.composite
def embedding_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    rng = rng_for(seed)
    n, dim = draw(st.integers(1, 8)), draw(st.integers(0, 5))  # embedding_dim 0 is legal in torch
    optional = {
        "padding_idx": draw(st.integers(-n, n - 1)),
        "max_norm": draw(st.sampled_from([0.0, 0.5, 1.0, 2.5]) | st.floats(0.05, 3.0)),
        "norm_type": draw(st.sampled_from(NORM_TYPES)),
        "scale_grad_by_freq": draw(st.booleans()),
        "sparse": False,  # True makes torch return a sparse weight.grad that TorchExecutor cannot read
        "_freeze": draw(st.integers(0, 5)) == 0,
    }
    kwargs = {k: v for k, v in optional.items() if draw(st.booleans()) and not (k == "max_norm" and dim == 0)}
    if draw(st.integers(0, 5)) == 0:
        kwargs["_weight"] = rng.standard_normal((n, dim)).astype(dtype)
    index_shape = shapes(draw, min_dims=0, max_dims=3, min_side=draw(st.sampled_from([1, 1, 1, 0])), max_side=5)
    x = indices(rng, index_shape, n, draw(st.sampled_from(["int64", "int64", "int32"])))
    return Case(Ctor("Embedding", (n, dim), kwargs), inputs=(x,), grad_inputs=(), dtype=dtype, seed=seed,
                train=draw(st.booleans()))


def embedding_prepare_state(case, tensors, rng):
    """Keep every row's norm at least 1% away from max_norm: at a tie, float rounding decides
    whether the row is renormalized, differently in NumPy and torch."""
    max_norm = case.ctor.kwargs.get("max_norm")
    if max_norm is None:
        return tensors
    weight = tensors["weight"]
    norms = np.linalg.norm(weight.astype(np.float64), ord=case.ctor.kwargs.get("norm_type", 2.0), axis=1)
    near = np.abs(norms - max_norm) < 0.01 * max(max_norm, 1e-3)
    weight = weight.copy()
    weight[near] *= weight.dtype.type(1.05)
    return {**tensors, "weight": weight}


def embedding_forward_property(check, case, actual, expected, session, **extra):
    """The output by value, then the weight after a training forward (max_norm renormalizes the
    looked-up rows in place)."""
    problems = compare_values("output", actual["output"], expected["output"], session.tol)
    if problems:
        return problems
    steps = session.prepared_steps() + [forward_step(case), {"op": "params"}]
    expected_params = session.reference_run(steps)[-1]
    results = session.impl.run(steps)
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        return [f"raised {errors[0]['type']}: {errors[0]['message']}"]
    return compare_values("weight after forward (max_norm rescales the looked-up rows of weight in place)",
                          results[-1]["value"], expected_params, session.tol)


PROPERTIES["Embedding"] = embedding_forward_property


@st.composite
def embedding_error_cases(draw):
    seed = draw(seeds)
    rng = rng_for(seed)
    n, dim = draw(st.integers(1, 6)), draw(st.integers(1, 4))
    good = indices(rng, (2, 3), n)
    max_norm = draw(st.sampled_from([{}, {"max_norm": 1.0}]))
    beyond = good.copy()
    beyond[0, 1] = draw(st.sampled_from([n, n + 3, -1, -n - 1]))
    wrong_shape = rng.standard_normal((n + 1, dim)).astype("float32")
    return draw(st.sampled_from([
        Case(Ctor("Embedding", (n, dim), max_norm), inputs=(beyond,), grad_inputs=(), seed=seed, expect_error=True),
        Case(Ctor("Embedding", (n, dim), max_norm), inputs=(good.astype("float64"),), grad_inputs=(), seed=seed,
             expect_error=True),
        Case(Ctor("Embedding", (n, dim), max_norm), inputs=(good.astype("int16"),), grad_inputs=(), seed=seed,
             expect_error=True),
        Case(Ctor("Embedding", (n, dim), {"padding_idx": draw(st.sampled_from([n, n + 2, -n - 1]))}),
             inputs=(good,), grad_inputs=(), seed=seed, expect_error=True),
        Case(Ctor("Embedding", (draw(st.sampled_from([-1, -n])), dim)), inputs=(good,), grad_inputs=(), seed=seed,
             expect_error=True),
        Case(Ctor("Embedding", (n, -1)), inputs=(good,), grad_inputs=(), seed=seed, expect_error=True),
        Case(Ctor("Embedding", (n, dim), {"_weight": wrong_shape}), inputs=(good,), grad_inputs=(), seed=seed,
             expect_error=True),
    ]))


def padded_normal(padding_idx: int, alpha: float = 1e-6):
    """Init check of a table with a padding row: that row exactly zero, the others N(0, 1) by a
    Kolmogorov-Smirnov test whose false-alarm probability is alpha."""

    def check(weight) -> list[str]:
        if not isinstance(weight, np.ndarray) or weight.ndim != 2:
            return [f"expected a 2-D array, got {type(weight).__name__}"]
        problems = []
        if np.any(weight[padding_idx] != 0):
            problems.append(f"the padding row {padding_idx} must start at zero, got {weight[padding_idx].tolist()}")
        others = np.delete(weight, padding_idx % len(weight), axis=0).astype(np.float64).ravel()
        pvalue = stats.kstest(others, stats.norm.cdf).pvalue
        if pvalue < alpha:
            problems.append(f"the other rows (mean {others.mean():.4g}, std {others.std():.4g}) do not follow "
                            f"N(0, 1) (Kolmogorov-Smirnov p = {pvalue:.2g} < {alpha:g})")
        return problems

    return check


def embedding_init():
    pretrained = np.arange(6, dtype=np.float32).reshape(3, 2) - 2.5
    return [
        InitSpec({"weight": stats.norm()}, ctor=Ctor("Embedding", (100, 20))),
        InitSpec({"weight": padded_normal(37)}, ctor=Ctor("Embedding", (100, 20), {"padding_idx": 37})),
        InitSpec({"weight": padded_normal(-3)}, ctor=Ctor("Embedding", (100, 20), {"padding_idx": -3})),
        # _weight is used as given: no zeroing of the padding row.
        InitSpec({"weight": pretrained},
                 ctor=Ctor("Embedding", (3, 2), {"_weight": pretrained.copy(), "padding_idx": 1})),
    ]


SPECS = [
    LayerSpec("Embedding", "sparse", embedding_cases, error_cases=embedding_error_cases, init=embedding_init,
              examples={"errors": 30},  # 7 kinds of invalid input; out-of-range indices n and -1 each drawn
              has_params=True, differentiable=False, property_checks=("forward",),
              prepare_state=embedding_prepare_state,
              hints={
                  "forward": "output = weight[input] (output shape input.shape + (embedding_dim,)); with "
                             "max_norm, first rescale IN PLACE every looked-up row of weight whose "
                             "norm_type-norm exceeds max_norm by max_norm / (norm + 1e-7).",
                  "param_grad": "Add grad_output[i] into weight.grad[input[i]] with np.add.at (repeated indices "
                                "must sum); the padding_idx row gets no gradient; scale_grad_by_freq divides "
                                "by the count of each index in the batch; _freeze=True: no gradient at all.",
                  "state": "The only parameter is weight (num_embeddings, embedding_dim).",
                  "errors": "Indices outside [0, num_embeddings) raise IndexError; non-integer indices "
                            "RuntimeError; padding_idx outside [-num_embeddings, num_embeddings) and a "
                            "_weight of the wrong shape AssertionError, as torch.",
                  "init": "weight ~ N(0, 1), then the padding_idx row set to zero; a given _weight is used "
                          "as it is.",
              }),
]
