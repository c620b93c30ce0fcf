# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""MLP: torchvision.ops.MLP, the multi-layer perceptron block, built from this package's layers.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401
from .activation import ReLU

__all__ = ['MLP']


class MLP(Sequential):
    """A Sequential of Linear layers with normalization, activation and dropout in between,
    exactly as torchvision.ops.MLP (same arguments, same layer order, same state_dict keys).

    For every hidden width h in ``hidden_channels[:-1]``, in order::

        Linear(in_dim, h, bias=bias), norm_layer(h) (only if norm_layer is not None),
        activation_layer(**params), Dropout(dropout, **params)        # then in_dim = h

    and at the end ``Linear(in_dim, hidden_channels[-1], bias=bias), Dropout(dropout, **params)``,
    where ``params = {}`` if inplace is None, else ``{"inplace": inplace}`` (so an activation
    class without an ``inplace`` argument raises TypeError when inplace is given). The modules
    are numbered as in a Sequential: e.g. MLP(4, [8, 3]) has keys "0.weight", "0.bias" (Linear),
    "3.weight", "3.bias" (the last Linear); with a norm layer it sits at index 1.

    Args:
        in_channels: size of the input's last dimension.
        hidden_channels: the output widths of the Linear layers; the last one is the output
            width (an empty list raises IndexError).
        norm_layer: a layer class called as ``norm_layer(h)`` (e.g. BatchNorm1d, LayerNorm), or
            None for no normalization. Default: None
        activation_layer: a layer class called as ``activation_layer(**params)``. It is not
            optional despite torchvision's docs: None raises TypeError as soon as there is a
            hidden layer. Default: ReLU
        inplace: passed to the activation and Dropout layers when not None. Default: None
        bias: whether the Linear layers have a bias. Default: True
        dropout: the probability of every Dropout layer. Default: 0.0

    Shape:
        input (*, in_channels), output (*, hidden_channels[-1]) (with BatchNorm1d, the input
        must be (N, in_channels)).

    Backward: Sequential's: each layer's backward in reverse order.
    """

    def __init__(self, in_channels, hidden_channels, norm_layer=None, activation_layer=ReLU, inplace=None, bias=True, dropout=0.0):
        raise NotImplementedError("MLP.__init__")
