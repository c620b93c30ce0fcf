"""Numerical gradient check for any module following the submission contract.

    >>> import numpy as np, reference as nn
    >>> from reference.gradcheck import gradcheck
    >>> gradcheck(nn.Linear(3, 2), np.random.randn(4, 3))
    True

The module is cast to float64 (``module.double()``) and so are the float inputs; the objective
is L = sum_i <g_i, output_i> with random upstream gradients g_i (never all ones, which would hide
errors that cancel in a sum). The analytic gradients (what ``backward`` returns and accumulates
into ``param.grad``) are compared with central differences (L(x+eps) - L(x-eps)) / 2eps, element by
element, for the differentiable inputs and every parameter. NumPy's global RNG is re-seeded
before every forward, so layers with random masks (dropout) see the same mask each time.
"""
from __future__ import annotations

import numpy as np

__all__ = ["gradcheck", "GradcheckError"]


class GradcheckError(AssertionError):
    """The analytic and numerical gradients disagree; the message says where."""


def _float64(value):
    if isinstance(value, np.floating):  # numpy ops on 0-d arrays may return scalars
        value = np.asarray(value)
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return value.astype(np.float64)
    if isinstance(value, tuple):
        return tuple(_float64(v) for v in value)
    return value


def _copy(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value


def _leaves(value) -> list:
    """The float arrays inside a (nested tuple) value, in order."""
    if isinstance(value, tuple):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value] if isinstance(value, np.ndarray) and value.dtype.kind == "f" else []


def _upstream(output, rng, output_grads):
    def draw(value, wanted=True):
        if isinstance(value, tuple):
            return tuple(draw(v, wanted) for v in value)
        if wanted and isinstance(value, np.ndarray) and value.dtype.kind == "f":
            return rng.standard_normal(value.shape)
        return None

    if isinstance(output, tuple):
        wanted = output_grads or (True,) * len(output)
        return tuple(draw(v, w) for v, w in zip(output, wanted))
    return (draw(output),)


def _objective(output, grads) -> float:
    outputs = output if isinstance(output, tuple) else (output,)
    total = 0.0
    for out, grad in zip(outputs, grads):
        if grad is None:
            continue
        if isinstance(out, tuple):
            total += _objective(out, grad)
        else:
            total += float(np.sum(np.asarray(out) * grad))
    return total


def gradcheck(module, *inputs, grad_inputs=None, output_grads=None, forward_kwargs=None, eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-3, seed: int = 0, check_params: bool = True,
              max_elements: int | None = None) -> bool:
    """Compare ``module``'s backward with central differences; raise GradcheckError on mismatch.

    Args:
        module: any Module (cast to float64 in place).
        inputs: the forward inputs (float arrays are cast to float64; others passed as they are).
        grad_inputs: indices of the inputs whose gradients backward returns, in order
            (default: (0,), or the first k inputs when backward returns a tuple of k).
        output_grads: for a tuple output, which outputs get an upstream gradient
            (e.g. (True, False) for attention weights that get None).
        forward_kwargs: keyword inputs of forward (masks, output_size...), passed as they are.
        eps, atol, rtol: step and tolerances: |analytic - numeric| <= atol + rtol * |numeric|.
        seed: seeds the upstream gradients and NumPy's global RNG before every forward.
        max_elements: check at most this many randomly chosen elements of each array (every
            element when None); each element costs two forward passes.
    """
    module.double()
    inputs = [_float64(x) for x in inputs]
    forward_kwargs = dict(forward_kwargs or {})
    rng = np.random.default_rng(seed)

    def forward():  # fresh copies, so inplace layers cannot corrupt the perturbed inputs
        np.random.seed(seed)
        return module(*[_copy(x) for x in inputs], **forward_kwargs)

    output = forward()
    grads = _upstream(output, rng, output_grads)
    module.zero_grad()
    returned = module.backward(*grads)
    if grad_inputs is None:
        grad_inputs = tuple(range(len(returned))) if isinstance(returned, tuple) else (0,)
    analytic_inputs = returned if isinstance(returned, tuple) and len(grad_inputs) > 1 else (returned,)

    problems = []
    for position, index in enumerate(grad_inputs):
        leaves = _leaves(inputs[index])
        analytic_leaves = _leaves(_float64(analytic_inputs[position]))
        if len(analytic_leaves) != len(leaves):
            problems.append(f"input {index}: backward returned {len(analytic_leaves)} arrays for {len(leaves)}")
            continue
        for leaf, analytic in zip(leaves, analytic_leaves):
            problems += _compare(f"input {index}", leaf, analytic, forward, grads, eps, atol, rtol,
                                 _elements(leaf.size, max_elements, rng))
    if check_params:
        for name, param in module.named_parameters():
            if not param.requires_grad:  # frozen (e.g. Embedding.from_pretrained): no gradient by definition
                continue
            analytic = np.zeros_like(param.data) if param.grad is None else param.grad
            problems += _compare(f"parameter {name}", param.data, analytic, forward, grads, eps, atol, rtol,
                                 _elements(param.data.size, max_elements, rng))
    if problems:
        raise GradcheckError(f"gradcheck failed for {type(module).__name__}:\n  " + "\n  ".join(problems))
    return True


def _elements(size: int, max_elements, rng) -> np.ndarray:
    if max_elements is None or size <= max_elements:
        return np.arange(size)
    return np.sort(rng.choice(size, max_elements, replace=False))


def _compare(label, array, analytic, forward, grads, eps, atol, rtol, elements) -> list[str]:
    """Central differences of the objective w.r.t. the given flat ``elements`` of ``array``
    (perturbed in place); elements not checked are excluded from the comparison."""
    if np.shape(analytic) != array.shape:
        return [f"{label}: gradient has shape {np.shape(analytic)}, expected {array.shape}"]
    numeric = np.zeros(array.shape)
    checked = np.zeros(array.shape, dtype=bool)
    checked.flat[elements] = True
    for i in elements:  # array.flat writes through to the array the module reads
        original = array.flat[i]
        array.flat[i] = original + eps
        plus = _objective(forward(), grads)
        array.flat[i] = original - eps
        minus = _objective(forward(), grads)
        array.flat[i] = original
        numeric.flat[i] = (plus - minus) / (2 * eps)
    diff = np.abs(np.asarray(analytic, dtype=np.float64) - numeric)
    bad = (diff > atol + rtol * np.abs(numeric)) & checked
    if not bad.any():
        return []
    where = np.unravel_index(np.argmax(np.where(bad, diff, -1)), array.shape)
    where = tuple(int(i) for i in where)
    return [f"{label}: {int(bad.sum())} of {bad.size} elements differ; worst at {where}: "
            f"analytic {float(np.asarray(analytic)[where]):.6g}, numeric {numeric[where]:.6g}"]
