"""Read a stored run back from the database: the contract's JSON and what reports add to it.

Nothing here recomputes: every report of a run is rendered from what `store.write` wrote. A run's
resolutions are its own and those it carried forward (`run_resolutions`); its claims are those
of the file versions it read or carried (`input_files.version_id`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import timezone
from decimal import Decimal
from functools import lru_cache
from typing import Any, Collection, NamedTuple

from sqlalchemy import Engine, String, func, select, type_coerce

from reconcile.core import CATEGORICAL, CONFLICTING, Interval, Key
from reconcile.errors import RunNotFound
from reconcile.normalize import format_interval
from reconcile.normalize.names import with_label
from reconcile.store import schema
from reconcile.store.encoding import (Encoded, claim_object, interval_json, json_number,
                                      resolution_object, unpack)
from reconcile.store.events import edges as trail_edges, key_trail
from reconcile.store.read import claims_of_run, resolutions_of_run, run_has_payloads, select_rows

R, C, V = schema.Resolution.__table__, schema.Claim.__table__, schema.ClaimValue.__table__
RC, M, E = schema.ResolutionClaim.__table__, schema.EntityMatch.__table__, schema.Entity.__table__
A, G = schema.AuditEvent.__table__, schema.GraphEdge.__table__
RR, IF = schema.RunResolution.__table__, schema.InputFile.__table__
P = schema.ResolutionPayload.__table__

def latest_run_id(engine: Engine) -> int:
    with engine.connect() as conn:
        run_id = conn.execute(select(func.max(schema.Run.id))).scalar()
    if run_id is None:
        raise RunNotFound("no run stored yet: `reconcile run` first")
    return run_id


def list_runs(engine: Engine) -> list[dict[str, Any]]:
    """Every stored run, newest first, with its resolution counts by status."""
    with engine.connect() as conn:
        runs = conn.execute(select(schema.Run.__table__).order_by(schema.Run.id.desc())).all()
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for run_id, status, n in conn.execute(
                select(RR.c.run_id, R.c.status, func.count()).join(R, R.c.id == RR.c.resolution_id)
                .group_by(RR.c.run_id, R.c.status)):
            counts[run_id][status] = n
    return [dict(_run_json(r), statuses=dict(sorted(counts[r.id].items()))) for r in runs]


def run_payload(engine: Engine, run_id: int, key: Key | None = None, *,
                claims: bool | Collection[str] = True) -> dict[str, Any]:
    """The contract's JSON for a stored run (or for one key of it).

    `claims` says which resolutions come with their claims: all (True), none (False), or those
    whose status is in the collection given. The others have an empty `claims` and a
    `claim_count`, for reports that print a summary (a million claims cost seconds to read).
    Resolutions are their stored JSON (`resolution_payloads`); runs stored before it existed
    are rebuilt from their rows.
    """
    with engine.connect() as conn:
        run = conn.execute(select(schema.Run.__table__).where(schema.Run.id == run_id)).first()
        if run is None:
            raise RunNotFound(f"no run {run_id}")
        # its own resolutions and those it carried forward; in key order, whichever run made them
        where = [R.c.id.in_(resolutions_of_run(run_id))]
        entities = select(E.c.id, E.c.name)
        if key is not None:
            where += [R.c.subject_id == key.subject_id, R.c.attribute == key.attribute,
                      _eq(R.c.object_id, key.object_id), _eq(R.c.as_of, key.as_of)]
            # one key names two entities: not the hundred thousand of a large run
            entities = entities.where(
                E.c.id.in_([i for i in (key.subject_id, key.object_id) if i]))
        names = dict(conn.execute(entities).all())
        rows = _summaries(conn, where)
        shown = [claims is True or (claims is not False and r.status in claims) for r in rows]
        decoded = _decoded_texts(rows)
        if any(shown) and run_has_payloads(conn, run_id):
            stored = iter(map(json.loads, _payloads(conn, [r.id for r, s in zip(rows, shown) if s])))
            listed = [next(stored) if s else _resolution_json(r, names, [], decoded)
                      for r, s in zip(rows, shown)]
        else:
            # a whole run: its claims read in bulk (store.read); one key: joined
            claim_lists = {} if not any(shown) else claims_of_run(conn, run_id) if key is None \
                else _claims_of(conn, where)
            listed = [_resolution_json(r, names, claim_lists.get(r.id, []) if s else [], decoded)
                      for r, s in zip(rows, shown)]
        for r, row, s in zip(listed, rows, shown):
            if not s:
                r["claim_count"] = row.claims
        payload = {"run": _run_json(run), "resolutions": listed}
        if key is None:
            payload["unmatched"] = _unmatched(conn, run_id)
            payload["errors"] = _errors(conn, run_id)
    return payload


def run_json(engine: Engine, run_id: int, summary: dict[str, Any] | None = None) -> dict[str, Any]:
    """The contract's JSON of a whole run, its resolutions streamed from their stored text.

    `resolutions` is an iterable of `Encoded` texts, read a chunk at a time while the engine is
    open: a run of a million claims is written out without being parsed or held in memory.
    `summary` is the run's `run_payload(claims=False)` if the caller has it already.
    """
    with engine.connect() as conn:
        where = [R.c.id.in_(resolutions_of_run(run_id))]
        if not run_has_payloads(conn, run_id):
            return run_payload(engine, run_id)
        keyed = conn.execute(select(R.c.id, R.c.subject_id, R.c.attribute, R.c.object_id,
                                    R.c.as_of).where(*where)).all()
        root = conn.execute(select(schema.Run.root_sha256)
                            .where(schema.Run.id == run_id)).scalar()
    payload = dict(summary or run_payload(engine, run_id, claims=False))
    payload["resolutions"] = StoredResolutions(
        engine, [r.id for r in sorted(keyed, key=_key_order)], run_id, root)
    return payload


class StoredResolutions:
    """The stored JSON texts of a run's resolutions, in the order given, read a chunk at a
    time; with the run's id and hash-chain root, which `report.splice` checks a previous
    results file against."""

    def __init__(self, engine: Engine, ids: list[int], run_id: int, root: str | None):
        self.engine, self.ids, self.run_id, self.root = engine, ids, run_id, root

    def __iter__(self):
        return self.texts(self.ids)

    def texts(self, ids):
        """The stored JSON of resolutions `ids` (of this run), in that order."""
        with self.engine.connect() as conn:
            for text in _payloads(conn, list(ids)):
                yield Encoded(text)

    def root_of(self, run_id: int) -> str | None:
        """The hash-chain root of run `run_id` in this database (None: no such run, or not
        chained)."""
        with self.engine.connect() as conn:
            return conn.execute(select(schema.Run.root_sha256)
                                .where(schema.Run.id == run_id)).scalar()


def _payloads(conn, ids: list[int], size: int = 1000):
    """The stored JSON of resolutions `ids`, in that order."""
    for i in range(0, len(ids), size):
        chunk = ids[i:i + size]
        blobs = dict(conn.execute(select(P.c.resolution_id, P.c.json_zstd)
                                  .where(P.c.resolution_id.in_(chunk))).all())
        for rid in chunk:
            yield unpack(blobs[rid])


def audit_trail(engine: Engine, run_id: int, key: Key) -> list[dict[str, Any]]:
    """The ordered audit events of one key: its claims' stories and the decision (store.events)."""
    return key_trail(engine, run_id, key)


def report_extras(engine: Engine, run_id: int, keys: list[Key] | None = None) -> dict[str, Any]:
    """What the HTML report shows beyond the contract's JSON, read from the same stored run,
    for `keys` (default: all keys of the run).

    `decisions`: key text -> the sentence naming the rule that decided (from the audit trail);
    `edges`: key text -> [(claim_a, claim_b, relation)] for keys whose claims were inconsistent.
    """
    wanted = None if keys is None else {k.text for k in keys}
    decisions: dict[str, str] = {}
    edges: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    with engine.connect() as conn:
        conflicting, legacy = {}, set()
        for rid, origin, subject_id, attribute, object_id, as_of, status, decision in conn.execute(
                select(R.c.id, R.c.run_id, R.c.subject_id, R.c.attribute, R.c.object_id,
                       R.c.as_of, R.c.status, R.c.decision)
                .where(R.c.id.in_(resolutions_of_run(run_id)))):
            text = Key(subject_id, attribute, object_id, as_of).text
            if wanted is not None and text not in wanted:
                continue
            if decision:
                decisions[text] = decision
            else:  # rows of schema revision 0002: the sentence is in the audit trail
                legacy.add((origin, text))
            if status in CONFLICTING:
                conflicting[rid] = text
        for origin, text in sorted(legacy):
            for (message,) in conn.execute(select(A.c.message).where(
                    A.c.run_id == origin, A.c.kind == "resolution.decided", A.c.key == text)):
                # "<key>: <status> <display> — <decision>"
                decisions[text] = message.split(" — ", 1)[-1]
        for rid, key_edges in trail_edges(conn, sorted(conflicting)).items():
            edges[conflicting[rid]] = key_edges
    return {"decisions": decisions, "edges": dict(edges)}


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def stored_graph(engine: Engine, run_id: int):
    """The conflict graph of a stored run, rebuilt from its claims and edges."""
    import networkx as nx

    graph = nx.Graph()
    with engine.connect() as conn:
        if conn.execute(select(schema.Run.id).where(schema.Run.id == run_id)).first() is None:
            raise RunNotFound(f"no run {run_id}")
        nodes = conn.execute(
            select(C.c.id, C.c.claim_id, C.c.outlet, C.c.value, RC.c.role, RC.c.trust,
                   RC.c.source, R.c.id.label("rid"), R.c.subject_id, R.c.attribute,
                   R.c.object_id, R.c.as_of)
            .join(RC, RC.c.claim_pk == C.c.id).join(R, R.c.id == RC.c.resolution_id)
            .where(R.c.id.in_(resolutions_of_run(run_id))).order_by(C.c.claim_id)).all()
        for n in nodes:
            key = Key(n.subject_id, n.attribute, n.object_id, n.as_of)
            graph.add_node(n.claim_id, key=key.text, outlet=n.outlet, source=n.source,
                           trust=n.trust, role=n.role, value=n.value)
        # edges are rebuilt from the stored intervals (rows of schema revision 0002 kept them as rows too)
        for key_edges in trail_edges(conn, sorted({n.rid for n in nodes})).values():
            for a, b, relation in key_edges:
                graph.add_edge(a, b, relation=relation)
    return graph


def _eq(column, value):
    return column.is_(None) if value is None else column == value


def _key_order(r) -> tuple[str, str, str, str]:
    """graph.Key.sort_key of a resolution row: the order of the contract's `resolutions`."""
    return (r.subject_id, r.attribute, r.object_id or "", r.as_of or "")


def _claims_of(conn, where) -> dict[int, list[dict[str, Any]]]:
    """The claims of the resolutions selected by `where`, joined rather than listed by id, so
    that a run of a million claims never becomes a million bound parameters. Only the columns
    shown are read (not `raw`), and each distinct interval is formatted once."""
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    matches: dict[int, dict[str, Any]] = defaultdict(dict)
    # Identical matches and intervals are one shared (read-only) object: mentions and values
    # repeat across claims, and a million claims should not make millions of equal dicts.
    shared: dict[tuple, dict[str, Any]] = {}
    for pk, role, mention, entity_id, method, score in conn.execute(
            select(M.c.claim_pk, M.c.role, M.c.mention, M.c.entity_id, M.c.method, M.c.score)
            .join(RC, RC.c.claim_pk == M.c.claim_pk).join(R, R.c.id == RC.c.resolution_id)
            .where(*where)).all():  # fetchall: one driver call, not one per row
        seen = (mention, entity_id, method, score)
        match = shared.get(seen)
        if match is None:
            match = shared[seen] = {"mention": mention, "entity_id": entity_id, "method": method,
                                    "score": score}
        matches[pk][role] = match
    intervals: dict[tuple, tuple[dict[str, Any], str]] = {}
    rows = conn.execute(
        select(RC.c.resolution_id, RC.c.role, RC.c.trust, RC.c.reason, RC.c.source,
               C.c.id, C.c.claim_id, C.c.outlet, C.c.via, C.c.value, C.c.file, C.c.line,
               C.c.as_of, C.c.published, C.c.url, C.c.quote,
               # bounds as their stored text: the cache below converts each distinct one once
               type_coerce(V.c.low, String), type_coerce(V.c.high, String), V.c.low_inclusive,
               V.c.high_inclusive, type_coerce(V.c.point, String), V.c.approx, V.c.hedged,
               V.c.unit, V.c.currency)
        .join(R, R.c.id == RC.c.resolution_id)
        .join(C, C.c.id == RC.c.claim_pk).join(V, V.c.claim_pk == C.c.id)
        .where(*where).order_by(RC.c.resolution_id, C.c.claim_id)).all()
    for (resolution_id, role, trust, reason, source, pk, claim_id, outlet, via, value, file, line,
         as_of, published, url, quote, *iv_fields) in rows:
        iv_key = tuple(iv_fields) + ((value,) if iv_fields[7] in CATEGORICAL else ())
        shown = intervals.get(iv_key)
        if shown is None:
            low, high, low_inc, high_inc, point, approx, hedged, unit, currency = iv_fields
            iv = with_label(Interval(_dec(low), _dec(high), low_inc, high_inc, _dec(point),
                                     approx, hedged, unit or "number", currency), value)
            shown = intervals[iv_key] = (interval_json(iv), format_interval(iv))
        m = matches.get(pk, {})
        out[resolution_id].append(claim_object(
            claim_id, outlet, via, value, role, trust, reason, source, file, line, as_of,
            published, shown, m.get("subject"), m.get("object"), url, quote))
    return out


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


class _Summary(NamedTuple):
    """The stored columns a resolution's JSON is made of (its claims aside)."""

    id: int
    subject_id: str
    attribute: str
    object_id: str | None
    as_of: str | None
    status: str
    low: str | None  # exact decimal text
    high: str | None
    low_inclusive: bool
    high_inclusive: bool
    point: str | None
    approx: bool
    unit: str | None
    currency: str | None
    display: str
    strategy: str
    confidence: float
    sources: Any  # JSON: its text, or already decoded (psycopg decodes json columns)
    rule_origin: Any
    claims: int


# Decimals and JSON read as the database holds them: each distinct text converts once below.
_SUMMARY_COLUMNS = [type_coerce(R.c[name], String) if name in ("low", "high", "point", "sources",
                                                               "rule_origin") else R.c[name]
                    for name in _Summary._fields]


def _summaries(conn, where) -> list[_Summary]:
    """The resolutions selected by `where`, in the contract's (key) order.

    The driver's tuples, one fetch (not 200,000): SQLAlchemy's Row objects and their result
    processing cost more than the query at a million claims. Booleans are read with bool()
    and JSON columns with `_decoded`, as the driver gives them.
    """
    rows = select_rows(conn, select(*_SUMMARY_COLUMNS).where(*where))
    return sorted(map(_Summary._make, rows), key=_key_order)


def _resolution_json(r: _Summary, names: dict[str, str], claims: list[dict[str, Any]],
                     decoded: dict[str, Any]) -> dict[str, Any]:
    bounds = (_number(r.low), _number(r.high), bool(r.low_inclusive), bool(r.high_inclusive),
              _number(r.point), bool(r.approx))
    key = Key(r.subject_id, r.attribute, r.object_id, r.as_of)
    out = resolution_object(key, names, r.status, bounds, r.unit, r.currency, r.display,
                            r.strategy, r.confidence, _decoded(r.sources, decoded),
                            _decoded(r.rule_origin, decoded))
    out["claims"] = claims
    return out


@lru_cache(maxsize=1 << 16)
def _number(text: str | None):
    return json_number(_dec(text))


def _decoded_texts(rows: list[_Summary]) -> dict[str, Any]:
    """Each distinct JSON text of the rows' JSON columns, and its value.

    Parsed as one JSON array: a run's sources lists are tens of thousands of distinct texts,
    and one parse of them all costs a fraction of a `json.loads` call each. psycopg hands the
    values over decoded: then there is no text to parse.
    """
    texts = list({text for r in rows for text in (r.sources, r.rule_origin)
                  if isinstance(text, str)})
    return dict(zip(texts, json.loads("[" + ",".join(texts) + "]"))) if texts else {}


def _decoded(value, decoded: dict[str, Any]):
    """A JSON column's value (a list or dict of strings), its text looked up in `decoded`
    (`_decoded_texts`), copied so that no two resolutions share one list a caller might edit."""
    if isinstance(value, str):
        value = decoded[value]
    return type(value)(value)


def _unmatched(conn, run_id: int) -> list[dict[str, Any]]:
    # the claims of every file version the run read or carried, in reading order
    rows = conn.execute(select(C.c.claim_id, C.c.file, C.c.line, M).join(M, M.c.claim_pk == C.c.id)
                        .join(IF, (IF.c.version_id == C.c.version_id) & (IF.c.run_id == run_id))
                        .where(M.c.entity_id.is_(None))
                        .order_by(IF.c.position, C.c.line, C.c.id, M.c.role)).all()
    return [{"claim_id": r.claim_id, "mention": r.mention, "role": r.role, "band": r.band,
             "file": r.file, "line": r.line, "candidates": r.candidates} for r in rows]


def _errors(conn, run_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(select(C.c.claim_id, C.c.file, C.c.line, C.c.value, V.c.error)
                        .join(V, V.c.claim_pk == C.c.id)
                        .join(IF, (IF.c.version_id == C.c.version_id) & (IF.c.run_id == run_id))
                        .where(V.c.error.is_not(None))
                        .order_by(IF.c.position, C.c.line, C.c.id)).all()
    return [{"claim_id": r.claim_id, "file": r.file, "line": r.line,
             "message": f"value {r.value!r}: {r.error}"} for r in rows]


def _run_json(run) -> dict[str, Any]:
    return {"id": run.id, "started_at": _iso(run.started_at), "finished_at": _iso(run.finished_at),
            "claims": run.claims, "inputs_sha256": run.inputs_sha256,
            "rules_sha256": run.rules_sha256, "version": run.version,
            # extension: runs stored before the hash chain have no root
            **({"root_sha256": run.root_sha256} if run.root_sha256 else {})}


def _iso(value) -> str | None:
    """A stored time in UTC, with its offset: SQLite gives it back naive, PostgreSQL in the
    session's time zone, and both must print the same."""
    if value is None:
        return None
    utc = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return utc.isoformat()
