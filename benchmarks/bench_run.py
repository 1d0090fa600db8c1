"""Benchmark of `reconcile run` at scale, on SQLite and PostgreSQL, against the synthetic truth.

One command, prints one table (the figures of the performance issue):

    python benchmarks/bench_run.py [--sizes 10000,100000,1000000] [--dbs sqlite,postgres]
                                   [--repeat 3] [--work DIR] [--seed 1] [--euros 0,0.2]
                                   [--learn]

For each size N it generates a corpus with `reconcile synth` (N claims, N/10 entities, 50 outlets,
and 1 000 more claims of the same world in a later file), then, on each database and `--repeat`
times, in a fresh database and a fresh matcher cache:

- times `reconcile run` in a child process (wall seconds, peak RSS of the child from wait4,
  the stages from `--verbose`: ingest, normalize, match, graph, resolve, store, then `load`,
  which reads the stored run back, and `write`, which writes the report and run_results.json);
- scores the stored run against truth.jsonl: the share of keys whose true value lies in the
  resolved range, and the share of mentions matched to their true entity (or left unmatched
  when the company is not in the seeds);
- runs again with the 1 000 extra claims appended as a new file (an incremental run), and shows
  how much of that re-run is the pipeline proper (ingest … store) rather than start-up and the
  report of the whole run.

With `--euros 0,0.2`, each size is also measured on a corpus where a fifth of the money claims
on dollar keys are written in euros (`reconcile synth --euros 0.2`), so that those keys are
resolved through currency conversion; the table then says what that costs against the same
size without.

With `--learn`, each corpus is also run with `trust: {learn: true}` added to its rules (a copy
of them), and the table says what learning the outlets' trust costs against the same run
without.

It also times the floor: parsing the same JSONL and inserting the raw claim rows into SQLite
in one executemany. Medians over the repeats are printed. PostgreSQL runs on a throwaway
server started from the local binaries (tests/pg_server.py). Nothing here is part of the tests.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import importlib.util
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("ingest", "normalize", "match", "graph", "resolve", "store", "load", "write")
EXTRA = 1000
OUTLETS = 50


def main() -> None:
    args = _options()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    server = _postgres() if "postgres" in args.dbs else None
    rows = []
    try:
        for size in args.sizes:
            for euros in args.euros:
                corpus = corpus_for(work, size, args.seed, euros)
                floors = [floor(corpus, work) for _ in range(args.repeat)]
                for dbname in args.dbs:
                    for learn in (False, True) if args.learn else (False,):
                        rules = learning_rules(corpus, work) if learn else corpus / "rules"
                        runs = [measure(corpus, work, dbname, server, size, r, rules)
                                for r in range(args.repeat)]
                        rows.append(summary(size, dbname, runs, statistics.median(floors), euros,
                                            learn))
                        print(_line(rows[-1]), file=sys.stderr, flush=True)
    finally:
        if server is not None:
            server.stop()
    print(table(rows))


def _options():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10000,100000,1000000",
                   type=lambda s: [int(x) for x in s.split(",")])
    p.add_argument("--dbs", default="sqlite,postgres", type=lambda s: s.split(","))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--euros", default="0", type=lambda s: [float(x) for x in s.split(",")],
                   help="shares of the dollar keys' money claims written in euros, one corpus each")
    p.add_argument("--learn", action="store_true",
                   help="also run each corpus with trust.learn on, to measure what it costs")
    p.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "reconcile-bench"))
    return p.parse_args()


# --- corpora and the floor -------------------------------------------------------------------

def corpus_for(work: Path, size: int, seed: int, euros: float = 0.0) -> Path:
    """The corpus of `size` claims, generated once (again when the generator changes)."""
    from reconcile.synth import write_corpus

    code = hashlib.sha256(b"".join(p.read_bytes() for p in
                                   sorted((ROOT / "reconcile" / "synth").glob("*.py")))
                          ).hexdigest()[:12]
    out = work / (f"corpus-{size}-s{seed}-{code}" + (f"-eur{euros:g}" if euros else ""))
    if not (out / "truth.jsonl").exists():
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        write_corpus(out, claims=size, entities=max(2, size // 10), outlets=OUTLETS, seed=seed,
                     holdout=EXTRA, euros=euros)
        print(f"generated {out.name} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return out


FLOOR_FIELDS = ("id", "outlet", "subject", "attribute", "value", "object", "via", "lang",
                "published", "as_of", "url", "quote")


def floor(corpus: Path, work: Path) -> float:
    """Parse the JSONL and insert the raw claim rows into SQLite in one executemany."""
    path = work / "floor.db"
    for f in glob.glob(f"{path}*"):
        os.remove(f)
    t = time.perf_counter()
    rows = []
    for name in sorted(glob.glob(str(corpus / "seeds" / "claims" / "*.jsonl"))):
        with open(name, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    d = json.loads(line)
                    rows.append((*(d.get(k) for k in FLOOR_FIELDS), name, n, line))
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE claims (id INTEGER PRIMARY KEY, claim_id TEXT, outlet TEXT, "
                "subject TEXT, attribute TEXT, value TEXT, object TEXT, via TEXT, lang TEXT, "
                "published TEXT, as_of TEXT, url TEXT, quote TEXT, file TEXT, line INTEGER, "
                "raw TEXT)")
    con.executemany("INSERT INTO claims (claim_id, outlet, subject, attribute, value, object, "
                    "via, lang, published, as_of, url, quote, file, line, raw) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return time.perf_counter() - t


# --- one measured run ------------------------------------------------------------------------

def learning_rules(corpus: Path, work: Path) -> Path:
    """A copy of the corpus's rules that learns the outlets' trust."""
    out = work / f"rules-learn-{corpus.name}"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(corpus / "rules", out)
    (out / "trust.yaml").write_text("trust:\n  learn: true\n", encoding="utf-8")
    return out


def measure(corpus: Path, work: Path, dbname: str, server, size: int, rep: int,
            rules: Path | None = None) -> dict:
    url = _fresh_database(work, dbname, server, size, rep)
    cache = work / f"cache-{dbname}-{size}-{rep}"
    shutil.rmtree(cache, ignore_errors=True)
    env = dict(os.environ, RECONCILE_CACHE_DIR=str(cache), PYTHONHASHSEED="0")
    claims = ["--claims", str(corpus / "seeds" / "claims")]
    rules = rules or corpus / "rules"
    full = _run_cli(corpus, url, claims, env, work, rules)
    scores = accuracy(corpus, url)
    again = _run_cli(corpus, url, claims + ["--claims", str(corpus / "extra")], env, work, rules)
    again["incremental"] = _was_incremental(url)
    shutil.rmtree(cache, ignore_errors=True)
    core = sum(again["stages"].get(s, 0.0) for s in STAGES[:6])  # ingest ... store
    return {**full, **scores, "rerun": again["wall"], "rerun_core": core,
            "rerun_incremental": again["incremental"]}


def _run_cli(corpus: Path, url: str, claims: list[str], env: dict, work: Path,
             rules: Path) -> dict:
    cmd = [sys.executable, "-m", "reconcile", "run", *claims, "--seeds", str(corpus / "seeds"),
           "--rules", str(rules), "--db", url, "--fail-on", "never", "--verbose",
           "--quiet", "--results", str(work / "run_results.json")]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            cwd=work)
    peak = _PeakRSS(proc.pid)
    stderr = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"reconcile run failed:\n{stderr}")
    stages = {m[1]: float(m[2]) for m in re.finditer(r"^\s+(\S+)\s+([\d.]+) s", stderr, re.M)}
    return {"wall": wall, "rss": peak.mib(usage), "stages": stages}


class _PeakRSS(threading.Thread):
    """The child's own peak resident memory: VmHWM of its address space, polled until it exits.

    Not wait4's ru_maxrss: Linux carries into it the high-water mark of the address space the
    child replaced at exec, i.e. of this benchmark process, which holds a corpus and its truth
    and grows past the runs it measures (an earlier table reported 2.2 GB for 1.9 GB runs).
    """

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.path, self.kib = f"/proc/{pid}/status", 0
        self.start()

    def run(self) -> None:
        while True:
            try:
                with open(self.path) as f:
                    hwm = next((line for line in f if line.startswith("VmHWM:")), None)
            except OSError:  # exited
                return
            if hwm is None:  # a zombie: its memory is gone
                return
            self.kib = max(self.kib, int(hwm.split()[1]))
            time.sleep(0.05)

    def mib(self, usage) -> float:
        self.join()
        return self.kib / 1024 if self.kib else usage.ru_maxrss / 1024  # no /proc: ru_maxrss


def _fresh_database(work: Path, dbname: str, server, size: int, rep: int) -> str:
    if dbname == "sqlite":
        path = work / f"bench-{size}-{rep}.db"
        for f in glob.glob(f"{path}*"):
            os.remove(f)
        return f"sqlite:///{path}"
    from sqlalchemy import create_engine, text

    name = f"bench_{size}_{rep}"
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = server.url.rsplit("/", 1)[0] + "/" + name
    subprocess.run([sys.executable, "-m", "reconcile", "db", "upgrade", "--db", url], check=True,
                   stdout=subprocess.DEVNULL, cwd=work)
    return url


def _was_incremental(url: str) -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        base = conn.execute(text("SELECT base_run_id FROM runs ORDER BY id DESC LIMIT 1")).scalar()
    engine.dispose()
    return base is not None


# --- accuracy against the truth ----------------------------------------------------------------

def accuracy(corpus: Path, url: str) -> dict:
    """Share of keys whose true value the resolved range holds; of mentions matched right."""
    from sqlalchemy import create_engine, text

    keys, truth = {}, {}
    with open(corpus / "truth.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["kind"] == "key":
                keys[row["index"]] = row
            elif row["kind"] == "claim" and not row["holdout"]:
                truth[row["id"]] = row
    engine = create_engine(url)
    with engine.connect() as conn:
        resolved = {(r[0], r[1], r[2], r[3]): r[4:] for r in conn.execute(text(
            "SELECT subject_id, attribute, object_id, as_of, low, high, low_inclusive, "
            "high_inclusive, status, currency FROM resolutions WHERE run_id = 1"))}
        matched = {(r[0], r[1]): r[2] for r in conn.execute(text(
            "SELECT c.claim_id, m.role, m.entity_id FROM claims c "
            "JOIN entity_matches m ON m.claim_pk = c.id WHERE c.run_id = 1"))}
    engine.dispose()
    used = {t["key"] for t in truth.values()}
    days = _days(corpus)
    hits = total = 0
    for index in used:
        k = keys[index]
        if k["subject_id"] is None:
            continue  # a company the seeds do not hold: no key to resolve
        total += 1
        r = resolved.get((k["subject_id"], k["attribute"], k["object_id"], k["as_of"]))
        hits += r is not None and _holds(r[:5], _in_currency(k, r[5], days))
    right = mentions = 0
    for claim_id, t in truth.items():
        for role in ("subject", "object"):
            if t[role] is not None:
                mentions += 1
                right += matched.get((claim_id, role)) == t[f"{role}_id"]
    return {"key_accuracy": hits / max(total, 1), "mention_accuracy": right / max(mentions, 1)}


def _days(corpus: Path) -> list:
    """The publication days of the corpus's claim files, for the rates a key may be read at."""
    from datetime import date, timedelta

    files = sorted((corpus / "seeds" / "claims").glob("day-*.jsonl"))
    first = date(2024, 1, 1)
    return [first + timedelta(days=d) for d in range(0, len(files) + 1, 7)] or [first]


def _in_currency(key: dict, currency: str | None, days: list) -> tuple[Decimal, Decimal]:
    """The key's true value as the range it spans in `currency` at the reference rates of its
    claims' days (the end of its `as_of` period, else the corpus's publication days), widened
    by the default conversion tolerance, as the resolve stage widens a converted claim (a
    restated amount is rounded to three figures); one value when no conversion is needed."""
    value = Decimal(str(key["value"]))
    if currency is None or key.get("currency") in (None, currency):
        return value, value
    from reconcile.core import period_end
    from reconcile.exchange import rate
    from reconcile.rules import builtin_rules

    if key.get("as_of"):
        days = [period_end(key["as_of"])]
    rules = builtin_rules()
    rates = [found[0] for d in days if (found := rate(rules, key["currency"], currency, d))]
    if not rates:
        return value, value
    spread = rules.conversion_tolerance
    return value * min(rates) * (1 - spread), value * max(rates) * (1 + spread)


def _holds(row, value: tuple[Decimal, Decimal]) -> bool:
    """Whether the resolved range meets the true value (a range of it, once converted)."""
    low, high, low_inc, high_inc, status = row
    least, most = value
    if status in ("conflict", "unresolved"):
        return False
    if low is not None and (most < Decimal(low) or (most == Decimal(low) and not low_inc)):
        return False
    if high is not None and (least > Decimal(high) or (least == Decimal(high) and not high_inc)):
        return False
    return True
    if low is not None and (value < Decimal(low) or (value == Decimal(low) and not low_inc)):
        return False
    if high is not None and (value > Decimal(high) or (value == Decimal(high) and not high_inc)):
        return False
    return True


# --- the table -----------------------------------------------------------------------------------

def summary(size: int, dbname: str, runs: list[dict], floor_s: float, euros: float = 0.0,
            learn: bool = False) -> dict:
    med = lambda xs: statistics.median(xs)  # noqa: E731
    stages = {s: med([r["stages"].get(s, 0.0) for r in runs]) for s in STAGES}
    wall = med([r["wall"] for r in runs])
    return {"size": size, "db": dbname, "euros": euros, "learn": learn, "wall": wall, "stages": stages,
            "rate": size / wall, "rss": med([r["rss"] for r in runs]),
            "key_accuracy": med([r["key_accuracy"] for r in runs]),
            "mention_accuracy": med([r["mention_accuracy"] for r in runs]),
            "floor": floor_s, "rerun": med([r["rerun"] for r in runs]),
            "rerun_core": med([r["rerun_core"] for r in runs]),
            "incremental": all(r["rerun_incremental"] for r in runs), "n": len(runs),
            "each": [(r["wall"], r["rss"], r["rerun"]) for r in runs]}


HEADER = ("claims", "db", "euros", "trust", "total s", *STAGES, "claims/s", "peak RSS MiB", "keys right",
          "mentions right", "floor s", "full÷floor", "re-run +1000 s", "of which ingest…store")


def _cells(r: dict) -> list[str]:
    return [f"{r['size']:,}", r["db"], f"{r['euros']:.0%}",
            "learned" if r.get("learn") else "rules", f"{r['wall']:.1f}",
            *(f"{r['stages'][s]:.1f}" for s in STAGES), f"{r['rate']:,.0f}", f"{r['rss']:,.0f}",
            f"{r['key_accuracy']:.1%}", f"{r['mention_accuracy']:.1%}", f"{r['floor']:.1f}",
            f"{r['wall'] / r['floor']:.1f}",
            f"{r['rerun']:.1f}" + ("" if r["incremental"] else " (full!)"),
            f"{r['rerun_core']:.1f}"]


def _line(r: dict) -> str:
    return " | ".join(f"{h}: {c}" for h, c in zip(HEADER, _cells(r))) + " | each run: " + \
        "; ".join(f"{wall:.1f} s {rss:,.0f} MiB" for wall, rss, _ in r["each"])


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(_cells(r)) + " |" for r in rows]
    for dbname in dict.fromkeys(r["db"] for r in rows):
        mine = {r["size"]: r for r in rows
                if r["db"] == dbname and not r["euros"] and not r.get("learn")}
        if len(mine) > 1:
            lo, hi = min(mine), max(mine)
            lines.append(f"\n{dbname}: {hi:,} ÷ {lo:,} claims: time × "
                         f"{mine[hi]['wall'] / mine[lo]['wall']:.0f} for × {hi // lo} the claims")
    for size in dict.fromkeys(r["size"] for r in rows):
        by_db = {r["db"]: r for r in rows
                 if r["size"] == size and not r["euros"] and not r.get("learn")}
        if {"sqlite", "postgres"} <= set(by_db):
            lines.append(f"{size:,} claims: PostgreSQL ÷ SQLite = "
                         f"{by_db['postgres']['wall'] / by_db['sqlite']['wall']:.2f}")
    for r in rows:
        plain = next((p for p in rows if (p["size"], p["db"], p["euros"], p.get("learn")) ==
                      (r["size"], r["db"], 0.0, False)), None)
        if r.get("learn"):
            same = next(p for p in rows if (p["size"], p["db"], p["euros"], p.get("learn")) ==
                        (r["size"], r["db"], r["euros"], False))
            lines.append(f"{r['size']:,} claims, {r['db']}, {r['euros']:.0%} euros, trust "
                         f"learned ÷ from the rules: total {r['wall'] / same['wall']:.2f}, "
                         f"resolve {r['stages']['resolve'] / max(same['stages']['resolve'], 1e-9):.2f}")
        elif r["euros"] and plain is not None:
            lines.append(f"{r['size']:,} claims, {r['db']}, {r['euros']:.0%} in euros ÷ none: "
                         f"total {r['wall'] / plain['wall']:.2f}, resolve "
                         f"{r['stages']['resolve'] / max(plain['stages']['resolve'], 1e-9):.2f}")
    lines.append("\neach run (total s, peak RSS MiB, re-run s), for the spread behind the medians:")
    lines += [f"{r['size']:,} {r['db']}" + (f" {r['euros']:.0%} euros" if r["euros"] else "")
              + (" learned trust" if r.get("learn") else "") + ": " + "; ".join(
        f"{wall:.1f} s, {rss:,.0f} MiB, {rerun:.1f} s" for wall, rss, rerun in r["each"])
        for r in rows]
    n = rows[0]["n"] if rows else 0
    lines.append(f"\nmedians of {n} run(s); {time.strftime('%Y-%m-%d')}, Python "
                 f"{platform.python_version()}, {os.cpu_count()} CPUs")
    return "\n".join(lines)


def _postgres():
    spec = importlib.util.spec_from_file_location("pg_server", ROOT / "tests" / "pg_server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bindir = module.find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL binaries not found (apt-get install postgresql)")
    server = module.ThrowawayPostgres(bindir)
    server.url = server.start()
    return server


if __name__ == "__main__":
    main()
