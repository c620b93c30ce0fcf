"""Correct variants of reference/dropout.py: another use of the RNG for the keep mask.

(np.random.binomial(1, 1 - p) would be no variant: the legacy generator draws it by inversion of
the same uniform, giving exactly the reference's mask.)"""
import numpy as np

from . import Variant


def _dropout_mask(nn):
    np.random.seed(0)
    return nn.Dropout(0.5)(np.ones(64))


VARIANTS = [
    Variant(file="dropout.py",
            edits=(("return (np.random.random_sample(shape) >= self.p).astype(dtype)",
                    "return (np.random.random_sample(shape) < 1.0 - self.p).astype(dtype)  # keep the low draws"),),
            layers=("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"),
            description="dropout keeps an entry when its uniform draw is < 1 - p (the reference: >= p)",
            probe=_dropout_mask),
]
