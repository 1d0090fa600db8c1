"""CPU of `read_claims` on a synthetic corpus, its JSONL lines read three ways: by the strict
`json` decoder with hooks into dicts of fields (the reference, and the reader before msgspec),
by msgspec into the same dicts, and by msgspec into structs of plain claim fields (the reader).

    python benchmarks/bench_ingest.py [--sizes 100000,1000000] [--repeat 3] [--work DIR]

Corpora are those of bench_run.py (`--work` shared with it). The three take turns, each
repeat, in one process; the medians of process CPU seconds and their ratios to the first are
printed, with the share of lines the struct path read itself. Nothing here is part of the tests.
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

from reconcile.ingest import claims, formats, json_lines, read_claims

PLAIN_CLAIM = claims._plain_claim


def _general(shown, n, line):
    return None


WAYS = {"json + hooks": (json_lines.STRICT.decode, _general),
        "msgspec dicts": (json_lines.decode_line, _general),
        "msgspec structs": (json_lines.decode_line, PLAIN_CLAIM)}


def timed(way, files) -> float:
    formats.decode_line, claims._plain_claim = WAYS[way]
    gc.collect()
    t = time.process_time()
    read = read_claims(files)
    spent = time.process_time() - t
    del read
    formats.decode_line, claims._plain_claim = json_lines.decode_line, PLAIN_CLAIM
    return spent


def struct_share(files) -> float:
    """The share of lines the struct path read (the others went to the general path)."""
    read = lines = 0
    for f in files:
        for n, line in enumerate(Path(f).read_text(encoding="utf-8").split("\n"), 1):
            if line.strip():
                lines += 1
                read += PLAIN_CLAIM(str(f), n, line) is not None
    return read / lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100000,1000000")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "reconcile-bench"))
    args = p.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print("| claims | " + " | ".join(f"{w} (CPU s)" for w in WAYS) + " | ratios | struct path |")
    print("|---:|" + "---:|" * (len(WAYS) + 2))
    for size in (int(s) for s in args.sizes.split(",")):
        files = sorted((corpus_for(work, size, args.seed) / "seeds" / "claims").glob("*.jsonl"))
        cpu = {w: [] for w in WAYS}
        for _ in range(args.repeat):
            for way in WAYS:
                cpu[way].append(timed(way, files))
        m = [statistics.median(v) for v in cpu.values()]
        ratios = " / ".join(f"{x / m[0]:.2f}×" for x in m)
        print(f"| {size:,} | " + " | ".join(f"{x:.2f}" for x in m)
              + f" | {ratios} | {struct_share(files):.1%} |", flush=True)


if __name__ == "__main__":
    main()
