"""Correct variants of reference/sparse.py: Embedding's weight gradient summed by np.bincount."""
import numpy as np

from . import Variant


def _embedding_grad(nn):
    emb = nn.Embedding(5, 3)
    indices = np.array([[1, 1, 1, 4, 1, 1, 1]])
    emb(indices)
    emb.backward(np.random.default_rng(9).standard_normal((1, 7, 3)).astype(np.float32) * 1e3)
    return emb.weight.grad


VARIANTS = [
    Variant(file="sparse.py",
            edits=(("np.add.at(weight_grad, flat, grad)",
                    "for column in range(self.embedding_dim):  # bincount sums repeated indices in float64\n"
                    "            weight_grad[:, column] = np.bincount(flat, weights=grad[:, column], minlength=self.num_embeddings)"),),
            layers=("Embedding",), description="Embedding's weight gradient summed per column with np.bincount (float64 "
                                               "accumulation) instead of np.add.at",
            probe=_embedding_grad),
]
