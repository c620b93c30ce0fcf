"""Finding submissions: a class folder's entries, safe unzipping, and the package inside each.

A submission is a folder or a .zip file holding a Python package (a directory with __init__.py)
at its top level or inside one folder (``alice.zip`` -> ``alice/my_nn/__init__.py``). Every
submission is graded from a private copy in a temporary directory, never in place.
"""
from __future__ import annotations

import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: Caps on what one zip may unpack to (a zip bomb is rejected, not graded).
MAX_UNZIPPED_BYTES = 50 * 2**20
MAX_MEMBERS = 5000

#: Entries of a class folder or of an archive that are never submissions.
IGNORED = ("__MACOSX", "__pycache__")


class SubmissionError(Exception):
    """This entry cannot be graded (bad zip, no package, ...): the student scores 0 with the reason."""


@dataclass(frozen=True)
class Entry:
    """One submission of a class folder: ``name`` (folder name, or zip name without .zip) and
    ``source`` (the folder or zip file)."""

    name: str
    source: Path


def is_package(path: Path) -> bool:
    return path.is_dir() and (path / "__init__.py").is_file()


def discover(folder: Path, skip: Path | None = None) -> list[Entry]:
    """The submissions of a class folder, sorted by name, leaving out ``skip`` (the output
    folder, when it lies inside); two entries with one name are an error."""
    entries = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name in IGNORED or (skip and path.resolve() == skip.resolve()):
            continue
        if path.is_dir():
            entries.append(Entry(path.name, path))
        elif path.suffix.lower() == ".zip":
            entries.append(Entry(path.stem, path))
    names = [e.name for e in entries]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SubmissionError(f"{folder}: several entries are named {duplicates} (a folder and a zip?)")
    return sorted(entries, key=lambda e: e.name)


def materialize(source: Path, workdir: Path) -> Path:
    """Copy (folder) or safely unzip (zip) ``source`` into ``workdir``; return the package inside."""
    target = workdir / "submission"
    if source.is_dir():
        shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns(*IGNORED, "*.pyc"))
    elif source.suffix.lower() == ".zip":
        safe_unzip(source, target)
    else:
        raise SubmissionError(f"{source.name}: not a folder or a .zip file")
    return find_package(target)


def find_package(folder: Path) -> Path:
    """``folder`` itself when it is a package, else its only subfolder that is one; a folder
    holding a single zip (as Gradescope may leave an upload) is unzipped first."""
    if is_package(folder):
        return folder
    children = [p for p in sorted(folder.iterdir()) if not p.name.startswith(".") and p.name not in IGNORED]
    zips = [p for p in children if p.suffix.lower() == ".zip"]
    if len(children) == 1 and len(zips) == 1:
        return find_package_in_zip(zips[0], folder / "unzipped")
    packages = [p for p in children if is_package(p)]
    if len(packages) == 1:
        return packages[0]
    if packages:
        raise SubmissionError(f"several packages found ({', '.join(p.name for p in packages)}): submit exactly one")
    listing = ", ".join(p.name for p in children[:10]) or "nothing"
    raise SubmissionError(f"no Python package found (a folder with __init__.py, at the top level or in one "
                          f"folder); found: {listing}")


def find_package_in_zip(archive: Path, target: Path) -> Path:
    safe_unzip(archive, target)
    return find_package(target)


def safe_unzip(archive: Path, target: Path, max_bytes: int = MAX_UNZIPPED_BYTES,
               max_members: int = MAX_MEMBERS) -> None:
    """Extract ``archive`` into ``target``, refusing absolute or ``..`` paths, links, too many
    members and more than ``max_bytes`` of content (counted while decompressing, not trusted
    from the headers)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            if len(members) > max_members:
                raise SubmissionError(f"{archive.name}: {len(members)} files in the zip (at most {max_members})")
            target.mkdir(parents=True)
            budget = [max_bytes]
            for info in members:
                _extract_member(zf, info, target, budget, archive.name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
        raise SubmissionError(f"{archive.name}: not a readable zip file ({exc})") from exc


def _extract_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: list, label: str) -> None:
    """Write one member under ``target``; ``budget[0]`` is the number of bytes still allowed."""
    relative = _safe_member_path(info.filename, label)
    if relative is None:
        return
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise SubmissionError(f"{label}: {info.filename!r} is a symbolic link (not accepted)")
    destination = target.joinpath(*relative.parts)
    if info.is_dir():
        destination.mkdir(parents=True, exist_ok=True)
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(info) as src, open(destination, "wb") as dst:
        while chunk := src.read(1 << 16):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise SubmissionError(f"{label}: unzips to more than {MAX_UNZIPPED_BYTES // 2**20} MiB (rejected)")
            dst.write(chunk)


def _safe_member_path(name: str, label: str) -> PurePosixPath | None:
    """The member's relative path, None for entries to skip (macOS metadata); raises on an
    absolute path, a drive letter or a ``..`` component."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise SubmissionError(f"{label}: unsafe path {name!r} in the zip (absolute or '..')")
    if not path.parts or any(part in IGNORED for part in path.parts) or path.name == ".DS_Store":
        return None
    return path
