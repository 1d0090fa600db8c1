"""Reviewers' decisions in the database: the latest per mention, recording one, and the queue."""

from __future__ import annotations

from sqlalchemy import Engine, func, insert, select

from reconcile.review import QueueItem, StoredDecision
from reconcile.store import schema


def current_decisions(engine: Engine) -> list[StoredDecision]:
    """The latest decision per mention key, in key order (the order a run applies them)."""
    D = schema.ReviewDecision.__table__
    latest = select(D.c.mention_key, func.max(D.c.id).label("id")).group_by(D.c.mention_key).subquery()
    with engine.connect() as conn:
        rows = conn.execute(select(D).join(latest, latest.c.id == D.c.id)
                            .order_by(D.c.mention_key)).all()
    return [StoredDecision(r.mention, r.mention_key, r.action, r.entity_id, r.entity_name,
                           r.decided_by, r.reason, r.decided_at) for r in rows]


def record(engine: Engine, decision: StoredDecision) -> StoredDecision:
    """Store a reviewer's decision (made by `review.decide`); the next run applies it."""
    with engine.begin() as conn:
        conn.execute(insert(schema.ReviewDecision), [{
            "mention_key": decision.mention_key, "mention": decision.mention,
            "action": decision.action, "entity_id": decision.entity_id,
            "entity_name": decision.entity_name, "decided_by": decision.decided_by,
            "reason": decision.reason, "decided_at": decision.decided_at}])
    return decision


def queue(engine: Engine, run_id: int) -> list[QueueItem]:
    """Unmatched mentions of a run not decided since: review band first, then most claims."""
    C, M = schema.Claim.__table__, schema.EntityMatch.__table__
    IF = schema.InputFile.__table__
    decided = {d.mention_key for d in current_decisions(engine)}
    with engine.connect() as conn:
        # the claims of every file version the run read or carried forward, in reading order
        rows = conn.execute(select(M.c.mention, M.c.mention_key, M.c.band, M.c.candidates,
                                   C.c.claim_id, C.c.file, C.c.line)
                            .join(C, C.c.id == M.c.claim_pk)
                            .join(IF, (IF.c.version_id == C.c.version_id)
                                  & (IF.c.run_id == run_id))
                            .where(M.c.entity_id.is_(None))
                            .order_by(IF.c.position, C.c.line, C.c.id)).all()
    items: dict[str, dict] = {}
    for r in rows:
        if r.mention_key in decided:
            continue
        item = items.setdefault(r.mention_key, {"mention": r.mention, "band": r.band,
                                                "claims": [], "places": [],
                                                "candidates": r.candidates})
        if r.claim_id not in item["claims"]:
            item["claims"].append(r.claim_id)
            item["places"].append(f"{r.file}:{r.line}")
    ordered = sorted(items.items(), key=lambda kv: (kv[1]["band"] != "review",
                                                    -len(kv[1]["claims"]), kv[0]))
    return [QueueItem(v["mention"], k, v["band"], tuple(v["claims"]), tuple(v["places"]),
                      tuple(v["candidates"])) for k, v in ordered]
