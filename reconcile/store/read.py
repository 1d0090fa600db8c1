"""A stored run's resolutions and claims, read in bulk for the contract's JSON.

A run's resolutions are its own and those it carried forward (`run_resolutions`); its claims are
those of the file versions it read or carried (`input_files.version_id`). For a whole run the
claims are read table by table, each in storage order, and joined in memory: one join query
over a million claims makes the database seek three tables per claim, which costs several
times more than reading them straight through.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy import select

from reconcile.core import CATEGORICAL, Interval
from reconcile.memory import gc_paused
from reconcile.normalize import format_interval
from reconcile.normalize.names import with_label
from reconcile.store import schema
from reconcile.store.encoding import claim_object, interval_json

RR, IF = schema.RunResolution.__table__, schema.InputFile.__table__
P = schema.ResolutionPayload.__table__

_VERSIONS = "SELECT version_id FROM input_files WHERE run_id = :run"
# A run's claims are read under one context (incremental runs carry only what was read under
# theirs), so a mention has one match in a run: read once per distinct mention, not per claim.
# (No DISTINCT: sorting a million mentions in the database costs more than a dict here.)
_MATCHES = ("SELECT m.mention, m.entity_id, m.method, m.score FROM entity_matches m "
            f"WHERE m.claim_pk IN (SELECT id FROM claims WHERE version_id IN ({_VERSIONS}))")
_CLAIMS = ("SELECT c.id, c.claim_id, c.outlet, c.via, c.value, c.file, c.line, c.as_of, "
           "c.published, c.url, c.quote, c.subject, c.object, v.low, v.high, v.low_inclusive, "
           "v.high_inclusive, v.point, v.approx, v.hedged, v.unit, v.currency "
           "FROM claims c JOIN claim_values v ON v.claim_pk = c.id "
           f"WHERE c.version_id IN ({_VERSIONS})")
_ROLES = ("SELECT rc.resolution_id, rc.claim_pk, rc.role, rc.trust, rc.reason, rc.source "
          "FROM run_resolutions rr JOIN resolution_claims rc ON rc.resolution_id = rr.resolution_id "
          "WHERE rr.run_id = :run")
_by_id = itemgetter("id")


def resolutions_of_run(run_id: int):
    """The ids of a run's resolutions, its own and those it carried forward (a subquery)."""
    return select(RR.c.resolution_id).where(RR.c.run_id == run_id).scalar_subquery()


def run_has_payloads(conn, run_id: int) -> bool:
    """Whether the run's resolutions have their stored JSON (runs written at schema revision 0003 or earlier do not).

    A run's resolutions have it all or none: a run after 0004 carries resolutions only from a
    base run that has it (incremental.History.plan), so one resolution tells.
    """
    first = conn.execute(select(RR.c.resolution_id).where(RR.c.run_id == run_id).limit(1)).scalar()
    return first is None or conn.execute(
        select(P.c.resolution_id).where(P.c.resolution_id == first)).first() is not None


def versions_of_run(run_id: int):
    """The file versions a run read or carried: its claims are theirs (a subquery)."""
    return select(IF.c.version_id).where(IF.c.run_id == run_id).scalar_subquery()


def claims_of_run(conn, run_id: int) -> dict[int, list[dict[str, Any]]]:
    """resolution id -> its claims as the contract's JSON shows them, in claim id order.

    Equal matches and intervals are one shared object each (read-only): mentions and values
    repeat across claims, and a million claims should not make millions of equal dicts.
    """
    with gc_paused():
        return _claims_of_run(conn, {"run": run_id})


def _claims_of_run(conn, params: dict[str, int]) -> dict[int, list[dict[str, Any]]]:
    found = {row[0]: row for row in _rows(conn, _MATCHES, params)}
    matches = {mention: {"mention": mention, "entity_id": entity_id, "method": method,
                         "score": score}
               for mention, entity_id, method, score in found.values()}
    del found
    intervals: dict[tuple, tuple[dict[str, Any], str]] = {}
    claims: dict[int, tuple] = {}
    # the database hands back a new string per row: a file name, an outlet or a date read a
    # million times is kept once
    strings: dict[str, str] = {}
    one = strings.setdefault
    for row in _rows(conn, _CLAIMS, params):
        iv_key = row[13:]
        if iv_key[7] in CATEGORICAL:  # a name's reading is its value's: keyed by it too
            iv_key = (*iv_key, row[4])
        shown = intervals.get(iv_key)
        if shown is None:
            low, high, low_inc, high_inc, point, approx, hedged, unit, currency = iv_key[:9]
            iv = with_label(Interval(_dec(low), _dec(high), bool(low_inc), bool(high_inc),
                                     _dec(point), bool(approx), bool(hedged), unit or "number",
                                     currency), row[4])
            shown = intervals[iv_key] = (interval_json(iv), format_interval(iv))
        pk, claim_id, outlet, via, value, file, line, as_of, published, url, quote, subject, \
            obj = row[:13]
        claims[pk] = (claim_id, one(outlet, outlet), via, value, one(file, file), line, as_of,
                      one(published, published), url, quote, shown, matches.get(subject),
                      matches.get(obj) if obj is not None else None)
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for rid, pk, role, trust, reason, source in _rows(conn, _ROLES, params):
        (claim_id, outlet, via, value, file, line, as_of, published, url, quote, shown,
         subject_match, object_match) = claims[pk]
        out[rid].append(claim_object(
            claim_id, outlet, via, value, one(role, role), trust, reason, one(source, source),
            file, line, as_of, published, shown, subject_match, object_match, url, quote))
    for listed in out.values():
        listed.sort(key=_by_id)
    return out


def select_rows(conn, statement) -> list[tuple]:
    """All rows of a Core select as plain tuples, from the driver's own cursor (no Row objects).

    SQLAlchemy compiles the statement for the connection's dialect; the driver runs it. No
    result type processes the values: a Boolean comes back as SQLite's 0/1 and a JSON column
    as its text on SQLite (decoded by psycopg), so the caller reads them as such. Bound values
    are passed as given, which suits the ints and strings of a run's queries.
    """
    compiled = statement.compile(dialect=conn.dialect)
    params = compiled.params
    args = [params[name] for name in compiled.positiontup] if compiled.positional else params
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        return cursor.fetchall()
    finally:
        cursor.close()


def _rows(conn, sql: str, params: dict[str, int]) -> list[tuple]:
    """All rows of a query as plain tuples, from the driver's own cursor (no Row objects)."""
    paramstyle = conn.dialect.paramstyle
    names = re.findall(r":(\w+)", sql)
    if paramstyle == "qmark":
        sql, args = re.sub(r":\w+", "?", sql), [params[n] for n in names]
    else:  # psycopg: format / pyformat
        sql, args = re.sub(r":\w+", "%s", sql), [params[n] for n in names]
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(sql, args)
        return cursor.fetchall()
    finally:
        cursor.close()


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(value)
