# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""AdaptiveLogSoftmaxWithLoss.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['AdaptiveLogSoftmaxWithLoss']


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
        raise NotImplementedError("AdaptiveLogSoftmaxWithLoss.__init__")

    def forward(self, input, target):
        """Returns (output, loss): the log-probability of each row's target class, and mean(-output).
        """
        raise NotImplementedError("AdaptiveLogSoftmaxWithLoss.forward")

    def backward(self, grad_output, grad_loss):
        """grad_output: dL/d output (shaped like output); grad_loss: dL/d loss (0-d). Returns dL/d input
        and ADDS the head's and the used tails' parameter gradients into their .grad.
        """
        raise NotImplementedError("AdaptiveLogSoftmaxWithLoss.backward")

    def reset_parameters(self):
        raise NotImplementedError("AdaptiveLogSoftmaxWithLoss.reset_parameters")

    def log_prob(self, input):
        """Log-probabilities of all n_classes: (N, in_features) -> (N, n_classes).
        """
        raise NotImplementedError("AdaptiveLogSoftmaxWithLoss.log_prob")

    def predict(self, input):
        """The most likely class of each row, (N, in_features) -> (N,) int64; equal to
        log_prob(input).argmax(1), but the tails only run for rows whose head argmax is a cluster.
        """
        raise NotImplementedError("AdaptiveLogSoftmaxWithLoss.predict")
