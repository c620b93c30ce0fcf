"""A broken submission loses only the broken layer's points, with a clear reason; the grader
always finishes and reports every check of the manifest."""
from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader import run_oracle, score  # noqa: E402

LAYERS = ["Linear", "ReLU"]
BASE = ROOT / "tests" / "adversarial" / "_base.py"


def make_submission(tmp_path: Path, body: str) -> Path:
    """A correct plain-NumPy Linear and ReLU (tests/adversarial/_base.py), with ``body``
    overriding some of it (a submission may not import the reference: the policy forbids it)."""
    package = tmp_path / "submission"
    package.mkdir()
    shutil.copy(BASE, package / "_base.py")
    (package / "__init__.py").write_text("from ._base import *\n" + textwrap.dedent(body))
    return package


def outcomes(scores, layer):
    return {check: c["outcome"] for check, c in scores["layers"][layer]["checks"].items()}


@pytest.mark.parametrize("name,body", [
    ("exit", """
        import os
        class Linear(Linear):
            def forward(self, input):
                os._exit(0)
        """),
    ("exception", """
        class Linear(Linear):
            def forward(self, input):
                raise ValueError("oops")
        """),
    ("prints", """
        class Linear(Linear):
            def forward(self, input):
                print("debug output that must not corrupt the protocol " * 100)
                return super().forward(input) * 1.5
        """),
])
def test_a_broken_layer_fails_alone(tmp_path, name, body):
    scores = score(run_oracle(str(make_submission(tmp_path, body)), LAYERS, workers="1", timeout=20), LAYERS)
    linear = outcomes(scores, "Linear")
    assert linear["forward"] == "failed"
    if name != "prints":  # the printing layer's backward is still right
        assert linear["input_grad"] == "failed"
    assert linear["init"] == "passed"  # construction still works
    assert all(outcome == "passed" for outcome in outcomes(scores, "ReLU").values())
    if name == "exit":
        assert "RunnerCrash" in scores["layers"]["Linear"]["checks"]["forward"]["message"]


def test_a_hanging_layer_times_out(tmp_path):
    body = """
        import time
        class ReLU(ReLU):
            def forward(self, input):
                time.sleep(3600)
        """
    scores = score(run_oracle(str(make_submission(tmp_path, body)), LAYERS, workers="1", timeout=2), LAYERS)
    assert outcomes(scores, "ReLU")["forward"] == "failed"
    assert "Timeout" in scores["layers"]["ReLU"]["checks"]["forward"]["message"]
    assert outcomes(scores, "Linear")["forward"] == "passed"


def test_a_submission_that_fails_to_import_scores_zero_everywhere(tmp_path):
    package = tmp_path / "submission"
    package.mkdir()
    (package / "__init__.py").write_text("raise SystemExit('broken')\n")
    scores = score(run_oracle(str(package), LAYERS, workers="1", timeout=20), LAYERS)
    assert scores["earned"] == 0
    assert "ImportFailure" in scores["layers"]["Linear"]["checks"]["forward"]["message"]
