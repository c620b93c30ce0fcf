"""The reference agrees with PyTorch 2.13 on every registry entry and check: real torch.nn (behind
the TorchAdapter, autograd for backward) is graded by the oracle against the reference, with twice
the grading profile's examples, derandomized, in float32 and float64 (strategies draw both).

A failure here is a bug in the reference (or in a spec) until shown otherwise.
"""
from __future__ import annotations

import pytest
from hypothesis import settings

from oracle.checks import run_check
from oracle.adapters import ReferenceAdapter, TorchAdapter
from oracle.profiles import settings_for
from oracle.registry import BY_NAME, manifest

pytest.importorskip("torch")

MANIFEST = manifest()


@pytest.fixture(scope="module")
def adapters():
    return TorchAdapter(), ReferenceAdapter()


@pytest.mark.parametrize("layer,check", MANIFEST, ids=[f"{layer}-{check}" for layer, check in MANIFEST])
def test_torch_matches_reference(layer, check, adapters):
    torch_adapter, reference = adapters
    spec = BY_NAME[layer]
    base = settings_for("grading", spec, check)
    run_check(spec, check, torch_adapter, reference, settings(base, max_examples=2 * base.max_examples))
    if check == "init":  # the reference's own default initialization, too
        run_check(spec, check, reference, reference, base)
