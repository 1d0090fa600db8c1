"""Audit: write a whole run to the database in one transaction, with its ordered audit events.

What is stored is the facts: claims as read, how each value was read, how each mention was
matched, each key's resolution and every claim's part in it. The audit trail is the ordered
story of the run's decisions: run-level events (rules, entities, review decisions, files read,
what was carried forward) are rows of `audit_events`; the per-claim and per-key events (claim
read, value normalized, entity matched, claim rejected, resolution decided) are told from the
facts by `reconcile.store.events`, each at the sequence number `write_run` reserved for it. A million
claims thus cost no four million event rows, and the story `explain` tells is the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from operator import itemgetter
from typing import Any, Iterator

from sqlalchemy import Engine, func, insert, literal, select, update
from sqlalchemy.exc import DBAPIError

from reconcile.config import current_user
from reconcile.core import SET_ASIDE, Interval
from reconcile.memory import gc_paused
from reconcile.pipeline import Outcome
from reconcile.store import chain, schema
from reconcile.store.bulk import Bulk, decimal_text, to_json
from reconcile.store.encoding import ResolutionEncoder, pack, trust_json
from reconcile.store.engine import bulk_transaction
from reconcile.version import __version__

C, V, M = schema.Claim.__table__, schema.ClaimValue.__table__, schema.EntityMatch.__table__
R, RC, RR = (schema.Resolution.__table__, schema.ResolutionClaim.__table__,
             schema.RunResolution.__table__)
FV, IF, A = schema.FileVersion.__table__, schema.InputFile.__table__, schema.AuditEvent.__table__
P = schema.ResolutionPayload.__table__

CLAIM_COLUMNS = ("id", "run_id", "version_id", "claim_id", "content_sha", "outlet", "subject",
                 "attribute", "value", "object", "via", "lang", "published", "as_of", "url",
                 "quote", "file", "line", "raw")
VALUE_COLUMNS = ("claim_pk", "low", "high", "low_inclusive", "high_inclusive", "point", "approx",
                 "hedged", "unit", "currency", "lang", "error", "unit_rule")
MATCH_COLUMNS = ("claim_pk", "role", "mention", "mention_key", "entity_id", "method", "band",
                 "score", "candidates", "reason")
RESOLUTION_COLUMNS = ("id", "run_id", "position", "subject_id", "attribute", "object_id", "as_of",
                      "status", "low", "high", "low_inclusive", "high_inclusive", "point",
                      "approx", "unit", "currency", "display", "strategy", "confidence",
                      "sources", "rule_origin", "decision", "claims", "audit_seq")


@dataclass(frozen=True)
class Event:
    kind: str
    message: str
    key: str | None = None
    claim_id: str | None = None
    data: dict[str, Any] | None = None


def story_length(has_object: bool) -> int:
    """Events that tell one claim's story: read, value, subject match (and object match)."""
    return 4 if has_object else 3


def write_run(engine: Engine, outcome: Outcome, *, started_at: datetime,
          options: dict[str, Any] | None = None) -> int:
    """Write the run and return its id; all or nothing, so a failure leaves earlier runs intact."""
    plan = outcome.plan
    with gc_paused(), bulk_transaction(engine) as conn:
        bulk = Bulk(conn)
        chain.lock_runs(conn)
        run_id = conn.execute(insert(schema.Run).returning(schema.Run.id), [{
            "started_at": started_at, "claims": outcome.total_claims,
            "inputs_sha256": outcome.inputs_sha256, "rules_sha256": outcome.rules.sha256,
            "version": __version__, "options": options or {},
            "context_sha256": outcome.context_sha256,
            "base_run_id": plan.base_run_id if plan else None,
        }]).scalar_one()
        _store_outlets(conn, run_id, outcome)
        if plan is None:  # an incremental run has the entities of its base run
            _sync_entities(conn, bulk, outcome)
        versions = _store_files(bulk, run_id, outcome)
        pks = _store_claims(bulk, run_id, outcome, versions)
        if plan is not None:
            pks.update(plan.claim_pks)
        carried = _carried_count(conn, outcome)
        head = list(_head_events(outcome, started_at, carried))
        seq, payloads = _store_resolutions(bulk, run_id, outcome, pks, len(head) + 1)
        del pks  # a million entries, not needed by the payloads below, the run's memory peak
        events = list(enumerate(head, start=1)) + _tail_events(conn, run_id, outcome, seq)
        bulk.insert(A, ("run_id", "seq", "kind", "key", "claim_id", "message", "data"), (
            (run_id, n, ev.kind, ev.key, ev.claim_id, ev.message, to_json(ev.data or {}))
            for n, ev in events))
        # Last: a gigabyte of text for a million claims would push out of the page cache the
        # claims and resolutions that the rows above look up their foreign keys in.
        bulk.insert(P, ("resolution_id", "json_zstd"), payloads)
        conn.execute(update(schema.Run).where(schema.Run.id == run_id)
                     .values(finished_at=datetime.now(timezone.utc)))
        chain.seal(conn, run_id)  # last: its digests cover every row written above
    _count_for_the_planner(engine, run_id)
    return run_id


# The tables a run fills with a row or more per claim or key.
_GROWN = (C, V, M, R, RC, RR, P)


def _count_for_the_planner(engine: Engine, run_id: int) -> None:
    """PostgreSQL: ANALYZE the tables a run grew by a tenth or more, as autovacuum would, but
    before the run's reports and the next run instead of after autovacuum's next nap. Planned
    on tables still counted empty, the base run's evidence (a join by chunks of ids) is a hash
    join over every claim: 1.1 s a chunk at a million claims, 0.06 s once analyzed. A run
    that adds a few claims to many leaves the counts to autovacuum: ANALYZE samples as many
    rows whatever changed (2.2 s at a million claims).
    """
    if engine.dialect.name != "postgresql":
        return
    try:
        with engine.begin() as conn:
            if chain.claims_share(conn, run_id) >= 0.1:
                conn.exec_driver_sql("ANALYZE " + ", ".join(t.name for t in _GROWN))
    except DBAPIError:  # the run is committed; the counts only speed up what follows it
        pass


def _carried_count(conn, outcome: Outcome) -> int:
    plan = outcome.plan
    if plan is None:
        return 0
    base = conn.execute(select(func.count()).select_from(RR)
                        .where(RR.c.run_id == plan.base_run_id)).scalar()
    return base - len(plan.dropped)


def _head_events(outcome: Outcome, started_at: datetime, carried_forward: int) -> Iterator[Event]:
    """The run-level decisions, stored as rows: they come first in the run's sequence."""
    rules, plan = outcome.rules, outcome.plan
    yield Event("run.started", f"run started by {current_user()} at {started_at.isoformat()}",
                data={"claims": outcome.total_claims, "inputs_sha256": outcome.inputs_sha256})
    yield Event("rules.loaded", f"rules read from {len(rules.files)} file(s)",
                data={"files": list(rules.files), "sha256": rules.sha256})
    yield Event("entities.loaded", f"{len(outcome.entities)} entities",
                data={"count": len(outcome.entities)})
    if outcome.trust is not None:
        yield Event("trust.learned", outcome.trust.summary(), data=trust_json(outcome.trust))
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
    carried = [f for f in outcome.files if f.version_id is not None]
    for f in outcome.files:
        if f.version_id is None:
            yield Event("input.read", f"{f.path}: {f.claims} claim(s)",
                        data={"path": f.path, "sha256": f.sha256, "claims": f.claims})
    if plan is None:
        yield Event("run.full", f"every file read and every key resolved ({outcome.full_reason})",
                    data={"reason": outcome.full_reason})
        return
    yield Event("input.unchanged", f"{len(carried)} file(s) unchanged since run "
                f"{plan.base_run_id}: their {plan.claims_carried} claim(s) not read again",
                data={"files": [[f.path, f.version_id] for f in carried]})
    yield Event("run.incremental", f"carried forward {carried_forward} resolution(s) from run "
                f"{plan.base_run_id}; {len(outcome.resolutions)} key(s) resolved again, touched "
                f"by {len(outcome.files) - len(carried)} new or changed and "
                f"{len(plan.removed)} replaced or removed file(s)",
                data={"base_run": plan.base_run_id, "carried": carried_forward,
                      "recomputed": len(outcome.resolutions),
                      "touched": len(plan.touched), "removed_versions": plan.removed})


def _tail_events(conn, run_id: int, outcome: Outcome, seq: int) -> list[tuple[int, Event]]:
    """After the keys: the claims on no key (their stories follow), then run.finished."""
    out = []
    unkeyed = outcome.unkeyed
    if unkeyed:
        out.append((seq, Event("claims.unkeyed", f"{len(unkeyed)} claim(s) on no key "
                               "(unreadable or unmatched)", data={"claims": len(unkeyed)})))
        seq += 1 + sum(story_length(c.object is not None) for c in unkeyed)
    statuses = dict(conn.execute(select(R.c.status, func.count()).join(
        RR, RR.c.resolution_id == R.c.id).where(RR.c.run_id == run_id).group_by(R.c.status)).all())
    total = sum(statuses.values())
    out.append((seq, Event("run.finished", f"{total} resolution(s): " + ", ".join(
        f"{n} {s}" for s, n in sorted(statuses.items())), data={"statuses": statuses})))
    return out


def _store_outlets(conn, run_id: int, outcome: Outcome) -> None:
    rules, plan = outcome.rules, outcome.plan
    names = {rules.outlet(c.outlet).name for c in outcome.claims}
    names |= {rules.outlet(c.via).name for c in outcome.claims if c.via}
    names |= set(rules.outlets)
    if plan is not None:  # the outlets of the claims carried forward, as the base run had them
        O = schema.Outlet.__table__
        old = set(conn.execute(select(O.c.name).where(O.c.run_id == plan.base_run_id)).scalars())
        conn.execute(insert(O).from_select(
            ["run_id", "name", "trust", "aliases", "origin"],
            select(literal(run_id), O.c.name, O.c.trust, O.c.aliases, O.c.origin)
            .where(O.c.run_id == plan.base_run_id)))
        names -= old
    rows = {}
    for name in sorted(names):
        rule = rules.outlet(name)
        rows[rule.name] = {"run_id": run_id, "name": rule.name, "trust": rule.trust,
                           "aliases": list(rule.aliases), "origin": rule.origin}
    if rows:
        conn.execute(insert(schema.Outlet), list(rows.values()))


def _sync_entities(conn, bulk: Bulk, outcome: Outcome) -> None:
    """Entities are shared by all runs: add new ones and aliases, update renamed ones, drop none."""
    E, EA = schema.Entity.__table__, schema.EntityAlias.__table__
    known = {r[0]: (r[1], r[2]) for r in conn.execute(select(E.c.id, E.c.name, E.c.type))}
    aliases = {(r[0], r[1]) for r in conn.execute(select(EA.c.entity_id, EA.c.alias))}
    new, changed, new_aliases = [], [], []
    for e in outcome.entities:
        if e.id not in known:
            new.append((e.id, e.name, e.type))
        elif known[e.id] != (e.name, e.type):
            changed.append((e.id, {"name": e.name, "type": e.type}))
        new_aliases += [(e.id, a) for a in dict.fromkeys(e.aliases) if (e.id, a) not in aliases]
    bulk.insert(E, ("id", "name", "type"), new)
    for entity_id, values in changed:
        conn.execute(update(E).where(E.c.id == entity_id).values(**values))
    bulk.insert(EA, ("entity_id", "alias"), new_aliases)


def _store_files(bulk: Bulk, run_id: int, outcome: Outcome) -> dict[str, int]:
    """A version for each file read now; the run's input files, carried ones by reference."""
    read = [f for f in outcome.files if f.version_id is None]
    ids = bulk.reserve_ids(FV, len(read))
    bulk.insert(FV, ("id", "run_id", "path", "sha256", "context_sha256", "claims"), (
        (vid, run_id, f.path, f.sha256, outcome.context_sha256, f.claims)
        for vid, f in zip(ids, read)))
    versions = {f.path: vid for vid, f in zip(ids, read)}
    bulk.insert(IF, ("run_id", "path", "sha256", "claims", "version_id", "position"), (
        (run_id, f.path, f.sha256, f.claims, f.version_id or versions[f.path], position)
        for position, f in enumerate(outcome.files)))
    return versions


def _store_claims(bulk: Bulk, run_id: int, outcome: Outcome,
                  versions: dict[str, int]) -> dict[str, int]:
    claims = outcome.claims
    ids = bulk.reserve_ids(C, len(claims))
    bulk.insert(C, CLAIM_COLUMNS, (
        (pk, run_id, versions[c.file], c.id, c.content_sha, c.outlet, c.subject, c.attribute,
         c.value, c.object, c.via, c.lang, c.published, c.as_of, c.url, c.quote, c.file, c.line,
         to_json(c.extra) if c.extra else "{}")
        for pk, c in zip(ids, claims)))
    values, unit_rules = outcome.values, outcome.unit_rules
    # Claims share readings and mentions: each one's columns are built (and encoded) once.
    readings: dict[int, tuple] = {}  # id(interval or reason) -> its columns
    for value in values.values():
        if id(value) not in readings:
            readings[id(value)] = _value_columns(value)
    bulk.insert(V, VALUE_COLUMNS, (
        (pk, *readings[id(value)], c.lang, value if type(value) is str else None,
         unit_rules.get(c.id))
        for pk, c, value in zip(ids, claims, map(values.__getitem__, (c.id for c in claims)))))
    matched = {mention: _match_columns(m) for mention, m in outcome.matches.items()}
    bulk.insert(M, MATCH_COLUMNS, (
        row for pk, c in zip(ids, claims)
        for row in (((pk, "subject", *matched[c.subject]), (pk, "object", *matched[c.object]))
                    if c.object else ((pk, "subject", *matched[c.subject]),))))
    return dict(zip((c.id for c in claims), ids))


def _value_columns(value: Interval | str) -> tuple:
    if isinstance(value, str):
        return (None, None, True, True, None, False, False, None, None)
    return (decimal_text(value.low), decimal_text(value.high), value.low_inclusive,
            value.high_inclusive, decimal_text(value.point), value.approx, value.hedged,
            value.unit, value.currency)


def _match_columns(m) -> tuple:
    told = m.reason if m.entity_id is None or m.method == "reviewed" else None
    return (m.input, m.key, m.entity_id, m.method, m.band, m.score,
            to_json([{"entity_id": k.entity_id, "score": k.score} for k in m.candidates]), told)


def _store_resolutions(bulk: Bulk, run_id: int, outcome: Outcome, pks: dict[str, int],
                       seq: int) -> tuple[int, Iterator[tuple[int, str]]]:
    """The run's own resolutions and their claims, linked with those carried forward.

    Returns the sequence number after the last key's events (see `trail.key_events`) and the
    rows of the resolutions' JSON (`reconcile.store.encoding`), encoded as they are written, so that
    a run's report never reads its claims back.
    """
    resolutions = outcome.resolutions
    ids = bulk.reserve_ids(R, len(resolutions))
    encoder = ResolutionEncoder({c.id: c for c in outcome.claims}, outcome.values,
                                outcome.matches, outcome.entity_names,
                                outcome.plan.shown if outcome.plan else None,
                                outcome.conversions)
    origins: dict[tuple, str] = {}
    units = [(res.unit, res.currency) for res in resolutions]
    rows = []
    for position, (rid, res, (unit, currency)) in enumerate(zip(ids, resolutions, units)):
        iv = res.interval or Interval(None, None)
        origin = tuple(res.rule_origin.items())
        if origin not in origins:
            origins[origin] = to_json(res.rule_origin)
        story = story_length(res.key.object_id is not None)
        rejected = sum(r.role in SET_ASIDE for r in res.roles)  # each has an event of its own
        rows.append((rid, run_id, position, *res.key, res.status, decimal_text(iv.low),
                     decimal_text(iv.high), iv.low_inclusive, iv.high_inclusive,
                     decimal_text(iv.point), iv.approx, unit, currency, res.display,
                     res.strategy, res.confidence, to_json(list(res.sources)), origins[origin],
                     res.decision, len(res.roles), seq))
        seq += len(res.roles) * story + rejected + 1
    bulk.insert(R, RESOLUTION_COLUMNS, rows)
    del rows
    # In claim order: each row's foreign key then finds its claim on the page the previous one
    # did, where resolution order would seek all over a claims table larger than the cache.
    roles = sorted(((rid, pks[r.claim_id], r.role, r.source, r.trust, r.reason)
                    for rid, res in zip(ids, resolutions) for r in res.roles), key=_claim_pk)
    bulk.insert(RC, ("resolution_id", "claim_pk", "role", "source", "trust", "reason"), roles)
    del roles
    bulk.insert(RR, ("run_id", "resolution_id"), ((run_id, rid) for rid in ids))
    _carry(bulk, run_id, outcome)
    # a generator: the text of a million claims is never all in memory
    payloads = ((rid, pack(encoder.encode(res, unit, currency)))
                for rid, res, (unit, currency) in zip(ids, resolutions, units))
    return seq, payloads


_claim_pk = itemgetter(1)


def _carry(bulk: Bulk, run_id: int, outcome: Outcome) -> None:
    """Link the base run's resolutions of untouched keys to this run: no row is copied."""
    plan = outcome.plan
    if plan is None:
        return
    conn = bulk.conn
    conn.execute(insert(RR).from_select(
        ["run_id", "resolution_id"],
        select(literal(run_id), RR.c.resolution_id).where(RR.c.run_id == plan.base_run_id)))
    dropped = sorted(plan.dropped)
    for i in range(0, len(dropped), 500):
        conn.execute(RR.delete().where(RR.c.run_id == run_id,
                                       RR.c.resolution_id.in_(dropped[i:i + 500])))

