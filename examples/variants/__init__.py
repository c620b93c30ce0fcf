"""Variants: patches that make the reference a DIFFERENT but CORRECT implementation.

Each family file (``<family>.py``) defines ``VARIANTS``, a list of Variant: textual edits of one
reference file where a correct student legitimately differs from the reference (another
subgradient at a kink, another tie-breaking rule, another stable formula, another summation
order, zeros instead of None, another use of the RNG). ``examples/build_variant.py`` applies them
all to a copy of reference/; the oracle must give that submission full marks
(tests/test_variant.py, tools/no_false_positives.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Variant:
    """``edits``: (old, new) pairs applied in order to reference/<file>; each ``old`` must occur
    exactly once when it is applied.

    layers: the registry entries whose behaviour the variant changes.
    probe: ``probe(nn) -> value``, run on a package (the reference or the variant submission): a
        small computation at a kink (or another point where the variant differs) whose result
        must differ between the two, proving the variant is not a no-op.
    """

    file: str
    edits: tuple
    layers: tuple
    description: str
    probe: Callable
