"""Registry entries for reference/container.py: Sequential (chaining forward and backward, and
torch's state_dict numbering)."""
from __future__ import annotations

from hypothesis import strategies as st

from ..spec import Case, Ctor, LayerSpec
from ..strategies import dtypes, normal_array, rng_for, seeds, shapes


@st.composite
def sequential_cases(draw):
    dtype, seed = draw(dtypes), draw(seeds)
    widths = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))
    layers = []
    for i, (n_in, n_out) in enumerate(zip(widths, widths[1:])):
        layers.append(Ctor("Linear", (n_in, n_out), {"bias": draw(st.booleans())}))
        if i < len(widths) - 2:
            layers.append(Ctor(draw(st.sampled_from(["Tanh", "Sigmoid", "Identity"]))))
    lead = shapes(draw, min_dims=1, max_dims=2, max_side=4)
    x = normal_array(rng_for(seed), lead + (widths[0],), dtype)
    return Case(Ctor("Sequential", tuple(layers)), inputs=(x,), dtype=dtype, seed=seed)


SPECS = [
    LayerSpec("Sequential", "container", sequential_cases, has_params=True, composite=True,
              hints={"forward": "Sequential feeds each module's output to the next, in order.",
                     "input_grad": "Sequential.backward calls each module's backward in reverse order.",
                     "param_grad": "Sequential.backward must reach every child's backward, each of which ADDS its "
                                   "own weight/bias gradients (keys '0.weight', '2.bias', ...).",
                     "state": "Children of a Sequential are named '0', '1', ... so keys read '0.weight'; "
                              "train()/eval() must reach every child."}),
]
