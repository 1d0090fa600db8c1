"""JUnit XML: one test case per key, so any CI lists the keys and shows the failing ones.

A key fails when its status is named by `--fail-on` (with a baseline: when it is new or changed;
a known one is reported as skipped). Claims that could not be used (unreadable values, unmatched
mentions) are a second test suite of skipped cases: visible, but they do not fail the run, as in
the exit code.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

from reconcile.report.baseline import Verdict
from reconcile.report.formats.github import repo_path
from reconcile.report.formats.text import key_label
from reconcile.report.results import key_of

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(value: Any) -> str:
    """Text XML 1.0 can hold: control characters a claim file may carry become U+FFFD."""
    return _NOT_XML.sub("\ufffd", "" if value is None else str(value))


def render_junit(payload: dict[str, Any], verdict: Verdict) -> str:
    run, resolutions = payload["run"], payload["resolutions"]
    root = ET.Element("testsuites", name="reconcile")
    keys = ET.SubElement(root, "testsuite", name=f"reconcile run {run['id']}",
                         timestamp=_x(run["started_at"]), time=_seconds(run))
    props = ET.SubElement(keys, "properties")
    for name in ("id", "claims", "inputs_sha256", "rules_sha256", "version"):
        ET.SubElement(props, "property", name=f"run.{name}", value=_x(run[name]))
    ET.SubElement(props, "property", name="fail_on", value=verdict.fail_on_text)
    if verdict.baseline is not None:
        ET.SubElement(props, "property", name="baseline", value=_x(verdict.baseline))
    failures = skipped = 0
    for r in resolutions:
        first = r["claims"][0] if r["claims"] else {}
        case = ET.SubElement(keys, "testcase", classname=_x(f"reconcile.{r['attribute']}"),
                             name=_x(key_of(r).text), time="0")
        if first.get("file"):
            case.set("file", _x(repo_path(first["file"])))
            case.set("line", str(first.get("line") or 0))
        story = _story(r)
        if verdict.fails(r):
            failures += 1
            failure = ET.SubElement(case, "failure", type=r["status"],
                                    message=_x(f"{key_label(r)}: {r['status']}: {r['display']}"))
            failure.text = story
        elif verdict.is_known(r):
            skipped += 1
            ET.SubElement(case, "skipped", message=_x(
                f"{r['status']} known in baseline {verdict.baseline}: {r['display']}"))
        else:
            ET.SubElement(case, "system-out").text = story
    keys.set("tests", str(len(resolutions)))
    keys.set("failures", str(failures))
    keys.set("errors", "0")
    keys.set("skipped", str(skipped))

    inputs = ET.SubElement(root, "testsuite", name="reconcile inputs", timestamp=_x(run["started_at"]),
                           time="0")
    unusable = 0
    for u in payload.get("unmatched", []):
        unusable += 1
        case = ET.SubElement(inputs, "testcase", classname="reconcile.unmatched",
                             name=_x(f"{u['claim_id']} {u['role']} {u['mention']}"),
                             file=_x(repo_path(u["file"])), line=str(u["line"]), time="0")
        cands = ", ".join(f"{c['entity_id']} {c['score']:.0f}" for c in u["candidates"][:3])
        ET.SubElement(case, "skipped", message=_x(
            f"{u['file']}:{u['line']}: {u['role']} {u['mention']!r} matched no entity "
            f"({u['band']}; candidates: {cands or 'none'})"))
    for e in payload.get("errors", []):
        unusable += 1
        case = ET.SubElement(inputs, "testcase", classname="reconcile.unreadable",
                             name=_x(e["claim_id"]), file=_x(repo_path(e["file"])),
                             line=str(e["line"]), time="0")
        ET.SubElement(case, "skipped", message=_x(f"{e['file']}:{e['line']}: {e['message']}"))
    for name, value in (("tests", unusable), ("failures", 0), ("errors", 0), ("skipped", unusable)):
        inputs.set(name, str(value))

    for name, value in (("tests", len(resolutions) + unusable), ("failures", failures),
                        ("errors", 0), ("skipped", skipped + unusable), ("time", _seconds(run))):
        root.set(name, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _story(r: dict[str, Any]) -> str:
    lines = [f"{key_label(r)}" + (f" as of {r['as_of']}" if r["as_of"] else ""),
             f"status {r['status']}: {r['display']} (strategy {r['strategy']}, "
             f"confidence {r['confidence']:.2f})",
             f"sources: {', '.join(r['sources']) or 'none'}", "claims:"]
    for c in r["claims"]:
        via = f" via {c['via']}" if c.get("via") else ""
        lines.append(f"  [{c['role']}] {c['id']} {c['outlet']}{via} trust {c['trust']:.2f} "
                     f"{c.get('file')}:{c.get('line')}: {c['value']!r} -> {c['display']}")
        lines.append(f"      {c['reason']}")
    return _x("\n".join(lines))


def _seconds(run: dict[str, Any]) -> str:
    try:
        started = datetime.fromisoformat(run["started_at"])
        finished = datetime.fromisoformat(run["finished_at"])
        return f"{max((finished - started).total_seconds(), 0):.3f}"
    except (TypeError, ValueError):
        return "0"
