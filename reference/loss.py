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
from __future__ import annotations

import warnings

import numpy as np
from scipy import special

from .module import Module

__all__ = ["L1Loss", "MSELoss", "HuberLoss", "SmoothL1Loss", "BCELoss", "BCEWithLogitsLoss", "NLLLoss",
           "CrossEntropyLoss"]

_BCE_EPSILON = 1e-12  # torch's floor on x (1 - x) in BCELoss's gradient
_LOG_FLOOR = -100.0   # torch clamps BCELoss's logarithms at -100


# ----------------------------------------------------------------------------------------------
# Reductions
# ----------------------------------------------------------------------------------------------
def _legacy_reduction(size_average, reduce) -> str:
    """torch's mapping of the deprecated size_average/reduce flags onto a reduction string."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = "none" if not reduce else "mean" if size_average else "sum"
    warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{reduction}' "
                  "instead.", stacklevel=3)
    return reduction


def _checked_reduction(reduction: str) -> str:
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.",
                      stacklevel=3)
        return "mean"
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduce(losses: np.ndarray, reduction: str, denominator=None) -> np.ndarray:
    """'none': losses; 'sum': their sum; 'mean': sum / denominator (default: losses.size)."""
    if reduction == "none":
        return losses
    total = losses.sum()
    if reduction == "sum":
        return np.asarray(total)
    denominator = losses.size if denominator is None else denominator
    with np.errstate(divide="ignore", invalid="ignore"):  # 0/0 is nan, as torch
        return np.asarray(total / denominator, dtype=losses.dtype)


def _grad_scale(grad_output, reduction: str, dtype, denominator) -> np.ndarray:
    """d reduced loss / d (each per-element loss) times grad_output: g, or g / denominator for 'mean'."""
    g = np.asarray(grad_output, dtype=dtype)
    if reduction == "mean":
        with np.errstate(divide="ignore", invalid="ignore"):
            g = g / denominator
    return g


class _Loss(Module):
    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__()
        if size_average is not None or reduce is not None:
            reduction = _legacy_reduction(size_average, reduce)
        self.reduction = reduction


class _WeightedLoss(_Loss):
    def __init__(self, weight=None, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


def _broadcast_to_input(array: np.ndarray, shape: tuple, dtype, name: str) -> np.ndarray:
    """A weight array broadcast to the input's shape (RuntimeError if it does not broadcast to it)."""
    try:
        return np.broadcast_to(np.asarray(array, dtype=dtype), shape)
    except ValueError:
        raise RuntimeError(f"the {name} of shape {list(np.shape(array))} does not broadcast to the input "
                           f"shape {list(shape)}") from None


def _sum_to_shape(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum a gradient of a broadcast shape back to the shape the input had before broadcasting."""
    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    return np.asarray(grad.sum(axis=stretched, keepdims=True))


# ----------------------------------------------------------------------------------------------
# Regression losses: l = f(input - target) element by element
# ----------------------------------------------------------------------------------------------
class _PointwiseLoss(_Loss):
    """reduce(f(d)) with d = input - target (broadcast together, as torch, with a warning when
    the shapes differ). Subclasses give ``_pointwise(d) -> (f(d), f'(d))``; backward returns
    f'(d) * grad, summed back to the input's shape if the target broadcast it."""

    def forward(self, input, target):
        if target.shape != input.shape:
            warnings.warn(f"Using a target size ({target.shape}) that is different to the input size "
                          f"({input.shape}). This will likely lead to incorrect results due to "
                          "broadcasting. Please ensure they have the same size.", stacklevel=2)
        try:
            np.broadcast_shapes(input.shape, target.shape)
        except ValueError:
            raise RuntimeError(f"The size of the target {list(target.shape)} does not broadcast with the "
                               f"input size {list(input.shape)}") from None
        reduction = _checked_reduction(self.reduction)
        diff = input - np.asarray(target, dtype=input.dtype)
        losses, self._derivative = self._pointwise(diff)
        self._reduction, self._input_shape = reduction, input.shape
        return _reduce(losses, reduction)

    def backward(self, grad_output=1.0):
        d = self._derivative
        grad = d * _grad_scale(grad_output, self._reduction, d.dtype, d.size)
        if grad.shape == self._input_shape:
            return grad
        return _sum_to_shape(grad, self._input_shape)

    def _pointwise(self, d):
        raise NotImplementedError


class L1Loss(_PointwiseLoss):
    r"""Mean absolute error: :math:`l_i = |x_i - y_i|`, then reduced.

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

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)

    def _pointwise(self, d):
        return np.abs(d), np.sign(d)


class MSELoss(_PointwiseLoss):
    r"""Mean squared error: :math:`l_i = (x_i - y_i)^2`, then reduced.

    Args:
        size_average, reduce: deprecated, see ``reduction`` (either one given overrides it:
            reduce=False -> 'none'; else size_average=False -> 'sum'; else 'mean'; None counts as True).
        reduction: 'none' | 'mean' | 'sum'. Default: 'mean'. Anything else raises ValueError in forward.

    Shape:
        input (*), target (*) the same shape (a broadcastable target is broadcast, as torch);
        output () for 'mean'/'sum', the input's shape for 'none'.

    Backward: dl/dx = 2 (x - y), times grad_output (divided by the number of elements for 'mean').
    """

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)

    def _pointwise(self, d):
        return d * d, 2.0 * d


class HuberLoss(_PointwiseLoss):
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

    def __init__(self, reduction: str = "mean", delta: float = 1.0):
        if not isinstance(delta, (float, int)):
            raise TypeError(f"delta must be a float or int, got: {type(delta)}")
        super().__init__(reduction=reduction)
        self.delta = delta

    def _pointwise(self, d):
        if self.delta <= 0:
            raise RuntimeError("huber_loss does not support non-positive values for delta.")
        delta = float(self.delta)
        z = np.abs(d)
        losses = np.where(z < delta, 0.5 * z * z, delta * (z - 0.5 * delta))
        return losses, np.clip(d, -delta, delta)


class SmoothL1Loss(_PointwiseLoss):
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

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean", beta: float = 1.0):
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def _pointwise(self, d):
        if self.beta == 0:
            return np.abs(d), np.sign(d)
        if self.beta < 0:
            raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
        beta = float(self.beta)
        z = np.abs(d)
        losses = np.where(z < beta, 0.5 * z * z / beta, z - 0.5 * beta)
        return losses, np.clip(d / beta, -1.0, 1.0)


# ----------------------------------------------------------------------------------------------
# Binary cross-entropy
# ----------------------------------------------------------------------------------------------
class BCELoss(_WeightedLoss):
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

    def __init__(self, weight=None, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(weight, size_average, reduce, reduction)

    def forward(self, input, target):
        reduction = _checked_reduction(self.reduction)
        if target.shape != input.shape:
            raise ValueError(f"Using a target size ({target.shape}) that is different to the input size "
                             f"({input.shape}) is deprecated. Please ensure they have the same size.")
        weight = None if self.weight is None else \
            _broadcast_to_input(self.weight, input.shape, input.dtype, "weight")
        if not np.all((input >= 0) & (input <= 1)):
            raise RuntimeError("all elements of input should be between 0 and 1")
        y = np.asarray(target, dtype=input.dtype)
        with np.errstate(divide="ignore"):
            log_x = np.maximum(np.log(input), _LOG_FLOOR)
            log_1mx = np.maximum(np.log1p(-input), _LOG_FLOOR)
        losses = (y - 1.0) * log_1mx - y * log_x
        derivative = (input - y) / np.maximum((1.0 - input) * input, _BCE_EPSILON)
        if weight is not None:
            losses, derivative = losses * weight, derivative * weight
        self._derivative, self._reduction = derivative, reduction
        return _reduce(losses, reduction)

    def backward(self, grad_output=1.0):
        d = self._derivative
        return d * _grad_scale(grad_output, self._reduction, d.dtype, d.size)


class BCEWithLogitsLoss(_Loss):
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

    def __init__(self, weight=None, size_average=None, reduce=None, reduction: str = "mean",
                 pos_weight=None):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        reduction = _checked_reduction(self.reduction)
        if target.shape != input.shape:
            raise ValueError(f"Target size ({target.shape}) must be the same as input size ({input.shape})")
        y = np.asarray(target, dtype=input.dtype)
        log_sigmoid = np.minimum(input, 0.0) - np.log1p(np.exp(-np.abs(input)))
        if self.pos_weight is None:
            log_weight, positive = 1.0, y
        else:
            p = _broadcast_to_input(self.pos_weight, input.shape, input.dtype, "pos_weight")
            log_weight, positive = 1.0 + (p - 1.0) * y, p * y
        losses = (1.0 - y) * input - log_weight * log_sigmoid
        derivative = (positive + 1.0 - y) * special.expit(input) - positive
        if self.weight is not None:
            w = _broadcast_to_input(self.weight, input.shape, input.dtype, "weight")
            losses, derivative = losses * w, derivative * w
        self._derivative, self._reduction = derivative, reduction
        return _reduce(losses, reduction)

    def backward(self, grad_output=1.0):
        d = self._derivative
        return d * _grad_scale(grad_output, self._reduction, d.dtype, d.size)


# ----------------------------------------------------------------------------------------------
# Class losses: NLLLoss and CrossEntropyLoss
# ----------------------------------------------------------------------------------------------
def _class_last(array: np.ndarray) -> np.ndarray:
    """(N, C, d1, ...) -> (N, d1, ..., C); a 1-D (C,) input is unchanged."""
    return array if array.ndim == 1 else np.moveaxis(array, 1, -1)


def _class_first(array: np.ndarray) -> np.ndarray:
    """Inverse of _class_last."""
    return array if array.ndim == 1 else np.moveaxis(array, -1, 1)


def _check_class_targets(input: np.ndarray, target: np.ndarray, weight) -> np.ndarray:
    """Validate class-index targets against an input (C) / (N, C) / (N, C, d1, ...) as torch's
    nll_loss does; returns the targets as int64 in the shape of the per-element losses."""
    if input.ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.ndim})")
    target_batch = target.shape[0] if target.ndim else 0
    if input.ndim != 1 and target_batch != input.shape[0]:
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size "
                         f"({target_batch}).")
    if target.dtype not in (np.int64, np.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {target.dtype}")
    if input.ndim == 1:
        if target.ndim > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if target.size != 1:
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {target.size}")
        target = target.reshape(())
    elif input.ndim == 2 and target.ndim == 0:  # only reached with an empty batch (N = 0)
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    elif target.shape != input.shape[:1] + input.shape[2:]:
        raise RuntimeError(f"Expected target size {list(input.shape[:1] + input.shape[2:])}, "
                           f"got {list(target.shape)}")
    n_classes = input.shape[0 if input.ndim == 1 else 1]
    if weight is not None and np.shape(weight) != (n_classes,):
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes or no "
                           f"classes but got weight tensor of shape: {list(np.shape(weight))}")
    return target.astype(np.int64)


class _ClassTargets:
    """Class-index targets resolved against the classes: which positions count (target !=
    ignore_index), their class (0 where ignored) and their class weight w[target] (0 where ignored).
    'mean' divides by ``total_weight`` = the sum of w[target] over the positions that count."""

    def __init__(self, target: np.ndarray, n_classes: int, weight, ignore_index: int, dtype):
        self.valid = target != ignore_index
        out_of_range = self.valid & ((target < 0) | (target >= n_classes))
        if out_of_range.any():
            raise IndexError(f"Target {target[out_of_range].flat[0]} is out of bounds.")
        self.index = np.where(self.valid, target, 0)
        self.class_weight = np.ones(n_classes, dtype) if weight is None else np.asarray(weight, dtype)
        self.weight = np.where(self.valid, self.class_weight[self.index], 0.0).astype(dtype)
        self.total_weight = self.weight.sum()


class NLLLoss(_WeightedLoss):
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

    def __init__(self, weight=None, size_average=None, ignore_index: int = -100, reduce=None,
                 reduction: str = "mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        reduction = _checked_reduction(self.reduction)
        target = _check_class_targets(input, target, self.weight)
        x = _class_last(input)
        classes = _ClassTargets(target, x.shape[-1], self.weight, self.ignore_index, input.dtype)
        picked = np.take_along_axis(x, classes.index[..., None], axis=-1)[..., 0]
        losses = np.where(classes.valid, -classes.weight * picked, 0.0)
        denominator = classes.total_weight
        self._classes, self._shape, self._reduction, self._denominator = classes, x.shape, reduction, denominator
        return _reduce(losses, reduction, denominator)

    def backward(self, grad_output=1.0):
        classes = self._classes
        g = _grad_scale(grad_output, self._reduction, classes.weight.dtype, self._denominator)
        with np.errstate(invalid="ignore"):
            picked = np.where(classes.valid, -classes.weight * g, 0.0).astype(classes.weight.dtype)
        grad = np.zeros(self._shape, dtype=classes.weight.dtype)
        np.put_along_axis(grad, classes.index[..., None], picked[..., None], axis=-1)
        return _class_first(grad)


def _log_softmax(x: np.ndarray) -> np.ndarray:
    """log softmax over the last axis, stable (shifted by the maximum), keeping the dtype."""
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


class CrossEntropyLoss(_WeightedLoss):
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

    def __init__(self, weight=None, size_average=None, ignore_index: int = -100, reduce=None,
                 reduction: str = "mean", label_smoothing: float = 0.0):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        reduction = _checked_reduction(self.reduction)
        if target.shape == input.shape:
            distribution, valid, denominator = self._probability_targets(input, target)
        else:
            distribution, valid, denominator = self._index_targets(input, target)
        log_probs = _log_softmax(_class_last(input))
        losses = -(distribution * log_probs).sum(axis=-1)
        self._distribution, self._valid, self._log_probs = distribution, valid, log_probs
        self._reduction, self._denominator = reduction, denominator
        return _reduce(losses, reduction, denominator)

    def _probability_targets(self, input, target):
        """Target distribution w_c q'_{n,c} (class axis last), all positions valid, 'mean' by count."""
        if target.dtype.kind != "f":
            raise RuntimeError(f"Expected floating point type for target with class probabilities, got {target.dtype}")
        if self.ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        if input.ndim == 0:
            raise IndexError("Dimension specified as 1 but tensor has no dimensions")
        q = _class_last(np.asarray(target, dtype=input.dtype))
        n_classes = q.shape[-1]
        if self.weight is not None and np.shape(self.weight) != (n_classes,):
            raise RuntimeError(f"cross_entropy: weight tensor should be defined either for all {n_classes} "
                               f"classes or no classes but got weight tensor of shape: {list(np.shape(self.weight))}")
        self._check_smoothing()
        eps = self.label_smoothing
        if eps > 0:
            q = q * (1.0 - eps) + eps / n_classes
        if self.weight is not None:
            q = q * np.asarray(self.weight, dtype=input.dtype)
        valid = np.ones(q.shape[:-1], dtype=bool)
        return q, valid, valid.size

    def _index_targets(self, input, target):
        """Target distribution (1 - eps) w_y onehot(y) + (eps / C) w (class axis last), 0 where
        ignored; 'mean' by the sum of the non-ignored targets' weights."""
        self._check_smoothing()
        target = _check_class_targets(input, target, self.weight)
        n_classes = input.shape[0 if input.ndim == 1 else 1]
        classes = _ClassTargets(target, n_classes, self.weight, self.ignore_index, input.dtype)
        onehot = classes.index[..., None] == np.arange(n_classes)
        distribution = onehot * classes.weight[..., None]
        eps = self.label_smoothing
        if eps > 0:
            smooth = classes.valid[..., None] * classes.class_weight
            distribution = (1.0 - eps) * distribution + (eps / n_classes) * smooth
        return distribution, classes.valid, classes.total_weight

    def _check_smoothing(self):
        if self.label_smoothing > 1.0:
            raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {self.label_smoothing}")

    def backward(self, grad_output=1.0):
        t, dtype = self._distribution, self._log_probs.dtype
        g = _grad_scale(grad_output, self._reduction, dtype, self._denominator)
        with np.errstate(invalid="ignore"):  # all ignored: g = inf but no position counts
            scale = np.where(self._valid, g, 0.0).astype(dtype)[..., None]
        softmax = np.exp(self._log_probs)
        grad = scale * (softmax * t.sum(axis=-1, keepdims=True) - t)
        return _class_first(grad)
