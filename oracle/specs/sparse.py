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
from ..strategies import dtypes, one_kind, rng_for, seeds, shapes

NORM_TYPES = [1, 2, 2.0, 3, 0.5, 1.5, math.inf]


def indices(rng, shape, num_embeddings: int, dtype: str = "int64") -> np.ndarray:
    return rng.integers(0, num_embeddings, size=shape).astype(dtype)


# max_norm values: tiny ones (in float64) make the 1e-7 of the rescaling max_norm / (norm + 1e-7)
# observable (a relative effect of 1e-7 / max_norm against rtol 1e-6).
MAX_NORMS = st.sampled_from([1e-3, 1.0, 0.5, 4e-3, 2.5, 0.0]) | st.floats(0.05, 3.0)


def draw_index_array(draw, rng, num_embeddings: int, empty: bool = False, repeated: bool = False) -> np.ndarray:
    """Indices into a table of num_embeddings rows (an empty array when asked or when the table
    is empty). The first and last lookups hit the same row: repeated indices sum their gradients
    (and scale_grad_by_freq counts them), when there are two (``repeated``: at least two). The
    simplest shape is (3, 3)."""
    ndim = draw(st.sampled_from([2, 1, 0, 3]))
    index_shape = tuple(draw(st.sampled_from([3, 1, 2, 4, 5])) for _ in range(ndim))
    dtype = draw(st.sampled_from(["int64", "int64", "int32"]))
    if empty or num_embeddings == 0:
        return np.zeros((0,) + index_shape, dtype=dtype)
    if repeated and math.prod(index_shape) < 2:  # at least two lookups
        index_shape = (2,) + index_shape
    x = indices(rng, index_shape, num_embeddings, dtype)
    x.flat[-1] = x.flat[0]
    return x


def optional_kwargs(draw, candidates: dict) -> dict:
    """Each candidate keyword (None: not applicable) given or left to its default."""
    return {k: v for k, v in candidates.items() if v is not None and draw(st.booleans())}


def constructor_ctor(draw, rng, n: int, dim: int, dtype: str) -> Ctor:
    kwargs = optional_kwargs(draw, {
        "padding_idx": draw(st.sampled_from([-1, 0]) | st.integers(-n, n - 1)) if n else 0,
        "max_norm": draw(MAX_NORMS) if dim else None,
        "norm_type": draw(st.sampled_from(NORM_TYPES)),
        "scale_grad_by_freq": draw(st.booleans()),
        "sparse": False,  # True makes torch return a sparse weight.grad that TorchExecutor cannot read
        "_freeze": draw(st.sampled_from([False, False, True])),
    })
    # padding_idx=0 is never range-checked (torch): with no rows it is valid only when no padding
    # row has to be zeroed, i.e. with a given _weight
    if draw(st.sampled_from([False] * 5 + [True])) or (n == 0 and "padding_idx" in kwargs):
        kwargs["_weight"] = rng.standard_normal((n, dim)).astype(dtype)
    return Ctor("Embedding", (n, dim), kwargs)


def from_pretrained_ctor(draw, rng, n: int, dim: int, dtype: str, kind: str) -> Ctor:
    """Embedding.from_pretrained(weights, ...). kind "pretrained_defaults": freeze, norm_type and
    scale_grad_by_freq left to their defaults (True, 2.0, False), with a max_norm (so the default
    norm_type is used); "pretrained_trainable": freeze=False and padding_idx=-1 (stored as n - 1:
    that row gets no gradient), so the default scale_grad_by_freq shows in weight.grad on repeated
    indices; "pretrained": any keywords."""
    max_norm = draw(MAX_NORMS) if dim else None
    if kind == "pretrained_defaults":
        kwargs = {"max_norm": max_norm}
    else:
        kwargs = optional_kwargs(draw, {
            "padding_idx": draw(st.sampled_from([-1, 0]) | st.integers(-n, n - 1)) if n else None,
            "max_norm": max_norm,
            "norm_type": draw(st.sampled_from(NORM_TYPES)),
            "scale_grad_by_freq": draw(st.booleans()) if kind == "pretrained" else None,
        })
        kwargs["freeze"] = False if kind == "pretrained_trainable" else draw(st.booleans())
        if kind == "pretrained_trainable" and n:
            kwargs["padding_idx"] = -1
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    return Ctor("Embedding.from_pretrained", (rng.standard_normal((n, dim)).astype(dtype),), kwargs)


@st.composite
def embedding_cases(draw):
    """Each kind makes one group of details observable whatever else is drawn:
    constructor: any keywords; frequency: scale_grad_by_freq with a row looked up several times
    (and half the time padding_idx=0, the one index never range-checked);
    constructor_defaults: Embedding(n, dim, max_norm=...) with norm_type and scale_grad_by_freq left
    to the constructor's own defaults (2.0, False) on repeated rows, trainable;
    pretrained*: see from_pretrained_ctor (pretrained_trainable also looks its padding row up);
    empty: an empty table (num_embeddings 0) or an empty index array, half the time with
    embedding_dim 0; all are legal in torch."""
    dtype, seed = draw(dtypes), draw(seeds)
    rng = rng_for(seed)
    # hypothesis's first (simplest) example: from_pretrained(<3 x 3 float64>, max_norm=1e-3) on (3, 3)
    # indices, which shows every default of from_pretrained and the 1e-7 of the renormalization
    kind = one_kind(draw, ["pretrained_defaults", "constructor", "pretrained_trainable", "empty",
                           "constructor_defaults", "pretrained", "constructor", "frequency"])
    n = 0 if kind == "empty" and draw(st.booleans()) else draw(st.sampled_from([3, 1, 2, 4, 5, 6, 7, 8]))
    dim = draw(st.sampled_from([0, 3] if kind == "empty" else [3, 0, 1, 2, 4, 5]))  # 0 is legal in torch
    if kind in ("pretrained_defaults", "pretrained_trainable", "frequency", "constructor_defaults"):
        # their weight.grad (or the renormalization) must show
        dim = max(dim, 2)
    if kind.startswith("pretrained"):
        ctor = from_pretrained_ctor(draw, rng, n, dim, dtype, kind)
    elif kind == "frequency":  # scale_grad_by_freq on repeated rows: each row's gradient / its count
        padding = {"padding_idx": 0} if n > 1 and draw(st.booleans()) else {}
        ctor = Ctor("Embedding", (n, dim), {"scale_grad_by_freq": True, **padding})
    elif kind == "constructor_defaults":
        ctor = Ctor("Embedding", (n, dim), {"max_norm": draw(MAX_NORMS)})
    else:
        ctor = constructor_ctor(draw, rng, n, dim, dtype)
    repeated = kind in ("pretrained_trainable", "frequency", "constructor_defaults")
    x = draw_index_array(draw, rng, n, empty=kind == "empty", repeated=repeated)
    if kind == "pretrained_trainable" and x.size > 2:
        x.flat[1] = n - 1  # the padding row (padding_idx=-1): no gradient
    return Case(ctor, inputs=(x,), grad_inputs=(), dtype=dtype, seed=seed, train=draw(st.booleans()))


EXACT_NORM_TYPES = (1, 2, 2.0, math.inf)  # the p-norm of max_norm * e_0 is exactly max_norm


def embedding_prepare_state(case, tensors, rng):
    """Keep every row's norm at least 1% away from max_norm: at a tie, float rounding decides
    whether the row is renormalized, differently in NumPy and torch. Then, among the looked-up
    rows, one just above max_norm (norm 1.5 * max_norm: the 1e-7 of max_norm / (norm + 1e-7) is
    then visible in float64 for a small max_norm) and, in float64, one exact tie: max_norm * e_0,
    whose 1-, 2- and inf-norm are exactly max_norm, so it must stay as it is (only a norm strictly
    above max_norm is rescaled)."""
    max_norm = case.ctor.kwargs.get("max_norm")
    weight = tensors["weight"]
    if max_norm is None or weight.size == 0:
        return tensors
    norm_type = case.ctor.kwargs.get("norm_type", 2.0)
    norms = np.linalg.norm(weight.astype(np.float64), ord=norm_type, axis=1)
    near = np.abs(norms - max_norm) < 0.01 * max(max_norm, 1e-3)
    weight = weight.copy()
    weight[near] *= weight.dtype.type(1.05)
    rows = np.unique(np.asarray(case.inputs[0]))
    if max_norm <= 0 or norm_type == 0 or rows.size == 0:
        return {**tensors, "weight": weight}
    above = rows[-1]
    norm = np.linalg.norm(weight[above].astype(np.float64), ord=norm_type)
    if norm > 0:
        weight[above] = (weight[above] * (1.5 * max_norm / norm)).astype(weight.dtype)
    if weight.dtype == np.float64 and norm_type in EXACT_NORM_TYPES and rows.size > 1:
        weight[rows[0]] = 0.0
        weight[rows[0], 0] = max_norm
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
    """Four kinds of invalid input, each with its variants (hypothesis's examples come in
    clusters that vary a kind's arguments more readily than the kind itself)."""
    seed = draw(seeds)
    rng = rng_for(seed)
    n, dim = draw(st.integers(1, 6)), draw(st.integers(1, 4))
    good = indices(rng, (2, 3), n)
    max_norm = draw(st.sampled_from([{}, {"max_norm": 1.0}]))
    beyond = good.copy()
    beyond[0, 1] = draw(st.sampled_from([-1, n, -n - 1, n + 3]))
    # padding_idx just past either end (1 on a table of 1 row: a check "padding_idx > 1" misses it)
    rows, padding_idx = draw(st.sampled_from([(1, 1), (n, n), (n, -n - 1), (n, n + 2), (1, -2)]))
    not_2d = rng.standard_normal(draw(st.sampled_from([(n,), (n, dim, 2)]))).astype("float32")
    bad_ctors = [
        Ctor("Embedding", (rows, dim), {"padding_idx": padding_idx}),
        Ctor("Embedding", (-1, dim)), Ctor("Embedding", (n, -1)), Ctor("Embedding", (-n - 1, dim)),
        Ctor("Embedding", (n, dim), {"_weight": rng.standard_normal((n + 1, dim)).astype("float32")}),
        # from_pretrained takes a 2-D table only (AssertionError for 1-D or 3-D embeddings)
        Ctor("Embedding.from_pretrained", (not_2d,), {"freeze": draw(st.booleans())}),
    ]
    # an empty table: no row to look up (torch's index_select raises RuntimeError, max_norm's
    # renormalization, which runs first, IndexError); no padding row 0 to zero (IndexError)
    empty_tables = [(Ctor("Embedding", (0, dim), max_norm), good),
                    (Ctor("Embedding", (0, dim), {"padding_idx": 0}), good[:0])]
    bad_inputs = [beyond, good.astype("float64"), good.astype("int16")]
    kind = draw(st.sampled_from(["constructor", "input", "empty_table", "input"]))
    if kind == "constructor":  # the simplest: padding_idx=1 on a table of one row
        ctor, x = draw(st.sampled_from(bad_ctors)), good
    elif kind == "input":
        ctor, x = Ctor("Embedding", (n, dim), max_norm), draw(st.sampled_from(bad_inputs))
    else:
        ctor, x = draw(st.sampled_from(empty_tables))
    return Case(ctor, inputs=(x,), grad_inputs=(), seed=seed, expect_error=True)


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
              # 12 invalid inputs; every check of this cheap layer takes well under a second
              examples={"errors": 60, "forward": 50, "param_grad": 50, "state": 20},
              has_params=True, differentiable=False, property_checks=("forward",),
              prepare_state=embedding_prepare_state,
              hints={
                  "forward": "output = weight[input] (output shape input.shape + (embedding_dim,)); with "
                             "max_norm, first rescale IN PLACE every looked-up row of weight whose "
                             "norm_type-norm exceeds max_norm by max_norm / (norm + 1e-7).",
                  "param_grad": "Add grad_output[i] into weight.grad[input[i]] with np.add.at (repeated indices "
                                "must sum); the padding_idx row gets no gradient; scale_grad_by_freq divides "
                                "by the count of each index in the batch; _freeze=True (and from_pretrained's "
                                "default freeze=True): no gradient at all.",
                  "state": "The only parameter is weight (num_embeddings, embedding_dim).",
                  "errors": "Indices outside [0, num_embeddings) raise IndexError (an empty table: "
                            "RuntimeError without max_norm, as torch's index_select); non-integer indices "
                            "RuntimeError; padding_idx outside [-num_embeddings, num_embeddings) and a "
                            "_weight of the wrong shape or a from_pretrained table that is not 2-D "
                            "AssertionError, as torch.",
                  "init": "weight ~ N(0, 1), then the padding_idx row set to zero; a given _weight is used "
                          "as it is.",
              }),
]
