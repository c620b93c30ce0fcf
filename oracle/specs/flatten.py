"""Registry entries for reference/flatten.py: Flatten, Unflatten."""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from ..spec import Case, Ctor, LayerSpec
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds, shapes


@st.composite
def flatten_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    shape = shapes(draw, min_dims=1, max_dims=5, max_side=4)
    ndim = len(shape)
    start = draw(st.integers(-ndim, ndim - 1))
    end = draw(st.integers(start % ndim, ndim - 1))
    end = draw(st.sampled_from([end, end - ndim]))
    kwargs = {}
    if draw(st.booleans()) or start != 1:
        kwargs["start_dim"] = start
    if draw(st.booleans()) or end not in (-1, ndim - 1):
        kwargs["end_dim"] = end
    if ndim < 2 and "start_dim" not in kwargs:
        kwargs["start_dim"] = 0
    if draw(st.integers(0, 5)) == 0:  # a 0-d input counts as 1-d for dims 0 / -1: output shape (1,)
        shape, kwargs = (), {k: draw(st.sampled_from([0, -1])) for k in ("start_dim", "end_dim")}
    x = normal_array(rng_for(seed), shape, dtype)
    return Case(Ctor("Flatten", (), kwargs), inputs=(x,), dtype=dtype, seed=seed)


@st.composite
def flatten_error_cases(draw):
    seed = draw(seeds)
    shape = shapes(draw, min_dims=1, max_dims=4, max_side=3)
    x = normal_array(rng_for(seed), shape, "float64")
    # a dim out of range; a 0-d input accepts only dims 0 / -1 (and Flatten() itself raises there)
    name, bad_dim, zero_d = one_kind(draw, [(name, bad, False) for name in ("start_dim", "end_dim")
                                            for bad in (len(shape), -len(shape) - 1)] +
                                           [(name, bad, True) for name in ("start_dim", "end_dim") for bad in (1, -2)])
    kwargs = {name: bad_dim}
    if zero_d:
        x = np.asarray(x.flat[0])
        if name == "end_dim":  # start_dim's default (1) is out of range too: only end_dim may be wrong
            kwargs["start_dim"] = 0
    return Case(Ctor("Flatten", (), kwargs), inputs=(x,), seed=seed, expect_error=True)


@st.composite
def unflatten_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    factors = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)))
    if draw(st.integers(0, 7)) == 7:  # a dim of size 0 unflattened into sizes with a 0 (no -1)
        factors = factors + (0,)
    before = shapes(draw, min_dims=0, max_dims=2, max_side=3)
    after = shapes(draw, min_dims=0, max_dims=2, max_side=3)
    shape = before + (math.prod(factors),) + after
    dim = len(before) if draw(st.booleans()) else len(before) - len(shape)
    sizes = list(factors)
    if 0 not in sizes and draw(st.booleans()):  # -1 beside a 0 is ambiguous: torch raises
        sizes[draw(st.integers(0, len(sizes) - 1))] = -1
    sizes = draw(st.sampled_from([tuple(sizes), list(sizes)]))
    x = normal_array(rng_for(seed), shape, dtype)
    return Case(Ctor("Unflatten", (dim, sizes)), inputs=(x,), dtype=dtype, seed=seed)


@st.composite
def unflatten_error_cases(draw):
    seed = draw(seeds)
    n = draw(st.integers(2, 7))
    # -2: only -1 is inferred; (0, -1): -1 beside a 0 (on a size-n or an empty dim) is ambiguous
    # and TypeError at construction: a float size, or not a sequence
    wrong, n = one_kind(draw, [((n + 1,), n), ((n, 2), n), ((-1, -1), n), ((-2, n), n), ((0, -1), n),
                               ((0, -1), 0), ((-1, 0), 0), ((float(n), 1), n), ([1, float(n)], n), (n, n)])
    x = normal_array(rng_for(seed), (2, n), "float64")
    return Case(Ctor("Unflatten", (1, wrong)), inputs=(x,), seed=seed, expect_error=True)


SPECS = [
    LayerSpec("Flatten", "flatten", flatten_cases, error_cases=flatten_error_cases,
              hints={"forward": "Flatten merges dims start_dim..end_dim (both inclusive, negative values "
                                "count from the end) into one; other dims are kept.",
                     "input_grad": "backward reshapes the gradient back to the input's shape.",
                     "state": "Flatten has no parameters or buffers: state_dict() is empty; its defaults are "
                              "start_dim=1, end_dim=-1 (the batch dim is kept).",
                     "errors": "A dim outside [-ndim, ndim-1] raises IndexError, as torch."}),
    LayerSpec("Unflatten", "flatten", unflatten_cases, error_cases=unflatten_error_cases,
              hints={"forward": "Unflatten splits dimension dim into unflattened_size (one entry may be "
                                "-1 and is inferred).",
                     "input_grad": "Unflatten's backward reshapes the gradient back to the input's shape.",
                     "state": "Unflatten has no parameters or buffers: state_dict() is empty; eval() changes "
                              "nothing.",
                     "errors": "Sizes whose product is not the dim's size raise RuntimeError, as torch."}),
]
