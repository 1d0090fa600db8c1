"""Tamper evidence: each run's rows hashed table by table, chained to the previous run's root.

`seal` runs at the end of `write_run`, in its transaction. For each table a run writes it
streams the run's rows ordered by primary key (one SELECT, rows as the driver gives them) and
feeds each row's text into SHA-256; the row's text is `repr` of its tuple after the few values
whose driver form differs by backend are made alike in SQL (booleans cast to integers, JSON
cast to its stored text) or in Python (datetimes as ISO 8601 in UTC). The same rows thus give
the same bytes on SQLite and PostgreSQL. A CRC-32 of each row is kept with the table's digest
(`run_digests`), so that `verify` names the row that changed, was added or deleted.

The run's root is the SHA-256 of the previous run's root and every table's name, row count and
digest; it is stored on the run. Editing, adding, deleting or reordering any row of a chained
run changes a digest; dropping a whole run breaks the next run's link to it.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator
from zlib import crc32

from sqlalchemy import JSON, Boolean, Connection, DateTime, Engine, func, select, update

from reconcile.errors import RunNotFound
from reconcile.store import schema

CHAIN_FORMAT = "reconcile-chain-1"
_CHUNK = 10_000  # rows fetched at a time
_ROOT_COLUMNS = ("root_sha256", "previous_root_sha256")
_WINDOW = 16  # rows compared to tell a deleted or added row from an edited one


@dataclass(frozen=True)
class TableSpec:
    """How the rows one run wrote in one table are selected, in primary-key order."""

    name: str
    where: str  # joins and filter on the run, `{p}` for the run id's placeholder
    order: str  # the primary key, or the joined column equal to it that the index walk gives
    limited: bool = False  # only the first `row_count` rows count (tables shared by all runs)
    # The same rows reached the other way, for a run that holds few of the table's rows (an
    # incremental run's): from the run's claims by index, then sorted. `where` then scans the
    # table in primary-key order, which a run holding most of it needs: SQLite sorts in
    # memory, and a sort of a million rows would be the run's memory peak.
    seek: str | None = None

    @property
    def table(self):
        return schema.Base.metadata.tables[self.name]

    def columns(self) -> list:
        """The primary key first (it names the row), the other columns in declaration order."""
        table = self.table
        keys = list(table.primary_key.columns)
        return keys + [c for c in table.columns if c not in keys and c.name not in _ROOT_COLUMNS]

    def sql(self, dialect: str, limit: int | None = None, seek: bool = False) -> str:
        mark = "%s" if dialect == "postgresql" else "?"
        exprs = []
        for column in self.columns():
            ref = f't."{column.name}"'
            if isinstance(column.type, Boolean):
                ref = f"CAST({ref} AS INTEGER)"
            elif isinstance(column.type, JSON):
                ref = f"CAST({ref} AS TEXT)"  # PostgreSQL's json keeps its text as written
            exprs.append(ref)
        where = self.seek if seek and self.seek else self.where
        sql = (f"SELECT {', '.join(exprs)} FROM {self.name} t {where.format(p=mark)} "
               f"ORDER BY {self.order}")
        return sql + (f" LIMIT {int(limit)}" if limit is not None else "")

    def key_width(self) -> int:
        return len(self.table.primary_key.columns)

    def datetimes(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.columns()) if isinstance(c.type, DateTime))


# Each run's claims and resolutions are found by an index on run_id, in id order; a table
# joined to them is read in that order, so the join's driving column names the order (equal
# to the table's key, the same rows in the same order) and no sort is needed.
_OWN = "WHERE t.run_id = {p}"
_OF_CLAIMS = "JOIN claims c ON c.id = t.claim_pk WHERE c.run_id = {p}"
# CROSS JOIN makes SQLite walk `t` first, in its own key order (PostgreSQL plans it freely)
_SCAN_OF_CLAIMS = "CROSS JOIN claims c WHERE c.id = t.claim_pk AND c.run_id = {p}"
_OF_RESOLUTIONS = "JOIN resolutions r ON r.id = t.resolution_id WHERE r.run_id = {p}"

# In this order in the root; a table a dependent row cascades from comes before it.
TABLES = (
    TableSpec("runs", "WHERE t.id = {p}", "t.id"),
    TableSpec("outlets", _OWN, "t.id"),
    TableSpec("file_versions", _OWN, "t.id"),
    TableSpec("input_files", _OWN, "t.id"),
    TableSpec("claims", _OWN, "t.id"),
    TableSpec("claim_values", _OF_CLAIMS, "c.id"),
    # its ids are the database's, not the claims': in id order only by its own key
    TableSpec("entity_matches", _SCAN_OF_CLAIMS, "t.id", seek=_OF_CLAIMS),
    TableSpec("resolutions", _OWN, "t.id"),
    TableSpec("resolution_claims", _OF_RESOLUTIONS, "r.id, t.claim_pk"),
    TableSpec("resolution_payloads", _OF_RESOLUTIONS, "r.id"),
    # a run's own resolutions and those it carried forward, by reference
    TableSpec("run_resolutions", _OWN, "t.resolution_id"),
    TableSpec("audit_events", _OWN, "t.id"),
    # Shared by all runs and only ever appended to: the decisions recorded when the run was
    # stored (those in force among them) are the first `row_count` rows.
    TableSpec("review_decisions", "", "t.id", limited=True),
)
TABLE_NAMES = tuple(spec.name for spec in TABLES)


@dataclass(frozen=True)
class Digest:
    table: str
    rows: int
    sha256: str
    crcs: bytes  # CRC-32 of each row, 4 bytes little-endian


def claims_share(conn: Connection, run_id: int) -> float:
    """The share of the database's claims that this run wrote (ids are dense, so the largest
    id counts them): how a query on the run's rows is best planned."""
    C = schema.Claim.__table__
    own = conn.execute(select(func.count()).where(C.c.run_id == run_id)).scalar()
    return own / max(conn.execute(select(func.max(C.c.id))).scalar() or 0, 1)


def _select(conn: Connection, spec: TableSpec, run_id: int, limit: int | None = None) -> str:
    """The spec's SELECT for this run: by `seek` when the run holds under a quarter of the
    claims."""
    seek = spec.seek is not None and claims_share(conn, run_id) < 0.25
    return spec.sql(conn.dialect.name, limit, seek)


def _rows(conn: Connection, sql: str, run_id: int) -> Iterator[list[tuple]]:
    """The result's rows a chunk at a time, as the driver gives them (a server-side cursor on
    PostgreSQL, so that a million rows are never all in memory)."""
    driver = conn.connection.driver_connection
    postgres = conn.dialect.name == "postgresql"
    params = (run_id,) * sql.count("%s" if postgres else "?")
    if postgres:
        # Every row is read: a cursor planned for its first tenth (the default) takes a nested
        # loop that is seconds for ten thousand rows when a run's tables are not analyzed yet,
        # as they are not before its commit.
        conn.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
    cur = driver.cursor(name="reconcile_chain") if postgres else driver.cursor()
    try:
        cur.execute(sql, params)
        while chunk := cur.fetchmany(_CHUNK):
            yield chunk
    finally:
        cur.close()


def _utc(value) -> str | None:
    """A datetime as ISO 8601 in UTC: SQLite's driver gives the stored text, psycopg a datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat()


def _encoded(spec: TableSpec, chunk: list[tuple]) -> list[bytes]:
    stamps = spec.datetimes()
    if stamps:
        chunk = [tuple(_utc(v) if i in stamps else v for i, v in enumerate(row)) for row in chunk]
    return [repr(tuple(row)).encode() for row in chunk]


def table_digest(conn: Connection, spec: TableSpec, run_id: int,
                 limit: int | None = None) -> Digest:
    """The digest of the run's rows in one table, and each row's CRC-32."""
    return _digest_of_sql(conn, spec, _select(conn, spec, run_id, limit), run_id)


def _digest_of_sql(conn: Connection, spec: TableSpec, sql: str, run_id: int) -> Digest:
    h = hashlib.sha256()
    crcs = array("I")
    rows = 0
    for chunk in _rows(conn, sql, run_id):
        encoded = _encoded(spec, chunk)
        h.update(b"\n".join(encoded))
        h.update(b"\n")
        crcs.extend(map(crc32, encoded))
        rows += len(encoded)
    if sys.byteorder == "big":
        crcs.byteswap()
    return Digest(spec.name, rows, h.hexdigest(), crcs.tobytes())


def root_of(previous: str | None, digests: list[Digest]) -> str:
    lines = [CHAIN_FORMAT, f"previous {previous or '-'}"]
    lines += [f"{d.table} {d.rows} {d.sha256}" for d in digests]
    return hashlib.sha256(("\n".join(lines) + "\n").encode()).hexdigest()


def lock_runs(conn: Connection) -> None:
    """On PostgreSQL, runs are stored one at a time from their first row to their commit, so
    each run's previous run is the one with the id before its own (SQLite's write lock does
    the same). The lock is the one `Bulk.reserve_ids` takes, held to the commit."""
    from reconcile.store.bulk import Bulk

    Bulk(conn).hold_id_lock()


def seal(conn: Connection, run_id: int) -> str:
    """Hash the run's rows, link them to the previous run's root, store and return the root."""
    Run, D = schema.Run.__table__, schema.RunDigest.__table__
    digests = [table_digest(conn, spec, run_id) for spec in TABLES]
    previous = conn.execute(select(Run.c.root_sha256).where(Run.c.id < run_id)
                            .order_by(Run.c.id.desc()).limit(1)).scalar()
    root = root_of(previous, digests)
    conn.execute(D.insert(), [{"run_id": run_id, "table_name": d.table, "row_count": d.rows,
                               "sha256": d.sha256, "row_crc32": d.crcs} for d in digests])
    conn.execute(update(Run).where(Run.c.id == run_id)
                 .values(root_sha256=root, previous_root_sha256=previous))
    return root


@dataclass
class RunCheck:
    """What `verify` found for one run."""

    run_id: int
    status: str  # verified | not chained | mismatch
    root_sha256: str | None
    table: str | None = None
    row: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "mismatch"

    def message(self) -> str:
        if self.status == "verified":
            return "verified"
        if self.status == "not chained":
            return "not chained (stored before the hash chain)"
        where = f"run {self.run_id}: table {self.table}"
        return f"NOT verified: {where}: " + (f"row id {self.row} " if self.row else "") + self.detail


def verify(engine: Engine, upto: int | None = None, *, only: int | None = None) -> list[RunCheck]:
    """Recompute the chain of every run up to `upto` (default: all), stopping at the first
    mismatch; or, with `only`, of that run alone (its link to the previous run's stored root)."""
    Run = schema.Run.__table__
    with engine.connect() as conn:
        runs = conn.execute(select(Run.c.id, Run.c.root_sha256, Run.c.previous_root_sha256)
                            .order_by(Run.c.id)).all()
        if not runs:
            raise RunNotFound("no run stored yet: `reconcile run` first")
        wanted = only if only is not None else upto
        if wanted is not None and wanted not in {r.id for r in runs}:
            raise RunNotFound(f"no run {wanted}")
        checks: list[RunCheck] = []
        previous, chained = None, False
        for run in runs:
            if upto is not None and run.id > upto:
                break
            if only is None or run.id == only:
                check = _check_run(conn, run, previous, chained)
                checks.append(check)
                if not check.ok:
                    break
            previous, chained = run.root_sha256, chained or run.root_sha256 is not None
            if only is not None and run.id == only:
                break
    return checks


def _check_run(conn: Connection, run, previous: str | None, chained: bool) -> RunCheck:
    if run.root_sha256 is None:
        if chained:
            return RunCheck(run.id, "mismatch", None, "runs", str(run.id),
                            "has no root sha256 although an earlier run is chained")
        return RunCheck(run.id, "not chained", None)
    D = schema.RunDigest.__table__
    stored = {r.table_name: r for r in conn.execute(select(D).where(D.c.run_id == run.id))}
    digests = []
    for spec in TABLES:
        kept = stored.get(spec.name)
        if kept is None:
            return RunCheck(run.id, "mismatch", run.root_sha256, spec.name, None,
                            "its digest is missing from run_digests")
        digest = table_digest(conn, spec, run.id, kept.row_count if spec.limited else None)
        if (digest.rows, digest.sha256) != (kept.row_count, kept.sha256):
            row, what = _locate(conn, spec, run.id, kept)
            return RunCheck(run.id, "mismatch", run.root_sha256, spec.name, row, what)
        digests.append(digest)
    if root_of(run.previous_root_sha256, digests) != run.root_sha256:
        return RunCheck(run.id, "mismatch", run.root_sha256, "runs", str(run.id),
                        "root sha256 does not match its tables' digests "
                        "(runs.root_sha256 or run_digests edited)")
    if run.previous_root_sha256 != previous:
        return RunCheck(run.id, "mismatch", run.root_sha256, "runs", str(run.id),
                        f"links to previous root {run.previous_root_sha256 or 'none'}, but the "
                        f"run before it has {previous or 'none'}: a run was deleted or edited")
    return RunCheck(run.id, "verified", run.root_sha256)


def _crcs(blob: bytes) -> array:
    out = array("I")
    out.frombytes(blob)
    if sys.byteorder == "big":
        out.byteswap()
    return out


def _locate(conn: Connection, spec: TableSpec, run_id: int, kept) -> tuple[str | None, str]:
    """The first row that differs from what was sealed: (its key, what happened to it)."""
    old, new = _crcs(kept.row_crc32), array("I")
    width = spec.key_width()
    keys = []
    # a shared table's later rows too: a row added among the first ones shows as added
    for chunk in _rows(conn, _select(conn, spec, run_id), run_id):
        keys += [row[:width] for row in chunk]
        new.extend(map(crc32, _encoded(spec, chunk)))
    name = (lambda k: str(k[0]) if width == 1 else "(" + ", ".join(map(str, k)) + ")")
    i = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    if i == len(old) == len(new):  # same rows, same CRCs: the difference escaped CRC-32
        return None, "differs from its digest"
    if i == len(old):
        return name(keys[i]), "added"
    if i == len(new):
        return None, f"deleted after row id {name(keys[-1])}" if keys else "all rows deleted"
    # the rows that follow, shifted by one: a row is missing here, or one more is
    if old[i + 1:i + 1 + _WINDOW] == new[i:i + _WINDOW]:
        return _deleted(keys, i, name)
    if new[i + 1:i + 1 + _WINDOW] == old[i:i + _WINDOW]:
        return name(keys[i]), "added"
    changed = [j for j in range(i, min(len(old), len(new))) if old[j] != new[j]]
    if len(old) == len(new) and len(changed) == 2:
        j = changed[1]
        if old[i] == new[j] and old[j] == new[i]:
            return name(keys[i]), f"and row id {name(keys[j])} swapped"
        return name(keys[i]), f"and row id {name(keys[j])} edited (or their contents swapped)"
    return name(keys[i]), "edited" + (f" ({len(changed)} rows differ)" if len(changed) > 1 else "")


def _deleted(keys: list[tuple], i: int, name) -> tuple[str | None, str]:
    after, before = (keys[i - 1] if i else None), keys[i]
    if len(before) == 1 and isinstance(before[0], int) and after is not None \
            and before[0] - after[0] == 2:
        return str(after[0] + 1), "deleted"
    where = f"between row id {name(after)} and row id {name(before)}" if after \
        else f"before row id {name(before)}"
    return None, f"a row deleted {where}"


def stored_root(engine: Engine, run_id: int) -> str | None:
    Run = schema.Run.__table__
    with engine.connect() as conn:
        return conn.execute(select(Run.c.root_sha256).where(Run.c.id == run_id)).scalar()
