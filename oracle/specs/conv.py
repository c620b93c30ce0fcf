"""Registry entries for reference/conv.py: Conv1d/2d/3d, ConvTranspose1d/2d/3d, and the classic
tutorial network (TutorialCNN) checked end to end.

Every argument is drawn over its whole range: int or per-dim tuples (asymmetric), odd and even
kernels, stride and dilation > 1 together, groups > 1 often, every padding_mode, 'same'/'valid',
output sizes of 1, batched and unbatched inputs, both dtypes. Spatial sides stay small
(<= 9 for 1-d/2-d, <= 5 for 3-d) so that examples are cheap.
"""
from __future__ import annotations

import math

from hypothesis import strategies as st
from scipy import stats

from ..spec import Case, Ctor, InitSpec, LayerSpec
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds

MAX_SIDE = {1: 9, 2: 9, 3: 5}
MAX_KERNEL = {1: 4, 2: 4, 3: 3}
PADDING_MODES = ["zeros", "reflect", "replicate", "circular"]


# ----------------------------------------------------------------------------------------------
# Drawing helpers
# ----------------------------------------------------------------------------------------------
def _per_dim(draw, dims, low, high) -> tuple:
    return tuple(draw(st.integers(low, high)) for _ in range(dims))


def _as_arg(draw, values: tuple):
    """A per-dim tuple, or the plain int when every entry is equal (at random): both spellings."""
    if len(set(values)) == 1 and draw(st.booleans()):
        return values[0]
    return values


def _put(draw, kwargs: dict, name: str, value, default) -> None:
    """Pass ``name=value``; a value equal to the default is left out half of the time."""
    plain = value if not isinstance(value, tuple) or len(set(value)) != 1 else value[0]
    if plain == default and draw(st.booleans()):
        return
    kwargs[name] = value


def _channels(draw):
    """(groups, in_channels, out_channels) with groups > 1 about half of the time."""
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    return groups, groups * draw(st.integers(1, 3)), groups * draw(st.integers(1, 3))


def _input(draw, seed, dtype, channels, spatial, batched=None):
    batched = draw(st.sampled_from([True, True, True, False])) if batched is None else batched
    shape = ((draw(st.integers(1, 3)),) if batched else ()) + (channels,) + tuple(spatial)
    return normal_array(rng_for(seed), shape, dtype)


def _wrong_rank(draw, shape, dims) -> tuple:
    """A shape of rank other than dims + 1 (unbatched) or dims + 2 (batched)."""
    if len(shape) == dims + 1:
        return shape[1:]
    return draw(st.sampled_from([shape[2:], (1,) + shape]))


def _kernel_and_dilation(draw, dims):
    """Kernel sizes (odd and even) and dilations whose span dilation * (k - 1) + 1 fits MAX_SIDE."""
    kernel = _per_dim(draw, dims, 1, MAX_KERNEL[dims])
    dilation = tuple(min(draw(st.sampled_from([1, 1, 2, 3])), max(1, (MAX_SIDE[dims] - 1) // max(k - 1, 1)))
                     for k in kernel)
    return kernel, dilation


def _strides(draw, dims) -> tuple:
    """1 half of the time (larger strides on small inputs mostly give outputs of size 1)."""
    return tuple(draw(st.sampled_from([1, 1, 2, 3])) for _ in range(dims))


# ----------------------------------------------------------------------------------------------
# Conv1d/2d/3d
# ----------------------------------------------------------------------------------------------
@st.composite
def conv_config(draw, dims):
    """A valid convolution: (ctor args, kwargs, pads per dim as (left, right), padding_mode)."""
    groups, in_channels, out_channels = _channels(draw)
    kernel, dilation = _kernel_and_dilation(draw, dims)
    padding_kind = draw(st.sampled_from(["int", "int", "valid", "same", "default"]))
    stride = (1,) * dims if padding_kind == "same" else _strides(draw, dims)
    mode = draw(st.sampled_from(PADDING_MODES))
    kwargs = {}
    _put(draw, kwargs, "stride", _as_arg(draw, stride), 1)
    if padding_kind == "int":
        # reflect/replicate/circular pad through F.pad, which crops for a negative padding
        padding = _per_dim(draw, dims, 0 if mode == "zeros" else -2, 3 if dims < 3 else 2)
        pads = tuple((p, p) for p in padding)
        _put(draw, kwargs, "padding", _as_arg(draw, padding), 0)
    elif padding_kind == "default":  # padding left out: 0
        pads = ((0, 0),) * dims
    else:
        totals = [d * (k - 1) for k, d in zip(kernel, dilation)] if padding_kind == "same" else [0] * dims
        pads = tuple((t // 2, t - t // 2) for t in totals)
        kwargs["padding"] = padding_kind
    _put(draw, kwargs, "dilation", _as_arg(draw, dilation), 1)
    _put(draw, kwargs, "groups", groups, 1)
    _put(draw, kwargs, "bias", draw(st.booleans()), True)
    _put(draw, kwargs, "padding_mode", mode, "zeros")
    return (in_channels, out_channels, _as_arg(draw, kernel)), kwargs, kernel, dilation, pads, mode


def _conv_sizes(draw, dims, kernel, dilation, pads, mode) -> tuple:
    """Input sides for which the configuration is valid: the padded input holds the kernel span,
    reflect padding < side, circular padding <= side; the smallest sides give outputs of size 1."""
    sizes = []
    for k, d, (left, right) in zip(kernel, dilation, pads):
        low = max(1, d * (k - 1) + 1 - left - right)
        if mode == "reflect":
            low = max(low, max(left, right) + 1)
        elif mode == "circular":
            low = max(low, max(left, right))
        high = max(low, MAX_SIDE[dims])
        # (hypothesis favours low integers; circular's smallest side equals the padding, a limit drawn often)
        at_minimum = draw(st.sampled_from([False, True] if mode == "circular" else [False, False, False, True]))
        sizes.append(low if at_minimum else draw(st.integers(min(low + 1, high), high)))
    return tuple(sizes)


@st.composite
def conv_cases(draw, dims):
    dtype, seed = draw(dtypes), draw(seeds)
    args, kwargs, kernel, dilation, pads, mode = draw(conv_config(dims))
    x = _input(draw, seed, dtype, args[0], _conv_sizes(draw, dims, kernel, dilation, pads, mode))
    return Case(Ctor(f"Conv{dims}d", args, kwargs), inputs=(x,), dtype=dtype, seed=seed)


@st.composite
def conv_error_cases(draw, dims):
    """One invalid detail per case, on top of a valid configuration."""
    dtype, seed = draw(dtypes), draw(seeds)
    name = f"Conv{dims}d"
    args, kwargs, kernel, dilation, pads, mode = draw(conv_config(dims))
    sizes = _conv_sizes(draw, dims, kernel, dilation, pads, mode)
    in_channels, out_channels, kernel_arg = args
    groups = kwargs.get("groups", 1)
    x = _input(draw, seed, dtype, in_channels, sizes)
    fault = one_kind(draw, [
        "groups", "in_divisible", "out_divisible", "padding_string", "same_strided", "padding_mode",
        "channels", "rank", "kernel_too_big", "padding_too_big", "stride", "dilation", "kernel",
        "negative_padding", "negative_size", "tuple_length", "empty_side", "no_out_channels"])
    if fault == "groups":  # ValueError
        kwargs["groups"] = draw(st.sampled_from([0, -1, -2]))
    elif fault == "in_divisible":  # ValueError
        kwargs["groups"] = 2
        args = (2 * draw(st.integers(0, 2)) + 1, 2 * draw(st.integers(1, 2)), kernel_arg)
    elif fault == "out_divisible":  # ValueError
        kwargs["groups"] = 2
        args = (2 * draw(st.integers(1, 2)), 2 * draw(st.integers(0, 2)) + 1, kernel_arg)
    elif fault == "padding_string":  # ValueError
        kwargs["padding"] = draw(st.sampled_from(["full", "SAME", "zeros", ""]))
    elif fault == "same_strided":  # ValueError
        kwargs["padding"] = "same"
        kwargs["stride"] = tuple(draw(st.integers(1, 3)) for _ in range(dims - 1)) + (2,)
    elif fault == "padding_mode":  # ValueError
        kwargs["padding_mode"] = draw(st.sampled_from(["constant", "reflection", "zero", "edge"]))
    elif fault == "channels":  # RuntimeError
        wrong = draw(st.integers(1, 7).filter(lambda c: c != in_channels))
        x = _input(draw, seed, dtype, wrong, sizes)
    elif fault == "rank":  # RuntimeError (NotImplementedError from F.pad with a non-zeros padding_mode)
        x = normal_array(rng_for(seed), _wrong_rank(draw, x.shape, dims), dtype)
    elif fault == "kernel_too_big":  # RuntimeError: the padded input is smaller than the kernel span
        kwargs["padding_mode"], kwargs["padding"] = draw(st.sampled_from(PADDING_MODES)), 0
        kwargs.pop("dilation", None)
        side = draw(st.integers(1, 3))
        x = _input(draw, seed, dtype, in_channels, kernel[:-1] + (side,))
        args = (in_channels, out_channels, kernel[:-1] + (side + draw(st.integers(1, 2)),))
    elif fault == "padding_too_big":  # RuntimeError: reflect needs padding < side, circular <= side
        kwargs["padding_mode"] = draw(st.sampled_from(["reflect", "circular"]))
        side = draw(st.integers(1, 3))
        kwargs["padding"] = side + (0 if kwargs["padding_mode"] == "reflect" else 1)
        kwargs.pop("stride", None)
        x = _input(draw, seed, dtype, in_channels, (side,) + sizes[1:])
        args = (in_channels, out_channels, 1)
        kwargs.pop("dilation", None)
    elif fault == "stride":  # RuntimeError in forward
        kwargs["stride"] = draw(st.sampled_from([0, -1]))
        kwargs["padding"] = 0 if kwargs.get("padding") == "same" else kwargs.get("padding", 0)
    elif fault == "dilation":  # RuntimeError in forward
        kwargs["dilation"] = draw(st.sampled_from([0, -1]))
        kwargs["padding"] = 0 if kwargs.get("padding") == "same" else kwargs.get("padding", 0)
    elif fault == "kernel":  # RuntimeError in forward (kernel_size 0)
        args = (in_channels, out_channels, 0)
        kwargs["padding"] = 0 if kwargs.get("padding") == "same" else kwargs.get("padding", 0)
    elif fault == "negative_padding":  # RuntimeError (zeros mode; other modes crop, as F.pad)
        kwargs["padding"], kwargs["padding_mode"] = -draw(st.integers(1, 2)), "zeros"
    elif fault == "negative_size":  # RuntimeError while creating the weight
        which = draw(st.integers(0, 1))
        args = (-1, out_channels, kernel_arg) if which == 0 else (in_channels, -groups, kernel_arg)
        kwargs["groups"] = 1 if which == 0 else groups
    elif fault == "tuple_length":  # RuntimeError in forward
        args = (in_channels, out_channels, (1,) * (dims + 1))
        kwargs["padding_mode"] = "zeros"  # (F.pad would see a padding list of the wrong length first)
    elif fault == "empty_side":  # RuntimeError from F.pad: reflect/replicate of a size-0 spatial dim
        # (replicate with a positive padding first: there, only the size-0 check stops it)
        kwargs["padding_mode"] = draw(st.sampled_from(["replicate", "reflect"]))
        kwargs["padding"] = draw(st.sampled_from([1, 2, 0]))
        kwargs.pop("stride", None)
        x = _input(draw, seed, dtype, in_channels, sizes[:-1] + (0,))
    elif fault == "no_out_channels":  # RuntimeError in forward: torch builds the empty weight, conv rejects it
        args, kwargs["groups"] = (in_channels, 0, kernel_arg), groups
    return Case(Ctor(name, args, kwargs), inputs=(x,), dtype=dtype, seed=seed, expect_error=True)


def conv_init(dims):
    def specs():
        kernel = (3, 5, 2)[:dims]
        fan_in = 4 * math.prod(kernel)  # in_channels / groups = 16 / 4
        uniform = stats.uniform(loc=-1 / math.sqrt(fan_in), scale=2 / math.sqrt(fan_in))
        unit = stats.uniform(loc=-1.0, scale=2.0)  # fan_in = 1: bound 1
        return [InitSpec({"weight": uniform, "bias": uniform},
                         ctor=Ctor(f"Conv{dims}d", (16, 64, kernel), {"groups": 4})),
                InitSpec({"weight": unit, "bias": unit}, ctor=Ctor(f"Conv{dims}d", (64, 64, 1), {"groups": 64}))]
    return specs


# ----------------------------------------------------------------------------------------------
# ConvTranspose1d/2d/3d
# ----------------------------------------------------------------------------------------------
@st.composite
def conv_transpose_config(draw, dims):
    """A valid transposed convolution: (args, kwargs, input sizes, output_size or None)."""
    groups, in_channels, out_channels = _channels(draw)
    kernel, dilation = _kernel_and_dilation(draw, dims)
    stride = _strides(draw, dims)
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    sizes = _per_dim(draw, dims, 1, 5 if dims < 3 else 3)
    spans = [(n - 1) * s + d * (k - 1) for n, s, d, k in zip(sizes, stride, dilation, kernel)]
    padding = tuple(draw(st.integers(0, min(3, span // 2))) for span in spans)  # output size >= 1
    kwargs = {}
    _put(draw, kwargs, "stride", _as_arg(draw, stride), 1)
    _put(draw, kwargs, "padding", _as_arg(draw, padding), 0)
    _put(draw, kwargs, "output_padding", _as_arg(draw, output_padding), 0)
    _put(draw, kwargs, "groups", groups, 1)
    _put(draw, kwargs, "bias", draw(st.booleans()), True)
    _put(draw, kwargs, "dilation", _as_arg(draw, dilation), 1)
    _put(draw, kwargs, "padding_mode", "zeros", "zeros")
    output_size = None
    if draw(st.sampled_from([False, False, False, True])):  # output_size picks output_padding (ctor's ignored)
        smallest = [(n - 1) * s - 2 * p + d * (k - 1) + 1 for n, s, p, d, k in
                    zip(sizes, stride, padding, dilation, kernel)]
        where = draw(st.sampled_from(["largest", "smallest", "any"]))  # both ends of the valid range
        output_size = [lo + s - 1 if where == "largest" else lo if where == "smallest" else
                       draw(st.integers(lo, lo + s - 1)) for lo, s in zip(smallest, stride)]
    return (in_channels, out_channels, _as_arg(draw, kernel)), kwargs, sizes, output_size


@st.composite
def conv_transpose_cases(draw, dims):
    dtype, seed = draw(dtypes), draw(seeds)
    args, kwargs, sizes, output_size = draw(conv_transpose_config(dims))
    x = _input(draw, seed, dtype, args[0], sizes)
    forward_kwargs = {}
    if output_size is not None:
        lead = list(x.shape[:-dims]) if draw(st.booleans()) else []
        forward_kwargs["output_size"] = lead[:-1] + [args[1]] + output_size if lead else output_size
    return Case(Ctor(f"ConvTranspose{dims}d", args, kwargs), inputs=(x,), forward_kwargs=forward_kwargs,
                dtype=dtype, seed=seed)


@st.composite
def conv_transpose_error_cases(draw, dims):
    dtype, seed = draw(dtypes), draw(seeds)
    name = f"ConvTranspose{dims}d"
    args, kwargs, sizes, output_size = draw(conv_transpose_config(dims))
    in_channels, out_channels, kernel_arg = args
    x = _input(draw, seed, dtype, in_channels, sizes)
    forward_kwargs = {}
    fault = one_kind(draw, [
        "groups", "in_divisible", "out_divisible", "padding_mode", "output_padding", "negative_output_padding",
        "output_size_range", "output_size_length", "channels", "rank", "stride", "negative_padding",
        "output_too_small", "no_channels"])
    if fault == "groups":  # ValueError
        kwargs["groups"] = draw(st.sampled_from([0, -1]))
    elif fault == "in_divisible":  # ValueError
        kwargs["groups"] = 2
        args = (2 * draw(st.integers(0, 2)) + 1, 2 * draw(st.integers(1, 2)), kernel_arg)
    elif fault == "out_divisible":  # ValueError
        kwargs["groups"] = 2
        args = (2 * draw(st.integers(1, 2)), 2 * draw(st.integers(0, 2)) + 1, kernel_arg)
    elif fault == "padding_mode":  # ValueError: only 'zeros' (valid Conv modes included)
        kwargs["padding_mode"] = draw(st.sampled_from(["reflect", "replicate", "circular", "constant"]))
    elif fault == "output_padding":  # RuntimeError: output_padding >= stride and >= dilation
        stride, dilation = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        kwargs.update(stride=stride, dilation=dilation, output_padding=max(stride, dilation) + draw(st.integers(0, 1)))
        kwargs["padding"] = 0
    elif fault == "negative_output_padding":  # RuntimeError (sides >= 2: the output would not be empty)
        kwargs["output_padding"], kwargs["padding"] = -1, 0
        x = _input(draw, seed, dtype, in_channels, [max(2, s) for s in sizes])
    elif fault == "output_size_range":  # ValueError: outside [min, min + stride - 1]
        x = _input(draw, seed, dtype, in_channels, sizes, batched=True)
        kwargs.update(stride=2, padding=0, output_padding=0, dilation=1)
        kernel = args[2] if isinstance(args[2], tuple) else (args[2],) * dims
        smallest = [(n - 1) * 2 + k for n, k in zip(sizes, kernel)]
        # the largest valid size is smallest + stride - 1: first just past it, then just below the smallest
        forward_kwargs["output_size"] = smallest[:-1] + [smallest[-1] + draw(st.sampled_from([2, -1, 3]))]
    elif fault == "output_size_length":  # ValueError
        x = _input(draw, seed, dtype, in_channels, sizes, batched=True)
        forward_kwargs["output_size"] = [3] * draw(st.sampled_from([dims - 1, dims + 1, dims + 3]))
    elif fault == "channels":  # RuntimeError
        wrong = draw(st.integers(1, 7).filter(lambda c: c != in_channels))
        x = _input(draw, seed, dtype, wrong, sizes)
    elif fault == "rank":  # RuntimeError
        x = normal_array(rng_for(seed), _wrong_rank(draw, x.shape, dims), dtype)
    elif fault == "stride":  # RuntimeError
        kwargs["stride"], kwargs["output_padding"] = draw(st.sampled_from([0, -1])), 0
    elif fault == "negative_padding":  # RuntimeError
        kwargs["padding"] = -draw(st.integers(1, 2))
    elif fault == "output_too_small":  # RuntimeError: output size side - 2 * padding of 0 or below
        # (a size of 0 is accepted by torch's batched 1-d float32 kernel only: float64 here)
        padding, deficit = draw(st.integers(1, 2)), draw(st.sampled_from([0, 1, 2]))
        dtype = "float64"
        kwargs.update(stride=1, dilation=1, output_padding=0, padding=padding)
        args = (in_channels, out_channels, 1)
        side = max(1, 2 * padding - deficit)
        x = _input(draw, seed, dtype, in_channels, [max(1, s) for s in sizes[:-1]] + [side])
    elif fault == "no_channels":  # RuntimeError in forward: an empty weight (in_channels or out_channels 0)
        kwargs["groups"] = 1
        args = (in_channels, 0, kernel_arg) if draw(st.booleans()) else (0, out_channels, kernel_arg)
        x = _input(draw, seed, dtype, args[0], sizes)
    return Case(Ctor(name, args, kwargs), inputs=(x,), forward_kwargs=forward_kwargs, dtype=dtype, seed=seed,
                expect_error=True)


def conv_transpose_init(dims):
    def specs():
        kernel = (3, 5, 2)[:dims]
        fan_in = 6 * math.prod(kernel)  # weight.shape[1] = out_channels / groups = 12 / 2
        uniform = stats.uniform(loc=-1 / math.sqrt(fan_in), scale=2 / math.sqrt(fan_in))
        unit = stats.uniform(loc=-1.0, scale=2.0)  # fan_in = out_channels / groups * 1 = 1: bound 1
        return [InitSpec({"weight": uniform, "bias": uniform},
                         ctor=Ctor(f"ConvTranspose{dims}d", (64, 12, kernel), {"groups": 2})),
                InitSpec({"weight": unit, "bias": unit},
                         ctor=Ctor(f"ConvTranspose{dims}d", (64, 64, 1), {"groups": 64})),
                # in_channels = 0: an empty weight, but fan_in = 64 * prod(3) > 0 draws the bias
                InitSpec({"bias": stats.uniform(loc=-1 / math.sqrt(64 * 3 ** dims), scale=2 / math.sqrt(64 * 3 ** dims))},
                         ctor=Ctor(f"ConvTranspose{dims}d", (0, 64, 3)))]
    return specs


# ----------------------------------------------------------------------------------------------
# TutorialCNN: the classic CIFAR-10 network of the PyTorch tutorial, end to end
# ----------------------------------------------------------------------------------------------
TUTORIAL_CNN = Ctor("Sequential", (
    Ctor("Conv2d", (3, 6, 5)), Ctor("ReLU"), Ctor("MaxPool2d", (2,)),
    Ctor("Conv2d", (6, 16, 5)), Ctor("ReLU"), Ctor("MaxPool2d", (2,)),
    Ctor("Flatten"), Ctor("Linear", (400, 120)), Ctor("ReLU"),
    Ctor("Linear", (120, 84)), Ctor("ReLU"), Ctor("Linear", (84, 10))))


@st.composite
def tutorial_cnn_cases(draw):
    # Max-pooling ties can only occur between ReLU zeros, whose gradient is zero either way, and
    # pre-activations exactly at 0 have probability zero: no gradient masks are needed. float64
    # only: activations reach the hundreds, and in float32 two window values within rounding of
    # each other make a correct implementation with another summation order (einsum) route the
    # max-pool gradient to the other element (found by the random-profile runs); float32 is
    # checked on every layer alone.
    dtype, seed = "float64", draw(seeds)
    x = normal_array(rng_for(seed), (draw(st.integers(1, 3)), 3, 32, 32), dtype)
    return Case(TUTORIAL_CNN, inputs=(x,), dtype=dtype, seed=seed)


# ----------------------------------------------------------------------------------------------
# Registry
# ----------------------------------------------------------------------------------------------
CONV_HINTS = {
    "forward": "out = bias + sum over the channels of the group and the kernel offsets of "
               "weight * x_pad[o * stride + k * dilation]; check padding (incl. 'same': the odd extra "
               "element goes on the right/bottom, and the padding_mode), groups (consecutive channel "
               "blocks), stride/dilation per dim, and unbatched (C, *spatial) inputs.",
    "input_grad": "dx = col2im(W^T @ g): every output gradient flows back to each input element its "
                  "window read, at k * dilation offsets; with reflect/replicate/circular padding the "
                  "gradient of the padded border must be added back into the input positions it copied.",
    "param_grad": "dW = g @ cols^T per group (cols: the im2col blocks of the padded input), db = g summed "
                  "over batch and every spatial dim; ADD into .grad.",
    "errors": "Constructor: groups <= 0, channels not divisible by groups, a bad padding string, 'same' "
              "with stride > 1 and an unknown padding_mode raise ValueError. forward: a wrong rank or "
              "channel count, a kernel larger than the padded input, non-positive stride/dilation/kernel "
              "and negative padding raise RuntimeError (a wrong rank with a non-zeros padding_mode raises "
              "NotImplementedError, from F.pad); reflect needs padding < side, circular padding <= side.",
    "init": "weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in_channels / groups * "
            "prod(kernel_size) (kaiming_uniform_ with a=sqrt(5)).",
}

CONV_TRANSPOSE_HINTS = {
    "forward": "Each input element adds x * weight[c_in, :, *k] into the output at i * stride + k * dilation; "
               "then crop padding from both sides. Output size (in - 1) * stride - 2 * padding + dilation * "
               "(k - 1) + output_padding + 1; forward's output_size picks output_padding (and the ctor's is "
               "then ignored). Weight shape (in_channels, out_channels / groups, *k).",
    "input_grad": "The input gradient of a transposed convolution is an ordinary convolution of the "
                  "(zero-padded) output gradient with the same weight, stride and dilation.",
    "param_grad": "dW[c_in, c_out'] = sum over batch and positions of x * the window of the padded output "
                  "gradient (per group); db = g summed over batch and space; ADD into .grad.",
    "errors": "padding_mode other than 'zeros' and invalid groups raise ValueError; output_padding must be "
              "smaller than stride or dilation (RuntimeError); an output_size outside [min, min + stride - 1] "
              "or of the wrong length raises ValueError; wrong rank/channels and outputs of negative size "
              "raise RuntimeError.",
    "init": "weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = weight.shape[1] * prod(k) = "
            "out_channels / groups * prod(kernel_size).",
}


def _conv_spec(dims):
    return LayerSpec(f"Conv{dims}d", "conv", lambda: conv_cases(dims), error_cases=lambda: conv_error_cases(dims),
                     init=conv_init(dims), has_params=True, hints=CONV_HINTS)


def _conv_transpose_spec(dims):
    return LayerSpec(f"ConvTranspose{dims}d", "conv", lambda: conv_transpose_cases(dims),
                     error_cases=lambda: conv_transpose_error_cases(dims), init=conv_transpose_init(dims),
                     has_params=True, hints=CONV_TRANSPOSE_HINTS)


SPECS = [_conv_spec(1), _conv_spec(2), _conv_spec(3),
         _conv_transpose_spec(1), _conv_transpose_spec(2), _conv_transpose_spec(3),
         LayerSpec("TutorialCNN", "conv", tutorial_cnn_cases, has_params=True, composite=True,
                   hints={"forward": "Conv2d(3, 6, 5) -> ReLU -> MaxPool2d(2) -> Conv2d(6, 16, 5) -> ReLU -> "
                                     "MaxPool2d(2) -> Flatten -> Linear(400, 120) -> ReLU -> Linear(120, 84) "
                                     "-> ReLU -> Linear(84, 10): check each layer alone first.",
                          "input_grad": "Sequential.backward runs each layer's backward in reverse order; "
                                        "check Conv2d and MaxPool2d's backward alone first.",
                          "param_grad": "Every layer's parameters get gradients; check Conv2d's dW/db alone first."})]


# The state hint of each convolution: its parameter names and shapes.
for _spec in SPECS:
    if _spec.name.startswith("ConvTranspose"):
        _shape = "(in_channels, out_channels / groups, *kernel_size)"
    else:
        _shape = "(out_channels, in_channels / groups, *kernel_size)"
    _spec.hints = {"state": f"{_spec.name}'s state_dict holds 'weight' {_shape} and 'bias' (out_channels,), "
                            "no 'bias' key with bias=False; eval() changes nothing." if _spec.name != "TutorialCNN"
                   else "TutorialCNN's keys are its Sequential positions ('0.weight', '0.bias', ...): only its "
                        "Conv2d and Linear layers have parameters; eval() must reach every layer.",
                   **_spec.hints}
