"""Two ways to run the oracle's checks on one submission; both return
{(layer, check): {"layer", "check", "outcome", "message"}} for the checks that produced a result.

- ``run_oracle``: the pytest suite (``oracle/suite``) in a subprocess, optionally under
  pytest-xdist: exactly what a student runs with ``pytest --submission PATH``.
- ``run_direct``: the same ``run_check`` with the same ``settings_for`` over the same manifest, in
  this process (a batch worker imports the oracle once for many submissions instead of starting
  pytest for each). Verdicts and messages are identical to the pytest path
  (tests/test_grader_engine.py proves it on the example submission).

Either way the submission itself only ever runs in its own runner subprocess (oracle/runner.py).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from types import SimpleNamespace

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def run_oracle(submission: str, layers=None, workers: str = "auto", profile: str = "grading",
               timeout: float = 60.0, policy: str | None = None) -> dict:
    """Run the oracle suite under pytest (-n ``workers``; "0" = in the pytest process itself);
    ``policy``: a sandbox policy TOML file (oracle/sandbox.py), or None for the default."""
    from oracle.adapters import THREAD_ENV

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "results.json"
        command = [sys.executable, "-m", "pytest", "oracle/suite", "-q", "-p", "no:cacheprovider",
                   "-p", "oracle.plugin",  # also without the repository's conftest.py (an installed copy)
                   "--submission", submission, "--oracle-profile", profile, "--oracle-report", str(report),
                   "-n", str(workers), "--max-worker-restart", "1000", "-o", "addopts=", "--tb=short",
                   "--call-timeout", str(timeout)]
        if layers:
            command += ["--layers", ",".join(layers)]
        if policy:
            command += ["--policy", str(Path(policy).resolve())]
        env = {**os.environ, **THREAD_ENV}
        env.pop("CI", None)  # hypothesis must not switch profiles under CI: our profile is explicit
        completed = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
        if completed.returncode not in (0, 1) or not report.exists():  # 1 = some checks failed
            raise RuntimeError(f"the oracle itself failed (pytest exit code {completed.returncode}):\n"
                               + completed.stdout[-3000:] + completed.stderr[-3000:])
        data = json.loads(report.read_text())
    return {(r["layer"], r["check"]): r for r in data["results"]}


_REFERENCE = []  # one ReferenceAdapter per process, as pytest's session-scoped fixture


def run_direct(submission: str, layers=None, profile: str = "grading", timeout: float = 60.0,
               policy: str | None = None) -> dict:
    """Run every (layer, check) of the manifest in this process, the submission in its runner.

    Raises FileNotFoundError when ``submission`` is not a package directory (as make_adapter)."""
    from oracle.adapters import ReferenceAdapter, make_adapter
    from oracle.checks import run_check
    from oracle.profiles import settings_for
    from oracle.registry import BY_NAME, manifest

    if not _REFERENCE:
        _REFERENCE.append(ReferenceAdapter())
    from oracle.sandbox import Policy
    implementation = make_adapter(submission, timeout, Policy.from_toml(policy) if policy else None)
    results = {}
    try:
        for layer, check in manifest(layers):
            spec = BY_NAME[layer]
            try:
                run_check(spec, check, implementation, _REFERENCE[0], settings_for(profile, spec, check))
                outcome = {"outcome": "passed", "message": ""}
            except Exception as exc:  # noqa: BLE001 - any failure of a check fails that check only
                outcome = {"outcome": "failed", "message": failure_message(exc)}
            results[(layer, check)] = {"layer": layer, "check": check, **outcome}
    finally:
        implementation.close()
    return results


def failure_message(exc: BaseException) -> str:
    """The message the pytest path reports for ``exc``: the exception as pytest prints it in a
    short traceback ("E   " lines), cut by the plugin's own ``failure_text``."""
    from oracle.checks import CheckFailure
    from oracle.plugin import failure_text

    if isinstance(exc, CheckFailure):
        lines = "".join(traceback.format_exception_only(exc)).rstrip("\n").split("\n")
        text = "\n".join(f"E   {line}" for line in lines)
    else:
        text = "".join(traceback.format_exception(exc))
    return failure_text(SimpleNamespace(longreprtext=text))
