"""Correct variants of reference/pooling.py: max pooling routes ties to the LAST maximum."""
import numpy as np

from . import Variant


def _tied_max_pool_grad(nn):
    """MaxPool1d(2) backward on a window holding the same value twice."""
    pool = nn.MaxPool1d(2)
    pool(np.array([[[1.0, 1.0, 0.0, 2.0]]]))
    return pool.backward(np.ones((1, 1, 2)))


VARIANTS = [
    Variant(file="pooling.py",
            edits=(("for position in range(len(offsets) - 1, -1, -1):  # reversed: the first hit is written last",
                    "for position in range(len(offsets)):  # the last maximum in scan order wins"),),
            layers=("MaxPool1d", "MaxPool2d", "MaxPool3d"),
            description="max pooling breaks ties by the last maximum of the window (torch: the first)",
            probe=_tied_max_pool_grad),
]
