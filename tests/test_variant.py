"""No false positives: an independent correct implementation (the reference with the variants of
examples/variants/ applied: other subgradients at kinks, other tie-breaking, other stable
formulas, other summation orders, zeros for None, another RNG use) scores 100% through the real
grader, and every variant really changes the reference's behaviour (none is a no-op)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from examples.build_variant import all_variants, build  # noqa: E402
from grader import run_oracle, score  # noqa: E402
from oracle.runner import load_package  # noqa: E402

VARIANTS = all_variants()


def identical(a, b) -> bool:
    """Bitwise equality of two probe results (arrays, scalars, None, or tuples of them)."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) and \
            all(identical(x, y) for x, y in zip(a, b))
    if a is None or b is None:
        return a is None and b is None
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)


@pytest.fixture(scope="module")
def reference_package():
    return load_package(ROOT / "reference", "reference_for_variants")


@pytest.fixture(scope="module")
def variant_submission(tmp_path_factory):
    target = tmp_path_factory.mktemp("variant") / "variant_submission"
    build(target)
    return target


def test_there_are_at_least_15_variants_over_several_families():
    assert len(VARIANTS) >= 15
    assert len({v.file for v in VARIANTS}) >= 8


@pytest.mark.parametrize("variant", VARIANTS, ids=[f"{v.file[:-3]}-{v.layers[0]}-{i}" for i, v in enumerate(VARIANTS)])
def test_variant_applies_and_changes_behaviour(variant, tmp_path, reference_package):
    """Applied alone, the variant's probe (a kink, a tie, a last-bit difference) gives a result
    that differs from the reference's."""
    build(tmp_path / "alone", [variant])
    changed = load_package(tmp_path / "alone", f"variant_alone_{abs(hash(variant.description))}")
    assert not identical(variant.probe(changed), variant.probe(reference_package)), variant.description


def test_variant_submission_scores_100(variant_submission):
    scores = score(run_oracle(str(variant_submission), workers="2"))
    failed = {(layer, check): c["message"][:800] for layer, e in scores["layers"].items()
              for check, c in e["checks"].items() if c["outcome"] != "passed"}
    assert not failed, failed
    assert scores["percent"] == 100.0
