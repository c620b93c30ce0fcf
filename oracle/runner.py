"""The submission runner: the untrusted side of the process boundary.

Usage: ``python -m oracle.runner SUBMISSION_DIR``. Imports the submission package, sends a
"ready" frame, then answers frames of steps on its original stdout with frames of results. The submission's own prints go
to /dev/null so they cannot corrupt the protocol. Only plain data leaves this process.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path


def _private_streams():
    """Keep the protocol on private copies of fds 0/1 and point fds 0/1 at /dev/null."""
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    sys.stdout = open(os.devnull, "w")
    return proto_in, proto_out


def load_submission(path: Path):
    name = "submission"
    spec = importlib.util.spec_from_file_location(name, path / "__init__.py",
                                                  submodule_search_locations=[str(path)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _encoded_reply(results, wire, error_result) -> bytes:
    """The results encoded once; only if that fails is each result screened, and one that cannot
    cross the boundary is replaced by an error saying why."""
    try:
        return wire.dumps(results)
    except (wire.WireError, TypeError, ValueError):
        pass
    screened = []
    for result in results:
        try:
            wire.dumps(result)
            screened.append(result)
        except (wire.WireError, TypeError, ValueError) as exc:
            screened.append(error_result(TypeError(f"returned a value the oracle cannot grade: {exc}")))
    return wire.dumps(screened)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    proto_in, proto_out = _private_streams()
    from oracle import wire
    from oracle.executor import Executor, error_result, infrastructure_error

    try:
        executor = Executor(load_submission(Path(argv[0])))
        import_error = None
    except BaseException as exc:  # noqa: BLE001 - any import failure is the submission's
        executor, import_error = None, infrastructure_error("ImportFailure", f"the submission failed to import: {exc!r}")

    wire.write_frame(proto_out, "ready")  # the parent's per-call timeout starts after the import
    while True:
        steps = wire.read_frame(proto_in)
        if steps is None:
            return 0
        results = [import_error] * len(steps) if executor is None else executor.run(steps)
        wire.write_payload(proto_out, _encoded_reply(results, wire, error_result))


if __name__ == "__main__":
    sys.exit(main())
