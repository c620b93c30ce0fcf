"""Registry entries for reference/rnn.py: RNN, GRU, LSTM, RNNCell, GRUCell, LSTMCell.

Inter-layer dropout: any p with num_layers == 1 (torch warns and applies nothing), p = 0 and p = 1
(the input of every layer after the first is all zeros in training mode) are deterministic and
compared by value, as is every eval-mode case. 0 < p < 1 is drawn with num_layers == 2 and judged
by the properties of oracle/recurrent_properties.py (the mask is read back from the submission's
own output and the reference replayed with it) in training mode (``random_case``); with three
layers the mask of layer 2's input cannot be read back (layer 1's output is not observable), so
num_layers == 3 keeps p in {0, 1}.

Failure reports name time steps, directions, layers and gates (``locate_sequence``/``locate_cell``).
"""
from __future__ import annotations

import re

from hypothesis import strategies as st
from scipy import stats

from .. import properties
from ..recurrent_properties import rnn_properties
from ..spec import Case, Ctor, InitSpec, LayerSpec
from ..strategies import dtypes, kwargs_subset, normal_array, one_kind, rng_for, seeds

_DEFAULTS = {"num_layers": 1, "bias": True, "batch_first": False, "dropout": 0.0, "bidirectional": False,
             "proj_size": 0, "nonlinearity": "tanh"}


def _keep_required(draw, kwargs: dict) -> dict:
    """Drop keyword arguments at random, but only those equal to their default."""
    optional = {k: v for k, v in kwargs.items() if v == _DEFAULTS[k]}
    kept = kwargs_subset(draw, optional)
    return {k: v for k, v in kwargs.items() if k in kept or k not in optional}


@st.composite
def _sequence_cases(draw, layer: str):
    dtype, seed = draw(dtypes), draw(seeds)
    input_size, hidden_size = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    # Half of the cases: two layers with random inter-layer dropout (property-checked in
    # training mode, by value in eval mode).
    random_dropout = draw(st.sampled_from([True, False]))
    num_layers = 2 if random_dropout else draw(st.integers(1, 3))
    kwargs = {"num_layers": num_layers, "bias": draw(st.booleans()), "batch_first": draw(st.booleans()),
              "bidirectional": draw(st.booleans())}
    if layer == "RNN":
        kwargs["nonlinearity"] = draw(st.sampled_from(["tanh", "relu"]))
    if layer == "LSTM":
        kwargs["proj_size"] = draw(st.integers(0, hidden_size - 1))
    # p = 1 zeroes the next layers' inputs (and 0 < p < 1 some of them): with relu, no bias and
    # h_0 = 0 those pre-activations would sit exactly on relu's kink, so relu then has a bias.
    if random_dropout and kwargs.get("nonlinearity") == "relu":
        kwargs["bias"] = True
    kink = kwargs.get("nonlinearity") == "relu" and not kwargs["bias"]
    if random_dropout:
        choices = [0.25, 0.5]
    elif num_layers == 1:
        choices = [0.0, 0.25, 0.5, 1.0]
    else:
        choices = [0.0] if kink else [0.0, 1.0]
    kwargs["dropout"] = draw(st.sampled_from(choices))
    kwargs = _keep_required(draw, kwargs)

    directions = 2 if kwargs.get("bidirectional") else 1
    out_size = kwargs.get("proj_size") or hidden_size
    steps, batch = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    batched = draw(st.booleans())
    if not batched:
        x_shape, lead = (steps, input_size), (directions * num_layers,)
    else:
        x_shape = (batch, steps, input_size) if kwargs.get("batch_first") else (steps, batch, input_size)
        lead = (directions * num_layers, batch)
    rng = rng_for(seed)
    inputs = (normal_array(rng, x_shape, dtype),)
    if draw(st.booleans()):
        h0 = normal_array(rng, lead + (out_size,), dtype)
        inputs += ((h0, normal_array(rng, lead + (hidden_size,), dtype)) if layer == "LSTM" else h0,)
    return Case(Ctor(layer, (input_size, hidden_size), kwargs), inputs=inputs, dtype=dtype, seed=seed,
                train=draw(st.sampled_from([True, True, False]) if random_dropout else st.booleans()),
                grad_inputs=tuple(range(len(inputs))))


@st.composite
def _cell_cases(draw, layer: str):
    dtype, seed = draw(dtypes), draw(seeds)
    input_size, hidden_size = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    if draw(st.sampled_from(range(8))) == 7:  # torch's cells accept zero sizes (empty weights)
        input_size, hidden_size = draw(st.sampled_from([(0, hidden_size), (input_size, 0), (0, 0)]))
    kwargs = {"bias": draw(st.booleans())}
    if layer == "RNNCell":
        kwargs["nonlinearity"] = draw(st.sampled_from(["tanh", "relu"]))
    kwargs = _keep_required(draw, kwargs)
    lead = (draw(st.integers(1, 4)),) if draw(st.booleans()) else ()
    rng = rng_for(seed)
    inputs = (normal_array(rng, lead + (input_size,), dtype),)
    if draw(st.booleans()):
        h = normal_array(rng, lead + (hidden_size,), dtype)
        inputs += ((h, normal_array(rng, lead + (hidden_size,), dtype)) if layer == "LSTMCell" else h,)
    return Case(Ctor(layer, (input_size, hidden_size), kwargs), inputs=inputs, dtype=dtype, seed=seed,
                grad_inputs=tuple(range(len(inputs))))


def _upstream(case, output, rng):
    """Random normal gradients for every output, except that half of the time (when there are
    several outputs) one of them is None: backward must treat a None gradient as zero."""
    def count(value):
        return sum(count(v) for v in value) if isinstance(value, tuple) else 1

    leaves = count(output)
    dropped = int(rng.integers(-leaves, leaves)) if leaves > 1 else -1
    position = iter(range(leaves))

    def draw(value):
        if isinstance(value, tuple):
            return tuple(draw(v) for v in value)
        grad = rng.standard_normal(value.shape).astype(value.dtype)
        return None if next(position) == dropped else grad

    grads = draw(output)
    return list(grads) if isinstance(output, tuple) else [grads]


# ----- error cases -------------------------------------------------------------------------------
@st.composite
def _sequence_errors(draw, layer: str):
    """Each verified against torch 2.13 (the class in the comment)."""
    seed = draw(seeds)
    rng = rng_for(seed)
    input_size, hidden_size = draw(st.integers(1, 4)), draw(st.integers(2, 5))
    good = normal_array(rng, (3, 2, input_size), "float64")
    h_size = (1, 2, hidden_size)

    def hidden(shape):
        h = normal_array(rng, shape, "float64")
        return (h, normal_array(rng, shape, "float64")) if layer == "LSTM" else h

    def case(args=(), kwargs=None, inputs=(good,)):
        return Case(Ctor(layer, (input_size, hidden_size) + args, kwargs or {}), inputs=inputs, seed=seed,
                    expect_error=True)

    options = [
        case(inputs=(normal_array(rng, (3, 2, input_size + 1), "float64"),)),          # RuntimeError
        case(inputs=(normal_array(rng, (2, 3, 2, input_size), "float64"),)),           # ValueError (4-D)
        case(inputs=(normal_array(rng, (input_size,), "float64"),)),                   # ValueError (1-D)
        case(inputs=(normal_array(rng, (0, 2, input_size), "float64"),)),              # RuntimeError (L = 0)
        case(inputs=(good, hidden((1, 3, hidden_size)))),                              # RuntimeError (batch)
        case(inputs=(good, hidden((2, 2, hidden_size)))),                              # RuntimeError (layers)
        case(inputs=(good, hidden((1, 2, hidden_size + 1)))),                          # RuntimeError (size)
        case(inputs=(good, hidden((2, hidden_size)))),                                 # RuntimeError (2-D hx)
        case(kwargs={"dropout": -0.1}),                                                # ValueError
        case(kwargs={"dropout": 1.5}),                                                 # ValueError
        case(kwargs={"dropout": True}),                                                # ValueError
        case(kwargs={"num_layers": 0}),                                                # ValueError
        Case(Ctor(layer, (0, hidden_size)), inputs=(good,), seed=seed, expect_error=True),   # ValueError
        case(kwargs={"batch_first": True},                                             # RuntimeError (L = 0)
             inputs=(normal_array(rng, (2, 0, input_size), "float64"),)),
        case(kwargs={"bias": 1}),                                                      # TypeError
        Case(Ctor(layer, (input_size, 0)), inputs=(good,), seed=seed, expect_error=True),  # ValueError
    ]
    if layer == "LSTM":
        proj = draw(st.integers(1, 3))
        options += [
            case(kwargs={"proj_size": hidden_size + draw(st.integers(0, 2))}),         # ValueError
            case(kwargs={"proj_size": -1}),                                            # ValueError
            # h_0 must have proj_size features and c_0 hidden_size: RuntimeError
            case(kwargs={"proj_size": 1}, inputs=(good, hidden(h_size))),
            case(inputs=(good, (normal_array(rng, h_size, "float64"),
                                normal_array(rng, (1, 2, hidden_size + proj), "float64")))),
        ]
    if layer == "RNN":
        options.append(case(kwargs={"nonlinearity": draw(st.sampled_from(["sigmoid", "Tanh", "gelu"]))}))
    return one_kind(draw, options)


@st.composite
def _cell_errors(draw, layer: str):
    seed = draw(seeds)
    rng = rng_for(seed)
    input_size, hidden_size = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    x = normal_array(rng, (2, input_size), "float64")

    def hidden(shape):
        h = normal_array(rng, shape, "float64")
        return (h, normal_array(rng, shape, "float64")) if layer == "LSTMCell" else h

    def case(inputs, ctor_args=(), kwargs=None):
        return Case(Ctor(layer, (input_size, hidden_size) + ctor_args, kwargs or {}), inputs=inputs,
                    seed=seed, expect_error=True)

    options = [
        case((normal_array(rng, (2, input_size + 1), "float64"),)),    # RuntimeError
        case((normal_array(rng, (1, 2, input_size), "float64"),)),     # ValueError (3-D input)
        case((x, hidden((2, hidden_size + 1)))),                        # RuntimeError (hidden size)
        case((x, hidden((3, hidden_size)))),                            # RuntimeError (batch)
        case((x, hidden((1, 2, hidden_size)))),                         # ValueError (3-D hx)
        Case(Ctor(layer, (input_size, -hidden_size)), inputs=(x,), seed=seed, expect_error=True),  # RuntimeError
        Case(Ctor(layer, (-input_size, hidden_size)), inputs=(x,), seed=seed, expect_error=True),  # RuntimeError
    ]
    if layer == "LSTMCell":
        options.append(case((x, (normal_array(rng, (2, hidden_size), "float64"),
                                 normal_array(rng, (2, hidden_size + 1), "float64")))))  # RuntimeError
    if layer == "RNNCell":  # accepted by the constructor, RuntimeError in forward
        options.append(case((x,), kwargs={"nonlinearity": draw(st.sampled_from(["sigmoid", "Tanh"]))}))
    return one_kind(draw, options)


# ----- default initialization ------------------------------------------------------------------
def _uniform(hidden_size: int):
    bound = 1 / hidden_size ** 0.5
    return stats.uniform(loc=-bound, scale=2 * bound)


def _parameter_names(layer: str, kwargs: dict) -> list:
    """torch's parameter names for the init check (the same list the reference produces)."""
    layers, suffixes = kwargs.get("num_layers", 1), ["", "_reverse"] if kwargs.get("bidirectional") else [""]
    kinds = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"] + (["weight_hr"] if kwargs.get("proj_size") else [])
    return [f"{kind}_l{k}{s}" for k in range(layers) for s in suffixes for kind in kinds]


def _init_for(layer: str, kwargs: dict, hidden_size: int = 16):
    def make():
        dist = _uniform(hidden_size)
        return [InitSpec({name: dist for name in _parameter_names(layer, kwargs)},
                         ctor=Ctor(layer, (6, hidden_size), kwargs))]
    return make


def _cell_init(layer: str, hidden_size: int = 25):
    def make():
        dist = _uniform(hidden_size)
        names = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
        tiny = _uniform(1)  # hidden_size 1: bound 1, not the zero-size special case
        return [InitSpec({name: dist for name in names}, ctor=Ctor(layer, (6, hidden_size))),
                InitSpec({name: tiny for name in names}, ctor=Ctor(layer, (40, 1)))]
    return make


# ----- where a difference is: time step, direction, layer, gate --------------------------------
GATES = {"RNN": ("",), "RNNCell": ("",), "GRU": ("r (reset)", "z (update)", "n (new)"),
         "LSTM": ("i (input)", "f (forget)", "g (cell candidate)", "o (output)")}
GATES.update(GRUCell=GATES["GRU"], LSTMCell=GATES["LSTM"])
_PARAM = re.compile(r"\['(weight|bias)_(ih|hh|hr)(?:_l(\d+)(_reverse)?)?'\]$")


def _tail_indices(label: str) -> tuple:
    """The positions a label ends with: 'output[1][0]' -> (1, 0)."""
    match = re.search(r"((?:\[\d+\])*)$", label)
    return tuple(int(i) for i in re.findall(r"\d+", match.group(1)))


def _direction(direction: int, directions: int) -> str:
    if directions == 1:
        return ""
    return " (forward direction)" if direction == 0 else " (reverse direction, run from the last step down)"


def _parameter_row(layer: str, match, index: tuple, hidden: int, proj: int) -> str:
    """A row of weight_ih/weight_hh/bias_*: its gate and unit; of weight_hr: its projected unit."""
    kind, which, number, reverse = match.groups()
    where = "" if number is None else f" of layer {number}{' (reverse direction)' if reverse else ''}"
    row = index[0]
    if which == "hr":
        column = f", hidden unit {index[1]}" if len(index) > 1 else ""
        return f"projected unit {row}{column}{where}"
    gate, unit = GATES[layer][row // hidden], row % hidden
    column = ""
    if len(index) > 1:
        source = "input feature" if which == "ih" else ("projected unit" if proj else "hidden unit")
        column = f"; column {index[1]} = {source} {index[1]}"
    named = f"row {row} = gate {gate}, unit {unit}" if gate else f"row {row} = unit {unit}"
    return f"{named}{column}{where}"


def locate_sequence(label: str, index: tuple, case) -> str:
    """RNN/GRU/LSTM: an index of the output sequence, of h_n/c_n, of an input or state gradient,
    or of a parameter (gradient or state_dict entry) in the layer's terms."""
    layer, kwargs = case.ctor.layer, case.ctor.kwargs
    hidden = case.ctor.args[1]
    proj = kwargs.get("proj_size", 0)
    out_size, directions = proj or hidden, 2 if kwargs.get("bidirectional") else 1
    batched, batch_first = case.inputs[0].ndim == 3, kwargs.get("batch_first", False)
    param = _PARAM.search(label)
    if param:
        return _parameter_row(layer, param, index, hidden, proj)
    tail = _tail_indices(label)
    sequence_step = ("output" in label and tail[:1] == (0,)) or ("gradient" in label and tail[:1] in ((0,), ()))
    if sequence_step:
        if batched:
            n, t, f = index if batch_first else (index[1], index[0], index[2])
        else:
            (t, f), n = index, None
        batch = "" if n is None else f", batch {n}"
        if "gradient" in label:
            return f"time step {t}{batch}, input feature {f}"
        return f"time step {t}{batch}, unit {f % out_size}{_direction(f // out_size, directions)}"
    if len(tail) >= 1 and tail[0] == 1:  # h_n / c_n, or the gradient of h_0 / c_0
        state = "c" if tail[1:] == (1,) else "h"
        name = f"{state}_n" if "output" in label else f"the initial {state}_0"
        k = index[0]
        batch = f", batch {index[1]}" if batched else ""
        return f"{name} of layer {k // directions}{_direction(k % directions, directions)}{batch}, unit {index[-1]}"
    return ""


def locate_cell(label: str, index: tuple, case) -> str:
    """RNNCell/GRUCell/LSTMCell: a parameter row's gate, or the batch element and unit of h'/c'."""
    param = _PARAM.search(label)
    if param:
        return _parameter_row(case.ctor.layer, param, index, case.ctor.args[1], 0)
    tail = _tail_indices(label)
    batch = f"batch {index[0]}, " if case.inputs[0].ndim == 2 else ""
    if "gradient" in label:
        what = {(): "input", (0,): "input", (1,): "h", (1, 0): "h", (1, 1): "c"}.get(tail, "")
        return f"{batch}{what} feature {index[-1]}" if what else ""
    state = "c'" if tail == (1,) and case.ctor.layer == "LSTMCell" else "h'"
    return f"{batch}{state} unit {index[-1]}"


# ----- hints -------------------------------------------------------------------------------------
_LAYOUT = ("Layer l > 0 reads layer l-1's output (both directions concatenated, forward first); the "
           "reverse direction runs t = L-1..0 and stores its h_t at index t; h_n[layer * D + direction] "
           "is each one's last state; batch_first changes input/output only, never h.")
_BPTT = ("Backpropagation through time: dL/dh_t = grad_output[t] + what flows back from step t+1; the "
         "last step starts from grad_h_n (not zero); a None gradient means zero; the reverse direction "
         "is replayed from t = 0 up.")
_PARAMS = ("dW_ih = sum_t dgates_t^T x_t and dW_hh = sum_t dgates_t^T h_{t-1} over every step, layer and "
           "direction (x_t of layer l > 0 is the previous layer's output AFTER its dropout mask); b_ih and "
           "b_hh both receive sum_t dgates_t; ADD into .grad.")
_DROPOUT = (" dropout (training only) multiplies the INPUT of layers 1..num_layers-1 (the previous layer's "
            "output, both directions) by a fresh mask of 0 / (1/(1-p)) per element; never layer 0's input, "
            "the recurrent state, h_n or the last layer's output.")
_DROPOUT_BACKWARD = " The gradient flowing into layer l-1's output is multiplied by the SAME mask forward drew."
_STATE = ("state_dict holds weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k} (+ _reverse, + "
          "weight_hr_l{k} with proj_size) and nothing else; eval() must switch the inter-layer dropout off "
          "(eval-mode output exact), train() back on.")

_RNN_HINTS = {
    "forward": "h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (relu if nonlinearity='relu'). " + _LAYOUT
               + _DROPOUT,
    "input_grad": _BPTT + " tanh' = 1 - h_t^2; relu' = (h_t > 0)." + _DROPOUT_BACKWARD,
    "state": _STATE,
    "param_grad": _PARAMS,
    "errors": "Input last dim != input_size, a wrong hx shape, or sequence length 0 raise RuntimeError; input "
              "not 2-D/3-D, an unknown nonlinearity, dropout outside [0, 1] or sizes <= 0 raise ValueError.",
    "init": "Every parameter ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).",
}
_GRU_HINTS = {
    "forward": "Gates r, z, n (that order in W_ih/W_hh rows): r = s(W_ir x + b_ir + W_hr h + b_hr), z likewise, "
               "n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h. " + _LAYOUT + _DROPOUT,
    "input_grad": _BPTT + " dh_{t-1} = dgates_h W_hh + dh_t * z, where the n-part of dgates_h is "
                  "dn_pre * r." + _DROPOUT_BACKWARD,
    "state": _STATE,
    "param_grad": _PARAMS + " For GRU the n rows of dW_hh/db_hh get dn_pre * r (r scales W_hn h + b_hn).",
    "errors": _RNN_HINTS["errors"],
    "init": _RNN_HINTS["init"],
}
_LSTM_HINTS = {
    "forward": "Gates i, f, g, o (that order): i, f, o = sigmoid, g = tanh of x W_ih^T + b_ih + h W_hh^T + b_hh; "
               "c' = f * c + i * g, h' = o * tanh(c') (times W_hr^T if proj_size > 0: h has proj_size "
               "features, c hidden_size). " + _LAYOUT + _DROPOUT,
    "input_grad": _BPTT + " Two gradients travel back: dc_{t-1} = dc_t * f_t with dc_t = grad_c + dh_t * o * "
                  "(1 - tanh(c_t)^2); grad_c_n starts the c chain." + _DROPOUT_BACKWARD,
    "state": _STATE + " With proj_size, weight_hr_l{k} is (proj_size, hidden_size) and h_n has proj_size features.",
    "param_grad": _PARAMS + " dW_hr = sum_t dh_t^T (o_t * tanh(c_t)).",
    "errors": _RNN_HINTS["errors"] + " proj_size < 0 or >= hidden_size raises ValueError.",
    "init": _RNN_HINTS["init"],
}
_CELL_HINTS = {
    "RNNCell": {"forward": "h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (relu if nonlinearity='relu'); "
                           "hx defaults to zeros; unbatched (H_in,) inputs give (H,) outputs.",
                "input_grad": "d_pre = grad * tanh'(.); dx = d_pre W_ih, dh = d_pre W_hh; return (dx, dh) "
                              "when hx was passed.",
                "errors": "An unknown nonlinearity raises RuntimeError in forward (the constructor accepts it); "
                          "size mismatches RuntimeError; 3-D input or hx ValueError."},
    "GRUCell": {"forward": _GRU_HINTS["forward"].split(" Layer")[0] + " hx defaults to zeros.",
                "input_grad": "dh = dgates_h W_hh + grad * z (the n-part of dgates_h is dn_pre * r); return "
                              "(dx, dh) when hx was passed.",
                "errors": "Size mismatches raise RuntimeError; 3-D input or hx ValueError."},
    "LSTMCell": {"forward": _LSTM_HINTS["forward"].split(" (times")[0] + "; hx = (h, c) defaults to zeros.",
                 "input_grad": "backward(grad_h, grad_c): dc = grad_c + grad_h * o * (1 - tanh(c')^2); "
                               "returns (dx, (dh, dc)) when hx was passed, dc = dc' * f.",
                 "errors": "Size mismatches raise RuntimeError; 3-D input or hx ValueError."},
}
for _hints in _CELL_HINTS.values():
    _hints.update({"param_grad": "dW_ih = dgates^T x, dW_hh = dgates_h^T h, db = sum over the batch; ADD into "
                                 ".grad.", "init": "Every parameter ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).",
                   "state": "state_dict holds exactly weight_ih, weight_hh, bias_ih, bias_hh (no biases with "
                            "bias=False: register them as None); a cell has no dropout and no buffers, so eval() "
                            "changes nothing."})


def random_dropout(case, train: bool) -> bool:
    """A forward draws an inter-layer dropout mask: training mode, 0 < p < 1, several layers."""
    kwargs = case.ctor.kwargs
    return train and 0.0 < kwargs.get("dropout", 0.0) < 1.0 and kwargs.get("num_layers", 1) > 1


def _sequence_spec(layer: str, hints: dict, init_kwargs: dict) -> LayerSpec:
    properties.PROPERTIES[layer] = rnn_properties
    return LayerSpec(layer, "rnn", lambda: _sequence_cases(layer), error_cases=lambda: _sequence_errors(layer),
                     init=_init_for(layer, init_kwargs), has_params=True, upstream=_upstream, hints=hints,
                     property_checks=("forward", "input_grad", "param_grad"), random_case=random_dropout,
                     locate=locate_sequence,
                     examples={"errors": 40})  # 14 to 18 kinds of invalid argument or input: each drawn


def _cell_spec(layer: str) -> LayerSpec:
    return LayerSpec(layer, "rnn", lambda: _cell_cases(layer), error_cases=lambda: _cell_errors(layer),
                     init=_cell_init(layer), has_params=True, upstream=_upstream, hints=_CELL_HINTS[layer],
                     locate=locate_cell)


SPECS = [
    _sequence_spec("RNN", _RNN_HINTS, {"num_layers": 2, "bidirectional": True}),
    _sequence_spec("GRU", _GRU_HINTS, {"num_layers": 2, "bidirectional": True}),
    _sequence_spec("LSTM", _LSTM_HINTS, {"num_layers": 2, "bidirectional": True, "proj_size": 5}),
    _cell_spec("RNNCell"),
    _cell_spec("GRUCell"),
    _cell_spec("LSTMCell"),
]
