"""CPU of building and encoding each key's resolution JSON: msgspec (the store's encoder) against
the `json`-based encoder it replaced (tests/store/json_encoding.py).

    python benchmarks/bench_encode.py [--sizes 100000] [--repeat 3] [--work DIR]

Corpora are those of bench_run.py (`--work` shared with it); each is computed once in memory
(`pipeline.compute`, no database), then the two encoders take turns over all its resolutions,
each repeat, in one process. Printed: medians of process CPU seconds for building and encoding
(text out, as stored before compression) and for the same plus zstd (`pack`), with ratios, and
the UTF-8 size of both texts. Nothing here is part of the tests.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests" / "store")]

from bench_run import corpus_for
from json_encoding import JsonResolutionEncoder

from reconcile.pipeline import compute
from reconcile.store.encoding import ResolutionEncoder, pack


def encoders(outcome):
    args = ({c.id: c for c in outcome.claims}, outcome.values, outcome.matches,
            outcome.entity_names, None, outcome.conversions)
    return {"json": lambda: JsonResolutionEncoder(*args), "msgspec": lambda: ResolutionEncoder(*args)}


def timed(make, resolutions, packed: bool) -> tuple[float, int]:
    gc.collect()
    t = time.process_time()
    encoder, size = make(), 0
    for res in resolutions:
        text = encoder.encode(res, res.unit, res.currency)
        size += len(pack(text)) if packed else len(text)
    return time.process_time() - t, size


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100000")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "reconcile-bench"))
    args = p.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print("| claims | keys | json: encode (CPU s) | msgspec | ratio | json: encode + zstd "
          "| msgspec | ratio | text MB json / msgspec |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        corpus = corpus_for(work, size, args.seed)
        outcome = compute([corpus / "seeds" / "claims"], corpus / "seeds", corpus / "rules")
        made = encoders(outcome)
        cpu = {(name, packed): [] for name in made for packed in (False, True)}
        sizes = {}
        for _ in range(args.repeat):
            for packed in (False, True):
                for name, make in made.items():
                    spent, sizes[name, packed] = timed(make, outcome.resolutions, packed)
                    cpu[name, packed].append(spent)
        m = {k: statistics.median(v) for k, v in cpu.items()}
        # the json encoder's text is str: its size in UTF-8 is what pack stores
        old = made["json"]()
        mb = [sum(len(old.encode(r, r.unit, r.currency).encode())
                  for r in outcome.resolutions) / 1e6, sizes["msgspec", False] / 1e6]
        print(f"| {size:,} | {len(outcome.resolutions):,} | {m['json', False]:.2f} "
              f"| {m['msgspec', False]:.2f} | {m['msgspec', False] / m['json', False]:.2f}× "
              f"| {m['json', True]:.2f} | {m['msgspec', True]:.2f} "
              f"| {m['msgspec', True] / m['json', True]:.2f}× | {mb[0]:.1f} / {mb[1]:.1f} |",
              flush=True)


if __name__ == "__main__":
    main()
