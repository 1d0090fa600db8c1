"""The outlets of a stored run: prior trust, learned trust when the run learned it, and what
became of their claims."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from reconcile.core import SET_ASIDE
from reconcile.store import schema
from reconcile.store.read import resolutions_of_run

O, A, RC = schema.Outlet.__table__, schema.AuditEvent.__table__, schema.ResolutionClaim.__table__


def learned_trust(conn, run_id: int) -> dict[str, Any] | None:
    """The `trust.learned` event's data of a run (None when the run did not learn trust)."""
    row = conn.execute(select(A.c.data, A.c.message).where(
        A.c.run_id == run_id, A.c.kind == "trust.learned")).first()
    return None if row is None else {**row.data, "summary": row.message}


def outlet_rows(engine: Engine, run_id: int) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """Each outlet of the run, by name: its prior (the rules' trust), its learned trust, how many
    of its claims the run's keys kept and set aside; and the learning's summary, if any."""
    with engine.connect() as conn:
        learned = learned_trust(conn, run_id)
        priors = dict(conn.execute(select(O.c.name, O.c.trust).where(O.c.run_id == run_id)).all())
        roles: dict[str, dict[str, int]] = {}
        for source, role, n in conn.execute(
                select(RC.c.source, RC.c.role, func.count())
                .where(RC.c.resolution_id.in_(resolutions_of_run(run_id)))
                .group_by(RC.c.source, RC.c.role)):
            roles.setdefault(source, {})[role] = n
    known = (learned or {}).get("outlets", {})
    rows = []
    for name in sorted(set(priors) | set(roles) | set(known)):
        counts = roles.get(name, {})
        claims = sum(counts.values())
        set_aside = sum(counts.get(r, 0) for r in SET_ASIDE)
        mine = known.get(name)
        rows.append({
            "outlet": name, "prior": priors.get(name, mine["prior"] if mine else None),
            "learned": mine["learned"] if mine else None, "claims": claims,
            "kept": claims - set_aside, "set_aside": set_aside,
            "contested": mine["contested"] if mine else None,
            "agreement": mine["agreement"] if mine else None,
            "copies": mine["copies"] if mine else []})
    return rows, learned
