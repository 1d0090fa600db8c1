"""Reviewers' value decisions in the database: recording one, and every one in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from reconcile.core import Interval, Key
from reconcile.errors import StaleDecision
from reconcile.store import schema
from reconcile.value_review import ValueDecision

VD = schema.ValueDecision.__table__


def record(engine: Engine, d: ValueDecision, *, seen_last: int | None = None) -> ValueDecision:
    """Store a decision (made by `value_review.decide`); the next run applies it.

    `seen_last` is the key's latest decision id when the reviewer opened it (0: none; None:
    whatever it is now). If another decision came since, StaleDecision says whose; two
    decisions recorded at once on one state of the key collide on `follows`, and the second
    gets the same error.
    """
    iv = d.interval
    try:
        with engine.begin() as conn:
            return replace(d, id=_insert(conn, d, iv, seen_last))
    except IntegrityError:
        with engine.connect() as conn:
            raise StaleDecision(_stale_message(d.key, _latest(conn, d.key))) from None


def latest_id(engine: Engine, key: Key) -> int:
    """The id of the key's latest decision (0: none): what a reviewer's page carries."""
    with engine.connect() as conn:
        latest = _latest(conn, key)
    return latest.id if latest is not None else 0


def _latest(conn, key: Key):
    return conn.execute(select(VD).where(VD.c.key == key.text).order_by(VD.c.id.desc())
                        .limit(1)).first()


def _stale_message(key: Key, latest) -> str:
    who = (f"decision {latest.id} by {latest.decided_by} at {latest.decided_at:%Y-%m-%d %H:%M}"
           f" ({latest.action})" if latest is not None else "a decision")
    return f"{key.text} changed since you opened it: {who}; look at it again before deciding"


def _insert(conn, d: ValueDecision, iv, seen_last: int | None) -> int:
    latest = _latest(conn, d.key)
    follows = latest.id if latest is not None else 0
    if seen_last is not None and seen_last != follows:
        raise StaleDecision(_stale_message(d.key, latest))
    new_id = conn.execute(insert(schema.ValueDecision).returning(schema.ValueDecision.id), [{
        "key": d.key.text, "subject_id": d.key.subject_id, "attribute": d.key.attribute,
        "object_id": d.key.object_id, "as_of": d.key.as_of, "action": d.action,
        "claim_ids": list(d.claim_ids), "low": iv.low if iv else None,
        "high": iv.high if iv else None, "low_inclusive": iv.low_inclusive if iv else True,
        "high_inclusive": iv.high_inclusive if iv else True,
        "unit": iv.unit if iv else None, "currency": iv.currency if iv else None,
        "reason": d.reason, "source_url": d.source_url, "seen": list(d.seen),
        "digest": d.digest, "decided_by": d.decided_by, "decided_at": d.decided_at,
        "follows": follows,
        }]).scalar_one()
    return new_id


def all_decisions(engine: Engine, *, by: str | None = None, since: datetime | None = None,
                  key: Key | None = None) -> list[ValueDecision]:
    """Every value decision in the order made (what a run applies), optionally those of one
    reviewer or since a time (the history a reviewer filters)."""
    query = select(VD).order_by(VD.c.id)
    if by is not None:
        query = query.where(VD.c.decided_by == by)
    if since is not None:
        query = query.where(VD.c.decided_at >= since)
    if key is not None:
        query = query.where(VD.c.key == key.text)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [_decision(r) for r in rows]


def _decision(r) -> ValueDecision:
    iv = None
    if r.action == "pin":
        iv = Interval(r.low, r.high, r.low_inclusive, r.high_inclusive,
                      unit=r.unit or "number", currency=r.currency)
    # SQLite hands back the UTC time it was given without its zone
    at = r.decided_at if r.decided_at.tzinfo else r.decided_at.replace(tzinfo=timezone.utc)
    return ValueDecision(Key(r.subject_id, r.attribute, r.object_id, r.as_of), r.action,
                         tuple(r.claim_ids), iv, r.reason, r.source_url, r.decided_by,
                         at, tuple(r.seen), r.id)
