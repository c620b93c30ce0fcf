"""The grading profile's examples are a function of the oracle alone: the same on every run and
whatever else the process imported (hypothesis would otherwise mix in literals of local modules)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from hypothesis import given

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oracle.profiles import settings_for  # noqa: E402
from oracle.registry import BY_NAME  # noqa: E402

#: Upsample's examples did change with the local constants of the project's own modules
LAYERS = ("Linear", "Conv2d", "CrossEntropyLoss", "Upsample")


def drawn_cases(layer: str) -> list[str]:
    spec = BY_NAME[layer]
    cases = []

    @settings_for("grading", spec, "forward")
    @given(case=spec.cases())
    def collect(case):
        cases.append(repr(case))

    collect()
    return cases


def test_grading_examples_do_not_depend_on_imported_local_modules(tmp_path):
    before = {layer: drawn_cases(layer) for layer in LAYERS}
    module = tmp_path / "student_literals.py"  # a local module full of tempting literals
    module.write_text("VALUES = [0, 1, 2, 3, 5, 7, 13, 64, 1000, -1, 0.5, 1e-5, 'same', 'reflect']\n"
                      + "".join(f"C{i} = {i * 37 % 101}\n" for i in range(200)))
    spec = importlib.util.spec_from_file_location("student_literals", module)
    sys.modules["student_literals"] = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(sys.modules["student_literals"])
        after = {layer: drawn_cases(layer) for layer in LAYERS}
        from hypothesis.internal.conjecture import providers
        local = providers._get_local_constants()  # the project's own modules alone give ~90
        assert not (local.integers or local.floats or local.strings)
    finally:
        del sys.modules["student_literals"]
    assert after == before


def test_grading_examples_repeat_exactly():
    assert drawn_cases("Linear") == drawn_cases("Linear")
