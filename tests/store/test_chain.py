"""The hash chain: a stored run verifies, and any edit of its rows with SQL is found and named."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from click.testing import CliRunner
from conftest import run_and_store
from sqlalchemy import MetaData, func, insert, select, text, update

from reconcile import store
from reconcile.cli import main
from reconcile.store import chain, schema
from reconcile.store.encoding import pack

# Every table a run writes, but `runs` (its row is edited below; deleting it is a whole run).
TABLES = [name for name in chain.TABLE_NAMES if name != "runs"]
# One row per claim or resolution: a row can only be added after one is deleted.
ONE_TO_ONE = {"claim_values", "resolution_payloads"}
EDITS = {"outlets": ("trust", 0.123), "file_versions": ("sha256", "f" * 64),
         "input_files": ("path", "tampered.jsonl"), "claims": ("value", "about $1"),
         "claim_values": ("unit", "zz"), "entity_matches": ("score", 1.5),
         "resolutions": ("display", "$1"), "resolution_claims": ("reason", "tampered"),
         "resolution_payloads": ("json_zstd", pack('{"display": "$1"}')),
         "audit_events": ("message", "tampered"), "review_decisions": ("reason", "tampered")}


def _decide(url, *ids):
    """Reviewers' decisions with these ids, recorded before the runs."""
    with store.open_database(url, migrate=True) as engine, engine.begin() as conn:
        conn.execute(insert(schema.ReviewDecision), [{
            "id": i, "mention_key": f"mention {i}", "mention": f"Mention {i}", "action": "reject",
            "entity_id": None, "entity_name": None, "decided_by": "ana", "reason": "",
            "decided_at": datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)} for i in ids])


@pytest.fixture
def two_runs(db_url, corpus):
    """Two full runs of the corpus, after two review decisions (ids 1 and 5)."""
    _decide(db_url, 1, 5)
    run_and_store(db_url, corpus)
    run_and_store(db_url, corpus, full=True)
    return db_url


def _verify(url, **kwargs):
    with store.open_database(url) as engine:
        return chain.verify(engine, **kwargs)


def _mismatch(url):
    checks = _verify(url)
    assert not checks[-1].ok, [c.message() for c in checks]
    return checks[-1]


class Tables:
    """The reflected tables and the rows of run 1 in each, in the chain's order."""

    def __init__(self, conn):
        self.conn = conn
        self.meta = MetaData()
        self.meta.reflect(conn)

    def spec(self, name):
        return next(s for s in chain.TABLES if s.name == name)

    def keys(self, name) -> list[tuple]:
        spec = self.spec(name)
        mark = "%s" if self.conn.dialect.name == "postgresql" else "?"
        pk = ", ".join(f't."{c.name}"' for c in spec.table.primary_key.columns)
        sql = f"SELECT {pk} FROM {name} t {spec.where.format(p=mark)} ORDER BY {spec.order}"
        params = (1,) * sql.count(mark)
        return [tuple(r) for r in self.conn.exec_driver_sql(sql, params).all()]

    def where(self, name, key):
        table = self.meta.tables[name]
        return [c == v for c, v in zip(table.primary_key.columns, key)]

    def row(self, name, key) -> dict:
        table = self.meta.tables[name]
        return dict(self.conn.execute(select(table).where(*self.where(name, key))).one()._mapping)

    def set(self, name, key, /, **values):
        table = self.meta.tables[name]
        self.conn.execute(update(table).where(*self.where(name, key)).values(**values))


def _label(key):
    return str(key[0]) if len(key) == 1 else "(" + ", ".join(map(str, key)) + ")"


def _tamper(url, fn):
    with store.open_database(url) as engine, engine.begin() as conn:
        return fn(Tables(conn))


def test_a_fresh_run_verifies(two_runs):
    checks = _verify(two_runs)
    assert [(c.run_id, c.status) for c in checks] == [(1, "verified"), (2, "verified")]
    with store.open_database(two_runs) as engine, engine.connect() as conn:
        roots = conn.execute(select(schema.Run.root_sha256, schema.Run.previous_root_sha256)
                             .order_by(schema.Run.id)).all()
    assert roots[0][1] is None and roots[1][1] == roots[0][0]
    assert [c.root_sha256 for c in checks] == [r[0] for r in roots]


@pytest.mark.parametrize("name", TABLES)
def test_an_edited_column_is_found(two_runs, name):
    def edit(t):
        key = t.keys(name)[1 if len(t.keys(name)) > 1 else 0]
        if name == "run_resolutions":  # a table of keys only: point it at another resolution
            other = max(r.id for r in t.conn.execute(select(schema.Resolution.id)))
            t.set(name, key, resolution_id=other)
            return None  # gone from its place, and one more at the end
        column, value = EDITS[name]
        t.set(name, key, **{column: value})
        return key
    key = _tamper(two_runs, edit)
    found = _mismatch(two_runs)
    assert (found.run_id, found.table) == (1, name)
    if key is None:
        assert "deleted" in found.detail
    else:
        assert found.row == _label(key), found.message()
    assert found.message().startswith(f"NOT verified: run 1: table {name}: ")


@pytest.mark.parametrize("name", TABLES)
def test_a_deleted_row_is_found(two_runs, name):
    def delete(t):
        keys = t.keys(name)
        key = keys[1] if len(keys) > 1 else keys[0]
        table = t.meta.tables[name]
        t.conn.execute(table.delete().where(*t.where(name, key)))
        return key
    key = _tamper(two_runs, delete)
    found = _mismatch(two_runs)
    assert (found.run_id, found.table) == (1, name), found.message()
    assert "deleted" in found.detail
    if len(key) == 1 and name != "review_decisions":  # consecutive ids: the row is named
        assert found.row == str(key[0]), found.message()


@pytest.mark.parametrize("name", [n for n in TABLES if n not in ONE_TO_ONE])
def test_an_inserted_row_is_found(two_runs, name):
    def add(t):
        table = t.meta.tables[name]
        key = t.keys(name)[0]
        row = t.row(name, key)
        top = t.conn.execute(text(f"SELECT max({table.primary_key.columns[0].name}) "
                                  f"FROM {name}")).scalar()
        if name == "review_decisions":
            row["id"] = 3  # between the decisions recorded before run 1
        elif name == "resolution_claims":  # one more claim of the run in the first resolution
            taken = {k[1] for k in t.keys(name) if k[0] == key[0]}
            row["claim_pk"] = next(k[1] for k in t.keys(name) if k[1] not in taken)
        elif name == "run_resolutions":  # a resolution of run 2 linked into run 1
            row["resolution_id"] = max(r.id for r in t.conn.execute(select(schema.Resolution.id)))
        else:
            row["id"] = top + 1
        for column in ("name", "path", "claim_id", "role"):
            if isinstance(row.get(column), str) and name != "resolution_claims":
                row[column] = row[column] + "x"
        t.conn.execute(insert(table), [row])
        return tuple(row[c.name] for c in table.primary_key.columns)
    key = _tamper(two_runs, add)
    found = _mismatch(two_runs)
    assert (found.run_id, found.table) == (1, name), found.message()
    assert (found.row, found.detail) == (_label(key), "added"), found.message()


def _content(row, table):
    unique = {c.name for u in table.constraints if type(u).__name__ == "UniqueConstraint"
              for c in u.columns}
    return {k: v for k, v in row.items()
            if k not in unique and k not in {c.name for c in table.primary_key.columns}}


@pytest.mark.parametrize("name", [n for n in TABLES if n != "run_resolutions"])
def test_two_swapped_rows_are_found(two_runs, name):
    def swap(t):
        table = t.meta.tables[name]
        keys = t.keys(name)
        a = keys[0]
        ca = _content(t.row(name, a), table)
        b = next(k for k in keys[1:] if _content(t.row(name, k), table) != ca)
        cb = _content(t.row(name, b), table)
        t.set(name, a, **cb)
        t.set(name, b, **ca)
        return a
    first = _tamper(two_runs, swap)
    found = _mismatch(two_runs)
    assert (found.run_id, found.table, found.row) == (1, name, _label(first)), found.message()


def test_an_edited_run_row_root_or_digest_is_found(two_runs):
    _tamper(two_runs, lambda t: t.set("runs", (1,), claims=999))
    assert (_mismatch(two_runs).table, _mismatch(two_runs).row) == ("runs", "1")
    _tamper(two_runs, lambda t: t.set("runs", (1,), claims=300, root_sha256="0" * 64))
    found = _mismatch(two_runs)
    assert found.run_id == 1 and "root sha256 does not match" in found.detail


def test_an_edited_digest_is_found(two_runs):
    _tamper(two_runs, lambda t: t.conn.execute(
        update(schema.RunDigest).where(schema.RunDigest.run_id == 2,
                                       schema.RunDigest.table_name == "claims")
        .values(sha256="0" * 64)))
    found = _mismatch(two_runs)
    assert (found.run_id, found.table) == (2, "claims")


def test_a_deleted_run_is_found_at_the_next(two_runs):
    _tamper(two_runs, lambda t: t.conn.execute(schema.Run.__table__.delete()
                                               .where(schema.Run.id == 1)))
    found = _mismatch(two_runs)
    assert (found.run_id, found.table) == (2, "runs")
    assert "a run was deleted" in found.detail


def test_an_incremental_run_verifies(db_url, corpus):
    first, _ = run_and_store(db_url, corpus, corpus / "seeds" / "claims")
    second, outcome = run_and_store(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra")
    assert outcome.plan is not None
    assert [c.status for c in _verify(db_url)] == ["verified", "verified"]
    # the carried resolutions are the second run's by reference: unlinking one is found there
    _tamper(db_url, lambda t: t.conn.execute(schema.RunResolution.__table__.delete().where(
        schema.RunResolution.run_id == second, schema.RunResolution.resolution_id == 1)))
    found = _mismatch(db_url)
    assert (found.run_id, found.table, found.row) == (second, "run_resolutions", None)
    assert "deleted" in found.detail


def test_a_run_with_few_of_the_claims_is_read_by_seek_the_same_rows(db_url, corpus):
    run_and_store(db_url, corpus, corpus / "seeds" / "claims")
    second, _ = run_and_store(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra")
    spec = next(s for s in chain.TABLES if s.name == "entity_matches")
    with store.open_database(db_url) as engine, engine.connect() as conn:
        assert "CROSS JOIN" not in chain._select(conn, spec, second)  # the incremental run
        assert "CROSS JOIN" in chain._select(conn, spec, 1)  # the first: all the claims
        for run in (1, second):
            digests = {seek: chain._digest_of_sql(conn, spec, spec.sql(
                conn.dialect.name, seek=seek), run) for seek in (False, True)}
            assert digests[False] == digests[True] and digests[True].rows > 0
    M = schema.EntityMatch.__table__
    with store.open_database(db_url) as engine, engine.begin() as conn:
        newest = conn.execute(select(func.max(M.c.id))).scalar()
        conn.execute(update(M).where(M.c.id == newest).values(score=1.5))
    found = _mismatch(db_url)
    assert (found.run_id, found.table, found.row, found.detail) == (
        second, "entity_matches", str(newest), "edited")


@pytest.mark.postgres
def test_postgresql_plans_the_chains_cursor_for_every_row(postgres_server_url, corpus):
    """A run's tables are not analyzed before its commit: a cursor planned for its first rows
    (cursor_tuple_fraction 0.1) took a nested loop, seconds for ten thousand claims."""
    from conftest import _fresh_postgres_database

    url = _fresh_postgres_database(postgres_server_url)
    run_and_store(url, corpus)
    with store.open_database(url) as engine, engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW cursor_tuple_fraction").scalar() == "0.1"
        chain.table_digest(conn, next(s for s in chain.TABLES if s.name == "claim_values"), 1)
        assert conn.exec_driver_sql("SHOW cursor_tuple_fraction").scalar() == "1"
    with store.open_database(url) as engine, engine.connect() as conn:  # for its transaction only
        assert conn.exec_driver_sql("SHOW cursor_tuple_fraction").scalar() == "0.1"


def test_only_one_run_is_checked_for_explain(two_runs):
    _tamper(two_runs, lambda t: t.set("claims", t.keys("claims")[0], value="x"))
    assert [c.status for c in _verify(two_runs, only=2)] == ["verified"]
    assert [c.status for c in _verify(two_runs, only=1)] == ["mismatch"]
    assert [c.status for c in _verify(two_runs, upto=1)] == ["mismatch"]


def _roots(url, corpus, monkeypatch):
    fixed = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return fixed

    monkeypatch.setattr("reconcile.store.write.datetime", Clock)
    monkeypatch.setattr("reconcile.store.write.current_user", lambda: "ana")
    from reconcile.pipeline import compute
    from reconcile.store.history import History

    _decide(url, 1)
    with store.open_database(url, migrate=True) as engine:
        for full in (False, True):
            outcome = compute([corpus / "seeds" / "claims"], corpus / "seeds", corpus / "rules",
                              history=History(engine), full=full)
            store.write_run(engine, outcome, started_at=fixed)
        with engine.connect() as conn:
            digests = conn.execute(select(schema.RunDigest.run_id, schema.RunDigest.table_name,
                                          schema.RunDigest.sha256, schema.RunDigest.row_crc32)
                                   .order_by(schema.RunDigest.run_id,
                                             schema.RunDigest.table_name)).all()
            roots = conn.execute(select(schema.Run.root_sha256).order_by(schema.Run.id)).all()
    return [tuple(d) for d in digests], [r[0] for r in roots]


@pytest.mark.postgres
def test_the_chain_is_the_same_on_sqlite_and_postgresql(tmp_path, corpus, postgres_server_url,
                                                        monkeypatch):
    from conftest import _fresh_postgres_database

    on_sqlite = _roots(f"sqlite:///{tmp_path / 'r.db'}", corpus, monkeypatch)
    on_postgres = _roots(_fresh_postgres_database(postgres_server_url), corpus, monkeypatch)
    assert on_sqlite[0] == on_postgres[0]
    assert on_sqlite[1] == on_postgres[1] and None not in on_sqlite[1]


def test_cli_exit_codes(two_runs):
    runner = CliRunner()
    ok = runner.invoke(main, ["audit", "verify", "--db", two_runs])
    assert ok.exit_code == 0, ok.output
    assert "run 2: verified root sha256 " in ok.output and "verified: 2 chained run(s)" in ok.output
    assert runner.invoke(main, ["audit", "verify", "--db", two_runs, "--run", "9"]).exit_code == 2
    _tamper(two_runs, lambda t: t.set("claims", t.keys("claims")[1], value="x"))
    bad = runner.invoke(main, ["audit", "verify", "--db", two_runs])
    assert bad.exit_code == 1
    assert "NOT verified: run 1: table claims: row id 2 edited" in bad.output
    as_json = runner.invoke(main, ["audit", "verify", "--db", two_runs, "--json"])
    assert as_json.exit_code == 1 and '"verified": false' in as_json.output


def test_explain_says_whether_its_run_verifies(two_runs, corpus):
    with store.open_database(two_runs) as engine, engine.connect() as conn:
        subject, attribute = conn.execute(select(schema.Resolution.subject_id,
                                                 schema.Resolution.attribute)
                                          .where(schema.Resolution.object_id.is_(None))
                                          .limit(1)).one()
    args = ["explain", subject, attribute, "--db", two_runs, "--seeds", str(corpus / "seeds"),
            "--rules", str(corpus / "rules")]
    shown = CliRunner().invoke(main, args)
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  run 2 at "))
    assert lines[at + 1] == "  verified"
    _tamper(two_runs, lambda t: t.set("claims", t.keys("claims")[0], value="x"))
    lines = CliRunner().invoke(main, args + ["--run", "1"]).output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  run 1 at "))
    assert lines[at + 1].startswith("  NOT verified: run 1: table claims")
