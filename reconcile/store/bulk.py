"""Bulk writes inside a run's transaction: the driver's fastest path on each backend.

A run stores millions of rows. Through SQLAlchemy's executemany every value of every row
passes the type system in Python; here rows are plain tuples of driver values (Decimals as
their exact text, JSON already encoded) and go straight to the driver: `executemany` on SQLite,
`COPY ... FROM STDIN` on PostgreSQL. Primary keys are reserved up front, so rows that refer to
each other (claims and their values, resolutions and their claims) need no RETURNING.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Iterable, Sequence

from sqlalchemy import Connection, Table, text

# PostgreSQL advisory lock held while a run reserves primary keys (released at commit).
_ID_LOCK = 0x7265636F  # "reco"


class Bulk:
    """Writes rows of one connection's open transaction."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"
        self.driver = conn.connection.driver_connection

    def reserve_ids(self, table: Table, n: int) -> range:
        """`n` consecutive unused primary keys of `table`, for rows this transaction inserts.

        SQLite: the run already holds the database's write lock, so max(id) stays ours.
        PostgreSQL: the serial sequence is advanced by `n` under an advisory lock that every
        run takes, so two runs never reserve overlapping ranges.
        """
        if n == 0:
            return range(0)
        if not self.postgres:
            top = self.conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table.name}")).scalar()
            return range(top + 1, top + 1 + n)
        self.hold_id_lock()
        seq = self.conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"),
                                {"t": table.name}).scalar()
        first = self.conn.execute(text("SELECT nextval(CAST(:s AS regclass))"), {"s": seq}).scalar()
        self.conn.execute(text("SELECT setval(CAST(:s AS regclass), :v)"),
                          {"s": seq, "v": first + n - 1})
        return range(first, first + n)

    def hold_id_lock(self) -> None:
        """PostgreSQL: take the runs' advisory lock, held to the transaction's end (reentrant)."""
        if self.postgres:
            self.conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ID_LOCK})

    def insert(self, table: Table, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        """Insert rows (tuples in `columns` order, driver values: see `decimal_text`, `to_json`)."""
        names = ", ".join(columns)
        if self.postgres:
            with self.driver.cursor() as cur:
                with cur.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            return
        marks = ", ".join("?" * len(columns))
        cur = self.driver.cursor()
        try:
            cur.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
        finally:
            cur.close()


def decimal_text(value: Decimal | None) -> str | None:
    """What schema.ExactDecimal stores: the number's exact text."""
    return None if value is None else format(value, "f")


_encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def to_json(value: Any) -> str:
    """A JSON column's text, as SQLAlchemy's JSON type reads it back."""
    return _encode(value)
