"""The grader's building blocks that run no submission: rubric files (points, overrides,
visibility, validation), scoring from the manifest, safe unzipping, sharding, merging."""
from __future__ import annotations

import json
import stat
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grading.batch import Settings, in_shard, parse_shard  # noqa: E402
from grading.outputs import MergeError, merge_outputs, run_metadata, write_class_outputs  # noqa: E402
from grading.rubric import RubricError, load_rubric  # noqa: E402
from grading.submissions import SubmissionError, find_package, safe_unzip  # noqa: E402
from oracle.registry import manifest  # noqa: E402

CHECKS_TABLE = "[checks]\nforward = 3\ninput_grad = 3\nparam_grad = 2\nstate = 1\nerrors = 1\ninit = 1\n"


def rubric(tmp_path: Path, text: str):
    path = tmp_path / "rubric.toml"
    path.write_text(text)
    return load_rubric(path)


def test_default_rubric_covers_the_whole_manifest():
    default = load_rubric()
    assert list(default.items) == manifest()
    assert sum(item.points for (layer, _), item in default.items.items() if layer == "Linear") == 11
    assert sum(item.points for (layer, _), item in default.items.items() if layer == "ReLU") == 7
    assert {item.visibility for item in default.items.values()} == {"visible"}


def test_overrides_weight_points_checks_and_visibility(tmp_path):
    custom = rubric(tmp_path, 'name = "hw2"\nvisibility = "after_due_date"\nonly = ["Linear", "ReLU", "Conv1d"]\n'
                    'exclude = ["Conv1d"]\n' + CHECKS_TABLE.replace("errors = 1", 'errors = { points = 1, visibility = "hidden" }')
                    + '[layers.Linear]\npoints = 22\nvisibility = "visible"\n'
                    '[layers.ReLU]\nweight = 0.5\nchecks = { state = 4, forward = { visibility = "after_published" } }\n')
    assert custom.name == "hw2" and custom.layers == ["Linear", "ReLU"]
    linear = {check: item for (layer, check), item in custom.items.items() if layer == "Linear"}
    assert {c: i.points for c, i in linear.items()} == {"forward": 6, "input_grad": 6, "param_grad": 4, "state": 2,
                                                        "errors": 2, "init": 2}
    assert {i.visibility for i in linear.values()} == {"visible"}  # the layer's visibility wins over the category's
    relu = {check: item for (layer, check), item in custom.items.items() if layer == "ReLU"}
    assert {c: i.points for c, i in relu.items()} == {"forward": 1.5, "input_grad": 1.5, "state": 2}
    assert relu["forward"].visibility == "after_published" and relu["state"].visibility == "after_due_date"


@pytest.mark.parametrize("text,error", [
    (CHECKS_TABLE + "[layers.Linaer]\nweight = 2\n", "unknown layer 'Linaer' (did you mean Linear"),
    ('exclude = ["NoSuchLayer"]\n' + CHECKS_TABLE, "unknown layer 'NoSuchLayer'"),
    (CHECKS_TABLE.replace("forward", "foward"), "unknown key(s) ['foward']"),
    (CHECKS_TABLE + "[layers.ReLU]\nchecks = { param_grad = 2 }\n", "ReLU has no 'param_grad' check"),
    (CHECKS_TABLE.replace("state = 1", "state = -1"), "checks.state: points must be >= 0"),
    (CHECKS_TABLE.replace("state = 1", "state = true"), "points must be a number"),
    (CHECKS_TABLE + "[layers.Linear]\nweight = 2\npoints = 5\n", "either weight or points"),
    ('visibility = "secret"\n' + CHECKS_TABLE, "unknown visibility 'secret'"),
    (CHECKS_TABLE.replace("init = 1\n", ""), "no points for ['init']"),
    ("[checks\n", "not valid TOML"),
    (CHECKS_TABLE + "bonus = 3\n", "unknown key(s) ['bonus']"),
])
def test_invalid_rubrics_are_rejected_with_the_reason(tmp_path, text, error):
    with pytest.raises(RubricError) as info:
        rubric(tmp_path, text)
    assert error in str(info.value)


def test_a_check_without_result_scores_zero_as_not_run():
    default = load_rubric()
    scores = default.score({("ReLU", "forward"): {"outcome": "passed", "message": ""},
                            ("ReLU", "input_grad"): {"outcome": "failed", "message": "wrong"}}, ["ReLU"])
    checks = scores["layers"]["ReLU"]["checks"]
    assert [checks[c]["outcome"] for c in ("forward", "input_grad", "state")] == ["passed", "failed", "not run"]
    assert (scores["earned"], scores["possible"], scores["percent"]) == (3, 7, 42.86)
    assert "did not run" in checks["state"]["message"]


def _zip(path: Path, members: dict, symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize("members,symlink,error", [
    ({"pkg/__init__.py": "", "../evil.py": "x"}, None, "unsafe path '../evil.py'"),
    ({"/abs/__init__.py": ""}, None, "unsafe path '/abs/__init__.py'"),
    ({"pkg/__init__.py": ""}, "pkg/link.py", "symbolic link"),
    ({"pkg/__init__.py": "", "pkg/big.bin": b"\0" * (3 * 2**20)}, None, "unzips to more than"),
])
def test_unsafe_zips_are_rejected(tmp_path, members, symlink, error):
    archive = _zip(tmp_path / "s.zip", members, symlink)
    with pytest.raises(SubmissionError) as info:
        safe_unzip(archive, tmp_path / "out", max_bytes=2**20)
    assert error in str(info.value)
    assert not (tmp_path / "evil.py").exists()


def test_the_package_is_found_at_the_top_or_in_one_folder(tmp_path):
    safe_unzip(_zip(tmp_path / "a.zip", {"__init__.py": "", "linear.py": "", "__MACOSX/._x": ""}), tmp_path / "a")
    assert find_package(tmp_path / "a") == tmp_path / "a" and not (tmp_path / "a" / "__MACOSX").exists()
    safe_unzip(_zip(tmp_path / "b.zip", {"my_nn/__init__.py": "", "README.md": ""}), tmp_path / "b")
    assert find_package(tmp_path / "b") == tmp_path / "b" / "my_nn"
    safe_unzip(_zip(tmp_path / "c.zip", {"one/__init__.py": "", "two/__init__.py": ""}), tmp_path / "c")
    with pytest.raises(SubmissionError, match="several packages"):
        find_package(tmp_path / "c")


def test_shards_partition_the_class_stably():
    names = [f"student_{i:03d}" for i in range(200)]
    shards = [[n for n in names if in_shard(n, (i, 4))] for i in range(1, 5)]
    assert sorted(sum(shards, [])) == names and all(len(s) > 20 for s in shards)
    assert in_shard("alice", (1, 2)) != in_shard("alice", (2, 2))
    assert [i for i in range(1, 4) if in_shard("alice", (i, 3))] == [3]  # sha256, not hash(): fixed forever
    assert parse_shard("2/5") == (2, 5)
    for bad in ("0/2", "3/2", "1-2", "a/b"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_merge_refuses_shards_graded_differently_or_overlapping(tmp_path):
    default = load_rubric()
    report = {"submission": "alice", "status": "graded", **default.score({}, ["ReLU"])}
    write_class_outputs(tmp_path / "a", [report], run_metadata(Settings(default, ("ReLU",))))
    other = {"submission": "bob", "status": "graded", **default.score({}, ["Linear"])}
    write_class_outputs(tmp_path / "b", [other], run_metadata(Settings(default, ("Linear",))))
    with pytest.raises(MergeError, match="another rubric"):
        merge_outputs([tmp_path / "a", tmp_path / "b"], tmp_path / "merged")
    with pytest.raises(MergeError, match="alice appears in two"):
        merge_outputs([tmp_path / "a", tmp_path / "a"], tmp_path / "merged")
    merge_outputs([tmp_path / "a"], tmp_path / "merged")
    assert json.loads((tmp_path / "merged" / "students" / "alice.json").read_text()) == report
    assert (tmp_path / "merged" / "grades.csv").read_text().splitlines()[1] == "alice,graded,0,0,7,0.00"  # ReLU, total, possible
