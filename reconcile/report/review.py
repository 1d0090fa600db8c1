"""`reconcile review conflicts` and `review history`: what reviewers read before deciding."""

from __future__ import annotations

from typing import Any

from reconcile.normalize import format_interval
from reconcile.report.formats.text import key_label


def render_conflicts(run_id: int, keys: list[dict[str, Any]]) -> str:
    if not keys:
        return f"run {run_id}: no open conflict\n"
    out = [f"run {run_id}: {len(keys)} key(s)"]
    for r in keys:
        as_of = f" as of {r['as_of']}" if r["as_of"] else ""
        out.append(f"\n{key_label(r)}{as_of}  [{r['status']}]  {r['display']}")
        for n, c in enumerate(r.get("candidates") or [], start=1):
            out.append(f"  candidate {n}: {c['display']}  weight {c['weight']:.2f}  support "
                       f"{c['support']:.2f}  from {', '.join(c['sources'])}  "
                       f"claims {', '.join(c['claims'])}")
        for c in r["claims"]:
            out.append(f"    {c['id']}  {c['outlet']:<20} {c['display']:<16} {c['role']:<10} "
                       f"{c['value']!r}")
    return "\n".join(out) + "\n"


def decision_json(d) -> dict[str, Any]:
    iv = d.interval
    return {"id": d.id, "key": d.key.text, "action": d.action, "claims": list(d.claim_ids),
            "value": format_interval(iv) if iv is not None else None, "reason": d.reason,
            "source_url": d.source_url, "by": d.decided_by,
            "at": d.decided_at.isoformat(), "digest": d.digest, "seen": list(d.seen)}


def render_history(decisions) -> str:
    if not decisions:
        return "no value decision\n"
    out = []
    for d in decisions:
        what = ", ".join(d.claim_ids) if d.claim_ids else (
            format_interval(d.interval) if d.interval is not None else "")
        out.append(f"{d.id:>4}  {d.decided_at:%Y-%m-%d %H:%M}  {d.decided_by:<12} "
                   f"{d.action:<7} {d.key.text}  {what}"
                   + (f"  — {d.reason}" if d.reason else "")
                   + (f"  <{d.source_url}>" if d.source_url else ""))
    return "\n".join(out) + "\n"
