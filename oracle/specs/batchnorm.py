"""Registry entries for reference/batchnorm.py: BatchNorm1d, BatchNorm2d, BatchNorm3d.

Also the drawing helpers the other normalization specs (normalization.py, instancenorm.py) share.
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..spec import Case, Ctor, InitSpec, LayerSpec
from ..strategies import dtypes, kwargs_subset, normal_array, one_kind, rng_for, seeds

#: eps over its whole useful range: large values make "eps outside the sqrt" bugs visible.
EPS = st.one_of(st.sampled_from([1e-5, 1e-3, 0.1, 1.0]), st.floats(1e-5, 1.0))
#: momentum: None (cumulative average for BatchNorm), the edges 0 and 1, and anything between.
MOMENTA = st.one_of(st.sampled_from([None, 0.0, 0.1, 1.0]), st.floats(0.0, 1.0))
#: Constants for constant slices (variance exactly 0): zero and small powers of two, so the mean
#: is exact everywhere. Small, because torch computes y = x * a + (bias - mean * a) with
#: a = weight / sqrt(var + eps) and a fused multiply-add: the output of a constant slice carries
#: the rounding error of c * a, ~ulp(|c| * 316) for eps = 1e-5 (6e-5 for c = 4 in float32).
CONSTANTS = np.array([0.0, 0.03125, -0.0625, 0.125])


def norm_input(rng: np.random.Generator, shape: tuple, dtype: str, group_axes: int, constant: bool):
    """Input ~ N(offset, scale^2), normalized over rows: the array with its first ``group_axes``
    dims flattened into rows and the rest into columns.

    With ``constant``, about half the rows are set to a constant (variance exactly 0: eps alone
    keeps x_hat finite); rows of a single value are always constant. Other rows are kept at a
    standard deviation of at least 0.25: torch computes x * inv_std + (-mean * inv_std) with a
    fused multiply-add, whose rounding error, ~ulp(|x| * inv_std), grows past the float32
    tolerance when a row is nearly constant (inv_std up to 1/sqrt(eps) = 316) yet far from 0.
    """
    rows = rng.standard_normal(shape).reshape(int(np.prod(shape[:group_axes], dtype=np.int64)), -1)
    rows = rows * rng.choice([0.5, 1.0, 3.0]) + rng.uniform(-1.0, 1.0)
    if rows.shape[1] > 1:
        ramp = np.arange(rows.shape[1]) - (rows.shape[1] - 1) / 2
        rows[rows.std(axis=1) < 0.25] += ramp
    if rows.shape[1] == 1:  # a single value is a constant row anyway: make it an exact constant
        chosen = np.ones(rows.shape[0], dtype=bool)
    else:
        chosen = (rng.random(rows.shape[0]) < 0.5) & constant
    rows[chosen] = rng.choice(CONSTANTS, size=(int(chosen.sum()), 1))
    return rows.reshape(shape).astype(dtype)


def running_stats_state(case: Case, tensors: dict, rng: np.random.Generator) -> dict:
    """Non-trivial buffers: random running_mean, positive running_var ~ U(0.5, 2) and a random
    num_batches_tracked (so momentum=None's cumulative average factor 1/(k+1) is observable)."""
    tensors = dict(tensors)
    if "running_mean" in tensors:
        size = tensors["running_mean"].shape
        tensors["running_mean"] = rng.standard_normal(size).astype(case.dtype)
        tensors["running_var"] = rng.uniform(0.5, 2.0, size).astype(case.dtype)
        tensors["num_batches_tracked"] = np.array(rng.integers(0, 10), dtype=np.int64)
    return tensors


def norm_kwargs(draw, *, momentum: bool = True, track: bool = True, track_default: bool = True) -> dict:
    """Constructor keyword arguments of a normalization layer, each left out at random."""
    kwargs = {"eps": draw(EPS)}
    if momentum:
        kwargs["momentum"] = draw(MOMENTA)
    kwargs["affine"] = draw(st.booleans())
    kwargs["bias"] = draw(st.booleans())
    kwargs = kwargs_subset(draw, kwargs)
    if track:  # tracked 2 times in 3 (whatever the default), so running statistics are well graded
        tracked = draw(st.sampled_from([True, True, False]))
        if draw(st.booleans()) or tracked != track_default:
            kwargs["track_running_stats"] = tracked
    return kwargs


def affine_init(name: str, args: tuple, shape: tuple, kwargs: dict | None = None,
                running_stats: bool = False) -> list:
    """Default init of an affine normalization layer: weight all ones, bias all zeros; with
    ``running_stats`` also the initial buffers (the other checks load the reference's buffers
    first, so only this check sees a wrong initial running_var or num_batches_tracked)."""
    expected = {"weight": np.ones(shape), "bias": np.zeros(shape)}
    if running_stats:
        expected |= {"running_mean": np.zeros(shape), "running_var": np.ones(shape), "num_batches_tracked": 0}
    return [InitSpec(expected, ctor=Ctor(name, args, kwargs or {}))]


SPATIAL_DIMS = {"BatchNorm1d": (0, 1), "BatchNorm2d": (2,), "BatchNorm3d": (3,)}


def _batch_shape(draw, layer: str, channels: int, max_side: int) -> tuple:
    spatial = tuple(draw(st.integers(1, max_side)) for _ in range(draw(st.sampled_from(SPATIAL_DIMS[layer]))))
    batch = draw(st.integers(1, 5))
    if batch * int(np.prod(spatial, dtype=np.int64)) == 1:  # batch statistics need 2+ values per channel
        batch = draw(st.integers(2, 5))
    return (batch, channels) + spatial


def batchnorm_cases(layer: str):
    max_side = {"BatchNorm1d": 4, "BatchNorm2d": 3, "BatchNorm3d": 2}[layer]

    @st.composite
    def cases(draw):
        dtype, seed = draw(dtypes), draw(seeds)
        channels = draw(st.integers(1, 4))
        kwargs = norm_kwargs(draw)
        shape = _batch_shape(draw, layer, channels, max_side)
        constant = draw(st.integers(0, 3)) == 0  # some channels constant: variance exactly 0
        x = norm_input(rng_for(seed), (channels,) + shape[:1] + shape[2:], dtype, 1, constant)
        x = np.ascontiguousarray(np.moveaxis(x, 0, 1))
        train = draw(st.integers(0, 2)) > 0
        if seed != 0 and draw(st.integers(0, 7)) == 0:  # now and then no channels: valid without
            # affine parameters (empty output); never for seed 0: the simplest example stays ordinary
            channels, kwargs["affine"] = 0, False
            x = np.zeros((shape[0], 0) + shape[2:], dtype=dtype)
        return Case(Ctor(layer, (channels,), kwargs), inputs=(x,), dtype=dtype, seed=seed, train=train)

    return cases


def batchnorm_error_cases(layer: str):
    good_ndims = {"BatchNorm1d": (2, 3), "BatchNorm2d": (4,), "BatchNorm3d": (5,)}[layer]

    @st.composite
    def cases(draw):
        seed = draw(seeds)
        rng = rng_for(seed)
        channels = draw(st.integers(1, 4))
        kind = one_kind(draw, ["ndim", "one value", "eps", "channels", "negative", "no channels", "eval eps"])
        kwargs, train = {}, True
        shape = _batch_shape(draw, layer, channels, 2)
        if kind == "ndim":  # ValueError
            ndim = draw(st.integers(1, 6).filter(lambda n: n not in good_ndims))
            shape = (2, channels) + (2,) * (ndim - 2) if ndim >= 2 else (channels,)
        elif kind == "one value":  # ValueError: batch statistics of a single value per channel
            shape = (1, channels) + (1,) * (len(shape) - 2)
            kwargs["track_running_stats"] = draw(st.booleans())
        elif kind == "eps":  # ValueError: eps must be positive in training
            kwargs["eps"] = draw(st.sampled_from([0.0, -1e-5, -1.0]))
        elif kind == "channels":  # RuntimeError: running_mean / weight of another size
            shape = (shape[0], channels + draw(st.integers(1, 3))) + shape[2:]
            kwargs.update(draw(st.sampled_from([{}, {"affine": False}, {"track_running_stats": False}])))
        elif kind == "negative":  # RuntimeError: a negative size, for the parameters or the buffers
            channels = -draw(st.sampled_from([1, channels]))
            kwargs.update(draw(st.sampled_from([{"affine": False}, {"track_running_stats": False}, {}])))
        elif kind == "eval eps":  # eval mode with running stats: eps = 0 is allowed (the channel
            # mismatch raises RuntimeError), eps < 0 raises ValueError
            shape = (shape[0], channels + 1) + shape[2:]
            kwargs["eps"], train = draw(st.sampled_from([0.0, -1e-5])), False
        else:  # IndexError: affine parameters of size 0 (torch's kernel reads weight[0])
            channels, shape = 0, (shape[0], 0) + shape[2:]
            kwargs.update(draw(st.sampled_from([{}, {"track_running_stats": False}, {"bias": False}])))
        x = normal_array(rng, shape, "float64")
        return Case(Ctor(layer, (channels,), kwargs), inputs=(x,), seed=seed, expect_error=True, train=train)

    return cases


#: Grading examples of the state check, the only one that sees the running statistics (momentum,
#: None's cumulative average, unbiased running_var, num_batches_tracked): more than the default.
STATE_EXAMPLES = {"state": 25}
#: BatchNorm's: also more errors examples (6 kinds of invalid argument or input, some with variants).
EXAMPLES = STATE_EXAMPLES | {"errors": 20}

HINTS = {
    "forward": "Training mode (and eval mode without tracked stats) normalizes with the batch mean and "
               "the BIASED variance over every dim but 1, inside the sqrt: (x - mean) / sqrt(var + eps); "
               "eval mode with tracked stats uses running_mean/running_var.",
    "input_grad": "With batch statistics the mean and variance depend on x: "
                  "dx = w / sqrt(var + eps) * (g - mean(g) - x_hat * mean(g * x_hat)); with running "
                  "statistics (eval) dx = g * w / sqrt(running_var + eps).",
    "param_grad": "dweight = sum of g * x_hat, dbias = sum of g, over every dim but 1; ADD into .grad.",
    "state": "Buffers running_mean, running_var, num_batches_tracked (int64), None when "
             "track_running_stats=False; a training step does running = (1 - momentum) * running + "
             "momentum * batch_stat with the UNBIASED variance, num_batches_tracked += 1, and "
             "momentum=None uses 1 / num_batches_tracked; eval mode changes nothing.",
    "errors": "Wrong ndim, one value per channel in training, eps <= 0 in training: ValueError; "
              "a channel count other than num_features: RuntimeError; num_features=0 with affine "
              "parameters: IndexError in forward (valid without them).",
    "init": "weight starts at ones and bias at zeros.",
}

SPECS = [
    LayerSpec(name, "batchnorm", batchnorm_cases(name), error_cases=batchnorm_error_cases(name),
              init=lambda name=name: affine_init(name, (6,), (6,), running_stats=True), has_params=True,
              hints=HINTS, prepare_state=running_stats_state, examples=EXAMPLES)
    for name in ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d")
]
