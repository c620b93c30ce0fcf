"""The executor's steps implemented on real torch.nn (autograd supplies backward).

PyTorch is the ground truth: the reference must match it, and it must score 100% through the
oracle. Only the test suite and ``--submission torch`` import this module.
"""
from __future__ import annotations

import numpy as np
import torch

from .executor import Executor, resolve_export

torch.set_num_threads(1)

_TORCH_DTYPES = {"float32": torch.float32, "float64": torch.float64}

def _to_torch(value, dtype):
    if isinstance(value, np.ndarray):
        tensor = torch.from_numpy(np.array(value, copy=True))
        return tensor.to(dtype) if tensor.is_floating_point() else tensor
    if isinstance(value, (list, tuple)):
        return type(value)(_to_torch(v, dtype) for v in value)
    return value


def _to_numpy(value):
    if isinstance(value, torch.Tensor):
        if value.layout != torch.strided:  # e.g. Embedding(sparse=True)'s sparse gradient
            value = value.to_dense()
        return value.detach().cpu().numpy().copy()
    if isinstance(value, tuple):  # includes torch's named tuples
        return tuple(_to_numpy(v) for v in value)
    if isinstance(value, list):
        return [_to_numpy(v) for v in value]
    return value


def _flatten(value):
    if isinstance(value, (tuple, list)):
        return [leaf for item in value for leaf in _flatten(item)]
    return [value]


def _pair_gradients(outputs, grads) -> list:
    """(output tensor, gradient tensor) pairs, walking the output and gradient nestings together;
    a None gradient (or a missing trailing one) skips that whole output."""
    pairs = []
    for index, output in enumerate(outputs):
        grad = grads[index] if index < len(grads) else None
        if grad is None:
            continue
        if isinstance(output, (tuple, list)):
            pairs += _pair_gradients(output, tuple(grad))
        elif isinstance(output, torch.Tensor) and output.requires_grad:
            pairs.append((output, torch.as_tensor(grad, dtype=output.dtype)))
    return pairs


def _leaf_grads(leaves):
    """The gradients of a (nested) structure of leaves; zeros where autograd left None."""
    if isinstance(leaves, (tuple, list)):
        return type(leaves)(_leaf_grads(leaf) for leaf in leaves)
    if leaves.grad is None:
        return np.zeros(tuple(leaves.shape), dtype=_to_numpy(leaves).dtype)
    return _to_numpy(leaves.grad)


class TorchExecutor(Executor):
    def __init__(self):
        super().__init__(torch.nn)
        self.dtype = torch.float64
        self.leaves = []
        self.outputs = None

    def _class(self, name: str):
        from .registry import BY_NAME
        spec = BY_NAME.get(name)
        if spec is not None and spec.torch_factory is not None:
            return spec.torch_factory()
        return resolve_export(torch.nn, name)

    def _plain(self, value):
        return _to_torch(value, self.dtype)

    def op_new(self, step):
        torch.manual_seed(step["seed"] % 2**63)
        self.dtype = _TORCH_DTYPES[step.get("dtype", "float64")]
        self.module = None
        self.module = self._build(step["ctor"]).to(self.dtype)
        return None

    def op_load(self, step):
        module = self._require_module()
        params = dict(module.named_parameters())
        buffers = dict(module.named_buffers())
        with torch.no_grad():
            for name, value in step["tensors"].items():
                target = params.get(name, buffers.get(name))
                if target is None:
                    raise KeyError(f"no parameter or buffer named {name!r}")
                target.copy_(torch.from_numpy(np.asarray(value)))
        return None

    def _leaf(self, value):
        """Make differentiable leaves of an input (an array, or a nested tuple of arrays such as
        LSTM's (h0, c0)); returns (structure of leaves, what is passed to the module)."""
        if isinstance(value, (tuple, list)):
            pairs = [self._leaf(v) for v in value]
            return type(value)(p[0] for p in pairs), type(value)(p[1] for p in pairs)
        tensor = _to_torch(value, self.dtype)
        leaf = tensor.detach().requires_grad_(True)
        return leaf, leaf.clone()  # a non-leaf, so inplace layers may write into it

    def op_forward(self, step):
        module = self._require_module()
        grad_inputs = set(step.get("grad_inputs", ()))
        self.leaves, inputs = [], []
        for index, x in enumerate(step["inputs"]):
            if index in grad_inputs:
                leaves, tensor = self._leaf(x)
                self.leaves.append(leaves)
            else:
                tensor = _to_torch(x, self.dtype)
            inputs.append(tensor)
        kwargs = {k: _to_torch(v, self.dtype) for k, v in step["kwargs"].items()}
        self.outputs = module(*inputs, **kwargs)
        return {"output": _to_numpy(self.outputs),
                "inputs_after": [_to_numpy(x) if isinstance(x, torch.Tensor) else None for x in inputs]}

    def op_backward(self, step):
        outputs = self.outputs if isinstance(self.outputs, tuple) else (self.outputs,)
        pairs = _pair_gradients(outputs, tuple(step["grads"]))
        if not step["grads"] and outputs[0].ndim == 0:  # loss.backward(): the gradient is 1
            pairs = [(outputs[0], torch.ones_like(outputs[0]))]
        # An empty output passes a zero gradient; some torch backward kernels refuse it ("Expected
        # grad_output to have non-zero size"), so it is left out and its zeros are added by hand:
        # _leaf_grads gives zeros for the inputs, and parameters without a gradient get zeros.
        nonempty = [(output, grad) for output, grad in pairs if output.numel()]
        for leaf in _flatten(self.leaves):
            leaf.grad = None
        if nonempty:
            torch.autograd.backward([o for o, _ in nonempty], [g for _, g in nonempty], retain_graph=True)
        if len(nonempty) < len(pairs):
            for param in self._require_module().parameters():
                if param.requires_grad and param.grad is None:
                    param.grad = torch.zeros_like(param)
        result = [_leaf_grads(leaves) for leaves in self.leaves]
        return result[0] if len(result) == 1 else tuple(result)

    def op_call(self, step):
        args = [_to_torch(a, self.dtype) for a in step.get("args", [])]
        return _to_numpy(getattr(self._require_module(), step["method"])(*args))

    def op_params(self, step):
        return {n: _to_numpy(p) for n, p in self._require_module().named_parameters()}

    def op_grads(self, step):
        return {n: None if p.grad is None else _to_numpy(p.grad) for n, p in self._require_module().named_parameters()}

    def op_buffers(self, step):
        return {n: _to_numpy(b) for n, b in self._require_module().named_buffers()}

    def op_state_dict(self, step):
        return {k: _to_numpy(v) for k, v in self._require_module().state_dict().items()}

    def op_init(self, step):
        torch.manual_seed(step["seed"] % 2**63)
        fn = getattr(torch.nn.init, step["fn"])
        if step["shape"] is None:
            return {"array": None, "returned": fn(*step["args"], **step["kwargs"])}
        tensor = torch.zeros(step["shape"], dtype=_TORCH_DTYPES[step["dtype"]])
        returned = fn(tensor, *step["args"], **step["kwargs"])
        return {"array": _to_numpy(tensor), "returned": None if returned is tensor else _to_numpy(returned)}
