# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""MultiheadAttention.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401
from . import init  # noqa: F401

__all__ = ['MultiheadAttention']


class MultiheadAttention(Module):
    r"""Multi-head attention (Vaswani et al., 2017), as torch.nn.MultiheadAttention.

    .. math::
        \text{MultiHead}(Q, K, V) = \text{Concat}(\text{head}_1, \dots, \text{head}_h) W^O + b^O,
        \quad \text{head}_i = \text{softmax}\left(\frac{(Q W_i^Q + b_i^Q)(K W_i^K + b_i^K)^T}
        {\sqrt{d_{head}}} + M\right)(V W_i^V + b_i^V)

    with ``d_head = embed_dim // num_heads``: the projected query/key/value of width embed_dim
    are split into num_heads consecutive chunks of d_head features (head i uses features
    ``i*d_head .. (i+1)*d_head - 1``). The softmax runs over the keys (last axis). ``M`` is the
    additive mask: ``attn_mask`` plus ``key_padding_mask`` (broadcast over queries and heads);
    a bool mask means -inf where True (not allowed) and 0 where False, a float mask is added
    as it is. A query whose keys are all masked gets NaN weights (need_weights=True, as
    torch.softmax) or zero weights (need_weights=False, as scaled_dot_product_attention).

    Args:
        embed_dim: total width E of the model (query features, and output features).
        num_heads: number of heads; embed_dim must be divisible by it (AssertionError otherwise);
            embed_dim and num_heads must be > 0 (ValueError otherwise).
        dropout: dropout probability on the attention weights (training mode only). Default 0.0.
        bias: add biases to the input and output projections. Default True.
        add_bias_kv: append a learned key ``bias_k`` and value ``bias_v`` (shape (1, 1, E)) to
            the key/value sequences after projection (S grows by 1; masks get a 0 column).
        add_zero_attn: append a key and a value of zeros (per head, after the heads are split
            and after bias_kv) to the sequences (S grows by 1; masks get a 0 column).
        kdim, vdim: key/value feature sizes (default embed_dim). When either differs from
            embed_dim, the projections are separate parameters q_proj_weight (E, E),
            k_proj_weight (E, kdim), v_proj_weight (E, vdim) instead of one packed
            in_proj_weight (3E, E) whose rows are [W^Q; W^K; W^V].
        batch_first: inputs/outputs are (N, L, E) instead of (L, N, E).

    forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    average_attn_weights=True, is_causal=False) returns (attn_output, attn_weights), with
    attn_weights None when need_weights=False. is_causal is a hint that attn_mask is the causal
    mask: it requires attn_mask (RuntimeError otherwise); when need_weights=False and there is
    no key_padding_mask, the causal mask (query i attends keys 0..i) replaces attn_mask,
    otherwise attn_mask is used as it is.

    Shape:
        query (L, N, E), key (S, N, kdim), value (S, N, vdim); (N, L, E) etc. with batch_first;
        unbatched query (L, E), key (S, kdim), value (S, vdim).
        key_padding_mask (N, S) (unbatched: (S,)). attn_mask (L, S) or (N * num_heads, L, S)
        (row n * num_heads + h is for batch n, head h; unbatched: (num_heads, L, S)).
        attn_output: like query. attn_weights: (N, L, S') averaged over heads, or
        (N, num_heads, L, S') with average_attn_weights=False (unbatched: without N), where
        S' = S + add_bias_kv + add_zero_attn. The weights are returned after dropout.

    Attributes:
        in_proj_weight (3E, E) or q_proj_weight, k_proj_weight, v_proj_weight: xavier_uniform_.
        in_proj_bias (3E,): zeros. out_proj: Linear(E, E, bias) with its default weight init
            and a zero bias. bias_k, bias_v (1, 1, E): xavier_normal_.

    backward(grad_output, grad_weights=None) returns (d_query, d_key, d_value) (one gradient
    per input, even when query, key and value are the same array); grad_weights (a gradient
    for the returned attention weights) is optional.
    """

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False):
        raise NotImplementedError("MultiheadAttention.__init__")

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None, average_attn_weights=True, is_causal=False):
        """Returns (attn_output, attn_weights), attn_weights None when need_weights=False (see the
        class docstring for the masks, is_causal and the shapes).
        """
        raise NotImplementedError("MultiheadAttention.forward")

    def backward(self, grad_output, grad_weights=None):
        """grad_output: dL/d attn_output; grad_weights: dL/d attn_weights, or None (no gradient
        through the returned weights; what the oracle passes). Returns (d_query, d_key, d_value)
        and ADDS the parameter gradients into their .grad.
        """
        raise NotImplementedError("MultiheadAttention.backward")
