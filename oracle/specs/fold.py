"""Registry entries for reference/fold.py: Unfold (im2col) and Fold (col2im).

Arguments are drawn over their whole range (int or asymmetric 2-tuples, kernels of odd and even
size, dilation and stride > 1 together, padding up to 3 so blocks straddle the border, block grids
of one block), batched and unbatched, both dtypes. Unfold/Fold are linear: no kinks.
"""
from __future__ import annotations

import math

from hypothesis import strategies as st

from ..spec import Case, Ctor, LayerSpec
from ..strategies import ctor_call, dtypes, normal_array, one_kind, rng_for, seeds

MAX_SIDE = 9


def _pair(draw, low, high) -> tuple:
    return draw(st.integers(low, high)), draw(st.integers(low, high))


def _as_arg(draw, pair: tuple):
    """The pair, or the plain int when both entries are equal (at random)."""
    return pair[0] if pair[0] == pair[1] and draw(st.booleans()) else pair


@st.composite
def block_config(draw):
    """kernel_size, dilation, padding, stride (pairs) and the ctor kwargs that spell them
    (defaults left out at random)."""
    kernel = _pair(draw, 1, 4)
    dilation = tuple(min(draw(st.sampled_from([1, 1, 2, 3])), max(1, (MAX_SIDE - 1) // max(k - 1, 1)))
                     for k in kernel)
    padding, stride = _pair(draw, 0, 3), tuple(draw(st.sampled_from([1, 1, 2, 3])) for _ in range(2))
    kwargs = {}
    for name, value, default in (("dilation", dilation, 1), ("padding", padding, 0), ("stride", stride, 1)):
        if value != (default, default) or draw(st.booleans()):
            kwargs[name] = _as_arg(draw, value)
    return kernel, dilation, padding, stride, kwargs


def _sides(draw, kernel, dilation, padding) -> tuple:
    """Spatial sides holding at least one block; the smallest valid side a quarter of the time."""
    sides = []
    for k, d, p in zip(kernel, dilation, padding):
        low = max(1, d * (k - 1) + 1 - 2 * p)
        at_minimum = draw(st.sampled_from([False, False, False, True]))  # (hypothesis favours low integers)
        sides.append(low if at_minimum else draw(st.integers(min(low + 1, MAX_SIDE), max(low, MAX_SIDE))))
    return tuple(sides)


def _blocks(sides, kernel, dilation, padding, stride) -> tuple:
    return tuple((s + 2 * p - d * (k - 1) - 1) // st + 1
                 for s, k, d, p, st in zip(sides, kernel, dilation, padding, stride))


def _lead(draw, empty_batch: bool = False) -> tuple:
    """(N,) for a batched input, () for an unbatched one (a quarter of the time); with
    ``empty_batch``, (0,) a quarter of the time (torch accepts an empty batch, not other empty dims)."""
    kind = draw(st.sampled_from(["batched", "batched", "unbatched", "empty" if empty_batch else "batched"]))
    return {"batched": (draw(st.integers(1, 3)),), "unbatched": (), "empty": (0,)}[kind]


#: torch's positional order of the block arguments (after Fold's output_size)
UNFOLD_ORDER = ("kernel_size", "dilation", "padding", "stride")


@st.composite
def unfold_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    kernel, dilation, padding, _, kwargs = draw(block_config())
    shape = _lead(draw, empty_batch=True) + (draw(st.integers(1, 3)),) + _sides(draw, kernel, dilation, padding)
    x = normal_array(rng_for(seed), shape, dtype)
    # a random prefix of the arguments passed positionally: Unfold(kernel_size, dilation, padding,
    # stride) is not Conv2d's order (stride, padding, dilation)
    ctor = ctor_call(draw, "Unfold", UNFOLD_ORDER, {"kernel_size": _as_arg(draw, kernel), **kwargs})
    return Case(ctor, inputs=(x,), dtype=dtype, seed=seed)


@st.composite
def fold_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    kernel, dilation, padding, stride, kwargs = draw(block_config())
    sides = _sides(draw, kernel, dilation, padding)
    length = math.prod(_blocks(sides, kernel, dilation, padding, stride))
    shape = _lead(draw, empty_batch=True) + (draw(st.integers(1, 3)) * math.prod(kernel), length)
    x = normal_array(rng_for(seed), shape, dtype)
    values = {"output_size": _as_arg(draw, sides), "kernel_size": _as_arg(draw, kernel), **kwargs}
    return Case(ctor_call(draw, "Fold", ("output_size",) + UNFOLD_ORDER, values), inputs=(x,), dtype=dtype,
                seed=seed)


#: the invalid block arguments, each its own error kind (all RuntimeError, as torch's im2col/col2im);
#: the first value of each is the boundary (0 stride/dilation/kernel, padding -1)
ARGUMENT_FAULTS = ["kernel", "stride", "dilation", "padding", "length1", "length3"]


def _broken_block_argument(draw, fault, kwargs, kernel_arg):
    """Replace one block argument by an invalid value, as ``fault`` (one of ARGUMENT_FAULTS) says."""
    if fault == "kernel":
        kernel_arg = draw(st.sampled_from([0, (0, 2), (2, -1)]))
    elif fault == "stride":
        kwargs["stride"] = draw(st.sampled_from([0, -1, (1, 0)]))
    elif fault == "dilation":
        kwargs["dilation"] = draw(st.sampled_from([0, (0, 1), (2, -2)]))
    elif fault == "padding":
        kwargs["padding"] = draw(st.sampled_from([-1, (0, -1)]))
    else:  # a tuple that is not a pair
        name = draw(st.sampled_from(["kernel_size", "dilation", "padding", "stride"]))
        value = (1,) if fault == "length1" else (1, 1, 1)
        if name == "kernel_size":
            kernel_arg = value
        else:
            kwargs[name] = value
    return kwargs, kernel_arg


@st.composite
def unfold_error_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    kernel, dilation, padding, stride, kwargs = draw(block_config())
    shape = _lead(draw) + (draw(st.integers(1, 3)),) + _sides(draw, kernel, dilation, padding)
    kernel_arg = _as_arg(draw, kernel)
    fault = one_kind(draw, ARGUMENT_FAULTS + ["too_small", "rank_low", "rank_high", "no_channels"])
    if fault in ARGUMENT_FAULTS:  # RuntimeError
        kwargs, kernel_arg = _broken_block_argument(draw, fault, kwargs, kernel_arg)
        if fault == "padding":  # sides where blocks would fit even cropped by 1: only the sign is wrong
            shape = shape[:-2] + tuple(d * (k - 1) + 3 for k, d in zip(kernel, dilation))
    elif fault == "too_small":  # RuntimeError: no block fits the padded side (L would be 0)
        kwargs.pop("dilation", None)
        # padding counts twice: a kernel 1 wider than side + 2 pad (side >= 2 first: side + pad alone,
        # or pad + 2 side, would then fit it)
        pad = draw(st.sampled_from([1, 0, 2]))
        kwargs["padding"] = pad
        shape = shape[:-2] + (kernel[0], draw(st.sampled_from([2, 3, 1])))
        kernel_arg = (kernel[0], shape[-1] + 2 * pad + draw(st.integers(1, 2)))
    elif fault == "rank_low":  # IndexError (torch indexes dim -3 of a 1-D/2-D input)
        shape = shape[-draw(st.sampled_from([2, 1])):]
    elif fault == "rank_high":  # RuntimeError
        shape = (1,) * (5 - len(shape) + draw(st.integers(0, 1))) + shape
    elif fault == "no_channels":  # RuntimeError
        shape = shape[:-3] + (0,) + shape[-2:]
    x = normal_array(rng_for(seed), shape, dtype)
    return Case(Ctor("Unfold", (kernel_arg,), kwargs), inputs=(x,), dtype=dtype, seed=seed, expect_error=True)


@st.composite
def fold_error_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    kernel, dilation, padding, stride, kwargs = draw(block_config())
    sides = _sides(draw, kernel, dilation, padding)
    length = math.prod(_blocks(sides, kernel, dilation, padding, stride))
    lead, rows = _lead(draw), draw(st.integers(1, 3)) * math.prod(kernel)
    kernel_arg, output_size = _as_arg(draw, kernel), _as_arg(draw, sides)
    fault = one_kind(draw, ARGUMENT_FAULTS + ["length", "rows", "rank", "empty", "no_rows", "output_too_small",
                                              "output_size_length"])
    if fault in ARGUMENT_FAULTS:  # RuntimeError
        kwargs, kernel_arg = _broken_block_argument(draw, fault, kwargs, kernel_arg)
    elif fault == "length":  # RuntimeError: L is not the number of blocks
        length += draw(st.sampled_from([-1, 1, 2])) if length > 1 else draw(st.integers(1, 2))
    elif fault == "rows":  # RuntimeError: C * prod(kernel_size) does not divide
        rows, kernel_arg = 5 * 7, (2, 3)
    elif fault == "rank":  # RuntimeError: only 2-D or 3-D inputs
        lead, rows = draw(st.sampled_from([((), None), ((1, 1), rows), ((2, 1), rows)]))
    elif fault == "empty":  # RuntimeError: zero-size non-batch dims (no blocks)
        length = 0
    elif fault == "no_rows":  # RuntimeError: zero-size non-batch dims (no channels; 0 % k == 0 would pass)
        rows = 0
    elif fault == "output_too_small":  # RuntimeError: no block fits the (padded) output
        kwargs.pop("dilation", None)
        kwargs["padding"] = 0
        output_size = (kernel[0], draw(st.integers(1, 3)))
        kernel_arg = (kernel[0], output_size[1] + draw(st.integers(1, 2)))
        rows = math.prod(kernel_arg)
    elif fault == "output_size_length":  # RuntimeError
        output_size = (sides + sides)[:draw(st.sampled_from([1, 3]))]
    shape = lead + ((rows,) if rows is not None else ()) + (length,)
    x = normal_array(rng_for(seed), shape, dtype)
    return Case(Ctor("Fold", (output_size, kernel_arg), kwargs), inputs=(x,), dtype=dtype, seed=seed,
                expect_error=True)


SPECS = [
    LayerSpec("Unfold", "fold", unfold_cases, error_cases=unfold_error_cases,
              hints={"forward": "Output column l is block l (row by row over the block grid); its rows are "
                                "ordered (channel, kernel row, kernel column): x_pad[n, c, o_h * s + i * d, "
                                "o_w * s + j * d]. L = prod floor((size + 2 * padding - dilation * (k - 1) - 1) "
                                "/ stride) + 1. Unbatched (C, H, W) inputs give (C * kh * kw, L). Positional "
                                "order: (kernel_size, dilation, padding, stride), not Conv2d's.",
                     "input_grad": "Each column entry's gradient is ADDED to the pixel it was copied from "
                                   "(overlapping blocks sum); drop the padding at the end (this is Fold).",
                     "errors": "Non-positive kernel_size/stride/dilation, negative padding, a kernel that does not "
                               "fit, tuples that are not pairs, 5-D or channel-less inputs raise RuntimeError; "
                               "inputs with fewer than 3 dims raise IndexError, as torch."}),
    LayerSpec("Fold", "fold", fold_cases, error_cases=fold_error_cases,
              hints={"forward": "Fold sums column entries into their pixels (overlaps add up), the adjoint of "
                                "Unfold with the same arguments; crop the padding. Input (N, C * kh * kw, L) or "
                                "unbatched (C * kh * kw, L). Positional order: (output_size, kernel_size, "
                                "dilation, padding, stride), not Conv2d's (stride, padding, dilation).",
                     "input_grad": "The gradient of a column entry is the output gradient at the pixel it was "
                                   "added to (this is Unfold of the output gradient).",
                     "errors": "L must equal the number of blocks of the padded output_size and the channel dim "
                               "must be divisible by kh * kw (RuntimeError); only 2-D/3-D non-empty inputs; "
                               "invalid block arguments raise RuntimeError, as torch."}),
]


# The state hint of each parameterless layer (its own name in it; a new dict per spec, as some
# specs share their hints dict).
for _spec in SPECS:
    _spec.hints = {"state": f"{_spec.name} has no parameters or buffers: state_dict() is empty, "
                            "and eval() changes nothing: the block rearrangement is the same in both modes.", **_spec.hints}
