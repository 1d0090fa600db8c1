"""A run rendered in any of the report formats, as chunks of text or into a stream."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from reconcile.report import FORMATS
from reconcile.report.baseline import Verdict
from reconcile.report.formats.github import iter_github
from reconcile.report.formats.html import iter_html
from reconcile.report.formats.junit import render_junit
from reconcile.report.formats.markdown import iter_markdown
from reconcile.report.formats.text import iter_text
from reconcile.report.results import iter_json


def with_verdict(payload: dict[str, Any], verdict: Verdict | None) -> dict[str, Any]:
    """The payload as written out: with a `baseline` object when a baseline was given."""
    if verdict is None or verdict.baseline is None:
        return payload
    return {**payload, "baseline": verdict.as_json()}


def iter_report(fmt: str, payload: dict[str, Any], verdict: Verdict,
                extras: dict[str, Any] | None = None, *, all_rows: bool = False) -> Iterator[str]:
    """The report in `fmt`, as chunks of text (a big run is never one giant string).

    The text table shows the failing keys and the first others; `all_rows` shows every key.
    """
    if fmt == "text":
        return iter_text(payload, verdict, all_rows=all_rows)
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
           extras: dict[str, Any] | None = None, *, all_rows: bool = False) -> str:
    return "".join(iter_report(fmt, payload, verdict, extras, all_rows=all_rows))


def write_report(out: TextIO, fmt: str, payload: dict[str, Any], verdict: Verdict,
                 extras: dict[str, Any] | None = None, *, all_rows: bool = False) -> None:
    buf: list[str] = []
    size = 0
    for chunk in iter_report(fmt, payload, verdict, extras, all_rows=all_rows):
        buf.append(chunk)
        size += len(chunk)
        if size >= 1 << 16:
            out.write("".join(buf))
            buf, size = [], 0
    out.write("".join(buf))
