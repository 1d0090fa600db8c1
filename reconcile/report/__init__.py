"""Report: read a stored run back from the database and render it, without recomputing anything.

Formats: `text` (the table), `json` (the contract's JSON), `md` (pull requests and
`$GITHUB_STEP_SUMMARY`), `html` (one self-contained page), `junit` (one test case per key) and
`github` (workflow-command annotations). `reconcile run --format` and `reconcile report --format`
both come here.

    load      the database: the run payload, explain trails, graph edges, run_results.json files
    results   the JSON, streamed (run_results.json), and the JSON Schema shipped with it
    baseline  which keys fail a run: all failing ones, or with a baseline the new and changed
    diff      what changed between two runs, key by key, with the claims that changed it
    text, markdown, html (+ svg, report.js, report.css), junit, github: the renderers
"""

from __future__ import annotations

from typing import Any, Iterator, TextIO

from reconcile.report.baseline import Verdict, judge, range_of
from reconcile.report.github import iter_github, render_github
from reconcile.report.html import drawn_keys, iter_html, render_html
from reconcile.report.junit import render_junit
from reconcile.report.load import (ReportInputError, RunNotFound, audit_trail, key_of,
                                   latest_run_id, list_runs, read_results, report_extras,
                                   run_json, run_payload, stored_graph)
from reconcile.report.markdown import iter_markdown, render_markdown
from reconcile.report.results import iter_json, schema, to_json, write_results
from reconcile.report.text import find_resolutions, iter_text, render_explain, render_text

FORMATS = ("text", "json", "md", "html", "junit", "github")

__all__ = [
    "FORMATS", "ReportInputError", "RunNotFound", "Verdict", "audit_trail", "drawn_keys",
    "find_resolutions",
    "iter_report", "judge", "key_of", "latest_run_id", "list_runs", "range_of", "read_results",
    "render", "render_explain", "render_github", "render_html", "render_junit",
    "render_markdown", "render_text", "report_extras", "run_json", "run_payload", "schema", "stored_graph",
    "to_json", "with_verdict", "write_report", "write_results",
]


def with_verdict(payload: dict[str, Any], verdict: Verdict | None) -> dict[str, Any]:
    """The payload as written out: with a `baseline` object when a baseline was given."""
    if verdict is None or verdict.baseline is None:
        return payload
    return {**payload, "baseline": verdict.as_json()}


def iter_report(fmt: str, payload: dict[str, Any], verdict: Verdict,
                extras: dict[str, Any] | None = None) -> Iterator[str]:
    """The report in `fmt`, as chunks of text (a big run is never one giant string)."""
    if fmt == "text":
        return iter_text(payload, verdict)
    if fmt == "json":
        return iter_json(with_verdict(payload, verdict))
    if fmt == "md":
        return iter_markdown(payload, verdict)
    if fmt == "html":
        return iter_html(payload, verdict, extras)
    if fmt == "junit":
        return iter([render_junit(payload, verdict)])
    if fmt == "github":
        return iter_github(payload, verdict)
    raise ValueError(f"unknown report format {fmt!r}: expected one of {', '.join(FORMATS)}")


def render(fmt: str, payload: dict[str, Any], verdict: Verdict,
           extras: dict[str, Any] | None = None) -> str:
    return "".join(iter_report(fmt, payload, verdict, extras))


def write_report(out: TextIO, fmt: str, payload: dict[str, Any], verdict: Verdict,
                 extras: dict[str, Any] | None = None) -> None:
    buf: list[str] = []
    size = 0
    for chunk in iter_report(fmt, payload, verdict, extras):
        buf.append(chunk)
        size += len(chunk)
        if size >= 1 << 16:
            out.write("".join(buf))
            buf, size = [], 0
    out.write("".join(buf))
