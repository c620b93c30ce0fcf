"""The submission runner: the untrusted side of the process boundary.

Usage: ``python -m oracle.runner SUBMISSION_DIR WORKDIR [POLICY_JSON]``.

Keeps the protocol on private copies of fds 0/1, sends the submission's own stdout/stderr to
``WORKDIR/output.log`` (capped: see OutputCapture), confines itself (``oracle/sandbox.py``:
resource limits, a fresh working directory, an unprivileged user when possible, an audit-hook
tripwire), imports a copy of the submission package as ``submission``, sends a "ready" frame
with its isolation status, then answers frames ``{"call": n, "steps": [...]}`` with frames
``{"call": n, "results": [...]}``. Only plain data leaves this process.
"""
from __future__ import annotations

import faulthandler
import importlib.util
import os
import sys
from pathlib import Path

#: Bytes of captured output always kept (the parent shows the head in reports).
OUTPUT_HEAD_BYTES = 4096


class OutputCapture:
    """The submission's fds 1 and 2 and sys.stdout/sys.stderr, appended to one file.

    The file's size is capped by RLIMIT_FSIZE (writes beyond it fail with EFBIG). After each
    step the runner asks ``flooded()``: a step that reached the cap floods output. Between calls
    the file is cut back to its head so moderate prints over a long grading never add up to a
    flood.
    """

    def __init__(self, path: Path, cap: int):
        self.cap = cap
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(self.fd, 1)
        os.dup2(self.fd, 2)
        self.streams = [open(fd, "w", buffering=1, closefd=False, errors="replace") for fd in (1, 2)]
        sys.stdout, sys.stderr = self.streams

    def _flush(self) -> None:
        for stream in self.streams:
            try:
                stream.flush()
            except (OSError, ValueError):
                pass

    def size(self) -> int:
        self._flush()
        return os.fstat(self.fd).st_size

    def flooded(self) -> bool:
        if self.size() < self.cap:
            return False
        os.ftruncate(self.fd, OUTPUT_HEAD_BYTES)
        return True

    def trim(self) -> None:
        if self.size() > self.cap // 2:
            os.ftruncate(self.fd, OUTPUT_HEAD_BYTES)


def _private_streams():
    """Keep the protocol on private copies of fds 0/1; fd 0 reads /dev/null."""
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    return proto_in, proto_out


def load_package(path: Path, name: str = "submission"):
    """Import the package directory ``path`` under the module name ``name`` (its modules import
    each other relatively, as reference/ and every submission do)."""
    spec = importlib.util.spec_from_file_location(name, Path(path) / "__init__.py",
                                                  submodule_search_locations=[str(path)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _encoded_reply(reply, wire, error_result) -> bytes:
    """The reply encoded once; only if that fails is each result screened, and one that cannot
    cross the boundary is replaced by an error saying why."""
    try:
        return wire.dumps(reply)
    except (wire.WireError, TypeError, ValueError):
        pass
    screened = []
    for result in reply["results"]:
        try:
            wire.dumps(result)
            screened.append(result)
        except (wire.WireError, TypeError, ValueError) as exc:
            screened.append(error_result(TypeError(f"returned a value the oracle cannot grade: {exc}")))
    return wire.dumps({"call": reply["call"], "results": screened})


class Runner:
    """Imports the submission and answers calls. After the import and after each step, what the
    sandbox and the capture saw meanwhile (a tripped wire, a flood, a MemoryError) replaces the
    outcome by an infrastructure error."""

    def __init__(self, sandbox, capture, Executor, infrastructure_error):
        self.sandbox, self.capture = sandbox, capture
        self.Executor, self.infrastructure_error = Executor, infrastructure_error
        self.executor = self.import_error = None

    def import_submission(self, package: Path) -> None:
        try:
            self.executor = self.Executor(load_package(package))
        except BaseException as exc:  # noqa: BLE001 - any import failure is the submission's
            error = self.infrastructure_error("ImportFailure", f"the submission failed to import: {exc!r}")
            self.import_error = self._policy_error([c.__name__ for c in type(exc).__mro__]) or error
            return
        self.import_error = self._policy_error([])

    def run(self, steps: list) -> list:
        if self.import_error is not None:
            return [self.import_error] * len(steps)
        self.capture.trim()
        return [self._run_step(step) for step in steps]

    def _run_step(self, step) -> dict:
        result = self.executor.run([step])[0]
        return self._policy_error(result["error"]["mro"] if "error" in result else []) or result

    def _policy_error(self, raised_mro: list) -> dict | None:
        """The infrastructure error for what just happened, given the classes of the exception
        it raised (if any); None if nothing broke the policy."""
        violations = self.sandbox.take_violations()
        if violations:
            return self.infrastructure_error(*violations[0])
        if self.capture.flooded():
            allowed = self.sandbox.status["file_size"]
            return self.infrastructure_error("OutputFlood", f"floods output: printed more than the {allowed} allowed")
        if "MemoryError" in raised_mro:
            limit = self.sandbox.status["address_space"]
            return self.infrastructure_error("MemoryLimit",
                                             f"memory limit: MemoryError (address space capped at {limit})")
        return None


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    submission, workdir = Path(argv[0]).resolve(), Path(argv[1])
    proto_in, proto_out = _private_streams()
    from oracle import wire
    from oracle.executor import Executor, error_result, infrastructure_error
    from oracle.sandbox import OUTPUT_FILE, Policy, Sandbox

    policy = Policy.from_json(argv[2]) if len(argv) > 2 else Policy()
    capture = OutputCapture(workdir / OUTPUT_FILE, policy.output_bytes)
    faulthandler.enable()  # a segfault's Python traceback lands in the captured output
    sandbox = Sandbox(policy, submission, workdir, protocol_fds=(proto_in.fileno(), proto_out.fileno()))
    runner = Runner(sandbox, capture, Executor, infrastructure_error)
    runner.import_submission(sandbox.enter())
    # the parent's per-call timeout starts after the import
    wire.write_frame(proto_out, {"ready": True, "isolation": sandbox.status})
    while True:
        request = wire.read_frame(proto_in)
        if request is None:
            return 0
        reply = {"call": request["call"], "results": runner.run(request["steps"])}
        wire.write_payload(proto_out, _encoded_reply(reply, wire, error_result))


if __name__ == "__main__":
    sys.exit(main())
