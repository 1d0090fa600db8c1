"""Plain text: the table `reconcile run` prints."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator

from reconcile.report.baseline import Verdict
from reconcile.report.results import key_of


def key_label(r: dict[str, Any]) -> str:
    """`Amazon → OpenAI · investment`: the key as a reader names it."""
    return " → ".join(filter(None, [r["subject"], r["object"]])) + f" · {r['attribute']}"


def claim_count(r: dict[str, Any]) -> int:
    """How many claims a resolution had, whether or not they were read with it."""
    return r.get("claim_count", len(r["claims"]))


def status_counts(payload: dict[str, Any]) -> Counter:
    return Counter(r["status"] for r in payload["resolutions"])


def render_text(payload: dict[str, Any], verdict: Verdict | None = None) -> str:
    """The readable table `reconcile run` prints by default."""
    return "".join(iter_text(payload, verdict))


def iter_text(payload: dict[str, Any], verdict: Verdict | None = None) -> Iterator[str]:
    rows = [("KEY", "AS OF", "STATUS", "VALUE", "SOURCES", "CLAIMS")]
    for r in payload["resolutions"]:
        rows.append((key_label(r), r["as_of"] or "–", r["status"], r["display"],
                     ", ".join(r["sources"]) or "–", str(claim_count(r))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        yield "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() + "\n"
        if i == 0:
            yield "  ".join("-" * w for w in widths) + "\n"
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
