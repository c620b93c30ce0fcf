"""Registry entries for reference/transformer.py: TransformerEncoderLayer.

As for MultiheadAttention, a case with dropout > 0 (the default is 0.1) runs its graded forward and
backward in eval mode, where dropout is off; the forward check's property function then also runs
the layer in training mode: with dropout = 1 the output is deterministic (both residual branches
are zeroed) and compared exactly, with 0 < p < 1 only its shape and dtype are checked.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy import stats

from .. import properties
from ..checks import compare_values
from ..spec import Case, Ctor, InitSpec, LayerSpec
from ..strategies import dtypes, normal_array, rng_for, seeds
from .attention import (ANY_VALUE, DROPOUTS, block_row, draw_masks, forward_in_mode, inputs_unchanged,
                        training_with_full_dropout, xavier)

ACTIVATIONS = ("relu", "gelu", Ctor("ReLU"), Ctor("GELU"), Ctor("GELU", (), {"approximate": "tanh"}))


@st.composite
def encoder_config(draw):
    nhead, head_dim = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    # d_model >= 3: LayerNorm over 1 or 2 features has an output of +-weight (+ bias) whatever the
    # input (x_hat = +-1 up to eps), so its Jacobian is ~0 and what torch and NumPy return for it is
    # rounding noise, amplified by 1/sqrt(var + eps): no exact answer to compare with.
    d_model = max(nhead * head_dim, nhead * math.ceil(3 / nhead))
    kwargs = {}
    if draw(st.sampled_from(range(5))) != 4:  # the default 2048 now and then
        kwargs["dim_feedforward"] = draw(st.integers(1, 6))
    dropout = draw(st.sampled_from((0.0,) * 3 + DROPOUTS + (None,)))  # None: the default 0.1
    if dropout is not None:
        kwargs["dropout"] = dropout
    if draw(st.booleans()):
        kwargs["activation"] = draw(st.sampled_from(ACTIVATIONS))
    if draw(st.booleans()):
        kwargs["layer_norm_eps"] = draw(st.sampled_from([1e-5, 1e-3, 0.1, 1.0]))
    for flag in ("batch_first", "norm_first", "bias"):
        if draw(st.booleans()):
            kwargs[flag] = draw(st.booleans())
    return Ctor("TransformerEncoderLayer", (d_model, nhead), kwargs)


@st.composite
def encoder_cases(draw):
    ctor = draw(encoder_config())
    d_model, nhead = ctor.args
    kwargs = ctor.kwargs
    # The default dim_feedforward=2048 only in float64: with thousands of ReLU pre-activations one
    # lands within float32 rounding of the kink at 0 in ~1% of cases, where torch's and NumPy's
    # summation orders can pick different sides and the gradients then differ by a whole term.
    dtype = draw(dtypes) if "dim_feedforward" in kwargs else "float64"
    seed = draw(seeds)
    rng = rng_for(seed)
    batched = draw(st.sampled_from(range(4))) != 3
    n, length = (draw(st.integers(1, 3)) if batched else 1), draw(st.integers(1, 4))
    if not batched:
        shape = (length, d_model)
    else:
        shape = (n, length, d_model) if kwargs.get("batch_first") else (length, n, d_model)
    src = normal_array(rng, shape, dtype)
    fkw = draw_masks(draw, rng, dtype, n, nhead, length, length, batched,
                     names=("src_mask", "src_key_padding_mask"))
    dropout = kwargs.get("dropout", 0.1)
    masked = "src_mask" in fkw or "src_key_padding_mask" in fkw
    if masked and not dropout and draw(st.sampled_from(range(5))) == 4:
        block_row(rng, fkw.get("src_mask"), fkw.get("src_key_padding_mask"), n, length, nhead)
    return Case(ctor, inputs=(src,), forward_kwargs=fkw, dtype=dtype, seed=seed, train=dropout == 0.0)


@st.composite
def encoder_error_cases(draw):
    seed = draw(seeds)
    rng = rng_for(seed)
    nhead, head_dim = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    d_model = nhead * head_dim
    n, length = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kwargs = {"dim_feedforward": draw(st.integers(1, 4)), "dropout": 0.0}
    if draw(st.booleans()):
        kwargs["norm_first"] = draw(st.booleans())

    def case(args=(d_model, nhead), src_shape=(length, n, d_model), fkw=None, **changes):
        return Case(Ctor("TransformerEncoderLayer", args, {**kwargs, **changes}),
                    inputs=(normal_array(rng, src_shape, "float64"),), forward_kwargs=fkw or {},
                    seed=seed, expect_error=True)

    mask = rng.random((length, length)) < 0.3
    choices = {
        "not divisible": lambda: case(args=(2 * d_model + 1, 2)),
        "nhead <= 0": lambda: case(args=(d_model, draw(st.integers(-1, 0)))),
        "activation": lambda: case(activation=draw(st.sampled_from(["tanh", "Relu", "sigmoid"]))),
        "dropout > 1": lambda: case(dropout=1.5),
        "dropout < 0": lambda: case(dropout=-0.1),
        "src features": lambda: case(src_shape=(length, n, d_model + 1)),
        "1-D src": lambda: case(src_shape=(d_model,)),
        "src_mask shape": lambda: case(fkw={"src_mask": rng.random((length + 1, length)) < 0.3}),
        "3-D src_mask shape": lambda: case(fkw={"src_mask": rng.random((n * nhead + 1, length, length)) < 0.3}),
        "padding mask shape": lambda: case(fkw={"src_key_padding_mask": rng.random((n, length + 1)) < 0.3}),
        "integer src_mask": lambda: case(fkw={"src_mask": mask.astype(np.int32)}),
        "is_causal without src_mask": lambda: case(fkw={"is_causal": True}),
    }
    return choices[draw(st.sampled_from(sorted(choices)))]()


def encoder_properties(check, case, actual, expected, session, **extra) -> list[str]:
    """Exact comparison of the (eval-mode, for dropout > 0) output, then the training-mode run:
    exact with dropout = 1, shape and dtype with 0 < p < 1."""
    problems = compare_values("output", actual["output"], expected["output"], session.tol)
    problems += inputs_unchanged(actual, case)
    p = case.ctor.kwargs.get("dropout", 0.1)
    if problems or p == 0.0:
        return problems
    if p == 1.0:
        return training_with_full_dropout(case, session)
    train_output, problem = forward_in_mode(session, case, session.impl, train=True)
    if problem:
        return [problem]
    return compare_values(f"training-mode output with dropout={p}", train_output, expected["output"], ANY_VALUE)


properties.PROPERTIES["TransformerEncoderLayer"] = encoder_properties


def encoder_init():
    def uniform(bound):
        return stats.uniform(loc=-bound, scale=2 * bound)
    return [InitSpec({"self_attn.in_proj_weight": xavier(64, 192),
                      "self_attn.in_proj_bias": np.zeros(192), "self_attn.out_proj.weight": uniform(1 / 8),
                      "self_attn.out_proj.bias": np.zeros(64), "linear1.weight": uniform(1 / 8),
                      "linear1.bias": uniform(1 / 8), "linear2.weight": uniform(1 / 16),
                      "linear2.bias": uniform(1 / 16), "norm1.weight": np.ones(64), "norm1.bias": np.zeros(64),
                      "norm2.weight": np.ones(64), "norm2.bias": np.zeros(64)},
                     ctor=Ctor("TransformerEncoderLayer", (64, 4), {"dim_feedforward": 256}))]


SPECS = [
    LayerSpec(
        "TransformerEncoderLayer", "transformer", encoder_cases, error_cases=encoder_error_cases, composite=True,
        init=encoder_init, has_params=True, property_checks=("forward",),
        hints={
            "forward": "Post-norm: x = norm1(x + SA(x)); y = norm2(x + FF(x)). Pre-norm (norm_first): "
                       "x = x + SA(norm1(x)); y = x + FF(norm2(x)). SA is self_attn(x, x, x, need_weights=False) "
                       "(fully masked queries give 0), FF = linear2(activation(linear1(x))); dropout only in "
                       "training mode.",
            "input_grad": "The input feeds the residual connection and self_attn's query, key and value: add "
                          "all four gradients.",
            "param_grad": "Every submodule (self_attn, linear1, linear2, norm1, norm2) accumulates its own "
                          "gradients; ADD into .grad.",
            "state": "Submodule names as torch: self_attn, linear1, dropout, linear2, norm1, norm2, dropout1, "
                     "dropout2; a string activation is not a submodule.",
            "errors": "Errors come from the parts (MultiheadAttention, Dropout, LayerNorm); an unknown "
                      "activation string raises RuntimeError.",
            "init": "self_attn as MultiheadAttention, linear1/linear2 as Linear, LayerNorms ones/zeros.",
        }),
]
