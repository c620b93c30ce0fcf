"""Patches numpy's comparisons, the builtins and signal handlers at import, then computes a
wrong Linear. Comparisons happen on the trusted side: only Linear's checks fail."""
import builtins
import signal

import numpy as np

from . import _base
from ._base import ReLU  # noqa: F401

np.allclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
builtins.abs = lambda value: 0
for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGXCPU):
    signal.signal(signum, signal.SIG_IGN)


class Linear(_base.Linear):
    def forward(self, x):
        return 2 * super().forward(x)
