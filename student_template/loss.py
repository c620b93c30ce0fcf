# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Loss functions: L1Loss, MSELoss, HuberLoss, SmoothL1Loss, BCELoss, BCEWithLogitsLoss, NLLLoss,
CrossEntropyLoss.

Every loss is called as ``loss(input, target)`` and reduces the per-element losses l with
``reduction``: ``'none'`` returns l itself, ``'sum'`` returns sum(l), ``'mean'`` returns
sum(l) / n (n = number of elements, except for the class losses: see NLLLoss). A reduced loss is a
0-d ndarray in the input's dtype. ``backward(grad_output=1.0)`` returns d loss / d input (the target
gets no gradient); grad_output is 0-d for 'mean'/'sum' and shaped like the output for 'none'.

The deprecated flags ``size_average`` and ``reduce`` (None counts as True) override ``reduction``
when either is given: reduce=False -> 'none'; else size_average=False -> 'sum'; else 'mean'.
An invalid reduction string raises ValueError when the loss is called, as torch.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['L1Loss', 'MSELoss', 'HuberLoss', 'SmoothL1Loss', 'BCELoss', 'BCEWithLogitsLoss', 'NLLLoss', 'CrossEntropyLoss']


class L1Loss(Module):
    """Mean absolute error: :math:`l_i = |x_i - y_i|`, then reduced.

    Args:
        size_average, reduce: deprecated, see ``reduction`` (either one given overrides it:
            reduce=False -> 'none'; else size_average=False -> 'sum'; else 'mean'; None counts as True).
        reduction: 'none' | 'mean' | 'sum'. Default: 'mean'. Anything else raises ValueError in forward.

    Shape:
        input (*), target (*) the same shape (a broadcastable target is broadcast, as torch);
        output () for 'mean'/'sum', the input's shape for 'none'.

    Backward: dl/dx = sign(x - y) (0 where x == y, torch's subgradient), times grad_output
    (divided by the number of elements for 'mean').
    """

    def __init__(self, size_average=None, reduce=None, reduction='mean'):
        raise NotImplementedError("L1Loss.__init__")

    def forward(self, input, target):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("L1Loss.forward")

    def backward(self, grad_output=1.0):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("L1Loss.backward")


class MSELoss(Module):
    """Mean squared error: :math:`l_i = (x_i - y_i)^2`, then reduced.

    Args:
        size_average, reduce: deprecated, see ``reduction`` (either one given overrides it:
            reduce=False -> 'none'; else size_average=False -> 'sum'; else 'mean'; None counts as True).
        reduction: 'none' | 'mean' | 'sum'. Default: 'mean'. Anything else raises ValueError in forward.

    Shape:
        input (*), target (*) the same shape (a broadcastable target is broadcast, as torch);
        output () for 'mean'/'sum', the input's shape for 'none'.

    Backward: dl/dx = 2 (x - y), times grad_output (divided by the number of elements for 'mean').
    """

    def __init__(self, size_average=None, reduce=None, reduction='mean'):
        raise NotImplementedError("MSELoss.__init__")

    def forward(self, input, target):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("MSELoss.forward")

    def backward(self, grad_output=1.0):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("MSELoss.backward")


class HuberLoss(Module):
    r"""Huber loss with d = x - y:
    :math:`l = 0.5 d^2` if :math:`|d| < \delta`, else :math:`\delta (|d| - 0.5 \delta)`; then reduced.

    Args:
        reduction: 'none' | 'mean' | 'sum'. Default: 'mean'. Anything else raises ValueError in forward.
        delta: the threshold between the quadratic and the linear part; must be > 0 (RuntimeError in
            forward otherwise); a non-number raises TypeError at construction. Default: 1.0.

    Shape:
        input (*), target (*) the same shape (a broadcastable target is broadcast, as torch);
        output () for 'mean'/'sum', the input's shape for 'none'.

    Backward: dl/dx = clip(d, -delta, delta) (continuous at |d| = delta), times grad_output
    (divided by the number of elements for 'mean').
    """

    def __init__(self, reduction='mean', delta=1.0):
        raise NotImplementedError("HuberLoss.__init__")

    def forward(self, input, target):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("HuberLoss.forward")

    def backward(self, grad_output=1.0):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("HuberLoss.backward")


class SmoothL1Loss(Module):
    r"""Smooth L1 loss with d = x - y:
    :math:`l = 0.5 d^2 / \beta` if :math:`|d| < \beta`, else :math:`|d| - 0.5 \beta`; then reduced.
    beta = 0 is exactly L1Loss. (HuberLoss(delta) = beta * SmoothL1Loss(beta) for beta = delta.)

    Args:
        size_average, reduce: deprecated, see ``reduction`` (either one given overrides it:
            reduce=False -> 'none'; else size_average=False -> 'sum'; else 'mean'; None counts as True).
        reduction: 'none' | 'mean' | 'sum'. Default: 'mean'. Anything else raises ValueError in forward.
        beta: the threshold between the quadratic and the linear part; must be >= 0 (RuntimeError in
            forward otherwise). Default: 1.0.

    Shape:
        input (*), target (*) the same shape (a broadcastable target is broadcast, as torch);
        output () for 'mean'/'sum', the input's shape for 'none'.

    Backward: dl/dx = clip(d / beta, -1, 1) (sign(d) when beta = 0, 0 at d = 0), times grad_output
    (divided by the number of elements for 'mean').
    """

    def __init__(self, size_average=None, reduce=None, reduction='mean', beta=1.0):
        raise NotImplementedError("SmoothL1Loss.__init__")

    def forward(self, input, target):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("SmoothL1Loss.forward")

    def backward(self, grad_output=1.0):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("SmoothL1Loss.backward")


class BCELoss(Module):
    r"""Binary cross-entropy between probabilities x in [0, 1] and targets y:
    :math:`l_i = -w_i [y_i \log x_i + (1 - y_i) \log(1 - x_i)]`, then reduced ('mean' divides by the
    number of elements, not by the weights). Each logarithm is clamped at -100 (as torch), so x = 0 or
    1 gives a finite loss; log(1 - x) is computed as log1p(-x).

    Args:
        weight: rescaling weight, broadcast to the input's shape (a buffer named ``weight``, absent from
            the state_dict when None). Default: None.
        size_average, reduce: deprecated, see ``reduction`` (either one given overrides it:
            reduce=False -> 'none'; else size_average=False -> 'sum'; else 'mean'; None counts as True).
        reduction: 'none' | 'mean' | 'sum'. Default: 'mean'. Anything else raises ValueError in forward.

    Shape:
        input (*), target (*) exactly the same shape (ValueError otherwise); output () for
        'mean'/'sum', the input's shape for 'none'. Input values outside [0, 1] raise RuntimeError.

    Backward (torch's formula): dl/dx = w (x - y) / max(x (1 - x), 1e-12), times grad_output
    (divided by the number of elements for 'mean').
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction='mean'):
        raise NotImplementedError("BCELoss.__init__")

    def forward(self, input, target):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("BCELoss.forward")

    def backward(self, grad_output=1.0):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("BCELoss.backward")


class BCEWithLogitsLoss(Module):
    r"""Sigmoid + binary cross-entropy in one numerically stable step, on logits x and targets y:
    :math:`l_i = w_i [(1 - y_i) x_i - (1 + (p - 1) y_i) \log\sigma(x_i)]`, then reduced ('mean' divides
    by the number of elements). This equals :math:`-w [p y \log\sigma(x) + (1 - y) \log(1 - \sigma(x))]`;
    compute :math:`\log\sigma(x) = \min(x, 0) - \log(1 + e^{-|x|})` so that large |x| neither
    overflows nor loses precision (never take log(sigmoid(x))).

    Args:
        weight: rescaling weight w, broadcast to the input's shape. Default: None (w = 1).
        size_average, reduce: deprecated, see ``reduction`` (either one given overrides it:
            reduce=False -> 'none'; else size_average=False -> 'sum'; else 'mean'; None counts as True).
        reduction: 'none' | 'mean' | 'sum'. Default: 'mean'. Anything else raises ValueError in forward.
        pos_weight: weight p of the positive term, broadcast to the input's shape (typically one value
            per class along the last dimension). Default: None (p = 1).

        ``weight`` and ``pos_weight`` are buffers (in the state_dict unless None). Either one not
        broadcasting to the input's shape raises RuntimeError.

    Shape:
        input (*), target (*) exactly the same shape (ValueError otherwise); output () for
        'mean'/'sum', the input's shape for 'none'.

    Backward: dl/dx = w [(p y + 1 - y) sigmoid(x) - p y] (= w (sigmoid(x) - y) without pos_weight),
    times grad_output (divided by the number of elements for 'mean').
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None):
        raise NotImplementedError("BCEWithLogitsLoss.__init__")

    def forward(self, input, target):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("BCEWithLogitsLoss.forward")

    def backward(self, grad_output=1.0):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("BCEWithLogitsLoss.backward")


class NLLLoss(Module):
    r"""Negative log-likelihood of class-index targets, on an input of log-probabilities x:
    :math:`l_n = -w_{y_n} x_{n, y_n}`, and :math:`l_n = 0` where :math:`y_n` = ignore_index.
    'mean' divides the sum by :math:`\sum_n w_{y_n}` over the non-ignored positions (not by their
    count, not by N): a weighted average. With every target ignored, 'mean' is 0/0 = nan (as torch)
    and the gradient is 0.

    Args:
        weight: per-class weights w, shape (C,) (a buffer named ``weight``; absent from the state_dict
            when None, i.e. all ones). Another shape raises RuntimeError in forward.
        size_average, reduce: deprecated, see ``reduction`` (either one given overrides it:
            reduce=False -> 'none'; else size_average=False -> 'sum'; else 'mean'; None counts as True).
        ignore_index: a target value that contributes neither loss, nor gradient, nor weight to the
            'mean' denominator; it may be any integer (even outside [0, C)). Default: -100.
        reduction: 'none' | 'mean' | 'sum'. Default: 'mean'. Anything else raises ValueError in forward.

    Shape:
        input (C,), (N, C) or (N, C, d1, ..., dK); target (), (N,) or (N, d1, ..., dK) of integers
        (int64 or uint8) in [0, C) (IndexError for a non-ignored target outside it);
        output () for 'mean'/'sum', the target's shape for 'none'.

    Backward: dl/dx[n, c] = -w_{y_n} if c = y_n (0 elsewhere and at ignored positions), times
    grad_output (divided by the sum of weights above for 'mean').
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'):
        raise NotImplementedError("NLLLoss.__init__")

    def forward(self, input, target):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("NLLLoss.forward")

    def backward(self, grad_output=1.0):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("NLLLoss.backward")


class CrossEntropyLoss(Module):
    r"""Cross-entropy between logits x and targets: log_softmax over the class dimension, then a
    negative log-likelihood. With p = log_softmax(x), C classes, class weights w (ones if None) and
    smoothing eps = label_smoothing (only when eps > 0; a negative value acts as 0):

    - class-index targets y (input and target shapes differ):
      :math:`l_n = -(1 - eps) w_{y_n} p_{n, y_n} - (eps / C) \sum_c w_c p_{n, c}`, and
      :math:`l_n = 0` where :math:`y_n` = ignore_index. 'mean' divides the sum by
      :math:`\sum_n w_{y_n}` over the non-ignored positions (both terms, the smoothing term
      included); with every target ignored it is nan and the gradient 0.
    - class-probability targets q (float, the input's shape): smoothed
      :math:`q' = (1 - eps) q + eps / C`, :math:`l_n = -\sum_c w_c q'_{n, c} p_{n, c}`;
      'mean' divides by the number of positions N * d1 * ... * dK (not by the weights).
      ignore_index must then stay negative (RuntimeError otherwise).

    Args:
        weight: per-class weights w, shape (C,) (a buffer named ``weight``; absent from the state_dict
            when None). Another shape raises RuntimeError in forward.
        size_average, reduce: deprecated, see ``reduction`` (either one given overrides it:
            reduce=False -> 'none'; else size_average=False -> 'sum'; else 'mean'; None counts as True).
        ignore_index: a class-index target value that contributes neither loss, nor gradient, nor
            weight to the 'mean' denominator; any integer. Default: -100.
        reduction: 'none' | 'mean' | 'sum'. Default: 'mean'. Anything else raises ValueError in forward.
        label_smoothing: eps in [0, 1]; above 1 raises RuntimeError in forward. Default: 0.0.

    Shape:
        input (C,), (N, C) or (N, C, d1, ..., dK); target (), (N,) or (N, d1, ..., dK) of integers
        (int64 or uint8) in [0, C) (IndexError for a non-ignored target outside it), or floats of the
        input's shape; output () for 'mean'/'sum', (), (N,) or (N, d1, ..., dK) for 'none'.

    Backward: write each loss as :math:`l_n = -\sum_c t_{n,c} p_{n,c}` (t: the weighted, smoothed
    target distribution above, 0 at ignored positions); then
    :math:`dl_n/dx_{n,c} = -t_{n,c} + softmax(x_n)_c \sum_k t_{n,k}`, times grad_output (divided by the
    'mean' denominator above).
    """

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0):
        raise NotImplementedError("CrossEntropyLoss.__init__")

    def forward(self, input, target):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("CrossEntropyLoss.forward")

    def backward(self, grad_output=1.0):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("CrossEntropyLoss.backward")
