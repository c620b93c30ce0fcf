"""Planted bugs of the example submission, one file per layer family (``<family>.py`` defines BUGS).

A Bug is a textual patch of one reference file: ``examples/build_buggy.py`` applies every patch to a
copy of reference/ to make examples/buggy_submission/, and the tests assert that the oracle fails
exactly the named layer/check for each bug and nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bug:
    """``old`` (which must occur exactly once in reference/<file>) is replaced by ``new``.

    layer/checks: the registry entry that must fail and the check categories expected to fail.
    also: further (layer, checks) pairs, for a bug in code several layers share (as GRU and
        GRUCell share their gate code): a student building one on the other fails both.
    """

    file: str
    old: str
    new: str
    layer: str
    checks: tuple
    description: str
    also: tuple = ()

    def failures(self) -> list[tuple[str, tuple]]:
        """Every (layer, checks) pair this bug must fail."""
        return [(self.layer, self.checks), *self.also]
