"""Planted bugs in reference/rnn.py (recurrent layers)."""
from . import Bug

BUGS = [
    Bug(file="rnn.py",
        old='            gi += w["bias_ih"].data\n',
        new='            gi += w["bias_ih"].data + b_hh  # both biases added once, before the loop\n'
            '            b_hh = None\n',
        layer="GRU", checks=("forward", "input_grad", "param_grad", "state"),
        description="Folds b_hh into the input projection, a valid shortcut for RNN and LSTM; for GRU "
                    "the reset gate must multiply (W_hn h + b_hn), and here it computes "
                    "n = tanh(W_in x + b_in + b_hn + r * (W_hn h)) instead."),
    Bug(file="rnn.py",
        old="        d_c = self._grad_in(grad_c, shape",
        new="        d_c = self._grad_in(None, shape",
        layer="LSTM", checks=("input_grad", "param_grad"),
        description="Backpropagation through time starts the cell-state chain from zero: the "
                    "gradient of c_n is never added into the last step."),
    Bug(file="rnn.py",
        old="        if direct is not None:\n            d_h = d_h + direct\n",
        new="",
        layer="GRUCell", checks=("input_grad",),
        description="The gradient w.r.t. hx misses the direct path of h' = (1 - z) * n + z * h: "
                    "only the part through W_hh (the gates) is returned."),
    Bug(file="rnn.py",
        old="            dc = zeros if grad_c is None else (grad_c if self._batched else grad_c[None])\n",
        new="            dc = zeros\n",
        layer="LSTMCell", checks=("input_grad", "param_grad"),
        description="LSTMCell.backward ignores the gradient of c' (treats it as zero) and "
                    "backpropagates only the gradient of h'."),
    Bug(file="rnn.py",
        old="                layer_input = input_size if layer == 0 else out_size * self._directions\n",
        new="                layer_input = out_size * self._directions  # layer 0 reads x, not h\n",
        layer="RNN", checks=("state",),
        description="Every layer's weight_ih is created (gates, hidden_size * directions), layer 0's "
                    "too: it must be (gates, input_size). Loading torch's weights would replace it "
                    "silently; the state check reads the shapes straight after construction.",
        also=(("GRU", ("state",)), ("LSTM", ("state",)))),
]
