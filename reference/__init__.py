"""nn-oracle's reference: torch.nn layers in NumPy, forward and backward, PyTorch 2.13 semantics.

The package's top level exports every layer class under its torch.nn name; ``init`` is the
counterpart of torch.nn.init and ``gradcheck`` checks any module's backward numerically.
"""
from . import init
from .module import Module, Parameter
from .container import ModuleList, Sequential
from .linear import Identity, Linear
from .flatten import Flatten, Unflatten
