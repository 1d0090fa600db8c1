"""Benchmark of the review page at scale: the queue's first page and a decision re-resolving its
key, on a run of a synthetic corpus (`reconcile synth`), through the page's own routes.

    python benchmarks/bench_review.py --claims 1000000 [--db URL] [--repeat 3]

It writes the corpus, runs `reconcile run` once, then times (median of --repeat) the three
requests a reviewer makes: GET / (first page of open conflicts, with the doubtful matches),
GET /key/… (the busiest conflict), and POST …/decide (prefer its first claim, stored and the
key resolved again, followed to the page that shows it). Times are wall seconds of this
machine: read them beside the run's own time printed with them.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from reconcile import commands
from reconcile.serve import create_app
from reconcile.synth import write_corpus


def timed(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--claims", type=int, default=100_000)
    p.add_argument("--db", default=None, help="database URL (default: a new SQLite file)")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        root = Path(tmp)
        db = args.db or f"sqlite:///{root / 'review.db'}"
        write_corpus(root / "c", claims=args.claims, entities=max(2, args.claims // 10),
                     outlets=50, seed=0, holdout=0)
        t = time.perf_counter()
        with open(root / "out.txt", "w") as out:
            commands.run(seeds=root / "c" / "seeds", rules=root / "c" / "rules", db=db,
                         fmt="text", out=out, results=None, fail_on=())
        run_s = time.perf_counter() - t
        app = create_app(db, seeds=root / "c" / "seeds", rules=root / "c" / "rules",
                         reviewer="bench")
        client = app.test_client()
        queue_s, queue = timed(lambda: client.get("/"), args.repeat)
        assert queue.status_code == 200
        html = queue.get_data(as_text=True)
        total = re.search(r"([\d,]+) key\(s\)", html).group(1)
        first = re.search(r'<tr class="status-conflict" data-key="([^"]+)"', html).group(1)
        key_s, page = timed(lambda: client.get(f"/key/{first}"), args.repeat)
        text = page.get_data(as_text=True)
        claim = re.search(r'name="claim" value="([^"]+)"', text).group(1)
        token = re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)

        def decide():
            seen = re.search(r'name="seen" value="(\d+)"',
                             client.get(f"/key/{first}").get_data(as_text=True)).group(1)
            t = time.perf_counter()
            r = client.post(f"/key/{first}/decide", follow_redirects=True, data={
                "csrf_token": token, "seen": seen, "action": "prefer", "claim": claim,
                "reason": "benchmark"})
            assert r.status_code == 200 and 'id="status">reviewed<' in r.get_data(as_text=True)
            return time.perf_counter() - t
        decide_s = statistics.median(decide() for _ in range(args.repeat))
    print(f"{args.claims:,} claims, {db.split(':')[0]}: run {run_s:.1f} s; {total} open "
          f"conflicts")
    print(f"  queue first page   {queue_s * 1000:8.1f} ms")
    print(f"  key page           {key_s * 1000:8.1f} ms  ({first})")
    print(f"  decision + page    {decide_s * 1000:8.1f} ms  (stored, key resolved again)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
