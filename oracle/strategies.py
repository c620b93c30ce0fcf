"""Hypothesis building blocks for layer specs.

Strategies draw small integers (shapes, flags, a seed); NumPy makes the arrays from the seed.
That keeps example generation fast (drawing every float through hypothesis costs 15-60x the
NumPy work it feeds) and the shrunk counterexamples small and readable.
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from .spec import Case, Ctor

dtypes = st.sampled_from(["float64", "float32"])
seeds = st.integers(min_value=0, max_value=2**32 - 1)


class _KindSweep:
    """Set by checks.sweep_kinds while it sweeps a strategy's kinds (see ``one_kind``)."""

    forced: int | None = None
    count: int | None = None


def one_kind(draw, options: list):
    """One of ``options``: kinds of case that each show something of their own (invalid inputs
    that fail in their own way: wrong shape, bad argument...; valid cases that make one group of
    details observable).

    Drawn at random, except while a check sweeps the kinds: it first runs the simplest case of
    every kind once (checks.sweep_kinds), so no kind depends on the random draws reaching it.
    Call it once per case: the sweep forces the same index on every call."""
    if _KindSweep.forced is not None:
        _KindSweep.count = len(options)
        return options[_KindSweep.forced % len(options)]
    return options[draw(st.integers(0, len(options) - 1))]


def rng_for(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def shapes(draw, *, min_dims: int = 1, max_dims: int = 4, min_side: int = 1, max_side: int = 5) -> tuple:
    """Draw a shape; sides are small so examples stay cheap and readable."""
    ndim = draw(st.integers(min_dims, max_dims))
    return tuple(draw(st.integers(min_side, max_side)) for _ in range(ndim))


def normal_array(rng: np.random.Generator, shape, dtype: str, scale: float = 1.0) -> np.ndarray:
    return np.asarray(rng.standard_normal(shape) * scale, dtype=dtype)


def uniform_array(rng: np.random.Generator, shape, dtype: str, low: float, high: float) -> np.ndarray:
    return np.asarray(rng.uniform(low, high, size=shape), dtype=dtype)


def with_kinks(rng: np.random.Generator, x: np.ndarray, points, fraction: float = 0.2):
    """Set a random ``fraction`` of x's elements exactly to kink ``points`` (where a function's
    derivative is undefined); return (x, mask of elements whose gradient is unambiguous).

    Elements that land within float rounding of a kink are masked out too.
    """
    points = np.asarray(points, dtype=x.dtype).reshape(-1)
    if points.size:
        chosen = rng.random(x.shape) < fraction
        x = x.copy()
        x[chosen] = rng.choice(points, size=int(chosen.sum()))
    near = np.zeros(x.shape, dtype=bool)
    for p in points:
        near |= np.abs(x - p) <= 1e-6 * max(1.0, abs(float(p)))
    return x, np.asarray(~near)  # an array also for 0-d inputs


def ctor_call(draw, layer: str, order: tuple, values: dict) -> Ctor:
    """Ctor(layer) passing ``values``: a random prefix of the leading arguments (in signature
    ``order``) positionally, the rest by keyword, so both calling styles are exercised."""
    leading = 0
    while leading < len(order) and order[leading] in values:
        leading += 1
    n = draw(st.integers(0, leading))
    return Ctor(layer, tuple(values[name] for name in order[:n]),
                {k: v for k, v in values.items() if k not in order[:n]})


def maybe(draw, value, default):
    """Leave a keyword argument at its default half of the time (so defaults are tested too)."""
    return draw(st.sampled_from([value, default]))


def kwargs_subset(draw, kwargs: dict) -> dict:
    """Drop each keyword argument at random, so the constructor's defaults get exercised."""
    return {k: v for k, v in kwargs.items() if draw(st.booleans())}


@st.composite
def elementwise_cases(draw, layer: str, kwargs_strategy=None, kinks=lambda kwargs: (),
                      scale: float = 3.0, max_dims: int = 4):
    """Cases for an elementwise layer: any input shape (0-d included), values ~ N(0, scale^2),
    with some elements set exactly to the layer's kinks (masked out of gradient comparison)."""
    kwargs = draw(kwargs_strategy) if kwargs_strategy is not None else {}
    dtype = draw(dtypes)
    seed = draw(seeds)
    shape = shapes(draw, min_dims=0, max_dims=max_dims)
    rng = rng_for(seed)
    x = normal_array(rng, shape, dtype, scale)
    x, mask = with_kinks(rng, x, kinks(kwargs))
    return Case(Ctor(layer, (), kwargs), inputs=(x,), dtype=dtype, seed=seed, grad_masks={0: mask})
