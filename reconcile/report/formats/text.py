"""Plain text: the table `reconcile run` prints.

The table shows every failing key and the first `MAX_OTHER_ROWS` others, then how many it left
out and the command that shows them all: at 200,000 keys the whole table took seconds to
print, for a terminal nobody reads that far. The summary line counts every key; JSON and
`reconcile report --format text --all` have every row.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator

from reconcile.report.baseline import Verdict
from reconcile.report.results import key_of

MAX_OTHER_ROWS = 50  # rows of keys that do not fail the run, after the failing ones
ALL_ROWS_COMMAND = "reconcile report --format text --all"


def key_label(r: dict[str, Any]) -> str:
    """`Amazon → OpenAI · investment`: the key as a reader names it."""
    return " → ".join(filter(None, [r["subject"], r["object"]])) + f" · {r['attribute']}"


def claim_count(r: dict[str, Any]) -> int:
    """How many claims a resolution had, whether or not they were read with it."""
    return r.get("claim_count", len(r["claims"]))


def status_counts(payload: dict[str, Any]) -> Counter:
    return Counter(r["status"] for r in payload["resolutions"])


def render_text(payload: dict[str, Any], verdict: Verdict | None = None, *,
                all_rows: bool = False) -> str:
    """The readable table `reconcile run` prints by default."""
    return "".join(iter_text(payload, verdict, all_rows=all_rows))


def shown_rows(resolutions: list[dict[str, Any]], verdict: Verdict | None,
               all_rows: bool = False) -> list[dict[str, Any]]:
    """The resolutions the table shows, in the run's order: every failing key and the first
    `MAX_OTHER_ROWS` others (all of them with `all_rows`)."""
    if all_rows or len(resolutions) <= MAX_OTHER_ROWS:
        return resolutions
    fail_statuses = verdict.fail_statuses if verdict is not None else frozenset()
    shown, others = [], 0
    for r in resolutions:
        if r["status"] in fail_statuses and verdict is not None and verdict.fails(r):
            shown.append(r)
        elif others < MAX_OTHER_ROWS:
            shown.append(r)
            others += 1
    return shown


def iter_text(payload: dict[str, Any], verdict: Verdict | None = None, *,
              all_rows: bool = False) -> Iterator[str]:
    resolutions = payload["resolutions"]
    shown = shown_rows(resolutions, verdict, all_rows)
    rows = [("KEY", "AS OF", "STATUS", "VALUE", "SOURCES", "CLAIMS")]
    for r in shown:
        rows.append((key_label(r), r["as_of"] or "–", r["status"], r["display"],
                     ", ".join(r["sources"]) or "–", str(claim_count(r))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        yield "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() + "\n"
        if i == 0:
            yield "  ".join("-" * w for w in widths) + "\n"
    if len(shown) < len(resolutions):
        yield f"… {len(resolutions) - len(shown)} more ({ALL_ROWS_COMMAND})\n"
    run = payload["run"]
    statuses = status_counts(payload)
    yield (f"\nrun {run['id']}: {run['claims']} claims, {len(payload['resolutions'])} keys ("
           + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) + ")\n")
    for u in payload.get("unmatched", []):
        cands = ", ".join(f"{c['entity_id']} {c['score']:.0f}" for c in u["candidates"][:3]) or "none"
        yield (f"unmatched: {u['file']}:{u['line']}: {u['role']} {u['mention']!r} "
               f"({u['band']}; candidates: {cands})\n")
    for e in payload.get("errors", []):
        yield f"unreadable: {e['file']}:{e['line']}: {e['message']}\n"
    if verdict is not None and verdict.baseline is not None:
        yield from baseline_lines(verdict)


def baseline_lines(verdict: Verdict) -> Iterator[str]:
    yield f"\n{verdict.summary()}\n"
    for r in verdict.new:
        yield f"  new:     {key_of(r).text}: {r['status']} {r['display']}\n"
    for was, now in verdict.changed:
        yield (f"  changed: {key_of(now).text}: {was['status']} {was.get('display')} → "
               f"{now['status']} {now['display']}\n")
    for was, now in verdict.fixed:
        after = f"{now['status']} {now['display']}" if now else "no longer resolved"
        yield f"  fixed:   {key_of(was).text}: {was['status']} → {after}\n"
