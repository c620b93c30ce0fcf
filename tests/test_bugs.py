"""The realistic bug corpus (examples/bugs/): each planted bug, applied ALONE to a copy of the
reference, fails exactly its listed checks on its listed layer(s) and nothing else in its family,
graded in-process with the grading profile; every failure report names its check and its hint.

A patched copy is imported in-process under a unique package name (reference/ uses relative
imports) and wrapped like oracle.adapters.InProcessAdapter, so no runner process is started.
"""
from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import pytest
from hypothesis import Phase, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from examples.bugs import Bug  # noqa: E402
from examples.build_buggy import all_bugs, patches  # noqa: E402
from examples.patching import build_patched  # noqa: E402
from oracle.adapters import InProcessAdapter, ReferenceAdapter  # noqa: E402
from oracle.checks import CheckFailure, run_check  # noqa: E402
from oracle.executor import Executor  # noqa: E402
from oracle.profiles import settings_for  # noqa: E402
from oracle.registry import BY_NAME, FAMILIES, SPECS, manifest  # noqa: E402
from oracle.runner import load_package  # noqa: E402
from oracle.spec import DEFAULT_HINTS  # noqa: E402

BUGS = all_bugs()

#: Realistic bugs required per layer family (issue 7).
MIN_BUGS_PER_FAMILY = 3

_package_numbers = itertools.count()


def bug_id(bug: Bug) -> str:
    """family-layer-first words of the description, e.g. ``linear-Linear-backward-overwrites-weight``."""
    words = re.findall(r"[A-Za-z0-9_]+", bug.description)[:5]
    return f"{BY_NAME[bug.layer].family}-{bug.layer}-{'-'.join(words)}"


def load_patched(bug: Bug, directory: Path):
    """Copy reference/ to ``directory``, apply ``bug`` and import it as a fresh package.

    Returns the package module (its top level exports the layer classes, like a submission)."""
    build_patched(directory, patches([bug]))
    name = f"patched_submission_{next(_package_numbers)}"
    try:
        package = load_package(directory, name)
    finally:
        # Out of sys.modules again before any example is drawn: hypothesis mines integer and
        # string literals from every local module in sys.modules into the pool its strategies
        # draw from now and then, so a patched copy left there (with the bug's literals) would
        # change the grading examples of every later test in this worker. The classes keep
        # their modules alive; the reference has no function-level imports.
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]
    return package


def graded_pairs(bug: Bug) -> list[tuple[str, str]]:
    """Every (layer, check) of the bug's family and of its ``also`` layers."""
    layers = {spec.name for spec in SPECS if spec.family == BY_NAME[bug.layer].family}
    layers |= {layer for layer, _ in bug.also}
    return manifest(layers)


def grading_without_shrinking(spec, check) -> settings:
    """The grading profile's settings (same derandomized examples, so the same verdict) without
    the shrinking phase, which only minimizes the reported counterexample and costs seconds."""
    return settings(settings_for("grading", spec, check), phases=[Phase.explicit, Phase.generate])


def grade(bug: Bug, package, reference) -> dict[tuple[str, str], str]:
    """(layer, check) -> failure message, for every graded pair that fails."""
    impl = InProcessAdapter(Executor(package))
    failures = {}
    for layer, check in graded_pairs(bug):
        spec = BY_NAME[layer]
        try:
            run_check(spec, check, impl, reference, grading_without_shrinking(spec, check))
        except CheckFailure as failure:
            failures[(layer, check)] = str(failure)
    return failures


@pytest.fixture(scope="module")
def reference():
    return ReferenceAdapter()


@pytest.mark.parametrize("bug", BUGS, ids=[bug_id(b) for b in BUGS])
def test_bug_fails_exactly_its_checks(bug, reference, tmp_path):
    package = load_patched(bug, tmp_path / "submission")
    failures = grade(bug, package, reference)
    expected = {(layer, check) for layer, checks in bug.failures() for check in checks}
    assert set(failures) == expected, {
        "missed (expected to fail, passed)": sorted(expected - set(failures)),
        "unexpected failures": {pair: failures[pair][:500] for pair in sorted(set(failures) - expected)}}
    for (layer, check), message in failures.items():
        assert f"{layer} · {check}" in message and f"hint: {BY_NAME[layer].hint(check)}" in message, message


def test_every_family_has_three_realistic_bugs():
    counts = {family: 0 for family in FAMILIES}
    for bug in BUGS:
        counts[BY_NAME[bug.layer].family] += 1
    assert {f: n for f, n in counts.items() if n < MIN_BUGS_PER_FAMILY} == {}


def test_bugs_of_one_file_do_not_overlap():
    """The combined example submission applies every patch at once: no two bugs' ``old`` texts
    may overlap in their file (each must still occur exactly once after the others are applied)."""
    by_file: dict[str, list[Bug]] = {}
    for bug in BUGS:
        by_file.setdefault(bug.file, []).append(bug)
    for name, bugs in by_file.items():
        text = (ROOT / "reference" / name).read_text()
        spans = sorted((text.index(b.old), text.index(b.old) + len(b.old), b.description) for b in bugs)
        for (_, end, first), (start, _, second) in zip(spans, spans[1:]):
            assert end <= start, f"{name}: bugs overlap: {first!r} and {second!r}"


def test_every_graded_check_has_a_layer_specific_hint():
    """A failing report teaches: each (layer, check) of the registry has its own hint, never the
    generic DEFAULT_HINTS fallback."""
    generic = [f"{layer}:{check}" for layer, check in manifest()
               if BY_NAME[layer].hint(check) == DEFAULT_HINTS[check]]
    assert generic == []
