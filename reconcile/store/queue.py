"""The review queue of a stored run, a page at a time: keys by status, most claims first.

A run of a million claims has a few hundred thousand keys; a reviewer's page needs fifty of
them. The page is one query on the resolution rows (no per-key JSON is read), ordered by how
many claims each key affects, then by key, so pages are stable.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from reconcile.core import Key
from reconcile.store import schema
from reconcile.store.read import resolutions_of_run

R, E = schema.Resolution.__table__, schema.Entity.__table__
VD = schema.ValueDecision.__table__


def keys_page(engine: Engine, run_id: int, statuses: tuple[str, ...], *, limit: int = 50,
              offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """How many keys of the run have one of `statuses`, and one page of them: each key's
    names, status, display, claim count, and the id of its latest value decision (0: none)."""
    where = [R.c.id.in_(resolutions_of_run(run_id)), R.c.status.in_(statuses)]
    subject, object_ = E.alias("subject"), E.alias("object")
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(R).where(*where)).scalar_one()
        rows = conn.execute(
            select(R.c.subject_id, R.c.attribute, R.c.object_id, R.c.as_of, R.c.status,
                   R.c.display, R.c.claims, R.c.confidence,
                   subject.c.name.label("subject"), object_.c.name.label("object"))
            .outerjoin(subject, subject.c.id == R.c.subject_id)
            .outerjoin(object_, object_.c.id == R.c.object_id)
            .where(*where)
            .order_by(R.c.claims.desc(), R.c.subject_id, R.c.attribute,
                      func.coalesce(R.c.object_id, ""), func.coalesce(R.c.as_of, ""))
            .limit(limit).offset(offset)).all()
        keys = [Key(r.subject_id, r.attribute, r.object_id, r.as_of) for r in rows]
        latest = dict(conn.execute(select(VD.c.key, func.max(VD.c.id))
                                   .where(VD.c.key.in_([k.text for k in keys]))
                                   .group_by(VD.c.key)).all()) if keys else {}
    return total, [{"subject_id": r.subject_id, "subject": r.subject or r.subject_id,
                    "attribute": r.attribute, "object_id": r.object_id,
                    "object": (r.object or r.object_id) if r.object_id else None,
                    "as_of": r.as_of, "status": r.status, "display": r.display,
                    "claims": r.claims, "confidence": r.confidence, "key": k.text,
                    "latest_decision": latest.get(k.text, 0)} for r, k in zip(rows, keys)]
