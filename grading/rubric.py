"""The rubric: how many points each (layer, check) item of the manifest is worth, and who sees it.

A rubric is a TOML file (``grading/default_rubric.toml`` documents the format). It is validated
as a whole with errors naming the offending key. Scores always come from the registry's manifest,
fixed before anything runs: an item without a result scores 0 as "not run", never as passed.
"""
from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from oracle.registry import BY_NAME, manifest
from oracle.spec import CHECKS

DEFAULT_RUBRIC = Path(__file__).resolve().with_name("default_rubric.toml")

#: Gradescope's visibility values for a test and for the whole result.
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")

NOT_RUN_MESSAGE = "no result: the check did not run to completion (crash or timeout)"


class RubricError(ValueError):
    """The rubric file is invalid; the message names the key and the reason."""


@dataclass(frozen=True)
class Item:
    """One graded (layer, check) pair: its points and its Gradescope visibility."""

    points: float
    visibility: str


@dataclass(frozen=True)
class Rubric:
    """The validated rubric: ``items`` maps (layer, check) -> Item in manifest order (excluded
    layers are absent). ``data`` is the parsed file, ``sha256`` identifies it in reports."""

    name: str
    items: dict
    data: dict
    sha256: str

    @property
    def layers(self) -> list[str]:
        return list(dict.fromkeys(layer for layer, _ in self.items))

    def graded_layers(self, layers=None) -> list[str]:
        """The rubric's layers, restricted to ``layers`` when given, in registry order."""
        return [layer for layer in self.layers if layers is None or layer in layers]

    def manifest(self, layers=None) -> list[tuple[str, str]]:
        """The graded (layer, check) pairs, restricted to ``layers`` when given."""
        return [key for key in self.items if layers is None or key[0] in layers]

    def score(self, results: dict, layers=None, missing_message: str = NOT_RUN_MESSAGE) -> dict:
        """Per-layer scores. ``results`` maps (layer, check) -> {"outcome", "message"}; an item
        of the manifest without a result scores 0 as "not run" with ``missing_message``."""
        table = {}
        for layer, check in self.manifest(layers):
            result = results.get((layer, check), {"outcome": "not run", "message": missing_message})
            item = self.items[(layer, check)]
            passed = result["outcome"] == "passed"
            entry = table.setdefault(layer, {"checks": {}, "earned": 0, "possible": 0})
            entry["checks"][check] = {"outcome": result["outcome"], "points": item.points if passed else 0,
                                      "max_points": item.points, "message": result.get("message", ""),
                                      "visibility": item.visibility}
            entry["earned"] = number(entry["earned"] + (item.points if passed else 0))
            entry["possible"] = number(entry["possible"] + item.points)
        earned = number(sum(e["earned"] for e in table.values()))
        possible = number(sum(e["possible"] for e in table.values()))
        return {"layers": table, "earned": earned, "possible": possible,
                "percent": round(100.0 * earned / possible, 2) if possible else 0.0}


def number(value: float):
    """An int when integral (3, not 3.0, in CSV and JSON), else rounded to 4 decimals."""
    value = round(float(value), 4)
    return int(value) if value.is_integer() else value


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Read and validate a rubric TOML file (default: the bundled one)."""
    import tomllib  # stdlib from Python 3.11; the Gradescope bundle ships the parsed rubric as JSON

    path = Path(path) if path else DEFAULT_RUBRIC
    try:
        data = tomllib.loads(path.read_text())
    except OSError as exc:
        raise RubricError(f"{path}: cannot read the rubric: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"{path}: not valid TOML: {exc}") from exc
    return rubric_from_mapping(data, source=str(path))


def rubric_from_mapping(data: dict, source: str = "rubric") -> Rubric:
    """Validate a parsed rubric and resolve every item's points and visibility."""
    _only_keys(data, {"name", "visibility", "only", "exclude", "checks", "layers"}, source)
    default_visibility = _visibility(data.get("visibility", "visible"), f"{source}: visibility")
    categories = _categories(data.get("checks"), default_visibility, source)
    selected = _selected_layers(data, source)
    overrides = data.get("layers", {})
    if not isinstance(overrides, dict):
        raise RubricError(f"{source}: [layers] must be a table of layer tables")
    for name in overrides:
        _known_layer(name, f"{source}: [layers.{name}]")
    items = {}
    for layer in selected:
        items.update(_layer_items(layer, overrides.get(layer, {}), categories, f"{source}: [layers.{layer}]"))
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return Rubric(name=str(data.get("name", Path(source).stem)), items=items, data=data, sha256=digest)


def _categories(table, default_visibility: str, source: str) -> dict[str, Item]:
    """[checks]: every category of CHECKS, as a number or {points, visibility}."""
    if not isinstance(table, dict):
        raise RubricError(f"{source}: missing [checks] table (points per category: {', '.join(CHECKS)})")
    _only_keys(table, set(CHECKS), f"{source}: [checks]")
    missing = [c for c in CHECKS if c not in table]
    if missing:
        raise RubricError(f"{source}: [checks] has no points for {missing} (give 0 to leave a category ungraded)")
    return {check: _item(table[check], Item(0, default_visibility), f"{source}: checks.{check}") for check in CHECKS}


def _selected_layers(data: dict, source: str) -> list[str]:
    """Registry layers graded by the rubric (``only`` minus ``exclude``), in registry order."""
    lists = {}
    for key in ("only", "exclude"):
        names = data.get(key, [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise RubricError(f"{source}: {key} must be a list of layer names")
        for name in names:
            _known_layer(name, f"{source}: {key}")
        lists[key] = set(names)
    only = lists["only"] if "only" in data else None
    layers = dict.fromkeys(layer for layer, _ in manifest(only))
    return [layer for layer in layers if layer not in lists["exclude"]]


def _layer_items(layer: str, override, categories: dict, where: str) -> dict:
    """The items of one layer after its overrides: per-check points/visibility, then ``weight``
    or ``points`` (the layer total, split in proportion to the per-check points)."""
    if not isinstance(override, dict):
        raise RubricError(f"{where}: must be a table")
    _only_keys(override, {"weight", "points", "visibility", "checks"}, where)
    if "weight" in override and "points" in override:
        raise RubricError(f"{where}: give either weight or points, not both")
    checks = BY_NAME[layer].checks()
    visibility = _visibility(override["visibility"], f"{where} visibility") if "visibility" in override else None
    items = {check: Item(categories[check].points, visibility or categories[check].visibility) for check in checks}
    per_check = override.get("checks", {})
    if not isinstance(per_check, dict):
        raise RubricError(f"{where}: checks must be a table")
    for check, value in per_check.items():
        if check not in checks:
            raise RubricError(f"{where}: {layer} has no {check!r} check (its checks: {', '.join(checks)})")
        items[check] = _item(value, items[check], f"{where} checks.{check}")
    scale = _scale(override, items, where)
    return {(layer, check): Item(number(item.points * scale), item.visibility) for check, item in items.items()}


def _scale(override: dict, items: dict, where: str) -> float:
    if "weight" in override:
        return _points(override["weight"], f"{where} weight")
    if "points" in override:
        total = sum(item.points for item in items.values())
        if total == 0:
            raise RubricError(f"{where}: points cannot be split: every check of the layer is worth 0")
        return _points(override["points"], f"{where} points") / total
    return 1.0


def _item(value, base: Item, where: str) -> Item:
    """A number (points) or a table {points, visibility} over ``base``."""
    if isinstance(value, dict):
        _only_keys(value, {"points", "visibility"}, where)
        points = _points(value["points"], f"{where}.points") if "points" in value else base.points
        visibility = _visibility(value["visibility"], f"{where}.visibility") if "visibility" in value else base.visibility
        return Item(points, visibility)
    return Item(_points(value, where), base.visibility)


def _points(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RubricError(f"{where}: points must be a number, got {value!r}")
    if value < 0 or value != value:
        raise RubricError(f"{where}: points must be >= 0, got {value!r}")
    return number(value)


def _visibility(value, where: str) -> str:
    if value not in VISIBILITIES:
        raise RubricError(f"{where}: unknown visibility {value!r} (one of {', '.join(VISIBILITIES)})")
    return value


def _known_layer(name, where: str) -> None:
    if name not in BY_NAME:
        close = difflib.get_close_matches(str(name), BY_NAME, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise RubricError(f"{where}: unknown layer {name!r}{hint}")


def _only_keys(table: dict, allowed: set, where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise RubricError(f"{where}: unknown key(s) {unknown} (allowed: {', '.join(sorted(allowed))})")
