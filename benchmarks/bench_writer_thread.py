"""Would SQLite inserts in a second thread overlap with building the rows in Python?

The store builds each table's rows in Python and hands them to sqlite3's `executemany`. sqlite3
releases the GIL while SQLite steps a statement, so a writer thread inserting batches while the
main thread builds the next ones could, in principle, overlap the two. This measures it on
rows shaped like `claims` (12 columns, two indexes), one million of them, in one process:

    python benchmarks/bench_writer_thread.py [--rows 1000000] [--repeat 3]

It prints wall and CPU seconds of each way, median of the repeats, and the ratio to the single
thread. Overlap would show as CPU above wall in the threaded rows.
"""

from __future__ import annotations

import argparse
import hashlib
import queue
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path

SQL = "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
BATCH = 2_000


def rows(n: int):
    for i in range(n):
        s = f"claim-{i}"
        yield (i + 1, 1, hashlib.md5(s.encode()).hexdigest(), s, "Reuters", f"Subject {i % 5000}",
               "valuation", f"about ${i % 97} billion", None, "en", i % 1000, '{"a": 1}')


def fresh(path: Path) -> sqlite3.Connection:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-65536"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, run INT, sha TEXT, cid TEXT, outlet TEXT, "
                "subj TEXT, attr TEXT, val TEXT, obj TEXT, lang TEXT, line INT, raw TEXT)")
    con.execute("CREATE INDEX ti ON t (subj, attr)")
    con.execute("CREATE INDEX tj ON t (sha)")
    con.execute("BEGIN")
    return con


def single(con: sqlite3.Connection, n: int) -> None:
    con.executemany(SQL, rows(n))


def threaded(con: sqlite3.Connection, n: int, switch: float | None = None) -> None:
    old = sys.getswitchinterval()
    if switch:
        sys.setswitchinterval(switch)
    batches: queue.Queue = queue.Queue(maxsize=4)

    def write():
        cur = con.cursor()
        while (batch := batches.get()) is not None:
            cur.executemany(SQL, batch)

    writer = threading.Thread(target=write)
    writer.start()
    it = rows(n)
    while batch := list(islice(it, BATCH)):
        batches.put(batch)
    batches.put(None)
    writer.join()
    sys.setswitchinterval(old)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    ways = {"one thread": single, "writer thread": threaded,
            "writer thread, 0.2 ms switch": lambda con, n: threaded(con, n, 0.0002)}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.db"
        for _ in range(args.repeat):
            for name, way in ways.items():
                con = fresh(path)
                wall, cpu = time.perf_counter(), time.process_time()
                way(con, args.rows)
                con.execute("COMMIT")
                times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
                con.close()
    base = statistics.median(w for w, _ in times["one thread"])
    print(f"{args.rows:,} rows, median of {args.repeat}")
    print("| way | wall s | CPU s | wall ÷ one thread |")
    print("|---|---|---|---|")
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {wall / base:.2f} |")


if __name__ == "__main__":
    main()
