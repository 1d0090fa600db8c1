"""kill -9 at any moment of a run leaves the database as it was: earlier runs whole and verified,
no partial run, and the next run completes. On SQLite and PostgreSQL."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from reconcile import commands
from reconcile.store.chain import verify


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("kill") / "corpus"
    commands.synth(out, claims=10000, seed=5)
    return out


def _cmd(corpus, db, results):
    return [sys.executable, "-m", "reconcile", "run", "--seeds", str(corpus / "seeds"), "--rules",
            str(corpus / "rules"), "--db", db, "-q", "--full", "--fail-on", "never",
            "--results", str(results)]


def test_kill_9_at_any_moment_leaves_the_database_whole(ready_db, corpus, tmp_path):
    db_url = ready_db
    from reconcile import store

    started = time.monotonic()
    subprocess.run(_cmd(corpus, db_url, tmp_path / "first.json"), check=True)
    whole = time.monotonic() - started
    (tmp_path / "first.json").rename(tmp_path / "kept.json")
    for share in (0.4, 0.7, 0.9):  # reading, storing, writing the results
        proc = subprocess.Popen(_cmd(corpus, db_url, tmp_path / "r.json"))
        time.sleep(whole * share)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with store.open_database(db_url) as engine:
            runs = commands.runs(db_url)
            checks = verify(engine)
        assert all(check.ok for check in checks), [c.message() for c in checks]
        assert all(r["finished_at"] for r in runs)  # no partial run is ever listed
        if engine.dialect.name == "sqlite":
            with store.open_database(db_url) as engine, engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    subprocess.run(_cmd(corpus, db_url, tmp_path / "last.json"), check=True)
    assert (tmp_path / "kept.json").read_text(encoding="utf-8").rstrip().endswith("}")
