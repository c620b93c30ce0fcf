"""A class's outputs, written from the per-student reports alone (so a merge of shards writes
exactly what one unsharded run writes):

    OUT/grades.csv          one row per student: status, a column per layer, total, possible, percent
    OUT/layer_summary.csv   per layer: mean score, full-marks rate, pass rate of each check
    OUT/students/NAME.json  one report per student (every check's outcome and message)
    OUT/histograms.png      distribution of totals, and of scores per layer
    OUT/grading.json        what was graded: rubric, profile, manifest (merge checks they agree)

Everything is sorted by submission name and contains no times: identical on every rerun.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from oracle.spec import CHECKS

from .rubric import number

STUDENTS = "students"


def run_metadata(settings) -> dict:
    """What every report of a run shares; shards can only be merged when theirs are equal."""
    return {"rubric": {"name": settings.rubric.name, "sha256": settings.rubric.sha256},
            "profile": settings.profile, "call_timeout": settings.call_timeout,
            "manifest": [list(pair) for pair in settings.manifest()]}


def write_class_outputs(out: Path, reports: list[dict], metadata: dict) -> None:
    """Write every class output into ``out`` (created if needed)."""
    reports = sorted(reports, key=lambda r: r["submission"])
    layers = list(dict.fromkeys(layer for layer, _ in metadata["manifest"]))
    (out / STUDENTS).mkdir(parents=True, exist_ok=True)
    for stale in (out / STUDENTS).glob("*.json"):  # a previous run's students must not linger
        stale.unlink()
    for report in reports:
        (out / STUDENTS / f"{report['submission']}.json").write_text(json.dumps(report, indent=1) + "\n")
    (out / "grading.json").write_text(json.dumps({**metadata, "submissions": len(reports)}, indent=1) + "\n")
    (out / "grades.csv").write_text(grades_csv(reports, layers))
    (out / "layer_summary.csv").write_text(summary_csv(layer_summary(reports, layers)))
    write_histograms(out / "histograms.png", reports, layers)


def grades_csv(reports: list[dict], layers: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", "status", *layers, "total", "possible", "percent"])
    for r in reports:
        writer.writerow([r["submission"], r["status"], *(r["layers"][layer]["earned"] for layer in layers),
                         r["earned"], r["possible"], f"{r['percent']:.2f}"])
    return buffer.getvalue()


def layer_summary(reports: list[dict], layers: list[str]) -> list[dict]:
    """Per layer: max points, mean points, how many students got full marks, and the fraction
    of students passing each of its checks (None where the check does not apply)."""
    rows = []
    for layer in layers:
        entries = [r["layers"][layer] for r in reports]
        possible = entries[0]["possible"] if entries else 0
        full = sum(e["earned"] == e["possible"] for e in entries)
        row = {"layer": layer, "max_points": possible,
               "mean_points": number(sum(e["earned"] for e in entries) / len(entries)) if entries else 0,
               "full_marks": full, "full_marks_rate": round(full / len(entries), 4) if entries else 0.0}
        for check in CHECKS:
            outcomes = [e["checks"][check]["outcome"] for e in entries if check in e["checks"]]
            row[f"{check}_pass_rate"] = round(outcomes.count("passed") / len(outcomes), 4) if outcomes else None
        rows.append(row)
    return rows


def summary_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["layer", "max_points", "mean_points", "full_marks", "full_marks_rate",
                                                *(f"{c}_pass_rate" for c in CHECKS)], lineterminator="\n")
    writer.writeheader()
    writer.writerows([{k: ("" if v is None else v) for k, v in row.items()} for row in rows])
    return buffer.getvalue()


def format_summary(rows: list[dict], students: int) -> str:
    """The per-layer summary as printed after a batch: hardest layers first."""
    lines = [f"{students} submissions; per layer: mean points / max, students with full marks, "
             "pass rate per check", f"{'layer':28s} {'mean':>11s} {'full':>6s}  " + " ".join(f"{c:>10s}" for c in CHECKS)]
    for row in sorted(rows, key=lambda r: (r["full_marks_rate"], r["layer"])):
        rates = " ".join(f"{'' if row[f'{c}_pass_rate'] is None else format(row[f'{c}_pass_rate'], '.0%'):>10s}"
                         for c in CHECKS)
        lines.append(f"{row['layer']:28s} {str(row['mean_points']) + '/' + str(row['max_points']):>11s} "
                     f"{row['full_marks_rate']:6.0%}  {rates}")
    return "\n".join(lines)


#: Score bins of the per-layer chart (fraction of the layer's points) and their colors.
BINS = (("0", "#d62728"), ("1-49%", "#ff7f0e"), ("50-99%", "#bcbd22"), ("100%", "#2ca02c"))


def _bin(earned, possible) -> int:
    if possible == 0 or earned == possible:
        return 3
    fraction = earned / possible
    return 0 if fraction == 0 else 1 if fraction < 0.5 else 2


def write_histograms(path: Path, reports: list[dict], layers: list[str]) -> None:
    """Left: histogram of the students' totals (percent). Right: per layer, how many students
    scored 0, under half, at least half and full marks (a histogram per layer, stacked)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    height = max(4.0, 0.22 * len(layers) + 1.5)
    fig, (totals, per_layer) = plt.subplots(1, 2, figsize=(14, height), gridspec_kw={"width_ratios": [1, 1.4]})
    totals.hist([r["percent"] for r in reports], bins=[i * 5 for i in range(21)], color="#1f77b4", edgecolor="white")
    totals.set(title=f"Totals ({len(reports)} submissions)", xlabel="percent of the points", ylabel="submissions",
               xlim=(0, 100))
    counts = [[0] * len(BINS) for _ in layers]
    for r in reports:
        for row, layer in enumerate(layers):
            counts[row][_bin(r["layers"][layer]["earned"], r["layers"][layer]["possible"])] += 1
    left = [0] * len(layers)
    positions = list(range(len(layers)))[::-1]
    for index, (label, color) in enumerate(BINS):
        widths = [c[index] for c in counts]
        per_layer.barh(positions, widths, left=left, color=color, label=label, height=0.8)
        left = [a + b for a, b in zip(left, widths)]
    per_layer.set_yticks(positions, layers, fontsize=7)
    per_layer.set(title="Scores per layer", xlabel="submissions", ylim=(-0.6, len(layers) - 0.4))
    totals.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of students
    per_layer.xaxis.set_major_locator(MaxNLocator(integer=True))
    per_layer.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, title="layer score")
    fig.tight_layout()
    fig.savefig(path, dpi=80, metadata={"Software": None})
    plt.close(fig)


# ----------------------------------------------------------------------------------------------
# Merging shards
# ----------------------------------------------------------------------------------------------
class MergeError(ValueError):
    """Shard outputs that cannot be combined (different rubric or layers, a student twice)."""


def read_output(folder: Path) -> tuple[dict, list[dict]]:
    """A batch output folder's metadata and per-student reports."""
    meta_path = folder / "grading.json"
    if not meta_path.is_file():
        raise MergeError(f"{folder}: no grading.json (not a grader.py output folder)")
    metadata = json.loads(meta_path.read_text())
    metadata.pop("submissions", None)
    reports = [json.loads(p.read_text()) for p in sorted((folder / STUDENTS).glob("*.json"))]
    return metadata, reports


def merge_outputs(folders: list[Path], out: Path) -> list[dict]:
    """Combine shard outputs into ``out``; returns the merged reports."""
    metadata, merged = None, {}
    for folder in folders:
        meta, reports = read_output(folder)
        if metadata is not None and meta != metadata:
            raise MergeError(f"{folder}: graded with another rubric, profile or set of layers than {folders[0]}")
        metadata = meta
        for report in reports:
            if report["submission"] in merged:
                raise MergeError(f"{report['submission']} appears in two shard outputs (one is {folder})")
            merged[report["submission"]] = report
    if metadata is None:
        raise MergeError("nothing to merge")
    reports = [merged[name] for name in sorted(merged)]
    write_class_outputs(out, reports, metadata)
    return reports
