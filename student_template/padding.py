# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Padding layers: constant (and zero), reflection, replication and circular, in 1, 2 and 3-D.

``padding`` is an int (the same on every side) or a tuple read from the LAST dimension
backwards, as torch.nn.functional.pad: (left, right) pads the last dimension, (left, right,
top, bottom) the last two, (left, right, top, bottom, front, back) the last three. Negative
values crop instead.

Along one padded axis of length n with pads (l, r), output position j (0 <= j < n + l + r) reads
the input at u = j - l, mapped back into the input:
    reflect:    u -> -u if u < 0, 2(n-1) - u if u >= n (the edge is not repeated; needs l, r < n)
    replicate:  u -> clip(u, 0, n-1)
    circular:   the input cropped by the negative pads, c = x[max(-l,0) : n - max(-r,0)], is
                wrapped around: position j reads c[(j - max(l,0)) mod len(c)] (needs l, r <= len(c))
    constant:   positions with u outside [0, n) hold ``value``.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401

__all__ = ['ConstantPad1d', 'ConstantPad2d', 'ConstantPad3d', 'ZeroPad1d', 'ZeroPad2d', 'ZeroPad3d', 'ReflectionPad1d', 'ReflectionPad2d', 'ReflectionPad3d', 'ReplicationPad1d', 'ReplicationPad2d', 'ReplicationPad3d', 'CircularPad1d', 'CircularPad2d', 'CircularPad3d']


class ConstantPad1d(Module):
    """Pads the last dimension of the input with a constant value.

    Args:
        padding: an int (every side) or a 2-tuple (left, right); negative values crop.
        value: the fill value.

    Shape:
        input (*, W) of any rank >= 1; output the same with each padded side grown by its pads, e.g.
        W_out = W_in + left + right.

    A shorter padding tuple pads fewer dimensions; one longer than twice the input's rank raises RuntimeError.
    Backward: the gradient of each kept input element is the output gradient at its position
    (cropped elements get 0).
    """

    def __init__(self, padding, value):
        raise NotImplementedError("ConstantPad1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ConstantPad1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ConstantPad1d.backward")


class ConstantPad2d(Module):
    """Pads the last 2 dimensions of the input with a constant value.

    Args:
        padding: an int (every side) or a 4-tuple (left, right, top, bottom); negative values crop.
        value: the fill value.

    Shape:
        input (*, H, W) of any rank >= 2; output the same with each padded side grown by its pads, e.g.
        H_out = H_in + top + bottom, W_out = W_in + left + right.

    A shorter padding tuple pads fewer dimensions; one longer than twice the input's rank raises RuntimeError.
    Backward: the gradient of each kept input element is the output gradient at its position
    (cropped elements get 0).
    """

    def __init__(self, padding, value):
        raise NotImplementedError("ConstantPad2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ConstantPad2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ConstantPad2d.backward")


class ConstantPad3d(Module):
    """Pads the last 3 dimensions of the input with a constant value.

    Args:
        padding: an int (every side) or a 6-tuple (left, right, top, bottom, front, back); negative values crop.
        value: the fill value.

    Shape:
        input (*, D, H, W) of any rank >= 3; output the same with each padded side grown by its pads, e.g.
        D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left + right.

    A shorter padding tuple pads fewer dimensions; one longer than twice the input's rank raises RuntimeError.
    Backward: the gradient of each kept input element is the output gradient at its position
    (cropped elements get 0).
    """

    def __init__(self, padding, value):
        raise NotImplementedError("ConstantPad3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ConstantPad3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ConstantPad3d.backward")


class ZeroPad1d(ConstantPad1d):
    """Pads the last dimension of the input with zeros.

    Args:
        padding: an int (every side) or a 2-tuple (left, right); negative values crop.

    Shape:
        input (*, W) of any rank >= 1; output the same with each padded side grown by its pads, e.g.
        W_out = W_in + left + right.

    A shorter padding tuple pads fewer dimensions; one longer than twice the input's rank raises RuntimeError.
    Backward: the gradient of each kept input element is the output gradient at its position
    (cropped elements get 0).
    """

    def __init__(self, padding):
        raise NotImplementedError("ZeroPad1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ZeroPad1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ZeroPad1d.backward")


class ZeroPad2d(ConstantPad2d):
    """Pads the last 2 dimensions of the input with zeros.

    Args:
        padding: an int (every side) or a 4-tuple (left, right, top, bottom); negative values crop.

    Shape:
        input (*, H, W) of any rank >= 2; output the same with each padded side grown by its pads, e.g.
        H_out = H_in + top + bottom, W_out = W_in + left + right.

    A shorter padding tuple pads fewer dimensions; one longer than twice the input's rank raises RuntimeError.
    Backward: the gradient of each kept input element is the output gradient at its position
    (cropped elements get 0).
    """

    def __init__(self, padding):
        raise NotImplementedError("ZeroPad2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ZeroPad2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ZeroPad2d.backward")


class ZeroPad3d(ConstantPad3d):
    """Pads the last 3 dimensions of the input with zeros.

    Args:
        padding: an int (every side) or a 6-tuple (left, right, top, bottom, front, back); negative values crop.

    Shape:
        input (*, D, H, W) of any rank >= 3; output the same with each padded side grown by its pads, e.g.
        D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left + right.

    A shorter padding tuple pads fewer dimensions; one longer than twice the input's rank raises RuntimeError.
    Backward: the gradient of each kept input element is the output gradient at its position
    (cropped elements get 0).
    """

    def __init__(self, padding):
        raise NotImplementedError("ZeroPad3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ZeroPad3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ZeroPad3d.backward")


class ReflectionPad1d(Module):
    """Pads the last dimension of the input by reflection at the border.

    Args:
        padding: an int (every side) or a 2-tuple (left, right); negative values crop.

    Shape:
        input (N, C, W) or (C, W); output the same with each padded side grown by its pads, e.g.
        W_out = W_in + left + right.

    The border element is not repeated: [a, b, c, d] padded by (2, 1) gives [c, b, a, b, c, d, c].
    Each pad must be smaller than the padded dimension (else RuntimeError).
    Backward: an input element's gradient is the sum of the output gradients of all its copies.
    """

    def __init__(self, padding):
        raise NotImplementedError("ReflectionPad1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ReflectionPad1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ReflectionPad1d.backward")


class ReflectionPad2d(Module):
    """Pads the last 2 dimensions of the input by reflection at the border.

    Args:
        padding: an int (every side) or a 4-tuple (left, right, top, bottom); negative values crop.

    Shape:
        input (N, C, H, W) or (C, H, W); output the same with each padded side grown by its pads, e.g.
        H_out = H_in + top + bottom, W_out = W_in + left + right.

    The border element is not repeated: [a, b, c, d] padded by (2, 1) gives [c, b, a, b, c, d, c].
    Each pad must be smaller than the padded dimension (else RuntimeError).
    Backward: an input element's gradient is the sum of the output gradients of all its copies.
    """

    def __init__(self, padding):
        raise NotImplementedError("ReflectionPad2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ReflectionPad2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ReflectionPad2d.backward")


class ReflectionPad3d(Module):
    """Pads the last 3 dimensions of the input by reflection at the border.

    Args:
        padding: an int (every side) or a 6-tuple (left, right, top, bottom, front, back); negative values crop.

    Shape:
        input (N, C, D, H, W) or (C, D, H, W); output the same with each padded side grown by its pads, e.g.
        D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left + right.

    The border element is not repeated: [a, b, c, d] padded by (2, 1) gives [c, b, a, b, c, d, c].
    Each pad must be smaller than the padded dimension (else RuntimeError).
    Backward: an input element's gradient is the sum of the output gradients of all its copies.
    """

    def __init__(self, padding):
        raise NotImplementedError("ReflectionPad3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ReflectionPad3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ReflectionPad3d.backward")


class ReplicationPad1d(Module):
    """Pads the last dimension of the input by replicating the border.

    Args:
        padding: an int (every side) or a 2-tuple (left, right); negative values crop.

    Shape:
        input (N, C, W) or (C, W); output the same with each padded side grown by its pads, e.g.
        W_out = W_in + left + right.

    The border element is repeated: [a, b, c, d] padded by (2, 1) gives [a, a, a, b, c, d, d].
    Backward: an input element's gradient is the sum of the output gradients of all its copies.
    """

    def __init__(self, padding):
        raise NotImplementedError("ReplicationPad1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ReplicationPad1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ReplicationPad1d.backward")


class ReplicationPad2d(Module):
    """Pads the last 2 dimensions of the input by replicating the border.

    Args:
        padding: an int (every side) or a 4-tuple (left, right, top, bottom); negative values crop.

    Shape:
        input (N, C, H, W) or (C, H, W); output the same with each padded side grown by its pads, e.g.
        H_out = H_in + top + bottom, W_out = W_in + left + right.

    The border element is repeated: [a, b, c, d] padded by (2, 1) gives [a, a, a, b, c, d, d].
    Backward: an input element's gradient is the sum of the output gradients of all its copies.
    """

    def __init__(self, padding):
        raise NotImplementedError("ReplicationPad2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ReplicationPad2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ReplicationPad2d.backward")


class ReplicationPad3d(Module):
    """Pads the last 3 dimensions of the input by replicating the border.

    Args:
        padding: an int (every side) or a 6-tuple (left, right, top, bottom, front, back); negative values crop.

    Shape:
        input (N, C, D, H, W) or (C, D, H, W); output the same with each padded side grown by its pads, e.g.
        D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left + right.

    The border element is repeated: [a, b, c, d] padded by (2, 1) gives [a, a, a, b, c, d, d].
    Backward: an input element's gradient is the sum of the output gradients of all its copies.
    """

    def __init__(self, padding):
        raise NotImplementedError("ReplicationPad3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("ReplicationPad3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("ReplicationPad3d.backward")


class CircularPad1d(Module):
    """Pads the last dimension of the input circularly (periodic boundary).

    Args:
        padding: an int (every side) or a 2-tuple (left, right); negative values crop.

    Shape:
        input (N, C, W) or (C, W); output the same with each padded side grown by its pads, e.g.
        W_out = W_in + left + right.

    The input wraps around: [a, b, c, d] padded by (2, 1) gives [c, d, a, b, c, d, a]. Each pad must
    be at most the padded dimension (else RuntimeError); an input of another rank raises ValueError.
    Backward: an input element's gradient is the sum of the output gradients of all its copies.
    """

    def __init__(self, padding):
        raise NotImplementedError("CircularPad1d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("CircularPad1d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("CircularPad1d.backward")


class CircularPad2d(Module):
    """Pads the last 2 dimensions of the input circularly (periodic boundary).

    Args:
        padding: an int (every side) or a 4-tuple (left, right, top, bottom); negative values crop.

    Shape:
        input (N, C, H, W) or (C, H, W); output the same with each padded side grown by its pads, e.g.
        H_out = H_in + top + bottom, W_out = W_in + left + right.

    The input wraps around: [a, b, c, d] padded by (2, 1) gives [c, d, a, b, c, d, a]. Each pad must
    be at most the padded dimension (else RuntimeError); an input of another rank raises ValueError.
    Backward: an input element's gradient is the sum of the output gradients of all its copies.
    """

    def __init__(self, padding):
        raise NotImplementedError("CircularPad2d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("CircularPad2d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("CircularPad2d.backward")


class CircularPad3d(Module):
    """Pads the last 3 dimensions of the input circularly (periodic boundary).

    Args:
        padding: an int (every side) or a 6-tuple (left, right, top, bottom, front, back); negative values crop.

    Shape:
        input (N, C, D, H, W) or (C, D, H, W); output the same with each padded side grown by its pads, e.g.
        D_out = D_in + front + back, H_out = H_in + top + bottom, W_out = W_in + left + right.

    The input wraps around: [a, b, c, d] padded by (2, 1) gives [c, d, a, b, c, d, a]. Each pad must
    be at most the padded dimension (else RuntimeError); an input of another rank raises ValueError.
    Backward: an input element's gradient is the sum of the output gradients of all its copies.
    """

    def __init__(self, padding):
        raise NotImplementedError("CircularPad3d.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("CircularPad3d.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("CircularPad3d.backward")
