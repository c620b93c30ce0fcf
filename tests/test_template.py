"""The student template mirrors the reference: same files, exported names and signatures; it is
what tools/make_template.py generates; and every stub is unimplemented (the oracle scores it 0,
see test_scores.py)."""
from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import reference  # noqa: E402
import student_template  # noqa: E402
from oracle.registry import SPECS  # noqa: E402


def public_api(package) -> dict:
    """name -> {method or '': signature text} for every exported class and function."""
    api = {}
    for path in sorted(Path(package.__file__).parent.glob("*.py")):
        module = importlib.import_module(f"{package.__name__}.{path.stem}")
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isclass(obj):
                methods = [m for m in ("__init__", "forward", "backward") if hasattr(obj, m)]
                api[f"{path.stem}.{name}"] = {m: _sig(getattr(obj, m)) for m in methods}
            else:
                api[f"{path.stem}.{name}"] = {"": _sig(obj)}
    return api


def _sig(fn) -> str:
    """Parameter names, kinds and defaults (a class default by its name)."""
    return str([(p.name, p.kind.name, p.default.__name__ if inspect.isclass(p.default) else repr(p.default))
                for p in inspect.signature(fn).parameters.values()])


def test_template_has_the_reference_classes_and_signatures():
    assert public_api(student_template) == public_api(reference)


def test_template_is_generated_from_the_current_reference():
    result = subprocess.run([sys.executable, "tools/make_template.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_every_registry_entry_is_exported_by_both():
    for spec in SPECS:
        name = spec.name.split(".")[-1]
        owner_ref = reference.init if spec.name.startswith("init.") else reference
        owner_tpl = student_template.init if spec.name.startswith("init.") else student_template
        if spec.cases is not None and spec.name not in dir(reference):
            continue  # composite entries (e.g. TutorialCNN) are built from exported layers
        assert hasattr(owner_ref, name), spec.name
        assert hasattr(owner_tpl, name), spec.name
