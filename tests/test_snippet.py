"""Every failure report's "reproduce:" snippet is Python that runs: for the first grading example
of every layer, executing it against the reference (imported as ``your_submission``) builds the
layer and runs its forward."""
from __future__ import annotations

import sys

import pytest
from hypothesis import Phase, given, settings

from oracle.registry import SPECS
from oracle.snippet import reproduce

import reference

LAYERS = [spec for spec in SPECS if spec.cases is not None]


@pytest.fixture
def as_submission(monkeypatch):
    monkeypatch.setitem(sys.modules, "your_submission", reference)


@pytest.mark.parametrize("spec", LAYERS, ids=[spec.name for spec in LAYERS])
def test_snippet_runs(spec, as_submission):
    @settings(max_examples=1, derandomize=True, database=None, deadline=None, phases=[Phase.generate])
    @given(case=spec.cases())
    def run(case):
        lines = [line[4:] for line in reproduce(case).splitlines()[:-1]]  # the last line is prose
        namespace: dict = {}
        exec("\n".join(lines), namespace)  # noqa: S102 - the snippet is ours, the package the reference
        assert "out" in namespace

    run()


@pytest.mark.parametrize("name", ["Sequential", "ModuleList"])
def test_container_snippets_run(name, as_submission):
    """Container cases hoist edited modules into statements (insert, item assignment, slices)."""
    from oracle.registry import BY_NAME
    hoisted = []

    @settings(max_examples=30, derandomize=True, database=None, deadline=None, phases=[Phase.generate])
    @given(case=BY_NAME[name].cases())
    def run(case):
        lines = [line[4:] for line in reproduce(case).splitlines()[:-1]]
        hoisted.append(any(line.startswith("part") for line in lines))
        exec("\n".join(lines), {})  # noqa: S102

    run()
    assert any(hoisted)
