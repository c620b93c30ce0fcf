"""Registry entries for reference/upsampling.py: Upsample (every mode), UpsamplingNearest2d,
UpsamplingBilinear2d.

Not drawn: configurations where torch's backward is not the gradient of its forward, or where a
kernel special-cases an axis in a way the documented formulas do not say:
- nearest / nearest-exact: torch's backward (and the 2-D nearest forward) index with
  ``nearest_idx`` (an axis of unchanged size copied, a doubled one read at o >> 1, the scale in
  float32), while the 1-D/3-D forward use floor(o * scale) in the input's precision. Cases where
  the two index maps differ (``nearest_maps_agree``) are rejected.
- linear modes and bicubic: with a scale_factor whose output size equals the input size (e.g. 1.3
  on a side of 3), torch copies that axis unchanged (bicubic only in backward). Rejected too.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import assume, strategies as st

from ..spec import Case, Ctor, LayerSpec
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds

RANK = {"linear": 3, "bilinear": 4, "bicubic": 4, "trilinear": 5}
MAX_SIDE = {1: 6, 2: 5, 3: 4}
SCALES = [0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 1 / 3, 1.7, 2.2]
# hypothesis's simplest example (the grading profile's first) upsamples one axis by a non-integer
# factor and downscales the next (4 * 0.6 -> 2: the source scale is 1 / 0.6, not n / m = 2)
PREFERRED_SCALE, PREFERRED_SIDE, PREFERRED_SIZE = (1.7, 0.6, 1.5), (3, 4, 2), (5, 7, 3)


def prefer(first, values) -> st.SearchStrategy:
    """Uniform over ``values``, with ``first`` as hypothesis's simplest choice."""
    return st.sampled_from([first] + [v for v in values if v != first])


def scale_values(axis: int) -> st.SearchStrategy:
    return st.one_of(prefer(PREFERRED_SCALE[axis], SCALES), st.integers(30, 350).map(lambda v: v / 100))


def _nearest_forward_map(n, m, scale, exact, dtype) -> np.ndarray:
    """floor(o * s) (or the nearest-exact rule) in the input's precision: the 1-D/3-D forward."""
    real = np.float32 if dtype == "float32" else np.float64
    s = real(1.0 / scale) if scale else real(n) / real(m)
    o = np.arange(m).astype(real)
    if exact:
        source = (np.float64(s) * (o + real(0.5)).astype(np.float64) - 0.5).astype(real)
        source = np.maximum(source, real(0.0)).astype(np.float64) + 0.5
    else:
        source = s * o
    return np.minimum(np.floor(source.astype(np.float32)).astype(np.int64), n - 1)


def _nearest_backward_map(n, m, scale, exact) -> np.ndarray:
    """torch's nearest_idx / nearest_exact_idx: the backward (and 2-D forward) index map."""
    o = np.arange(m)
    if not exact and m == n:
        return o
    if not exact and m == 2 * n:
        return o >> 1
    s = np.float32(1.0 / scale) if scale else np.float32(n) / np.float32(m)
    source = ((o + 0.5) * np.float64(s)).astype(np.float32) if exact else s * o.astype(np.float32)
    return np.minimum(np.floor(source).astype(np.int64), n - 1)


def nearest_maps_agree(n, m, scale, exact, dtype) -> bool:
    return np.array_equal(_nearest_forward_map(n, m, scale, exact, dtype),
                          _nearest_backward_map(n, m, scale, exact))


def well_defined(mode, align_corners, spatial, sizes, scales, dtype) -> bool:
    """False where torch's forward/backward disagree or a kernel special-cases an axis."""
    for axis, (n, m) in enumerate(zip(spatial, sizes)):
        scale = None if scales is None else scales[axis]
        if mode in ("nearest", "nearest-exact"):
            if not nearest_maps_agree(n, m, scale, mode == "nearest-exact", dtype):
                return False
        elif mode != "area" and not align_corners and m == n and scale is not None and scale != 1.0:
            return False
    return True


def draw_resize(draw, dims: int, spatial: tuple, mode: str):
    """size or scale_factor (+ recompute_scale_factor) kwargs, with the resulting output sizes
    and the scale factors the kernels use (None: n / m)."""
    kwargs = {}
    if draw(st.booleans()):
        sizes = [draw(prefer(PREFERRED_SIZE[a], range(1, 10))) for a in range(dims)]
        if len(set(sizes)) == 1 and draw(st.booleans()):
            kwargs["size"] = sizes[0]
        else:
            kwargs["size"] = tuple(sizes)
        return kwargs, sizes, None
    factors = [draw(scale_values(a)) for a in range(dims)]
    assume(all(math.floor(n * f) >= 1 for n, f in zip(spatial, factors)))
    if len(set(factors)) == 1 and draw(st.booleans()):
        kwargs["scale_factor"] = factors[0]
    else:
        kwargs["scale_factor"] = tuple(factors)
    recompute = draw(st.sampled_from([None, None, False, True]))
    if recompute is not None:
        kwargs["recompute_scale_factor"] = recompute
    sizes = [math.floor(n * f) for n, f in zip(spatial, factors)]
    return kwargs, sizes, None if recompute or mode == "area" else factors


# (input side, output size) of a 1-D nearest-exact resize whose float32 index arithmetic floors
# differently from float64's at some output, while torch's forward and backward agree (found by
# search over sides 1..6, sizes 1..59): float32 inputs must compute the index in float32.
FLOAT32_NEAREST_EXACT = [(6, 37), (4, 41), (4, 47), (4, 55)]


def float32_precision_case(draw) -> Case:
    seed = draw(seeds)
    side, size = draw(st.sampled_from(FLOAT32_NEAREST_EXACT))
    x = normal_array(rng_for(seed), (draw(prefer(2, [1, 2])), draw(prefer(2, [1, 2, 3])), side), "float32")
    return Case(Ctor("Upsample", (), {"size": size, "mode": "nearest-exact"}), inputs=(x,), dtype="float32",
                seed=seed)


def area_without_channels(draw) -> Case:
    """area on a 3-D or 4-D input accepts 0 channels (torch's adaptive average pooling does); the
    interpolation kernels and 5-D area do not (an error case)."""
    seed = draw(seeds)
    shape = draw(st.sampled_from([(1, 0, 4), (2, 0, 3, 4)]))
    x = normal_array(rng_for(seed), shape, "float64")
    return Case(Ctor("Upsample", (), {"size": 2 if len(shape) == 3 else (2, 3), "mode": "area"}),
                inputs=(x,), seed=seed)


@st.composite
def upsample_cases(draw):
    # kinds: each mode (trilinear twice: its three axes make well_defined() reject it most often),
    # the float32 index-precision cases and area mode without channels
    mode = one_kind(draw, ["bilinear", "nearest", "nearest-exact", "linear", "bicubic", "trilinear",
                           "area", "trilinear", "float32", "no channels"])
    if mode == "float32":
        return float32_precision_case(draw)
    if mode == "no channels":
        return area_without_channels(draw)
    dtype, seed = draw(dtypes), draw(seeds)
    dims = RANK[mode] - 2 if mode in RANK else draw(prefer(2, [1, 2, 3]))
    spatial = tuple(draw(prefer(PREFERRED_SIDE[a], range(1, MAX_SIDE[dims] + 1))) for a in range(dims))
    kwargs, sizes, scales = draw_resize(draw, dims, spatial, mode)
    align_corners = None
    if mode in RANK:
        align_corners = draw(st.sampled_from([None, False, True]))
        if align_corners is not None:
            kwargs["align_corners"] = align_corners
    assume(well_defined(mode, align_corners, spatial, sizes, scales, dtype))
    if mode != "nearest" or draw(st.booleans()):
        kwargs["mode"] = mode
    x = normal_array(rng_for(seed), (draw(prefer(2, [1, 2])), draw(prefer(2, [1, 2, 3]))) + spatial, dtype)
    return Case(Ctor("Upsample", (), kwargs), inputs=(x,), dtype=dtype, seed=seed)


def fixed_mode_cases(layer: str, mode: str):
    @st.composite
    def cases(draw):
        dtype, seed = draw(dtypes), draw(seeds)
        spatial = tuple(draw(prefer(PREFERRED_SIDE[a], range(1, MAX_SIDE[2] + 1))) for a in range(2))
        kwargs, sizes, scales = draw_resize(draw, 2, spatial, mode)
        kwargs.pop("recompute_scale_factor", None)
        scales = None if "size" in kwargs else [kwargs["scale_factor"]] * 2 \
            if not isinstance(kwargs["scale_factor"], tuple) else list(kwargs["scale_factor"])
        assume(well_defined(mode, True, spatial, sizes, scales, dtype))
        x = normal_array(rng_for(seed), (draw(prefer(2, [1, 2])), draw(prefer(2, [1, 2, 3]))) + spatial, dtype)
        return Case(Ctor(layer, (), kwargs), inputs=(x,), dtype=dtype, seed=seed)
    return cases


@st.composite
def upsample_errors(draw):
    seed = draw(seeds)
    shape = (1, 2, 3, 4)
    # grouped: hypothesis's examples come in clusters that vary a group's member more readily
    # than the group itself
    choice = one_kind(draw, ["no_channels", "float_size", "zero_size", "small_scale", "empty_side", "both",
                             "neither", "align_nearest", "size_len", "scale_len", "recompute_size",
                             "mode_rank", "bad_mode", "rank"])
    kwargs = {"size": 5}
    if choice == "both":
        kwargs = {"size": 5, "scale_factor": 2.0}
    elif choice == "neither":
        kwargs = draw(st.sampled_from([{}, {"scale_factor": 0}]))
    elif choice == "align_nearest":
        kwargs = {"size": 5, "mode": draw(st.sampled_from(["nearest", "area", "nearest-exact"])),
                  "align_corners": draw(st.booleans())}
    elif choice == "size_len":
        kwargs = {"size": (5, 5, 5)}
    elif choice == "scale_len":
        kwargs = {"scale_factor": (2.0, 2.0, 2.0)}
    elif choice == "recompute_size":
        kwargs = {"size": 5, "mode": "bilinear", "recompute_scale_factor": True}
    elif choice == "mode_rank":
        kwargs["mode"] = draw(st.sampled_from(["linear", "trilinear"]))
    elif choice == "bad_mode":
        kwargs["mode"] = "cubic"
    elif choice == "zero_size":
        kwargs = {"size": (0, 3)}
    elif choice == "small_scale":
        kwargs = {"scale_factor": draw(st.sampled_from([0.1, -1.0, (0.2, 2.0)]))}
    elif choice == "float_size":
        kwargs = {"size": (2.5, 3)}
    elif choice == "empty_side":  # RuntimeError: input sizes must be > 0 too
        shape = (1, 2, 0, 4)
    elif choice == "no_channels":  # torch's interpolation kernels (and 3-D area) need channels
        kwargs["mode"] = draw(st.sampled_from(["area", "nearest", "bilinear", "nearest-exact", "bicubic"]))
        shape = (1, 0, 3, 4) if kwargs["mode"] != "area" else (1, 0, 2, 3, 4)
    else:
        shape = draw(st.sampled_from([(3, 4), (1, 1, 1, 1, 2, 2)]))
    x = normal_array(rng_for(seed), shape, "float64")
    return Case(Ctor("Upsample", (), kwargs), inputs=(x,), seed=seed, expect_error=True)


def fixed_mode_errors(layer: str):
    @st.composite
    def cases(draw):
        seed = draw(seeds)
        choice = draw(st.sampled_from(["both", "neither", "size_len", "zero_size", "rank", "no_channels"]))
        shape, kwargs = (1, 2, 3, 4), {"size": 5}
        if choice == "both":
            kwargs = {"size": 5, "scale_factor": 2.0}
        elif choice == "neither":
            kwargs = {}
        elif choice == "size_len":
            kwargs = {"size": (5, 5, 5)}
        elif choice == "zero_size":
            kwargs = {"size": (0, 3)}
        elif choice == "no_channels":
            shape = (2, 0, 3, 4)
        else:  # bilinear needs a 4-D input; nearest takes 3-D to 5-D
            shape = (2, 3) if layer == "UpsamplingNearest2d" else (1, 2, 3)
        x = normal_array(rng_for(seed), shape, "float64")
        return Case(Ctor(layer, (), kwargs), inputs=(x,), seed=seed, expect_error=True)
    return cases


_RULES = ("nearest: index min(floor(o * scale), n-1) with scale = 1/scale_factor when a scale_factor "
          "is used (not recomputed), else n/m; linear: source max((o+0.5)*scale - 0.5, 0), or "
          "o*(n-1)/(m-1) with align_corners=True.")

SPECS = [
    LayerSpec("Upsample", "upsampling", upsample_cases, error_cases=upsample_errors,
              # seven modes x align_corners x size/scale_factor: 25 examples drew trilinear once
              examples={"forward": 60, "input_grad": 60, "errors": 30},  # 13 kinds of invalid arguments
              hints={"forward": "Output size = size, or floor(n * scale_factor). " + _RULES
                                + " area = adaptive average pooling; bicubic = Keys' kernel, A = -0.75.",
                     "input_grad": "Every mode is linear and separable: backward applies each axis' "
                                   "interpolation matrix transposed (nearest: scatter-add).",
                     "errors": "Conflicting/missing size and scale_factor, wrong tuple lengths or "
                               "align_corners with nearest raise ValueError; a mode that does not fit "
                               "the input rank raises NotImplementedError; output size <= 0 or an input "
                               "with 0 channels (except area on 3-D/4-D input) raises RuntimeError."}),
    LayerSpec("UpsamplingNearest2d", "upsampling", fixed_mode_cases("UpsamplingNearest2d", "nearest"),
              error_cases=fixed_mode_errors("UpsamplingNearest2d"),
              hints={"forward": "Upsample(mode='nearest'): " + _RULES.split("; linear")[0] + ".",
                     "input_grad": "Each input pixel's gradient sums the output gradients of its copies.",
                     "errors": "Exactly one of size and scale_factor; size of length 2; sizes > 0; "
                               "channels > 0 (RuntimeError)."}),
    LayerSpec("UpsamplingBilinear2d", "upsampling", fixed_mode_cases("UpsamplingBilinear2d", "bilinear"),
              error_cases=fixed_mode_errors("UpsamplingBilinear2d"),
              hints={"forward": "Upsample(mode='bilinear', align_corners=True): source position "
                                "o*(n-1)/(m-1) per axis, linear interpolation between neighbours.",
                     "input_grad": "Each input pixel collects the output gradients times its "
                                   "interpolation weights.",
                     "errors": "Exactly one of size and scale_factor; a 4-D input; sizes > 0; channels > 0 "
                               "(RuntimeError)."}),
]


# The state hint of each parameterless layer (its own name in it; a new dict per spec, as some
# specs share their hints dict).
for _spec in SPECS:
    _spec.hints = {"state": f"{_spec.name} has no parameters or buffers: state_dict() is empty, "
                            "and interpolation is the same in eval mode and across repeated calls (recompute the "
                            "interpolation matrices per input).", **_spec.hints}
