"""Registry entries for reference/padding.py: ConstantPad, ZeroPad, ReflectionPad, ReplicationPad and
CircularPad, each in 1d, 2d and 3d.

Pads are drawn per axis within the domain where torch's result is well defined, negative (cropping)
pads included: every output side >= 1; reflection pads < the side; circular pads <= what the
negative pads leave of the side (beyond that torch copies overlapping memory, an undefined result).
Sometimes the last side's output is 0 (``vanishing_pads``), where torch allows it.
"""
from __future__ import annotations

from hypothesis import strategies as st

from ..spec import Case, Ctor, LayerSpec
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds

MAX_SIDE = {1: 6, 2: 5, 3: 4}
KINDS = {"Constant": "constant", "Zero": "constant", "Reflection": "reflect",
         "Replication": "replicate", "Circular": "circular"}


PREFERRED_PADS = ((1, 2), (2, 0), (0, 1))  # the simplest example pads each axis differently


def _pad_choice(draw, lo: int, hi: int, preferred: int) -> int:
    """A pad in [lo, hi]; non-negative pads twice as likely as cropping ones; ``preferred``
    (clipped to the range) is hypothesis's simplest choice."""
    values = list(range(max(lo, 0), hi + 1)) * 2 + list(range(lo, min(hi, -1) + 1))
    return draw(st.sampled_from([min(max(preferred, lo), hi)] + values))


def draw_pads(draw, mode: str, n: int, preferred=(1, 2)) -> tuple:
    """(left, right) for a side of length n, inside the domain where torch is well defined."""
    if mode == "reflect":
        left = _pad_choice(draw, 1 - n, n - 1, preferred[0])
        return left, _pad_choice(draw, max(1 - n, 1 - n - left), n - 1, preferred[1])
    if mode == "replicate":
        left = _pad_choice(draw, -n, 4, preferred[0])
        return left, _pad_choice(draw, max(-n, 1 - n - left), 4, preferred[1])
    if mode == "constant":
        left = _pad_choice(draw, -n, 3, preferred[0])
        return left, _pad_choice(draw, max(max(-left, 0) - n, 1 - n - left), 3, preferred[1])
    left = _pad_choice(draw, 1 - n, n, preferred[0])  # circular
    if left >= 0:
        return left, _pad_choice(draw, max(1, left) - n, n, preferred[1])
    return left, _pad_choice(draw, 1 - n - left, n + left, preferred[1])


def vanishing_pads(draw, mode: str, n: int) -> tuple:
    """(left, right) for a side of length n that leave an output side of 0: valid in torch for
    circular padding (nothing left after cropping) and, when another padded side stays >= 1, for
    reflect and replicate."""
    if mode == "circular":
        cropped = draw(st.integers(0, n))
        return -cropped, cropped - n
    left = draw(st.integers(-n, n - 1 if mode == "reflect" else 2))
    return left, -n - left


def can_vanish(mode: str, dims: int) -> bool:
    """Whether an output side of 0 is drawn: torch's 3-D reflection backward leaves the input
    gradient uninitialized when the output is empty, and a 1-D reflect/replicate output of 0 is
    an error."""
    return mode == "circular" or (mode == "replicate" and dims > 1) or (mode == "reflect" and dims == 2)


def padding_arg(draw, pads: list):
    """An int when every pad agrees (half the time), else a tuple or a list."""
    if len(set(pads)) == 1 and draw(st.booleans()):
        return pads[0]
    return draw(st.sampled_from([tuple(pads), list(pads)]))


def pad_cases(kind: str, dims: int):
    mode = KINDS[kind]
    layer = f"{kind}Pad{dims}d"

    @st.composite
    def cases(draw):
        dtype, seed = draw(dtypes), draw(seeds)
        if mode == "constant":  # any rank >= dims; a shorter padding tuple pads fewer dims
            rank = draw(st.sampled_from([dims + 2, dims + 1, dims]))
            full = dims == 1 or draw(st.sampled_from([True, True, True, False]))
            padded_dims = dims if full else draw(st.integers(1, dims - 1))
        else:
            rank, padded_dims = draw(st.sampled_from([dims + 2, dims + 1])), dims
        shape = tuple(draw(st.sampled_from([2, 1, 3])) if i < rank - dims else
                      draw(st.sampled_from([4] + list(range(1, MAX_SIDE[dims] + 1)))) for i in range(rank))
        # sometimes an empty first dimension: fine for every mode as a batch, for constant and
        # circular padding also as the channels (reflect and replicate need them non-empty)
        empty_ok = rank > dims and (rank == dims + 2 or mode in ("constant", "circular"))
        if empty_ok and draw(st.sampled_from([False] * 5 + [True])):
            shape = (0,) + shape[1:]
        pads = []
        for axis in range(padded_dims):
            pads += draw_pads(draw, mode, shape[rank - 1 - axis], PREFERRED_PADS[axis])
        if can_vanish(mode, dims) and draw(st.sampled_from([False] * 5 + [True])):  # the last output side is 0
            pads[:2] = vanishing_pads(draw, mode, shape[-1])
        elif draw(st.sampled_from([False, False, True])):  # one pad for every side: an int padding
            same = draw(st.sampled_from([1, 2]))
            sides = [shape[rank - 1 - axis] for axis in range(padded_dims)]
            if mode in ("constant", "replicate") or min(sides) > same:
                pads = [same] * (2 * padded_dims)
        if padded_dims == dims:
            padding = padding_arg(draw, pads)
        else:
            padding = draw(st.sampled_from([tuple(pads), list(pads)]))
        args = (padding,)
        if kind == "Constant":
            args += (draw(st.sampled_from([2.25, 0.0, -1.5, 3, -0.5])),)
        x = normal_array(rng_for(seed), shape, dtype)
        return Case(Ctor(layer, args), inputs=(x,), dtype=dtype, seed=seed)
    return cases


def pad_errors(kind: str, dims: int):
    mode = KINDS[kind]
    layer = f"{kind}Pad{dims}d"

    @st.composite
    def cases(draw):
        seed = draw(seeds)
        n = 3
        shape = (2,) + (n,) * dims
        # the mode's own size rules first: hypothesis draws the first entries most often
        choices = {"constant": ["crop"], "reflect": ["negative_size", "too_big", "too_big_left", "no_channels"],
                   "circular": ["wrap", "crop_beyond"], "replicate": ["negative_size", "no_channels"]}[mode]
        choices += ["odd", "float"]
        choices += ["too_long"] if mode == "constant" else ["rank_low", "rank_high", "short_tuple"]
        if mode in ("reflect", "replicate") and dims == 1:
            choices.append("all_empty")
        choice = one_kind(draw, choices)
        padding = (1,) * (2 * dims)
        if choice == "odd":
            padding = (1,) * (2 * dims - 1)
        elif choice == "float":
            padding = draw(st.sampled_from([1.5, (1.0,) * (2 * dims)]))
        elif choice == "too_long":
            shape, padding = (n,) * dims, (1,) * (2 * dims + 2)
        elif choice == "rank_low":
            shape = (n,) * dims
        elif choice == "rank_high":
            shape = (1, 1) + shape
        elif choice == "short_tuple":  # pads for d-1 dims on a batched input (4 for 1d, unbatched)
            shape = (1,) + shape if dims > 1 else shape
            padding = (1,) * (2 * dims - 2) if dims > 1 else (1,) * 4
        elif choice == "crop":
            padding = (-n - 1, 2) + (0,) * (2 * dims - 2)
        elif choice == "negative_size":  # the last side's output is -1 (left alone would keep it >= 1)
            left = draw(st.integers(0, n - 1))
            padding = (left, -n - left - 1) + (0,) * (2 * dims - 2)
        elif choice == "no_channels":  # reflect and replicate need non-empty non-batch dimensions
            shape = draw(st.sampled_from([(2, 0) + (n,) * dims, (0,) + (n,) * dims]))
        elif choice == "too_big":
            padding = (0, n + draw(st.integers(0, 2))) + (0,) * (2 * dims - 2)
        elif choice == "too_big_left":  # reflection pads must stay below the size: n itself is too big
            padding = (n, 0) + (0,) * (2 * dims - 2)
        elif choice == "crop_beyond":  # both sides cropped: nothing (less than nothing) is left
            padding = (-2, -2) + (0,) * (2 * dims - 2)
        elif choice == "all_empty":  # a 1-d reflect/replicate output of size 0
            padding = (-n, 0)
        else:
            padding = (n + draw(st.integers(1, 2)), 0) + (0,) * (2 * dims - 2)
        args = (padding, 1.0) if kind == "Constant" else (padding,)
        x = normal_array(rng_for(seed), shape, "float64")
        return Case(Ctor(layer, args), inputs=(x,), seed=seed, expect_error=True)
    return cases


_HINTS = {
    "constant": {"forward": "padding is read from the last dimension backwards: (left, right, top, bottom, "
                            "front, back); negative pads crop; a shorter tuple pads fewer dimensions; the "
                            "fill is value (0 for ZeroPad) and the output keeps the input's dtype "
                            "(np.full(shape, value, dtype=input.dtype)).",
                 "input_grad": "The gradient of the kept input is the output gradient at its position.",
                 "errors": "An odd-length or too long padding tuple, or cropping more than a dimension "
                           "holds, raises RuntimeError; non-int pads raise TypeError."},
    "reflect": {"forward": "Reflect without repeating the edge: u < 0 -> -u, u >= n -> 2(n-1) - u, with "
                           "u = j - left; padding tuple from the last dimension backwards.",
                "input_grad": "Each input element's gradient sums the output gradients of all its copies.",
                "errors": "A pad >= the dimension or an output side < 0 (or all output sides 0) raises "
                          "RuntimeError; a wrong input rank or padding length raises NotImplementedError."},
    "replicate": {"forward": "Repeat the edge element: position u = j - left reads clip(u, 0, n-1); "
                             "padding tuple from the last dimension backwards.",
                  "input_grad": "Each input element's gradient sums the output gradients of all its copies "
                                "(the edges collect many).",
                  "errors": "An output side < 0 (or all output sides 0) raises RuntimeError; a wrong "
                            "input rank or padding length raises NotImplementedError."},
    "circular": {"forward": "Wrap around: crop by the negative pads first, then position j reads "
                            "c[(j - max(left, 0)) mod len(c)].",
                 "input_grad": "Each input element's gradient sums the output gradients of all its copies.",
                 "errors": "A pad larger than the dimension raises RuntimeError; a wrong input rank "
                           "raises ValueError."},
}

SPECS = [LayerSpec(f"{kind}Pad{d}d", "padding", pad_cases(kind, d), error_cases=pad_errors(kind, d),
                   hints=_HINTS[KINDS[kind]], examples={"errors": 16})
         for kind in ("Constant", "Zero", "Reflection", "Replication", "Circular") for d in (1, 2, 3)]


# The state hint of each parameterless layer (its own name in it; a new dict per spec, as some
# specs share their hints dict).
for _spec in SPECS:
    _spec.hints = {"state": f"{_spec.name} has no parameters or buffers: state_dict() is empty, "
                            "and padding is the same in eval mode and across repeated calls.", **_spec.hints}
