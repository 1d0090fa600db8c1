"""Report: render a stored run, as it was stored, in any format.

Formats: `text` (the table), `json` (the contract's JSON), `md` (pull requests and
`$GITHUB_STEP_SUMMARY`), `html` (one self-contained page), `junit` (one test case per key) and
`github` (workflow-command annotations). Renderers take the run as the store reads it back
(`reconcile.store.runs`) and never touch the database themselves.

    results   the contract's JSON, streamed (run_results.json), read back, and its JSON Schema
    baseline  which keys fail a run: all failing ones, or with a baseline the new and changed
    diff      what changed between two runs, key by key, with the claims that changed it
    explain   the story of one resolution
    formats/  text, markdown, html (+ svg, report.js, report.css), junit, github
"""

from __future__ import annotations

from typing import Any, Iterator, TextIO

from reconcile.report.baseline import Verdict, judge, range_of
from reconcile.report.explain import find_resolutions, render_explain, render_timeline
from reconcile.report.formats.github import iter_github, render_github
from reconcile.report.formats.html import drawn_keys, iter_html, render_html
from reconcile.report.formats.junit import render_junit
from reconcile.report.formats.markdown import iter_markdown, render_markdown
from reconcile.report.formats.text import iter_text, render_text
from reconcile.report.results import iter_json, key_of, read_results, schema, to_json, write_results

FORMATS = ("text", "json", "md", "html", "junit", "github")

__all__ = [
    "FORMATS", "Verdict", "drawn_keys", "find_resolutions", "iter_report", "judge", "key_of",
    "range_of", "read_results", "render", "render_explain", "render_github", "render_html",
    "render_junit", "render_markdown", "render_text", "render_timeline", "schema", "to_json", "with_verdict",
    "write_report", "write_results",
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
