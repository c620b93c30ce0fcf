"""End to end through grader.py, the runner process and pytest-xdist, in the grading profile:
the reference (as a submission) scores 100%, the template 0%, the example submission fails
exactly its planted bugs' checks, and scores are identical across runs and worker counts."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from examples.build_buggy import build, expected_failures  # noqa: E402
from grader import run_oracle, score  # noqa: E402
from oracle.registry import BY_NAME  # noqa: E402

#: A cross-section of families for the determinism runs (each must exist in the registry).
DETERMINISM_LAYERS = ["Linear", "Flatten", "init.kaiming_uniform_"]


@pytest.fixture(scope="module")
def buggy(tmp_path_factory):
    target = tmp_path_factory.mktemp("example") / "buggy_submission"
    build(target)
    return target


@pytest.fixture(scope="module")
def buggy_results(buggy):
    return run_oracle(str(buggy), workers="2")


def test_reference_as_a_submission_scores_100(tmp_path):
    scores = score(run_oracle(str(ROOT / "reference"), workers="2"))
    failed = {(layer, check): c["message"][:600] for layer, e in scores["layers"].items()
              for check, c in e["checks"].items() if c["outcome"] != "passed"}
    assert not failed, failed
    assert scores["percent"] == 100.0


def test_template_scores_0():
    scores = score(run_oracle(str(ROOT / "student_template"), workers="2"))
    passed = [(layer, check) for layer, e in scores["layers"].items()
              for check, c in e["checks"].items() if c["outcome"] == "passed"]
    assert not passed
    assert scores["earned"] == 0


def test_example_submission_fails_exactly_its_planted_bugs(buggy_results):
    """Every planted bug is caught on its layer's listed checks and nowhere else; composite
    entries (built from other layers) may also fail, as a student's network would."""
    scores = score(buggy_results)
    expected = expected_failures()
    for layer, entry in scores["layers"].items():
        failed = {check for check, c in entry["checks"].items() if c["outcome"] != "passed"}
        if BY_NAME[layer].composite:
            continue
        assert failed == expected.get(layer, set()), (layer, {c: entry["checks"][c]["message"][:400] for c in failed})


def test_failure_reports_are_actionable(buggy_results):
    for (layer, check), result in buggy_results.items():
        if result["outcome"] == "failed":
            message = result["message"]
            assert f"{layer} · {check}" in message and "case:" in message and "hint:" in message \
                and "reproduce:" in message, message


def test_grading_is_deterministic_across_runs_and_worker_counts(buggy):
    first = run_oracle(str(buggy), DETERMINISM_LAYERS, workers="1")
    second = run_oracle(str(buggy), DETERMINISM_LAYERS, workers="2")
    assert first == second
