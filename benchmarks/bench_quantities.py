"""Money and percentage amounts in English news sentences: reconcile's extractor beside quantulum3.

    python benchmarks/bench_quantities.py [--data NewsQuant.json] [--limit N] [--errors 15]
                                          [--stated] [--json]

The sentences are NewsQuant, the test set of the CQE paper (Almasian et al., EMNLP 2023), read from
benchmarks/data/newsquant/ (its README says where to get it: it states no licence, so this
repository does not carry it). Every
sentence is given to each extractor; only money and percentage quantities are scored.

Gold quantities kept (by the annotated unit; every other quantity is dropped):
- money: `normalized_unit`, before any " per ..." ("dollar per share" -> "dollar"), is one of
  `CURRENCIES` (dollar, euro, pound sterling, yen, yuan, ... and the minor units cent and sen);
- percent: `normalized_unit` starts with "percentage", or starts with "% " while the written
  `unit` starts with "%" ("25% of Germans"). Basis points and "points" are neither.

A prediction is the extractor's money or percent quantity; its other quantities are not scored.
It is a true positive when it matches a gold quantity of the same sentence not matched yet:
1. same kind (money / percent);
2. same value, relative tolerance 1e-6 (`REL_TOL`), scale words applied ("$1.2 billion" = 1.2e9);
   a gold range ("between $5bn and $7bn", "from 4.8 to 4.7 percent") matches only a predicted
   range with the same two ends, in either order; a gold value in cents or sen also matches its
   value / 100 ("19 cents" = 0.19);
3. for money, same currency when the gold unit names one ("euro" -> EUR, "australian dollar" ->
   AUD) and the prediction gives one; a plain "dollar", "$" or "cent" matches any currency.
The bound or change words (`change`: "more than", "up", "about") are not compared. Predictions
are taken in order, each matching the first gold quantity it can. Unmatched predictions are false
positives (counted under their own kind), unmatched gold quantities false negatives (under theirs).

What the value of a prediction is:
- quantulum3 (`parser.parse(text)`): kind money when `unit.entity.name == "currency"`, percent
  when `unit.name` is "percentage" (or "percent" / "per cent", its names for "19 per cent");
  value `q.value`, or the range (value - uncertainty, value + uncertainty) when it read a range;
  currency `unit.currency_code`;
- reconcile (`reconcile.extract.quantities.find_quantities(text, "en")`): kind `q.kind`; value
  the interval's `point`, else `low` when low == high, else its one bound ("more than $5 billion"
  -> 5e9), else the range (low, high); currency `interval.currency`. With `--stated`, `q.stated`
  instead when it holds one or two numbers: the numbers as written before a cue widens or bounds
  them ("about $920 to $1730" -> (920, 1730), where the interval is 828..1903). A phrase read as
  money or percent whose reading was refused (no interval) predicts nothing and is counted as
  "unread".

Times are wall-clock per sentence, after one warm-up call per extractor. quantulum3's unit
classifier (the `classifier` extra, on with `.[bench]`) is a scikit-learn 1.8 pickle: under
scikit-learn 1.9 it loads with an InconsistentVersionWarning and scores lower, hence the pin in
pyproject.toml; the header says whether it was on.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DATA = Path(__file__).resolve().parent / "data" / "newsquant" / "NewsQuant.json"
REL_TOL = 1e-6
KINDS = ("money", "percent")
INSTALL_HINT = "pip install -e '.[bench]'"

# normalized_unit (before " per ...") -> ISO code, None for a dollar or cent of any country
CURRENCIES = {
    "dollar": None, "cent": None, "united states dollar": "USD", "australian dollar": "AUD",
    "canadian dollar": "CAD", "new zealand dollar": "NZD", "hong kong dollar": "HKD",
    "singaporean dollar": "SGD", "singapore dollar": "SGD", "euro": "EUR",
    "pound sterling": "GBP", "penny": "GBP", "japanese yen": "JPY", "chinese yuan": "CNY",
    "indian rupee": "INR", "malaysian ringgit": "MYR", "sen": "MYR", "shekel": "ILS",
    "israeli new shekel": "ILS", "danish krone": "DKK", "croatian kuna": "HRK",
    "south african rand": "ZAR", "swiss franc": "CHF", "korean won": "KRW",
    "south korean won": "KRW", "russian ruble": "RUB", "bitcoin": "BTC",
}
MINOR_UNITS = frozenset({"cent", "sen", "penny"})  # a hundredth of the main unit

MATCH_RULE = ("match: same kind (money/percent) + same value (rel. tol. 1e-6, scale words applied; "
              "a gold range needs the same two ends; cents/sen also as value/100) + same currency "
              "when gold names one (plain dollar/$/cent: any)")


@dataclass(frozen=True)
class Gold:
    kind: str  # "money" or "percent"
    values: tuple[tuple[float, ...], ...]  # alternative readings, each (v,) or (low, high)
    currency: str | None  # ISO code when the annotation names the currency
    label: str  # as annotated: value, unit, change


@dataclass(frozen=True)
class Pred:
    kind: str
    value: tuple[float, ...]  # (v,) or (low, high), low <= high
    currency: str | None = None
    text: str = ""


@dataclass
class Sentence:
    text: str
    gold: list[Gold]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


# --- gold -----------------------------------------------------------------------------------

def parse_gold_value(value: str) -> tuple[float, ...]:
    """ "1.2" -> (1.2,); "-1.3" -> (-1.3,); "5-6" and "6-5" -> (5.0, 6.0) (NewsQuant's ranges)."""
    v = value.strip()
    if "e" not in v.lower() and "-" in v[1:]:
        cut = v.index("-", 1)
        a, b = float(v[:cut]), float(v[cut + 1:])
        return (min(a, b), max(a, b))
    return (float(v),)


def gold_kind(quantity: dict) -> tuple[str, str | None] | None:
    """("money", currency), ("percent", None), or None for a quantity that is neither."""
    normalized = quantity["normalized_unit"].strip().lower()
    written = quantity["unit"].strip()
    if normalized.startswith("percentage") or (
            normalized.startswith("% ") and written.startswith("%")):
        return "percent", None
    head = normalized.split(" per ")[0]
    if head in CURRENCIES:
        return "money", CURRENCIES[head]
    return None


def gold_of(quantity: dict) -> Gold | None:
    kind = gold_kind(quantity)
    if kind is None:
        return None
    value = parse_gold_value(quantity["value"])
    values = [value]
    if quantity["normalized_unit"].strip().lower().split(" per ")[0] in MINOR_UNITS:
        values.append(tuple(v / 100 for v in value))
    label = f"{quantity['value']} {quantity['unit']} ({quantity['change']})"
    return Gold(kind[0], tuple(values), kind[1], label)


def load(path: Path = DATA) -> list[Sentence]:
    """Every sentence of the file, with its money and percentage gold quantities."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    return [Sentence(r["text"], [g for g in map(gold_of, r["quantities"]) if g is not None])
            for r in rows]


# --- matching -------------------------------------------------------------------------------

def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


def matches(pred: Pred, gold: Gold) -> bool:
    if pred.kind != gold.kind:
        return False
    if gold.kind == "money" and gold.currency and pred.currency and pred.currency != gold.currency:
        return False
    return any(len(v) == len(pred.value) and all(map(_close, v, pred.value)) for v in gold.values)


def match(gold: list[Gold], preds: list[Pred]
          ) -> tuple[list[tuple[Pred, Gold]], list[Pred], list[Gold]]:
    """(true positives as (pred, gold), false positives, false negatives) of one sentence."""
    free = list(gold)
    tps, fps = [], []
    for p in preds:
        if p.kind not in KINDS:
            continue
        hit = next((g for g in free if matches(p, g)), None)
        if hit is None:
            fps.append(p)
        else:
            free.remove(hit)
            tps.append((p, hit))
    return tps, fps, free


@dataclass
class Result:
    name: str
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    sentences: int = 0
    seconds: float = 0.0
    unread: int = 0  # reconcile: money/percent phrases whose reading was refused
    crashed: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (FP|FN, what, sentence)

    @property
    def overall(self) -> Counts:
        c = Counts()
        for k in self.counts.values():
            c.tp, c.fp, c.fn = c.tp + k.tp, c.fp + k.fp, c.fn + k.fn
        return c

    def as_dict(self) -> dict:
        ms = round(1000 * self.seconds / self.sentences, 3) if self.sentences else None
        return {"sentences": self.sentences, "ms_per_sentence": ms,
                "unread": self.unread, "crashed": self.crashed,
                "overall": self.overall.as_dict(),
                **{k: c.as_dict() for k, c in self.counts.items()}}


Extractor = Callable[[str], tuple[list[Pred], int]]  # predictions, unread phrases


def score(name: str, extract: Extractor, sentences: list[Sentence], keep_errors: int = 15
          ) -> Result:
    result = Result(name)
    if sentences:
        extract(sentences[0].text)  # warm-up: lazy loading is not per-sentence time
    for s in sentences:
        t = time.perf_counter()
        try:
            preds, unread = extract(s.text)
        except Exception as e:  # noqa: BLE001 - counted and shown, the benchmark goes on
            preds, unread = [], 0
            result.crashed += 1
            if len(result.errors) < keep_errors:
                result.errors.append(("CRASH", f"{type(e).__name__}: {e}", s.text))
        result.seconds += time.perf_counter() - t
        result.sentences += 1
        result.unread += unread
        tps, fps, fns = match(s.gold, preds)
        for p, _ in tps:
            result.counts[p.kind].tp += 1
        for p in fps:
            result.counts[p.kind].fp += 1
        for g in fns:
            result.counts[g.kind].fn += 1
        for tag, what in [("FP", f"{p.kind} {_fmt(p.value)}{' ' + p.currency if p.currency else ''}"
                                 f" from {p.text!r}") for p in fps] + \
                         [("FN", f"{g.kind} {g.label}") for g in fns]:
            if len(result.errors) < keep_errors:
                result.errors.append((tag, what, s.text))
    return result


def _fmt(value: tuple[float, ...]) -> str:
    return "-".join(f"{v:g}" for v in value)


# --- extractors -----------------------------------------------------------------------------

def quantulum_mode() -> str | None:
    """quantulum3's version and whether its unit classifier (the `classifier` extra) is on."""
    try:
        import warnings
        from importlib.metadata import version

        with warnings.catch_warnings():  # "classifier dependencies not installed": said here
            warnings.simplefilter("ignore")
            from quantulum3 import classifier
    except ImportError:
        return None
    if not classifier.USE_CLF:
        return f"quantulum3 {version('quantulum3')}, unit classifier off"
    return (f"quantulum3 {version('quantulum3')}, unit classifier on "
            f"(scikit-learn {version('scikit-learn')})")


def quantulum_extractor() -> Extractor | None:
    try:
        import warnings

        with warnings.catch_warnings():  # "classifier ... not installed": see quantulum_mode
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        return None

    def extract(text: str) -> tuple[list[Pred], int]:
        out = []
        for q in parser.parse(text):
            unit = q.unit
            if unit.entity.name == "currency":
                kind = "money"
            elif unit.name in ("percentage", "percent", "per cent"):
                kind = "percent"
            else:
                continue
            if q.uncertainty:
                value = (float(q.value - q.uncertainty), float(q.value + q.uncertainty))
            else:
                value = (float(q.value),)
            out.append(Pred(kind, value, getattr(unit, "currency_code", None) or None, q.surface))
        return out, 0

    return extract


def reconcile_value(interval) -> tuple[float, ...] | None:
    """The value a reconcile Interval gives for scoring: point, low == high, the one bound, or the
    range (low, high)."""
    low, high, point = interval.low, interval.high, interval.point
    if point is not None:
        return (float(point),)
    if low is not None and high is not None:
        return (float(low),) if low == high else (float(min(low, high)), float(max(low, high)))
    if low is not None or high is not None:
        return (float(low if low is not None else high),)
    return None


def stated_value(stated) -> tuple[float, ...] | None:
    """The numbers of a reconcile quantity as written: (v,) or the range (low, high)."""
    if len(stated) == 1:
        return (float(stated[0]),)
    if len(stated) == 2:
        return tuple(sorted(map(float, stated)))
    return None


def reconcile_extractor(use_stated: bool = False) -> Extractor | None:
    try:
        from reconcile.extract.quantities import find_quantities
    except ImportError:
        return None

    def extract(text: str) -> tuple[list[Pred], int]:
        out, unread = [], 0
        for q in find_quantities(text, "en"):
            if q.kind not in KINDS:
                continue
            if q.interval is None:
                value = None
            else:
                stated = stated_value(getattr(q, "stated", ())) if use_stated else None
                value = stated or reconcile_value(q.interval)
            if value is None:
                unread += 1
                continue
            out.append(Pred(q.kind, value, q.interval.currency, q.text))
        return out, unread

    return extract


# --- report ---------------------------------------------------------------------------------

def table(results: list[Result], gold_counts: dict[str, int]) -> str:
    head = (f"{'extractor':<11} {'kind':<8} {'gold':>5} {'TP':>5} {'FP':>5} {'FN':>5} "
            f"{'P':>6} {'R':>6} {'F1':>6} {'sent.':>6} {'ms/sent.':>9} {'unread':>7}")
    lines = [head, "-" * len(head)]
    for r in results:
        rows = [(k, r.counts[k], gold_counts[k]) for k in KINDS]
        rows.append(("all", r.overall, sum(gold_counts.values())))
        for kind, c, g in rows:
            extra = (f"{r.sentences:>6} {1000 * r.seconds / max(r.sentences, 1):>9.2f} "
                     f"{r.unread:>7}") if kind == "all" else ""
            lines.append(f"{r.name:<11} {kind:<8} {g:>5} {c.tp:>5} {c.fp:>5} {c.fn:>5} "
                         f"{c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} {extra}".rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA,
                    help="NewsQuant.json (default: benchmarks/data/newsquant/NewsQuant.json)")
    ap.add_argument("--limit", type=int, default=None, help="the first N sentences only")
    ap.add_argument("--errors", type=int, default=15, help="how many reconcile errors to print")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--stated", action="store_true",
                    help="score reconcile's stated numbers (q.stated), not its intervals")
    args = ap.parse_args(argv)

    if not args.data.is_file():
        print(f"no data at {args.data}: see benchmarks/data/newsquant/README.md", file=sys.stderr)
        return 2
    sentences = load(args.data)[: args.limit]
    gold_counts = {k: sum(g.kind == k for s in sentences for g in s.gold) for k in KINDS}
    notes, results = [], []
    quantulum = quantulum_extractor()
    if quantulum is None:
        notes.append(f"quantulum3 not installed, skipped: {INSTALL_HINT}")
    else:
        notes.append(quantulum_mode())
        results.append(score("quantulum3", quantulum, sentences, 0))
    reconcile = reconcile_extractor(args.stated)
    if reconcile is None:
        notes.append("reconcile.extract.quantities not available")
    else:
        if args.stated:
            notes.append("reconcile scored by its stated numbers (--stated)")
        results.append(score("reconcile", reconcile, sentences, args.errors))

    if args.json:
        print(json.dumps({"data": str(args.data), "sentences": len(sentences),
                          "sentences_with_gold": sum(bool(s.gold) for s in sentences),
                          "gold": gold_counts, "match": MATCH_RULE, "notes": notes,
                          "extractors": {r.name: r.as_dict() for r in results}}, indent=2))
        return 0
    print(f"NewsQuant: {len(sentences)} English sentences, {sum(bool(s.gold) for s in sentences)} "
          f"with money or percent gold; gold: {gold_counts['money']} money, "
          f"{gold_counts['percent']} percent")
    print(MATCH_RULE)
    for n in notes:
        print(n)
    if results:
        print()
        print(table(results, gold_counts))
    for r in results:
        if r.errors:
            print(f"\nfirst {len(r.errors)} errors of {r.name}:")
            for tag, what, text in r.errors:
                print(f"  {tag} {what}\n       | {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
