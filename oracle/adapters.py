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
import subprocess
import sys
from pathlib import Path

from . import wire
from .executor import Executor, error_result, infrastructure_error

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
    """Runs steps in a runner subprocess that imports the submission at ``path``.

    A call that does not answer within ``timeout`` seconds kills the runner (it is restarted on
    the next call) and every step of that call reports a timeout error; a runner that dies
    reports "runner crashed".
    """

    name = "submission"

    #: seconds the runner may take to start and import the submission (not counted per call)
    startup_timeout = 120.0

    def __init__(self, path, timeout: float = 60.0):
        self.path = Path(path).resolve()
        self.timeout = timeout
        self.process = None

    def _start(self):
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
        env.update(THREAD_ENV)
        env["PYTHONPATH"] = str(PROJECT_ROOT)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "oracle.runner", str(self.path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            cwd=str(self.path.parent), env=env)
        if self._read_reply(self.startup_timeout) != "ready":
            raise wire.WireError("the runner did not start")

    def run(self, steps):
        try:
            if self.process is None or self.process.poll() is not None:
                self._start()
            wire.write_frame(self.process.stdin, steps)
            reply = self._read_reply(self.timeout)
        except TimeoutError as exc:
            self.close()
            return [infrastructure_error("Timeout", str(exc)) for _ in steps]
        except (BrokenPipeError, wire.WireError, OSError, ValueError) as exc:
            reason = self._crash_reason(exc)
            self.close()
            return [infrastructure_error("RunnerCrash", reason) for _ in steps]
        if not _well_formed(reply, len(steps)):
            self.close()
            return [infrastructure_error("ProtocolViolation", "the runner's reply is malformed") for _ in steps]
        return reply

    def _read_reply(self, timeout: float):
        stream = self.process.stdout
        ready, _, _ = select.select([stream], [], [], timeout)
        if not ready:
            raise TimeoutError(f"timed out: no answer within {timeout:g} s")
        reply = wire.read_frame(stream)
        if reply is None:
            raise wire.WireError("runner closed its output")
        return reply

    def _crash_reason(self, exc) -> str:
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            code = None
        return f"runner crashed (exit code {code}): {exc}"

    def close(self):
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self.process = None


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


def make_adapter(submission: str, timeout: float = 60.0) -> Adapter:
    """``reference`` and ``torch`` name the in-process adapters; anything else is a path."""
    if submission == "reference":
        return ReferenceAdapter()
    if submission == "torch":
        return TorchAdapter()
    path = Path(submission)
    if not (path / "__init__.py").is_file():
        raise FileNotFoundError(f"{submission}: not a submission (a directory with __init__.py)")
    return SubmissionAdapter(path, timeout)
