"""How fast the normalize stage reads values: distinct phrasings (no cache) and repeated ones.

    python benchmarks/bench_normalize.py [--count 200000] [--seed 3] [--profile]

Generates COUNT varied English and French phrasings from a seeded generator (the same list on
every run), then prints phrasings per second:
- distinct: each phrasing read once through the uncached reader;
- repeated: a stream of COUNT phrasings drawn from a pool of 5,000 through `read_value`
  (cache cleared first, so the pool's first readings are included).
Each is timed over --repeat passes in CPU time of this process (one process, one thread: one
core), and the best pass is the figure, as timeit does; wall-clock rates are shown beside it,
since on a shared machine they also measure the neighbours. --profile prints the hot spots.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reconcile.errors import UnreadableValue
from reconcile.normalize import _read_value_uncached, read_value

EN_TEMPLATES = [
    "{cur}{n}{abbr}", "{cur}{n} {scale}", "up to {cur}{n}{abbr}", "more than {cur}{n} {scale}",
    "about {cur}{n}{abbr}", "between {cur}{n} and {cur}{m} {scale}", "{cur}{n}-{m}{abbr}",
    "a {cur}{n} {scale} deal", "nearly {cur}{n}{abbr}", "at least {cur}{n}{abbr}",
    "could be worth {cur}{n} {scale}", "{n} {scale} {curword}", "{p}%", "about {p} percent",
    "{count} employees", "less than {cur}{n}{abbr}", "{cur}{n}{abbr}, possibly {cur}{m}{abbr}",
    "{word} {scale} {curword}", "several {scale} {curword}", "undisclosed",
]
FR_TEMPLATES = [
    "{n} milliards de {curword}", "jusqu’à {n} milliards de {curword}", "environ {p} %",
    "plus de {n} milliards", "inférieure à {n} milliards de {curword}",
    "entre {n} et {m} milliards d’euros", "autour de {n} milliards", "{n} à {m} millions",
    "un accord informatique de {n} milliards de {curword}", "pourrait atteindre {n} milliards",
    "une éventuelle levée jusqu’à {n} milliards de dollars", "{big} €", "{nfr} Md€",
    "dépassant les {big} milliards de dollars", "{word_fr} milliards", "une dizaine de milliards",
    "près de {nfr} milliard", "peut même franchir la barre des {n} milliards", "non divulgué",
    "au moins {n} millions d’euros",
]
CURS = ["$", "US$", "€", "£", "C$", "CHF ", "¥", "HK$"]
CUR_WORDS = ["dollars", "euros", "livres sterling", "yuans", "francs suisses", "dollars canadiens"]
SCALES = ["billion", "million", "trillion", "billion", "million"]
ABBRS = ["bn", "m", "B", "M", "tn", "k", " billion"]
WORDS_EN = ["five", "a", "half a", "two hundred", "twenty-five", "one and a half"]
WORDS_FR = ["cinq", "un", "deux cents", "vingt-cinq", "trois", "quatre-vingts"]


def phrasings(count: int, seed: int) -> list[str]:
    """COUNT distinct phrasings, the same ones for the same seed."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < count:
        fr = rng.random() < 0.5
        template = rng.choice(FR_TEMPLATES if fr else EN_TEMPLATES)
        n = rng.choice([rng.randint(1, 99), rng.randint(100, 999), round(rng.uniform(1, 99), 1)])
        text = template.format(
            n=n, m=n + rng.randint(1, 50), p=rng.choice([rng.randint(1, 99), round(rng.uniform(0, 99), 1)]),
            cur=rng.choice(CURS), curword=rng.choice(CUR_WORDS), scale=rng.choice(SCALES),
            abbr=rng.choice(ABBRS), count=f"{rng.randint(1000, 999_999):,}",
            big=f"{rng.randint(1000, 999_999):,}".replace(",", "\u202f"),
            nfr=str(round(rng.uniform(1, 99), 1)).replace(".", ","), word=rng.choice(WORDS_EN),
            word_fr=rng.choice(WORDS_FR))
        if rng.random() < 0.15:
            text = text.upper() if rng.random() < 0.5 else f"  {text}."
        seen[text] = None
    return list(seen)


def _timed(texts: list[str], read) -> tuple[float, float, int]:
    """Phrasings per second in CPU time and in wall-clock time, and how many were refused."""
    refused = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        try:
            read(text)
        except UnreadableValue:
            refused += 1
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return len(texts) / cpu, len(texts) / wall, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--pool", type=int, default=5_000, help="distinct values in the repeated stream")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    args = parser.parse_args()

    texts = phrasings(args.count, args.seed)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(_timed, texts[:50_000], _read_value_uncached)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return

    distinct = [_timed(texts, _read_value_uncached) for _ in range(args.repeat)]
    rng = random.Random(args.seed)
    stream = [rng.choice(texts[:args.pool]) for _ in range(args.count)]
    repeated = []
    for _ in range(args.repeat):
        read_value.cache_clear()  # each pass pays for its pool's first readings
        repeated.append(_timed(stream, read_value))

    print(f"{len(texts):,} distinct phrasings (seed {args.seed}), {distinct[0][2]:,} refused with a "
          f"reason; repeated: {len(stream):,} drawn from {args.pool:,}")
    for label, runs in (("distinct (uncached)", distinct), ("repeated (cached)", repeated)):
        print(f"{label:20s} {max(r[0] for r in runs):>10,.0f} phrasings/s on one core "
              f"(best of {args.repeat}, CPU time); wall clock: median "
              f"{statistics.median(r[1] for r in runs):,.0f}/s")


if __name__ == "__main__":
    main()
