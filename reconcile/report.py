"""Report: read a stored run back from the database and render it (JSON, text, explain)."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from reconcile import models
from reconcile.audit import interval_json, json_number
from reconcile.graph import Key
from reconcile.interval import Interval
from reconcile.normalize import format_interval

R, C, V = models.Resolution.__table__, models.Claim.__table__, models.ClaimValue.__table__
RC, M, E = models.ResolutionClaim.__table__, models.EntityMatch.__table__, models.Entity.__table__


class RunNotFound(LookupError):
    """No such run, or no run yet."""


def latest_run_id(engine: Engine) -> int:
    with engine.connect() as conn:
        run_id = conn.execute(select(func.max(models.Run.id))).scalar()
    if run_id is None:
        raise RunNotFound("no run stored yet: `reconcile run` first")
    return run_id


def list_runs(engine: Engine) -> list[dict[str, Any]]:
    """Every stored run, newest first, with its resolution counts by status."""
    with engine.connect() as conn:
        runs = conn.execute(select(models.Run.__table__).order_by(models.Run.id.desc())).all()
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for run_id, status, n in conn.execute(
                select(R.c.run_id, R.c.status, func.count()).group_by(R.c.run_id, R.c.status)):
            counts[run_id][status] = n
    return [dict(_run_json(r), statuses=dict(sorted(counts[r.id].items()))) for r in runs]


def run_payload(engine: Engine, run_id: int, key: Key | None = None) -> dict[str, Any]:
    """The contract's JSON for a stored run (or for one key of it)."""
    with engine.connect() as conn:
        run = conn.execute(select(models.Run.__table__).where(models.Run.id == run_id)).first()
        if run is None:
            raise RunNotFound(f"no run {run_id}")
        names = dict(conn.execute(select(E.c.id, E.c.name)).all())
        where = [R.c.run_id == run_id]
        if key is not None:
            where += [R.c.subject_id == key.subject_id, R.c.attribute == key.attribute,
                      _eq(R.c.object_id, key.object_id), _eq(R.c.as_of, key.as_of)]
        resolutions = conn.execute(select(R).where(*where).order_by(R.c.position)).all()
        claims = _claims_of(conn, [r.id for r in resolutions])
        payload = {
            "run": _run_json(run),
            "resolutions": [_resolution_json(r, names, claims[r.id]) for r in resolutions],
        }
        if key is None:
            payload["unmatched"] = _unmatched(conn, run_id)
            payload["errors"] = _errors(conn, run_id)
    return payload


def audit_trail(engine: Engine, run_id: int, key: Key) -> list[dict[str, Any]]:
    """The ordered audit events of one key: its claims' stories and the decision."""
    A = models.AuditEvent.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(A).where(A.c.run_id == run_id, or_(
            A.c.key == key.text, A.c.kind.in_(("run.started", "rules.loaded", "run.finished")),
        )).order_by(A.c.seq)).all()
    return [{"seq": r.seq, "kind": r.kind, "claim_id": r.claim_id, "message": r.message,
             "data": r.data} for r in rows]


def _eq(column, value):
    return column.is_(None) if value is None else column == value


def _claims_of(conn, resolution_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not resolution_ids:
        return out
    rows = conn.execute(
        select(RC.c.resolution_id, RC.c.role, RC.c.trust, RC.c.reason, RC.c.source, C, V)
        .join(C, C.c.id == RC.c.claim_pk).join(V, V.c.claim_pk == C.c.id)
        .where(RC.c.resolution_id.in_(resolution_ids))
        .order_by(RC.c.resolution_id, C.c.claim_id)).all()
    matches: dict[int, dict[str, Any]] = defaultdict(dict)
    for m in conn.execute(select(M).where(M.c.claim_pk.in_([r.id for r in rows]))):
        matches[m.claim_pk][m.role] = {"mention": m.mention, "entity_id": m.entity_id,
                                       "method": m.method, "score": m.score}
    for r in rows:
        out[r.resolution_id].append({
            "id": r.claim_id, "outlet": r.outlet, "via": r.via, "value": r.value,
            "role": r.role, "trust": r.trust, "reason": r.reason, "source": r.source,
            "file": r.file, "line": r.line, "as_of": r.as_of, "published": r.published,
            "interval": interval_json(_interval(r)), "display": format_interval(_interval(r)),
            "subject_match": matches[r.id].get("subject"),
            "object_match": matches[r.id].get("object"),
            "url": r.url, "quote": r.quote,
        })
    return out


def _interval(row) -> Interval:
    return Interval(row.low, row.high, row.low_inclusive, row.high_inclusive, row.point,
                    row.approx, row.hedged, row.unit or "number", row.currency)


def _resolution_json(r, names: dict[str, str], claims: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "subject_id": r.subject_id, "subject": names.get(r.subject_id, r.subject_id),
        "attribute": r.attribute,
        "object_id": r.object_id, "object": names.get(r.object_id) if r.object_id else None,
        "as_of": r.as_of, "status": r.status,
        "low": json_number(r.low), "high": json_number(r.high),
        "low_inclusive": r.low_inclusive, "high_inclusive": r.high_inclusive,
        "point": json_number(r.point), "approx": r.approx,
        "unit": r.unit, "currency": r.currency, "display": r.display,
        "strategy": r.strategy, "confidence": r.confidence,
        "sources": r.sources, "rules": r.rule_origin,
        "claims": claims,
    }


def _unmatched(conn, run_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(select(C.c.claim_id, C.c.file, C.c.line, M).join(M, M.c.claim_pk == C.c.id)
                        .where(C.c.run_id == run_id, M.c.entity_id.is_(None))
                        .order_by(C.c.id, M.c.role)).all()
    return [{"claim_id": r.claim_id, "mention": r.mention, "role": r.role, "band": r.band,
             "file": r.file, "line": r.line, "candidates": r.candidates} for r in rows]


def _errors(conn, run_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(select(C.c.claim_id, C.c.file, C.c.line, C.c.value, V.c.error)
                        .join(V, V.c.claim_pk == C.c.id)
                        .where(C.c.run_id == run_id, V.c.error.is_not(None))
                        .order_by(C.c.id)).all()
    return [{"claim_id": r.claim_id, "file": r.file, "line": r.line,
             "message": f"value {r.value!r}: {r.error}"} for r in rows]


def _run_json(run) -> dict[str, Any]:
    return {"id": run.id, "started_at": _iso(run.started_at), "finished_at": _iso(run.finished_at),
            "claims": run.claims, "inputs_sha256": run.inputs_sha256,
            "rules_sha256": run.rules_sha256, "version": run.version}


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def to_json(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=_default) + "\n"


def _default(value):
    if isinstance(value, Decimal):
        return json_number(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def render_text(payload: dict[str, Any]) -> str:
    """The readable table `reconcile run` prints by default."""
    rows = [("KEY", "AS OF", "STATUS", "VALUE", "SOURCES", "CLAIMS")]
    for r in payload["resolutions"]:
        key = " → ".join(filter(None, [r["subject"], r["object"]])) + f" · {r['attribute']}"
        rows.append((key, r["as_of"] or "–", r["status"], r["display"],
                     ", ".join(r["sources"]) or "–", str(len(r["claims"]))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    run = payload["run"]
    statuses: dict[str, int] = defaultdict(int)
    for r in payload["resolutions"]:
        statuses[r["status"]] += 1
    lines += ["", f"run {run['id']}: {run['claims']} claims, {len(payload['resolutions'])} keys ("
              + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())) + ")"]
    for u in payload.get("unmatched", []):
        cands = ", ".join(f"{c['entity_id']} {c['score']:.0f}" for c in u["candidates"][:3]) or "none"
        lines.append(f"unmatched: {u['file']}:{u['line']}: {u['role']} {u['mention']!r} "
                     f"({u['band']}; candidates: {cands})")
    for e in payload.get("errors", []):
        lines.append(f"unreadable: {e['file']}:{e['line']}: {e['message']}")
    return "\n".join(lines) + "\n"


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


def stored_graph(engine: Engine, run_id: int):
    """The conflict graph of a stored run, rebuilt from its claims and edges."""
    import networkx as nx

    G = models.GraphEdge.__table__
    graph = nx.Graph()
    with engine.connect() as conn:
        if conn.execute(select(models.Run.id).where(models.Run.id == run_id)).first() is None:
            raise RunNotFound(f"no run {run_id}")
        nodes = conn.execute(
            select(C.c.id, C.c.claim_id, C.c.outlet, C.c.value, RC.c.role, RC.c.trust,
                   RC.c.source, R.c.subject_id, R.c.attribute, R.c.object_id, R.c.as_of)
            .join(RC, RC.c.claim_pk == C.c.id).join(R, R.c.id == RC.c.resolution_id)
            .where(R.c.run_id == run_id).order_by(C.c.claim_id)).all()
        names = {}
        for n in nodes:
            names[n.id] = n.claim_id
            key = Key(n.subject_id, n.attribute, n.object_id, n.as_of)
            graph.add_node(n.claim_id, key=key.text, outlet=n.outlet, source=n.source,
                           trust=n.trust, role=n.role, value=n.value)
        for e in conn.execute(select(G).join(R, R.c.id == G.c.resolution_id)
                              .where(R.c.run_id == run_id).order_by(G.c.id)):
            graph.add_edge(names[e.claim_a], names[e.claim_b], relation=e.relation)
    return graph
