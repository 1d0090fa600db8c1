"""Benchmark of the hash chain: what sealing costs a run, and how long `audit verify` takes.

    python benchmarks/bench_chain.py [--sizes 10000,100000] [--work DIR] [--seed 1]

For each size N it generates a corpus with `reconcile synth --claims N --seed S`, then, on
SQLite, in a fresh database:

- times `reconcile run -q` in a child process (wall seconds; the run seals its rows);
- in this process, times the chain's hashing alone over the stored run (`chain.table_digest`
  of every table, what `write_run` does last) and prints its share of the run;
- times `reconcile audit verify` in a child process.

Ratios are printed, never asserted. Nothing here is part of the tests.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reconcile import store
from reconcile.store import chain


def _timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench(size: int, work: Path, seed: int) -> dict:
    corpus = work / f"corpus-{size}"
    exe = str(Path(sys.executable).parent / "reconcile")
    if not corpus.exists():
        subprocess.run([exe, "synth", "--claims", str(size), "--seed", str(seed), "--out",
                        str(corpus)], check=True, stdout=subprocess.DEVNULL)
    db = work / f"chain-{size}.db"
    db.unlink(missing_ok=True)
    url = f"sqlite:///{db}"
    run_s = _timed([exe, "run", "-q", "--fail-on", "never", "--seeds", str(corpus / "seeds"),
                    "--rules", str(corpus / "rules"), "--db", url, "--results",
                    str(work / "results.json")], work)
    with store.open_database(url) as engine, engine.connect() as conn:
        start = time.perf_counter()
        digests = [chain.table_digest(conn, spec, 1) for spec in chain.TABLES]
        hash_s = time.perf_counter() - start
    rows = sum(d.rows for d in digests)
    verify_s = _timed([exe, "audit", "verify", "--db", url], work)
    return {"claims": size, "rows": rows, "run_s": run_s, "hash_s": hash_s, "verify_s": verify_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "reconcile-bench")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print("| claims | rows hashed | run s (with chain) | chain hashing s | hashing ÷ run | "
          "audit verify s | rows/s hashed |")
    print("|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        r = bench(size, args.work, args.seed)
        print(f"| {r['claims']:,} | {r['rows']:,} | {r['run_s']:.1f} | {r['hash_s']:.2f} | "
              f"{r['hash_s'] / r['run_s']:.1%} | {r['verify_s']:.1f} | "
              f"{r['rows'] / r['hash_s']:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
