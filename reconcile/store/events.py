"""The audit trail of a key, told from the stored facts, and the stored runs' claim sets.

`audit.store` writes the run-level events as rows and reserves, for each key, the sequence
numbers of its events: every claim's story (read, value, subject and object match), each
rejection, and the decision. They are told here from claims, claim_values, entity_matches,
resolution_claims and resolutions, which hold every fact they state. A resolution carried
forward by a later run keeps the trail of the run that computed it; the later run's own
events (what it carried, from where) follow it, in the order the runs happened.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, select

from reconcile.core import CATEGORICAL, SET_ASIDE, Interval, Key
from reconcile.graph import relation
from reconcile.normalize import format_interval
from reconcile.normalize.names import with_label
from reconcile.store import schema
from reconcile.store.encoding import interval_json
from reconcile.store.read import resolutions_of_run
from reconcile.store.write import story_length

R, RR, RC = (schema.Resolution.__table__, schema.RunResolution.__table__,
             schema.ResolutionClaim.__table__)
C, V, M = schema.Claim.__table__, schema.ClaimValue.__table__, schema.EntityMatch.__table__
A, IF, G = schema.AuditEvent.__table__, schema.InputFile.__table__, schema.GraphEdge.__table__
RUN_EVENTS = ("run.started", "rules.loaded", "run.full", "run.incremental", "run.finished")


def key_trail(engine: Engine, run_id: int, key: Key) -> list[dict[str, Any]]:
    """The ordered audit events of one key in a run: its claims' stories and the decision."""
    with engine.connect() as conn:
        res = conn.execute(select(R).where(
            R.c.id.in_(resolutions_of_run(run_id)), R.c.subject_id == key.subject_id,
            R.c.attribute == key.attribute, _eq(R.c.object_id, key.object_id),
            _eq(R.c.as_of, key.as_of))).first()
        origin = res.run_id if res is not None else run_id
        if res is None or res.audit_seq is None:  # a run of schema revision 0002: every event is a row
            out = _stored(conn, origin, RUN_EVENTS, key.text)
        else:
            out = _stored(conn, origin, RUN_EVENTS) + key_events(conn, res)
        if origin != run_id:
            out += _stored(conn, run_id, RUN_EVENTS)
    return sorted(out, key=lambda e: (e["run"], e["seq"]))


def key_events(conn, res) -> list[dict[str, Any]]:
    """The events of one stored resolution, numbered from its `audit_seq`."""
    key = Key(res.subject_id, res.attribute, res.object_id, res.as_of)
    claims = _claims(conn, [res.id])[res.id]
    seq = itertools.count(res.audit_seq)
    out = []
    for c in claims:
        for kind, message, data in claim_story(c):
            out.append(_event(res.run_id, next(seq), kind, key.text, c["claim_id"], message, data))
    for c in claims:
        if c["role"] in SET_ASIDE:
            out.append(_event(res.run_id, next(seq), f"claim.{c['role']}", key.text,
                              c["claim_id"], c["reason"],
                              {"source": c["source"], "trust": c["trust"]}))
    out.append(_event(res.run_id, next(seq), "resolution.decided", key.text, None,
                      f"{key.text}: {res.status} {res.display} — {res.decision}",
                      {"status": res.status, "strategy": res.strategy, "rules": res.rule_origin,
                       "confidence": res.confidence, "sources": res.sources}))
    assert next(seq) - res.audit_seq == len(claims) * story_length(key.object_id is not None) \
        + sum(c["role"] in SET_ASIDE for c in claims) + 1
    return out


def claim_story(c: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """How one claim was read, normalized and matched: (kind, message, data) in order."""
    told = [("claim.read", f"{c['outlet']}: {c['subject']} {c['attribute']} {c['object'] or ''} "
             f"= {c['value']!r}".replace("  ", " "), {"file": c["file"], "line": c["line"]})]
    if c["error"] is not None:
        told.append(("value.unreadable", f"{c['value']!r} could not be read: {c['error']}",
                     {"reason": c["error"]}))
    else:
        iv = c["interval"]
        note = "" if not c["unit_rule"] else (
            f" (a name, {iv.unit} by {c['unit_rule']})" if iv.unit in CATEGORICAL
            else f" (a bare amount, in {iv.currency or iv.unit} by {c['unit_rule']})")
        told.append(("value.normalized", f"{c['value']!r} read as {format_interval(iv)}{note}",
                     {**interval_json(iv), "unit_rule": c["unit_rule"]}))
    for role in ("subject", "object"):
        m = c["matches"].get(role)
        if m is None:
            continue
        data = {"role": role, "mention": m["mention"], "key": m["mention_key"],
                "entity_id": m["entity_id"], "method": m["method"], "band": m["band"],
                "score": m["score"], "candidates": [k["entity_id"] for k in m["candidates"]],
                "reason": m["reason"]}
        if m["entity_id"]:
            how = f"({m['reason']})" if m["method"] == "reviewed" \
                else f"({m['method']}, score {m['score']:.1f})"
            told.append(("entity.matched", f"{role} {m['mention']!r} -> {m['entity_id']} {how}",
                         data))
        else:
            told.append(("entity.unmatched",
                         f"{role} {m['mention']!r} not matched ({m['band']}): {m['reason']}",
                         data))
    return told


def edges(conn, resolution_ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    """Each resolution's conflict-graph edges (claim a, claim b, relation), claim ids sorted.

    Rebuilt from the stored intervals with graph.relation, as graph.key_graph built them;
    runs of schema revision 0002 kept them as rows, which are read as they are.
    """
    out: dict[int, list[tuple[str, str, str]]] = {}
    for rid, claims in _claims(conn, resolution_ids).items():
        out[rid] = [(a["claim_id"], b["claim_id"], relation(a["interval"], b["interval"]))
                    for a, b in itertools.combinations(claims, 2)
                    if a["interval"] is not None and b["interval"] is not None]
    legacy: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    ca, cb = C.alias("ca"), C.alias("cb")
    for chunk in _chunks(resolution_ids):
        for rid, a, b, rel in conn.execute(
                select(G.c.resolution_id, ca.c.claim_id, cb.c.claim_id, G.c.relation)
                .join(ca, ca.c.id == G.c.claim_a).join(cb, cb.c.id == G.c.claim_b)
                .where(G.c.resolution_id.in_(chunk)).order_by(G.c.id)):
            legacy[rid].append((a, b, rel))
    out.update(legacy)
    return out


def _claims(conn, resolution_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Resolutions' claims with their reading, matches and role, in claim id order."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    by_pk: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for chunk in _chunks(resolution_ids):
        rows = conn.execute(
            select(RC.c.resolution_id, RC.c.role, RC.c.reason, RC.c.source, RC.c.trust, C.c.id,
                   C.c.claim_id, C.c.outlet, C.c.subject, C.c.attribute, C.c.object, C.c.value,
                   C.c.file, C.c.line, V.c.low, V.c.high, V.c.low_inclusive, V.c.high_inclusive,
                   V.c.point, V.c.approx, V.c.hedged, V.c.unit, V.c.currency, V.c.error,
                   V.c.unit_rule)
            .join(C, C.c.id == RC.c.claim_pk).join(V, V.c.claim_pk == C.c.id)
            .where(RC.c.resolution_id.in_(chunk)).order_by(RC.c.resolution_id, C.c.claim_id))
        for r in rows:
            c = dict(r._mapping)
            c["interval"] = None if r.error is not None else with_label(Interval(
                r.low, r.high, r.low_inclusive, r.high_inclusive, r.point, r.approx, r.hedged,
                r.unit or "number", r.currency), r.value)
            c["matches"] = {}
            out[r.resolution_id].append(c)
            by_pk[r.id].append(c)
    pks = sorted(by_pk)
    for chunk in _chunks(pks):
        for m in conn.execute(select(M).where(M.c.claim_pk.in_(chunk))):
            for c in by_pk[m.claim_pk]:
                c["matches"][m.role] = dict(m._mapping)
    return out


def _stored(conn, run_id: int, kinds: tuple[str, ...], key_text: str | None = None):
    where = A.c.kind.in_(kinds) if key_text is None else (A.c.kind.in_(kinds) | (A.c.key == key_text))
    return [_event(run_id, r.seq, r.kind, r.key, r.claim_id, r.message, r.data)
            for r in conn.execute(select(A).where(A.c.run_id == run_id, where).order_by(A.c.seq))]


def _event(run_id, seq, kind, key, claim_id, message, data) -> dict[str, Any]:
    return {"run": run_id, "seq": seq, "kind": kind, "key": key, "claim_id": claim_id,
            "message": message, "data": data}


def _eq(column, value):
    return column.is_(None) if value is None else column == value


def _chunks(items, size: int = 500):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]
