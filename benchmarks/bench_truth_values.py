"""How the normalize stage reads the values of real claim files: the truth-discovery data sets
in ../shared/benchmarks/truth/ (weather, population, books; see their README.md).

    python benchmarks/bench_truth_values.py [--truth DIR] [--top 5]

For each file: how many claims' values are read and refused, the commonest refusal reasons
(digits shown as # and quoted text as …, so that one reason is counted once), and checks that
hold for these files:
- numeric files (weather, population): a value written as a plain number must read as exactly
  that number ("mismatch" counts those that do not);
- books: a value is an author list, and no author list or identifier may be read as a number
  ("read" must be 0).
Each distinct value is read once; counts are over claims.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reconcile.errors import UnreadableValue
from reconcile.normalize import _read_value_uncached

DEFAULT_TRUTH = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "truth"
_PLAIN = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")


def _dafna(path: Path):
    """The value field of a DAFNA claim file (`|\\t`-separated, latin-1)."""
    with path.open(encoding="latin-1") as f:
        for line in f:
            parts = line.rstrip("\n").split("|\t")
            if len(parts) > 4:
                yield parts[4]


def _tsv(path: Path, column: int, encoding: str = "utf-8"):
    with path.open(encoding=encoding, errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > column:
                yield parts[column]


def sources(truth: Path):
    """(name, kind, values) per file; kind is "numeric" or "names"."""
    weather = sorted((truth / "weather" / "claims").glob("weather-*.txt"))
    yield "weather (16 sources)", "numeric", (v for p in weather for v in _dafna(p))
    yield "population/dafna", "numeric", _dafna(truth / "population" / "dafna" / "claims.txt")
    yield "population/gtm", "numeric", _tsv(truth / "population" / "gtm_preprocessed" / "population-new-new.txt", 2)
    yield "books/book.txt (authors)", "names", _tsv(truth / "books" / "book.txt", 3, "latin-1")
    yield "books/book.txt (isbn)", "names", _tsv(truth / "books" / "book.txt", 1, "latin-1")
    yield "books/claims_dafna (authors)", "names", _dafna(truth / "books" / "claims_dafna.txt")


def measure(kind: str, values) -> dict:
    counts = Counter(values)
    read = refused = mismatch = 0
    reasons: Counter = Counter()
    read_names: Counter = Counter()
    for text, n in counts.items():
        try:
            iv = _read_value_uncached(text)
        except UnreadableValue as exc:
            refused += n
            reasons[re.sub(r"'[^']*'", "'…'", re.sub(r"\d+", "#", exc.reason))] += n
            continue
        read += n
        if kind == "names":
            read_names[text] += n
        elif _PLAIN.match(text):
            try:
                if not (iv.low == iv.high == Decimal(text.strip()) and iv.unit == "number"):
                    mismatch += n
            except InvalidOperation:
                mismatch += n
    return {"claims": sum(counts.values()), "distinct": len(counts), "read": read,
            "refused": refused, "mismatch": mismatch, "reasons": reasons, "read_names": read_names}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--truth", type=Path, default=DEFAULT_TRUTH)
    parser.add_argument("--top", type=int, default=4, help="refusal reasons shown per file")
    args = parser.parse_args(argv)
    print("| file | claims | distinct | read | refused | plain number misread | name read as a number |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    details = []
    for name, kind, values in sources(args.truth):
        m = measure(kind, values)
        names = f"{sum(m['read_names'].values()):,}" if kind == "names" else "–"
        mismatch = m["mismatch"] if kind == "numeric" else "–"
        print(f"| {name} | {m['claims']:,} | {m['distinct']:,} | {m['read']:,} | {m['refused']:,} | "
              f"{mismatch} | {names} |")
        details.append((name, m))
    for name, m in details:
        print(f"\n{name}: commonest refusals")
        for reason, n in m["reasons"].most_common(args.top):
            print(f"  {n:>8,}  {reason}")
        for text, n in m["read_names"].most_common(args.top):
            print(f"  READ AS A NUMBER ({n:,}): {text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
