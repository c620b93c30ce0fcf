# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""RNN, GRU, LSTM and their one-step cells RNNCell, GRUCell, LSTMCell.

Every recurrence is split the same way:

- the input projection ``gi = x W_ih^T + b_ih`` of ALL time steps is one matmul before the loop;
- the loop over time computes the hidden projection ``gh = h_{t-1} W_hh^T + b_hh`` (one matmul
  for all gates) and a gate *kernel* turns (gi_t, gh, h_{t-1}, c_{t-1}) into the new state.

Backward is backpropagation through time (BPTT): the steps are replayed in reverse order; the
gradient reaching h_t is the gradient of output[t] PLUS what flows back from step t+1 (for the last
step: the gradient of h_n). The weight gradients are then one matmul each over all time steps.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401
from . import init  # noqa: F401

__all__ = ['RNN', 'GRU', 'LSTM', 'RNNCell', 'GRUCell', 'LSTMCell']


class RNN(Module):
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

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, dropout=0.0, bidirectional=False):
        raise NotImplementedError("RNN.__init__")

    def forward(self, input, hx=None):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("RNN.forward")

    def backward(self, grad_output=None, grad_hidden=None):
        """grad_output: gradient of output; grad_hidden: of h_n (LSTM: a tuple (of h_n, of c_n));
        any of them may be None. Returns d_input, or (d_input, d_hx) when hx was passed to forward
        (LSTM: (d_input, (d_h0, d_c0))).
        """
        raise NotImplementedError("RNN.backward")


class GRU(Module):
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

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False):
        raise NotImplementedError("GRU.__init__")

    def forward(self, input, hx=None):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("GRU.forward")

    def backward(self, grad_output=None, grad_hidden=None):
        """grad_output: gradient of output; grad_hidden: of h_n (LSTM: a tuple (of h_n, of c_n));
        any of them may be None. Returns d_input, or (d_input, d_hx) when hx was passed to forward
        (LSTM: (d_input, (d_h0, d_c0))).
        """
        raise NotImplementedError("GRU.backward")


class LSTM(Module):
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

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0):
        raise NotImplementedError("LSTM.__init__")

    def forward(self, input, hx=None):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("LSTM.forward")

    def backward(self, grad_output=None, grad_hidden=None):
        """grad_output: gradient of output; grad_hidden: of h_n (LSTM: a tuple (of h_n, of c_n));
        any of them may be None. Returns d_input, or (d_input, d_hx) when hx was passed to forward
        (LSTM: (d_input, (d_h0, d_c0))).
        """
        raise NotImplementedError("LSTM.backward")


class RNNCell(Module):
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

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity='tanh'):
        raise NotImplementedError("RNNCell.__init__")

    def forward(self, input, hx=None):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("RNNCell.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("RNNCell.backward")


class GRUCell(Module):
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

    def __init__(self, input_size, hidden_size, bias=True):
        raise NotImplementedError("GRUCell.__init__")

    def forward(self, input, hx=None):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("GRUCell.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("GRUCell.backward")


class LSTMCell(Module):
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

    def __init__(self, input_size, hidden_size, bias=True):
        raise NotImplementedError("LSTMCell.__init__")

    def forward(self, input, hx=None):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("LSTMCell.forward")

    def backward(self, grad_h=None, grad_c=None):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("LSTMCell.backward")
