"""Registry entries for reference/linear.py: Identity, Linear."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from scipy import stats

from ..spec import Case, Ctor, InitSpec, LayerSpec
from ..strategies import dtypes, normal_array, one_kind, rng_for, seeds, shapes


@st.composite
def identity_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    args = draw(st.sampled_from([(), (3,), ("anything",)]))
    x = normal_array(rng_for(seed), shapes(draw, min_dims=0), dtype)
    return Case(Ctor("Identity", args), inputs=(x,), dtype=dtype, seed=seed)


@st.composite
def linear_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    # 0 features is legal in torch (an empty matmul; the output is the bias)
    in_features, out_features = draw(st.integers(0, 7)), draw(st.integers(0, 7))
    kwargs = {"bias": draw(st.booleans())} if draw(st.booleans()) else {}
    lead = shapes(draw, min_dims=0, max_dims=3, max_side=4)
    x = normal_array(rng_for(seed), lead + (in_features,), dtype)
    return Case(Ctor("Linear", (in_features, out_features), kwargs), inputs=(x,), dtype=dtype, seed=seed)


@st.composite
def linear_error_cases(draw):
    seed = draw(seeds)
    in_features, out_features = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    negative = draw(st.sampled_from([-1, -in_features]))  # -1: the boundary of "size < 0"
    wrong = draw(st.integers(1, 6).filter(lambda n: n != in_features))
    x = normal_array(rng_for(seed), (2, wrong), "float64")
    return one_kind(draw, [
        Case(Ctor("Linear", (in_features, out_features)), inputs=(x,), seed=seed, expect_error=True),
        Case(Ctor("Linear", (negative, out_features)), inputs=(x,), seed=seed, expect_error=True),
        Case(Ctor("Linear", (in_features, negative)), inputs=(x,), seed=seed, expect_error=True),
        Case(Ctor("Linear", (in_features, out_features)), inputs=(x[0, 0, ...],), seed=seed, expect_error=True),
    ])


def linear_init():
    bound = 1 / 8  # 1/sqrt(fan_in) for fan_in = 64: kaiming_uniform_(a=sqrt(5)) and the bias rule
    uniform = stats.uniform(loc=-bound, scale=2 * bound)
    one_input = stats.uniform(loc=-1.0, scale=2.0)  # fan_in = 1: the bound is exactly 1
    # 16384 weights: the KS test then notices a bound 4% off (kaiming's a=sqrt(6) instead of sqrt(5))
    return [InitSpec({"weight": uniform, "bias": uniform}, ctor=Ctor("Linear", (64, 256))),
            InitSpec({"weight": one_input, "bias": one_input}, ctor=Ctor("Linear", (1, 256))),
            InitSpec({"bias": np.zeros(16)}, ctor=Ctor("Linear", (0, 16)))]  # fan_in = 0: bias bound 0


SPECS = [
    LayerSpec("Identity", "linear", identity_cases,
              hints={"forward": "Identity returns its input unchanged and ignores constructor arguments.",
                     "input_grad": "Identity's backward returns grad_output unchanged.",
                     "state": "Identity has no parameters or buffers (whatever its constructor arguments): "
                              "state_dict() is empty."}),
    LayerSpec("Linear", "linear", linear_cases, error_cases=linear_error_cases, init=linear_init,
              has_params=True,
              hints={
                  "forward": "y = x @ W.T + b with W of shape (out_features, in_features); inputs may "
                             "have any number of leading dimensions.",
                  "input_grad": "dL/dx = g @ W (g has the output's shape).",
                  "param_grad": "dL/dW = g^T x summed over every leading dimension (reshape to 2-D "
                                "first); dL/db = g summed over them; ADD into .grad.",
                  "errors": "A last input dimension other than in_features raises RuntimeError, as "
                            "torch's matmul; negative sizes raise RuntimeError.",
                  "state": "state_dict keys 'weight' (out_features, in_features) and 'bias' (out_features,); "
                           "with bias=False there is no 'bias' key (register_parameter('bias', None)).",
                  "init": "weight and bias ~ U(-1/sqrt(in_features), 1/sqrt(in_features)) "
                          "(kaiming_uniform_ with a=sqrt(5) gives exactly this bound).",
              }),
]
