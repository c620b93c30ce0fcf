"""Registry entries for reference/attention.py: MultiheadAttention.

Dropout on the attention weights is random in training mode with 0 < p < 1 (``random_case``):
those cases are judged by the properties of oracle/recurrent_properties.py (the mask is read back
from the per-head weights of a training-mode forward, each 0 or P / (1 - p), and the reference
replayed with it: outputs, weights, input and parameter gradients; a binomial test of the drop
rate; a fresh mask per forward). Eval mode, p = 0 and p = 1 (every weight dropped) are
deterministic and compared by value. Failure reports name query/key positions, heads and the
q/k/v block of a projection row (``locate_attention``).
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy import stats

from .. import properties
from ..recurrent_properties import attention_properties, inputs_unchanged  # noqa: F401 (adaptive.py)
from ..spec import Case, Ctor, InitSpec, LayerSpec
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds

DROPOUTS = (0.25, 0.5, 1.0)


# ----------------------------------------------------------------------------------------------
# Masks
# ----------------------------------------------------------------------------------------------
def draw_mask(rng, shape, kind: str, dtype: str, safe_key: int):
    """A bool mask (True = not allowed) or a float mask (added; some entries -inf), with key
    ``safe_key`` (last axis) never masked, so no query loses all its keys."""
    blocked = rng.random(shape) < 0.35
    blocked[..., safe_key] = False
    if kind == "bool":
        return blocked
    values = normal_array(rng, shape, dtype, scale=2.0)
    return np.where(blocked & (rng.random(shape) < 0.5), -np.inf, values).astype(dtype)


def causal_mask(shape, kind: str, dtype: str) -> np.ndarray:
    """Query i may attend to keys 0..i: True (bool) or -inf (float) above the diagonal."""
    above = np.broadcast_to(np.triu(np.ones(shape[-2:], dtype=bool), k=1), shape).copy()
    return above if kind == "bool" else np.where(above, -np.inf, 0.0).astype(dtype)


def far_below(rng, mask: np.ndarray) -> np.ndarray:
    """Shift one query row of a float mask by -1e4 (a common finite "masked" value): softmax is
    shift-invariant per row, so torch's weights stay finite, while a softmax that subtracts the
    maximum over the whole tensor (not per row) underflows that row to 0/0. float64 only: at 1e4,
    float32 rounds away the scores' last digits differently in different summation orders."""
    mask = mask.copy()
    row = tuple(int(rng.integers(size)) for size in mask.shape[:-1])
    mask[row] -= 1e4
    return mask


def block_row(rng, attn_mask, key_padding_mask, n: int, tgt_len: int, heads: int) -> np.ndarray:
    """Mask every key of one query row (or of one batch element) completely: torch then returns NaN
    weights (need_weights=True, softmax of all -inf) or zeros (scaled_dot_product_attention).
    Returns the (N, L) bool array of the queries left without keys."""
    targets = [m for m in (attn_mask, key_padding_mask) if m is not None]
    mask = targets[rng.integers(len(targets))]
    row = tuple(int(rng.integers(size)) for size in mask.shape[:-1])
    mask[row] = True if mask.dtype == np.bool_ else -np.inf
    blocked = np.zeros((n, tgt_len), dtype=bool)
    if mask is key_padding_mask:
        blocked[row[0] if row else 0, :] = True
    elif mask.ndim == 2:
        blocked[:, row[0]] = True
    else:
        blocked[row[0] // heads, row[1]] = True
    return blocked


def defined_gradient_masks(blocked, inputs, batched: bool, batch_first: bool) -> dict:
    """With need_weights=True a query without keys has NaN weights, so its output, its query
    gradient and its batch element's key/value gradients are NaN: undefined, and left out of the
    gradient comparison (the NaN outputs and parameter gradients are still compared)."""
    def in_layout(ok, x):  # ok: (N, L) or (N, 1) -> x's shape
        if not batched:
            ok = ok[0]
        elif not batch_first:
            ok = ok.T
        return np.broadcast_to(ok[..., None], x.shape).copy()

    per_query, per_batch = ~blocked, ~blocked.any(axis=1, keepdims=True)
    return {0: in_layout(per_query, inputs[0]), 1: in_layout(per_batch, inputs[1]),
            2: in_layout(per_batch, inputs[2])}


def draw_masks(draw, rng, dtype: str, n: int, heads: int, tgt_len: int, src_len: int, batched: bool,
               names=("attn_mask", "key_padding_mask"), causal: bool = False, far: bool = False) -> dict:
    """Forward kwargs: an attention mask ((L, S) or (N * heads, L, S), with is_causal at random;
    ``causal``: always, with is_causal=True; ``far``: always a float mask with a row far below,
    not causal) and a key padding mask ((N, S), or (S,) unbatched), each absent, bool or float."""
    attn_name, padding_name = names
    fkw = {}
    safe_key = int(rng.integers(src_len))
    attn_kinds = ["float"] if far else ["bool", "float"] if causal else [None, "bool", "float"]
    attn_kind = draw(st.sampled_from(attn_kinds))
    if attn_kind is not None:
        three_d = draw(st.booleans())
        shape = ((n if batched else 1) * heads, tgt_len, src_len) if three_d else (tgt_len, src_len)
        fkw[attn_name] = draw_mask(rng, shape, attn_kind, dtype, safe_key)
        is_causal = True if causal else None if far else draw(st.sampled_from([None, False, True]))
        if is_causal is not None:
            fkw["is_causal"] = is_causal
        if is_causal:  # a hint that attn_mask IS the causal mask (torch: a wrong hint is undefined)
            fkw[attn_name] = causal_mask(shape, attn_kind, dtype)
        elif attn_kind == "float" and dtype == "float64":
            fkw[attn_name] = far_below(rng, fkw[attn_name])
    padding_kind = draw(st.sampled_from([None, "bool", "float"]))
    if padding_kind is not None:
        fkw[padding_name] = draw_mask(rng, (n, src_len) if batched else (src_len,), padding_kind, dtype,
                                      safe_key)
    return fkw


@st.composite
def mha_config(draw):
    """(embed_dim, num_heads, constructor kwargs)."""
    heads, head_dim = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    embed = heads * head_dim
    kwargs = {}
    if draw(st.booleans()):
        kwargs["kdim"] = draw(st.integers(1, 5))
    if draw(st.booleans()):
        kwargs["vdim"] = draw(st.integers(1, 5))
    for flag in ("bias", "add_bias_kv", "add_zero_attn", "batch_first"):
        if draw(st.booleans()):
            kwargs[flag] = draw(st.booleans())
    if draw(st.sampled_from([True, False])):  # half of the cases: dropout, mostly 0 < p < 1
        kwargs["dropout"] = draw(st.sampled_from(DROPOUTS))
    elif draw(st.booleans()):
        kwargs["dropout"] = 0.0
    return embed, heads, kwargs


@st.composite
def mha_cases(draw):
    """Kinds: any settings (3 in 5); the is_causal path (causal mask, need_weights=False: without a
    key_padding_mask torch then builds its own causal mask over all keys, appended ones included);
    a float64 float attention mask with one query row 1e4 below the rest (see far_below)."""
    kind = one_kind(draw, ["any", "any", "any", "causal", "far below"])
    dtype, seed = ("float64" if kind == "far below" else draw(dtypes)), draw(seeds)
    embed, heads, kwargs = draw(mha_config())
    rng = rng_for(seed)
    batched = draw(st.sampled_from(range(4))) != 3
    n = draw(st.integers(1, 3)) if batched else 1
    tgt_len, src_len = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    batch_first = kwargs.get("batch_first", False)

    def sequence(length, features):
        if not batched:
            shape = (length, features)
        else:
            shape = (n, length, features) if batch_first else (length, n, features)
        return normal_array(rng, shape, dtype)

    query = sequence(tgt_len, embed)
    key = sequence(src_len, kwargs.get("kdim") or embed)
    value = sequence(src_len, kwargs.get("vdim") or embed)

    fkw = draw_masks(draw, rng, dtype, n, heads, tgt_len, src_len, batched, causal=kind == "causal",
                     far=kind == "far below")
    need_weights = False if kind == "causal" else draw(st.sampled_from([None, True, False]))  # None: True
    if need_weights is not None:
        fkw["need_weights"] = need_weights
    if draw(st.booleans()):
        fkw["average_attn_weights"] = draw(st.booleans())
    appended = kwargs.get("add_bias_kv", False) or kwargs.get("add_zero_attn", False)
    dropout = kwargs.get("dropout", 0.0)
    grad_masks = {}
    masked = ("attn_mask" in fkw and not fkw.get("is_causal")) or "key_padding_mask" in fkw
    if masked and not appended and not dropout and draw(st.booleans()):  # a query without keys
        attn_mask = None if fkw.get("is_causal") else fkw.get("attn_mask")  # the causal mask stays causal
        blocked = block_row(rng, attn_mask, fkw.get("key_padding_mask"), n, tgt_len, heads)
        if need_weights is not False:
            grad_masks = defined_gradient_masks(blocked, (query, key, value), batched, batch_first)
    return Case(Ctor("MultiheadAttention", (embed, heads), kwargs), inputs=(query, key, value),
                forward_kwargs=fkw, grad_inputs=(0, 1, 2), dtype=dtype, seed=seed,
                train=dropout == 0.0 or draw(st.sampled_from([True, True, False])), grad_masks=grad_masks)


def random_dropout(case, train: bool) -> bool:
    """A forward draws a dropout mask: training mode with 0 < dropout < 1."""
    return train and 0.0 < case.ctor.kwargs.get("dropout", 0.0) < 1.0


# ----------------------------------------------------------------------------------------------
# Errors
# ----------------------------------------------------------------------------------------------
@st.composite
def mha_error_cases(draw):
    seed = draw(seeds)
    rng = rng_for(seed)
    heads, head_dim = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    embed = heads * head_dim
    separate = draw(st.booleans())
    kdim = draw(st.integers(1, 4)) if separate else embed
    kwargs = {"kdim": kdim} if separate else {}
    n, tgt_len, src_len = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))

    def x(*shape):
        return normal_array(rng, shape, "float64")

    def case(ctor_args=(embed, heads), inputs=None, fkw=None, ctor_kwargs=None):
        inputs = inputs or (x(tgt_len, n, embed), x(src_len, n, kdim), x(src_len, n, embed))
        return Case(Ctor("MultiheadAttention", ctor_args, kwargs if ctor_kwargs is None else ctor_kwargs),
                    inputs=inputs, forward_kwargs=fkw or {}, grad_inputs=(0, 1, 2), seed=seed,
                    expect_error=True)

    def other(size):
        return draw(st.integers(1, 4).filter(lambda v: v != size))

    def key_width_mismatch(width):
        """Packed weights: key and value both too wide/narrow (torch's matmul raises RuntimeError);
        separate weights: the key only (AssertionError)."""
        return case(inputs=(x(tgt_len, n, embed), x(src_len, n, width), x(src_len, n, embed if separate else width)))

    def batch_mismatch(m):
        return case(inputs=(x(tgt_len, n, embed), x(src_len, m, kdim), x(src_len, m, embed)))

    bool_mask = rng.random((tgt_len, src_len)) < 0.3
    choices = {
        "not divisible": lambda: case((embed * 2 + 1, 2), ctor_kwargs={}),
        "embed_dim <= 0": lambda: case((draw(st.integers(-2, 0)), heads), ctor_kwargs={}),
        "num_heads <= 0": lambda: case((embed, draw(st.integers(-2, 0))), ctor_kwargs={}),
        "1-D query": lambda: case(inputs=(x(embed), x(src_len, kdim), x(src_len, embed))),
        "4-D query": lambda: case(inputs=(x(1, tgt_len, n, embed), x(1, src_len, n, kdim), x(1, src_len, n, embed))),
        "key ndim": lambda: case(inputs=(x(tgt_len, n, embed), x(src_len, kdim), x(src_len, embed))),
        "value ndim": lambda: case(inputs=(x(tgt_len, n, embed), x(src_len, n, kdim), x(src_len, embed))),
        # torch's F.dropout raises ValueError (need_weights=True); p < 0 is not validated by torch
        "dropout above 1": lambda: case(ctor_kwargs={**kwargs, "dropout": draw(st.sampled_from([1.5, 3.0]))}),
        # need_weights=False goes through scaled_dot_product_attention: RuntimeError
        "dropout above 1 without weights": lambda: case(ctor_kwargs={**kwargs, "dropout": 1.5},
                                                        fkw={"need_weights": False}),
        "query features": lambda: case(inputs=(x(tgt_len, n, other(embed)), x(src_len, n, kdim), x(src_len, n, embed))),
        "key features": lambda: key_width_mismatch(other(kdim)),
        "value length": lambda: case(inputs=(x(tgt_len, n, embed), x(src_len, n, kdim), x(other(src_len), n, embed))),
        "batch sizes": lambda: batch_mismatch(other(n)),
        "2-D attn_mask shape": lambda: case(fkw={"attn_mask": rng.random((other(tgt_len), src_len)) < 0.3}),
        "3-D attn_mask shape": lambda: case(fkw={"attn_mask": rng.random((n * heads + 1, tgt_len, src_len)) < 0.3}),
        "1-D attn_mask": lambda: case(fkw={"attn_mask": bool_mask[0]}),
        "unbatched 3-D attn_mask": lambda: case(inputs=(x(tgt_len, embed), x(src_len, kdim), x(src_len, embed)),
                                                fkw={"attn_mask": rng.random((heads + 1, tgt_len, src_len)) < 0.3}),
        "key_padding_mask ndim": lambda: case(fkw={"key_padding_mask": bool_mask[0]}),
        "key_padding_mask shape": lambda: case(fkw={"key_padding_mask": rng.random((n, other(src_len))) < 0.3}),
        "key_padding_mask batch": lambda: case(fkw={"key_padding_mask": rng.random((other(n), src_len)) < 0.3}),
        "integer mask": lambda: case(fkw={"attn_mask": bool_mask.astype(np.int64)}),
        "is_causal without attn_mask": lambda: case(fkw={"is_causal": True}),
    }
    return one_kind(draw, [choices[name] for name in sorted(choices)])()


# ----------------------------------------------------------------------------------------------
# Dropout properties, upstream gradients, init (the properties: oracle/recurrent_properties.py)
# ----------------------------------------------------------------------------------------------
properties.PROPERTIES["MultiheadAttention"] = attention_properties


# ----------------------------------------------------------------------------------------------
# Where a difference is: positions, heads, the q/k/v block of a projection row
# ----------------------------------------------------------------------------------------------
def _head(feature: int, head_dim: int) -> str:
    return f"head {feature // head_dim}, feature {feature % head_dim} of the head"


def _sequence_position(index: tuple, case, what: str) -> str:
    batch_first, batched = case.ctor.kwargs.get("batch_first", False), case.inputs[0].ndim == 3
    if not batched:
        return f"{what} position {index[0]}, feature {index[1]}"
    n, position = (index[0], index[1]) if batch_first else (index[1], index[0])
    return f"{what} position {position}, batch {n}, feature {index[2]}"


def _weights_index(index: tuple, case) -> str:
    batched = case.inputs[0].ndim == 3
    per_head = len(index) == (4 if batched else 3)
    n = f"batch {index[0]}, " if batched else ""
    head = f"head {index[-3]}, " if per_head else ""
    key, src_len = index[-1], case.inputs[1].shape[0 if not batched or not case.ctor.kwargs.get("batch_first") else 1]
    appended = ""
    if key >= src_len:
        appended = " (the appended bias_k key)" if case.ctor.kwargs.get("add_bias_kv") and key == src_len \
            else " (the appended zero key of add_zero_attn)"
    return f"{n}{head}query {index[-2]}, key {key}{appended}"


def locate_attention(label: str, index: tuple, case) -> str:
    embed, heads = case.ctor.args[:2]
    head_dim = embed // heads
    if "in_proj_weight" in label or "in_proj_bias" in label:
        block, row = divmod(index[0], embed)
        return f"the W_{'qkv'[block]} block (rows {block * embed}..{block * embed + embed - 1}), {_head(row, head_dim)}"
    for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
        if name in label:
            return f"{name[0]} projection, {_head(index[0], head_dim)}"
    if "out_proj.weight" in label:
        return f"output feature {index[0]}, input column {index[1]} = {_head(index[1], head_dim)}"
    if "bias_k" in label or "bias_v" in label:
        return _head(index[-1], head_dim)
    if "param.grad" in label or "state_dict" in label:
        return ""
    if label.endswith("output[1]"):
        return _weights_index(index, case)
    if "gradient" in label:
        which = {"[0]": "query", "[1]": "key", "[2]": "value"}.get(label[-3:], "query")
        return _sequence_position(index, case, which)
    if label.endswith("[0]"):
        return _sequence_position(index, case, "query")
    return ""


def weights_get_no_gradient(case, output, rng):
    """A random gradient for attn_output; None for the attention weights (the contract)."""
    return [rng.standard_normal(output[0].shape).astype(output[0].dtype), None]


def xavier(fan_in: int, fan_out: int):
    """xavier_uniform_'s distribution: U(-a, a), a = sqrt(6 / (fan_in + fan_out))."""
    bound = math.sqrt(6 / (fan_in + fan_out))
    return stats.uniform(loc=-bound, scale=2 * bound)


def mha_init():
    linear = stats.uniform(loc=-1 / 8, scale=1 / 4)  # out_proj: Linear(64, 64) default init
    return [
        InitSpec({"in_proj_weight": xavier(64, 192), "in_proj_bias": np.zeros(192),
                  "out_proj.weight": linear, "out_proj.bias": np.zeros(64)},
                 ctor=Ctor("MultiheadAttention", (64, 4))),
        InitSpec({"q_proj_weight": xavier(64, 64), "k_proj_weight": xavier(32, 64),
                  "v_proj_weight": xavier(48, 64), "out_proj.weight": linear,
                  "bias_k": stats.norm(scale=np.sqrt(2 / 128)), "bias_v": stats.norm(scale=np.sqrt(2 / 128))},
                 ctor=Ctor("MultiheadAttention", (64, 8), {"kdim": 32, "vdim": 48, "add_bias_kv": True,
                                                         "bias": False})),
    ]


SPECS = [
    LayerSpec(
        "MultiheadAttention", "attention", mha_cases, error_cases=mha_error_cases, init=mha_init,
        has_params=True, property_checks=("forward", "input_grad", "param_grad"), random_case=random_dropout,
        locate=locate_attention, upstream=weights_get_no_gradient,
        # a dozen independent options (kdim/vdim, bias_kv, zero_attn, masks, is_causal,
        # need_weights, averaging, dropout): 25 examples leave combinations such as need_weights=False
        # with several keys untried
        examples={"forward": 60, "input_grad": 60, "param_grad": 25, "state": 20, "errors": 40},
        hints={
            "forward": "Scores are (q k^T) / sqrt(head_dim) plus the masks, softmax over the keys (last "
                       "axis); head h uses features h*head_dim..(h+1)*head_dim-1 of the projections; a bool "
                       "mask is -inf where True; key_padding_mask masks keys (columns) per batch element; "
                       "bias_k/bias_v and the zero key are appended after the projection; a fully masked "
                       "row gives NaN weights when need_weights=True and zeros when need_weights=False; "
                       "dropout (training mode only) multiplies each per-head weight by a fresh 0 / (1/(1-p)) "
                       "mask after the softmax, before P @ V, and the weights returned are the dropped ones.",
            "input_grad": "Back through out_proj, the heads merge, P @ V, softmax (dS = P (dP - sum(dP P))), "
                          "the 1/sqrt(head_dim) scale and the three projections; return (d_query, d_key, "
                          "d_value), one per input. With dropout, dV uses the dropped weights and dP is "
                          "multiplied by the SAME mask forward drew before the softmax backward.",
            "param_grad": "in_proj_weight's rows are [W_q; W_k; W_v] (or q/k/v_proj_weight with kdim/vdim); "
                          "bias_k/bias_v get the gradient of the appended key/value, summed over the batch; "
                          "ADD into .grad.",
            "state": "Parameter names as torch: in_proj_weight (or q/k/v_proj_weight), in_proj_bias, "
                     "out_proj.weight, out_proj.bias (a Linear submodule), bias_k, bias_v.",
            "errors": "torch raises AssertionError for shape/dimension problems and non-divisible embed_dim, "
                      "ValueError for embed_dim/num_heads <= 0, RuntimeError for a wrong attn_mask shape, "
                      "mismatched batch sizes, a packed projection size mismatch, and is_causal without attn_mask.",
            "init": "xavier_uniform_ on in_proj_weight (or on each of q/k/v_proj_weight), zero in_proj_bias "
                    "and out_proj.bias, Linear's default init for out_proj.weight, xavier_normal_ on "
                    "bias_k/bias_v.",
        }),
]
