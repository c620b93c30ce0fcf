"""The one interface through which the oracle talks to an implementation: ``run(steps) -> results``.

- ReferenceAdapter: the NumPy reference, in-process.
- TorchAdapter: real torch.nn behind the same steps, in-process (ground truth).
- SubmissionAdapter: a submission directory, always in a separate runner process
  (``oracle/runner.py``); the trusted side never imports submission code and decodes only
  JSON and ``.npy`` (no pickle).

In-process adapters pass their results through the same wire encoding as the runner, so every
implementation is seen exactly as a submission would be (numpy scalars become 0-d arrays, ...).
"""
from __future__ import annotations

import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import weakref
from pathlib import Path

from . import wire
from .executor import Executor, error_result, infrastructure_error
from .sandbox import OUTPUT_FILE, Policy

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Single-threaded math in every worker: oversubscribed BLAS made a conv 60x slower here.
THREAD_ENV = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                     "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")}


class Adapter:
    name = "adapter"

    def run(self, steps: list) -> list:
        raise NotImplementedError

    def close(self) -> None:
        pass


class InProcessAdapter(Adapter):
    def __init__(self, executor):
        self.executor = executor

    def run(self, steps):
        results = self.executor.run(steps)
        return [_roundtrip(r) for r in results]


def _roundtrip(result):
    try:
        return wire.loads(wire.dumps(result))
    except wire.WireError as exc:
        return error_result(TypeError(f"returned a value the oracle cannot grade: {exc}"))


class ReferenceAdapter(InProcessAdapter):
    name = "reference"

    def __init__(self):
        import reference
        super().__init__(Executor(reference))


class TorchAdapter(InProcessAdapter):
    name = "torch"

    def __init__(self):
        from .torch_executor import TorchExecutor
        super().__init__(TorchExecutor())


class SubmissionAdapter(Adapter):
    """Runs steps in a runner subprocess that imports the submission at ``path``, confined by
    ``policy`` (``oracle/sandbox.py``) in a fresh working directory removed when it stops.

    A call that does not answer within ``timeout`` seconds kills the runner (it is restarted on
    the next call) and every step of that call reports a timeout error; a runner that dies
    reports "runner crashed" with its exit code or signal; a reply that is not a well-formed
    answer to the call just made reports "tampered with the protocol". A runner that cannot
    start (its import dies or hangs) is not started again: every later call reports the same
    failure at once. ``isolation`` is the runner's own account of its confinement (from its
    "ready" frame); ``output_head()`` the start of what the submission printed.
    """

    name = "submission"

    #: seconds the runner may take to start and import the submission (not counted per call)
    startup_timeout = 120.0

    def __init__(self, path, timeout: float = 60.0, policy: Policy | None = None):
        self.path = Path(path).resolve()
        self.timeout = timeout
        self.policy = policy or Policy()
        self.process = None
        self.workdir = None
        self.isolation = None
        self.calls = 0
        self.last_output = ""
        self.startup_failure = None
        self.pending = bytearray()  # bytes read from the runner beyond the last frame
        self._finalizer = None

    # ----- starting and stopping ----------------------------------------------------------------
    def _start(self):
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
        env.update(THREAD_ENV)
        env["PYTHONPATH"] = str(PROJECT_ROOT)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        self.workdir = Path(tempfile.mkdtemp(prefix="nn-oracle-run-"))
        os.chmod(self.workdir, 0o755)  # the runner may switch to an unprivileged user
        self.process = subprocess.Popen(
            [sys.executable, "-m", "oracle.runner", str(self.path), str(self.workdir), self.policy.to_json()],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=str(self.workdir), env=env, start_new_session=True)
        os.set_blocking(self.process.stdin.fileno(), False)  # see _write_within
        # an adapter dropped or a grader exiting without close() still stops its runner
        self._finalizer = weakref.finalize(self, _stop_runner, self.process.pid, self.workdir)
        try:
            ready = self._read_reply(time.monotonic() + self.startup_timeout)
        except TimeoutError:
            self.close()
            raise StartupFailure("Timeout", f"timed out importing the submission (no answer within "
                                            f"{self.startup_timeout:g} s)") from None
        except (wire.WireError, OSError, ValueError) as exc:
            reason = self._exit_reason()
            self.close()
            raise StartupFailure("ImportFailure", f"the runner died while importing the submission: {reason}"
                                 if reason else f"the runner did not start: {exc}") from None
        if not (isinstance(ready, dict) and ready.get("ready") is True):
            self.close()
            raise StartupFailure("ProtocolViolation", "tampered with the protocol: no ready frame")
        self.isolation = ready.get("isolation")

    def close(self):
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        if self.process is not None:
            try:  # the runner and anything it may have started despite the policy
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self._reap(None)
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self.process = None
            self.pending = bytearray()
        if self.workdir is not None:
            self.last_output = self.output_head()
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def output_head(self, limit: int = 4096) -> str:
        """The first ``limit`` bytes the submission printed (stdout and stderr) in the current
        runner, or in the last one if it has stopped."""
        if self.workdir is None:
            return self.last_output[:limit]
        try:
            with open(self.workdir / OUTPUT_FILE, "rb") as log:
                return log.read(limit).decode(errors="replace")
        except OSError:
            return ""

    def isolation_summary(self) -> str:
        return describe_isolation(self.isolation)

    # ----- calls --------------------------------------------------------------------------------
    def run(self, steps):
        if self.startup_failure is not None:  # importing is deterministic: it would fail again
            failure = self.startup_failure
            return [infrastructure_error(failure.kind, failure.message) for _ in steps]
        try:
            if self.process is None:
                self._start()
            self.calls += 1
            deadline = time.monotonic() + self.timeout
            self._write_within(wire.dumps({"call": self.calls, "steps": steps}), deadline)
            reply = self._read_reply(deadline)
        except StartupFailure as failure:
            self.startup_failure = failure
            return [infrastructure_error(failure.kind, failure.message) for _ in steps]
        except TimeoutError as exc:
            self.close()
            return [infrastructure_error("Timeout", str(exc)) for _ in steps]
        except ProtocolBreach as exc:
            self.close()
            return [infrastructure_error("ProtocolViolation", f"tampered with the protocol: {exc}") for _ in steps]
        except (wire.WireError, OSError, ValueError) as exc:
            reason = self._exit_reason() or f"its output ended ({exc})"
            self.close()
            return [infrastructure_error("RunnerCrash", f"runner crashed: {reason}") for _ in steps]
        problem = _reply_problem(reply, self.calls, len(steps))
        if problem:
            self.close()
            return [infrastructure_error("ProtocolViolation", f"tampered with the protocol: {problem}") for _ in steps]
        return reply["results"]

    def _write_within(self, payload: bytes, deadline: float) -> None:
        """Send one frame; a runner that stops reading (e.g. stopped itself) cannot block the
        grader: the write gives up at ``deadline``."""
        fd = self.process.stdin.fileno()
        data = memoryview(struct.pack(">Q", len(payload)) + payload)
        while True:
            try:
                data = data[os.write(fd, data):]
            except BlockingIOError:
                pass
            if not data:
                return
            self._wait_until(deadline, writing=fd)

    def _wait_until(self, deadline: float, reading=None, writing=None) -> None:
        left = deadline - time.monotonic()
        ready = select.select([] if reading is None else [reading], [] if writing is None else [writing], [],
                              max(left, 0))
        if not (ready[0] or ready[1]):
            raise TimeoutError(f"timed out: no answer within {self.timeout:g} s")

    def _read_reply(self, deadline: float):
        """One frame from the runner, all of it before ``deadline``."""
        head = self._read_exactly(8, deadline)
        if head is None:
            raise wire.WireError("runner closed its output")
        (size,) = struct.unpack(">Q", head)
        if size > wire.MAX_FRAME_BYTES:
            raise ProtocolBreach(f"a frame of {size} bytes")
        payload = self._read_exactly(size, deadline)
        if payload is None:
            raise wire.WireError("runner closed its output inside a frame")
        try:
            return wire.loads(payload)
        except Exception as exc:  # noqa: BLE001 - any undecodable frame is a breach
            raise ProtocolBreach(f"an undecodable frame ({type(exc).__name__}: {exc})"[:300]) from None

    def _read_exactly(self, size: int, deadline: float):
        """``size`` bytes (None at end of stream). Reads in large chunks: bytes past ``size``
        (the next frame, usually) wait in ``self.pending``."""
        fd = self.process.stdout.fileno()
        while len(self.pending) < size:
            self._wait_until(deadline, reading=fd)
            chunk = os.read(fd, max(size - len(self.pending), 1 << 16))
            if not chunk:
                return None
            self.pending += chunk
        data, self.pending = bytes(self.pending[:size]), self.pending[size:]
        return data

    # ----- why a runner died --------------------------------------------------------------------
    def _reap(self, timeout: float | None):
        """Wait for the runner (at most ``timeout`` s); returns its resource usage or None."""
        if self.process.returncode is not None:
            return None
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(self.process.pid, 0 if end is None else os.WNOHANG)
            if pid:
                self.process.returncode = os.waitstatus_to_exitcode(status)
                return usage
            if time.monotonic() > end:
                return None
            time.sleep(0.01)

    def _exit_reason(self) -> str | None:
        """How the runner ended (None if it is still running after 2 s)."""
        if self.process is None:
            return None
        usage = self._reap(2.0)
        if usage is None:
            return None
        code = self.process.returncode
        if code >= 0:
            return f"the submission exited with code {code}"
        sig = signal.Signals(-code)
        cpu = usage.ru_utime + usage.ru_stime
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= self.policy.cpu_seconds):
            return f"CPU time limit ({self.policy.cpu_seconds} s) exceeded ({sig.name})"
        return f"killed by {sig.name} ({signal.strsignal(sig).lower()})"


def _stop_runner(pid: int, workdir: Path) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    shutil.rmtree(workdir, ignore_errors=True)


class StartupFailure(Exception):
    """The runner could not be started; ``kind`` is the infrastructure error every step reports."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind, self.message = kind, message


class ProtocolBreach(Exception):
    """The runner's output is not a frame the oracle sent it to write."""


def describe_isolation(status: dict | None) -> str:
    """One line for reports, e.g. "isolation: rlimits (address space 4 GiB, ...) + audit hook,
    no user switch (interpreter not readable by nobody (...))"."""
    if not status:
        return "isolation: unknown (the runner has not started)"
    limits = ", ".join(f"{label} {status[key]}" for key, label in (
        ("address_space", "address space"), ("cpu", "CPU"), ("file_size", "file size"), ("core", "core"),
        ("nproc", "processes")) if key in status)
    user = f"user {status['user']}" if status.get("user") else f"no user switch ({status.get('user_switch')})"
    return f"isolation: rlimits ({limits}) + audit hook, {user}"


def _reply_problem(reply, call: int, count: int) -> str | None:
    if not isinstance(reply, dict) or set(reply) != {"call", "results"}:
        return "a reply that is not a reply"
    if reply["call"] != call:
        return f"the answer to call {reply['call']!r} instead of call {call}"
    if not _well_formed(reply["results"], count):
        return "a malformed reply"
    return None


def _well_formed(reply, count: int) -> bool:
    if not isinstance(reply, list) or len(reply) != count:
        return False
    for result in reply:
        if not isinstance(result, dict) or len(result) != 1:
            return False
        if "error" in result:
            err = result["error"]
            if not (isinstance(err, dict) and isinstance(err.get("type"), str) and isinstance(err.get("mro"), list)
                    and isinstance(err.get("message"), str) and isinstance(err.get("traceback"), str)):
                return False
        elif "value" not in result:
            return False
    return True


def make_adapter(submission: str, timeout: float = 60.0, policy: Policy | None = None) -> Adapter:
    """``reference`` and ``torch`` name the in-process adapters; anything else is a path."""
    if submission == "reference":
        return ReferenceAdapter()
    if submission == "torch":
        return TorchAdapter()
    path = Path(submission)
    if not (path / "__init__.py").is_file():
        raise FileNotFoundError(f"{submission}: not a submission (a directory with __init__.py)")
    return SubmissionAdapter(path, timeout, policy)
