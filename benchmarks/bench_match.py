"""Benchmark of the match stage against the labelled sets in shared/benchmarks/entities.

One command, prints one table (figures next to the targets of the matching issue):

    PYTHONPATH=. python benchmarks/bench_match.py [--data DIR] [--errors]

Measures (see each set's README for origin and format):

1. patstat closed world: every cluster is an entity named by its most frequent spelling;
   every other distinct spelling is a mention. The issue's baseline (0.971) is the top-1
   choice of plain token_sort_ratio, which has no bands; the matcher's counterpart is its
   *decision*: a variant is matched when it is accepted to its own cluster, or sent to
   review with its own cluster first (the entity the reviewer is offered first). A
   reject, a wrong accept, or a review led by another cluster is a miss. This is the row
   with the target; printed next to it: variants *accepted* to their cluster, top-1 over
   all bands (rejects included, as the baseline counts them), and wrong accepts.
2. patstat open world: the same with 20 % of the clusters removed from the entity list
   (seeded; pooled over several seeds). Precision = right accepts / all accepts; recall =
   right accepts / mentions whose cluster is still listed.
3. company_name_matcher test_pairs.csv: each name of a pair is matched, as a mention,
   against the other name as the only entity. The pair is predicted "same" when either
   direction is accepted (the set names no canonical side). A review is not a "same":
   it is the matcher declining to decide, so it counts as right for a different-company
   pair and as wrong for a same-company pair. Also printed: accuracy with "accepted or
   sent to review" counted as same, and the different-company pairs accepted
   (confidently wrong).
4. SEC open world (a guard, no target): a fifth of the SEC companies held out (two
   seeds), three noisy spellings of every company's name matched against the rest.
   Precision = accepts naming the company a spelling was made from / all accepts. The
   SEC list is full of near-twins ("Corvus" / "Corbus", fund series I, II, III), so this
   is where a looser rule shows its wrong accepts first.
5. Throughput: 1,000,000 mentions (100,000 distinct noisy variants of the SEC names, and
   tickers) against the 9,713 SEC tickers grouped by CIK (one entity per CIK, its tickers
   as aliases). Wall time of ``match_many`` on the full list (the target), its CPU time
   over all threads (comparable between runs on a busy machine); index build apart.

Nothing here is used by the library: the library has no data-specific words or rules.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections import Counter, defaultdict
from pathlib import Path

from reconcile.core import Entity
from reconcile.match import Matcher
from reconcile.rules import MatchingRules

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "entities"
OPEN_WORLD_SEEDS = range(10)


# -- patstat -----------------------------------------------------------------------------
def load_patstat(data: Path) -> dict[str, Counter]:
    """Cluster id -> Counter of spellings (the leading "* " artefact stripped)."""
    clusters: dict[str, Counter] = defaultdict(Counter)
    with open(data / "patstat_leuven" / "patstat_reference.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["person_name"].strip()
            if name.startswith("* "):
                name = name[2:]
            clusters[row["leuven_id"]][name.strip()] += 1
    return clusters


def patstat_sets(clusters: dict[str, Counter]):
    """(entities, [(mention, cluster id)]): canonical = most frequent spelling (ties: min)."""
    entities, mentions = [], []
    for cid in sorted(clusters):
        counts = clusters[cid]
        canon = min(counts, key=lambda n: (-counts[n], n))
        entities.append(Entity(id=cid, name=canon))
        mentions.extend((n, cid) for n in sorted(counts) if n != canon)
    return entities, mentions


def bench_patstat(data: Path, show_errors: bool) -> dict[str, float]:
    clusters = load_patstat(data)
    entities, mentions = patstat_sets(clusters)
    matcher = Matcher(entities)
    res = matcher.match_many(m for m, _ in mentions)
    right = sum(res[m].entity_id == cid for m, cid in mentions)
    top1 = sum(bool(res[m].candidates) and res[m].candidates[0].entity_id == cid
               for m, cid in mentions)
    decided = sum(res[m].entity_id == cid or (res[m].band == "review" and res[m].candidates[0]
                                              .entity_id == cid) for m, cid in mentions)
    wrong_accepts = sum(res[m].band == "accept" and res[m].entity_id != cid for m, cid in mentions)
    if show_errors:
        print("-- patstat closed world: not accepted to the right cluster")
        for m, cid in mentions:
            r = res[m]
            if r.entity_id != cid:
                first = r.candidates[0].entity_id if r.candidates else None
                mark = "  " if r.band == "review" and first == cid else "X "
                print(f"{mark}[{cid}] {m!r} key={r.key!r} -> {r.band} {r.entity_id or first} "
                      f"{r.score} | {r.reason}")
    out = {"closed": decided / len(mentions), "closed_accepted": right / len(mentions),
           "closed_top1": top1 / len(mentions),
           "closed_n": len(mentions), "closed_wrong": wrong_accepts}

    # open world: hold out 20 % of clusters; every spelling of a held-out cluster is a mention
    tp = fp = positives = 0
    per_seed = []
    misses: Counter = Counter()  # (cluster, mention, band, reason) -> seeds missed in
    for seed in OPEN_WORLD_SEEDS:
        ids = sorted(clusters)
        held = set(random.Random(seed).sample(ids, round(len(ids) * 0.2)))
        kept = [e for e in entities if e.id not in held]
        ment = [(m, cid) for m, cid in mentions if cid not in held]
        ment += [(n, cid) for cid in sorted(held) for n in sorted(clusters[cid])]
        r = Matcher(kept).match_many(m for m, _ in ment)
        s_tp = sum(r[m].band == "accept" and r[m].entity_id == cid for m, cid in ment)
        s_fp = sum(r[m].band == "accept" and r[m].entity_id != cid for m, cid in ment)
        s_pos = sum(cid not in held for _, cid in ment)
        tp, fp, positives = tp + s_tp, fp + s_fp, positives + s_pos
        per_seed.append(s_tp / max(1, s_tp + s_fp))
        misses.update((cid, m, r[m].band, r[m].reason) for m, cid in ment
                      if cid not in held and r[m].entity_id != cid)
        if show_errors and s_fp:
            print(f"-- patstat open world seed {seed}: wrong accepts")
            for m, cid in ment:
                if r[m].band == "accept" and r[m].entity_id != cid:
                    print(f"  [{cid}{' held out' if cid in held else ''}] {m!r} -> "
                          f"{r[m].entity_id} {r[m].score} {r[m].method} | {r[m].reason}")
    if show_errors:
        print("-- patstat open world: listed clusters' variants not accepted to them "
              "(seeds missed in, of those where the cluster is listed)")
        for (cid, m, band, reason), n in sorted(misses.items()):
            print(f"  {n:2d} [{cid}] {m!r} -> {band} | {reason}")
    out.update(open_precision=tp / max(1, tp + fp), open_recall=tp / max(1, positives),
               open_min_precision=min(per_seed), open_fp=fp, open_accepts=tp + fp)
    return out


# -- company_name_matcher pairs ----------------------------------------------------------
def bench_pairs(data: Path, show_errors: bool) -> dict[str, float]:
    path = data / "company_name_matcher_pairs" / "test_pairs.csv"
    with open(path, encoding="utf-8-sig") as f:
        pairs = [(r["Name_x"], r["Name_y"], r["Targets"] == "1") for r in csv.DictReader(f)]

    def band(mention: str, name: str) -> str:
        return Matcher([Entity(id="e", name=name)]).match(mention).band

    strict = lenient = wrong = 0
    errors = []
    for x, y, same in pairs:
        bands = {band(x, y), band(y, x)}
        strict += ("accept" in bands) == same
        lenient += bool(bands & {"accept", "review"}) == same
        wrong += ("accept" in bands) and not same
        if ("accept" in bands) != same:
            errors.append((x, y, same, sorted(bands)))
    if show_errors:
        print("-- company_name_matcher pairs: strict-rule errors")
        for x, y, same, bands in errors:
            print(f"  {'same' if same else 'diff'}: {x!r} / {y!r} -> {bands}")
    return {"pairs": strict / len(pairs), "pairs_lenient": lenient / len(pairs),
            "pairs_n": len(pairs), "pairs_wrong": wrong}


# -- throughput --------------------------------------------------------------------------
_FORMS = ["Inc", "Inc.", "Corp", "Corp.", "Corporation", "Co", "Ltd", "LLC", "plc", "Holdings",
          "Group", "S.A.", "N.V.", "AG", "GmbH", ""]


def load_sec(data: Path) -> list[Entity]:
    by_cik: dict[str, dict] = {}
    with open(data / "sec_tickers" / "mappings.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            e = by_cik.setdefault(row["CIK"], {"name": row["Name"], "tickers": []})
            e["tickers"].append(row["Ticker"])
    return [Entity(id=cik, name=v["name"], aliases=tuple(sorted(v["tickers"])))
            for cik, v in sorted(by_cik.items())]


def _noisy(name: str, rnd: random.Random) -> str:
    """A plausible way of writing a company name: case, punctuation, forms, a typo."""
    words = name.replace(",", "").replace(".", "").split()
    if len(words) > 1 and words[-1].lower().strip(".") in {"inc", "corp", "co", "ltd", "llc", "plc"}:
        words = words[:-1]
    if rnd.random() < 0.5:
        words.append(rnd.choice(_FORMS))
    text = " ".join(w for w in words if w)
    r = rnd.random()
    if r < 0.3:
        text = text.upper()
    elif r < 0.5:
        text = text.lower()
    if rnd.random() < 0.5 and len(text) > 4:  # one typo: drop, swap or replace a letter
        i = rnd.randrange(1, len(text) - 1)
        op = rnd.random()
        if op < 0.33:
            text = text[:i] + text[i + 1:]
        elif op < 0.66:
            text = text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]
        else:
            text = text[:i] + rnd.choice("abcdefghijklmnopqrstuvwxyz") + text[i + 1:]
    if rnd.random() < 0.1:
        text = rnd.choice(["d'", "l'", "the ", ""]) + text + rnd.choice(["'s", "", ","])
    return text


def bench_throughput(data: Path, n_distinct: int = 100_000, n_total: int = 1_000_000):
    entities = load_sec(data)
    rnd = random.Random(42)
    tickers = [(a, e.id) for e in entities for a in e.aliases]
    truth: dict[str, set[str]] = defaultdict(set)  # mention -> entities it was made from
    while len(truth) < n_distinct:
        if rnd.random() < 0.05:
            ticker, eid = rnd.choice(tickers)
            truth[ticker].add(eid)
        else:
            e = rnd.choice(entities)
            truth[_noisy(e.name, rnd)].add(e.id)
    pool = sorted(truth)
    rnd.shuffle(pool)
    # every distinct mention at least once, the rest drawn with a skew (popular names recur)
    mentions = pool + [pool[min(int(rnd.paretovariate(1.2)) - 1, n_distinct - 1)]
                       if rnd.random() < 0.5 else rnd.choice(pool)
                       for _ in range(n_total - n_distinct)]
    t0 = time.perf_counter()
    matcher = Matcher(entities, MatchingRules())
    t1, c1 = time.perf_counter(), time.process_time()
    result = matcher.match_many(mentions)
    t2, c2 = time.perf_counter(), time.process_time()
    bands = Counter(m.band for m in result.values())
    # a noisy variant can be the exact key of another company ("Acme Corp" -> "Acme"):
    # an accept counts as right when it names one of the entities the mention came from
    right = sum(m.band == "accept" and m.entity_id in truth[k] for k, m in result.items())
    return {"build_s": t1 - t0, "match_s": t2 - t1, "cpu_s": c2 - c1, "entities": len(entities),
            "mentions": len(mentions), "distinct": len(result),
            "accept_share": bands["accept"] / len(result),
            "accept_precision": right / max(1, bands["accept"])}


def bench_sec_open(data: Path, show_errors: bool) -> dict[str, float]:
    entities = load_sec(data)
    rnd = random.Random(7)
    truth: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for _ in range(3):
            truth[_noisy(e.name, rnd)].add(e.id)
    right = wrong = 0
    for seed in range(2):
        held = set(random.Random(seed).sample([e.id for e in entities], len(entities) // 5))
        res = Matcher([e for e in entities if e.id not in held]).match_many(truth)
        for mention, m in res.items():
            if m.band == "accept":
                ok = m.entity_id in truth[mention]
                right, wrong = right + ok, wrong + (not ok)
                if show_errors and not ok:
                    print(f"  sec open seed {seed}: {mention!r} -> {m.entity_id} {m.name!r} "
                          f"{m.score} | {m.reason}")
    return {"sec_precision": right / max(1, right + wrong), "sec_wrong": wrong,
            "sec_accepts": right + wrong}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--errors", action="store_true", help="list the mistakes too")
    ap.add_argument("--skip-throughput", action="store_true")
    args = ap.parse_args()
    p = bench_patstat(args.data, args.errors)
    q = bench_pairs(args.data, args.errors)
    g = bench_sec_open(args.data, args.errors)
    t = None if args.skip_throughput else bench_throughput(args.data)
    rows = [
        ("patstat closed world: variants matched (accepted, or first in review)",
         f"{p['closed']:.4f}", ">= 0.985",
         f"n={p['closed_n']}; accepted {p['closed_accepted']:.4f}, top-1 any band "
         f"{p['closed_top1']:.4f}, wrong accepts {p['closed_wrong']}"),
        ("patstat open world (20 % held out): precision", f"{p['open_precision']:.4f}",
         ">= 0.998", f"{len(OPEN_WORLD_SEEDS)} seeds pooled, {p['open_fp']} wrong of "
                     f"{p['open_accepts']} accepts, worst seed {p['open_min_precision']:.4f}"),
        ("patstat open world: recall", f"{p['open_recall']:.4f}", ">= 0.90", ""),
        ("company_name_matcher pairs: accuracy", f"{q['pairs']:.4f}", ">= 0.90",
         f"n={q['pairs_n']}; accept-or-review as same: {q['pairs_lenient']:.4f}; "
         f"different pairs accepted: {q['pairs_wrong']}"),
    ]
    rows.append(("SEC open world (1/5 held out, noisy names): precision",
                 f"{g['sec_precision']:.4f}", "(guard)",
                 f"2 seeds, {g['sec_wrong']} wrong of {g['sec_accepts']} accepts"))
    if t:
        rows.append((f"{t['mentions']:,} mentions ({t['distinct']:,} distinct) vs "
                     f"{t['entities']:,} SEC entities", f"{t['match_s']:.2f} s", "<= 10 s",
                     f"CPU {t['cpu_s']:.2f} s (all threads; wall time counts other "
                     f"processes' load), index build {t['build_s']:.2f} s; "
                     f"{t['accept_share']:.1%} of distinct "
                     f"accepted, {t['accept_precision']:.4f} of them right"))
    w = [max(len(r[i]) for r in rows + [("measure", "ours", "target", "notes")])
         for i in range(4)]
    line = "| " + " | ".join("{:<%d}" % n for n in w) + " |"
    print(line.format("measure", "ours", "target", "notes"))
    print("|" + "|".join("-" * (n + 2) for n in w) + "|")
    for r in rows:
        print(line.format(*r))


if __name__ == "__main__":
    main()
