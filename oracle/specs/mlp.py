"""Registry entry for reference/mlp.py: MLP (torchvision.ops.MLP).

torch.nn has no MLP and torchvision is not a dependency, so ``torch_factory`` builds the same
torch.nn.Sequential as torchvision.ops.MLP from torch.nn classes (the torch executor resolves the
LayerRef arguments, e.g. norm_layer=LayerRef("BatchNorm1d"), against torch.nn).

Cases use dropout 0.0 (or 1.0: all zeros), the deterministic values, so the whole block is
compared by value; Dropout's randomness is tested by the Dropout entries. Norm layers and
activations are drawn among those in the registry, so the MLP uses only graded layers.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from scipy import stats

from ..spec import Case, Ctor, InitSpec, LayerRef, LayerSpec
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds, shapes

#: Activations drawn for activation_layer; the first group takes an ``inplace`` argument.
INPLACE_ACTIVATIONS = ("ReLU", "LeakyReLU", "SiLU", "ELU", "Hardswish")
OTHER_ACTIVATIONS = ("Tanh", "GELU", "Sigmoid")
NORM_LAYERS = ("BatchNorm1d", "LayerNorm")


def registered(names) -> list[str]:
    from ..registry import BY_NAME  # the registry imports this module: look it up lazily
    return [name for name in names if name in BY_NAME]


def mlp_torch_factory():
    """torchvision.ops.MLP's construction, on torch.nn classes."""
    import torch

    def build(in_channels, hidden_channels, norm_layer=None, activation_layer=torch.nn.ReLU,
              inplace=None, bias=True, dropout=0.0):
        params = {} if inplace is None else {"inplace": inplace}
        layers = []
        in_dim = in_channels
        for hidden_dim in hidden_channels[:-1]:
            layers.append(torch.nn.Linear(in_dim, hidden_dim, bias=bias))
            if norm_layer is not None:
                layers.append(norm_layer(hidden_dim))
            layers.append(activation_layer(**params))
            layers.append(torch.nn.Dropout(dropout, **params))
            in_dim = hidden_dim
        layers.append(torch.nn.Linear(in_dim, hidden_channels[-1], bias=bias))
        layers.append(torch.nn.Dropout(dropout, **params))
        return torch.nn.Sequential(*layers)

    return build


@st.composite
def mlp_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    in_channels = draw(st.integers(1, 5))
    hidden = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    hidden = draw(st.sampled_from([hidden, tuple(hidden)]))
    norm = draw(st.sampled_from([None, *registered(NORM_LAYERS)]))
    with_inplace, without = registered(INPLACE_ACTIVATIONS), registered(OTHER_ACTIVATIONS)
    activation = draw(st.sampled_from(["default", *with_inplace, *without]
                                      + ([None] if len(hidden) == 1 else [])))
    # inplace is passed to the activation: only classes with an inplace argument accept it.
    takes_inplace = activation in ("default", *with_inplace) or len(hidden) == 1
    inplace = draw(st.sampled_from([None, False, True] if takes_inplace else [None]))
    optional = {
        "norm_layer": None if norm is None else LayerRef(norm),
        "inplace": inplace,
        "bias": draw(st.booleans()),
        "dropout": draw(st.sampled_from([0.0, 0.0, 0.0, 0, 1.0])),
    }
    if activation != "default":
        optional["activation_layer"] = None if activation is None else LayerRef(activation)
    kwargs = {k: v for k, v in optional.items() if draw(st.booleans())}
    if kwargs.get("inplace") and kwargs.get("dropout"):
        # In torch, an in-place Dropout with p > 0 overwrites the saved output of an in-place
        # ReLU/LeakyReLU/ELU and autograd refuses to run backward (RuntimeError).
        del kwargs["dropout"]
    if norm == "BatchNorm1d" and "norm_layer" in kwargs:
        lead = (draw(st.integers(2, 5)),)  # BatchNorm1d reads (N, C) and needs N > 1 in training
    else:
        lead = shapes(draw, min_dims=0, max_dims=2, max_side=4)
    if kwargs.get("norm_layer") is not None:
        # A norm over a few nearly equal values (a batch of 2, a width of 1) amplifies rounding
        # errors by up to 1/sqrt(eps) per norm layer, and the bias of the Linear before it has a
        # gradient that is exactly zero up to that noise: float32 cannot be compared there (the
        # norm layers' own entries test float32).
        dtype = "float64"
    x = normal_array(rng_for(seed), lead + (in_channels,), dtype)
    return Case(Ctor("MLP", (in_channels, hidden), kwargs), inputs=(x,), dtype=dtype, seed=seed,
                train=draw(st.integers(0, 4)) > 0)


@st.composite
def mlp_error_cases(draw):
    seed = draw(seeds)
    in_channels = draw(st.integers(1, 4))
    hidden = draw(st.lists(st.integers(1, 4), min_size=2, max_size=3))
    x = normal_array(rng_for(seed), (3, in_channels), "float64")
    wrong = normal_array(rng_for(seed), (3, in_channels + draw(st.integers(1, 3))), "float64")
    no_inplace = registered(OTHER_ACTIVATIONS)[:1]
    options = [
        Case(Ctor("MLP", (in_channels, [])), inputs=(x,), seed=seed, expect_error=True),  # IndexError
        Case(Ctor("MLP", (in_channels, hidden), {"dropout": draw(st.sampled_from([-0.5, 1.5]))}),
             inputs=(x,), seed=seed, expect_error=True),  # ValueError from Dropout
        Case(Ctor("MLP", (in_channels, hidden), {"activation_layer": None}), inputs=(x,), seed=seed,
             expect_error=True),  # TypeError: None is called
        Case(Ctor("MLP", (in_channels, hidden)), inputs=(wrong,), seed=seed, expect_error=True),  # RuntimeError
    ]
    options += [Case(Ctor("MLP", (in_channels, hidden), {"activation_layer": LayerRef(name), "inplace": True}),
                     inputs=(x,), seed=seed, expect_error=True) for name in no_inplace]  # TypeError
    return one_kind(draw, options)


def mlp_init():
    def linear(fan_in):
        bound = 1 / math.sqrt(fan_in)
        return stats.uniform(loc=-bound, scale=2 * bound)

    specs = [InitSpec({"0.weight": linear(64), "0.bias": linear(64), "3.weight": linear(48), "3.bias": linear(48)},
                      ctor=Ctor("MLP", (64, [48, 32])))]
    if registered(["LayerNorm"]):
        specs.append(InitSpec({"0.weight": linear(40), "1.weight": np.ones(50), "1.bias": np.zeros(50),
                               "4.weight": linear(50)},
                              ctor=Ctor("MLP", (40, [50, 30]), {"norm_layer": LayerRef("LayerNorm")})))
    return specs


SPECS = [
    LayerSpec("MLP", "mlp", mlp_cases, error_cases=mlp_error_cases, init=mlp_init, has_params=True, composite=True,
              torch_factory=mlp_torch_factory,
              hints={
                  "forward": "Per hidden width: Linear, norm_layer (if any), activation, Dropout; then the "
                             "last Linear and a Dropout, as torchvision.ops.MLP.",
                  "input_grad": "MLP is a Sequential: backward runs each layer's backward in reverse order.",
                  "param_grad": "Each Linear (and norm layer) accumulates its own gradients; nothing is shared.",
                  "state": "MLP subclasses Sequential, so its keys are '0.weight', '0.bias', then the next "
                           "Linear at index 3 (4 with a norm layer); activations and Dropout count too.",
                  "errors": "hidden_channels=[] raises IndexError; inplace given to an activation without that "
                            "argument, or activation_layer=None with hidden layers, raise TypeError.",
                  "init": "Every Linear keeps its own default init (U(+-1/sqrt(fan_in))); norm layers start at "
                          "weight 1, bias 0.",
              }),
]
