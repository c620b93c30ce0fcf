"""TransformerEncoderLayer."""
from __future__ import annotations

from .activation import GELU, ReLU
from .attention import MultiheadAttention, canonical_mask
from .dropout import Dropout
from .linear import Linear
from .module import Module
from .normalization import LayerNorm

__all__ = ["TransformerEncoderLayer"]

_ACTIVATIONS = {"relu": ReLU, "gelu": GELU}


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

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True):
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, str):
            if activation not in _ACTIVATIONS:
                raise RuntimeError(f"activation should be relu/gelu, not {activation}")
            # torch stores the function F.relu / F.gelu: a plain attribute, not a submodule
            self.__dict__["activation"] = _ACTIVATIONS[activation]()
        else:
            self.activation = activation

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        """The encoded sequence, shaped like src (see the class docstring)."""
        src_key_padding_mask = canonical_mask(src_key_padding_mask, "src_key_padding_mask", src.dtype)
        src_mask = canonical_mask(src_mask, "src_mask", src.dtype)
        masks = (src_mask, src_key_padding_mask, is_causal)
        if self.norm_first:
            x = src + self._sa_block(self.norm1(src), *masks)
            return x + self._ff_block(self.norm2(x))
        x = self.norm1(src + self._sa_block(src, *masks))
        return self.norm2(x + self._ff_block(x))

    def backward(self, grad_output):
        """Returns dL/d src and ADDS every submodule's parameter gradients into their .grad."""
        if self.norm_first:
            grad_x = grad_output + self.norm2.backward(self._ff_block_backward(grad_output))
            return grad_x + self.norm1.backward(self._sa_block_backward(grad_x))
        grad = self.norm2.backward(grad_output)
        grad_x = grad + self._ff_block_backward(grad)
        grad = self.norm1.backward(grad_x)
        return grad + self._sa_block_backward(grad)

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal):
        output = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                                need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(output)

    def _sa_block_backward(self, grad_output):
        d_query, d_key, d_value = self.self_attn.backward(self.dropout1.backward(grad_output))
        return d_query + d_key + d_value

    def _ff_block(self, x):
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def _ff_block_backward(self, grad_output):
        grad = self.linear2.backward(self.dropout2.backward(grad_output))
        return self.linear1.backward(self.activation.backward(self.dropout.backward(grad)))
