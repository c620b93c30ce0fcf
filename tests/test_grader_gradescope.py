"""The Gradescope bundle: its run_autograder, run against a temporary autograder root, writes a
results.json in Gradescope's schema for a correct, a buggy and a crashing submission, and even
when Python itself cannot start."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import grader  # noqa: E402
from examples.build_buggy import build, expected_failures  # noqa: E402
from grading.rubric import VISIBILITIES  # noqa: E402

LAYERS = ["Linear", "ReLU"]  # Linear carries a planted bug in the example submission
TOP_LEVEL = {"score": (int, float), "execution_time": (int, float), "output": str, "output_format": str,
             "visibility": str, "stdout_visibility": str, "tests": list}
TEST_KEYS = {"name": str, "score": (int, float), "max_score": (int, float), "status": str, "output": str,
             "visibility": str}


def assert_gradescope_schema(results: dict) -> None:
    """Gradescope's results.json: top-level score/execution_time/output/visibility and tests[]
    each with name, score, max_score, status (passed/failed), output, visibility."""
    assert set(results) <= set(TOP_LEVEL) and {"score", "execution_time", "output", "tests"} <= set(results)
    for key, kind in TOP_LEVEL.items():
        assert key not in results or isinstance(results[key], kind), key
    assert results["visibility"] in VISIBILITIES and results["stdout_visibility"] in VISIBILITIES
    for test in results["tests"]:
        assert set(test) == set(TEST_KEYS), test
        assert all(isinstance(test[k], kind) for k, kind in TEST_KEYS.items()), test
        assert test["status"] in ("passed", "failed") and test["visibility"] in VISIBILITIES
        assert 0 <= test["score"] <= test["max_score"]
        assert (test["score"] == test["max_score"]) == (test["status"] == "passed")
    assert results["score"] == sum(t["score"] for t in results["tests"])


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    assert grader.main(["gradescope-bundle", "--out", str(out), "--layers", ",".join(LAYERS), "-n", "0",
                        "--call-timeout", "10"]) == 0
    return out


def run_autograder(bundle: Path, root: Path, submission: Path, python: str = sys.executable) -> dict:
    """Lay out an autograder root as Gradescope does, run run_autograder, read results.json."""
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    shutil.copytree(submission, root / "submission", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "NN_ORACLE_AUTOGRADER_ROOT": str(root), "NN_ORACLE_PYTHON": python}
    completed = subprocess.run(["bash", str(root / "run_autograder")], env=env, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_bundle_holds_the_scripts_and_an_installable_project(bundle):
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in zf.infolist()}
        config = json.loads(zf.read("config.json"))
    assert {"setup.sh", "run_autograder", "config.json", "nn-oracle/pyproject.toml", "nn-oracle/grader.py",
            "nn-oracle/grading/rubric.py", "nn-oracle/oracle/runner.py", "nn-oracle/reference/linear.py"} <= names
    assert not any("__pycache__" in n or n.startswith("nn-oracle/tests/") for n in names)
    assert modes["run_autograder"] & stat.S_IXUSR and modes["setup.sh"] & stat.S_IXUSR
    assert config["layers"] == LAYERS and config["rubric"]["checks"]["forward"] == 3


def test_correct_submission_scores_full_marks(bundle, tmp_path):
    results = run_autograder(bundle, tmp_path, ROOT / "reference")
    assert_gradescope_schema(results)
    assert results["tests"] and all(t["status"] == "passed" for t in results["tests"])
    assert results["score"] == 11 + 7  # Linear 3+3+2+1+1+1, ReLU 3+3+1


def test_buggy_submission_fails_its_planted_checks_only(bundle, tmp_path):
    build(tmp_path / "buggy")
    results = run_autograder(bundle, tmp_path / "root", tmp_path / "buggy")
    assert_gradescope_schema(results)
    failed = {t["name"] for t in results["tests"] if t["status"] == "failed"}
    expected = {f"{layer} · {check}" for layer in LAYERS for check in expected_failures().get(layer, ())}
    assert failed == expected and expected
    linear_param_grad = next(t for t in results["tests"] if t["name"] == "Linear · param_grad")
    assert "hint:" in linear_param_grad["output"]


def test_crashing_submission_scores_zero_with_the_reason(bundle, tmp_path):
    shutil.copytree(ROOT / "reference", tmp_path / "crash" / "my_nn", ignore=shutil.ignore_patterns("__pycache__"))
    init = tmp_path / "crash" / "my_nn" / "__init__.py"
    init.write_text("raise SystemExit('my package refuses to load')\n" + init.read_text())
    results = run_autograder(bundle, tmp_path / "root", tmp_path / "crash")
    assert_gradescope_schema(results)
    assert results["score"] == 0 and len(results["tests"]) == 9
    assert all("ImportFailure" in t["output"] and "refuses to load" in t["output"] for t in results["tests"])


def test_no_package_and_a_broken_python_still_write_results(bundle, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "answers.txt").write_text("42\n")
    results = run_autograder(bundle, tmp_path / "root", tmp_path / "empty")
    assert_gradescope_schema(results)
    assert results["score"] == 0 and "no Python package found" in results["output"]

    results = run_autograder(bundle, tmp_path / "root2", ROOT / "reference", python="/bin/false")
    assert_gradescope_schema(results)
    assert results["score"] == 0 and "exit code 1" in results["output"]
