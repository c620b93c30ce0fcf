"""How a score dict (``Rubric.score``) is shown: a text table, JSON, Markdown, JUnit XML."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from oracle.spec import CHECKS, CHECK_TITLES

SYMBOLS = {"passed": "ok", "failed": "FAIL", "not run": "--", "skipped": "skip"}


def failures(scores: dict) -> list[tuple[str, str, dict]]:
    """(layer, check, entry) of every item that did not pass, in manifest order."""
    return [(layer, check, c) for layer, e in scores["layers"].items()
            for check, c in e["checks"].items() if c["outcome"] != "passed"]


def _cell(entry: dict, check: str) -> str:
    return SYMBOLS.get(entry["checks"][check]["outcome"], "?") if check in entry["checks"] else ""


def format_text(scores: dict, show_failures: bool = True) -> str:
    """A fixed-width table, one row per layer, then the first lines of every failure."""
    lines = [f"{'layer':28s} " + " ".join(f"{c:>10s}" for c in CHECKS) + f" {'score':>11s}"]
    for layer, entry in scores["layers"].items():
        cells = " ".join(f"{_cell(entry, c):>10s}" for c in CHECKS)
        lines.append(f"{layer:28s} {cells} {str(entry['earned']) + '/' + str(entry['possible']):>11s}")
    lines.append(f"TOTAL {scores['earned']}/{scores['possible']} points = {scores['percent']:.2f}%")
    if show_failures and failures(scores):
        lines.append("\nFailures (first lines; the JSON report has the full text):")
        for layer, check, c in failures(scores):
            head = [line for line in c["message"].strip().splitlines() if line.strip()][:4]
            lines.append(f"\n[{layer} / {check}] {c['outcome']}\n  " + "\n  ".join(head))
    return "\n".join(lines)


def format_json(scores: dict) -> str:
    return json.dumps(scores, indent=1)


def format_markdown(scores: dict, show_failures: bool = True) -> str:
    """A Markdown table (for a CI job summary or an issue) and each failure in full."""
    lines = [f"**Total: {scores['earned']}/{scores['possible']} points ({scores['percent']:.2f}%)**", "",
             "| layer | " + " | ".join(CHECKS) + " | score |", "| --- |" + " :---: |" * len(CHECKS) + " ---: |"]
    for layer, entry in scores["layers"].items():
        lines.append(f"| {layer} | " + " | ".join(_cell(entry, c) for c in CHECKS)
                     + f" | {entry['earned']}/{entry['possible']} |")
    if show_failures:
        for layer, check, c in failures(scores):
            lines += ["", f"<details><summary>{layer} · {check}: {c['outcome']}</summary>", "", "```text",
                      c["message"].strip() or "(no message)", "```", "</details>"]
    return "\n".join(lines) + "\n"


FORMATS = {"text": format_text, "json": lambda scores, show_failures=True: format_json(scores),
           "md": format_markdown}


def junit_xml(suites: list[tuple[str, dict]]) -> bytes:
    """JUnit XML: one <testsuite> per (submission name, scores), one <testcase> per (layer,
    check); a check that did not pass is a <failure> whose text is its report."""
    root = ET.Element("testsuites", name="nn-oracle")
    for name, scores in suites:
        items = [(layer, check, c) for layer, e in scores["layers"].items() for check, c in e["checks"].items()]
        suite = ET.SubElement(root, "testsuite", name=name, tests=str(len(items)),
                              failures=str(len(failures(scores))), errors="0", skipped="0")
        for layer, check, c in items:
            case = ET.SubElement(suite, "testcase", classname=f"{name}.{layer}", name=check)
            properties = ET.SubElement(case, "properties")
            for key, value in (("points", c["points"]), ("max_points", c["max_points"])):
                ET.SubElement(properties, "property", name=key, value=str(value))
            if c["outcome"] != "passed":
                first = next((line for line in c["message"].splitlines() if line.strip()), c["outcome"])
                failure = ET.SubElement(case, "failure", type=c["outcome"], message=first[:300])
                failure.text = f"{layer} · {check}: {CHECK_TITLES[check]}\n{c['message']}"
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
