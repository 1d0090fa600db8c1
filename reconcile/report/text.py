"""Plain text: the table `reconcile run` prints, and the story `reconcile explain` tells."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator

from reconcile.report.baseline import Verdict
from reconcile.report.load import RunNotFound, key_of


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


def render_explain(resolution: dict[str, Any], audit: list[dict[str, Any]], run: dict[str, Any]) -> str:
    """`reconcile explain`: why this value, told in order."""
    r = resolution
    who = " → ".join(filter(None, [f"{r['subject']} ({r['subject_id']})",
                                   r["object"] and f"{r['object']} ({r['object_id']})"]))
    out = [f"{who} · {r['attribute']}" + (f" as of {r['as_of']}" if r["as_of"] else ""),
           f"  answer: {r['display']}   status: {r['status']}   confidence: {r['confidence']:.2f}",
           f"  strategy: {r['strategy']} ({r['rules'].get('strategy', '')})",
           f"  independent sources: {', '.join(r['sources']) or 'none'}",
           f"  run {run['id']} at {run['started_at']}, rules sha256 {run['rules_sha256'][:12]}",
           "", f"  claims ({len(r['claims'])}):"]
    for c in r["claims"]:
        via = f" via {c['via']}" if c["via"] else ""
        sm = c["subject_match"] or {}
        out += [f"  - [{c['role']}] {c['id']}  {c['outlet']}{via}  trust {c['trust']:.2f}  "
                f"{c['file']}:{c['line']}",
                f"      value {c['value']!r} → {c['display']}"
                + ("  (hedged)" if c["interval"]["hedged"] else ""),
                f"      subject {sm.get('mention')!r} → {sm.get('entity_id')} "
                f"({sm.get('method')}, score {sm.get('score', 0):.1f})"]
        om = c["object_match"]
        if om:
            out.append(f"      object {om['mention']!r} → {om['entity_id']} "
                       f"({om['method']}, score {om['score']:.1f})")
        out.append(f"      why: {c['reason']}")
    out += ["", "  rules:"] + [f"    {k}: {v}" for k, v in sorted(r["rules"].items())]
    out += ["", "  audit trail:"] + [f"    {e['seq']:>5} {e['kind']:<20} {e['message']}" for e in audit]
    return "\n".join(out) + "\n"


def find_resolutions(resolutions: list[dict[str, Any]], matcher, rules, subject: str,
                     attribute: str, object_: str | None = None,
                     as_of: str | None = None) -> list[dict[str, Any]]:
    """The resolutions a user means by mentions; the undated one first, then newest as_of first."""
    subject_id = _entity_id(matcher, subject)
    object_id = _entity_id(matcher, object_) if object_ else None
    attr = rules.canonical_attribute(attribute)
    found = [r for r in resolutions
             if r["subject_id"] == subject_id and r["attribute"] == attr
             and (object_ is None or r["object_id"] == object_id)
             and (as_of is None or r["as_of"] == as_of)]
    undated = [r for r in found if r["as_of"] is None]
    dated = sorted((r for r in found if r["as_of"] is not None), key=lambda r: r["as_of"],
                   reverse=True)
    return undated + dated


def _entity_id(matcher, mention: str) -> str:
    if mention in matcher.entity_ids:
        return mention
    m = matcher.match(mention)
    if m.entity_id is None:
        raise RunNotFound(f"{mention!r} matches no entity ({m.band}: {m.reason})")
    return m.entity_id
