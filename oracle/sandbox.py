"""The runner's sandbox: what confines a submission before the runner imports it.

Applied by ``oracle/runner.py`` in this order, after the runner has imported everything it needs
itself (numpy, the wire format, the executor):

1. a fresh working directory (created by the parent, which removes it afterwards): the submission
   is copied into it, the process ``chdir``s there, and HOME/TMPDIR point there;
2. resource limits (``resource``): address space (MemoryError instead of swapping the machine),
   total CPU time (SIGXCPU, then SIGKILL), file size (the captured output and every file the
   submission writes; SIGXFSZ is ignored so a flood gets EFBIG instead of killing the runner),
   no core dumps;
3. an unprivileged user (``nobody``) when the runner runs as root, but only if a probe (a forked
   child that drops privileges first) can read the interpreter's prefix, the standard library
   and site-packages: a process that cannot read them cannot even import lazily loaded modules.
   (Where the interpreter lives under /root, mode 0700, as with pyenv as root, the probe refuses
   the switch and the status says so; install Python in a world-readable prefix to get it.)
   A runner that is not root (after the switch, or started by a student) gets RLIMIT_NPROC = 0:
   no child processes. Root is exempt from RLIMIT_NPROC, so a root runner without the switch
   has only the audit hook below between a submission and ``fork``;
4. an audit hook (``sys.addaudithook``): imports of forbidden packages (default torch,
   tensorflow, jax and the project's ``reference`` and ``oracle``), process creation (fork, exec,
   system, spawn, subprocess), sockets, signals sent to other processes, writes outside the working
   directory and reads of the project's ``reference/`` and ``oracle/`` files are refused (the
   hook raises) *and* recorded; the runner reports a recorded violation to the trusted side as
   an infrastructure error (ForbiddenImport / ForbiddenOperation) for the step or the import
   during which it happened.

What this is not: a jail. Audit hooks cannot be removed, but code running in the same
interpreter can reach the runner's objects (``sys.modules['__main__']``, frames, ``gc``), call
the C library through ``ctypes`` (no audit event for ``os.write`` or raw syscalls), or tamper with
``sys.modules`` and the builtins. The hook is a tripwire that catches the ordinary ways of
cheating or breaking things. What actually protects the grade is elsewhere: the trusted side never
imports submission code, decodes only JSON and ``.npy`` without pickle, compares every value
itself, and kills the runner on a timeout or a malformed reply. Confinement of the machine
(files, network) beyond this needs OS-level isolation (a container, a VM, seccomp).
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sys
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Audit events that create a process.
PROCESS_EVENTS = frozenset({"os.fork", "os.forkpty", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                            "subprocess.Popen", "pty.spawn", "os.startfile"})

#: Audit events of sockets (a layer has no business with the network).
NETWORK_EVENTS = frozenset({"socket.__new__", "socket.connect", "socket.bind", "socket.sendto",
                            "socket.sendmsg", "socket.getaddrinfo"})

#: Audit events that change the file system, with the positions of their path arguments.
WRITE_EVENTS = {"os.remove": (0,), "os.rmdir": (0,), "os.rename": (0, 1), "os.mkdir": (0,),
                "os.symlink": (1,), "os.link": (1,), "os.chmod": (0,), "os.chown": (0,),
                "os.truncate": (0,), "os.utime": (0,), "shutil.rmtree": (0,)}

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC

#: Paths outside the working directory a submission may write to.
WRITABLE_DEVICES = ("/dev/null",)

OUTPUT_FILE = "output.log"


def _gib(n: float) -> int:
    return int(n * (1 << 30))


@dataclass(frozen=True)
class Policy:
    """What a submission may do; serializable to JSON to reach the runner on its command line."""

    address_space_bytes: int = _gib(4)
    #: CPU seconds for the runner's whole life (grading every layer of a submission costs the
    #: runner tens of seconds: the trusted side does most of the work); the call that reaches it
    #: fails with "CPU time limit" and the next call starts a fresh runner
    cpu_seconds: int = 900
    output_bytes: int = 8 << 20  # RLIMIT_FSIZE: captured output and any file the submission writes
    forbidden_imports: tuple = ("torch", "tensorflow", "jax", "reference", "oracle")
    protected_dirs: tuple = field(default_factory=lambda: (str(PROJECT_ROOT / "reference"),
                                                           str(PROJECT_ROOT / "oracle")))
    user: str = "nobody"

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "Policy":
        data = json.loads(text)
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})

    @classmethod
    def from_toml(cls, path) -> "Policy":
        """A policy file: a ``[policy]`` table with any of the fields above, e.g.
        ``forbidden_imports = ["torch", "sklearn"]``, ``cpu_seconds = 300``; others keep their defaults."""
        import tomllib
        with open(path, "rb") as handle:
            table = tomllib.load(handle).get("policy", {})
        unknown = sorted(set(table) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"{path}: unknown policy fields {unknown}; known: {[f.name for f in fields(cls)]}")
        return replace(cls(), **{k: tuple(v) if isinstance(v, list) else v for k, v in table.items()})

    def for_submission(self, submission_dir: Path) -> "Policy":
        """Grading a protected directory itself (the tests grade ``reference/`` as a submission)
        lifts the protection of that directory and the import ban on its package name."""
        real = os.path.realpath(submission_dir)
        exempt = [d for d in self.protected_dirs if _within(real, os.path.realpath(d))]
        names = {Path(d).name for d in exempt}
        return Policy(self.address_space_bytes, self.cpu_seconds, self.output_bytes,
                      tuple(n for n in self.forbidden_imports if n not in names),
                      tuple(d for d in self.protected_dirs if d not in exempt), self.user)


def _within(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def human_size(n: int) -> str:
    """4294967296 -> '4 GiB'."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift} {unit}"
    return f"{n} bytes"


class PolicyViolation(PermissionError):
    """Raised (inside the submission) by the audit hook when the submission breaks the policy."""


class ForbiddenImportError(ImportError):
    """Raised (inside the submission) by the audit hook on an import of a forbidden package."""


class Sandbox:
    """Confines the current process (the runner) before it imports the submission.

    ``violations`` collects (kind, message) pairs recorded by the audit hook; the runner drains
    them after the import and after every step with ``take_violations``.
    """

    def __init__(self, policy: Policy, submission_dir: Path, workdir: Path, protocol_fds=()):
        self.policy = policy.for_submission(submission_dir)
        self.submission_dir = Path(submission_dir)
        self.workdir = Path(os.path.realpath(workdir))
        self.protocol_fds = frozenset(protocol_fds)
        self.violations: list[tuple[str, str]] = []
        self.status: dict = {}

    # ----- entering ---------------------------------------------------------------------------
    def enter(self) -> Path:
        """Apply everything; returns the path of the submission's copy to import."""
        package = self._copy_submission()
        os.chdir(self.workdir)
        os.environ.update(HOME=str(self.workdir), TMPDIR=str(self.workdir))
        os.environ.pop("PYTHONPATH", None)  # where the project lives is none of the submission's business
        user = _unprivileged_user(self.policy.user)
        problem = self._user_switch_problem(user)
        self._set_limits()
        if problem is None:
            self._chown_workdir(user)
            _drop_privileges(user)
            self.status["user"] = f"{self.policy.user} (uid {user[0]})"
        else:
            self.status["user"] = None
            self.status["user_switch"] = problem
        if os.geteuid() != 0:
            resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
            self.status["nproc"] = "0 (no child processes)"
        else:
            self.status["nproc"] = ("not enforced (root is exempt from RLIMIT_NPROC; the audit hook refuses "
                                    "process creation)")
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        self._hide_the_oracle()
        sys.addaudithook(self._audit)
        self.status["audit_hook"] = "imports, processes, sockets, signals, file writes, reads of protected files"
        self.status["forbidden_imports"] = list(self.policy.forbidden_imports)
        self.status["math_threads"] = os.environ.get("OPENBLAS_NUM_THREADS", "default")
        return package

    def _copy_submission(self) -> Path:
        target = self.workdir / "submission"
        shutil.copytree(self.submission_dir, target, symlinks=False,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".git"))
        return target

    def _user_switch_problem(self, user) -> str | None:
        """Why the runner keeps its user (None: it can switch)."""
        if os.geteuid() != 0:
            return f"not running as root (uid {os.geteuid()}): nothing to drop"
        if user is None:
            return f"no user named {self.policy.user!r}"
        problem = _probe_as(user, _interpreter_paths())
        if problem:
            return f"interpreter not readable by {self.policy.user} ({problem})"
        return None

    def _set_limits(self) -> None:
        p = self.policy
        limits = {"address_space": (resource.RLIMIT_AS, p.address_space_bytes, human_size),
                  "cpu": (resource.RLIMIT_CPU, p.cpu_seconds, "{} s".format),
                  "file_size": (resource.RLIMIT_FSIZE, p.output_bytes, human_size),
                  "core": (resource.RLIMIT_CORE, 0, str)}
        for name, (which, value, show) in limits.items():
            # CPU: SIGXCPU at the soft limit, SIGKILL one second later if the submission ignores it
            hard = value + 1 if which == resource.RLIMIT_CPU else value
            given = resource.getrlimit(which)[1]
            capped = given != resource.RLIM_INFINITY and given < hard  # never above what we were given
            if capped:
                hard, value = given, min(value, given)
            resource.setrlimit(which, (value, hard))
            self.status[name] = show(value) + (" (the grader's own limit)" if capped else "")

    def _chown_workdir(self, user) -> None:
        uid, gid = user
        for root, dirs, files in os.walk(self.workdir):
            for name in [root] + [os.path.join(root, n) for n in dirs + files]:
                os.chown(name, uid, gid)

    def _hide_the_oracle(self) -> None:
        """Forbidden packages already imported (the runner's own ``oracle`` modules) leave
        ``sys.modules`` so importing them goes through the hook; the project root leaves
        ``sys.path``; the source lines of their files are cached for tracebacks first (reading
        them later would trip the hook)."""
        import linecache

        forbidden = set(self.policy.forbidden_imports)
        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None)
            if path and self._protected(os.path.realpath(path)):
                linecache.getlines(path)
            if name.partition(".")[0] in forbidden:
                del sys.modules[name]
        sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") != str(PROJECT_ROOT)]

    # ----- the tripwire ---------------------------------------------------------------------------
    def take_violations(self) -> list[tuple[str, str]]:
        taken, self.violations = self.violations, []
        return taken

    def _trip(self, kind: str, message: str, error=PolicyViolation):
        self.violations.append((kind, message))
        raise error(f"{message} (refused by the grading policy)")

    def _audit(self, event: str, args) -> None:
        if event == "import":
            top = args[0].partition(".")[0]
            if top in self.policy.forbidden_imports:
                self._trip("ForbiddenImport", f"forbidden import: {top}", ForbiddenImportError)
        elif event == "open":
            self._check_open(args[0], args[2])
        elif event in PROCESS_EVENTS:
            self._trip("ForbiddenOperation", f"tried to start a process ({event})")
        elif event in NETWORK_EVENTS:
            self._trip("ForbiddenOperation", f"tried to use the network ({event})")
        elif event in ("os.kill", "os.killpg") and args[0] not in (os.getpid(), 0):
            self._trip("ForbiddenOperation", f"tried to signal another process ({event} {args[0]})")
        elif event in WRITE_EVENTS:
            for index in WRITE_EVENTS[event]:
                self._check_write(args[index], event)

    def _check_open(self, path, flags) -> None:
        if isinstance(path, int):
            return
        text = os.fsdecode(path)
        if self._protocol_path(text):
            self._trip("ForbiddenOperation", f"tampered with the protocol (opened {text})")
        if flags is not None and flags & WRITE_FLAGS:
            self._check_write(path, "open for writing")
        real = os.path.realpath(text)
        if self._protected(real):
            self._trip("ForbiddenOperation", f"read the oracle's files ({real})")

    def _check_write(self, path, what: str) -> None:
        if isinstance(path, int) or path is None:
            return
        real = os.path.realpath(os.fsdecode(path))
        if not _within(real, str(self.workdir)) and real not in WRITABLE_DEVICES:
            self._trip("ForbiddenOperation", f"wrote outside its working directory ({what} {real})")

    def _protocol_path(self, text: str) -> bool:
        parts = text.rstrip("/").split("/")
        return (len(parts) >= 2 and parts[-2] == "fd" and parts[-1].isdigit() and int(parts[-1]) in self.protocol_fds
                and (text.startswith("/proc/") or text.startswith("/dev/fd/")))

    def _protected(self, real: str) -> bool:
        return any(_within(real, os.path.realpath(d)) for d in self.policy.protected_dirs)


# ----------------------------------------------------------------------------------------------
# The user switch
# ----------------------------------------------------------------------------------------------
def _unprivileged_user(name: str):
    """(uid, gid) of ``name``, or None."""
    import pwd

    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    return entry.pw_uid, entry.pw_gid


def _drop_privileges(user) -> None:
    uid, gid = user
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)


def _interpreter_paths() -> list[str]:
    """Directories a process must be able to read to import modules lazily."""
    import sysconfig

    paths = [sys.prefix, sys.base_prefix, os.path.dirname(os.__file__)]
    paths += [sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")]
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        paths.append(os.path.dirname(numpy.__file__))
    return list(dict.fromkeys(paths))


def _probe_as(user, paths) -> str | None:
    """Fork a child that drops to ``user`` and lists every path; returns the first failure."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report and exit without running any cleanup of the parent
        os.close(read_end)
        message = b""
        try:
            _drop_privileges(user)
            for path in paths:
                try:
                    os.listdir(path)
                except OSError as exc:
                    message = f"{path}: {exc.strerror}".encode()
                    break
        except OSError as exc:
            message = f"cannot switch user: {exc.strerror}".encode()
        os.write(write_end, message)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(pid, 0)
    return message or None
