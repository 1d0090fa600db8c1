"""Migrations: from every earlier revision, with data in it, up to head, on both backends."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import (JSON, Boolean, DateTime, Float, Integer, MetaData, func, insert, select,
                        text as text_update, types)

from reconcile import store
from reconcile.store.encoding import unpack

REVISIONS = [s.revision for s in reversed(list(
    ScriptDirectory.from_config(store.alembic_config("sqlite://")).walk_revisions()))]


def _value(column):
    """A plausible value of the column's type; the same ids everywhere so foreign keys resolve."""
    t = column.type
    if isinstance(t, Boolean):
        return True
    if isinstance(t, Integer):
        return 1
    if isinstance(t, Float):
        return 0.5
    if isinstance(t, DateTime):
        return datetime(2026, 1, 28, tzinfo=timezone.utc)
    if isinstance(t, JSON) or "JSON" in type(t).__name__.upper():
        return {"kept": True}
    if isinstance(t, types.LargeBinary):
        return b"x"
    if isinstance(t, (types.String, types.Text)):
        return "20000000000" if column.name in ("low", "high", "point") else "x"
    raise AssertionError(f"no sample value for {column.table.name}.{column.name}: {t!r}")


def _fill_every_table(engine) -> dict[str, int]:
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            conn.execute(insert(table), [{c.name: _value(c) for c in table.columns}])
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                for t in meta.sorted_tables if t.name != "alembic_version"}


@pytest.mark.parametrize("revision", REVISIONS)
def test_upgrade_from_each_revision_keeps_its_data(db_url, revision):
    engine = store.create(db_url)
    try:
        store.upgrade(engine, revision)
        before = _fill_every_table(engine)
        store.upgrade(engine)
        assert store.current_revision(engine) == store.head_revision()
        meta = MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            for name, count in before.items():
                assert conn.execute(select(func.count()).select_from(meta.tables[name])).scalar() \
                    == count, name
            runs = meta.tables["runs"]
            assert conn.execute(select(runs.c.options)).scalar() == {"kept": True}
        store.check(engine)  # `alembic check`: models and migrations describe the same schema
    finally:
        engine.dispose()


def test_downgrade_to_base_and_back(db_url):
    engine = store.create(db_url)
    try:
        store.upgrade(engine)
        config = store.alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        assert store.current_revision(engine) is None
        store.upgrade(engine)
        assert store.current_revision(engine) == store.head_revision()
    finally:
        engine.dispose()


def test_0005_compresses_stored_payloads_and_back(db_url):
    """A payload stored as text under 0004 reads back the same from head, and after a downgrade."""
    text = '{"subject": "Société Générale", "display": "≤ $650B", "claims": [' + \
        ", ".join(f'{{"id": "c{i}", "outlet": "L’Écho"}}' for i in range(200)) + "]}"
    engine = store.create(db_url)
    try:
        store.upgrade(engine, "0004")
        _fill_every_table(engine)
        with engine.begin() as conn:
            conn.execute(text_update("UPDATE resolution_payloads SET payload = :p"), {"p": text})
        store.upgrade(engine)
        meta = MetaData()
        meta.reflect(engine)
        payloads = meta.tables["resolution_payloads"]
        with engine.connect() as conn:
            (blob,) = conn.execute(select(payloads.c.json_zstd)).one()
        assert unpack(blob) == text and len(blob) < len(text.encode()) / 4
        config = store.alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0004")
        with engine.connect() as conn:
            assert conn.execute(text_update("SELECT payload FROM resolution_payloads")).scalar() \
                == text
    finally:
        engine.dispose()


def test_0006_leaves_earlier_runs_unchained_and_downgrades(db_url, corpus):
    """Runs stored at 0005 have no root after the upgrade: not chained, never verified; a run
    stored after them is chained. The downgrade keeps every run."""
    from conftest import run_and_store

    from reconcile.store import chain

    engine = store.create(db_url)
    try:
        store.upgrade(engine, "0005")
        _fill_every_table(engine)
        store.upgrade(engine)
        if engine.dialect.name == "postgresql":  # the rows above took id 1 past the sequences
            with engine.begin() as conn:
                for table in ("runs", "outlets", "file_versions", "input_files", "claims",
                              "entity_matches", "resolutions", "audit_events", "review_decisions"):
                    conn.execute(text_update(f"SELECT setval(pg_get_serial_sequence('{table}', "
                                             f"'id'), (SELECT max(id) FROM {table}))"))
        run_and_store(db_url, corpus)
        checks = chain.verify(engine)
        assert [(c.run_id, c.status) for c in checks] == [(1, "not chained"), (2, "verified")]
        assert checks[0].message() == "not chained (stored before the hash chain)"
        config = store.alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0005")
        assert store.current_revision(engine) == "0005"
        with engine.connect() as conn:
            assert conn.execute(text_update("SELECT count(*) FROM runs")).scalar() == 2
            assert conn.execute(text_update("SELECT count(*) FROM claims")).scalar() > 1
        store.upgrade(engine)
        store.check(engine)
    finally:
        engine.dispose()


def test_the_head_read_from_the_migration_files_is_alembics():
    """`open_database` skips Alembic when the database is at this head: it must be Alembic's."""
    from reconcile.store import engine

    assert engine.head_of_files() == store.head_revision() == REVISIONS[-1]
