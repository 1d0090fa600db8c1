"""reconcile against published truth-discovery algorithms, on the real data sets of
../shared/benchmarks/truth/ (Population, Weather, Books; see their README.md).

    python benchmarks/bench_truth.py [--datasets population,weather,books] [--truth DIR]
                                     [--work DIR] [--no-peers]

For each data set it writes a reconcile corpus (claims JSONL with the source as outlet and the
object as subject, an entities file, a rules directory declaring the attribute's unit), runs
`reconcile run` on it as a user would, twice — trust from the rules (every outlet at the default
0.5) and `trust: {learn: true}` with `pick: one` — and scores each gold key on the value the
run picks, as the papers score: Population exactly, Weather within 1 % of the gold, Books the
author list right (both sides read by reconcile's `name_set` reader). A single value (low ==
high, or a closed name set) is a pick; a range, a conflict, an unresolved key or a missing one
is not, and counts as wrong. The same claims, read the same way, go to the algorithms of the
`truthdiscovery` package (Sums, AverageLog, Investment, PooledInvestment, TruthFinder,
MajorityVoting) and to a plain majority vote (ties: no pick), scored the same way. One table,
with the time each took.

The peers: `pip install --no-deps truthdiscovery bidict scipy numpy` (its plotting extras do
not build here and are not needed; the script imports its algorithms without them). Without it
the peer rows say so. Nothing here is part of the tests.
"""

from __future__ import annotations

import argparse
import collections
import csv
import glob
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import types
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reconcile.errors import UnreadableValue  # noqa: E402
from reconcile.normalize.names import read_names  # noqa: E402
from reconcile.rules.model import fold_name  # noqa: E402  (how a run names an attribute)

DEFAULT_TRUTH = ROOT.parent / "shared" / "benchmarks" / "truth"
PEERS = ("MajorityVoting", "Sums", "AverageLog", "Investment", "PooledInvestment", "TruthFinder")


# --- the data sets: (source, object, attribute, value as written) and the gold ----------------

def _dafna(path: Path):
    """Rows of a DAFNA claim file (`|\\t`-separated, latin-1)."""
    with path.open(encoding="latin-1") as f:
        for line in f:
            parts = line.rstrip("\n").split("|\t")
            if len(parts) > 5:
                yield parts


def population(truth: Path):
    root = truth / "population" / "dafna"
    claims = [(p[5], p[2], p[3], p[4], p[0]) for p in _dafna(root / "claims.txt")]
    gold = {}
    for line in (root / "popAnswersOut.txt").read_text(encoding="latin-1").splitlines():
        parts = [x.strip() for x in line.split(",")]
        if len(parts) >= 3:
            *name, year, value = parts
            gold[(", ".join(name), f"Population{year}")] = value
    return claims, gold


def weather(truth: Path):
    root = truth / "weather"
    claims = [(p[5], p[2], p[3], p[4], p[0])
              for f in sorted((root / "claims").glob("weather-*.txt")) for p in _dafna(f)]
    gold = {(p[2], p[3]): p[4] for p in _dafna(root / "truth" / "weather-accuweather.txt")}
    return claims, gold


def books(truth: Path):
    root = truth / "books"
    claims = []
    with (root / "book.txt").open(encoding="latin-1") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4:
                claims.append((parts[0].strip(), parts[1].strip(), "authors", parts[3],
                               f"b{len(claims) + 1}"))
    gold = {}
    for line in (root / "book_golden.txt").read_text(encoding="latin-1").splitlines():
        isbn, _, authors = line.partition("\t")
        gold[(isbn.strip(), "authors")] = authors
    return claims, gold


DATASETS = {
    # name: (reader, unit of its attributes, how a pick is judged right)
    "population": (population, "number", "exact"),
    "weather": (weather, "signed number", "within 1 %"),  # temperatures go below zero
    "books": (books, "name_set", "author list"),
}


def reading(value: str, unit: str):
    """A value as reconcile reads it: a Decimal for a plain number, a label for names; None
    when it reads as nothing (the engine stores such claims as unreadable)."""
    if unit == "name_set":
        try:
            iv = read_names(value, unit)
        except UnreadableValue:
            return None
        return None if iv.approx else iv.label
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        return None


def right(pick, gold, how: str) -> bool:
    if pick is None or gold is None:
        return False
    if how == "within 1 %":
        return abs(pick - gold) <= abs(gold) * Decimal("0.01")
    return pick == gold


# --- reconcile -------------------------------------------------------------------------------

def corpus(name: str, claims, unit: str, work: Path) -> Path:
    """A reconcile corpus of the data set: seeds (entities, claims) and rules."""
    out = work / name
    shutil.rmtree(out, ignore_errors=True)
    (out / "seeds").mkdir(parents=True)
    (out / "rules").mkdir()
    objects = sorted({c[1] for c in claims})
    with open(out / "seeds" / "entities.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name"])
        for i, obj in enumerate(objects):
            w.writerow([f"e{i}", obj])
    with open(out / "seeds" / "claims.jsonl", "w", encoding="utf-8") as f:
        # in the data's own order and with its claim ids: an outlet's last claim on a key is
        # its latest word
        for source, obj, attribute, value, claim_id in claims:
            f.write(json.dumps({"id": claim_id, "outlet": source, "subject": obj,
                                "attribute": attribute, "value": value},
                               ensure_ascii=False) + "\n")
    attributes = sorted({c[2] for c in claims})
    (out / "rules" / "units.yaml").write_text(
        "units:\n" + "".join(f"  {json.dumps(a)}: {unit}\n" for a in attributes),
        encoding="utf-8")
    return out


def run_reconcile(root: Path, learn: bool, work: Path) -> tuple[dict, float, dict]:
    rules = work / f"rules-{root.name}-{'learn' if learn else 'plain'}"
    shutil.rmtree(rules, ignore_errors=True)
    shutil.copytree(root / "rules", rules)
    if learn:
        (rules / "trust.yaml").write_text("trust:\n  learn: true\n", encoding="utf-8")
        (rules / "resolution.yaml").write_text("resolution:\n  default: {pick: one}\n",
                                               encoding="utf-8")
    db = work / f"{root.name}-{'learn' if learn else 'plain'}.db"
    results = db.with_suffix(".json")
    for f in glob.glob(f"{db}*"):
        os.remove(f)
    env = dict(os.environ, RECONCILE_CACHE_DIR=str(work / "cache"))
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "reconcile", "run", "--seeds",
                           str(root / "seeds"), "--rules", str(rules), "--db",
                           f"sqlite:///{db}", "--fail-on", "never", "-q", "--results",
                           str(results), "-o", os.devnull], env=env, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"reconcile run failed on {root.name}:\n{proc.stderr[-3000:]}")
    payload = json.loads(results.read_text(encoding="utf-8"))
    picks, statuses = {}, collections.Counter()
    for r in payload["resolutions"]:
        key = (r["subject"], fold_name(r["attribute"]))
        statuses[r["status"]] += 1
        picks[key] = r
    return picks, seconds, {"statuses": statuses, "unmatched": len(payload["unmatched"]),
                            "unreadable": len(payload["errors"])}


def reconcile_pick(r: dict | None, unit: str):
    if r is None or r["status"] in ("conflict", "unresolved"):
        return None
    if unit == "name_set":  # the resolved set is the label of the claims that name it exactly
        bound = [c for c in r["claims"] if c["role"] == "bound"]
        label = bound[0]["interval"].get("label") if bound else None
        return None if label is None or bound[0]["interval"]["approx"] else label
    if r["low"] is None or r["low"] != r["high"]:
        return None
    return Decimal(str(r["low"]))


# --- the peers -------------------------------------------------------------------------------

def peer_algorithms():
    """truthdiscovery's algorithms, imported without its package __init__ (which pulls in
    plotting libraries the algorithms do not use); None when it is not installed."""
    spec = importlib.util.find_spec("truthdiscovery")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = types.ModuleType("truthdiscovery")
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules.setdefault("truthdiscovery", package)
    algorithm = importlib.import_module("truthdiscovery.algorithm")
    dataset = importlib.import_module("truthdiscovery.input.dataset")
    return dataset.Dataset, {name: getattr(algorithm, name) for name in PEERS}


def run_peer(cls, Dataset, triples):
    t = time.perf_counter()
    data = Dataset(triples, allow_multiple=True)
    result = cls().run(data)
    picks = {}
    for var in {v for _, v, _ in triples}:
        best = list(result.get_most_believed_values(var))
        picks[var] = next(iter(best)) if len(best) == 1 else None  # a tie is no pick
    return picks, time.perf_counter() - t


def majority(triples):
    t = time.perf_counter()
    votes: dict = collections.defaultdict(collections.Counter)
    seen = set()
    for source, var, value in triples:
        if (source, var) not in seen:  # one vote per source, as the peers count
            seen.add((source, var))
            votes[var][value] += 1
    picks = {}
    for var, counts in votes.items():
        (top, n), *rest = counts.most_common(2) + [(None, 0)]
        picks[var] = top if not rest or rest[0][1] < n else None
    return picks, time.perf_counter() - t


# --- the table -------------------------------------------------------------------------------

def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--datasets", default="population,weather,books",
                   type=lambda s: s.split(","))
    p.add_argument("--truth", default=str(DEFAULT_TRUTH), type=Path)
    p.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "reconcile-truth"),
                   type=Path)
    p.add_argument("--no-peers", action="store_true", help="reconcile and the vote only")
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    peers = None if args.no_peers else peer_algorithms()
    rows, notes = [], []
    for name in args.datasets:
        reader, unit, how = DATASETS[name]
        claims, gold_text = reader(args.truth)
        gold = {k: reading(v, unit) for k, v in gold_text.items()}
        objects = {c[1] for c in claims}
        scored = {k: g for k, g in gold.items() if k[0] in objects}
        notes.append(f"{name}: {len(claims):,} claims, {len(objects):,} objects, "
                     f"{len(gold):,} gold keys, {len(scored):,} of them claimed; scored {how}")
        root = corpus(name, claims, unit, args.work)
        for learn in (False, True):
            picks, seconds, info = run_reconcile(root, learn, args.work)
            found = {k: picks.get((k[0], fold_name(k[1]))) for k in scored}
            hits = sum(right(reconcile_pick(found[k], unit), g, how) for k, g in scored.items())
            on_gold = collections.Counter(r["status"] if r else "missing" for r in found.values())
            label = "reconcile, trust learned, pick: one" if learn else "reconcile, trust from rules"
            rows.append((name, label, hits, len(scored), seconds))
            notes.append(f"  {label}: gold keys by status {dict(sorted(on_gold.items()))}; "
                         f"{info['unmatched']} unmatched, {info['unreadable']} unreadable")
        triples = [(source, (obj, attribute), value) for source, obj, attribute, raw, _ in claims
                   if (value := reading(raw, unit)) is not None]
        picks, seconds = majority(triples)
        rows.append((name, "majority vote (ties: no pick)",
                     sum(right(picks.get(k), g, how) for k, g in scored.items()), len(scored),
                     seconds))
        if peers is None:
            notes.append("  truthdiscovery not installed: no peer rows (see the docstring)")
            continue
        Dataset, algorithms = peers
        for peer, cls in algorithms.items():
            picks, seconds = run_peer(cls, Dataset, triples)
            rows.append((name, f"truthdiscovery {peer}",
                         sum(right(picks.get(k), g, how) for k, g in scored.items()),
                         len(scored), seconds))
        print(f"{name} done", file=sys.stderr, flush=True)
    print("| data set | method | right | of | accuracy | time s |")
    print("|---|---|---|---|---|---|")
    for name, label, hits, total, seconds in rows:
        print(f"| {name} | {label} | {hits:,} | {total:,} | {hits / max(total, 1):.1%} | "
              f"{seconds:.1f} |")
    print()
    print("\n".join(notes))
    print(f"\n{time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
