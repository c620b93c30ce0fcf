"""Grading a class: every submission of a folder, one per worker of a process pool.

The submission is the unit of parallelism: each is copied (or unzipped) into its own temporary
directory and graded there, its code running only in its own runner subprocess. A report depends
on nothing but the submission, the rubric and the settings, so a class grades identically at any
``--jobs``, in any order, on any shard.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from .rubric import Rubric
from .submissions import Entry, SubmissionError, materialize

ENGINES = ("direct", "pytest")


@dataclass(frozen=True)
class Settings:
    """How every submission of a run is graded (the same for all of them)."""

    rubric: Rubric
    layers: tuple | None = None
    profile: str = "grading"
    call_timeout: float = 60.0
    engine: str = "direct"
    policy: str | None = None  # a sandbox policy TOML file (oracle/sandbox.py); None: the default

    def manifest(self) -> list[tuple[str, str]]:
        return self.rubric.manifest(self.layers)

    def graded_layers(self) -> list[str]:
        return self.rubric.graded_layers(self.layers)


def in_shard(name: str, shard: tuple[int, int] | None) -> bool:
    """Whether submission ``name`` belongs to shard (i, N), 1 <= i <= N, by a stable hash."""
    if shard is None:
        return True
    index, count = shard
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % count == index - 1


def parse_shard(text: str) -> tuple[int, int]:
    """"i/N" -> (i, N) with 1 <= i <= N."""
    match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"--shard must be i/N with 1 <= i <= N, got {text!r}")
    return int(match[1]), int(match[2])


def grade_entry(entry: Entry, settings: Settings) -> dict:
    """One student's report: status, the score dict and the rubric's identity. Never raises for
    anything the submission does; an entry that cannot be graded scores 0 with the reason."""
    layers = settings.graded_layers()
    with tempfile.TemporaryDirectory(prefix="nn-oracle-grade-") as tmp:
        try:
            package = materialize(entry.source, Path(tmp))
        except SubmissionError as exc:
            return student_report(entry, settings, {}, status="not graded", reason=str(exc))
        try:
            results = run_engine(str(package), layers, settings)
        except Exception as exc:  # noqa: BLE001 - the oracle failing is reported, never fatal
            return student_report(entry, settings, {}, status="oracle failed", reason=f"{type(exc).__name__}: {exc}")
    results = {key: {**r, "message": sanitize(r.get("message", ""))} for key, r in results.items()}
    return student_report(entry, settings, results, status="graded")


def run_engine(package: str, layers: list[str], settings: Settings) -> dict:
    from .engine import run_direct, run_oracle

    if settings.engine == "pytest":
        return run_oracle(package, layers, workers="0", profile=settings.profile, timeout=settings.call_timeout,
                          policy=settings.policy)
    return run_direct(package, layers, profile=settings.profile, timeout=settings.call_timeout,
                      policy=settings.policy)


def student_report(entry: Entry, settings: Settings, results: dict, status: str, reason: str = "") -> dict:
    """The per-student JSON report (no times, no temporary paths: identical on every rerun)."""
    missing = f"not run: {reason}" if reason else None
    scores = settings.rubric.score(results, settings.layers, **({"missing_message": missing} if missing else {}))
    return {"submission": entry.name, "source": entry.source.name, "status": status, "reason": reason,
            "rubric": {"name": settings.rubric.name, "sha256": settings.rubric.sha256},
            "profile": settings.profile, **scores}


_TEMP_PATH = re.compile(re.escape(tempfile.gettempdir().rstrip("/")) + r"/[^/\s'\"]+")


def sanitize(message: str) -> str:
    """Replace temporary directories (which differ on every run) in a message by ``<tmp>``."""
    return _TEMP_PATH.sub("<tmp>", message)


# ----------------------------------------------------------------------------------------------
# The pool
# ----------------------------------------------------------------------------------------------
def grade_all(entries: list[Entry], settings: Settings, jobs: int, progress=None) -> list[dict]:
    """Grade ``entries`` over ``jobs`` worker processes; reports sorted by submission name.

    If a worker dies (the trusted side failing, e.g. out of memory), the unfinished submissions
    are regraded one at a time in fresh workers; one that breaks its worker again is reported as
    "oracle failed" with every check "not run"."""
    reports: dict[str, dict] = {}
    progress = progress or Progress(len(entries))
    try:
        _pool_run(entries, settings, jobs, reports, progress)
    except BrokenProcessPool:
        for entry in entries:
            if entry.name not in reports:
                try:
                    _pool_run([entry], settings, 1, reports, progress)
                except BrokenProcessPool:
                    reports[entry.name] = student_report(entry, settings, {}, status="oracle failed",
                                                         reason="the grading worker died")
                    progress.update(reports[entry.name])
    progress.close()
    return [reports[name] for name in sorted(reports)]


def _pool_run(entries: list[Entry], settings: Settings, jobs: int, reports: dict, progress) -> None:
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(entries))), mp_context=get_context("spawn"),
                             initializer=_init_worker) as pool:
        futures = {pool.submit(grade_entry, entry, settings): entry for entry in entries}
        for future in as_completed(futures):
            report = future.result()
            reports[report["submission"]] = report
            progress.update(report)


def _init_worker() -> None:
    """A pool worker: single-threaded BLAS, quiet (the parent draws the progress bar)."""
    from oracle.adapters import THREAD_ENV

    os.environ.update(THREAD_ENV)
    os.environ.pop("CI", None)
    warnings.simplefilter("ignore")  # the pytest path ignores UserWarning too (pyproject)
    sys.stdout = open(os.devnull, "w")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Progress:
    """A one-line progress bar on stderr (redrawn in place on a terminal, one line per
    submission otherwise, e.g. in CI logs)."""

    def __init__(self, total: int, stream=None, width: int = 30):
        self.total, self.done, self.width = total, 0, width
        self.stream = stream or sys.stderr
        self.start = time.perf_counter()
        self.tty = self.stream.isatty()

    def update(self, report: dict) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        filled = int(self.width * self.done / max(self.total, 1))
        line = (f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} "
                f"{elapsed:5.0f} s elapsed, ~{eta:.0f} s left  {report['submission']}: "
                f"{report['percent']:.1f}%" + (f" ({report['status']})" if report["status"] != "graded" else ""))
        self.stream.write(("\r\033[K" + line) if self.tty else line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()
