"""Databases that cannot be used: a DatabaseError (exit 2), no traceback, never a password."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RULES, SEEDS

from reconcile import store
from reconcile.cli import main
from reconcile.errors import DatabaseError
from reconcile.store.engine import _reason, shown_url

CLAIMS = SEEDS / "article-000.yaml"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def run(db: str):
    # Not --results /dev/null: the results file is replaced atomically, /dev/null with it.
    return CliRunner().invoke(main, ["run", "--claims", str(CLAIMS), "--seeds", str(SEEDS),
                                     "--rules", str(RULES), "--db", db, "--results",
                                     "results.json"])


def refused(result, start: str) -> None:
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stderr.startswith(f"error: {start}"), result.stderr
    assert "Traceback" not in result.output
    assert "SECRETPW" not in result.output


def test_a_sqlite_file_of_garbage(tmp_path):
    db = tmp_path / "bad.db"
    db.write_bytes(os.urandom(4096))
    refused(run(f"sqlite:///{db}"), f"cannot read sqlite:///{db}: file is not a database")


def test_a_sqlite_file_with_a_valid_header_and_garbage_pages(tmp_path):
    db = tmp_path / "bad.db"
    assert run(f"sqlite:///{db}").exit_code == 0
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    data = db.read_bytes()
    db.write_bytes(data[:100] + b"\xff" * (len(data) - 100))
    refused(run(f"sqlite:///{db}"), f"cannot read sqlite:///{db}: database disk image is malformed")


def test_a_database_newer_than_the_code(tmp_path):
    db = tmp_path / "new.db"
    assert run(f"sqlite:///{db}").exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    head = store.head_revision()
    refused(run(f"sqlite:///{db}"),
            f"database sqlite:///{db} is at revision '9999', which this version of reconcile "
            f"does not know (its latest is '{head}')")
    result = CliRunner().invoke(main, ["db", "upgrade", "--db", f"sqlite:///{db}"])
    refused(result, f"database sqlite:///{db} is at revision '9999'")


@pytest.mark.parametrize("url,start", [
    ("postgresql+nosuchdriver://user:SECRETPW@localhost/db",
     "bad database URL 'postgresql+nosuchdriver://user:***@localhost/db': no such database "
     "driver"),
    ("postgresql+psycopg2://user:SECRETPW@localhost/db",
     "bad database URL 'postgresql+psycopg2://user:***@localhost/db': its driver is not "
     "installed"),
    ("postgresql://user:SECRETPW@localhost:notaport/db",
     "bad database URL 'postgresql://user:***@localhost:notaport/db': "),
    ("not a url user:SECRETPW@host", "bad database URL 'not a url user:***@"),
    ("not a url:SECRETPW", "bad database URL 'not a url:...': Could not parse"),
    ("postgresql+psycopg://user:SECRETPW@127.0.0.1:1/db",
     "cannot connect to postgresql+psycopg://user:***@127.0.0.1:1/db: "),
])
def test_bad_urls_and_unreachable_servers_hide_the_password(url, start):
    pytest.importorskip("psycopg") if "psycopg:" in url else None
    if "psycopg2" in url:
        pytest.importorskip("sqlalchemy")
        try:
            import psycopg2  # noqa: F401
            pytest.skip("psycopg2 is installed here")
        except ImportError:
            pass
    refused(run(url), start)
    for args in (["db", "current", "--db", url], ["db", "upgrade", "--db", url]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and "SECRETPW" not in result.output, result.output
        assert "Traceback" not in result.output


def test_the_password_never_shows_even_in_a_driver_message():
    url = "postgresql+psycopg://u:SECRETPW@h/d"
    assert _reason(Exception("password authentication failed: SECRETPW\nline 2"), url) == \
        "password authentication failed: *** line 2"
    assert shown_url(url) == "postgresql+psycopg://u:***@h/d"
    assert shown_url("bad//u:SEC:RET@PW@h") == "bad//u:***@h"
    with pytest.raises(DatabaseError) as info:
        store.create("postgresql+nosuchdriver://u:SECRETPW@localhost/db")
    assert "SECRETPW" not in str(info.value)
