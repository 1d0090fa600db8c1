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
    changes: list[float] = []
    accuracy, credit, iterations, change = _iterate(keys, prior, held, contested, settings,
                                                    {}, 0, changes)
    discount: dict[tuple[int, int], float] = {}
    if settings.copying:
        # the dependence is judged with the accuracies learned as if every source were
        # independent, then the accuracies are learned again with the copies discounted
        discount = _dependence(keys, accuracy, n)
        if discount:
            accuracy, credit, iterations, change = _iterate(
                keys, prior, held, contested, settings, discount, iterations, changes)
    copies = _copies_by_source(discount, keys, accuracy, n)
    outlets = {}
    for s, name in enumerate(names):
        outlets[name] = OutletTrust(
            name, prior[s], round(accuracy[s], 6), claims[s], contested[s],
            round(credit[s] / contested[s], 6) if contested[s] else 0.0,
            tuple(Copying(names[o], *rest) for o, *rest in copies.get(s, ())))
    return TrustModel(outlets, iterations, change <= settings.tolerance, change,
                      settings.tolerance, settings.prior_weight, n, tuple(changes))


def _iterate(keys, prior, held, contested, settings, discount, done: int, changes: list):
    """Accuracies to a fixed point: (accuracy, credit, iterations so far, last change); each
    iteration's largest change is appended to `changes`."""
    n = settings.false_values
    accuracy = list(prior)
    credit = [0.0] * len(prior)
    change, iterations = 0.0, done
    for iterations in range(done + 1, done + settings.max_iterations + 1):
        credit = [0.0] * len(prior)
        weights = [_vote_weight(a, n) for a in accuracy]
        for atoms, votes in keys:
            for v, right in zip(votes, _rightness(atoms, votes, weights, n, discount)):
                credit[v.source] += right
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
    unit = min(units, key=lambda u: (-units[u], str(u)))
    latest: dict[str, Evidence] = {}
    for e in found:
        if (e.interval.unit, e.interval.currency) != unit:
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


def _rightness(atoms: int, votes: list[_Vote], weights: list[float], n: int,
               discount: dict[tuple[int, int], float]) -> list[float]:
    """For each vote, the probability that the key's truth lies in what it claims."""
    score = [0.0] * (atoms + 1)  # a difference array over the atoms
    factors = _discounts(votes, weights, discount) if discount else None
    for i, v in enumerate(votes):
        w = weights[v.source] * v.factor * (factors[i] if factors else 1.0)
        score[v.first] += w
        score[v.last + 1] -= w
    lo = min(v.first for v in votes)
    hi = max(v.last for v in votes)
    covered, running = [], 0.0
    for i in range(hi + 1):
        running += score[i]
        if i >= lo:
            covered.append(running)
    top = max(covered)
    # Accu's n false values and one true one: those nobody names score 0 and hold the rest
    # of the mass, so a vote of weight 0 moves nothing
    mass = [math.exp(c - top) for c in covered]
    total = sum(mass) + max(n + 1 - len(covered), 0) * math.exp(-top)
    prefix = [0.0]
    for m in mass:
        prefix.append(prefix[-1] + m)
    return [(prefix[v.last - lo + 1] - prefix[v.first - lo]) / total for v in votes]


def _discounts(votes: list[_Vote], weights: list[float],
               discount: dict[tuple[int, int], float]) -> list[float]:
    """Per vote: 1, or 1 − dependence when the most trusted source saying the same thing on
    the key is suspected of being copied by this one."""
    strongest: dict[tuple, _Vote] = {}
    for v in votes:
        best = strongest.get(v.same_as)
        if best is None or (weights[v.source], -v.source) > (weights[best.source], -best.source):
            strongest[v.same_as] = v
    out = []
    for v in votes:
        best = strongest[v.same_as]
        d = 0.0 if best is v else discount.get(
            (min(v.source, best.source), max(v.source, best.source)), 0.0)
        out.append(1.0 - d)
    return out


def _pairs(keys, accuracy: list[float], n: int):
    """Per pair of sources sharing keys: [shared, same, same and judged false, expected]."""
    weights = [_vote_weight(a, n) for a in accuracy]
    counts: dict[tuple[int, int], list] = defaultdict(lambda: [0, 0, 0, 0.0])
    for atoms, votes in keys:
        if len(votes) > MAX_PAIR_SOURCES:
            continue
        right = _rightness(atoms, votes, weights, n, {})
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


def _dependence(keys, accuracy: list[float], n: int) -> dict[tuple[int, int], float]:
    """Pairs of sources that share false values far beyond chance, and how dependent they are."""
    out = {}
    for pair, (shared, same, shared_false, expected) in _pairs(keys, accuracy, n).items():
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


def _copies_by_source(discount: dict[tuple[int, int], float], keys, accuracy: list[float],
                      n: int) -> dict[int, list]:
    """The pairs whose votes were discounted, told from each side, with what they share."""
    if not discount:
        return {}
    counts = _pairs(keys, accuracy, n)
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
