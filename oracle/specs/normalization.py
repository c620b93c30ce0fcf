"""Registry entries for reference/normalization.py: GroupNorm, LayerNorm."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..spec import Case, Ctor, LayerSpec
from ..strategies import dtypes, kwargs_subset, normal_array, rng_for, seeds, shapes
from .batchnorm import EPS, affine_init, norm_input, norm_kwargs

#: eps when a normalized row holds a single value: its exact input gradient is 0, and torch's
#: float32 backward returns rounding noise ~ulp(|g * weight| / sqrt(eps)) instead (2e-5 * |g| for
#: eps = 1e-5, past the atol); eps >= 1e-2 keeps that noise below 1e-6.
ROW_OF_ONE_EPS = st.floats(1e-2, 1.0)


@st.composite
def groupnorm_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    groups, per_group = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    channels = groups * per_group
    kwargs = norm_kwargs(draw, momentum=False, track=False)
    spatial = shapes(draw, min_dims=0, max_dims=2, max_side=3)
    batch = draw(st.integers(1, 4))
    if batch * per_group * int(np.prod(spatial)) == 1:  # torch's "more than 1 value per channel" check
        batch = draw(st.integers(2, 4))
    shape = (batch, channels) + spatial
    if per_group * int(np.prod(spatial)) == 1:
        kwargs["eps"] = draw(ROW_OF_ONE_EPS)
    # Rows of the normalization are (sample, group): view the input as (N, G, C/G * prod(spatial)).
    constant = draw(st.integers(0, 3)) == 0
    x = norm_input(rng_for(seed), (batch, groups, per_group) + spatial, dtype, 2, constant).reshape(shape)
    return Case(Ctor("GroupNorm", (groups, channels), kwargs), inputs=(x,), dtype=dtype, seed=seed,
                train=draw(st.booleans()))


@st.composite
def groupnorm_error_cases(draw):
    seed = draw(seeds)
    groups, per_group = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    channels = groups * per_group
    args, kwargs = (groups, channels), {}
    shape = (2, channels, 3)
    kind = draw(st.sampled_from(["indivisible", "zero groups", "negative groups", "ndim", "one value",
                                 "channels"]))
    if kind == "indivisible":  # ValueError at construction
        args = (groups + 1, (groups + 1) * per_group + draw(st.integers(1, groups)))
    elif kind == "zero groups":  # ZeroDivisionError at construction (num_channels % 0)
        args = (0, channels)
    elif kind == "negative groups":  # RuntimeError in forward
        args = (-groups, channels)
    elif kind == "ndim":  # RuntimeError: fewer than 2 dims
        shape = draw(st.sampled_from([(channels,), ()]))
    elif kind == "one value":  # ValueError: a batch of one, one channel per group, no spatial size
        args, shape = (channels, channels), (1, channels) + (1,) * draw(st.integers(0, 2))
    else:  # RuntimeError: input channels != num_channels (affine) or not divisible by num_groups
        wrong = channels + draw(st.integers(1, 3))
        kwargs = {} if wrong % groups == 0 else draw(st.sampled_from([{}, {"affine": False}]))
        shape = (2, wrong, 3)
    x = normal_array(rng_for(seed), shape, "float64")
    return Case(Ctor("GroupNorm", args, kwargs), inputs=(x,), seed=seed, expect_error=True)


@st.composite
def layernorm_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    normalized = shapes(draw, min_dims=1, max_dims=3, max_side=4)
    lead = shapes(draw, min_dims=0, max_dims=2, max_side=3)
    forms = [normalized, list(normalized)] + ([normalized[0]] if len(normalized) == 1 else [])  # int form
    arg = draw(st.sampled_from(forms))
    kwargs = kwargs_subset(draw, {"eps": draw(EPS), "elementwise_affine": draw(st.booleans()),
                                  "bias": draw(st.booleans())})
    if int(np.prod(normalized)) == 1:
        kwargs["eps"] = draw(ROW_OF_ONE_EPS)
    constant = draw(st.integers(0, 3)) == 0
    x = norm_input(rng_for(seed), lead + normalized, dtype, len(lead), constant)
    return Case(Ctor("LayerNorm", (arg,), kwargs), inputs=(x,), dtype=dtype, seed=seed,
                train=draw(st.booleans()))


@st.composite
def layernorm_error_cases(draw):
    seed = draw(seeds)
    normalized = shapes(draw, min_dims=1, max_dims=2, max_side=3)
    kind = draw(st.sampled_from(["trailing shape", "too few dims", "empty", "float", "negative"]))
    arg, shape = normalized, (2,) + normalized
    if kind == "trailing shape":  # RuntimeError in forward
        shape = (2,) + normalized[:-1] + (normalized[-1] + draw(st.integers(1, 2)),)
    elif kind == "too few dims":  # RuntimeError in forward
        arg, shape = (2,) + normalized, normalized
    elif kind == "empty":  # RuntimeError in forward
        arg = draw(st.sampled_from([(), []]))
    elif kind == "float":  # TypeError at construction
        arg = float(normalized[0])
    else:  # RuntimeError at construction: a negative size
        arg = (-normalized[0],) + normalized[1:]
    x = normal_array(rng_for(seed), shape, "float64")
    return Case(Ctor("LayerNorm", (arg,), {}), inputs=(x,), seed=seed, expect_error=True)


SPECS = [
    LayerSpec("GroupNorm", "normalization", groupnorm_cases, error_cases=groupnorm_error_cases,
              init=lambda: affine_init("GroupNorm", (3, 6), (6,)), has_params=True,
              hints={
                  "forward": "Per sample, each group of C / num_groups CONSECUTIVE channels is normalized "
                             "together with all its spatial positions (biased variance, eps inside the "
                             "sqrt); weight and bias are per channel, not per group.",
                  "input_grad": "Reshape to (N, G, -1): dx = (1 / sqrt(var + eps)) * (h - mean(h) - "
                                "x_hat * mean(h * x_hat)) per (sample, group), h = g * weight per channel.",
                  "param_grad": "dweight = sum of g * x_hat, dbias = sum of g, over the batch and spatial "
                                "dims (one value per channel); ADD into .grad.",
                  "state": "weight and bias of shape (num_channels,) when affine; no buffers.",
                  "errors": "num_channels not divisible by num_groups: ValueError at construction; "
                            "input channel mismatch or fewer than 2 dims: RuntimeError.",
                  "init": "weight starts at ones and bias at zeros.",
              }),
    LayerSpec("LayerNorm", "normalization", layernorm_cases, error_cases=layernorm_error_cases,
              init=lambda: affine_init("LayerNorm", ((2, 3),), (2, 3)), has_params=True,
              hints={
                  "forward": "Normalize over the LAST len(normalized_shape) dims (an int means one dim), "
                             "per leading index, biased variance, eps inside the sqrt; weight and bias "
                             "have shape normalized_shape.",
                  "input_grad": "dx = (1 / sqrt(var + eps)) * (h - mean(h) - x_hat * mean(h * x_hat)) over "
                                "the normalized dims, h = g * weight.",
                  "param_grad": "dweight = sum of g * x_hat, dbias = sum of g, over the leading dims; ADD "
                                "into .grad.",
                  "state": "weight/bias of shape normalized_shape (bias only with bias=True), none when "
                           "elementwise_affine=False; no buffers.",
                  "errors": "An input whose trailing dims are not normalized_shape, or an empty "
                            "normalized_shape, raises RuntimeError in forward.",
                  "init": "weight starts at ones and bias at zeros.",
              }),
]
