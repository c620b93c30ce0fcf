"""Runs a scenario (a list of steps) against one implementation's classes.

The same executor serves the reference in-process and a submission inside its runner process;
``oracle/torch_executor.py`` implements the same steps on torch.nn. Steps are plain dicts:

    {"op": "new", "ctor": Ctor, "seed": int}          build the module (seeds NumPy's global RNG),
                                                      then apply the Ctor's edits (container methods)
    {"op": "load", "tensors": {name: array}}          set parameters/buffers by state_dict name
    {"op": "mode", "train": bool}                     module.train(flag)
    {"op": "forward", "inputs": [...], "kwargs": {}, "grad_inputs": [...]}
                                                      -> {"output": ..., "inputs_after": [...]}
    {"op": "backward", "grads": [...]}                -> what backward returns
    {"op": "params"} / {"op": "grads"} / {"op": "buffers"} / {"op": "state_dict"} -> {name: array}
    {"op": "flags"}                                   -> {submodule path: training flag}
    {"op": "zero_grad"}
    {"op": "call", "method": str, "args": [...]}      any other public method (e.g. log_prob)
    {"op": "init", "fn": str, "shape": [...] | None, "dtype": str, "args": [...], "kwargs": {}, "seed": int}
                                                      -> {"array": filled array, "returned": value}

Each step's result is {"value": ...} or {"error": {"type", "mro", "message", "traceback"}}.
"""
from __future__ import annotations

import traceback

import numpy as np

from .spec import Ctor, LayerRef, Unpack


def error_result(exc: BaseException) -> dict:
    return {"error": {
        "type": type(exc).__name__,
        "mro": [c.__name__ for c in type(exc).__mro__],
        "message": str(exc)[:2000],
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-6))[-4000:],
    }}


def _copy(value):
    return np.array(value, copy=True) if isinstance(value, np.ndarray) else value


def infrastructure_error(kind: str, message: str) -> dict:
    """A failure of the runner itself (crash, timeout, import failure, protocol violation).

    Its ``mro`` names only ``kind``, so no check can mistake it for the implementation raising
    the exception class torch raises."""
    return {"error": {"type": kind, "mro": [kind], "message": message, "traceback": ""}}


def resolve_export(namespace, dotted: str):
    target = namespace
    for part in dotted.split("."):
        target = getattr(target, part, None)
        if target is None:
            raise NotImplementedError(f"the implementation does not export {dotted}")
    return target


class Executor:
    """Executes steps against ``namespace``, an object whose attributes are the layer classes
    (a submission package, or the reference package)."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.module = None

    def run(self, steps: list) -> list:
        results = []
        for step in steps:
            try:
                results.append({"value": getattr(self, "op_" + step["op"])(step)})
            except Exception as exc:  # the implementation's error is data for the oracle
                results.append(error_result(exc))
        return results

    # ----- construction -------------------------------------------------------------------
    def _build(self, value):
        """Build a constructor argument: Ctor (then its edits), LayerRef, and containers of them."""
        if isinstance(value, Ctor):
            args = []
            for arg in value.args:
                args += list(self._build(arg.value)) if isinstance(arg, Unpack) else [self._build(arg)]
            built = self._class(value.layer)(*args, **{k: self._build(v) for k, v in value.kwargs.items()})
            for edit in value.edits:
                returned = getattr(built, edit.method)(*[self._build(a) for a in edit.args])
                if edit.method == "__getitem__":
                    built = returned
            return built
        if isinstance(value, LayerRef):
            return self._class(value.layer)
        if isinstance(value, dict):  # OrderedDict stays OrderedDict (Sequential tests the type)
            return type(value)((k, self._build(v)) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return type(value)(self._build(v) for v in value)
        return self._plain(value)

    def _plain(self, value):
        """A leaf argument (number, string, array) as the implementation takes it."""
        return value

    def _class(self, name: str):
        """The class ``name`` exported by the implementation, or a dotted path into it (an
        alternative constructor such as ``Embedding.from_pretrained``)."""
        return resolve_export(self.namespace, name)

    def op_new(self, step):
        np.random.seed(step["seed"] % 2**32)
        self.module = None
        self.module = self._build(step["ctor"])
        return None

    def _require_module(self):
        if self.module is None:
            raise RuntimeError("no module: construction failed")
        return self.module

    def op_load(self, step):
        module = self._require_module()
        params = dict(module.named_parameters())
        for name, value in step["tensors"].items():
            if name in params:
                params[name].data = np.array(value, copy=True)
                continue
            owner_path, _, leaf = name.rpartition(".")
            owner = module.get_submodule(owner_path)
            if leaf not in dict(owner.named_buffers(recurse=False)):
                raise KeyError(f"no parameter or buffer named {name!r}")
            setattr(owner, leaf, np.array(value, copy=True))
        return None

    def op_mode(self, step):
        self._require_module().train(step["train"])
        return None

    # ----- running ------------------------------------------------------------------------
    def op_forward(self, step):
        module = self._require_module()
        inputs = [np.array(x, copy=True) if isinstance(x, np.ndarray) else x for x in step["inputs"]]
        kwargs = {k: np.array(v, copy=True) if isinstance(v, np.ndarray) else v for k, v in step["kwargs"].items()}
        output = module(*inputs, **kwargs)
        return {"output": output, "inputs_after": [x if isinstance(x, np.ndarray) else None for x in inputs]}

    def op_backward(self, step):
        return self._require_module().backward(*step["grads"])

    def op_call(self, step):
        return getattr(self._require_module(), step["method"])(*step.get("args", []), **step.get("kwargs", {}))

    # ----- inspection -----------------------------------------------------------------------
    # Copies: a later step of the same scenario may change these arrays in place (e.g. Embedding's
    # max_norm renormalizes weight rows during forward).
    def op_params(self, step):
        return {name: _copy(p.data) for name, p in self._require_module().named_parameters()}

    def op_grads(self, step):
        return {name: _copy(p.grad) for name, p in self._require_module().named_parameters()}

    def op_buffers(self, step):
        return {name: _copy(b) for name, b in self._require_module().named_buffers()}

    def op_state_dict(self, step):
        return {k: _copy(v if isinstance(v, np.ndarray) else getattr(v, "data", v))
                for k, v in self._require_module().state_dict().items()}

    def op_flags(self, step):
        return {name: bool(m.training) for name, m in self._require_module().named_modules()}

    def op_zero_grad(self, step):
        self._require_module().zero_grad()
        return None

    # ----- init functions -------------------------------------------------------------------
    def op_init(self, step):
        np.random.seed(step["seed"] % 2**32)
        init = getattr(self.namespace, "init", None)
        if init is None:
            raise NotImplementedError("the implementation does not export the init module")
        fn = getattr(init, step["fn"], None)
        if fn is None:
            raise NotImplementedError(f"init.{step['fn']} is missing")
        if step["shape"] is None:
            return {"array": None, "returned": fn(*step["args"], **step["kwargs"])}
        array = np.zeros(step["shape"], dtype=step["dtype"])
        returned = fn(array, *step["args"], **step["kwargs"])
        return {"array": array, "returned": None if returned is array else returned}
