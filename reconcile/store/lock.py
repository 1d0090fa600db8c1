"""One run at a time per database: a second run waits for the first, then gives up with a message.

Two runs computing from the same last run and writing at once would each plan an incremental
run over it and then race for the write lock (SQLite answers the loser "database is locked").
A run therefore holds the database's run lock from the moment it reads the history until its
run is written:

- SQLite: an exclusive `flock` on `<database>.lock` beside the file, which names its holder
  (process, user, since) so that the waiting run can say who holds it. The lock goes with the
  process: a run killed with -9 holds nothing.
- PostgreSQL: a session advisory lock (`pg_advisory_lock`) on a connection of its own; the
  holder is read from `pg_stat_activity`.

A database in memory is one process's own and takes no lock.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, text

from reconcile.errors import DatabaseError

RUN_LOCK = 0x72756E73  # "runs": the advisory lock key every run takes on PostgreSQL
_POLL = 0.05  # seconds between two tries


@contextmanager
def run_lock(engine: Engine, *, wait: float, who: str) -> Iterator[None]:
    """Hold the database's run lock; DatabaseError naming the holder after `wait` seconds."""
    if engine.dialect.name == "postgresql":
        with _postgres_lock(engine, wait):
            yield
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with _file_lock(Path(database).with_name(Path(database).name + ".lock"), wait, who,
                    engine.url.render_as_string()):
        yield


@contextmanager
def _file_lock(path: Path, wait: float, who: str, shown: str) -> Iterator[None]:
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseError(f"another run holds the database {shown} "
                                        f"({_holder(path)}); try again, or give it time with "
                                        "--wait SECONDS") from None
                time.sleep(_POLL)
        holder = {"pid": os.getpid(), "by": who,
                  "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(path: Path) -> str:
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        return f"process {holder['pid']}, started by {holder['by']}, since {holder['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "its holder is not recorded"


@contextmanager
def _postgres_lock(engine: Engine, wait: float) -> Iterator[None]:
    with engine.connect() as conn:
        deadline = time.monotonic() + wait
        while not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": RUN_LOCK}).scalar():
            conn.rollback()  # no transaction left open while waiting
            if time.monotonic() >= deadline:
                raise DatabaseError(f"another run holds the database "
                                    f"{engine.url.render_as_string()} ({_pg_holder(conn)}); "
                                    "try again, or give it time with --wait SECONDS")
            time.sleep(_POLL)
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": RUN_LOCK})
            conn.commit()


def _pg_holder(conn) -> str:
    row = conn.execute(text(
        "SELECT a.pid, a.usename, a.backend_start FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objid = :k "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
        {"k": RUN_LOCK}).first()
    conn.rollback()
    if row is None:
        return "its holder is gone"
    since = row.backend_start.astimezone(timezone.utc).isoformat(timespec="seconds")
    return f"server process {row.pid}, started by {row.usename}, since {since}"
