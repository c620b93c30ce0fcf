"""Every check first sweeps the kinds its strategy offers (checks.sweep_kinds): it forces
``strategies.one_kind`` to each index in turn on the simplest example. A strategy that draws and
returns before calling one_kind (a wrapper adding its own case) hides the kinds behind it from
the sweep, leaving them to chance; AvgPool2d/3d's errors once did exactly this.
"""
from __future__ import annotations

import importlib
import pkgutil

import pytest
from hypothesis import HealthCheck, Phase, given, settings

import oracle.specs
from oracle import strategies
from oracle.registry import BY_NAME
from oracle.strategies import _KindSweep

STRATEGIES = sorted([(name, "error_cases") for name, spec in BY_NAME.items() if spec.error_cases is not None]
                    + [(name, "cases") for name, spec in BY_NAME.items() if spec.cases is not None])


@pytest.fixture
def kind_counts(monkeypatch):
    """Records the number of options of every one_kind call made by any spec module."""
    counts: list[int] = []
    original = strategies.one_kind

    def recording(draw, options):
        counts.append(len(options))
        return original(draw, options)

    for module_info in pkgutil.iter_modules(oracle.specs.__path__):
        module = importlib.import_module(f"oracle.specs.{module_info.name}")
        if getattr(module, "one_kind", None) is original:
            monkeypatch.setattr(module, "one_kind", recording)
    monkeypatch.setattr(strategies, "one_kind", recording)
    return counts


def draw_once(strategy, hypothesis_settings) -> None:
    @hypothesis_settings
    @given(case=strategy)
    def run(case):
        pass

    run()


@pytest.mark.parametrize("layer,strategy", STRATEGIES, ids=[f"{layer}-{which}" for layer, which in STRATEGIES])
def test_the_sweep_reaches_every_kind(layer, strategy, kind_counts):
    strategy = getattr(BY_NAME[layer], strategy)
    draw_once(strategy(), settings(max_examples=25, database=None, deadline=None,
                                   suppress_health_check=list(HealthCheck)))
    if not kind_counts:
        return  # a strategy without kinds: nothing to sweep
    offered = max(kind_counts)
    try:
        for kind in range(offered):
            _KindSweep.forced, _KindSweep.count = kind, None
            draw_once(strategy(), settings(max_examples=1, phases=[Phase.generate], database=None,
                                           derandomize=True, suppress_health_check=list(HealthCheck)))
            assert _KindSweep.count == offered, (
                f"{layer}: forcing kind {kind} of {offered}, the simplest example "
                f"{'never called one_kind' if _KindSweep.count is None else f'offered {_KindSweep.count} kinds'}")
    finally:
        _KindSweep.forced = _KindSweep.count = None
