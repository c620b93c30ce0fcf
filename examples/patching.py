"""Patched copies of reference/: the one builder behind the example submission (planted bugs),
the variant submission (correct variations) and the per-bug tests.

A patch is ``(file, edits, label)``: ``edits`` are (old, new) pairs applied in order to
reference/<file>, each ``old`` occurring exactly once when it is applied; ``label`` names the
patch in errors.
"""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def apply_edits(text: str, edits, label: str, file: str) -> str:
    """``text`` with every (old, new) edit applied; an ``old`` missing or repeated is an error."""
    for old, new in edits:
        count = text.count(old)
        if count != 1:
            raise ValueError(f"{label}: {old!r} occurs {count} times in reference/{file}")
        text = text.replace(old, new)
    return text


def build_patched(target: Path, patches: list, notice: str | None = None, readme: list[str] | None = None) -> None:
    """Copy reference/ to ``target`` (replaced if it exists) and apply ``patches``; prepend
    ``notice`` (formatted with the file ``name``) to every patched file and write ``readme``
    lines to README.md when given."""
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "reference", target, ignore=shutil.ignore_patterns("__pycache__"))
    patched = set()
    for file, edits, label in patches:
        path = target / file
        path.write_text(apply_edits(path.read_text(), edits, label, file))
        patched.add(file)
    if notice is not None:
        for name in sorted(patched):
            path = target / name
            path.write_text(notice.format(name=name) + path.read_text())
    if readme is not None:
        (target / "README.md").write_text("\n".join(readme) + "\n")
