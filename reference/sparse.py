"""Embedding: a lookup table of vectors indexed by integers."""
from __future__ import annotations

import numpy as np

from . import init
from .module import DEFAULT_DTYPE, Module, Parameter

__all__ = ["Embedding"]


class Embedding(Module):
    r"""A lookup table: ``output[..., :] = weight[input[...], :]``.

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

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 max_norm: float | None = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                 sparse: bool = False, _weight=None, _freeze: bool = False):
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        if padding_idx is not None:
            # as torch: 0 is never range-checked (with no rows, zeroing row 0 raises IndexError)
            if padding_idx > 0 and padding_idx >= num_embeddings or padding_idx < -num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            if padding_idx < 0:
                padding_idx += num_embeddings
        self.padding_idx = padding_idx
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        self.sparse = sparse
        if _weight is None:
            if num_embeddings < 0 or embedding_dim < 0:
                raise RuntimeError("Trying to create tensor with negative dimension "
                                   f"{min(num_embeddings, embedding_dim)}: [{num_embeddings}, {embedding_dim}]")
            self.weight = Parameter(np.empty((num_embeddings, embedding_dim), dtype=DEFAULT_DTYPE),
                                    requires_grad=not _freeze)
            self.reset_parameters()
        else:
            if list(np.shape(_weight)) != [num_embeddings, embedding_dim]:
                raise AssertionError("Shape of weight does not match num_embeddings and embedding_dim")
            self.weight = Parameter(np.asarray(_weight), requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight.data[self.padding_idx] = 0.0

    @classmethod
    def from_pretrained(cls, embeddings, freeze: bool = True, padding_idx: int | None = None,
                        max_norm: float | None = None, norm_type: float = 2.0,
                        scale_grad_by_freq: bool = False, sparse: bool = False) -> Embedding:
        """An Embedding whose weight is the 2-D array ``embeddings`` (shared, not copied);
        ``freeze=True`` (default) sets weight.requires_grad to False."""
        embeddings = np.asarray(embeddings)
        if embeddings.ndim != 2:
            raise AssertionError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        return cls(num_embeddings=rows, embedding_dim=cols, _weight=embeddings, _freeze=freeze,
                   padding_idx=padding_idx, max_norm=max_norm, norm_type=norm_type,
                   scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)

    def _check_indices(self, input) -> np.ndarray:
        input = np.asarray(input)
        if input.dtype not in (np.int64, np.int32):
            raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following "
                               f"scalar types: Long, Int; but got {input.dtype} instead")
        if input.size and self.num_embeddings == 0 and self.max_norm is None:
            raise RuntimeError("index_select(): self indexing axis dim should be positive")
        if input.size and (input.min() < 0 or input.max() >= self.num_embeddings):
            raise IndexError("index out of range in self")
        return input

    def _renorm_(self, indices: np.ndarray) -> None:
        """Rescale, in place, the looked-up rows whose norm exceeds max_norm."""
        rows = np.unique(indices)
        norms = np.linalg.norm(self.weight.data[rows], ord=self.norm_type, axis=1)
        too_long = rows[norms > self.max_norm]
        scale = self.max_norm / (norms[norms > self.max_norm] + 1e-7)
        self.weight.data[too_long] *= scale[:, None].astype(self.weight.dtype)

    def forward(self, input):
        indices = self._check_indices(input)
        if self.max_norm is not None:
            self._renorm_(indices)
        self._indices = indices
        return self.weight.data[indices]

    def backward(self, grad_output):
        if not self.weight.requires_grad:
            return None
        flat = self._indices.reshape(-1)
        grad = grad_output.reshape(flat.size, self.embedding_dim)
        if self.scale_grad_by_freq:
            counts = np.bincount(flat, minlength=self.num_embeddings)
            grad = grad / counts[flat, None].astype(grad.dtype)
        if self.padding_idx is not None:
            grad = np.where((flat == self.padding_idx)[:, None], 0.0, grad)
        weight_grad = np.zeros(self.weight.shape, dtype=grad.dtype)
        np.add.at(weight_grad, flat, grad)
        self.weight.accumulate_grad(weight_grad)
        return None

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq is not False:
            s += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        if self.sparse is not False:
            s += ", sparse=True"
        return s
