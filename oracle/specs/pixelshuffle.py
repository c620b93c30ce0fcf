"""Registry entries for reference/pixelshuffle.py: PixelShuffle, PixelUnshuffle."""
from __future__ import annotations

from hypothesis import strategies as st

from ..spec import Case, Ctor, LayerSpec
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds


def prefer(first, values) -> st.SearchStrategy:
    """Uniform over ``values``, with ``first`` as hypothesis's simplest choice (so the grading
    profile's first example already has r = 2 and several channels)."""
    return st.sampled_from([first] + [v for v in values if v != first])


def _lead(draw):
    """Any number (0-2) of leading dims before (C, H, W)."""
    return tuple(draw(st.integers(1, 2)) for _ in range(draw(st.integers(0, 2))))


@st.composite
def shuffle_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    r = draw(prefer(2, [1, 2, 3]))
    shape = _lead(draw) + (draw(prefer(2, [1, 2, 3])) * r * r, draw(prefer(2, [1, 2, 3, 4])),
                           draw(prefer(3, [1, 2, 3, 4])))
    x = normal_array(rng_for(seed), shape, dtype)
    return Case(Ctor("PixelShuffle", (r,)), inputs=(x,), dtype=dtype, seed=seed)


@st.composite
def unshuffle_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    r = draw(prefer(2, [1, 2, 3]))
    shape = _lead(draw) + (draw(prefer(2, [1, 2, 3])), draw(prefer(2, [1, 2, 3])) * r,
                           draw(prefer(3, [1, 2, 3])) * r)
    x = normal_array(rng_for(seed), shape, dtype)
    return Case(Ctor("PixelUnshuffle", (r,)), inputs=(x,), dtype=dtype, seed=seed)


def _errors(layer: str):
    @st.composite
    def cases(draw):
        seed = draw(seeds)
        # PixelUnshuffle checks H and W each: a W-only kind so that the sweep reaches it too.
        choice = one_kind(draw, ["rank", "factor", "float", "divisible"]
                          + (["width"] if layer == "PixelUnshuffle" else []))
        r, shape = 2, (2, 4, 4, 4)
        if choice == "rank":
            shape = (4, 4)
        elif choice == "factor":
            r = draw(st.sampled_from([0, -1, -2]))
        elif choice == "float":
            r = 2.0
        elif layer == "PixelShuffle":
            shape = (2, draw(st.sampled_from([2, 3, 5, 6])), 3, 3)
        elif choice == "width":
            shape = draw(st.sampled_from([(1, 4, 3), (2, 1, 2, 5)]))  # H divisible by 2, W not
        else:
            shape = draw(st.sampled_from([(1, 3, 4), (2, 1, 5, 5)]))
        x = normal_array(rng_for(seed), shape, "float64")
        return Case(Ctor(layer, (r,)), inputs=(x,), seed=seed, expect_error=True)
    return cases


SPECS = [
    LayerSpec("PixelShuffle", "pixelshuffle", shuffle_cases, error_cases=_errors("PixelShuffle"),
              hints={"forward": "y[..., c, h*r + i, w*r + j] = x[..., c*r*r + i*r + j, h, w]: reshape to "
                                "(*, C, r, r, H, W), move the r axes next to H and W, reshape back.",
                     "input_grad": "The gradient goes back through the inverse rearrangement.",
                     "errors": "rank < 3, channels not divisible by r^2 or r <= 0 raise RuntimeError; a "
                               "float factor raises TypeError."}),
    LayerSpec("PixelUnshuffle", "pixelshuffle", unshuffle_cases, error_cases=_errors("PixelUnshuffle"),
              examples={"errors": 30},  # 5 kinds of invalid input (H and W not divisible: one each)
              hints={"forward": "y[..., c*r*r + i*r + j, h, w] = x[..., c, h*r + i, w*r + j].",
                     "input_grad": "The gradient goes back through the inverse rearrangement (PixelShuffle).",
                     "errors": "rank < 3, H or W not divisible by r or r <= 0 raise RuntimeError; a float "
                               "factor raises TypeError."}),
]


# The state hint of each parameterless layer (its own name in it; a new dict per spec, as some
# specs share their hints dict).
for _spec in SPECS:
    _spec.hints = {"state": f"{_spec.name} has no parameters or buffers: state_dict() is empty, "
                            "and the rearrangement is the same in eval mode and across repeated calls.", **_spec.hints}
