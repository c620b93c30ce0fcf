"""A class of 20 generated submissions graded end to end by ``grader.py CLASS_DIR``: correct ones
(copies of reference/, as folders, nested folders and zips), partially buggy ones (one or two
planted bugs of examples/bugs/), hostile ones (import raises, os._exit in a forward, a hang) and
unreadable ones (an unsafe zip, a folder without a package). The class grades to the expected
CSV; grading it again at another --jobs, split in two shards and merged, gives byte-identical
outputs."""
from __future__ import annotations

import csv
import difflib
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import grader  # noqa: E402
from examples.bugs import linear as linear_bugs, loss as loss_bugs  # noqa: E402
from grading.rubric import load_rubric  # noqa: E402

#: Layers the planted bugs and the hostile submissions touch (a small subset keeps this fast),
#: in registry order (the CSV's column order).
LAYERS = ["Linear", "Flatten", "ReLU", "MSELoss"]
BUG: dict = {}
for _bug in linear_bugs.BUGS + loss_bugs.BUGS:  # the first planted bug of each layer
    if _bug.layer in LAYERS and not _bug.also:
        BUG.setdefault(_bug.layer, _bug)
RELU_BODY = "    def _function(self, x):\n        return np.maximum(x, 0.0)\n"
CALL_TIMEOUT = 6.0  # generous: a loaded machine must not turn a slow answer into a timeout

#: name -> (how to build it, the checks expected to fail per layer; "*" = every check)
CLASS = {
    **{f"correct_{i:02d}": ("folder", {}) for i in range(1, 7)},
    "correct_nested_folder": ("nested folder", {}),
    "correct_zip_top": ("zip top", {}),
    "correct_zip_nested": ("zip nested", {}),
    "bug_linear": (["Linear"], {"Linear": BUG["Linear"].checks}),
    "bug_flatten": (["Flatten"], {"Flatten": BUG["Flatten"].checks}),
    "bug_mse": (["MSELoss"], {"MSELoss": BUG["MSELoss"].checks}),
    "bug_linear_mse": (["Linear", "MSELoss"], {"Linear": BUG["Linear"].checks, "MSELoss": BUG["MSELoss"].checks}),
    "bug_flatten_mse": (["Flatten", "MSELoss"], {"Flatten": BUG["Flatten"].checks, "MSELoss": BUG["MSELoss"].checks}),
    "bug_linear_flatten": (["Linear", "Flatten"], {"Linear": BUG["Linear"].checks, "Flatten": BUG["Flatten"].checks}),
    "hostile_import_raises": ("import raises", {layer: "*" for layer in LAYERS}),
    "hostile_exit_in_relu": ("exit in ReLU", {"ReLU": "*"}),
    "hostile_hang_in_relu": ("hang in ReLU", {"ReLU": "*"}),
    "rejected_unsafe_zip": ("unsafe zip", {layer: "*" for layer in LAYERS}),
    "rejected_no_package": ("no package", {layer: "*" for layer in LAYERS}),
}
STATUS = {"rejected_unsafe_zip": "not graded", "rejected_no_package": "not graded"}


def _copy_reference(target: Path) -> Path:
    shutil.copytree(ROOT / "reference", target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _patch(package: Path, file: str, old: str, new: str) -> None:
    path = package / file
    text = path.read_text()
    assert text.count(old) == 1, (file, old)
    path.write_text(text.replace(old, new))


def _zip(folder: Path, archive: Path, prefix: str) -> None:
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + path.relative_to(folder).as_posix())


def build_submission(classdir: Path, tmp: Path, name: str, kind) -> None:
    """Write submission ``name`` of the given kind into ``classdir`` (``tmp`` for scratch)."""
    if isinstance(kind, list):
        package = _copy_reference(classdir / name)
        for layer in kind:
            _patch(package, BUG[layer].file, BUG[layer].old, BUG[layer].new)
    elif kind == "folder":
        _copy_reference(classdir / name)
    elif kind == "nested folder":
        _copy_reference(classdir / name / "my_nn")
    elif kind in ("zip top", "zip nested"):
        package = _copy_reference(tmp / name)
        _zip(package, classdir / f"{name}.zip", "" if kind == "zip top" else "my_nn/")
    elif kind == "import raises":
        package = _copy_reference(classdir / name)
        (package / "__init__.py").write_text((package / "__init__.py").read_text() + "\nraise RuntimeError('boom')\n")
    elif kind == "exit in ReLU":
        _patch(_copy_reference(classdir / name), "activation.py", RELU_BODY,
               "    def _function(self, x):\n        import os\n        os._exit(3)\n")
    elif kind == "hang in ReLU":
        _patch(_copy_reference(classdir / name), "activation.py", RELU_BODY,
               "    def _function(self, x):\n        import time\n        time.sleep(3600)\n")  # hangs without burning CPU
    elif kind == "unsafe zip":
        with zipfile.ZipFile(classdir / f"{name}.zip", "w") as zf:
            zf.writestr("pkg/__init__.py", "")
            zf.writestr("../escaped.py", "print('outside')\n")
    elif kind == "no package":
        (classdir / name).mkdir()
        (classdir / name / "notes.txt").write_text("I ran out of time\n")


@pytest.fixture(scope="module")
def classdir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    scratch = tmp_path_factory.mktemp("scratch")
    for name, (kind, _) in CLASS.items():
        build_submission(folder, scratch, name, kind)
    assert len(CLASS) == 20
    return folder


def expected_csv() -> str:
    """The class CSV from the expected failures and the default rubric's points."""
    rubric = load_rubric()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", "status", *LAYERS, "total", "possible", "percent"])
    for name in sorted(CLASS):
        failing = CLASS[name][1]
        earned = []
        for layer in LAYERS:
            items = {check: item.points for (l, check), item in rubric.items.items() if l == layer}
            bad = items if failing.get(layer) == "*" else failing.get(layer, ())
            earned.append(sum(items.values()) - sum(items[c] for c in bad))
        possible = sum(item.points for (layer, _), item in rubric.items.items() if layer in LAYERS)
        writer.writerow([name, STATUS.get(name, "graded"), *earned, sum(earned), possible,
                         f"{100 * sum(earned) / possible:.2f}"])
    return buffer.getvalue()


def _arguments(classdir: Path, out: Path, *options: str) -> list[str]:
    return [str(classdir), "--layers", ",".join(LAYERS), "--call-timeout", str(CALL_TIMEOUT), "--out", str(out),
            *options]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_identical_folders(first: Path, second: Path) -> None:
    """Same files, byte for byte; on a difference, show the first differing file's diff."""
    one, two = _files(first), _files(second)
    assert sorted(one) == sorted(two)
    for name in one:
        if one[name] != two[name]:
            diff = difflib.unified_diff(one[name].decode(errors="replace").splitlines(),
                                        two[name].decode(errors="replace").splitlines(), lineterm="")
            pytest.fail(f"{name} differs:\n" + "\n".join(diff)[:4000])


def test_class_grades_to_the_expected_csv_identically_at_any_jobs_and_across_shards(classdir, tmp_path):
    first = tmp_path / "first"
    assert grader.main(_arguments(classdir, first, "--jobs", "2", "--junit", str(tmp_path / "class.xml"))) == 0
    assert (first / "grades.csv").read_text() == expected_csv()
    assert set(_files(first)) == {"grades.csv", "layer_summary.csv", "histograms.png", "grading.json",
                                  *(f"students/{name}.json" for name in CLASS)}
    assert (first / "histograms.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "class.xml").read_text().count("<testsuite ") == 20

    shards = [subprocess.Popen([sys.executable, str(ROOT / "grader.py"),  # two CI runners at once
                                *_arguments(classdir, tmp_path / f"shard{i}", "--jobs", "1", "--shard", f"{i}/2")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in (1, 2)]
    assert [shard.wait() for shard in shards] == [0, 0]
    shard_names = [sorted(p.stem for p in (tmp_path / f"shard{i}" / "students").glob("*.json")) for i in (1, 2)]
    assert shard_names[0] and shard_names[1] and sorted(shard_names[0] + shard_names[1]) == sorted(CLASS)
    assert grader.main(["merge", str(tmp_path / "shard1"), str(tmp_path / "shard2"), "--out", str(tmp_path / "merged")]) == 0
    assert_identical_folders(first, tmp_path / "merged")
