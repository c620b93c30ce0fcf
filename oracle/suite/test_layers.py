"""The oracle's graded checks: one test per (layer, check) pair of the registry.

Run with ``pytest --submission PATH`` (or ``reference`` / ``torch``); see oracle/plugin.py.
"""
from __future__ import annotations

import pytest
from hypothesis import given

from oracle import checks
from oracle.profiles import settings_for
from oracle.registry import manifest, BY_NAME

MANIFEST = manifest()


@pytest.mark.parametrize("layer,check", MANIFEST, ids=[f"{layer}-{check}" for layer, check in MANIFEST])
def test_layer(layer, check, implementation, reference_adapter, oracle_profile, record_property):
    record_property("layer", layer)
    record_property("check", check)
    spec = BY_NAME[layer]
    if check == "init":
        for index, init in enumerate(spec.init()):
            checks.check_init(spec, init, index, implementation)
        return
    strategy = spec.error_cases() if check == "errors" else spec.cases()

    @settings_for(oracle_profile, spec, check)
    @given(case=strategy)
    def run(case):
        checks.CASE_CHECKS[check](spec, case, implementation, reference_adapter)

    run()
