"""state_dict naming and save/load of composite models: the reference against torch.

The same architectures are built twice, from the reference and from torch.nn (attribute
submodules, Sequential numbering, nested Sequential, a module registered under two names, a
DataParallel-style wrapper adding the ``module.`` prefix), and their keys, shapes, traversal
names, load_state_dict results and error messages are compared. Save/load round trips go
through ``np.savez`` and ``pickle``.
"""
from __future__ import annotations

import io
import pickle
import re
from collections import OrderedDict

import numpy as np
import pytest

import reference as ref

torch = pytest.importorskip("torch")


def build_net(nn, zeros):
    """A model with attribute submodules, a nested Sequential, parameters, persistent and
    non-persistent buffers, in the namespace ``nn`` (the reference or torch.nn)."""

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Linear(3, 4)
            self.norm = nn.BatchNorm1d(4)
            self.act = nn.ReLU()
            self.head = nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Sequential(nn.Linear(4, 2)))
            self.register_buffer("steps", zeros(2))
            self.register_buffer("scratch", zeros(1), persistent=False)

        def forward(self, x):
            return self.head(self.act(self.norm(self.encoder(x))))

    return Net()


def ref_zeros(n):
    return np.zeros(n, dtype=np.float32)


def shared_pair(nn):
    """One Linear registered under two attribute names, plus one of its own."""

    class Pair(nn.Module):
        def __init__(self):
            super().__init__()
            shared = nn.Linear(2, 2)
            self.first = shared
            self.second = shared
            self.own = nn.Linear(2, 1)

    return Pair()


def wrapper(nn, module):
    """What torch.nn.DataParallel does to names: the model lives under the attribute ``module``."""

    class Wrapper(nn.Module):
        def __init__(self):
            super().__init__()
            self.module = module

        def forward(self, x):
            return self.module(x)

    return Wrapper()


def sequentials(nn):
    return {
        "numbered": nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 1)),
        "ordered_dict": nn.Sequential(OrderedDict([("fc", nn.Linear(2, 3)), ("act", nn.ReLU()),
                                                   ("out", nn.Linear(3, 1, bias=False))])),
        "nested": nn.Sequential(nn.Sequential(nn.Linear(2, 3), nn.ReLU()),
                                nn.Sequential(nn.Identity(), nn.Sequential(nn.Linear(3, 2))), nn.Linear(2, 1)),
    }


def shapes_of(state) -> dict:
    return {k: tuple(v.shape) for k, v in state.items()}


def to_torch_state(state) -> dict:
    return {k: torch.from_numpy(np.array(v)) for k, v in state.items()}


def torch_message(text: str) -> str:
    """torch's error text with its shapes written as NumPy's: torch.Size([3, 2]) -> (3, 2)."""
    def shape(match):
        dims = [d.strip() for d in match.group(1).split(",") if d.strip()]
        return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"
    return re.sub(r"torch\.Size\(\[([^\]]*)\]\)", shape, text)


def load_error(model, state, strict=True) -> str:
    with pytest.raises(RuntimeError) as info:
        model.load_state_dict(state, strict=strict)
    return str(info.value)


# ----------------------------------------------------------------------------------------------
# Names
# ----------------------------------------------------------------------------------------------
def test_attribute_submodules_are_named_like_torch():
    mine, theirs = build_net(ref, ref_zeros), build_net(torch.nn, torch.zeros)
    assert list(mine.state_dict()) == list(theirs.state_dict())
    assert shapes_of(mine.state_dict()) == shapes_of(theirs.state_dict())
    assert [n for n, _ in mine.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in mine.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert [n for n, _ in mine.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in mine.named_children()] == [n for n, _ in theirs.named_children()]
    assert "scratch" not in mine.state_dict()  # non-persistent buffers stay out of state_dict


@pytest.mark.parametrize("kind", ["numbered", "ordered_dict", "nested"])
def test_sequential_keys_match_torch(kind):
    mine, theirs = sequentials(ref)[kind], sequentials(torch.nn)[kind]
    assert list(mine.state_dict()) == list(theirs.state_dict())
    assert shapes_of(mine.state_dict()) == shapes_of(theirs.state_dict())
    assert [n for n, _ in mine.named_modules()] == [n for n, _ in theirs.named_modules()]


def test_module_registered_twice_appears_under_both_names():
    mine, theirs = shared_pair(ref), shared_pair(torch.nn)
    assert list(mine.state_dict()) == list(theirs.state_dict()) == \
        ["first.weight", "first.bias", "second.weight", "second.bias", "own.weight", "own.bias"]
    assert mine.state_dict()["first.weight"] is mine.state_dict()["second.weight"]
    # Traversals report a shared parameter or module once, under its first name.
    assert [n for n, _ in mine.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in mine.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert len(list(mine.parameters())) == len(list(theirs.parameters())) == 4


def test_module_registered_twice_loads_from_either_key():
    mine, theirs = shared_pair(ref), shared_pair(torch.nn)
    state = {k: np.full(v.shape, i, dtype=np.float32) for i, (k, v) in enumerate(mine.state_dict().items())}
    mine.load_state_dict(state)
    theirs.load_state_dict(to_torch_state(state))
    for key, value in theirs.state_dict().items():
        np.testing.assert_array_equal(mine.state_dict()[key], value.numpy())


def test_wrapper_adds_module_prefix_like_data_parallel():
    model = sequentials(ref)["numbered"]
    mine = wrapper(ref, model)
    torch_model = sequentials(torch.nn)["numbered"]
    expected = list(torch.nn.DataParallel(torch_model).state_dict())
    assert list(mine.state_dict()) == expected == ["module." + k for k in model.state_dict()]
    assert list(wrapper(torch.nn, torch_model).state_dict()) == expected


# ----------------------------------------------------------------------------------------------
# Save and load
# ----------------------------------------------------------------------------------------------
def _same_outputs(model_a, model_b, x) -> None:
    model_a.eval()
    model_b.eval()
    np.testing.assert_allclose(model_a(x), model_b(x), rtol=1e-6, atol=1e-7)


def _trained(model):
    """Give every parameter and buffer a distinct value (so a swapped key shows); positive, so
    running variances stay valid."""
    rng = np.random.default_rng(0)
    state = {k: rng.uniform(0.5, 1.5, v.shape).astype(v.dtype) if v.dtype.kind == "f" else np.asarray(7, dtype=v.dtype)
             for k, v in model.state_dict().items()}
    model.load_state_dict(state)
    return model


def test_npz_round_trip_restores_the_model():
    model = _trained(build_net(ref, ref_zeros))
    buffer = io.BytesIO()
    np.savez(buffer, **model.state_dict())
    buffer.seek(0)
    with np.load(buffer) as archive:
        state = {k: archive[k] for k in archive.files}
    restored = build_net(ref, ref_zeros)
    assert restored.load_state_dict(state) == ([], [])
    for key, value in model.state_dict().items():
        np.testing.assert_array_equal(restored.state_dict()[key], value)
        assert restored.state_dict()[key].dtype == value.dtype
    _same_outputs(model, restored, np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32))


def test_pickle_round_trip_and_torch_agree():
    model = _trained(build_net(ref, ref_zeros))
    state = pickle.loads(pickle.dumps(model.state_dict()))
    restored = build_net(ref, ref_zeros)
    restored.load_state_dict(state)
    theirs = build_net(torch.nn, torch.zeros)
    theirs.load_state_dict(to_torch_state(state))
    x = np.random.default_rng(2).standard_normal((4, 3)).astype(np.float32)
    _same_outputs(model, restored, x)
    theirs.eval()
    restored.eval()
    with torch.no_grad():
        np.testing.assert_allclose(restored(x), theirs(torch.from_numpy(x)).numpy(), rtol=1e-5, atol=1e-6)


def test_whole_module_pickles():
    model = _trained(ref.MLP(2, [4, 3], norm_layer=ref.BatchNorm1d))
    copy = pickle.loads(pickle.dumps(model))
    assert list(copy.state_dict()) == list(model.state_dict())
    _same_outputs(model, copy, np.ones((2, 2), dtype=np.float32))


def test_load_keeps_the_parameter_dtype():
    mine, theirs = sequentials(ref)["numbered"], sequentials(torch.nn)["numbered"]
    state = {k: np.ones(v.shape, dtype=np.float64) for k, v in mine.state_dict().items()}
    mine.load_state_dict(state)
    theirs.load_state_dict(to_torch_state(state))
    assert {k: v.dtype for k, v in mine.state_dict().items()} == \
        {k: np.dtype(str(v.dtype).replace("torch.", "")) for k, v in theirs.state_dict().items()}


# ----------------------------------------------------------------------------------------------
# Strict and non-strict loading: torch's results and messages
# ----------------------------------------------------------------------------------------------
def _edited(state, drop=(), add=(), reshape=()) -> dict:
    state = {k: np.array(v) for k, v in state.items() if k not in drop}
    state.update({k: np.zeros(1, dtype=np.float32) for k in add})
    state.update({k: np.zeros((5, 5), dtype=np.float32) for k in reshape})
    return state


EDITS = {
    "missing": dict(drop=("encoder.bias", "head.2.0.weight")),
    "unexpected": dict(add=("head.9.weight", "scratch")),
    "both": dict(drop=("norm.running_var",), add=("extra",)),
    "size_mismatch": dict(reshape=("encoder.weight",)),
    "all": dict(drop=("steps",), add=("encoder.extra",), reshape=("head.0.bias",)),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_strict_loading_raises_torchs_message(edit):
    mine, theirs = build_net(ref, ref_zeros), build_net(torch.nn, torch.zeros)
    state = _edited(mine.state_dict(), **EDITS[edit])
    expected = torch_message(load_error(theirs, to_torch_state(state)))
    assert load_error(mine, state) == expected


@pytest.mark.parametrize("edit", ["missing", "unexpected", "both"])
def test_non_strict_loading_returns_torchs_incompatible_keys(edit):
    mine, theirs = build_net(ref, ref_zeros), build_net(torch.nn, torch.zeros)
    state = _edited(mine.state_dict(), **EDITS[edit])
    result = mine.load_state_dict(state, strict=False)
    expected = theirs.load_state_dict(to_torch_state(state), strict=False)
    assert result.missing_keys == expected.missing_keys
    assert result.unexpected_keys == expected.unexpected_keys
    assert tuple(result) == tuple(expected)


@pytest.mark.parametrize("edit", ["missing", "unexpected", "both"])
def test_non_strict_loading_reports_torchs_keys_in_any_order(edit):
    mine, theirs = build_net(ref, ref_zeros), build_net(torch.nn, torch.zeros)
    state = _edited(mine.state_dict(), **EDITS[edit])
    result = mine.load_state_dict(state, strict=False)
    expected = theirs.load_state_dict(to_torch_state(state), strict=False)
    assert sorted(result.missing_keys) == sorted(expected.missing_keys)
    assert sorted(result.unexpected_keys) == sorted(expected.unexpected_keys)


def test_non_strict_loading_still_rejects_size_mismatch():
    mine, theirs = build_net(ref, ref_zeros), build_net(torch.nn, torch.zeros)
    state = _edited(mine.state_dict(), **EDITS["all"])
    expected = torch_message(load_error(theirs, to_torch_state(state), strict=False))
    assert load_error(mine, state, strict=False) == expected


def test_loading_a_plain_state_into_a_wrapper_fails_like_torch():
    model = sequentials(ref)["nested"]
    torch_model = sequentials(torch.nn)["nested"]
    expected = load_error(torch.nn.DataParallel(torch_model), to_torch_state(model.state_dict()))
    message = load_error(wrapper(ref, model), model.state_dict())
    assert message == expected.replace("for DataParallel:", "for Wrapper:")


def test_wrapped_state_loads_into_the_bare_model_after_stripping_the_prefix():
    model = _trained(sequentials(ref)["nested"])
    wrapped_state = wrapper(ref, model).state_dict()
    bare = sequentials(ref)["nested"]
    bare.load_state_dict({k.removeprefix("module."): v for k, v in wrapped_state.items()})
    _same_outputs(model, bare, np.ones((3, 2), dtype=np.float32))


# ----------------------------------------------------------------------------------------------
# Family-specific names: MLP (torchvision's numbering) and Embedding.from_pretrained
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs", [{}, {"norm_layer": "BatchNorm1d"}, {"norm_layer": "LayerNorm", "bias": False},
                                    {"activation_layer": "Tanh", "dropout": 0.5}])
def test_mlp_keys_match_torchvisions_layout(kwargs):
    from oracle.specs.mlp import mlp_torch_factory

    def resolve(nn):
        return {k: getattr(nn, v) if k.endswith("_layer") else v for k, v in kwargs.items()}

    mine = ref.MLP(3, [5, 4, 2], **resolve(ref))
    theirs = mlp_torch_factory()(3, [5, 4, 2], **resolve(torch.nn))
    assert isinstance(mine, ref.Sequential)
    assert list(mine.state_dict()) == list(theirs.state_dict())
    assert shapes_of(mine.state_dict()) == shapes_of(theirs.state_dict())
    assert [type(m).__name__ for m in mine] == [type(m).__name__ for m in theirs]


def test_embedding_from_pretrained_matches_torch():
    table = np.arange(12, dtype=np.float32).reshape(4, 3) / 10
    mine = ref.Embedding.from_pretrained(table, padding_idx=-1, max_norm=None)
    theirs = torch.nn.Embedding.from_pretrained(torch.from_numpy(table.copy()), padding_idx=-1)
    assert (mine.num_embeddings, mine.embedding_dim, mine.padding_idx) == \
        (theirs.num_embeddings, theirs.embedding_dim, theirs.padding_idx) == (4, 3, 3)
    assert mine.weight.requires_grad is theirs.weight.requires_grad is False
    np.testing.assert_array_equal(mine.weight.data, table)  # the padding row is not zeroed
    assert list(mine.state_dict()) == list(theirs.state_dict()) == ["weight"]
    index = np.array([[3, 0], [1, 1]])
    np.testing.assert_array_equal(mine(index), theirs(torch.from_numpy(index)).numpy())
    mine.backward(np.ones((2, 2, 3), dtype=np.float32))
    assert mine.weight.grad is None  # frozen: no gradient


def test_embedding_from_pretrained_trainable_and_invalid():
    table = np.ones((3, 2), dtype=np.float32)
    mine = ref.Embedding.from_pretrained(table, freeze=False)
    assert mine.weight.requires_grad is torch.nn.Embedding.from_pretrained(torch.ones(3, 2), freeze=False) \
        .weight.requires_grad is True
    mine(np.array([0, 0, 2]))
    mine.backward(np.ones((3, 2), dtype=np.float32))
    np.testing.assert_array_equal(mine.weight.grad, [[2, 2], [0, 0], [1, 1]])
    with pytest.raises(AssertionError):
        torch.nn.Embedding.from_pretrained(torch.ones(3))
    with pytest.raises(AssertionError):
        ref.Embedding.from_pretrained(np.ones(3))
