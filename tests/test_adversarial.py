"""The adversarial corpus (tests/adversarial/): each hostile submission gets exactly the expected
outcome for every (layer, check) of Linear and ReLU, graded through the real SubmissionAdapter
and oracle.checks.run_check with the grading profile, and a hostile layer never costs an honest
layer of the same submission its points.

An outcome is "passed" or the failure's first problem line ("<step>: <ErrorKind>: <reason>").
"""
from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oracle.adapters import ReferenceAdapter, SubmissionAdapter  # noqa: E402
from oracle.checks import CheckFailure, run_check  # noqa: E402
from oracle.profiles import settings_for  # noqa: E402
from oracle.registry import BY_NAME, manifest  # noqa: E402
from oracle.sandbox import Policy  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "adversarial"
LAYERS = {"Linear": ("forward", "input_grad", "param_grad", "state", "errors", "init"),
          "ReLU": ("forward", "input_grad", "state")}
ESCAPE = Path("/tmp/nn-oracle-adversarial-escape.txt")


@pytest.fixture(scope="module")
def reference():
    return ReferenceAdapter()


def grade(package: str, reference, pairs=None, timeout: float = 20.0, policy: Policy | None = None):
    """{(layer, check): outcome} for ``package`` of the corpus, and the adapter (closed)."""
    adapter = SubmissionAdapter(CORPUS / package, timeout=timeout, policy=policy)
    outcomes = {}
    try:
        for layer, check in pairs or manifest(list(LAYERS)):
            spec = BY_NAME[layer]
            try:
                run_check(spec, check, adapter, reference, settings_for("grading", spec, check))
                outcomes[layer, check] = "passed"
            except CheckFailure as failure:
                outcomes[layer, check] = str(failure).splitlines()[2].removeprefix("  - ")
    finally:
        adapter.close()
    return outcomes, adapter


def passed(layer: str) -> dict:
    return {(layer, check): "passed" for check in LAYERS[layer]}


def broken(layer: str, kind: str, reason: str, step: str = "forward", spared=("init",)) -> dict:
    """Every check of ``layer`` but ``spared`` fails with the infrastructure error ``kind``;
    the error check reports it without the step (it looks at the first error only)."""
    return {(layer, check): f"{kind}: {reason}" if check == "errors" else f"{step}: {kind}: {reason}"
            for check in LAYERS[layer] if check not in spared}


def assert_outcomes(actual: dict, expected: dict) -> None:
    """``expected`` values are exact strings, or compiled patterns for reasons naming a pid."""
    assert set(actual) == set(expected)
    for key, outcome in expected.items():
        if isinstance(outcome, re.Pattern):
            assert outcome.fullmatch(actual[key]), (key, actual[key])
        else:
            assert actual[key] == outcome, (key, actual[key])


def differ(label: str, got: str, expected: str) -> re.Pattern:
    """The report of values that differ from the reference's, the worst one being ``got``
    instead of ``expected`` (regular expressions: the drawn values belong to the registry)."""
    detail = r"NaN or infinity mismatch: .*" if got == "nan" else r"abs diff \S+, rel diff \S+"
    return re.compile(rf"{label}: \d+ of \d+ values differ \(rtol=\S+, atol=\S+\); worst at index \([\d, ]*\): "
                      rf"got {got}, expected {expected} \({detail}\)")


def valid_input_raised(error: str) -> str:
    """The errors check's report when the simplest valid case raises ``error``."""
    return f"a VALID input raised {error} (raising on invalid arguments only counts when valid ones work)"


def everything(kind: str, reason: str) -> dict:
    return {**broken("Linear", kind, reason, "new", spared=()), **broken("ReLU", kind, reason, "new", spared=())}


IMPORT_FAILURES = {
    "import_raises": everything("ImportFailure", "the submission failed to import: ValueError('broken at import')"),
    "exit_at_import": everything("ImportFailure", "the submission failed to import: SystemExit(3)"),
    "os_exit_at_import": everything("ImportFailure", "the runner died while importing the submission: "
                                                     "the submission exited with code 7"),
    "import_torch": everything("ForbiddenImport", "forbidden import: torch"),
    "flood_at_import": everything("OutputFlood", "floods output: printed more than the 8 MiB allowed"),
}

LAYER_FAILURES = {
    "honest": {**passed("Linear"), **passed("ReLU")},
    "os_exit_in_forward": {**broken("Linear", "RunnerCrash", "runner crashed: the submission exited with code 5",
                                    "new"), ("Linear", "init"): "passed", **passed("ReLU")},
    "segfault": {**passed("Linear"), **broken("ReLU", "RunnerCrash", "runner crashed: killed by SIGSEGV "
                                                                     "(segmentation fault)", "new")},
    "recursion": {**{("Linear", c): "forward raised RecursionError: maximum recursion depth exceeded"
                     for c in ("forward", "input_grad", "param_grad", "state")},
                  # RecursionError is a RuntimeError, the class torch raises on a wrong input width: the
                  # errors check is lost all the same, because a valid input raises too
                  ("Linear", "errors"): valid_input_raised("RecursionError: maximum recursion depth exceeded"),
                  ("Linear", "init"): "passed", **passed("ReLU")},
    "memory_hog": {**broken("Linear", "MemoryLimit", "memory limit: MemoryError (address space capped at 4 GiB)"),
                   ("Linear", "init"): "passed", **passed("ReLU")},
    "print_flood": {**passed("Linear"),
                    **broken("ReLU", "OutputFlood", "floods output: printed more than the 8 MiB allowed")},
    "write_outside": {**broken("Linear", "ForbiddenOperation", f"wrote outside its working directory "
                                                               f"(open for writing {ESCAPE})"),
                      ("Linear", "init"): "passed", **passed("ReLU")},
    "tamper_project": {
        **broken("Linear", "ForbiddenOperation",
                 f"wrote outside its working directory (open for writing {ROOT / 'reference' / 'linear.py'})"),
        ("Linear", "init"): "passed",
        **broken("ReLU", "ForbiddenOperation", f"read the oracle's files ({ROOT / 'reference' / 'activation.py'})")},
    "peek_oracle": {**broken("Linear", "ForbiddenImport", "forbidden import: reference"), ("Linear", "init"): "passed",
                    **broken("ReLU", "ForbiddenImport", "forbidden import: oracle")},
    "network": {**passed("Linear"),
                **broken("ReLU", "ForbiddenOperation", "tried to use the network (socket.getaddrinfo)")},
    "processes": {**broken("Linear", "ForbiddenOperation", "tried to start a process (os.fork)"),
                  ("Linear", "init"): "passed",
                  **broken("ReLU", "ForbiddenOperation", "tried to start a process (subprocess.Popen)")},
    "monkeypatch": {**passed("Linear"), **passed("ReLU"),
                    ("Linear", "forward"): differ("output", "-?[0-9.e+-]+", "-?[0-9.e+-]+"),
                    ("Linear", "state"): differ("eval-mode output", "-?[0-9.e+-]+", "-?[0-9.e+-]+")},
    "protocol_garbage": {**broken("Linear", "ProtocolViolation", "tampered with the protocol: an undecodable frame "
                                  "(JSONDecodeError: Expecting value: line 1 column 1 (char 0))", "new"),
                         ("Linear", "init"): "passed", **passed("ReLU")},
    "protocol_forgery": {**passed("Linear"), **{
        ("ReLU", check): re.compile(r"new: ProtocolViolation: tampered with the protocol: "
                                    r"the answer to call 0 instead of call \d+") for check in LAYERS["ReLU"]}},
    "lying_objects": {
        **{("Linear", c): "forward raised TypeError: returned a value the oracle cannot grade: cannot send a value "
                          "of type Liar" for c in ("forward", "input_grad", "param_grad", "state")},
        ("Linear", "errors"): valid_input_raised("TypeError: returned a value the oracle cannot grade: "
                                                 "cannot send a value of type Liar"),
        ("Linear", "init"): "passed",
        ("ReLU", "forward"): differ("output", r"0\.0", "[0-9.e+-]+"),  # the zeros, not the lie
        ("ReLU", "input_grad"): "passed",
        ("ReLU", "state"): differ("eval-mode output", r"0\.0", "[0-9.e+-]+")},
    "bad_arrays": {
        **passed("Linear"), **passed("ReLU"),
        ("Linear", "forward"): re.compile(r"output: wrong dtype float16, expected float(32|64) \(the output dtype "
                                          r"must follow the input dtype\)"),
        ("Linear", "input_grad"): re.compile(r"backward's returned gradient: wrong shape \[\d+\], "
                                             r"expected \[\d+(, \d+)+\]"),
        ("Linear", "state"): re.compile(r"eval-mode output: wrong dtype float16, expected float(32|64) \(the output "
                                        r"dtype must follow the input dtype\)"),
        ("ReLU", "forward"): differ("output", "nan", r"0\.0"),
        ("ReLU", "state"): differ("eval-mode output", "nan", r"0\.0")},
}


@pytest.mark.parametrize("package", sorted(IMPORT_FAILURES))
def test_a_submission_that_cannot_be_imported_fails_every_check(package, reference):
    outcomes, _ = grade(package, reference)
    assert_outcomes(outcomes, IMPORT_FAILURES[package])


@pytest.mark.parametrize("package", sorted(LAYER_FAILURES))
def test_a_hostile_layer_fails_alone_with_a_clear_reason(package, reference):
    digest = hashlib.sha256((ROOT / "reference" / "linear.py").read_bytes()).hexdigest()
    outcomes, _ = grade(package, reference)
    assert_outcomes(outcomes, LAYER_FAILURES[package])
    assert not ESCAPE.exists()
    assert hashlib.sha256((ROOT / "reference" / "linear.py").read_bytes()).hexdigest() == digest


def test_a_hanging_layer_times_out_and_the_runner_is_restarted(reference):
    outcomes, _ = grade("hang", reference, timeout=2.0)
    assert_outcomes(outcomes, {**passed("Linear"),
                               **broken("ReLU", "Timeout", "timed out: no answer within 2 s", "new", spared=())})


def test_a_layer_that_stops_its_own_process_times_out(reference):
    outcomes, _ = grade("stop_self", reference, [("Linear", "forward"), ("ReLU", "forward")], timeout=2.0)
    assert outcomes == {("Linear", "forward"): "new: Timeout: timed out: no answer within 2 s",
                        ("ReLU", "forward"): "passed"}


def test_a_layer_spinning_the_cpu_is_killed_by_the_cpu_limit(reference):
    pairs = [("Linear", "forward"), ("ReLU", "forward")]
    outcomes, _ = grade("cpu_hog", reference, pairs, timeout=60.0, policy=Policy(cpu_seconds=1))
    assert outcomes == {("Linear", "forward"): "new: RunnerCrash: runner crashed: CPU time limit (1 s) exceeded "
                                               "(SIGKILL)",  # it ignores SIGXCPU: the hard limit kills it
                        ("ReLU", "forward"): "passed"}


def test_signalling_the_grader_is_refused(reference):
    outcomes, _ = grade("kill_grader", reference)  # the grader (this process) survives to check
    assert_outcomes(outcomes, {**broken("Linear", "ForbiddenOperation",
                                        f"tried to signal another process (os.kill {os.getpid()})"),
                               ("Linear", "init"): "passed", **passed("ReLU")})


def test_a_flood_keeps_only_the_head_of_the_output(reference):
    outcomes, adapter = grade("print_flood", reference, [("Linear", "forward"), ("ReLU", "forward")])
    assert outcomes[("Linear", "forward")] == "passed"
    head = adapter.output_head()
    assert head.startswith("Linear.forward got (") and len(head) == 4096
    assert adapter.workdir is None  # removed with everything written into it


def test_the_runner_works_in_a_fresh_directory_and_reports_its_isolation(reference):
    adapter = SubmissionAdapter(CORPUS / "honest", timeout=20)
    try:
        assert adapter.run([{"op": "flags"}])[0]["error"]["type"] == "RuntimeError"  # no module yet
        workdir = adapter.workdir
        assert sorted(os.listdir(workdir)) == ["output.log", "submission"]
        status = adapter.isolation
        assert (status["address_space"], status["cpu"], status["file_size"], status["core"]) == \
            ("4 GiB", "900 s", "8 MiB", "0")
        assert status["forbidden_imports"] == ["torch", "tensorflow", "jax", "reference", "oracle"]
        assert status["math_threads"] == "1"
        if os.geteuid() == 0 and status["user"] is None:  # this machine: the interpreter lives in /root
            assert status["user_switch"].startswith("interpreter not readable by nobody (")
            assert "no user switch (interpreter not readable by nobody" in adapter.isolation_summary()
        else:
            assert status["nproc"] == "0 (no child processes)"
    finally:
        adapter.close()
    assert not workdir.exists()


def test_policy_exempts_the_directory_being_graded():
    policy = Policy().for_submission(ROOT / "reference")
    assert "reference" not in policy.forbidden_imports and "oracle" in policy.forbidden_imports
    assert policy.protected_dirs == (str(ROOT / "oracle"),)
    assert Policy.from_json(Policy(cpu_seconds=5).to_json()) == Policy(cpu_seconds=5)


def test_the_user_switch_confines_the_runner_when_the_interpreter_is_readable(tmp_path, monkeypatch):
    """The switch itself, in a forked child, with the probe's verdict forced to "readable"
    (on this machine the interpreter lives under /root, so the real probe refuses the switch)."""
    from oracle import sandbox

    workdir = tmp_path / "work"
    workdir.mkdir()
    box = sandbox.Sandbox(Policy(), CORPUS / "honest", workdir)
    if os.geteuid() != 0:
        assert box._user_switch_problem(None).startswith("not running as root")
        return
    monkeypatch.setattr(sandbox, "_probe_as", lambda user, paths: None)
    report = _in_child(lambda: _confined_report(box))
    nobody = sandbox._unprivileged_user("nobody")
    assert report == {"uid": nobody[0], "gid": nobody[1], "groups": [], "user": f"nobody (uid {nobody[0]})",
                      "nproc": "0 (no child processes)", "libc_fork": -1, "errno": errno.EAGAIN}
    assert (workdir / "submission" / "__init__.py").stat().st_uid == nobody[0]


def _confined_report(box) -> dict:
    """Enter the sandbox, then fork through libc, past the audit hook: only RLIMIT_NPROC stops it."""
    libc = ctypes.CDLL(None, use_errno=True)
    box.enter()
    pid = libc.fork()
    if pid == 0:
        os._exit(0)
    return {"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(), "user": box.status["user"],
            "nproc": box.status["nproc"], "libc_fork": pid, "errno": ctypes.get_errno()}


def _in_child(work) -> dict:
    """Run ``work`` in a forked child (it changes the process for good); returns its JSON report."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            report = work()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            report = {"error": repr(exc)}
        os.write(write_end, json.dumps(report).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        report = json.loads(pipe.read())
    os.waitpid(pid, 0)
    return report


def test_policy_file_configures_the_forbidden_imports(tmp_path, reference):
    """An instructor's policy file (``pytest --policy FILE``) replaces the default import list:
    here numpy itself is forbidden, so the honest package fails every check on its import."""
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text('[policy]\nforbidden_imports = ["numpy"]\ncpu_seconds = 120\n')
    policy = Policy.from_toml(policy_file)
    assert policy.forbidden_imports == ("numpy",) and policy.cpu_seconds == 120
    outcomes, _ = grade("honest", reference, [("ReLU", "forward")], policy=policy)
    assert outcomes == {("ReLU", "forward"): "new: ForbiddenImport: forbidden import: numpy"}


def test_policy_file_rejects_unknown_fields(tmp_path):
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text('[policy]\nforbiden_imports = ["numpy"]\n')
    with pytest.raises(ValueError, match="unknown policy fields"):
        Policy.from_toml(policy_file)


def test_raising_everywhere_does_not_earn_the_errors_check(reference):
    """The errors check first runs the simplest valid case: a layer that raises on everything
    loses the errors point too."""
    outcomes, _ = grade("raises_everywhere", reference, [("Linear", "errors")])
    assert re.fullmatch(r"a VALID input raised RuntimeError: mat1 and mat2 shapes cannot be multiplied "
                        r"\(raising on invalid arguments only counts when valid ones work\)",
                        outcomes["Linear", "errors"]), outcomes
