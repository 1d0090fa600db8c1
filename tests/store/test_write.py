"""The database: migrations on both backends, exact values, and one transaction per run."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest
from conftest import RULES, SEEDS
from sqlalchemy import func, inspect, select

import reconcile.store.write
from reconcile import errors, store
from reconcile.pipeline import compute
from reconcile.store import schema


def test_upgrade_from_empty_reaches_head_and_matches_models(db_url):
    engine = store.create(db_url)
    try:
        assert store.current_revision(engine) is None
        store.upgrade(engine)
        assert store.current_revision(engine) == store.head_revision()
        tables = set(inspect(engine).get_table_names())
        assert set(schema.Base.metadata.tables) <= tables
        store.check(engine)  # `alembic check`: models and migrations describe the same schema
    finally:
        engine.dispose()


def test_migrations_ship_with_the_package():
    path = store.migrations_dir()
    assert (path / "env.py").exists()
    assert list((path / "versions").glob("0001_*.py"))


def test_bad_url_is_a_usage_error():
    with pytest.raises(errors.DatabaseError, match="bad database URL"):
        store.create("nosuchdialect://x")


@pytest.mark.postgres
def test_server_database_is_not_migrated_behind_the_teams_back(postgres_server_url):
    from conftest import _fresh_postgres_database

    url = _fresh_postgres_database(postgres_server_url)
    with pytest.raises(errors.DatabaseError, match="reconcile db upgrade"):
        with store.open_database(url):
            pass
    with store.open_database(url, migrate=True) as engine:  # what `reconcile db upgrade` does
        assert store.current_revision(engine) == store.head_revision()


def test_sqlite_is_created_and_migrated_on_first_use(tmp_path):
    url = f"sqlite:///{tmp_path / 'deep' / 'dir' / 'r.db'}"
    with store.open_database(url) as engine:
        assert store.current_revision(engine) == store.head_revision()
    assert (tmp_path / "deep" / "dir" / "r.db").exists()


def _stored_run(db_url):
    with store.open_database(db_url, migrate=True) as engine:
        outcome = compute(None, SEEDS, RULES)
        run_id = store.write_run(engine, outcome, started_at=datetime.now(timezone.utc))
        with engine.connect() as conn:
            values = conn.execute(select(schema.ClaimValue.high, schema.ClaimValue.low,
                                         schema.ClaimValue.point)).all()
            resolutions = conn.execute(select(schema.Resolution.low, schema.Resolution.high,
                                              schema.Resolution.point)).all()
    return run_id, values, resolutions


def test_values_round_trip_exactly(db_url):
    _, values, resolutions = _stored_run(db_url)
    numbers = [v for row in values + resolutions for v in row if v is not None]
    assert all(isinstance(v, Decimal) for v in numbers)
    assert Decimal("20000000000") in numbers and Decimal("1000000000000") in numbers
    # approximate values widened by 10 % stay exact decimals, no float drift
    assert Decimal("747000000000") in numbers and Decimal("913000000000") in numbers
    assert Decimal("9.9") in numbers or Decimal("9.90") in numbers


def test_a_failure_mid_run_leaves_earlier_runs_and_no_half_run(db_url, monkeypatch):
    first, _, _ = _stored_run(db_url)

    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(reconcile.store.write, "_store_resolutions", crash)
    with store.open_database(db_url, migrate=True) as engine:
        outcome = compute(None, SEEDS, RULES)
        with pytest.raises(RuntimeError):
            store.write_run(engine, outcome, started_at=datetime.now(timezone.utc))
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(schema.Run)).scalar() == 1
            assert conn.execute(select(func.max(schema.Claim.run_id))).scalar() == first
            assert conn.execute(select(func.count()).select_from(schema.Resolution)).scalar() == 13


def test_sqlite_run_is_stored_without_row_checks_yet_every_foreign_key_holds(sqlite_url,
                                                                          seed_copy):
    """store() skips SQLite's per-row foreign key checks (store.bulk_transaction): the rows must
    hold them anyway, incremental runs included, and the pooled connection gets them back."""
    from reconcile.store.history import History

    with store.open_database(sqlite_url, migrate=True) as engine:
        for _ in range(2):  # a full run, then an incremental one over it
            outcome = compute(None, seed_copy / "seeds", seed_copy / "rules",
                              history=History(engine))
            store.write_run(engine, outcome, started_at=datetime.now(timezone.utc))
            (seed_copy / "seeds" / "article-000.yaml").write_text(
                (seed_copy / "seeds" / "article-000.yaml").read_text() + "\n")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.execute(select(func.count()).select_from(schema.ResolutionPayload)) \
                .scalar() > 13


@pytest.mark.postgres
def test_a_postgresql_run_leaves_its_tables_counted_for_the_planner(postgres_server_url, corpus):
    """A full run ANALYZEs the tables it filled: the reports after it and the next run are
    planned for their size, not for the empty tables autovacuum has not counted yet."""
    from conftest import _fresh_postgres_database, run_and_store

    url = _fresh_postgres_database(postgres_server_url)
    run_and_store(url, corpus)
    with store.open_database(url) as engine, engine.connect() as conn:
        for table in ("claims", "claim_values", "entity_matches", "resolution_claims"):
            rows = conn.execute(select(func.count()).select_from(
                schema.Base.metadata.tables[table])).scalar()
            counted = conn.exec_driver_sql(
                "SELECT reltuples FROM pg_class WHERE relname = %s", (table,)).scalar()
            assert rows > 0 and counted == rows, table  # a table this small is read whole


def test_db_commands(tmp_path):
    from click.testing import CliRunner

    from reconcile.cli import main

    url = f"sqlite:///{tmp_path / 'c.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade", "--db", url, "--revision", "0001"]).exit_code == 0
    stale = runner.invoke(main, ["db", "check", "--db", url])
    assert stale.exit_code == 2 and "db upgrade" in stale.stderr
    assert "current: 0001" in runner.invoke(main, ["db", "current", "--db", url]).stdout
    assert runner.invoke(main, ["db", "upgrade", "--db", url]).exit_code == 0
    assert runner.invoke(main, ["db", "check", "--db", url]).exit_code == 0


def test_run_times_are_utc_with_their_offset_on_every_backend(db_url):
    from reconcile.store.runs import list_runs, run_payload

    with store.open_database(db_url, migrate=True) as engine:
        run_id = store.write_run(engine, compute(None, SEEDS, RULES),
                                 started_at=datetime.now(timezone.utc))
        run = run_payload(engine, run_id, claims=False)["run"]
        listed = list_runs(engine)[0]
    for value in (run["started_at"], run["finished_at"], listed["started_at"]):
        assert value.endswith("+00:00"), value
        assert datetime.fromisoformat(value).utcoffset().total_seconds() == 0
