"""Audit: write a whole run to the database in one transaction, with its ordered audit events."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator

from sqlalchemy import Engine, insert, select, update

from reconcile import __version__, models
from reconcile.interval import Interval
from reconcile.normalize import format_interval
from reconcile.pipeline import Outcome

# Rows go in batches so a million claims never sit in one enormous parameter list.
BATCH = 20_000


@dataclass(frozen=True)
class Event:
    kind: str
    message: str
    key: str | None = None
    claim_id: str | None = None
    data: dict[str, Any] | None = None


def events(outcome: Outcome) -> Iterator[Event]:
    """Every decision of a run, in the order it was taken."""
    rules = outcome.rules
    yield Event("rules.loaded", f"rules read from {len(rules.files)} file(s)",
                data={"files": list(rules.files), "sha256": rules.sha256})
    yield Event("entities.loaded", f"{len(outcome.entities)} entities",
                data={"count": len(outcome.entities)})
    for d in outcome.decisions:
        yield Event("review.applied", f"review decision by {d.decided_by} "
                    f"({d.decided_at:%Y-%m-%d}): {d.mention!r} -> {d.entity_id or 'not an entity'}"
                    + (f": {d.reason}" if d.reason else ""),
                    data={"mention": d.mention, "mention_key": d.mention_key, "action": d.action,
                          "entity_id": d.entity_id, "by": d.decided_by, "reason": d.reason})
    for d in outcome.stale_decisions:
        yield Event("review.stale", f"review decision on {d.mention!r} names entity "
                    f"{d.entity_id!r}, which the seeds no longer hold: not applied",
                    data={"mention": d.mention, "entity_id": d.entity_id, "by": d.decided_by})
    for f in outcome.files:
        yield Event("input.read", f"{f.path}: {f.claims} claim(s)",
                    data={"path": f.path, "sha256": f.sha256, "claims": f.claims})
    keys = {e.claim_id: key.text for key, evs in outcome.evidence.items() for e in evs}
    for claim in outcome.claims:
        key = keys.get(claim.id)
        yield Event("claim.read", f"{claim.outlet}: {claim.subject} {claim.attribute} "
                    f"{claim.object or ''} = {claim.value!r}".replace("  ", " "),
                    key, claim.id, {"file": claim.file, "line": claim.line})
        value = outcome.values[claim.id]
        if isinstance(value, str):
            yield Event("value.unreadable", f"{claim.value!r} could not be read: {value}",
                        key, claim.id, {"reason": value})
        else:
            unit_rule = outcome.unit_rules.get(claim.id)
            note = f" (a bare amount, in {value.currency or value.unit} by {unit_rule})" \
                if unit_rule else ""
            yield Event("value.normalized", f"{claim.value!r} read as {format_interval(value)}{note}",
                        key, claim.id, {**interval_json(value), "unit_rule": unit_rule})
        for role, mention in (("subject", claim.subject), ("object", claim.object)):
            if not mention:
                continue
            m = outcome.matches[mention]
            data = {"role": role, "mention": mention, "key": m.key, "entity_id": m.entity_id,
                    "method": m.method, "band": m.band, "score": m.score, "scorer": m.scorer,
                    "margin": m.margin, "candidates": [c.entity_id for c in m.candidates]}
            if m.entity_id:
                how = f"({m.method}, score {m.score:.1f})"
                if m.method == "reviewed":
                    how = f"({m.reason})"
                yield Event("entity.matched", f"{role} {mention!r} -> {m.entity_id} {how}",
                            key, claim.id, {**data, "reason": m.reason})
            else:
                yield Event("entity.unmatched", f"{role} {mention!r} not matched ({m.band}): "
                            f"{m.reason}", key, claim.id, data)
    for res in outcome.resolutions:
        for role in res.roles:
            if role.role == "rejected":
                yield Event("claim.rejected", role.reason, res.key.text, role.claim_id,
                            {"source": role.source, "trust": role.trust})
        yield Event("resolution.decided", f"{res.key.text}: {res.status} {res.display} — "
                    f"{res.decision}", res.key.text, None,
                    {"status": res.status, "strategy": res.strategy, "rules": res.rule_origin,
                     "confidence": res.confidence, "sources": list(res.sources)})


def store(engine: Engine, outcome: Outcome, *, started_at: datetime,
          options: dict[str, Any] | None = None) -> int:
    """Write the run and return its id; all or nothing, so a failure leaves earlier runs intact."""
    with engine.begin() as conn:
        run_id = conn.execute(insert(models.Run).returning(models.Run.id), [{
            "started_at": started_at, "claims": len(outcome.claims),
            "inputs_sha256": outcome.inputs_sha256, "rules_sha256": outcome.rules.sha256,
            "version": __version__, "options": options or {},
        }]).scalar_one()
        _store_outlets(conn, run_id, outcome)
        _sync_entities(conn, outcome)
        _insert(conn, models.InputFile, [
            {"run_id": run_id, "path": f.path, "sha256": f.sha256, "claims": f.claims}
            for f in outcome.files])
        pks = _store_claims(conn, run_id, outcome)
        _store_resolutions(conn, run_id, outcome, pks)
        _insert(conn, models.AuditEvent, (
            {"run_id": run_id, "seq": seq, "kind": ev.kind, "key": ev.key,
             "claim_id": ev.claim_id, "message": ev.message, "data": ev.data or {}}
            for seq, ev in enumerate(_bracketed(outcome, started_at), start=1)))
        finished_at = datetime.now(timezone.utc)
        conn.execute(update(models.Run).where(models.Run.id == run_id)
                     .values(finished_at=finished_at))
        return run_id


def _bracketed(outcome: Outcome, started_at: datetime) -> Iterator[Event]:
    yield Event("run.started", f"run started by {_user()} at {started_at.isoformat()}",
                data={"claims": len(outcome.claims), "inputs_sha256": outcome.inputs_sha256})
    yield from events(outcome)
    statuses: dict[str, int] = {}
    for res in outcome.resolutions:
        statuses[res.status] = statuses.get(res.status, 0) + 1
    yield Event("run.finished", f"{len(outcome.resolutions)} resolution(s): " + ", ".join(
        f"{n} {s}" for s, n in sorted(statuses.items())), data={"statuses": statuses})


def _store_outlets(conn, run_id: int, outcome: Outcome) -> None:
    names = {outcome.rules.outlet(c.outlet).name for c in outcome.claims}
    names |= {outcome.rules.outlet(c.via).name for c in outcome.claims if c.via}
    rows = {}
    for name in sorted(names | set(outcome.rules.outlets)):
        rule = outcome.rules.outlet(name)
        rows[rule.name] = {"run_id": run_id, "name": rule.name, "trust": rule.trust,
                           "aliases": list(rule.aliases), "origin": rule.origin}
    _insert(conn, models.Outlet, rows.values())


def _sync_entities(conn, outcome: Outcome) -> None:
    """Entities are shared by all runs: add new ones and aliases, update renamed ones, drop none."""
    known = {row.id: (row.name, row.type) for row in conn.execute(select(models.Entity))}
    aliases = {(r.entity_id, r.alias) for r in conn.execute(select(models.EntityAlias))}
    new, changed, new_aliases = [], [], []
    for e in outcome.entities:
        if e.id not in known:
            new.append({"id": e.id, "name": e.name, "type": e.type})
        elif known[e.id] != (e.name, e.type):
            changed.append((e.id, {"name": e.name, "type": e.type}))
        new_aliases += [{"entity_id": e.id, "alias": a} for a in dict.fromkeys(e.aliases)
                        if (e.id, a) not in aliases]
    _insert(conn, models.Entity, new)
    for entity_id, values in changed:
        conn.execute(update(models.Entity).where(models.Entity.id == entity_id).values(**values))
    _insert(conn, models.EntityAlias, new_aliases)


def _store_claims(conn, run_id: int, outcome: Outcome) -> dict[str, int]:
    rows = [{"run_id": run_id, "claim_id": c.id, "outlet": c.outlet, "subject": c.subject,
             "attribute": c.attribute, "value": c.value, "object": c.object, "via": c.via,
             "lang": c.lang, "published": c.published, "as_of": c.as_of, "url": c.url,
             "quote": c.quote, "file": c.file, "line": c.line, "raw": dict(c.raw)}
            for c in outcome.claims]
    pks: dict[str, int] = {}
    for chunk in _chunks(rows):
        result = conn.execute(insert(models.Claim).returning(
            models.Claim.id, models.Claim.claim_id, sort_by_parameter_order=True), chunk)
        pks.update((claim_id, pk) for pk, claim_id in result)
    values = []
    for c in outcome.claims:
        value = outcome.values[c.id]
        row = {"claim_pk": pks[c.id], "lang": c.lang, "error": None}
        if isinstance(value, str):
            row.update(low=None, high=None, low_inclusive=True, high_inclusive=True, point=None,
                       approx=False, hedged=False, unit=None, currency=None, error=value)
        else:
            row.update(low=value.low, high=value.high, low_inclusive=value.low_inclusive,
                       high_inclusive=value.high_inclusive, point=value.point, approx=value.approx,
                       hedged=value.hedged, unit=value.unit, currency=value.currency)
        values.append(row)
    _insert(conn, models.ClaimValue, values)
    matches = []
    for c in outcome.claims:
        for role, mention in (("subject", c.subject), ("object", c.object)):
            if mention:
                m = outcome.matches[mention]
                matches.append({
                    "claim_pk": pks[c.id], "role": role, "mention": mention, "mention_key": m.key,
                    "entity_id": m.entity_id, "method": m.method, "band": m.band, "score": m.score,
                    "candidates": [{"entity_id": k.entity_id, "score": k.score}
                                   for k in m.candidates]})
    _insert(conn, models.EntityMatch, matches)
    return pks


def _store_resolutions(conn, run_id: int, outcome: Outcome, pks: dict[str, int]) -> None:
    rows = []
    for position, res in enumerate(outcome.resolutions):
        iv = res.interval or Interval(None, None)
        rows.append({
            "run_id": run_id, "position": position, "subject_id": res.key.subject_id,
            "attribute": res.key.attribute, "object_id": res.key.object_id, "as_of": res.key.as_of,
            "status": res.status, "low": iv.low, "high": iv.high,
            "low_inclusive": iv.low_inclusive, "high_inclusive": iv.high_inclusive,
            "point": iv.point, "approx": iv.approx,
            "unit": _unit_of(res, outcome), "currency": _currency_of(res, outcome),
            "display": res.display, "strategy": res.strategy, "confidence": res.confidence,
            "sources": list(res.sources), "rule_origin": res.rule_origin})
    ids: list[int] = []
    for chunk in _chunks(rows):
        ids += conn.execute(insert(models.Resolution).returning(
            models.Resolution.id, sort_by_parameter_order=True), chunk).scalars().all()
    _insert(conn, models.ResolutionClaim, (
        {"resolution_id": rid, "claim_pk": pks[r.claim_id], "role": r.role, "source": r.source,
         "trust": r.trust, "reason": r.reason}
        for rid, res in zip(ids, outcome.resolutions) for r in res.roles))
    _insert(conn, models.GraphEdge, (
        {"resolution_id": rid, "claim_a": pks[a], "claim_b": pks[b], "relation": rel}
        for rid, res in zip(ids, outcome.resolutions)
        for a, b, rel in sorted(outcome.graphs[res.key].edges(data="relation"))))


def _unit_of(res, outcome: Outcome) -> str | None:
    if res.interval is not None and res.interval.unit:
        return res.interval.unit
    units = {e.interval.unit for e in outcome.evidence[res.key]} - {"number"}
    return units.pop() if len(units) == 1 else None


def _currency_of(res, outcome: Outcome) -> str | None:
    if res.interval is not None:
        return res.interval.currency
    currencies = {e.interval.currency for e in outcome.evidence[res.key]} - {None}
    return currencies.pop() if len(currencies) == 1 else None


def interval_json(iv: Interval) -> dict[str, Any]:
    """An interval as the contract's JSON fields (numbers in base units)."""
    return {"low": json_number(iv.low), "high": json_number(iv.high),
            "low_inclusive": iv.low_inclusive, "high_inclusive": iv.high_inclusive,
            "point": json_number(iv.point), "approx": iv.approx, "hedged": iv.hedged,
            "unit": iv.unit, "currency": iv.currency}


def json_number(value):
    """A Decimal as a plain JSON number: an int when whole, so 20e9 prints as 20000000000."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _insert(conn, model, rows) -> None:
    for chunk in _chunks(rows):
        conn.execute(insert(model), chunk)


def _chunks(rows) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers; the run is still worth recording
        return "unknown"
