"""The Gradescope autograder: a zip that installs this project and grades /autograder/submission.

``build_bundle`` writes the zip (setup.sh, run_autograder, the project's source, config.json with
the rubric already parsed and validated). On Gradescope, ``run_autograder`` calls
``grader.py gradescope-run``, which always writes /autograder/results/results.json in Gradescope's
schema, also when the submission crashes everything or the oracle itself fails (score 0, the
reason in "output"); the shell script writes a last-resort results.json if even Python fails.
NN_ORACLE_AUTOGRADER_ROOT overrides /autograder, NN_ORACLE_PYTHON the interpreter (for tests).
"""
from __future__ import annotations

import json
import os
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

from oracle.spec import CHECK_TITLES

from .batch import sanitize
from .formats import format_text
from .rubric import Rubric, rubric_from_mapping
from .submissions import SubmissionError, materialize

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: What the bundle ships of this project (enough to `pip install` it: no tests, no torch).
BUNDLE_SOURCES = ("pyproject.toml", "README.md", "conftest.py", "grader.py", "grading", "oracle", "reference",
                  "examples/__init__.py", "examples/build_buggy.py", "examples/bugs")
SOURCE_DIR = "nn-oracle"

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image (from /autograder/source).
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --no-cache-dir /autograder/source/nn-oracle   # numpy, scipy, hypothesis, pytest; no torch
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission. It always leaves results/results.json behind.
ROOT="${NN_ORACLE_AUTOGRADER_ROOT:-/autograder}"
PYTHON="${NN_ORACLE_PYTHON:-$ROOT/venv/bin/python}"
mkdir -p "$ROOT/results"
rm -f "$ROOT/results/results.json"
"$PYTHON" "$ROOT/source/nn-oracle/grader.py" gradescope-run --root "$ROOT" --config "$ROOT/source/config.json"
status=$?
if [ ! -s "$ROOT/results/results.json" ]; then
  printf '{"score": 0, "execution_time": 0, "output": "The autograder failed before grading (exit code %s); please tell the course staff.", "output_format": "text", "visibility": "visible", "stdout_visibility": "hidden", "tests": []}\\n' "$status" > "$ROOT/results/results.json"
fi
exit 0
"""


def build_bundle(out: Path, rubric: Rubric, rubric_source: str, layers=None, call_timeout: float = 60.0,
                 workers: str = "auto") -> list[str]:
    """Write the autograder zip to ``out``; returns the names of its members."""
    config = {"rubric": rubric.data, "rubric_source": rubric_source, "layers": list(layers) if layers else None,
              "call_timeout": call_timeout, "workers": str(workers), "profile": "grading"}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        _add_text(zf, "setup.sh", SETUP_SH, executable=True)
        _add_text(zf, "run_autograder", RUN_AUTOGRADER, executable=True)
        _add_text(zf, "config.json", json.dumps(config, indent=1) + "\n")
        for path in _project_files():
            zf.write(path, f"{SOURCE_DIR}/{path.relative_to(PROJECT_ROOT).as_posix()}")
        return zf.namelist()


def _project_files() -> list[Path]:
    files = []
    for name in BUNDLE_SOURCES:
        path = PROJECT_ROOT / name
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        files += [p for p in candidates if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]
    return files


def _add_text(zf: zipfile.ZipFile, name: str, text: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, text)


# ----------------------------------------------------------------------------------------------
# On Gradescope
# ----------------------------------------------------------------------------------------------
def run_gradescope(root: Path, config_path: Path) -> dict:
    """Grade ``root/submission``; write and return ``root/results/results.json``. Never raises
    for what the submission or the oracle does: a failure is a score of 0 with the reason."""
    start = time.perf_counter()
    try:
        results = _grade(root, json.loads(config_path.read_text()), start)
    except SubmissionError as exc:
        results = failure_results(f"Your submission could not be graded: {exc}", time.perf_counter() - start)
    except Exception:  # noqa: BLE001 - results.json must be written whatever happens
        results = failure_results("The autograder failed while grading; please tell the course staff.\n\n"
                                  + traceback.format_exc()[-3000:], time.perf_counter() - start)
    path = root / "results" / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(results, indent=1) + "\n")
    os.replace(temporary, path)
    return results


def _grade(root: Path, config: dict, start: float) -> dict:
    from .engine import run_oracle

    rubric = rubric_from_mapping(config["rubric"], source=config.get("rubric_source", "rubric"))
    layers = config.get("layers")
    with tempfile.TemporaryDirectory(prefix="nn-oracle-gradescope-") as tmp:
        package = materialize(root / "submission", Path(tmp))
        outcomes = run_oracle(str(package), rubric.graded_layers(layers),
                              workers=config.get("workers", "auto"), profile=config.get("profile", "grading"),
                              timeout=float(config.get("call_timeout", 60.0)))
    scores = rubric.score({key: {**r, "message": sanitize(r["message"])} for key, r in outcomes.items()}, layers)
    return results_json(scores, time.perf_counter() - start, rubric.data.get("visibility", "visible"))


def results_json(scores: dict, execution_time: float, visibility: str = "visible") -> dict:
    """Gradescope's results.json for a score dict: one test per (layer, check)."""
    tests = [{"name": f"{layer} · {check}", "score": c["points"], "max_score": c["max_points"],
              "status": "passed" if c["outcome"] == "passed" else "failed",
              "output": _test_output(check, c), "visibility": c["visibility"]}
             for layer, entry in scores["layers"].items() for check, c in entry["checks"].items()]
    return {"score": scores["earned"], "execution_time": round(execution_time, 2),
            "output": format_text(scores, show_failures=False), "output_format": "text",
            "visibility": visibility, "stdout_visibility": "hidden", "tests": tests}


def _test_output(check: str, entry: dict) -> str:
    if entry["outcome"] == "passed":
        return f"passed: {CHECK_TITLES[check]}"
    return f"{entry['outcome']}: {CHECK_TITLES[check]}\n\n{entry['message']}".strip()


def failure_results(reason: str, execution_time: float) -> dict:
    """A results.json scoring 0 with ``reason`` (nothing could be graded)."""
    return {"score": 0, "execution_time": round(execution_time, 2), "output": reason, "output_format": "text",
            "visibility": "visible", "stdout_visibility": "hidden", "tests": []}
