"""AdaptiveLogSoftmaxWithLoss."""
from __future__ import annotations

import numpy as np

from .container import ModuleList, Sequential
from .linear import Linear
from .module import Module

__all__ = ["AdaptiveLogSoftmaxWithLoss"]


def log_softmax(x: np.ndarray) -> np.ndarray:
    """log softmax over the last axis: x - max - log(sum(exp(x - max)))."""
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def log_softmax_pick_backward(logprob: np.ndarray, picked: np.ndarray, grad: np.ndarray) -> np.ndarray:
    """Gradient w.r.t. the logits of ``logprob[i, picked[i]]`` (logprob = log_softmax(logits)),
    scaled by ``grad[i]``: (onehot(picked) - softmax(logits)) * grad[:, None]."""
    d = -np.exp(logprob)
    d[np.arange(len(picked)), picked] += 1.0
    return d * grad[:, None]


class AdaptiveLogSoftmaxWithLoss(Module):
    r"""Efficient softmax approximation (Grave et al., 2016), as torch.nn.AdaptiveLogSoftmaxWithLoss.

    The classes are split by ``cutoffs`` into a shortlist ``[0, cutoffs[0])`` and clusters
    ``[cutoffs[i], cutoffs[i+1])`` (the last ending at n_classes). The head is a Linear(in_features,
    shortlist_size + n_clusters, bias=head_bias) whose outputs are the shortlist classes followed by
    one logit per cluster; cluster i's tail is Sequential(Linear(in_features, h_i, bias=False),
    Linear(h_i, cluster size, bias=False)) with ``h_i = int(in_features // div_value ** (i + 1))``.

    .. math::
        \log p(y \mid x) = \begin{cases}
            \text{logsoftmax}(\text{head}(x))_y & y < \text{cutoffs}[0] \\
            \text{logsoftmax}(\text{head}(x))_{\text{shortlist} + i}
            + \text{logsoftmax}(\text{tail}_i(x))_{y - \text{cutoffs}[i]} & y \text{ in cluster } i
        \end{cases}

    forward(input, target) returns (output, loss): output[n] = log p(target[n] | input[n]) and
    loss = mean(-output). Only the rows whose target falls in cluster i go through tail i (a tail
    with no such row gets no gradient).

    Args:
        in_features: number of input features.
        n_classes: number of classes.
        cutoffs: increasing, unique, positive integers, each <= n_classes - 1 (ValueError otherwise).
        div_value: the tail hidden sizes shrink by this factor per cluster. Default 4.0.
        head_bias: whether the head Linear has a bias. Default False.

    Shape:
        input (N, in_features) with target (N,), or input (in_features,) with a 0-d target
        (RuntimeError otherwise); target holds class indices in [0, n_classes - 1] (RuntimeError
        otherwise). output (N,) (0-d for unbatched input), loss 0-d.

    backward(grad_output, grad_loss) returns d input.

    log_prob(input) -> (N, n_classes) log-probabilities of every class; predict(input) -> (N,)
    the most likely class (int64).
    """

    def __init__(self, in_features, n_classes, cutoffs, div_value=4.0, head_bias=False):
        super().__init__()
        cutoffs = list(cutoffs)
        if len(cutoffs) == 0:
            raise ValueError("cutoffs should be a sequence of length larger than 0")
        if (cutoffs != sorted(cutoffs) or min(cutoffs) <= 0 or max(cutoffs) > n_classes - 1
                or len(set(cutoffs)) != len(cutoffs) or any(int(c) != c for c in cutoffs)):
            raise ValueError("cutoffs should be a sequence of unique, positive integers sorted in an increasing "
                             "order, where each value is between 1 and n_classes-1")
        self.in_features = in_features
        self.n_classes = n_classes
        self.cutoffs = cutoffs + [n_classes]
        self.div_value = div_value
        self.head_bias = head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        self.head = Linear(in_features, self.head_size, bias=head_bias)
        self.tail = ModuleList()
        for i in range(self.n_clusters):
            hidden = int(in_features // (div_value ** (i + 1)))
            size = self.cutoffs[i + 1] - self.cutoffs[i]
            self.tail.append(Sequential(Linear(in_features, hidden, bias=False), Linear(hidden, size, bias=False)))

    def reset_parameters(self) -> None:
        self.head.reset_parameters()
        for projection in self.tail:
            for linear in projection:
                linear.reset_parameters()

    @staticmethod
    def _check_inputs(input, target) -> None:
        if target.ndim == 1:
            if input.shape[0] != target.shape[0]:
                raise RuntimeError("Input and target should have the same size in the batch dimension.")
            if input.ndim != 2:
                raise RuntimeError(f"1D target tensor expects 2D input tensors, but found inputs with size "
                                   f"{list(input.shape)}")
        elif target.ndim == 0:
            if input.ndim != 1:
                raise RuntimeError(f"0D target tensor expects 1D input tensors, but found inputs with size "
                                   f"{list(input.shape)}")
        else:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")

    def forward(self, input, target):
        """Returns (output, loss): the log-probability of each row's target class, and mean(-output)."""
        target = np.asarray(target)
        self._check_inputs(input, target)
        batched = target.ndim > 0
        x, target = (input, target) if batched else (input[None], target[None])
        if np.any((target < 0) | (target >= self.n_classes)):
            raise RuntimeError(f"Target values should be in [0, {self.n_classes - 1}], but values in range "
                               f"[{target.min()}, {target.max()}] were found. ")
        gather = target.copy()  # head column of each row: its class, or its cluster's logit
        output = np.zeros(len(target), dtype=x.dtype)
        self._clusters = []
        for i in range(self.n_clusters):
            low, high = self.cutoffs[i], self.cutoffs[i + 1]
            rows = np.flatnonzero((target >= low) & (target < high))
            if rows.size == 0:
                continue
            relative = target[rows] - low
            cluster_logprob = log_softmax(self.tail[i](x[rows]))
            output[rows] = cluster_logprob[np.arange(rows.size), relative]
            gather[rows] = self.shortlist_size + i
            self._clusters.append((i, rows, relative, cluster_logprob))
        head_logprob = log_softmax(self.head(x))
        output = output + head_logprob[np.arange(len(target)), gather]
        loss = np.asarray(np.mean(-output))
        self._head = (head_logprob, gather, batched)
        return (output if batched else output.reshape(())), loss

    def backward(self, grad_output, grad_loss):
        """grad_output: dL/d output (shaped like output); grad_loss: dL/d loss (0-d). Returns dL/d input
        and ADDS the head's and the used tails' parameter gradients into their .grad."""
        head_logprob, gather, batched = self._head
        n = len(gather)
        grad = np.reshape(grad_output, n) - np.asarray(grad_loss) / n  # d/d output[i]
        d_input = self.head.backward(log_softmax_pick_backward(head_logprob, gather, grad))
        for i, rows, relative, cluster_logprob in self._clusters:
            d_input[rows] += self.tail[i].backward(log_softmax_pick_backward(cluster_logprob, relative, grad[rows]))
        return d_input if batched else d_input[0]

    def _full_log_prob(self, input, head_output):
        head_logprob = log_softmax(head_output)
        parts = [head_logprob[:, :self.shortlist_size]]
        for i in range(self.n_clusters):
            cluster_logprob = log_softmax(self.tail[i](input))
            parts.append(cluster_logprob + head_logprob[:, self.shortlist_size + i, None])
        return np.concatenate(parts, axis=1)

    def log_prob(self, input):
        """Log-probabilities of all n_classes: (N, in_features) -> (N, n_classes)."""
        return self._full_log_prob(input, self.head(input))

    def predict(self, input):
        """The most likely class of each row, (N, in_features) -> (N,) int64; equal to
        log_prob(input).argmax(1), but the tails only run for rows whose head argmax is a cluster."""
        head_output = self.head(input)
        output = np.argmax(head_output, axis=1)
        outside = output >= self.shortlist_size
        if outside.any():
            output[outside] = np.argmax(self._full_log_prob(input[outside], head_output[outside]), axis=1)
        return output.astype(np.int64)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, n_classes={self.n_classes}, cutoffs={self.cutoffs[:-1]}, "
                f"div_value={self.div_value}, head_bias={self.head_bias}")
