"""Planted bugs in reference/attention.py, reference/adaptive.py and reference/transformer.py.

TransformerEncoderLayer is built on MultiheadAttention, so the MultiheadAttention bugs in the shared
attention path (scaling, softmax axis, key_padding_mask axis, head split) also make it fail its
forward, input_grad, param_grad and state checks: the checks its own planted bugs fail anyway.
"""
from . import Bug

BUGS = [
    Bug(file="attention.py",
        old="        scale = math.sqrt(1.0 / self.head_dim)\n",
        new="        scale = 1.0 / self.head_dim\n",
        layer="MultiheadAttention", checks=("forward", "input_grad", "param_grad", "state"),
        description="attention scores scaled by 1/head_dim instead of 1/sqrt(head_dim)"),
    Bug(file="attention.py",
        old="weights = softmax(scores, safe=not need_weights, axis=-1)  # over the keys",
        new="weights = softmax(scores, safe=not need_weights, axis=2)",
        layer="MultiheadAttention", checks=("forward", "input_grad", "param_grad", "state"),
        description="softmax over the query axis of the (N, heads, L, S) scores instead of the key axis"),
    Bug(file="attention.py",
        old="padding = key_padding_mask[:, None, None, :]",
        new="padding = key_padding_mask[:, None, :, None]",
        layer="MultiheadAttention", checks=("forward", "input_grad", "param_grad", "state"),
        description="key_padding_mask broadcast along the query axis: it masks queries (rows), not keys"),
    Bug(file="attention.py",
        old="return x.reshape(n, s, self.num_heads, self.head_dim).transpose(0, 2, 1, 3)",
        new="return x.reshape(n, s, self.head_dim, self.num_heads).transpose(0, 3, 1, 2)",
        layer="MultiheadAttention", checks=("forward", "input_grad", "param_grad", "state"),
        description="heads split as (head_dim, num_heads): head h gets every num_heads-th feature instead "
                    "of a contiguous chunk (merge_heads still assumes contiguous chunks)"),
    Bug(file="attention.py",
        old="returned = dropped.mean(axis=1) if average_attn_weights else dropped",
        new="returned = dropped.sum(axis=1) if average_attn_weights else dropped",
        layer="MultiheadAttention", checks=("forward",),
        description="average_attn_weights sums the heads' weights instead of averaging them"),
    Bug(file="adaptive.py",
        old="grad = np.reshape(grad_output, n) - np.asarray(grad_loss) / n  # d/d output[i]",
        new="grad = np.reshape(grad_output, n) + np.asarray(grad_loss) / n  # d/d output[i]",
        layer="AdaptiveLogSoftmaxWithLoss", checks=("input_grad", "param_grad"),
        description="backward forgets the minus of loss = mean(-output): d loss / d output[i] taken as +1/N"),
    Bug(file="transformer.py",
        old="return d_query + d_key + d_value",
        new="return d_query",
        layer="TransformerEncoderLayer", checks=("input_grad", "param_grad"),
        description="self-attention backward keeps only the query's gradient, though the input is also "
                    "the key and the value (param_grad fails through norm_first, where norm1 sits before "
                    "self_attn)"),
    Bug(file="transformer.py",
        old="            x = src + self._sa_block(self.norm1(src), *masks)\n",
        new="            src = self.norm1(src)\n            x = src + self._sa_block(src, *masks)\n",
        layer="TransformerEncoderLayer", checks=("forward", "input_grad", "param_grad", "state"),
        description="pre-norm (norm_first) residual adds the normalized input instead of the input itself"),
    Bug(file="adaptive.py",
        old="        loss = np.asarray(np.mean(-output))\n",
        new="        loss = np.asarray(np.sum(-output))\n",
        layer="AdaptiveLogSoftmaxWithLoss", checks=("forward", "state"),
        description="the loss sums the negative log-likelihoods instead of averaging them over the batch"),
    Bug(file="adaptive.py",
        old="            hidden = int(in_features // (div_value ** (i + 1)))\n",
        new="            hidden = int(in_features // (div_value ** i))  # cluster 0 not shrunk\n",
        layer="AdaptiveLogSoftmaxWithLoss", checks=("forward", "input_grad", "param_grad", "state", "init"),
        description="tail i's hidden size is in_features // div_value**i instead of // div_value**(i + 1): "
                    "the first tail is not shrunk"),
    Bug(file="transformer.py",
        old="self.norm2(x + self._ff_block(x))",
        new="self.norm1(x + self._ff_block(x))",
        layer="TransformerEncoderLayer", checks=("forward", "input_grad", "param_grad", "state"),
        description="post-norm: the feed-forward residual is normalized with norm1 again (copy-paste) instead of norm2"),
]
