"""Randomness-aware properties of the dropout INSIDE a layer: RNN/GRU/LSTM's inter-layer dropout
and MultiheadAttention's dropout on the attention weights (registered by oracle/specs/rnn.py and
oracle/specs/attention.py for their random cases: training mode with 0 < p < 1, see
``LayerSpec.random_case``). TransformerEncoderLayer's residual dropouts use the same helpers with a
readout of their own (oracle/specs/transformer.py).

A submission draws its own masks (NumPy's global generator, or its own), so its outputs are never
compared with the reference's. Instead every property check READS THE MASK BACK from the
submission's own outputs, then replays the reference with exactly that mask (the reference's mask
hook, ``_inter_layer_mask`` / ``_dropout_keep``, is replaced on an in-process copy) and compares
everything by value. A correct submission is, for the mask it drew, exactly the reference's
computation, so it passes on every seed; every dropout bug changes a value that the replay pins.

Reading the mask
----------------
- MultiheadAttention: the per-head weights (need_weights=True, average_attn_weights=False) of a
  training-mode forward are the attention weights after dropout: each is 0 (dropped) or
  P / (1 - p) (kept), P the weight without dropout (the reference's eval-mode weights).
- RNN/GRU/LSTM (num_layers = 2; the mask multiplies the input of layer 1, i.e. layer 0's output,
  both directions concatenated, shape (L, N, D * H_out)): layer 1 is invisible from outside
  (only its outputs are), so the oracle loads a READOUT layer 1: direction d's unit j reads only
  input feature d * H_out + j and its own previous state (W_ih and W_hh "diagonal" per gate,
  W_hr = [I, 0]; layer 0 and the biases keep their random values, except that relu's layer 1
  gets bias_ih = 1 + 0.5 max|h_0|, bias_hh = 0: its inputs and later states are >= 0, so no unit is
  ever dead; a dead unit would hide its input's mask bit, which other units' weight gradients
  still see). Then output element
  (t, n, d * H_out + j) depends on the mask only through mask elements (t', n, d * H_out + j),
  t' <= t (forward direction) or t' >= t (reverse). The mask is read greedily in processing order:
  at step i the forward direction's features at t = i and the reverse direction's at
  t = L - 1 - i are set to "kept" in one replay and to "dropped" in another (earlier steps fixed
  to what was read); each output element must equal one of the two (within tolerance) and says
  which. Layer 0 keeps random weights, so its output (layer 1's input) is a generic activation.

An element is DECISIVE when its kept and dropped values differ by more than ``DECISIVE`` times the
tolerance; only decisive elements count in the statistics (elsewhere either reading explains the
output, and the replay compares values anyway). Given the elements read before it, whether an
element is decisive does not depend on its own mask bit, so the dropped count over decisive
elements is Binomial(n, p) for a correct layer.

The properties, in training mode with 0 < p < 1:
- forward: output/state shapes and dtypes; (RNN) layer 0's h_n (and c_n) equal the reference's
  (dropout never touches layer 0); inputs unchanged; in the readout scenario each output element
  is its kept or its dropped value, the replay with the mask read reproduces output, h_n and c_n
  (MHA: output and weights), the dropped count passes an exact two-sided binomial test at 1e-6,
  and a second forward draws a new mask (when two masks coincide with probability < 1e-6).
- input_grad / param_grad: forward + backward (twice, with zero_grad, for param_grad) in the
  readout scenario; the gradients must equal the replay's with the masks read from the same
  forwards: the mask of the latest forward is reused in backward.
Eval mode and p = 0 (and p = 1, all dropped) are deterministic and compared by value by the
generic checks (``LayerSpec.random_case``).

Bugs this catches: dropout after the last layer (an output element is neither value), not
rescaled by 1/(1-p) (neither value), dropout on layer 0's input or on the recurrent state (layer
0's h_n differs, or no replay explains the output), a mask drawn per time step or per feature
instead of per element (the binomial test, when the cases are large enough to have power),
applied in eval mode (the deterministic cases), a new mask drawn in backward or no mask in
backward (the gradient replay), one mask reused for every forward (the fresh-mask test).
"""
from __future__ import annotations

import math

import numpy as np

import reference

from .checks import compare_values, forward_step
from .dropout_properties import SIGNIFICANCE, binomial_problems
from .executor import Executor
from .spec import Tolerance

#: An element is decisive when its kept and dropped values differ by more than this many tolerances.
DECISIVE = 100.0

#: Compares structure, shapes, dtypes and NaN positions only.
ANY_VALUE = Tolerance(rtol=0.0, atol=math.inf)

#: Weight of the readout layer's diagonal input and recurrent connections.
READOUT_INPUT, READOUT_RECURRENT = 1.0, 0.5


# ----------------------------------------------------------------------------------------------
# Running the submission and replaying the reference with a given mask
# ----------------------------------------------------------------------------------------------
def run_impl(session, steps) -> tuple[list, list[str]]:
    """The implementation's step values, or ([], [the first exception as a problem])."""
    results = session.impl.run(steps)
    for step, result in zip(steps, results):
        if "error" in result:
            err = result["error"]
            return [], [f"{step['op']} raised {err['type']}: {err['message']}"]
    return [r.get("value") for r in results], []


def replay(case, tensors: dict, tail: list, hook: str, masks: list) -> list:
    """Run ``tail`` on a fresh in-process reference module loaded with ``tensors`` in training
    mode, its mask method ``hook`` returning ``masks`` in order (one per call). Returns the
    tail's step values; raises if the reference itself fails (an oracle bug)."""
    executor = Executor(reference)
    prefix = [{"op": "new", "ctor": case.ctor, "seed": case.seed, "dtype": case.dtype},
              {"op": "load", "tensors": tensors}, {"op": "mode", "train": True}]
    pending = iter(masks)
    results = executor.run(prefix)
    setattr(executor.module, hook, lambda *args: next(pending).astype(args[-1]))
    results += executor.run(tail)
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        raise RuntimeError(f"the reference failed replaying a mask: {errors[0]['type']}: {errors[0]['message']}")
    return [r["value"] for r in results[len(prefix):]]


def _tolerance(values: np.ndarray, tol) -> np.ndarray:
    scale = max(1.0, float(np.max(np.abs(values[np.isfinite(values)]), initial=0.0)))
    return tol.atol * scale + tol.rtol * np.abs(values)


def read_bits(actual, kept_value, dropped_value, tol):
    """Classify elements as kept or dropped by their value.

    Returns (kept, decisive, unexplained): kept where ``actual`` is at least as close to
    ``kept_value`` as to ``dropped_value``; decisive where the two candidates are far apart;
    unexplained where ``actual`` is within tolerance of neither."""
    a, k, d = (np.asarray(v, dtype=np.float64) for v in (actual, kept_value, dropped_value))
    allowed = _tolerance(np.maximum(np.abs(k), np.abs(d)), tol)
    kept = np.abs(a - k) <= np.abs(a - d)
    decisive = np.abs(k - d) > DECISIVE * allowed
    unexplained = np.minimum(np.abs(a - k), np.abs(a - d)) > allowed
    unexplained |= np.isnan(a) & ~(np.isnan(k) | np.isnan(d))
    return kept, decisive, unexplained


def unexplained_problem(label: str, unexplained, actual, kept_value, dropped_value, what: str) -> list[str]:
    if not unexplained.any():
        return []
    where = tuple(int(i) for i in np.argwhere(unexplained)[0])
    return [f"{label}: {int(unexplained.sum())} of {unexplained.size} values are neither their value with "
            f"the {what} kept nor with it dropped; first at index {where}: got {float(actual[where])!r}, "
            f"expected {float(kept_value[where])!r} (kept, rescaled by 1/(1-p)) or "
            f"{float(dropped_value[where])!r} (dropped)"]


def statistics_problems(readings: list, p: float, unit: str) -> list[str]:
    """Binomial test of the dropped count over decisive elements of all readings, and a fresh
    mask per forward (the first two readings). A reading is (kept, decisive)."""
    dropped = sum(int((~kept & decisive).sum()) for kept, decisive in readings)
    total = sum(int(decisive.sum()) for _, decisive in readings)
    problems = binomial_problems(dropped, total, p, unit)
    if len(readings) >= 2:
        (first, d1), (second, d2) = readings[:2]
        both = d1 & d2
        coincide = int(both.sum()) * math.log(p * p + (1.0 - p) ** 2)
        if coincide < math.log(SIGNIFICANCE) and np.array_equal(first[both], second[both]):
            problems.append(f"two successive forward calls dropped exactly the same {unit}: draw a new "
                            "random mask at every forward call (do not reseed or cache it)")
    return problems


# ----------------------------------------------------------------------------------------------
# RNN / GRU / LSTM: inter-layer dropout
# ----------------------------------------------------------------------------------------------
class RecurrentShape:
    """The sizes of a recurrent case (torch's defaults filled in)."""

    def __init__(self, case):
        kwargs = case.ctor.kwargs
        self.layer = case.ctor.layer
        self.input_size, self.hidden_size = case.ctor.args[:2]
        self.num_layers = kwargs.get("num_layers", 1)
        self.directions = 2 if kwargs.get("bidirectional", False) else 1
        self.out_size = kwargs.get("proj_size", 0) or self.hidden_size
        self.chunks = {"RNN": 1, "GRU": 3, "LSTM": 4}[self.layer]
        self.batch_first = kwargs.get("batch_first", False)
        self.batched = case.inputs[0].ndim == 3
        self.p = float(kwargs.get("dropout", 0.0))
        self.relu = kwargs.get("nonlinearity", "tanh") == "relu"
        initial = case.inputs[1] if len(case.inputs) > 1 else None  # h_0 (LSTM: a tuple, never relu)
        self.initial_bound = float(np.max(np.abs(initial), initial=0.0)) if isinstance(initial, np.ndarray) else 0.0

    def time_major(self, output: np.ndarray) -> np.ndarray:
        """The output sequence as (L, N, D * H_out), whatever the layout."""
        if not self.batched:
            return output[:, None, :]
        return output.transpose(1, 0, 2) if self.batch_first else output

    def suffix(self, layer: int, direction: int) -> str:
        return f"l{layer}" + ("_reverse" if direction else "")


def readout_tensors(shape: RecurrentShape, tensors: dict) -> dict:
    """``tensors`` with layer 1 replaced by the readout layer described in the module docstring."""
    tensors = dict(tensors)
    h, h_out, width = shape.hidden_size, shape.out_size, shape.directions * shape.out_size
    units = np.arange(h_out)
    for direction in range(shape.directions):
        sfx = shape.suffix(1, direction)
        dtype = tensors[f"weight_ih_{sfx}"].dtype
        w_ih = np.zeros((shape.chunks * h, width), dtype=dtype)
        w_hh = np.zeros((shape.chunks * h, h_out), dtype=dtype)
        for gate in range(shape.chunks):
            w_ih[gate * h + units, direction * h_out + units] = READOUT_INPUT
            w_hh[gate * h + units, units] = READOUT_RECURRENT
        tensors[f"weight_ih_{sfx}"], tensors[f"weight_hh_{sfx}"] = w_ih, w_hh
        if f"weight_hr_{sfx}" in tensors:
            tensors[f"weight_hr_{sfx}"] = np.eye(h_out, h, dtype=dtype)
        if shape.relu:  # inputs and later states are >= 0; this bias keeps every unit off the kink
            tensors[f"bias_ih_{sfx}"] = np.full(h, 1.0 + READOUT_RECURRENT * shape.initial_bound, dtype=dtype)
            tensors[f"bias_hh_{sfx}"] = np.zeros(h, dtype=dtype)
    return tensors


def _rnn_output(value, shape: RecurrentShape) -> np.ndarray:
    return shape.time_major(np.asarray(value[0], dtype=np.float64))


def read_rnn_mask(case, shape: RecurrentShape, tensors: dict, output, tol) -> tuple:
    """Read the inter-layer mask off a readout-scenario output (greedy, see the module docstring).

    Returns (mask (L, N, D * H_out) of 0 and 1/(1-p), kept, decisive, problems)."""
    actual = _rnn_output(output, shape)
    steps, _, width = actual.shape
    scale = 1.0 / (1.0 - shape.p)
    mask = np.full(actual.shape, scale)
    kept = np.ones(actual.shape, dtype=bool)
    decisive = np.zeros(actual.shape, dtype=bool)
    features = np.arange(width)
    for i in range(steps):
        times = np.where(features < shape.out_size, i, steps - 1 - i)  # per feature: the step read now
        candidates = []
        for value in (scale, 0.0):
            trial = mask.copy()
            trial[times, :, features] = value
            replayed = replay(case, tensors, [forward_step(case)], "_inter_layer_mask", [trial])
            candidates.append(_rnn_output(replayed[0]["output"], shape)[times, :, features])
        bits, sure, unexplained = read_bits(actual[times, :, features], *candidates, tol)  # (width, N)
        if unexplained.any():
            f, b = (int(v) for v in np.argwhere(unexplained)[0])
            return mask, kept, decisive, [_unexplained_rnn(shape, int(times[f]), b, f, actual[times[f], b, f],
                                                           candidates[0][f, b], candidates[1][f, b])]
        mask[times, :, features] = np.where(bits, scale, 0.0)
        kept[times, :, features] = bits
        decisive[times, :, features] = sure
    return mask, kept, decisive, []


def _unexplained_rnn(shape: RecurrentShape, t: int, b: int, f: int, got, if_kept, if_dropped) -> str:
    if not shape.batched:
        index = (t, f)
    else:
        index = (b, t, f) if shape.batch_first else (t, b, f)
    return (f"training-mode output with dropout={shape.p:g} (layer 1 loaded as a readout layer: direction d's "
            f"unit j reads only its input feature d*H_out + j): output{list(index)} = {float(got)!r}, but keeping "
            f"layer 1's input element (time step {t}, batch {b}, feature {f}) gives {float(if_kept)!r} and "
            f"dropping it gives {float(if_dropped)!r}; dropout must multiply the input of every layer but the "
            "first (the previous layer's output) by a mask of 0 and 1/(1-p), and nothing else")


def _layer0_state_problems(shape: RecurrentShape, actual, expected, tol, locate) -> list[str]:
    """Dropout never touches layer 0: its h_n (and c_n) rows must equal the reference's."""
    states = [(actual[1], expected[1], "h_n")] if shape.layer != "LSTM" else \
        [(actual[1][0], expected[1][0], "h_n"), (actual[1][1], expected[1][1], "c_n")]
    problems = []
    for got, want, name in states:
        rows = slice(0, shape.directions)
        label = f"output[1]{'[0]' if name == 'h_n' and shape.layer == 'LSTM' else ''}" \
                f"{'[1]' if name == 'c_n' else ''}"
        problems += [f"{p} (layer 0's {name}: dropout acts only between layers, never on layer 0)"
                     for p in compare_values(label, got[rows], want[rows], tol, locate=locate)]
    return problems


class Readout:
    """How a layer's random mask is made readable: the tensors to load, the forward step whose
    output shows the mask, how to read it, and the reference's mask hook to replay it."""

    hook = ""

    def __init__(self, session, case):
        self.session, self.case = session, case
        self.prefix = session.prepared_steps()
        self.tensors = session.loaded

    def forward(self) -> dict:
        return forward_step(self.case)

    def read(self, output) -> tuple:
        """(mask, kept, decisive, problems) of one forward's output."""
        raise NotImplementedError

    def run(self, tail: list) -> tuple[list, list[str]]:
        """The tail's values on the implementation, after construction, loading and mode."""
        prefix = list(self.prefix)
        prefix[1] = {"op": "load", "tensors": self.tensors}
        values, problems = run_impl(self.session, prefix + tail)
        return values[len(prefix):], [f"readout scenario: {p}" for p in problems]

    def read_all(self, outputs) -> tuple[list, list, list[str]]:
        masks, readings = [], []
        for output in outputs:
            mask, kept, decisive, problems = self.read(output)
            if problems:
                return masks, readings, problems
            masks.append(mask)
            readings.append((kept, decisive))
        return masks, readings, []

    def replay(self, tail: list, masks: list) -> list:
        return replay(self.case, self.tensors, tail, self.hook, masks)


class RecurrentReadout(Readout):
    """RNN/GRU/LSTM: layer 1 replaced by the readout layer; the mask read from the output sequence."""

    hook = "_inter_layer_mask"

    def __init__(self, session, case):
        super().__init__(session, case)
        self.shape = RecurrentShape(case)
        self.tensors = readout_tensors(self.shape, session.loaded)
        self.case_p = self.shape.p
        self.unit = "elements of layer 1's input"

    def read(self, output):
        x = self.case.inputs[0]
        expected = x.shape[:-1] + (self.shape.directions * self.shape.out_size,)
        sequence = output[0] if isinstance(output, (tuple, list)) and output else output
        if not isinstance(sequence, np.ndarray) or sequence.shape != expected:
            return None, None, None, [f"readout forward: expected (output, state) with output of shape "
                                      f"{list(expected)}, got {type(sequence).__name__}"
                                      f"{list(getattr(sequence, 'shape', []))}"]
        return read_rnn_mask(self.case, self.shape, self.tensors, output, self.session.tol)


def forward_property(readout: Readout, describe: str) -> list[str]:
    """Two forwards in the readout scenario: each explained by the mask read from it (the replay
    reproduces every output), the drop rate (binomial test), a fresh mask per forward."""
    values, problems = readout.run([readout.forward(), readout.forward()])
    if problems:
        return problems
    outputs = [v["output"] for v in values]
    masks, readings, problems = readout.read_all(outputs)
    if problems:
        return problems
    replayed = readout.replay([readout.forward(), readout.forward()], masks)
    for k, (got, want) in enumerate(zip(outputs, replayed)):
        problems += compare_values(f"{describe}, forward {k + 1} replayed with the mask read from it: output",
                                   got, want["output"], readout.session.tol, locate=readout.session.locate)
    return problems or statistics_problems(readings, readout.case_p, readout.unit)


def gradient_property(readout: Readout, check: str, actual, expected, grads) -> list[str]:
    """input_grad: forward + backward; param_grad: two forward/backward rounds, zero_grad, one more.
    The gradients must equal the reference's replayed with the masks read from the same forwards."""
    problems = compare_values("gradients (structure)", actual, expected, ANY_VALUE)
    if problems:
        return problems
    forward = readout.forward()
    if check == "input_grad":
        tail = [forward, {"op": "backward", "grads": grads}]
        outputs_at, compared = [0], {1: "backward's returned gradient(s)"}
    else:
        g1, g2 = grads
        tail = [forward, {"op": "backward", "grads": g1}, {"op": "grads"},
                forward, {"op": "backward", "grads": g2}, {"op": "grads"},
                {"op": "zero_grad"}, {"op": "grads"},
                forward, {"op": "backward", "grads": g1}, {"op": "grads"}]
        outputs_at = [0, 3, 8]
        compared = {2: "param.grad after one backward",
                    5: "param.grad after a second forward/backward (gradients must accumulate)",
                    7: "param.grad after zero_grad", 10: "param.grad after zero_grad and one more forward/backward"}
    values, problems = readout.run(tail)
    if problems:
        return problems
    masks, _, problems = readout.read_all([values[i]["output"] for i in outputs_at])
    if problems:
        return problems
    replayed = readout.replay(tail, masks)
    for index, label in compared.items():
        problems = compare_values(label, values[index], replayed[index], readout.session.tol,
                                  locate=readout.session.locate)
        if problems:
            return [f"{p} (readout scenario with dropout={readout.case_p:g}: backward must use the mask of the "
                    "latest forward, the very mask that forward applied)" for p in problems]
    return []


def rnn_properties(check, case, actual, expected, session, **extra) -> list[str]:
    """The property function of RNN, GRU and LSTM (oracle.properties.PROPERTIES)."""
    readout = RecurrentReadout(session, case)
    if check != "forward":
        return gradient_property(readout, check, actual, expected, extra["grads"])
    output, reference_output = actual["output"], expected["output"]
    problems = compare_values("training-mode output", output, reference_output, ANY_VALUE)
    if not problems:
        problems = _layer0_state_problems(readout.shape, output, reference_output, session.tol, session.locate)
    problems += inputs_unchanged(actual, case)
    return problems or forward_property(readout, f"training mode, dropout={readout.shape.p:g}, readout layer 1")


# ----------------------------------------------------------------------------------------------
# MultiheadAttention: dropout on the attention weights
# ----------------------------------------------------------------------------------------------
class AttentionReadout(Readout):
    """The layer's own parameters; forwards return per-head weights, which show the mask."""

    hook = "_dropout_keep"

    def __init__(self, session, case):
        super().__init__(session, case)
        self.case_p = float(case.ctor.kwargs.get("dropout", 0.0))
        self.unit = "attention weights"
        self.without_dropout = None

    def forward(self) -> dict:
        step = forward_step(self.case)
        step["kwargs"] = {**self.case.forward_kwargs, "need_weights": True, "average_attn_weights": False}
        return step

    def weights_without_dropout(self) -> np.ndarray:
        """The per-head weights P of the reference in eval mode (no dropout), cached."""
        if self.without_dropout is None:
            steps = self.session.prepared_steps() + [{"op": "mode", "train": False}, self.forward()]
            self.without_dropout = np.asarray(self.session.reference_run(steps)[-1]["output"][1], dtype=np.float64)
        return self.without_dropout

    def read(self, output):
        plain = self.weights_without_dropout()
        label = "attention weights (need_weights=True, average_attn_weights=False) in training mode"
        weights = output[1] if isinstance(output, (tuple, list)) and len(output) == 2 else None
        if not isinstance(weights, np.ndarray) or weights.shape != plain.shape:
            return None, None, None, [f"{label}: expected an array of shape {list(plain.shape)}, got "
                                      f"{type(weights).__name__}{list(getattr(weights, 'shape', []))}"]
        scale = 1.0 / (1.0 - self.case_p)
        kept_value = plain * scale
        bits, decisive, unexplained = read_bits(weights, kept_value, np.zeros_like(plain), self.session.tol)
        problems = unexplained_problem(label, unexplained, weights.astype(np.float64), kept_value,
                                       np.zeros_like(plain), "attention weight")
        mask = np.where(bits, scale, 0.0)
        return (mask if mask.ndim == 4 else mask[None]), bits, decisive, problems


def attention_properties(check, case, actual, expected, session, **extra) -> list[str]:
    """The property function of MultiheadAttention's random cases (training, 0 < dropout < 1)."""
    readout = AttentionReadout(session, case)
    if check != "forward":
        return gradient_property(readout, check, actual, expected, extra["grads"])
    problems = compare_values("training-mode output", actual["output"], expected["output"], ANY_VALUE)
    problems += inputs_unchanged(actual, case)
    return problems or forward_property(readout, f"training mode, dropout={readout.case_p:g}, per-head weights")


def inputs_unchanged(actual, case) -> list[str]:
    """forward must leave its inputs alone (none of these layers works in place)."""
    return [f"input {i} after forward: the input was modified; forward must not change its inputs"
            for i, (after, before) in enumerate(zip(actual["inputs_after"], case.inputs))
            if isinstance(before, np.ndarray) and not (isinstance(after, np.ndarray) and after.shape == before.shape
                                                       and np.array_equal(after, before, equal_nan=True))]
