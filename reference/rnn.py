"""RNN, GRU, LSTM and their one-step cells RNNCell, GRUCell, LSTMCell.

Every recurrence is split the same way:

- the input projection ``gi = x W_ih^T + b_ih`` of ALL time steps is one matmul before the loop;
- the loop over time computes the hidden projection ``gh = h_{t-1} W_hh^T + b_hh`` (one matmul
  for all gates) and a gate *kernel* turns (gi_t, gh, h_{t-1}, c_{t-1}) into the new state.

Backward is backpropagation through time (BPTT): the steps are replayed in reverse order; the
gradient reaching h_t is the gradient of output[t] PLUS what flows back from step t+1 (for the last
step: the gradient of h_n). The weight gradients are then one matmul each over all time steps.
"""
from __future__ import annotations

import math
import numbers
import warnings

import numpy as np
from scipy.special import expit

from . import init
from .module import DEFAULT_DTYPE, Module, Parameter

__all__ = ["RNN", "GRU", "LSTM", "RNNCell", "GRUCell", "LSTMCell"]


# ----------------------------------------------------------------------------------------------
# Gate kernels: one time step, batched over N. gi, gh: (N, chunks * H); h: (N, H_out); c: (N, H).
# forward -> (h_new, c_new, cache); backward(dh, dc, cache) -> (d_gi, d_gh, dh_direct, dc_prev)
# where dh_direct is the part of dL/dh_{t-1} that does not flow through W_hh (None: zero).
# ----------------------------------------------------------------------------------------------
class _TanhKernel:
    """h' = tanh(gi + gh)."""

    chunks = 1

    @staticmethod
    def forward(gi, gh, h, c):
        h_new = np.tanh(gi + gh)
        return h_new, None, h_new

    @staticmethod
    def backward(dh, dc, h_new):
        d_pre = dh * (1.0 - h_new * h_new)
        return d_pre, d_pre, None, None


class _ReluKernel:
    """h' = relu(gi + gh) (derivative 0 at 0, as torch)."""

    chunks = 1

    @staticmethod
    def forward(gi, gh, h, c):
        h_new = np.maximum(gi + gh, 0.0)
        return h_new, None, h_new

    @staticmethod
    def backward(dh, dc, h_new):
        d_pre = dh * (h_new > 0)
        return d_pre, d_pre, None, None


class _GRUKernel:
    """Gates in torch's order r, z, n:
    r = sigmoid(gi_r + gh_r), z = sigmoid(gi_z + gh_z), n = tanh(gi_n + r * gh_n),
    h' = (1 - z) * n + z * h, where gh_n = W_hn h + b_hn (the reset gate multiplies the whole
    hidden projection, bias included)."""

    chunks = 3

    @staticmethod
    def forward(gi, gh, h, c):
        hidden = h.shape[-1]
        rz = expit(gi[:, :2 * hidden] + gh[:, :2 * hidden])
        r, z = rz[:, :hidden], rz[:, hidden:]
        gh_n = gh[:, 2 * hidden:]
        n = np.tanh(gi[:, 2 * hidden:] + r * gh_n)
        h_new = n + z * (h - n)
        return h_new, None, (r, z, n, gh_n, h)

    @staticmethod
    def backward(dh, dc, cache):
        r, z, n, gh_n, h = cache
        d_n = dh * (1.0 - z) * (1.0 - n * n)
        d_z = dh * (h - n) * z * (1.0 - z)
        d_r = d_n * gh_n * r * (1.0 - r)
        d_gi = np.concatenate([d_r, d_z, d_n], axis=-1)
        d_gh = np.concatenate([d_r, d_z, d_n * r], axis=-1)
        return d_gi, d_gh, dh * z, None


class _LSTMKernel:
    """Gates in torch's order i, f, g, o on gates = gi + gh:
    i, f, o = sigmoid(.), g = tanh(.), c' = f * c + i * g, h' = o * tanh(c')."""

    chunks = 4

    @staticmethod
    def forward(gi, gh, h, c):
        hidden = c.shape[-1]
        pre = gi + gh
        act = expit(pre)
        act[:, 2 * hidden:3 * hidden] = np.tanh(pre[:, 2 * hidden:3 * hidden])
        i, f, g, o = (act[:, k * hidden:(k + 1) * hidden] for k in range(4))
        c_new = f * c + i * g
        tanh_c = np.tanh(c_new)
        return o * tanh_c, c_new, (i, f, g, o, c, tanh_c)

    @staticmethod
    def backward(dh, dc, cache):
        i, f, g, o, c, tanh_c = cache
        dc = dc + dh * o * (1.0 - tanh_c * tanh_c)
        d_gates = np.concatenate([dc * g * i * (1.0 - i), dc * c * f * (1.0 - f),
                                  dc * i * (1.0 - g * g), dh * tanh_c * o * (1.0 - o)], axis=-1)
        return d_gates, d_gates, None, dc * f


_KERNELS = {"RNN_TANH": _TanhKernel, "RNN_RELU": _ReluKernel, "GRU": _GRUKernel, "LSTM": _LSTMKernel}


def _flat(a):
    return a.reshape(-1, a.shape[-1])


def _scan(kernel, gi, h0, c0, w_hh, b_hh, w_hr, reverse):
    """Run one layer in one direction over time.

    gi: (L, N, G) input projections, bias included; h0: (N, H_out); c0: (N, H) or None;
    w_hr: LSTM projection (H_out, H) or None. The reverse direction reads the steps from L-1 down
    to 0 and stores output[t] at its own time index t.
    Returns (output (L, N, H_out) in time order, h_n, c_n, tape for _scan_backward).
    """
    steps = gi.shape[0]
    output = np.empty(gi.shape[:2] + h0.shape[-1:], dtype=gi.dtype)
    h_prev = np.empty_like(output)
    caches, raw = [None] * steps, [None] * steps
    h, c = h0, c0
    for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
        h_prev[t] = h
        gh = h @ w_hh.T
        if b_hh is not None:
            gh += b_hh
        raw[t], c, caches[t] = kernel.forward(gi[t], gh, h, c)
        h = raw[t] if w_hr is None else raw[t] @ w_hr.T
        output[t] = h
    return output, h, c, {"caches": caches, "h_prev": h_prev, "raw": raw}


def _scan_backward(kernel, d_output, dh, dc, tape, w_hh, w_hr, reverse):
    """BPTT for one layer and direction (the steps of _scan in reverse order).

    d_output: (L, N, H_out) or None; dh, dc: gradients of h_n and c_n (c: None unless LSTM).
    Returns (d_gi, d_gh (L, N, G), d_h (L, N, H_out): the total gradient of each step's output,
    dh0, dc0).
    """
    caches = tape["caches"]
    steps = len(caches)
    d_h = np.empty_like(tape["h_prev"])
    d_gi = np.empty(d_h.shape[:2] + w_hh.shape[:1], dtype=d_h.dtype)
    d_gh = np.empty_like(d_gi)
    for t in (range(steps) if reverse else range(steps - 1, -1, -1)):
        if d_output is not None:
            dh = dh + d_output[t]
        d_h[t] = dh
        dh_raw = dh if w_hr is None else dh @ w_hr
        d_gi[t], d_gh[t], direct, dc = kernel.backward(dh_raw, dc, caches[t])
        dh = d_gh[t] @ w_hh
        if direct is not None:
            dh = dh + direct
    return d_gi, d_gh, d_h, dh, dc


def _dropout_mask(shape, p: float, dtype):
    """Inverted-dropout mask: 0 with probability p, else 1 / (1 - p) (all zeros for p = 1)."""
    keep = np.random.random_sample(shape) >= p
    return (keep * (0.0 if p == 1 else 1.0 / (1.0 - p))).astype(dtype)


# ----------------------------------------------------------------------------------------------
# Multi-layer recurrent modules
# ----------------------------------------------------------------------------------------------
class _RNNBase(Module):
    """Shared machinery of RNN, GRU and LSTM (torch's RNNBase). RNN, GRU and LSTM own the defaults
    and pass every argument."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int, bias: bool,
                 batch_first: bool, dropout: float, bidirectional: bool, proj_size: int = 0):
        super().__init__()
        _check_rnn_args(input_size, hidden_size, num_layers, bias, batch_first, dropout, proj_size)
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        self._kernel = _KERNELS[mode]
        gate_size = self._kernel.chunks * hidden_size
        out_size = proj_size if proj_size > 0 else hidden_size
        for layer in range(num_layers):
            for direction in range(self._directions):
                layer_input = input_size if layer == 0 else out_size * self._directions
                suffix = f"l{layer}" + ("_reverse" if direction == 1 else "")
                setattr(self, f"weight_ih_{suffix}", Parameter(np.empty((gate_size, layer_input), DEFAULT_DTYPE)))
                setattr(self, f"weight_hh_{suffix}", Parameter(np.empty((gate_size, out_size), DEFAULT_DTYPE)))
                if bias:
                    setattr(self, f"bias_ih_{suffix}", Parameter(np.empty(gate_size, DEFAULT_DTYPE)))
                    setattr(self, f"bias_hh_{suffix}", Parameter(np.empty(gate_size, DEFAULT_DTYPE)))
                if proj_size > 0:
                    setattr(self, f"weight_hr_{suffix}", Parameter(np.empty((proj_size, hidden_size), DEFAULT_DTYPE)))
        self.reset_parameters()

    @property
    def _directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def _out_size(self) -> int:
        return self.proj_size if self.proj_size > 0 else self.hidden_size

    def reset_parameters(self) -> None:
        """Every parameter ~ U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for param in self.parameters():
            init.uniform_(param, -bound, bound)

    def _weights(self, layer: int, direction: int) -> dict:
        suffix = f"l{layer}" + ("_reverse" if direction == 1 else "")
        names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")
        return {name: self._parameters.get(f"{name}_{suffix}") for name in names}

    # ----- input checks and layout ------------------------------------------------------------
    def _check_forward(self, input, hx) -> bool:
        """Validate as torch does; returns whether the input is batched."""
        name = type(self).__name__
        if input.ndim not in (2, 3):
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.ndim}D tensor instead")
        batched = input.ndim == 3
        states = () if hx is None else (hx if self.mode == "LSTM" else (hx,))
        if any(s.ndim != input.ndim for s in states):
            kind = "batched 3-D" if batched else "unbatched 2-D"
            got = ", ".join(f"{s.ndim}-D" for s in states)
            raise RuntimeError(f"For {kind} input, hx should also be {input.ndim}-D but got ({got}) tensor(s)")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {input.shape[-1]}")
        batch = (input.shape[0] if self.batch_first else input.shape[1]) if batched else None
        sizes = [self._out_size] + ([self.hidden_size] if self.mode == "LSTM" else [])
        for index, (state, size) in enumerate(zip(states, sizes)):
            expected = (self.num_layers * self._directions,) + ((batch,) if batched else ()) + (size,)
            if state.shape != expected:
                label = f"hidden[{index}]" if self.mode == "LSTM" else "hidden"
                raise RuntimeError(f"Expected {label} size {expected}, got {list(state.shape)}")
        if input.shape[1 if batched and self.batch_first else 0] == 0:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        return batched

    def _to_time_major(self, a):
        """(L, N, F) / (N, L, F) if batch_first / unbatched (L, F) -> (L, N, F)."""
        if not self._batched:
            return a[:, None, :]
        return a.transpose(1, 0, 2) if self.batch_first else a

    def _from_time_major(self, a):
        if not self._batched:
            return a[:, 0, :]
        return a.transpose(1, 0, 2) if self.batch_first else a

    # ----- forward / backward -----------------------------------------------------------------
    def forward(self, input, hx=None):
        self._batched = self._check_forward(input, hx)
        self._has_hx = hx is not None
        x = self._to_time_major(input)
        h0, c0 = self._initial_states(hx, x)
        h_n, c_n, self._layers = [], [], []
        for layer in range(self.num_layers):
            mask = None
            if layer > 0 and self.training and self.dropout > 0:
                mask = self._inter_layer_mask(layer, x.shape, x.dtype)
                x = x * mask
            record = {"input": x, "mask": mask, "tapes": []}
            outputs = []
            for direction in range(self._directions):
                k = layer * self._directions + direction
                out, h, c, tape = self._run_direction(self._weights(layer, direction), x, h0[k],
                                                      None if c0 is None else c0[k], direction == 1)
                outputs.append(out)
                h_n.append(h)
                c_n.append(c)
                record["tapes"].append(tape)
            self._layers.append(record)
            x = np.concatenate(outputs, axis=-1) if len(outputs) > 1 else outputs[0]
        output = self._from_time_major(x)
        h_n = self._state_out(np.stack(h_n))
        if self.mode == "LSTM":
            return output, (h_n, self._state_out(np.stack(c_n)))
        return output, h_n

    def _inter_layer_mask(self, layer: int, shape: tuple, dtype):
        """The dropout mask (0 or 1 / (1 - p)) multiplied into the input of ``layer`` (>= 1),
        shape (L, N, D * H_out): one independent draw per element from NumPy's global generator.
        (torch draws with its own generator, so masks never agree with torch's; the oracle judges
        dropout by properties and replaces this method to replay a mask read off a submission.)"""
        return _dropout_mask(shape, self.dropout, dtype)

    def _initial_states(self, hx, x):
        """(h_0, c_0) in the internal (layers * D, N, size) layout: hx, or zeros (c_0: None unless LSTM)."""
        if hx is not None:
            states = tuple(hx) if self.mode == "LSTM" else (hx, None)
            return tuple(s if self._batched or s is None else s[:, None, :] for s in states)
        shape = (self.num_layers * self._directions, x.shape[1])
        c0 = np.zeros(shape + (self.hidden_size,), dtype=x.dtype) if self.mode == "LSTM" else None
        return np.zeros(shape + (self._out_size,), dtype=x.dtype), c0

    def _run_direction(self, w: dict, x, h0, c0, reverse: bool):
        """One layer and direction: the input projection of all steps in one matmul, then the loop."""
        gi = x @ w["weight_ih"].data.T
        b_hh = _data(w["bias_hh"])
        if b_hh is not None:
            gi += w["bias_ih"].data
        return _scan(self._kernel, gi, h0, c0, w["weight_hh"].data, b_hh, _data(w["weight_hr"]), reverse)

    def _state_out(self, state):
        return state if self._batched else state[:, 0, :]

    def _grad_in(self, grad, shape, dtype):
        """A copy of a state gradient in the internal (layers * D, N, size) layout; zeros for None."""
        if grad is None:
            return np.zeros(shape, dtype=dtype)
        return (grad if self._batched else grad[:, None, :]).copy()

    def backward(self, grad_output=None, grad_hidden=None):
        """grad_output: gradient of output; grad_hidden: of h_n (LSTM: a tuple (of h_n, of c_n));
        any of them may be None. Returns d_input, or (d_input, d_hx) when hx was passed to forward
        (LSTM: (d_input, (d_h0, d_c0)))."""
        if self.mode == "LSTM":
            grad_h, grad_c = (None, None) if grad_hidden is None else grad_hidden
        else:
            grad_h, grad_c = grad_hidden, None
        h_prev = self._layers[0]["tapes"][0]["h_prev"]
        shape = (self.num_layers * self._directions, h_prev.shape[1])
        d_h = self._grad_in(grad_h, shape + (self._out_size,), h_prev.dtype)
        d_c = self._grad_in(grad_c, shape + (self.hidden_size,), h_prev.dtype) if self.mode == "LSTM" else None
        d_x = None if grad_output is None else self._to_time_major(grad_output)
        for layer in range(self.num_layers - 1, -1, -1):
            d_x = self._layer_backward(layer, d_x, d_h, d_c)
        d_input = self._from_time_major(d_x)
        if not self._has_hx:
            return d_input
        d_hx = self._state_out(d_h)
        return (d_input, (d_hx, self._state_out(d_c))) if self.mode == "LSTM" else (d_input, d_hx)

    def _layer_backward(self, layer: int, d_output, d_h, d_c):
        """BPTT through one layer (both directions); d_output: gradient of the layer's output or None.
        d_h, d_c hold the gradients of h_n, c_n on entry and are overwritten with those of h_0, c_0.
        Accumulates the parameter gradients; returns the gradient of the layer's input."""
        record = self._layers[layer]
        d_input = np.zeros_like(record["input"])
        size = self._out_size
        for direction in range(self._directions):
            k = layer * self._directions + direction
            w, tape = self._weights(layer, direction), record["tapes"][direction]
            d_out = None if d_output is None else d_output[..., direction * size:(direction + 1) * size]
            d_gi, d_gh, d_steps, d_h[k], dc0 = _scan_backward(
                self._kernel, d_out, d_h[k], None if d_c is None else d_c[k], tape,
                w["weight_hh"].data, _data(w["weight_hr"]), direction == 1)
            if d_c is not None:
                d_c[k] = dc0
            _accumulate(w, record["input"], tape, d_gi, d_gh, d_steps)
            d_input += d_gi @ w["weight_ih"].data
        if record["mask"] is not None:
            d_input *= record["mask"]
        return d_input

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s


def _data(param):
    return None if param is None else param.data


def _accumulate(w: dict, x, tape, d_gi, d_gh, d_h) -> None:
    """Weight gradients of one layer and direction, each one matmul over all time steps:
    dW_ih += d_gi^T x, dW_hh += d_gh^T h_{t-1}, db_ih += sum d_gi, db_hh += sum d_gh,
    dW_hr += d_h^T (o * tanh(c))."""
    w["weight_ih"].accumulate_grad(_flat(d_gi).T @ _flat(x))
    w["weight_hh"].accumulate_grad(_flat(d_gh).T @ _flat(tape["h_prev"]))
    if w["bias_ih"] is not None:
        w["bias_ih"].accumulate_grad(_flat(d_gi).sum(axis=0))
        w["bias_hh"].accumulate_grad(_flat(d_gh).sum(axis=0))
    if w["weight_hr"] is not None:
        w["weight_hr"].accumulate_grad(_flat(d_h).T @ _flat(np.stack(tape["raw"])))


def _check_rnn_args(input_size, hidden_size, num_layers, bias, batch_first, dropout, proj_size) -> None:
    """torch's RNNBase argument checks, in torch's order."""
    if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or not 0 <= dropout <= 1:
        raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                         "element being zeroed")
    if dropout > 0 and num_layers == 1:
        warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                      f"expects num_layers greater than 1, but got dropout={dropout} and "
                      f"num_layers={num_layers}", stacklevel=3)
    if not isinstance(bias, bool):
        raise TypeError(f"bias should be of type bool, got: {type(bias).__name__}")
    if not isinstance(batch_first, bool):
        raise TypeError(f"batch_first should be of type bool, got: {type(batch_first).__name__}")
    if not isinstance(input_size, int):
        raise TypeError(f"input_size should be of type int, got: {type(input_size).__name__}")
    if input_size <= 0:
        raise ValueError("input_size must be greater than zero")
    if not isinstance(hidden_size, int):
        raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
    if hidden_size <= 0:
        raise ValueError("hidden_size must be greater than zero")
    if num_layers <= 0:
        raise ValueError("num_layers must be greater than zero")
    if proj_size < 0:
        raise ValueError("proj_size should be a positive integer or zero to disable projections")
    if proj_size >= hidden_size:
        raise ValueError("proj_size has to be smaller than hidden_size")


class RNN(_RNNBase):
    r"""Elman RNN: for each layer and time step t,

    .. math:: h_t = \tanh(x_t W_{ih}^T + b_{ih} + h_{t-1} W_{hh}^T + b_{hh})

    (ReLU instead of tanh with ``nonlinearity='relu'``). Layer l > 0 takes the output of layer l-1
    as its input x_t; with ``dropout`` > 0 that input goes through dropout in training mode.
    A bidirectional layer runs a second recurrence backwards in time (t = L-1 ... 0, parameters
    suffixed ``_reverse``) and concatenates both directions' h_t at each time step t.

    Args:
        input_size: features of x (H_in).
        hidden_size: features of h (H_out).
        num_layers: stacked recurrent layers. Default: 1.
        nonlinearity: 'tanh' or 'relu'. Default: 'tanh'.
        bias: if False, no b_ih, b_hh. Default: True.
        batch_first: input/output are (N, L, *) instead of (L, N, *) (h is unaffected). Default: False.
        dropout: dropout probability on the outputs of every layer but the last (training only).
            Default: 0.
        bidirectional: D = 2 directions if True. Default: False.

    Shape:
        input: (L, N, H_in), or (N, L, H_in) if batch_first, or unbatched (L, H_in).
        hx (optional, zeros if omitted): (D * num_layers, N, H_out), unbatched (D * num_layers, H_out).
        output: (L, N, D * H_out) (batch_first: (N, L, D * H_out); unbatched (L, D * H_out)): the
            last layer's h_t for every t, forward direction first.
        h_n: like hx: the final hidden state of every layer and direction (index layer * D + direction;
            for the reverse direction "final" is time step 0).

    Attributes:
        weight_ih_l{k}[_reverse]: (H_out, H_in) for k = 0, else (H_out, D * H_out).
        weight_hh_l{k}[_reverse]: (H_out, H_out). bias_ih_l{k}[_reverse], bias_hh_l{k}[_reverse]: (H_out,).
        All initialized U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).

    forward(input, hx=None) returns (output, h_n).
    backward(grad_output, grad_h_n) (either may be None) returns d_input, or (d_input, d_hx) when hx
    was passed. It is backpropagation through time: the gradient of h_t is grad_output[t] plus the
    gradient flowing back from step t+1 (for the last step: grad_h_n).
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, nonlinearity: str = "tanh",
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size,
                         num_layers, bias, batch_first, dropout, bidirectional)
        self.nonlinearity = nonlinearity


class GRU(_RNNBase):
    r"""Gated recurrent unit; for each layer and time step t (gates in torch's order r, z, n):

    .. math::
        r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) \\
        z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) \\
        n_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})) \\
        h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}

    Note the reset gate multiplies (W_hn h_{t-1} + b_hn), bias included (not W_hn (r * h)).
    W_ih = [W_ir; W_iz; W_in] is stored as one (3 * hidden_size, H_in) matrix, likewise W_hh,
    b_ih, b_hh. Layers, dropout and directions as in RNN.

    Args:
        input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
        bidirectional=False: as in RNN.

    Shape: as RNN (output (L, N, D * H_out), h_n (D * num_layers, N, H_out)).

    Attributes:
        weight_ih_l{k}[_reverse]: (3 * H_out, H_in) for k = 0, else (3 * H_out, D * H_out).
        weight_hh_l{k}[_reverse]: (3 * H_out, H_out). bias_ih_l{k}, bias_hh_l{k}: (3 * H_out,).
        All initialized U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).

    forward(input, hx=None) returns (output, h_n); backward(grad_output, grad_h_n) as RNN.
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False):
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional)


class LSTM(_RNNBase):
    r"""Long short-term memory; for each layer and time step t (gates in torch's order i, f, g, o):

    .. math::
        i_t = \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi}) \\
        f_t = \sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf}) \\
        g_t = \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg}) \\
        o_t = \sigma(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho}) \\
        c_t = f_t \odot c_{t-1} + i_t \odot g_t \\
        h_t = o_t \odot \tanh(c_t)

    With proj_size > 0, h_t = W_hr (o_t * tanh(c_t)) has proj_size features (H_out = proj_size;
    W_hh then is (4 * hidden_size, proj_size)). Layers, dropout and directions as in RNN.

    Args:
        input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
        bidirectional=False: as in RNN.
        proj_size: if > 0, project h_t to this size (must be < hidden_size). Default: 0.

    Shape:
        input: as RNN. hx (optional): a tuple (h_0, c_0) with h_0 (D * num_layers, N, H_out) and
        c_0 (D * num_layers, N, hidden_size) (unbatched: without N).
        output: (L, N, D * H_out); (h_n, c_n) shaped like (h_0, c_0).

    Attributes:
        weight_ih_l{k}[_reverse]: (4 * hidden_size, H_in) for k = 0, else (4 * hidden_size, D * H_out).
        weight_hh_l{k}[_reverse]: (4 * hidden_size, H_out). bias_ih/bias_hh: (4 * hidden_size,).
        weight_hr_l{k}[_reverse]: (proj_size, hidden_size), only when proj_size > 0.
        All initialized U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).

    forward(input, hx=None) returns (output, (h_n, c_n)).
    backward(grad_output, (grad_h_n, grad_c_n)) (any of them may be None) returns d_input, or
    (d_input, (d_h0, d_c0)) when hx was passed. BPTT carries two gradients back in time: of h_t
    and of c_t (dc_{t-1} = dc_t * f_t).
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 proj_size: int = 0):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, proj_size)


# ----------------------------------------------------------------------------------------------
# Cells: one time step
# ----------------------------------------------------------------------------------------------
class _RNNCellBase(Module):
    """Shared machinery of the cells: weight_ih (chunks * H, H_in), weight_hh (chunks * H, H),
    bias_ih, bias_hh (chunks * H,), all ~ U(-1/sqrt(H), 1/sqrt(H))."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool, num_chunks: int):
        super().__init__()
        if input_size < 0 or hidden_size < 0:
            raise RuntimeError("Trying to create tensor with negative dimension "
                               f"{min(input_size, hidden_size, num_chunks * hidden_size)}: "
                               f"[{num_chunks * hidden_size}, {input_size}]")
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        gate_size = num_chunks * hidden_size
        self.weight_ih = Parameter(np.empty((gate_size, input_size), dtype=DEFAULT_DTYPE))
        self.weight_hh = Parameter(np.empty((gate_size, hidden_size), dtype=DEFAULT_DTYPE))
        if bias:
            self.bias_ih = Parameter(np.empty(gate_size, dtype=DEFAULT_DTYPE))
            self.bias_hh = Parameter(np.empty(gate_size, dtype=DEFAULT_DTYPE))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0.0
        for param in self.parameters():
            init.uniform_(param, -bound, bound)

    def _step(self, kernel, input, states):
        """Validate, run one kernel step; states: () or (h,) or (h, c). Returns (h', c') batched-or-not
        as the input."""
        name = type(self).__name__
        if input.ndim not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.ndim}D instead")
        for state in states:
            if state.ndim not in (1, 2):
                raise ValueError(f"{name}: Expected hidden to be 1D or 2D, got {state.ndim}D instead")
        if kernel is None:
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        self._batched = input.ndim == 2
        x = input if self._batched else input[None, :]
        if x.shape[1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {x.shape[1]} expected {self.input_size}")
        states = [s if self._batched else s[None] for s in states]
        for index, state in enumerate(states):
            if state.shape != (x.shape[0], self.hidden_size):
                raise RuntimeError(f"hidden{index} has shape {list(state.shape)}, expected "
                                   f"[{x.shape[0]}, {self.hidden_size}] (batch, hidden_size)")
        self._has_hx = bool(states)
        if not states:
            states = [np.zeros((x.shape[0], self.hidden_size), dtype=x.dtype)] * (2 if kernel is _LSTMKernel else 1)
        h = states[0]
        c = states[1] if len(states) > 1 else None
        gi, gh = x @ self.weight_ih.data.T, h @ self.weight_hh.data.T
        if self.bias_ih is not None:
            gi += self.bias_ih.data
            gh += self.bias_hh.data
        h_new, c_new, cache = kernel.forward(gi, gh, h, c)
        self._kernel, self._x, self._h, self._cache = kernel, x, h, cache
        return [s if self._batched else s[0] for s in (h_new, c_new) if s is not None]

    def _step_backward(self, grad_h, grad_c):
        """Returns the gradients (d_input, d_h, d_c) in the input's layout (d_c: None if not LSTM)."""
        zeros = np.zeros_like(self._h)
        dh = zeros if grad_h is None else (grad_h if self._batched else grad_h[None])
        dc = None
        if self._kernel is _LSTMKernel:
            dc = zeros if grad_c is None else (grad_c if self._batched else grad_c[None])
        d_gi, d_gh, direct, dc_prev = self._kernel.backward(dh, dc, self._cache)
        self.weight_ih.accumulate_grad(d_gi.T @ self._x)
        self.weight_hh.accumulate_grad(d_gh.T @ self._h)
        if self.bias_ih is not None:
            self.bias_ih.accumulate_grad(d_gi.sum(axis=0))
            self.bias_hh.accumulate_grad(d_gh.sum(axis=0))
        d_h = d_gh @ self.weight_hh.data
        if direct is not None:
            d_h = d_h + direct
        grads = (d_gi @ self.weight_ih.data, d_h, dc_prev)
        return tuple(g if g is None or self._batched else g[0] for g in grads)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s


class RNNCell(_RNNCellBase):
    r"""One step of an Elman RNN: :math:`h' = \tanh(x W_{ih}^T + b_{ih} + h W_{hh}^T + b_{hh})`
    (ReLU with ``nonlinearity='relu'``; any other value raises RuntimeError in forward, as torch).

    Args:
        input_size: features of x (H_in). hidden_size: features of h (H).
        bias: if False, no b_ih, b_hh. Default: True. nonlinearity: 'tanh' or 'relu'. Default: 'tanh'.

    Shape: input (N, H_in) or unbatched (H_in); hx (N, H) or (H) (zeros if omitted); output h' like hx.

    Attributes: weight_ih (H, H_in), weight_hh (H, H), bias_ih (H,), bias_hh (H,),
    all ~ U(-1/sqrt(H), 1/sqrt(H)).

    forward(input, hx=None) returns h'. backward(grad_h) returns d_input, or (d_input, d_hx) when
    hx was passed.
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, nonlinearity: str = "tanh"):
        super().__init__(input_size, hidden_size, bias, num_chunks=1)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        kernel = {"tanh": _TanhKernel, "relu": _ReluKernel}.get(self.nonlinearity)
        return self._step(kernel, input, () if hx is None else (hx,))[0]

    def backward(self, grad_output):
        d_input, d_h, _ = self._step_backward(grad_output, None)
        return (d_input, d_h) if self._has_hx else d_input


class GRUCell(_RNNCellBase):
    r"""One step of a GRU (gates r, z, n as in GRU):

    .. math::
        r = \sigma(W_{ir} x + b_{ir} + W_{hr} h + b_{hr}), \quad
        z = \sigma(W_{iz} x + b_{iz} + W_{hz} h + b_{hz}) \\
        n = \tanh(W_{in} x + b_{in} + r \odot (W_{hn} h + b_{hn})), \quad h' = (1 - z) \odot n + z \odot h

    Args: input_size (H_in), hidden_size (H), bias=True.

    Shape: input (N, H_in) or unbatched (H_in); hx (N, H) or (H) (zeros if omitted); output h' like hx.

    Attributes: weight_ih (3H, H_in), weight_hh (3H, H), bias_ih (3H,), bias_hh (3H,),
    all ~ U(-1/sqrt(H), 1/sqrt(H)).

    forward(input, hx=None) returns h'. backward(grad_h) returns d_input, or (d_input, d_hx) when
    hx was passed.
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True):
        super().__init__(input_size, hidden_size, bias, num_chunks=3)

    def forward(self, input, hx=None):
        return self._step(_GRUKernel, input, () if hx is None else (hx,))[0]

    def backward(self, grad_output):
        d_input, d_h, _ = self._step_backward(grad_output, None)
        return (d_input, d_h) if self._has_hx else d_input


class LSTMCell(_RNNCellBase):
    r"""One step of an LSTM (gates i, f, g, o as in LSTM):

    .. math::
        i, f, o = \sigma(\cdot), \quad g = \tanh(\cdot) \text{ of } x W_{ih}^T + b_{ih} + h W_{hh}^T + b_{hh}
        \text{ split in 4 chunks} \\
        c' = f \odot c + i \odot g, \quad h' = o \odot \tanh(c')

    Args: input_size (H_in), hidden_size (H), bias=True.

    Shape: input (N, H_in) or unbatched (H_in); hx a tuple (h, c) of (N, H) or (H) arrays (zeros if
    omitted); output a tuple (h', c') shaped like them.

    Attributes: weight_ih (4H, H_in), weight_hh (4H, H), bias_ih (4H,), bias_hh (4H,),
    all ~ U(-1/sqrt(H), 1/sqrt(H)).

    forward(input, hx=None) returns (h', c'). backward(grad_h, grad_c) (either may be None) returns
    d_input, or (d_input, (d_h, d_c)) when hx was passed.
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True):
        super().__init__(input_size, hidden_size, bias, num_chunks=4)

    def forward(self, input, hx=None):
        return tuple(self._step(_LSTMKernel, input, () if hx is None else tuple(hx)))

    def backward(self, grad_h=None, grad_c=None):
        d_input, d_h, d_c = self._step_backward(grad_h, grad_c)
        return (d_input, (d_h, d_c)) if self._has_hx else d_input
