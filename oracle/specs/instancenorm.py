"""Registry entries for reference/instancenorm.py: InstanceNorm1d, InstanceNorm2d, InstanceNorm3d."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..spec import Case, Ctor, LayerSpec
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds
from .batchnorm import STATE_EXAMPLES, affine_init, norm_input, norm_kwargs, running_stats_state

SPATIAL = {"InstanceNorm1d": 1, "InstanceNorm2d": 2, "InstanceNorm3d": 3}


def _spatial(draw, layer: str, min_size: int = 2) -> tuple:
    """Spatial sizes with more than one position in all (instance statistics need 2+ values)."""
    spatial = tuple(draw(st.integers(1, 4)) for _ in range(SPATIAL[layer]))
    if int(np.prod(spatial)) < min_size:
        spatial = spatial[:-1] + (draw(st.integers(2, 4)),)
    return spatial


def instancenorm_cases(layer: str):
    @st.composite
    def cases(draw):
        dtype, seed = draw(dtypes), draw(seeds)
        channels = draw(st.integers(1, 4))
        kwargs = norm_kwargs(draw, track_default=False)
        batch = draw(st.sampled_from([(), (1,), (2,), (3,), (4,)]))  # () is an unbatched input
        shape = batch + (channels,) + _spatial(draw, layer)
        constant = draw(st.integers(0, 3)) == 0  # some (sample, channel) slices constant
        x = norm_input(rng_for(seed), shape, dtype, len(batch) + 1, constant)
        train = draw(st.integers(0, 2)) > 0
        return Case(Ctor(layer, (channels,), kwargs), inputs=(x,), dtype=dtype, seed=seed, train=train)

    return cases


def instancenorm_error_cases(layer: str):
    unbatched = SPATIAL[layer] + 1

    @st.composite
    def cases(draw):
        seed = draw(seeds)
        channels = draw(st.integers(1, 4))
        kind = one_kind(draw, ["ndim", "one position", "affine channels", "tracked channels"])
        kwargs = {}
        shape = (2, channels) + _spatial(draw, layer)
        if kind == "ndim":  # ValueError
            ndim = draw(st.integers(1, 5).filter(lambda n: n not in (unbatched, unbatched + 1)))
            shape = (channels,) + (2,) * (ndim - 1)
        elif kind == "one position":  # ValueError: instance statistics of a single value
            shape = draw(st.sampled_from([(2, channels), (channels,)])) + (1,) * SPATIAL[layer]
            kwargs = draw(st.sampled_from([{}, {"affine": True}]))
        elif kind == "affine channels":  # ValueError
            shape = (2, channels + draw(st.integers(1, 3))) + shape[2:]
            kwargs = {"affine": True, "track_running_stats": draw(st.booleans())}
        else:  # RuntimeError: running_mean of another size (after a UserWarning)
            shape = (2, channels + draw(st.integers(1, 3))) + shape[2:]
            kwargs = {"track_running_stats": True}
        x = normal_array(rng_for(seed), shape, "float64")
        return Case(Ctor(layer, (channels,), kwargs), inputs=(x,), seed=seed, expect_error=True)

    return cases


HINTS = {
    "forward": "Normalize each (sample, channel) over its spatial positions only, with the BIASED "
               "variance inside the sqrt; an unbatched input (no N dim) is a batch of one; eval mode "
               "with track_running_stats=True uses running_mean/running_var instead.",
    "input_grad": "With instance statistics, per (sample, channel): dx = w / sqrt(var + eps) * "
                  "(g - mean(g) - x_hat * mean(g * x_hat)) over the spatial positions; with running "
                  "statistics dx = g * w / sqrt(running_var + eps).",
    "param_grad": "dweight = sum of g * x_hat, dbias = sum of g, over the batch and spatial dims; ADD "
                  "into .grad.",
    "state": "Defaults are affine=False, track_running_stats=False (no buffers in state_dict). When "
             "tracking, a training step updates running_mean with the batch mean of the instance means "
             "and running_var with the batch mean of the instance UNBIASED variances; momentum=None "
             "leaves them unchanged; num_batches_tracked is never incremented.",
    "errors": "Wrong ndim or a single spatial position in training: ValueError; a channel count other "
              "than num_features: ValueError with affine, RuntimeError with running stats.",
    "init": "With affine=True, weight starts at ones and bias at zeros.",
}

SPECS = [
    LayerSpec(name, "instancenorm", instancenorm_cases(name), error_cases=instancenorm_error_cases(name),
              init=lambda name=name: affine_init(name, (6,), (6,), {"affine": True}), has_params=True,
              hints=HINTS, prepare_state=running_stats_state, examples=STATE_EXAMPLES)
    for name in SPATIAL
]
