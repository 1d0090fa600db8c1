"""GitHub Actions workflow commands: annotations at the claim lines that disagree.

`::error` on every claim of a key that fails the run, `::warning` on the claims of a conflict
that does not (`--fail-on never`, or known in the baseline), and on each unreadable value and
unmatched mention, at its file and line. GitHub shows them on the pull request's diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

from reconcile.config import workspace
from reconcile.report.baseline import Verdict
from reconcile.report.formats.text import key_label
from reconcile.report.results import key_of

MAX_ANNOTATIONS = 1000  # GitHub shows a few dozen per step; beyond this only the log grows


def _data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def repo_path(file: str | None, base: str | None = None) -> str:
    """A claim file's path as GitHub names it: relative to the workspace when inside it."""
    if not file:
        return ""
    base = base or workspace()
    try:
        rel = Path(os.path.abspath(file)).relative_to(os.path.abspath(base))
    except ValueError:
        return file
    return rel.as_posix()


def command(level: str, message: str, *, file: str | None = None, line: int | None = None,
            title: str | None = None) -> str:
    props = []
    if file:
        props.append(f"file={_prop(repo_path(file))}")
        if line:
            props.append(f"line={int(line)}")
    if title:
        props.append(f"title={_prop(title)}")
    return f"::{level} {','.join(props)}::{_data(message)}\n" if props else \
        f"::{level}::{_data(message)}\n"


def render_github(payload: dict[str, Any], verdict: Verdict) -> str:
    return "".join(iter_github(payload, verdict))


def iter_github(payload: dict[str, Any], verdict: Verdict) -> Iterator[str]:
    lines = _annotations(payload, verdict)
    shown = 0
    for line in lines:
        if shown == MAX_ANNOTATIONS:
            rest = sum(1 for _ in lines) + 1
            yield command("notice", f"{rest} more reconcile annotation(s) not shown; "
                                    "see run_results.json")
            break
        shown += 1
        yield line
    run = payload["run"]
    yield (f"reconcile run {run['id']}: {len(payload['resolutions'])} keys, "
           f"{verdict.summary()}\n")


def _annotations(payload: dict[str, Any], verdict: Verdict) -> Iterator[str]:
    for r in payload["resolutions"]:
        if verdict.fails(r):
            level = "error"
        elif r["status"] == "conflict":
            level = "warning"
        else:
            continue
        known = " (known in baseline)" if verdict.is_known(r) else ""
        title = f"reconcile {r['status']}: {key_of(r).text}{known}"
        others = len(r["claims"]) - 1
        for c in r["claims"]:
            via = f" via {c['via']}" if c.get("via") else ""
            message = (f"{key_label(r)}: {r['status']} ({r['display']}). This claim: "
                       f"{c['outlet']}{via} (trust {c['trust']:.2f}) says {c['value']!r} → "
                       f"{c['display']}, {c['role']}: {c['reason']}"
                       + (f" — {others} other claim(s) on this key" if others else ""))
            yield command(level, message, file=c.get("file"), line=c.get("line"), title=title)
    for e in payload.get("errors", []):
        yield command("warning", e["message"], file=e["file"], line=e["line"],
                      title="reconcile: unreadable value")
    for u in payload.get("unmatched", []):
        cands = ", ".join(f"{c['entity_id']} {c['score']:.0f}" for c in u["candidates"][:3])
        yield command("warning", f"{u['role']} {u['mention']!r} matched no entity ({u['band']}; "
                                 f"candidates: {cands or 'none'})",
                      file=u["file"], line=u["line"], title="reconcile: unmatched mention")
