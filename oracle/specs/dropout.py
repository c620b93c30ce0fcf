"""Registry entries for reference/dropout.py: Dropout, Dropout1d, Dropout2d, AlphaDropout.

Their training-mode output is random, so the forward and input_grad checks test properties
(oracle/dropout_properties.py: the two possible values, whole-channel masks, the drop rate by
an exact binomial test, backward reusing the forward's mask) instead of comparing values; eval
mode, p = 0 and p = 1 are deterministic and compared by value. A third of the cases draw about
2000 elements (or channels) so the rate test has power.
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ..dropout_properties import SELU_SCALE_ALPHA, dropout_properties
from ..properties import PROPERTIES
from ..spec import Case, Ctor, LayerSpec
from ..strategies import dtypes, one_kind, rng_for, seeds, shapes

#: Shapes large enough for the rate test (about 2000 mask units), per layer.
LARGE_SHAPES = {
    "Dropout": [(2000,), (40, 50), (10, 20, 10)],
    "AlphaDropout": [(2000,), (40, 50), (10, 20, 10)],
    "Dropout1d": [(40, 50, 2), (1500, 2), (50, 40, 1)],
    "Dropout2d": [(40, 50, 1, 2), (30, 60, 2), (40, 50, 1, 1, 2), (2000, 1)],
}


def dropout_input(rng, shape, dtype: str, layer: str) -> np.ndarray:
    """N(0, 1)-like values kept at least 0.1 away from 0 (so a kept value is never mistaken for a
    dropped 0) and, for AlphaDropout, from -1.758 (where kept and dropped values would meet)."""
    z = rng.standard_normal(shape)
    x = np.where(z < 0, z - 0.1, z + 0.1)
    if layer == "AlphaDropout":
        x = np.where(np.abs(x + SELU_SCALE_ALPHA) < 0.1, x + 0.2, x)
    return np.asarray(x, dtype=dtype)


def dropout_p(draw) -> float:
    return draw(st.one_of(st.sampled_from([0.0, 1.0, 0, 1, 0.5, 0.1, 0.9]), st.floats(0.0, 1.0)))


def small_shape(draw, layer: str) -> tuple:
    if layer == "Dropout1d":
        return shapes(draw, min_dims=2, max_dims=3, min_side=draw(st.sampled_from([1, 1, 1, 0])))
    if layer == "Dropout2d":
        return shapes(draw, min_dims=2, max_dims=5, min_side=draw(st.sampled_from([1, 1, 1, 0])), max_side=4)
    return shapes(draw, min_dims=0, max_dims=4, min_side=draw(st.sampled_from([1, 1, 1, 0])))


def low_rank_input(draw) -> tuple:
    """(shape, p) of a 0-d or 1-d input to Dropout2d that torch accepts in both modes: no mask is
    drawn, because p is 0 or 1 or the input is empty (a mask would need a channel dimension)."""
    shape = draw(st.sampled_from([(0,), (), (4,), (0,), (1,)]))
    p = draw(st.floats(0.01, 0.99)) if 0 in shape else draw(st.sampled_from([0.0, 0, 1.0, 1]))
    return shape, p


def dropout_cases(layer: str):
    @st.composite
    def cases(draw):
        dtype, seed = draw(dtypes), draw(seeds)
        low_rank = layer == "Dropout2d" and draw(st.integers(0, 2)) == 0
        if low_rank:
            shape, p = low_rank_input(draw)
        else:
            p = dropout_p(draw)
        inplace = draw(st.booleans())
        form = draw(st.sampled_from(["positional", "keywords", "p only"] + ([] if low_rank else ["defaults"])))
        if form == "positional":
            args, kwargs = (p, inplace), {}
        elif form == "keywords":
            args, kwargs = (), {"inplace": inplace, "p": p}
        elif form == "p only":
            args, kwargs = (p,), {}
        else:
            args, kwargs = (), {}
        if not low_rank:
            large = draw(st.integers(0, 2)) == 0
            shape = draw(st.sampled_from(LARGE_SHAPES[layer])) if large else small_shape(draw, layer)
        x = dropout_input(rng_for(seed), shape, dtype, layer)
        train = draw(st.integers(0, 4)) > 0
        return Case(Ctor(layer, args, kwargs), inputs=(x,), dtype=dtype, seed=seed, train=train)

    return cases


def dropout_error_cases(layer: str):
    @st.composite
    def cases(draw):
        seed = draw(seeds)
        rng = rng_for(seed)
        bad_p = draw(st.one_of(st.floats(-10.0, -1e-6), st.floats(1.000001, 10.0)))
        options = [Case(Ctor(layer, (bad_p,)), inputs=(dropout_input(rng, (2, 3, 4), "float64", layer),),
                        seed=seed, expect_error=True)]
        if layer == "Dropout1d":
            # Any rank other than 2 or 3 raises, whatever p.
            shape = draw(st.sampled_from([(), (4,), (2, 3, 4, 2), (1, 2, 1, 2, 1)]))
            options.append(Case(Ctor(layer, (draw(st.floats(0.0, 1.0)),)),
                                inputs=(dropout_input(rng, shape, "float64", layer),), seed=seed, expect_error=True))
        if layer == "Dropout2d":
            # A 1-D input has no channel dimension: an error once a mask is drawn (0 < p < 1).
            p = draw(st.floats(0.01, 0.99))
            options.append(Case(Ctor(layer, (p,)), inputs=(dropout_input(rng, (5,), "float64", layer),),
                                seed=seed, expect_error=True))
        return one_kind(draw, options)

    return cases


HINTS = {
    "Dropout": {
        "forward": "In training, each element is zeroed with probability p and the others are scaled by "
                   "1/(1-p) (so the expected output equals the input); draw a new mask at every call; "
                   "eval mode is the identity; p=0 the identity, p=1 zeros.",
        "input_grad": "backward multiplies the upstream gradient by the same mask/(1-p) the latest forward "
                      "used (keep the mask from forward).",
    },
    "Dropout1d": {
        "forward": "Dropout1d drops whole channels: one Bernoulli draw per (n, c) (per c for an unbatched "
                   "(C, L) input), shared by all L positions, kept channels scaled by 1/(1-p).",
        "input_grad": "backward multiplies the upstream gradient by the channel mask/(1-p) of the latest forward.",
        "errors": "Inputs that are not 2-D or 3-D raise RuntimeError (also in eval mode); p outside [0, 1] "
                  "raises ValueError.",
    },
    "Dropout2d": {
        "forward": "Dropout2d drops whole channels: one Bernoulli draw per (n, c) shared by every spatial "
                   "position; the first two dims are always (N, C), also for 3-D (read as (N, C, L)) and "
                   "2-D/5-D inputs (torch warns).",
        "input_grad": "backward multiplies the upstream gradient by the channel mask/(1-p) of the latest forward.",
        "errors": "A 1-D input in training with 0 < p < 1 raises RuntimeError (no channel dimension); p "
                  "outside [0, 1] raises ValueError.",
    },
    "AlphaDropout": {
        "forward": "Dropped elements become -1.7580993408473766 (SELU's saturation) and then everything goes "
                   "through y = a*v + b with a = ((1-p)(1 + p*1.758...^2))^-1/2 and b = 1.758...*a*p; eval mode, "
                   "p=0: the identity; p=1: zeros; inplace is accepted but ignored, as torch.",
        "input_grad": "backward is g * a where the element was kept and 0 where dropped, with the mask of "
                      "the latest forward.",
    },
}

COMMON_ERRORS_HINT = "p outside [0, 1] raises ValueError, as torch."

SPECS = []
for _layer in ("Dropout", "Dropout1d", "Dropout2d", "AlphaDropout"):
    PROPERTIES[_layer] = dropout_properties(_layer)
    SPECS.append(LayerSpec(
        _layer, "dropout", dropout_cases(_layer), error_cases=dropout_error_cases(_layer),
        property_checks=("forward", "input_grad"),
        hints={"errors": COMMON_ERRORS_HINT, **HINTS[_layer]}))


# The state hint of each dropout layer: the train/eval switch.
for _spec in SPECS:
    _spec.hints = {"state": f"{_spec.name} is active only in training mode: after eval() it returns its input "
                            "unchanged (no mask, no scaling); it has no parameters or buffers.",
                   **_spec.hints}
