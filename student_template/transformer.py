# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""TransformerEncoderLayer.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['TransformerEncoderLayer']


class TransformerEncoderLayer(Module):
    r"""One encoder block of "Attention Is All You Need": self-attention and a feed-forward
    network, each with a residual connection and a LayerNorm.

    Post-norm (norm_first=False, the default):

    .. math::
        x_1 = \text{norm1}(x + \text{SA}(x)), \quad y = \text{norm2}(x_1 + \text{FF}(x_1))

    Pre-norm (norm_first=True):

    .. math::
        x_1 = x + \text{SA}(\text{norm1}(x)), \quad y = x_1 + \text{FF}(\text{norm2}(x_1))

    with SA(h) = dropout1(self_attn(h, h, h, attn_mask=src_mask, key_padding_mask=
    src_key_padding_mask, need_weights=False, is_causal=is_causal)[0]) and
    FF(h) = dropout2(linear2(dropout(activation(linear1(h))))).
    Because need_weights=False, a query whose keys are all masked gets zero attention output
    (not NaN), and is_causal (which requires src_mask) replaces src_mask by the causal mask when
    there is no src_key_padding_mask (see MultiheadAttention).

    Args:
        d_model: number of features E of the input.
        nhead: number of attention heads (d_model must be divisible by it).
        dim_feedforward: hidden width of the feed-forward network. Default: 2048.
        dropout: dropout probability (attention weights, dropout, dropout1, dropout2). Default: 0.1.
        activation: "relu" or "gelu" (RuntimeError otherwise), or an activation module such as
            GELU(approximate="tanh") (then registered as the submodule "activation"). Default: "relu".
            A string activation is a plain function in torch (F.relu, F.gelu), not a submodule:
            it does not appear among the submodules.
        layer_norm_eps: eps of both LayerNorms. Default: 1e-5.
        batch_first: input/output (N, S, E) instead of (S, N, E). Default: False.
        norm_first: pre-norm instead of post-norm. Default: False.
        bias: biases in the attention projections, linear1/linear2 and the LayerNorms. Default: True.

    Submodules (torch's names): self_attn (MultiheadAttention), linear1, dropout, linear2, norm1,
    norm2, dropout1, dropout2.

    Shape:
        src (S, N, E), (N, S, E) with batch_first, or unbatched (S, E); output: same shape.
        src_mask (S, S) or (N * nhead, S, S); src_key_padding_mask (N, S) (unbatched: (S,)).

    Backward: returns d src, the sum of the gradients through the residual path and through
    self_attn's query, key and value (all three are the same input).
    """

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True):
        raise NotImplementedError("TransformerEncoderLayer.__init__")

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        """The encoded sequence, shaped like src (see the class docstring).
        """
        raise NotImplementedError("TransformerEncoderLayer.forward")

    def backward(self, grad_output):
        """Returns dL/d src and ADDS every submodule's parameter gradients into their .grad.
        """
        raise NotImplementedError("TransformerEncoderLayer.backward")
