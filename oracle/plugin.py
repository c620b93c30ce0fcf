"""pytest plugin: ``pytest --submission PATH`` grades a submission with the oracle.

Options:
    --submission PATH|reference|torch   the implementation under test (a package directory; or the
                                        in-process reference, or real torch.nn)
    --oracle-profile grading|dev|thorough   hypothesis profile (default: grading, the grader's)
    --layers A,B                        only these registry entries
    --oracle-report FILE                write every check's outcome as JSON (the grader reads it)
    --call-timeout SECONDS              wall-clock limit of one scenario in the submission's runner
    --policy FILE                       sandbox policy overrides (TOML [policy] table, oracle/sandbox.py)

With --submission only the oracle's suite is collected; without it, only the project's tests.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from .adapters import THREAD_ENV

SUITE_DIR = Path(__file__).resolve().parent / "suite"


def pytest_addoption(parser):
    group = parser.getgroup("nn-oracle")
    group.addoption("--submission", default=None, help="submission directory, or 'reference' / 'torch'")
    group.addoption("--oracle-profile", default="grading", choices=["grading", "dev", "thorough"])
    group.addoption("--layers", default=None, help="comma-separated registry names to grade")
    group.addoption("--oracle-report", default=None, help="write check outcomes to this JSON file")
    group.addoption("--call-timeout", default=60.0, type=float,
                    help="seconds one scenario may take in the submission's runner before it is killed")
    group.addoption("--policy", default=None,
                    help="TOML file with a [policy] table overriding the runner's sandbox policy "
                         "(forbidden_imports, cpu_seconds, address_space_bytes, output_bytes; oracle/sandbox.py)")


def pytest_configure(config):
    os.environ.update(THREAD_ENV)
    config.pluginmanager.register(ResultCollector(config), "oracle-results")


def pytest_ignore_collect(collection_path, config):
    in_suite = SUITE_DIR == collection_path or SUITE_DIR in collection_path.parents
    if config.getoption("--submission"):
        return None if in_suite or collection_path in SUITE_DIR.parents else True
    return True if in_suite else None


def pytest_collection_modifyitems(config, items):
    layers = config.getoption("--layers")
    if not layers:
        return
    wanted = set(layers.split(","))
    selected = [item for item in items if item.callspec.params.get("layer") in wanted] \
        if all(hasattr(item, "callspec") for item in items) else items
    deselected = [item for item in items if item not in selected]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session")
def oracle_profile(request):
    return request.config.getoption("--oracle-profile")


@pytest.fixture(scope="session")
def implementation(request):
    from .adapters import make_adapter
    from .sandbox import Policy
    policy_file = request.config.getoption("--policy")
    policy = Policy.from_toml(policy_file) if policy_file else None
    adapter = make_adapter(request.config.getoption("--submission"), request.config.getoption("--call-timeout"), policy)
    yield adapter
    adapter.close()


@pytest.fixture(scope="session")
def reference_adapter():
    from .adapters import ReferenceAdapter
    return ReferenceAdapter()


class ResultCollector:
    """Collects each (layer, check) outcome on the controller (xdist workers forward their
    reports to it) and writes them as JSON at the end of the session."""

    def __init__(self, config):
        self.config = config
        self.results: dict = {}

    def pytest_runtest_logreport(self, report):
        props = dict(report.user_properties)
        if "layer" not in props:
            return
        entry = self.results.setdefault((props["layer"], props["check"]), {"outcome": "passed", "message": ""})
        if report.failed:
            entry["outcome"] = "failed"
            entry["message"] = failure_text(report)
        elif report.skipped and entry["outcome"] == "passed":
            entry["outcome"] = "skipped"

    def pytest_sessionfinish(self, session):
        path = self.config.getoption("--oracle-report")
        if not path or hasattr(self.config, "workerinput"):
            return
        results = [{"layer": layer, "check": check, **entry} for (layer, check), entry in self.results.items()]
        Path(path).write_text(json.dumps({"submission": self.config.getoption("--submission"),
                                          "results": results}, indent=1))


def failure_text(report) -> str:
    """The student-facing part of a failure: the CheckFailure message when there is one."""
    text = re.sub(r"(?m)^E {1,5}", "", report.longreprtext or "")
    match = re.search(r"(?:CheckFailure|InfrastructureFailure): ", text)
    if match:
        return text[match.end():].split("\nFalsifying example")[0].split("\nFailing test case")[0][:6000]
    return text[-6000:]
