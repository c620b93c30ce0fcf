"""Module and Parameter: the NumPy counterparts of torch.nn.Module and torch.nn.Parameter.

This file is shipped complete in the student template: students build their layers on it.

Conventions (the submission contract):
- ``forward(*inputs)`` computes the output and caches what ``backward`` needs.
- ``backward(*grad_outputs)`` takes one gradient per output of the latest ``forward`` and
  returns the gradient with respect to the differentiable input(s) (a tuple when there are
  several). Parameter gradients are ADDED into ``param.grad`` (``None`` means zero), as torch
  accumulates them.
- Parameters and buffers are plain ``numpy.ndarray`` objects; a Parameter wraps one in ``.data``.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Iterator, NamedTuple

import numpy as np

__all__ = ["Parameter", "Module"]

DEFAULT_DTYPE = np.float32  # torch's default dtype; the oracle loads parameters in the input's dtype


class Parameter:
    """A trainable array: ``data`` holds the values, ``grad`` the accumulated gradient or None."""

    def __init__(self, data, requires_grad: bool = True):
        self.data = np.asarray(data)
        self.grad = None
        self.requires_grad = requires_grad

    @property
    def shape(self):
        return self.data.shape

    @property
    def dtype(self):
        return self.data.dtype

    def accumulate_grad(self, grad) -> None:
        """Add ``grad`` into ``self.grad`` (torch's accumulation semantics)."""
        grad = np.asarray(grad, dtype=self.data.dtype).reshape(self.data.shape)
        if self.grad is None:
            self.grad = grad.copy()
        else:
            self.grad = self.grad + grad

    def __repr__(self):
        return f"Parameter containing:\n{self.data!r}"


class IncompatibleKeys(NamedTuple):
    """What ``load_state_dict`` returns, as torch's ``_IncompatibleKeys``."""

    missing_keys: list
    unexpected_keys: list


class Module:
    """Base class of every layer; mirrors torch.nn.Module's bookkeeping.

    Attributes that are ``Parameter`` objects, ``Module`` objects, or names registered with
    ``register_buffer`` are tracked, so ``named_parameters``, ``state_dict`` and friends see them
    under torch's key names (attribute names joined by dots).
    """

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() got unexpected arguments")
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers", set())
        object.__setattr__(self, "_modules", OrderedDict())

    # ----- attribute routing -------------------------------------------------------------
    def __setattr__(self, name, value):
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign attributes before Module.__init__() call")
        if isinstance(value, Parameter):
            self._buffers.pop(name, None)
            self._modules.pop(name, None)
            self.__dict__.pop(name, None)
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._parameters.pop(name, None)
            self._buffers.pop(name, None)
            self.__dict__.pop(name, None)
            self._modules[name] = value
        elif name in self._parameters:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                                "(Parameter or None expected)")
            self._parameters[name] = None
        elif name in self._buffers:
            self._buffers[name] = None if value is None else np.asarray(value)
        elif name in self._modules:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as child module '{name}' "
                                "(Module or None expected)")
            self._modules[name] = None
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        # Only called when normal lookup fails.
        for store in ("_parameters", "_buffers", "_modules"):
            values = self.__dict__.get(store)
            if values is not None and name in values:
                return values[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        for store in (self._parameters, self._buffers, self._modules):
            if name in store:
                del store[name]
                self._non_persistent_buffers.discard(name)
                return
        object.__delattr__(self, name)

    # ----- registration --------------------------------------------------------------------
    def register_parameter(self, name: str, param: Parameter | None) -> None:
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter '{name}'")
        self.__dict__.pop(name, None)
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor, persistent: bool = True) -> None:
        """Track a non-trainable array (e.g. running_mean) in ``state_dict`` when persistent."""
        self.__dict__.pop(name, None)
        self._buffers[name] = None if tensor is None else np.asarray(tensor)
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        self.__dict__.pop(name, None)
        self._modules[name] = module

    register_module = add_module

    # ----- traversal -----------------------------------------------------------------------
    def named_modules(self, memo=None, prefix: str = "", remove_duplicate: bool = True):
        if memo is None:
            memo = set()
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub_prefix = f"{prefix}.{name}" if prefix else name
            yield from module.named_modules(memo, sub_prefix, remove_duplicate)

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        seen = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def _named_members(self, store: str, prefix: str, recurse: bool, remove_duplicate: bool = True):
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse \
            else [(prefix, self)]
        seen = set()
        for module_prefix, module in modules:
            for name, value in getattr(module, store).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield (f"{module_prefix}.{name}" if module_prefix else name), value

    def named_parameters(self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True):
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True):
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[np.ndarray]:
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    def get_submodule(self, target: str) -> Module:
        module = self
        for part in target.split(".") if target else []:
            if part not in module._modules or module._modules[part] is None:
                raise AttributeError(f"{type(module).__name__} has no attribute `{part}`")
            module = module._modules[part]
        return module

    # ----- modes and gradients -------------------------------------------------------------
    def train(self, mode: bool = True) -> Module:
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> Module:
        return self.train(False)

    def zero_grad(self, set_to_none: bool = True) -> None:
        for param in self.parameters():
            if param.grad is not None:
                param.grad = None if set_to_none else np.zeros_like(param.grad)

    def apply(self, fn) -> Module:
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def to(self, dtype) -> Module:
        """Cast floating-point parameters and buffers to ``dtype`` (integer buffers are kept)."""
        for module in self.modules():
            for param in module._parameters.values():
                if param is not None and np.issubdtype(param.data.dtype, np.floating):
                    param.data = param.data.astype(dtype)
                    if param.grad is not None:
                        param.grad = param.grad.astype(dtype)
            for name, buf in module._buffers.items():
                if buf is not None and np.issubdtype(buf.dtype, np.floating):
                    module._buffers[name] = buf.astype(dtype)
        return self

    def float(self) -> Module:
        return self.to(np.float32)

    def double(self) -> Module:
        return self.to(np.float64)

    # ----- state_dict ----------------------------------------------------------------------
    def state_dict(self, destination=None, prefix: str = "", keep_vars: bool = False):
        """Parameters and persistent buffers under torch's dotted key names.

        Arrays are returned as they are stored (not copied), as torch returns tensors that
        share storage; with ``keep_vars=True`` parameters are returned as ``Parameter`` objects.
        A module registered under two names appears under both, as in torch.
        """
        if destination is None:
            destination = OrderedDict()
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.data
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers:
                destination[prefix + name] = buf
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination, prefix + name + ".", keep_vars)
        return destination

    def load_state_dict(self, state_dict, strict: bool = True, assign: bool = False) -> IncompatibleKeys:
        """Copy arrays from ``state_dict`` into parameters and buffers with the same keys.

        Values are copied into the existing arrays (keeping their dtype), as torch does; with
        ``assign=True`` the module takes the given arrays' values and dtype instead.
        Raises RuntimeError with torch's message on missing/unexpected keys (strict) or
        shape mismatches.
        """
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = self._unexpected_keys(state_dict)
        errors = []
        for key, target in own.items():
            if key not in state_dict:
                continue
            value = np.asarray(state_dict[key])
            current = target.data if isinstance(target, Parameter) else target
            if value.shape != current.shape:
                errors.append(f"size mismatch for {key}: copying a param with shape {value.shape} from "
                              f"checkpoint, the shape in current model is {current.shape}.")
                continue
            if isinstance(target, Parameter):
                target.data = value.copy() if assign else value.astype(current.dtype, copy=True)
            else:
                owner_path, _, name = key.rpartition(".")
                owner = self.get_submodule(owner_path)
                owner._buffers[name] = value.copy() if assign else value.astype(current.dtype, copy=True)
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in unexpected) + ". ")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in missing) + ". ")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                               + "\n\t".join(errors))
        return IncompatibleKeys(missing, unexpected)

    def _unexpected_keys(self, state_dict, prefix: str = "") -> list:
        """Keys no parameter or buffer takes, listed module by module as torch's recursive load
        visits them: under this module's prefix, a dotted key whose head names no child, or a
        plain key naming no persistent parameter/buffer (keys of a child set to None are ignored)."""
        own = {n for n, p in self._parameters.items() if p is not None} | \
              {n for n, b in self._buffers.items() if b is not None and n not in self._non_persistent_buffers}
        found = []
        for key in state_dict:
            if key.startswith(prefix):
                head, dot, _ = key[len(prefix):].partition(".")
                if (dot and head not in self._modules) or (not dot and head not in own):
                    found.append(key)
        for name, child in self._modules.items():
            if child is not None:
                found += child._unexpected_keys(state_dict, prefix + name + ".")
        return found

    # ----- calling ---------------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def forward(self, *inputs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def backward(self, *grad_outputs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "backward" function')

    def extra_repr(self) -> str:
        return ""

    def __repr__(self):
        lines = []
        for name, module in self._modules.items():
            child = repr(module).replace("\n", "\n  ")
            lines.append(f"({name}): {child}")
        extra = self.extra_repr()
        if not lines:
            return f"{type(self).__name__}({extra})"
        body = "\n  ".join(([extra] if extra else []) + lines)
        return f"{type(self).__name__}(\n  {body}\n)"
