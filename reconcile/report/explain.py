"""`reconcile explain`: the story of one resolution, told in order, and how a user names it."""

from __future__ import annotations

from typing import Any


def render_explain(resolution: dict[str, Any], audit: list[dict[str, Any]], run: dict[str, Any],
                   verified: str | None = None, trust: dict[str, Any] | None = None) -> str:
    """`reconcile explain`: why this value, told in order; `verified`, what the hash chain
    says of the run (`audit verify`), goes under the run's line; `trust`, the trust the run
    learned of the key's outlets."""
    r = resolution
    who = " → ".join(filter(None, [f"{r['subject']} ({r['subject_id']})",
                                   r["object"] and f"{r['object']} ({r['object_id']})"]))
    out = [f"{who} · {r['attribute']}" + (f" as of {r['as_of']}" if r["as_of"] else ""),
           f"  answer: {r['display']}   status: {r['status']}   confidence: {r['confidence']:.2f}",
           f"  strategy: {r['strategy']} ({r['rules'].get('strategy', '')})",
           f"  independent sources: {', '.join(r['sources']) or 'none'}",
           f"  run {run['id']} at {run['started_at']}, rules sha256 {run['rules_sha256'][:12]}",
           *([f"  {verified}"] if verified else []),
           *trust_lines(trust),
           "", f"  claims ({len(r['claims'])}):"]
    for c in r["claims"]:
        via = f" via {c['via']}" if c["via"] else ""
        sm = c["subject_match"] or {}
        out += [f"  - [{c['role']}] {c['id']}  {c['outlet']}{via}  trust {c['trust']:.2f}  "
                f"{c['file']}:{c['line']}",
                f"      value {c['value']!r} → {c['display']}"
                + ("  (hedged)" if c["interval"]["hedged"] else "")]
        if c.get("conversion"):
            out.append(f"      converted {c['conversion']['text']}")
        out += [
                f"      subject {sm.get('mention')!r} → {sm.get('entity_id')} "
                f"({sm.get('method')}, score {sm.get('score', 0):.1f})"]
        om = c["object_match"]
        if om:
            out.append(f"      object {om['mention']!r} → {om['entity_id']} "
                       f"({om['method']}, score {om['score']:.1f})")
        out.append(f"      why: {c['reason']}")
    out += ["", "  rules:"] + [f"    {k}: {v}" for k, v in sorted(r["rules"].items())]
    # run.seq: a key carried forward tells the events of the run that resolved it and of this one
    out += ["", "  audit trail (run.seq):"] + [
        f"    {str(e['run']) + '.' + str(e['seq']):>8} {e['kind']:<20} {e['message']}" for e in audit]
    return "\n".join(out) + "\n"


def trust_lines(trust: dict[str, Any] | None) -> list[str]:
    """"Reuters trust 0.90 prior → 0.94 learned from 1,204 claims", one line per outlet."""
    if not trust:
        return []
    out = [f"  {trust['summary']}"]
    for name, t in sorted(trust["outlets"].items()):
        copies = "".join(f"; repeats {c['other']} (dependence {c['dependence']:.2f})"
                         for c in t["copies"])
        out.append(f"    {name} trust {t['prior']:.2f} prior → {t['learned']:.2f} learned from "
                   f"{t['claims']:,} claim(s), {t['contested']:,} on keys another source "
                   f"claims too (right {t['agreement']:.0%} of those){copies}")
    return out


def find_resolutions(resolutions: list[dict[str, Any]], subject_id: str, attribute: str,
                     object_id: str | None = None, as_of: str | None = None,
                     *, any_object: bool = False) -> list[dict[str, Any]]:
    """The resolutions of a subject and canonical attribute (and object, unless `any_object`);
    the undated one first, then newest as_of first."""
    found = [r for r in resolutions
             if r["subject_id"] == subject_id and r["attribute"] == attribute
             and (any_object or r["object_id"] == object_id)
             and (as_of is None or r["as_of"] == as_of)]
    undated = [r for r in found if r["as_of"] is None]
    dated = sorted((r for r in found if r["as_of"] is not None), key=lambda r: r["as_of"],
                   reverse=True)
    return undated + dated


def render_timeline(run: dict[str, Any], periods: list[dict[str, Any]]) -> str:
    """`reconcile explain --timeline`: a key's value period by period, and under each period
    its claims by publication date (undated last), so an update reads as one."""
    first = periods[0]
    who = " → ".join(filter(None, [first["subject"], first["object"]]))
    out = [f"{who} · {first['attribute']} over time (run {run['id']})"]
    for r in periods:
        target = f" → {r['object']}" if r["object"] and r["object"] != first["object"] else ""
        out.append(f"  {r['as_of'] or 'undated':<10} {r['status']:<14} {r['display']:<22} "
                   f"{', '.join(r['sources']) or '–'}{target}")
        for c in sorted(r["claims"], key=lambda c: (c["published"] is None,
                                                    c["published"] or "", c["id"])):
            shown = c["conversion"]["text"] if c.get("conversion") else c["display"]
            out.append(f"      {c['published'] or 'undated':<10}  {c['outlet']:<20} "
                       f"{shown:<22} {c['role']}")
    return "\n".join(out) + "\n"
