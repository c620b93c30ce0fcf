"""The oracle's graded checks: one test per (layer, check) pair of the registry.

Run with ``pytest --submission PATH`` (or ``reference`` / ``torch``); see oracle/plugin.py.
"""
from __future__ import annotations

import pytest

from oracle.checks import run_check
from oracle.profiles import settings_for
from oracle.registry import BY_NAME, manifest

MANIFEST = manifest()


@pytest.mark.parametrize("layer,check", MANIFEST, ids=[f"{layer}-{check}" for layer, check in MANIFEST])
def test_layer(layer, check, implementation, reference_adapter, oracle_profile, record_property):
    record_property("layer", layer)
    record_property("check", check)
    spec = BY_NAME[layer]
    run_check(spec, check, implementation, reference_adapter, settings_for(oracle_profile, spec, check))
