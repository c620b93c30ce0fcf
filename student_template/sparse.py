# Student template generated from reference/ by tools/make_template.py: implement the bodies.
"""Embedding: a lookup table of vectors indexed by integers.
"""
import numpy as np

from .module import DEFAULT_DTYPE, Module, Parameter  # noqa: F401
from .container import ModuleList, Sequential  # noqa: F401
from . import init  # noqa: F401

__all__ = ['Embedding']


class Embedding(Module):
    """A lookup table: ``output[..., :] = weight[input[...], :]``.

    Args:
        num_embeddings: number of rows of the table (the valid indices are 0..num_embeddings-1).
        embedding_dim: size of each vector.
        padding_idx: if given (negative values count from the end and are stored normalized),
            that row is filled with zeros at construction and never receives a gradient (it can
            still be changed by hand, and it is renormalized by max_norm like any looked-up row).
            AssertionError outside [-num_embeddings, num_embeddings - 1], except 0 (never checked,
            as torch: with num_embeddings=0 zeroing row 0 raises IndexError). Default: None
        max_norm: if given, every row looked up by a forward call whose ``norm_type``-norm
            exceeds max_norm is rescaled IN PLACE in ``weight`` (before the lookup) by
            ``max_norm / (norm + 1e-7)``. Default: None
        norm_type: the p of the p-norm for max_norm (``inf``: max |w|, 0: count of nonzeros).
            Default: 2.0
        scale_grad_by_freq: if True, the gradient of row k is divided by how many times k occurs
            in the input of the latest forward. Default: False
        sparse: accepted and ignored (weight.grad is always a dense array here). Default: False
        _weight: an initial table of shape (num_embeddings, embedding_dim), used as it is (no
            zeroing of the padding row); AssertionError on another shape. Default: None
        _freeze: if True, weight.requires_grad is False and backward accumulates no gradient.
            Default: False

    Shape:
        input (*): integer indices (int64 or int32) of any shape; output (*, embedding_dim), in
        the weight's dtype. An index outside [0, num_embeddings) raises IndexError (negative
        indices are not wrapped; as torch, RuntimeError when num_embeddings == 0 without
        max_norm); a non-integer input raises RuntimeError.

    Attributes:
        weight: (num_embeddings, embedding_dim), initialized N(0, 1) (padding row zero).

    Backward: backward(grad_output) returns None (indices have no gradient) and adds
    ``grad_output[i]`` into row ``input[i]`` of weight.grad for every position i, summing over
    repeated indices (``np.add.at``), skipping padding_idx, divided by the index counts when
    scale_grad_by_freq.
    """

    def __init__(self, num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False):
        raise NotImplementedError("Embedding.__init__")

    def forward(self, input):
        """Compute the output (see the class docstring); cache what backward needs.
        """
        raise NotImplementedError("Embedding.forward")

    def backward(self, grad_output):
        """Given dL/d(output), return dL/d(input) and ADD the parameter gradients into param.grad.
        """
        raise NotImplementedError("Embedding.backward")

    def reset_parameters(self):
        raise NotImplementedError("Embedding.reset_parameters")

    @classmethod
    def from_pretrained(cls, embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
        """An Embedding whose weight is the 2-D array ``embeddings`` (shared, not copied);
        ``freeze=True`` (default) sets weight.requires_grad to False.
        """
        raise NotImplementedError("Embedding.from_pretrained")
