"""The batch's direct engine (run_check over the manifest in the pool worker) gives exactly the
verdicts and messages of the pytest suite (what `pytest --submission` shows a student), and the
single-submission command prints every format."""
from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import grader  # noqa: E402
from examples.build_buggy import build, expected_failures  # noqa: E402
from grading.engine import run_direct, run_oracle  # noqa: E402

#: Layers with planted bugs in the example submission (Linear, Flatten, MSELoss) and one without.
LAYERS = ["Linear", "Flatten", "MSELoss", "init.kaiming_uniform_"]


@pytest.fixture(scope="module")
def buggy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("example") / "buggy_submission"
    build(target)
    return target


def test_direct_engine_equals_the_pytest_suite_on_the_example_submission(buggy):
    direct = run_direct(str(buggy), LAYERS)
    suite = run_oracle(str(buggy), LAYERS, workers="0")
    assert direct == suite
    planted = {(layer, check) for layer in LAYERS for check in expected_failures().get(layer, ())}
    assert {key for key, r in direct.items() if r["outcome"] == "failed"} == planted
    assert {("Linear", "param_grad"), ("Flatten", "forward"), ("MSELoss", "input_grad")} <= planted


def test_single_submission_formats_and_junit(buggy, tmp_path, capsys):
    report, junit = tmp_path / "report.json", tmp_path / "junit.xml"
    assert grader.main([str(buggy), "--layers", "Flatten", "-n", "0", "--format", "json",
                        "--output", str(report), "--junit", str(junit)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["earned"] == 4 and printed["possible"] == 8  # forward (3) and state (1) fail
    assert json.loads(report.read_text())["layers"] == printed["layers"]
    suite = ET.parse(junit).getroot().find("testsuite")
    failures = {case.get("name"): case.find("failure") for case in suite.iter("testcase")}
    assert suite.get("tests") == "4" and suite.get("failures") == "2"
    assert failures["forward"] is not None and "wrong shape" in failures["forward"].text
    assert failures["input_grad"] is None

    assert grader.main([str(buggy), "--layers", "Flatten", "-n", "0", "--format", "md",
                        "--output", str(report)]) == 0
    markdown = capsys.readouterr().out
    assert "| Flatten | FAIL | ok |  | FAIL | ok |  | 4/8 |" in markdown and "<details>" in markdown
