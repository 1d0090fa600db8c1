"""Learned trust: how reliable each outlet is, estimated from how its claims agree with the others'.

With `trust: {learn: true}` the configured trust of an outlet is its prior, and the run learns
its accuracy from every key it claims on, by an interval-aware version of Accu (Dong, Berti-
Equille and Srivastava, "Integrating conflicting data: the role of source dependence", VLDB
2009), iterated to a fixed point:

1. On each key, the claims' bounds cut the line into atoms: the points they name and the open
   stretches between them. A claim covers a run of atoms ("more than $20B" covers every atom
   above 20). Each source votes once per key, with its latest claim there.
2. An atom's score is the sum of the votes of the sources that cover it; an outlet of accuracy
   A votes ln(n·A / (1 − A)), n being `false_values`, never below 0, times `hedged_trust_factor`
   for a hedged claim. The probability that the truth lies in an atom is its share of
   exp(score) among n + 1 values, those nobody names scoring 0 (log-sum-exp: votes add up in
   log space, so an outlet 10⁻⁶⁰ as reliable as the best is still a number).
3. An outlet's accuracy is the mean probability that its claims are right — that the truth lies
   inside them — with the prior counted as `prior_weight` claims judged at the configured
   trust, so that an outlet with a few claims stays near its prior.
4. Repeat from 2 until no accuracy moves by more than `tolerance` (or `max_iterations`).

A wide claim is right more easily than a point, and its vote is spread over every atom it covers,
so it says less about which one is true: bounds are evidence, weaker than a figure.

Copying (Dong et al.'s "Depen", simplified): two outlets that share many keys and, on them, the
same values judged false far more often than chance would give are not independent. On each key
where they say the same thing, the weaker one's vote is discounted by their dependence.

A key where every claim is one source's gives no evidence: its single-claim keys leave an
outlet's accuracy where it is, which is why two outlets on one key learn nothing but their prior.
An outlet whose configured trust is 0 or 1 is held there.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from reconcile.core import CATEGORICAL, Evidence, Interval, Key
from reconcile.rules import Rules

EPS = 1e-12
MAX_PAIR_SOURCES = 50  # keys with more sources than this are left out of the copying counts


@dataclass(frozen=True, slots=True)
class Copying:
    """Two outlets that repeat each other: what they share and how dependent they look."""

    other: str
    shared: int  # keys both claim on
    same: int  # of which they say the same thing
    shared_false: int  # of which that same thing is judged false
    expected_false: float  # how many of those chance alone would give
    dependence: float  # in [0, 1]: how much of the weaker one's vote is discounted


@dataclass(frozen=True, slots=True)
class OutletTrust:
    outlet: str
    prior: float
    learned: float
    claims: int  # keys it claims on (one vote per key)
    contested: int  # of which keys where some other source claims too
    agreement: float  # mean probability, over its contested keys, that its claim is right
    copies: tuple[Copying, ...] = ()


@dataclass(frozen=True)
class TrustModel:
    """The learned trust of every outlet of a run, and how it was reached."""

    outlets: dict[str, OutletTrust]
    iterations: int
    converged: bool
    change: float  # the largest change of an accuracy in the last iteration
    tolerance: float
    prior_weight: float
    false_values: int
    # the largest change of an accuracy in each iteration, in order: how it converged
    changes: tuple[float, ...] = ()

    def trust_of(self, outlet: str, default: float) -> float:
        found = self.outlets.get(outlet)
        return default if found is None else found.learned

    def summary(self) -> str:
        state = "converged" if self.converged else "stopped before converging"
        return (f"trust learned for {len(self.outlets)} outlet(s): {state} after "
                f"{self.iterations} iteration(s) (largest last change {self.change:.2e}, "
                f"tolerance {self.tolerance:g}, prior weight {self.prior_weight:g}, "
                f"false values {self.false_values})")


@dataclass(slots=True)
class _Vote:
    source: int
    first: int  # the atoms it covers: first..last
    last: int
    factor: float  # hedged claims vote less
    same_as: tuple  # what it says, to tell two sources that say the same thing


def learn(evidence: Mapping[Key, Sequence[Evidence]], rules: Rules) -> TrustModel:
    """Every outlet's learned trust from the claims of the run (see the module docstring)."""
    settings = rules.trust
    names = sorted({e.source for found in evidence.values() for e in found})
    index = {name: i for i, name in enumerate(names)}
    prior = [rules.outlet(name).trust for name in names]
    held = [p <= 0.0 or p >= 1.0 for p in prior]
    keys: list[tuple[int, list[_Vote]]] = []  # (atoms, votes) of each contested key
    claims = [0] * len(names)
    contested = [0] * len(names)
    for key in sorted(evidence, key=Key.sort_key):
        # an outlet trusted 0 takes no part: its claims neither vote nor cut atoms
        found = [e for e in evidence[key] if prior[index[e.source]] > 0.0]
        for source in {e.source for e in evidence[key]} - {e.source for e in found}:
            claims[index[source]] += 1
        if not found:
            continue
        votes, atoms = _votes(found, index, rules.resolution_for(key.attribute))
        for v in votes:
            claims[v.source] += 1
        if len({v.source for v in votes}) > 1:
            for v in votes:
                contested[v.source] += 1
            keys.append((atoms, votes))
    n = settings.false_values
    ballots = _Ballots(keys, len(names))
    changes: list[float] = []
    accuracy, credit, iterations, change = _iterate(ballots, prior, held, contested, settings,
                                                    {}, 0, changes)
    discount: dict[tuple[int, int], float] = {}
    if settings.copying:
        # the dependence is judged with the accuracies learned as if every source were
        # independent, then the accuracies are learned again with the copies discounted
        discount = _dependence(keys, ballots, accuracy, n)
        if discount:
            accuracy, credit, iterations, change = _iterate(
                ballots, prior, held, contested, settings, discount, iterations, changes)
    copies = _copies_by_source(discount, keys, ballots, accuracy, n)
    outlets = {}
    for s, name in enumerate(names):
        outlets[name] = OutletTrust(
            name, prior[s], round(accuracy[s], 6), claims[s], contested[s],
            round(credit[s] / contested[s], 6) if contested[s] else 0.0,
            tuple(Copying(names[o], *rest) for o, *rest in copies.get(s, ())))
    return TrustModel(outlets, iterations, change <= settings.tolerance, change,
                      settings.tolerance, settings.prior_weight, n, tuple(changes))


def _iterate(ballots: _Ballots, prior, held, contested, settings, discount, done: int,
             changes: list):
    """Accuracies to a fixed point: (accuracy, credit, iterations so far, last change); each
    iteration's largest change is appended to `changes`."""
    n = settings.false_values
    accuracy = list(prior)
    credit = [0.0] * len(prior)
    change, iterations = 0.0, done
    for iterations in range(done + 1, done + settings.max_iterations + 1):
        weights = [_vote_weight(a, n) for a in accuracy]
        credit = ballots.credit(ballots.rightness(weights, n, discount)).tolist()
        updated = []
        for s in range(len(prior)):
            if held[s]:
                updated.append(prior[s])
                continue
            # A key only this source claims on is judged at the source's own accuracy, so it
            # leaves the fixed point where it is: only contested keys and the prior count.
            total = settings.prior_weight * prior[s] + credit[s]
            weight = settings.prior_weight + contested[s]
            updated.append(min(max(total / weight, EPS), 1 - EPS) if weight else prior[s])
        change = max((abs(a - b) for a, b in zip(updated, accuracy)), default=0.0)
        changes.append(change)
        accuracy = updated
        if change <= settings.tolerance:
            break
    return accuracy, credit, iterations, change


def _votes(found: Sequence[Evidence], index: dict[str, int], rule) -> tuple[list[_Vote], int]:
    """One vote per source on a key (its latest claim), each as the run of atoms it covers, and
    the number of atoms. Claims in another unit than the key's commonest are left out."""
    units: dict[tuple, int] = defaultdict(int)
    for e in found:
        units[(e.interval.unit, e.interval.currency)] += 1
    unit = next(iter(units)) if len(units) == 1 else min(units, key=lambda u: (-units[u], str(u)))
    latest: dict[str, Evidence] = {}
    for e in found:
        if len(units) > 1 and (e.interval.unit, e.interval.currency) != unit:
            continue
        mine = latest.get(e.source)
        # the latest: by publication, then by place in the run's files
        if mine is None or (e.published or "", e.order, e.claim_id) > (
                mine.published or "", mine.order, mine.claim_id):
            latest[e.source] = e
    if unit[0] in CATEGORICAL:  # each distinct name (or set of names) is one atom
        labels = sorted({(e.interval.label, e.interval.approx) for e in latest.values()})
        votes = [_Vote(index[source], 2 * labels.index(a) + 1, 2 * labels.index(a) + 1,
                       rule.hedged_trust_factor if latest[source].interval.hedged else 1.0, a)
                 for source in sorted(latest)
                 for a in [(latest[source].interval.label, latest[source].interval.approx)]]
        return votes, 2 * len(labels) + 1
    points = sorted({b for e in latest.values() for b in (e.interval.low, e.interval.high)
                     if b is not None})
    votes = []
    for source in sorted(latest):
        iv = latest[source].interval
        first, last = _cover(iv, points)
        if first > last:
            continue  # an empty interval covers nothing
        votes.append(_Vote(index[source], first, last,
                           rule.hedged_trust_factor if iv.hedged else 1.0, (first, last)))
    return votes, 2 * len(points) + 1


def _cover(iv: Interval, points: list) -> tuple[int, int]:
    """The atoms an interval covers. Atom 2i+1 is the point points[i]; atom 2i the open stretch
    below it; atom 2·len(points) the stretch above the last."""
    first = 0 if iv.low is None else 2 * bisect_left(points, iv.low) + (1 if iv.low_inclusive else 2)
    last = 2 * len(points) if iv.high is None else \
        2 * bisect_left(points, iv.high) + (1 if iv.high_inclusive else 0)
    return first, last


def _vote_weight(accuracy: float, n: int) -> float:
    a = min(max(accuracy, EPS), 1 - EPS)
    return max(0.0, math.log(n * a / (1 - a)))


class _Ballots:
    """The votes of every contested key packed into arrays, so that an iteration is a few
    vectorised passes instead of a Python loop over a million votes.

    Each key owns a segment of `atoms + 1` slots (a difference array over its atoms); `covered`
    lists, key after key, the atoms from the lowest any vote covers to the highest.
    """

    def __init__(self, keys: Sequence[tuple[int, list[_Vote]]], sources: int):
        self.sources = sources
        votes = [v for _, found in keys for v in found]
        per_key = np.array([len(found) for _, found in keys], dtype=np.int64)
        self.key = np.repeat(np.arange(len(keys), dtype=np.int64), per_key)
        self.source = np.array([v.source for v in votes], dtype=np.int64)
        self.factor = np.array([v.factor for v in votes], dtype=np.float64)
        first = np.array([v.first for v in votes], dtype=np.int64)
        last = np.array([v.last for v in votes], dtype=np.int64)
        atoms = np.array([a for a, _ in keys], dtype=np.int64)
        segment = np.concatenate(([0], np.cumsum(atoms + 1)))
        self.slots = int(segment[-1])
        self.open_at = segment[self.key] + first  # where a vote's weight starts to count
        self.close_at = segment[self.key] + last + 1  # and where it stops
        lo = np.array([min(v.first for v in found) for _, found in keys], dtype=np.int64)
        hi = np.array([max(v.last for v in found) for _, found in keys], dtype=np.int64)
        self.width = hi - lo + 1
        self.block = np.concatenate(([0], np.cumsum(self.width)))  # each key's covered atoms
        covered_key = np.repeat(np.arange(len(keys), dtype=np.int64), self.width)
        self.covered = segment[covered_key] + lo[covered_key] + (
            np.arange(int(self.block[-1]), dtype=np.int64) - self.block[covered_key])
        self.covered_key = covered_key
        self.segment_start = segment[:-1]
        # a vote's atoms inside its key's covered block: [inside_from, inside_to)
        self.inside_from = self.block[self.key] + first - lo[self.key]
        self.inside_to = self.block[self.key] + last - lo[self.key] + 1
        # a source's vote is discounted when the strongest vote saying the same thing on the
        # key is another's: votes saying the same thing on a key share a group
        same = {}
        self.group = np.array([same.setdefault((k, v.same_as), len(same))
                               for k, (_, found) in enumerate(keys) for v in found],
                              dtype=np.int64)

    def rightness(self, weights: Sequence[float], n: int,
                  discount: dict[tuple[int, int], float]) -> np.ndarray:
        """For each vote, the probability that its key's truth lies in what it claims: Accu's
        n false values and one true one; atoms nobody names score 0 and hold the rest of the
        mass, so a vote of weight 0 moves nothing."""
        if not len(self.source):
            return np.zeros(0)
        raw = np.asarray(weights, dtype=np.float64)[self.source]
        w = raw * self.factor
        if discount:
            w = w * self._discounts(raw, discount)
        diff = (np.bincount(self.open_at, w, minlength=self.slots + 1)
                - np.bincount(self.close_at, w, minlength=self.slots + 1))
        running = np.cumsum(diff)
        # each key's scores from its own segment only: what the earlier segments left is
        # rounding, taken off
        before = np.concatenate(([0.0], running))[self.segment_start]
        score = running[self.covered] - before[self.covered_key]
        top = np.maximum.reduceat(score, self.block[:-1])
        mass = np.exp(score - top[self.covered_key])
        unnamed = np.maximum(n + 1 - self.width, 0) * np.exp(-top)
        total = np.add.reduceat(mass, self.block[:-1]) + unnamed
        bounds = np.empty(2 * len(w), dtype=np.int64)
        bounds[0::2], bounds[1::2] = self.inside_from, self.inside_to
        inside = np.add.reduceat(np.append(mass, 0.0), bounds)[0::2]
        return inside / total[self.key]

    def credit(self, rightness: np.ndarray) -> np.ndarray:
        """Each source's summed rightness over its contested keys."""
        return np.bincount(self.source, rightness, minlength=self.sources)

    def _discounts(self, w: np.ndarray, discount: dict[tuple[int, int], float]) -> np.ndarray:
        """Per vote: 1, or 1 − dependence when the most trusted source saying the same thing on
        the key (the higher trust's vote `w`, hedging aside, then the lower source index) is
        suspected of being copied by this one."""
        order = np.lexsort((self.source, -w, self.group))
        grouped = self.group[order]
        leads = order[np.concatenate(([True], grouped[1:] != grouped[:-1]))]
        best = np.empty(int(self.group.max()) + 1, dtype=np.int64)
        best[self.group[leads]] = self.source[leads]
        other = best[self.group]
        pairs = sorted(discount)
        codes = np.array([a * self.sources + b for a, b in pairs], dtype=np.int64)
        values = np.array([discount[p] for p in pairs], dtype=np.float64)
        mine = np.minimum(self.source, other) * self.sources + np.maximum(self.source, other)
        at = np.minimum(np.searchsorted(codes, mine), len(codes) - 1)
        found = (codes[at] == mine) & (other != self.source)
        return 1.0 - np.where(found, values[at], 0.0)


def _pairs(keys, ballots: _Ballots, accuracy: list[float], n: int):
    """Per pair of sources sharing keys: [shared, same, same and judged false, expected]."""
    weights = [_vote_weight(a, n) for a in accuracy]
    rightness = ballots.rightness(weights, n, {}).tolist()
    counts: dict[tuple[int, int], list] = defaultdict(lambda: [0, 0, 0, 0.0])
    start = 0
    for atoms, votes in keys:
        right = rightness[start:start + len(votes)]
        start += len(votes)
        if len(votes) > MAX_PAIR_SOURCES:
            continue
        for i, a in enumerate(votes):
            for j in range(i + 1, len(votes)):
                b = votes[j]
                c = counts[(min(a.source, b.source), max(a.source, b.source))]
                c[0] += 1
                wrong_a, wrong_b = 1 - accuracy[a.source], 1 - accuracy[b.source]
                c[3] += wrong_a * wrong_b / n  # both wrong the same way, by chance
                if a.same_as == b.same_as:
                    c[1] += 1
                    c[2] += right[i] < 0.5
    return counts


def _dependence(keys, ballots: _Ballots, accuracy: list[float], n: int
                ) -> dict[tuple[int, int], float]:
    """Pairs of sources that share false values far beyond chance, and how dependent they are."""
    out = {}
    for pair, (shared, same, shared_false, expected) in _pairs(keys, ballots, accuracy,
                                                               n).items():
        d = _dependence_of(shared, same, shared_false, expected)
        if d > 0:
            out[pair] = d
    return out


def _dependence_of(shared: int, same: int, shared_false: int, expected: float) -> float:
    """At least 3 shared keys, 2 shared false values, 3 times what chance gives; then the share
    of their common keys they say the same on, scaled by how far the false values exceed chance."""
    if shared < 3 or shared_false < 2 or shared_false < 3 * expected + 1:
        return 0.0
    return round(same / shared * (1 - (expected + 1) / (shared_false + 1)), 6)


def _copies_by_source(discount: dict[tuple[int, int], float], keys, ballots: _Ballots,
                      accuracy: list[float], n: int) -> dict[int, list]:
    """The pairs whose votes were discounted, told from each side, with what they share."""
    if not discount:
        return {}
    counts = _pairs(keys, ballots, accuracy, n)
    by_source: dict[int, list] = defaultdict(list)
    for (a, b), d in sorted(discount.items()):
        shared, same, shared_false, expected = counts.get((a, b), (0, 0, 0, 0.0))
        row = (shared, same, shared_false, round(expected, 6), d)
        by_source[a].append((b, *row))
        by_source[b].append((a, *row))
    return by_source


def with_learned_trust(evidence: Mapping[Key, Sequence[Evidence]], model: TrustModel
                       ) -> dict[Key, list[Evidence]]:
    """The evidence with each claim's trust replaced by its outlet's learned trust."""
    from dataclasses import replace

    trust = {name: t.learned for name, t in model.outlets.items()}
    return {key: [e if trust.get(e.source, e.trust) == e.trust
                  else replace(e, trust=trust[e.source]) for e in found]
            for key, found in evidence.items()}
