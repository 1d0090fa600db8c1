"""CPU of `read_claims` on a synthetic corpus: JSONL lines decoded by msgspec, or by the strict
`json` decoder with hooks alone (the reference, and the decoder before msgspec).

    python benchmarks/bench_ingest.py [--sizes 100000,1000000] [--repeat 3] [--work DIR]

Corpora are those of bench_run.py (`--work` shared with it). The two decoders take turns, each
repeat, in one process; the medians of process CPU seconds and their ratio are printed, with
the share of lines msgspec decoded itself. Nothing here is part of the tests.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_run import corpus_for

from reconcile.ingest import formats, json_lines, read_claims


def timed(decode, files) -> float:
    formats.decode_line = decode
    gc.collect()
    t = time.process_time()
    claims = read_claims(files)
    spent = time.process_time() - t
    del claims
    return spent


def fast_share(files) -> float:
    """The share of lines msgspec's object was kept for (the others went to the reference)."""
    strict, calls = json_lines.STRICT, [0]

    class Counting:
        def decode(self, line):
            calls[0] += 1
            return strict.decode(line)

    json_lines.STRICT = Counting()
    try:
        lines = 0
        for f in files:
            for line in Path(f).read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    lines += 1
                    json_lines.decode_line(line)
    finally:
        json_lines.STRICT = strict
    return 1 - calls[0] / lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100000,1000000")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "reconcile-bench"))
    args = p.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print("| claims | json + hooks (CPU s) | msgspec (CPU s) | ratio | lines msgspec kept |")
    print("|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        files = sorted((corpus_for(work, size, args.seed) / "seeds" / "claims").glob("*.jsonl"))
        old, new = [], []
        for _ in range(args.repeat):
            old.append(timed(json_lines.STRICT.decode, files))
            new.append(timed(json_lines.decode_line, files))
        a, b = statistics.median(old), statistics.median(new)
        print(f"| {size:,} | {a:.2f} | {b:.2f} | {b / a:.2f}× | {fast_share(files):.1%} |",
              flush=True)
    formats.decode_line = json_lines.decode_line


if __name__ == "__main__":
    main()
