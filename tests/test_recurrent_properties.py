"""The dropout properties of oracle/recurrent_properties.py and oracle/specs/transformer.py: a
correct implementation with its own random masks (the reference, real torch) passes, and realistic
dropout bugs (each a subclass of the reference, graded in-process on a hand-made random case) fail
the checks they should. Also the failure-report hook (LayerSpec.locate): time step, direction,
gate, projection block and head named in the report.

(No false alarms over many seeds was measured separately: 400 hypothesis-drawn examples per check
for RNN/GRU/LSTM against real torch, 300 for RNN/LSTM/MultiheadAttention/TransformerEncoderLayer
against the reference; here a few seeds per configuration keep the file fast.)
"""
from __future__ import annotations

import dataclasses
import types

import numpy as np
import pytest

import reference
from oracle.adapters import InProcessAdapter, ReferenceAdapter
from oracle.checks import CASE_CHECKS, CheckFailure
from oracle.executor import Executor
from oracle.registry import BY_NAME
from oracle.spec import Case, Ctor
from reference import rnn as reference_rnn

RANDOM_CHECKS = ("forward", "input_grad", "param_grad")


def adapter_with(**classes) -> InProcessAdapter:
    """The reference with some classes replaced, as an in-process implementation under test."""
    namespace = types.SimpleNamespace(**{name: getattr(reference, name) for name in dir(reference)})
    for name, cls in classes.items():
        setattr(namespace, name, cls)
    return InProcessAdapter(Executor(namespace))


def failures(impl, case: Case, checks=RANDOM_CHECKS) -> dict:
    """{check: report} of the checks that fail on ``case``."""
    spec, found = BY_NAME[case.ctor.layer], {}
    for check in checks:
        try:
            CASE_CHECKS[check](spec, case, impl, ReferenceAdapter())
        except CheckFailure as failure:
            found[check] = str(failure)
    return found


def sequence_case(layer="GRU", seed=0, train=True, dtype="float64", **kwargs) -> Case:
    """A two-layer bidirectional case with random inter-layer dropout, long enough for the
    binomial test to have power (5 steps x 3 batch x 2 x 4 units)."""
    kwargs = {"num_layers": 2, "dropout": 0.5, "bidirectional": True, **kwargs}
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((5, 3, 3)).astype(dtype)
    return Case(Ctor(layer, (3, 4), kwargs), inputs=(x,), dtype=dtype, seed=seed, train=train)


# ----- dropout bugs ------------------------------------------------------------------------------
def _keep(shape, p):
    return np.random.random_sample(shape) >= p


class NotRescaled(reference.GRU):
    def _inter_layer_mask(self, layer, shape, dtype):
        return _keep(shape, self.dropout).astype(dtype)


class AfterLastLayerToo(reference.GRU):
    def forward(self, input, hx=None):
        output, h_n = super().forward(input, hx)
        if self.training:
            output = output * reference_rnn._dropout_mask(output.shape, self.dropout, output.dtype)
        return output, h_n


class OnEveryLayerInput(reference.GRU):
    """Dropout on the network's input as well (layer 0 must be left alone)."""

    def forward(self, input, hx=None):
        if self.training:
            input = input * reference_rnn._dropout_mask(input.shape, self.dropout, input.dtype)
        return super().forward(input, hx)


class InEvalToo(reference.GRU):
    def forward(self, input, hx=None):
        training, self.training = self.training, True
        try:
            return super().forward(input, hx)
        finally:
            self.training = training


class FreshMaskInBackward(reference.GRU):
    def _layer_backward(self, layer, d_output, d_h, d_c):
        record = self._layers[layer]
        if record["mask"] is not None:
            record["mask"] = reference_rnn._dropout_mask(record["mask"].shape, self.dropout, record["mask"].dtype)
        return super()._layer_backward(layer, d_output, d_h, d_c)


class NoMaskInBackward(reference.GRU):
    def _layer_backward(self, layer, d_output, d_h, d_c):
        self._layers[layer]["mask"] = None
        return super()._layer_backward(layer, d_output, d_h, d_c)


class SameMaskEveryForward(reference.GRU):
    def _inter_layer_mask(self, layer, shape, dtype):
        keep = np.random.default_rng(1234).random(shape) >= self.dropout
        return (keep / (1.0 - self.dropout)).astype(dtype)


class KeepsWithProbabilityP(reference.GRU):
    """p read as the keep probability (kept elements still scaled by 1/(1-p))."""

    def _inter_layer_mask(self, layer, shape, dtype):
        keep = np.random.random_sample(shape) < self.dropout
        return (keep / (1.0 - self.dropout)).astype(dtype)


class DroppedLayerZeroState(reference.GRU):
    """Dropout applied to layer 0's hidden state as returned in h_n (the state, not the input of
    the next layer)."""

    def forward(self, input, hx=None):
        output, h_n = super().forward(input, hx)
        if self.training:
            h_n = h_n.copy()
            h_n[:2] *= reference_rnn._dropout_mask(h_n[:2].shape, self.dropout, h_n.dtype)
        return output, h_n


@pytest.mark.parametrize("bug,p,train,expected", [
    (NotRescaled, 0.5, True, ("forward", "input_grad", "param_grad",)),
    (AfterLastLayerToo, 0.5, True, ("forward",)),
    (OnEveryLayerInput, 0.5, True, ("forward", "input_grad", "param_grad",)),
    (InEvalToo, 0.5, False, ("forward", "input_grad", "param_grad",)),
    (FreshMaskInBackward, 0.5, True, ("input_grad", "param_grad",)),
    (NoMaskInBackward, 0.5, True, ("input_grad", "param_grad",)),
    (SameMaskEveryForward, 0.5, True, ("forward",)),
    (KeepsWithProbabilityP, 0.25, True, ("forward",)),
    (DroppedLayerZeroState, 0.5, True, ("forward",)),
], ids=lambda v: v.__name__ if isinstance(v, type) else "-".join(v) if isinstance(v, tuple) else str(v))
def test_rnn_dropout_bug_is_caught(bug, p, train, expected):
    found = failures(adapter_with(GRU=bug), sequence_case(train=train, dropout=p))
    assert set(expected) <= set(found), f"{bug.__name__}: failed only {sorted(found)}"


@pytest.mark.parametrize("layer,kwargs", [
    ("RNN", {}), ("RNN", {"nonlinearity": "relu"}), ("GRU", {"batch_first": True}),
    ("LSTM", {}), ("LSTM", {"proj_size": 2, "bidirectional": False}),
])
def test_correct_rnn_dropout_passes_on_every_seed(layer, kwargs):
    """No false alarm: the reference (its own masks) on many seeds, float32 and float64."""
    impl = ReferenceAdapter()
    for seed in range(3):
        case = sequence_case(layer, seed=seed, dtype=("float64", "float32")[seed % 2], **kwargs)
        assert failures(impl, case) == {}, f"seed {seed}"


def test_torch_dropout_passes():
    """Real torch (its own generator, masks never equal the reference's) passes the properties."""
    torch_adapter = pytest.importorskip("oracle.adapters").TorchAdapter()
    for layer in ("RNN", "GRU", "LSTM"):
        assert failures(torch_adapter, sequence_case(layer, seed=3)) == {}


# ----- failure reports -----------------------------------------------------------------------------
class ResetGateOnState(reference.GRU):
    """The classic GRU bug: n = tanh(W_in x + b_in + W_hn (r * h) + b_hn)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kernel = _BuggyGRUKernel


class _BuggyGRUKernel(reference_rnn._GRUKernel):
    @staticmethod
    def forward(gi, gh, h, c):
        h_new, _, cache = reference_rnn._GRUKernel.forward(gi, gh, h, c)
        hidden = h.shape[-1]
        r, z, n, gh_n, h = cache
        n = np.tanh(gi[:, 2 * hidden:] + r * gh_n + 0.1 * r)  # an extra term in the new gate
        return n + z * (h - n), None, (r, z, n, gh_n, h)


def test_reports_name_time_step_direction_and_gate():
    case = sequence_case(dropout=0.0, num_layers=1)
    found = failures(adapter_with(GRU=ResetGateOnState), case, ("forward", "param_grad"))
    assert "= time step 0, batch" in found["forward"] and "(forward direction)" in found["forward"]
    assert "gate n (new)" in found["param_grad"] or "gate r (reset)" in found["param_grad"]


# ----- MultiheadAttention dropout bugs -------------------------------------------------------------
def attention_case(seed=0, train=True, dtype="float64", need_weights=False, **kwargs) -> Case:
    """Self-attention-sized case: 2 heads, 4 queries, 5 keys, batch 3: 120 per-head weights."""
    rng = np.random.default_rng(seed)
    shapes = ((4, 3, 4), (5, 3, 4), (5, 3, 4))
    if kwargs.get("batch_first"):
        shapes = tuple((n, length, e) for length, n, e in shapes)
    q, k, v = (rng.standard_normal(shape).astype(dtype) for shape in shapes)
    return Case(Ctor("MultiheadAttention", (4, 2), {"dropout": 0.5, **kwargs}), inputs=(q, k, v),
                forward_kwargs={"need_weights": need_weights}, grad_inputs=(0, 1, 2), dtype=dtype, seed=seed,
                train=train)


class AttentionNotRescaled(reference.MultiheadAttention):
    def _dropout_keep(self, shape, dtype):
        return (np.random.random_sample(shape) >= self.dropout).astype(dtype)


class AttentionDropoutOnOutput(reference.MultiheadAttention):
    """Dropout on the attention output instead of the weights."""

    def _dropout_keep(self, shape, dtype):
        return np.ones(shape, dtype=dtype)

    def forward(self, *args, **kwargs):
        output, weights = super().forward(*args, **kwargs)
        if self.training:
            self._output_keep = (np.random.random_sample(output.shape) >= self.dropout) / (1.0 - self.dropout)
            output = output * self._output_keep
        return output, weights


class AttentionFreshMaskInBackward(reference.MultiheadAttention):
    def backward(self, grad_output, grad_weights=None):
        cache = list(self._cache)
        if cache[7] is not None:
            cache[7] = self._dropout_keep(cache[7].shape, cache[7].dtype)
        self._cache = tuple(cache)
        return super().backward(grad_output, grad_weights)


class AttentionDropoutInEval(reference.MultiheadAttention):
    def _dropout(self, weights):
        training, self.training = self.training, True
        try:
            return super()._dropout(weights)
        finally:
            self.training = training


@pytest.mark.parametrize("bug,train,expected", [
    (AttentionNotRescaled, True, ("forward", "input_grad", "param_grad")),
    (AttentionDropoutOnOutput, True, ("forward",)),
    (AttentionFreshMaskInBackward, True, ("input_grad", "param_grad")),
    (AttentionDropoutInEval, False, ("forward", "input_grad", "param_grad")),
], ids=lambda v: v.__name__ if isinstance(v, type) else "-".join(v) if isinstance(v, tuple) else str(v))
def test_attention_dropout_bug_is_caught(bug, train, expected):
    found = failures(adapter_with(MultiheadAttention=bug), attention_case(train=train))
    assert set(expected) <= set(found), f"{bug.__name__}: failed only {sorted(found)}"


def test_correct_attention_dropout_passes_on_every_seed():
    impl = ReferenceAdapter()
    for seed in range(4):
        case = attention_case(seed, dtype=("float64", "float32")[seed % 2], need_weights=bool(seed % 3),
                              batch_first=seed % 2 == 0, add_zero_attn=seed == 3)
        assert failures(impl, case) == {}, f"seed {seed}"


# ----- TransformerEncoderLayer residual dropouts -----------------------------------------------------
def encoder_case(seed=0, train=True, dtype="float64", **kwargs) -> Case:
    x = np.random.default_rng(seed).standard_normal((5, 3, 4)).astype(dtype)
    return Case(Ctor("TransformerEncoderLayer", (4, 2), {"dim_feedforward": 3, "dropout": 0.5, **kwargs}),
                inputs=(x,), dtype=dtype, seed=seed, train=train)


class DropoutOnResidualSum(reference.TransformerEncoderLayer):
    """Pre-norm: x = dropout1(src + SA(norm1(src))) instead of src + dropout1(SA(norm1(src)))."""

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        if not self.norm_first:
            return super().forward(src, src_mask, src_key_padding_mask, is_causal)
        h = self.norm1(src)
        x = self.dropout1(src + self.self_attn(h, h, h, need_weights=False)[0])
        return x + self._ff_block(self.norm2(x))


class BackwardSkipsDropout1(reference.TransformerEncoderLayer):
    def _sa_block_backward(self, grad_output):
        return sum(self.self_attn.backward(grad_output))


class NoDropout2(reference.TransformerEncoderLayer):
    def _ff_block(self, x):
        return self.linear2(self.dropout(self.activation(self.linear1(x))))

    def _ff_block_backward(self, grad_output):
        grad = self.linear2.backward(grad_output)
        return self.linear1.backward(self.activation.backward(self.dropout.backward(grad)))


@pytest.mark.parametrize("bug,expected", [
    (DropoutOnResidualSum, ("forward",)),
    (BackwardSkipsDropout1, ("param_grad",)),
    (NoDropout2, ("forward", "param_grad")),
], ids=lambda v: v.__name__ if isinstance(v, type) else "-".join(v))
def test_encoder_dropout_bug_is_caught(bug, expected):
    found = failures(adapter_with(TransformerEncoderLayer=bug), encoder_case())
    assert set(expected) <= set(found), f"{bug.__name__}: failed only {sorted(found)}"


def test_correct_encoder_dropout_passes_on_every_seed():
    impl = ReferenceAdapter()
    for seed in range(4):
        case = encoder_case(seed, dtype=("float64", "float32")[seed % 2], batch_first=seed == 2,
                            **({} if seed == 3 else {"dropout": 0.25}))
        if seed == 3:
            case = dataclasses.replace(case, ctor=Ctor("TransformerEncoderLayer", (4, 2), {"dim_feedforward": 3}))
        assert failures(impl, case) == {}, f"seed {seed}"


class HeadsSplitWrong(reference.MultiheadAttention):
    """Heads split as (N, S, head_dim, H) instead of (N, S, H, head_dim)."""

    def _split_heads(self, x):
        n, s, _ = x.shape
        return x.reshape(n, s, self.head_dim, self.num_heads).transpose(0, 3, 1, 2)

    def _merge_heads(self, x):
        n, _, s, _ = x.shape
        return x.transpose(0, 2, 3, 1).reshape(n, s, self.embed_dim)


def test_attention_reports_name_projection_block_and_head():
    case = dataclasses.replace(attention_case(need_weights=True), ctor=Ctor("MultiheadAttention", (4, 2)))
    found = failures(adapter_with(MultiheadAttention=HeadsSplitWrong), case, ("forward", "param_grad"))
    assert "= query position 0, batch 0, feature" in found["forward"]
    assert "the W_q block (rows 0..3), head 0" in found["param_grad"]
