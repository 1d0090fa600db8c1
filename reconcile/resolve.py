"""Resolve: turn the claims on one key into a range, a settled conflict, or an open conflict."""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping, Sequence

from reconcile.core import Evidence, Interval, Key
from reconcile.graph import consistent_groups, interval_groups
from reconcile.normalize import format_interval as _format_interval
from reconcile.rules import ResolutionRule
from reconcile.updates import aged, superseded

if TYPE_CHECKING:  # only a caller that built the key's graph (graph.key_graph) passes one
    import networkx as nx

_SHOWN: dict[int, tuple[Interval, str]] = {}
_NONE: Mapping[str, str] = MappingProxyType({})


def format_interval(iv: Interval) -> str:
    """format_interval, once per interval object: reasons quote intervals, and a million claims
    share far fewer readings (the pipeline reads each distinct value once). Keyed by identity,
    checked, because hashing an Interval costs more than a lookup should."""
    cached = _SHOWN.get(id(iv))
    if cached is None or cached[0] is not iv:
        if len(_SHOWN) >= 1 << 19:
            _SHOWN.clear()
        cached = _SHOWN[id(iv)] = (iv, _format_interval(iv))
    return cached[1]

AGREED, SINGLE, SETTLED, CONFLICT, UNRESOLVED, PICKED = (
    "agreed", "single_source", "settled", "conflict", "unresolved", "picked")
STATUSES = (AGREED, SINGLE, SETTLED, CONFLICT, UNRESOLVED, PICKED)
BOUND, SUPPORT, REJECTED, SUPERSEDED = "bound", "support", "rejected", "superseded"


@dataclass(frozen=True, slots=True)
class ClaimRole:
    """What one claim did in a resolution, and why."""

    claim_id: str
    role: str
    source: str
    trust: float
    reason: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """One value a conflicting key could take: a consistent group of claims and its support."""

    interval: Interval
    display: str
    weight: float  # the group's trust, each independent source counted once
    support: float  # the sum of its sources' votes ln(n·t/(1 − t)), which pick: one ranks by
    sources: tuple[str, ...]
    claim_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    key: Key
    status: str
    interval: Interval | None
    display: str
    strategy: str
    confidence: float
    roles: tuple[ClaimRole, ...]
    sources: tuple[str, ...]  # independent sources whose claims were kept
    rule_origin: dict[str, str] = field(default_factory=dict, compare=False)
    decision: str = ""  # one sentence: the rule that decided
    # The unit and currency the key is shown in: the range's, else the claims' when they
    # all agree (a conflict has no range, but its claims may all be in dollars).
    unit: str | None = None
    currency: str | None = None
    # a conflict's (or a pick's) values, best supported first; empty for every other key
    candidates: tuple[Candidate, ...] = ()

    def role_of(self, claim_id: str) -> ClaimRole:
        return next(r for r in self.roles if r.claim_id == claim_id)


def resolve(key: Key, evidence: Sequence[Evidence], graph: nx.Graph | None,
            rule: ResolutionRule, unconverted: Mapping[str, str] = _NONE,
            false_values: int = 3) -> Resolution:
    """Resolve one key with its rule; the result does not depend on the order of `evidence`.

    `graph` is the key's conflict graph (graph.key_graph); None finds the same consistent
    groups from the intervals alone, without the graph's k(k-1)/2 edges. `false_values` is
    the n of a source's vote ln(n·t/(1 − t)), by which `pick: one` ranks a conflict's groups.
    """
    claims = sorted(evidence, key=lambda e: e.claim_id)
    weight = {e.claim_id: _effective_trust(e, rule) for e in claims}
    if rule.recency_half_life is not None:
        aged(claims, weight, float(rule.recency_half_life))
    roles: dict[str, ClaimRole] = {}
    if rule.supersede == "same_origin":
        _supersede(claims, weight, roles, rule)

    kept = []
    for e in claims:
        if e.claim_id in roles:
            continue
        if weight[e.claim_id] < rule.min_trust:
            roles[e.claim_id] = _role(e, weight, REJECTED, (
                f"trust {weight[e.claim_id]:.2f} of {e.outlet} is below min_trust "
                f"{rule.min_trust:.2f} ({_origin(rule, 'min_trust')})"))
        else:
            kept.append(e)
    kept = _one_unit(kept, weight, roles, unconverted)

    if not kept:
        return _finish(key, claims, roles, rule, UNRESOLVED, None, 0.0, (),
                       "no usable claim: every claim was rejected")
    strategy = {"intersect": _intersect, "envelope": _envelope,
                "most_trusted": _most_trusted}[rule.strategy]
    return strategy(key, claims, kept, weight, roles, graph, rule, false_values)


def _intersect(key, claims, kept, weight, roles, graph, rule, false_values=3) -> Resolution:
    common = _meet_all(kept)
    if common is not None:
        status = AGREED if len(_sources(kept)) > 1 else SINGLE
        interval = _keep_point(common, kept)
        _bind(kept, interval, weight, roles)
        return _finish(key, claims, roles, rule, status, interval, _noisy_or(kept, weight),
                       _sources(kept), f"intersect: the values all {len(kept)} kept claims allow")

    groups = consistent_groups(graph, [e.claim_id for e in kept]) if graph is not None \
        else interval_groups(kept)
    by_id = {e.claim_id: e for e in kept}
    scored = sorted(((_group_weight([by_id[c] for c in g], weight), g) for g in groups),
                    key=lambda wg: (-wg[0], sorted(wg[1])))
    (best_w, best), (second_w, _) = scored[0], scored[1]
    if best_w - second_w < rule.settle_margin:
        candidates = tuple(sorted(
            (_candidate([by_id[c] for c in sorted(g)], w, weight, false_values) for w, g in scored),
            key=lambda c: (-c.support, -c.weight, c.claim_ids)))
        if rule.pick == "one" and candidates[0].support > candidates[1].support:
            return _pick(key, claims, kept, weight, roles, rule, by_id, candidates)
        for e in kept:
            roles[e.claim_id] = _role(e, weight, SUPPORT, (
                f"in conflict: the best consistent group weighs {best_w:.2f} and the next "
                f"{second_w:.2f}, closer than settle_margin {rule.settle_margin:.2f} "
                f"({_origin(rule, 'settle_margin')})"))
        shown = " vs ".join(c.display for c in candidates[:3])
        tie = (" (the best two are equally supported, so pick: one cannot choose)"
               if rule.pick == "one" else "")
        return _finish(key, claims, roles, rule, CONFLICT, None, 0.0, _sources(kept),
                       "intersect: inconsistent claims, no group of sources outweighs the others"
                       + tie, display=f"conflict: {shown}", candidates=candidates)

    winners = [by_id[c] for c in sorted(best)]
    beaten_by = ", ".join(f"{e.claim_id} ({e.outlet}, trust {weight[e.claim_id]:.2f})" for e in winners)
    # One text for every loser: it names all the winners, kilobytes on a key of hundreds.
    contradicts = (f"contradicts {beaten_by}: that group of sources weighs {best_w:.2f} against "
                   f"{second_w:.2f} at most, ahead by settle_margin {rule.settle_margin:.2f} or "
                   f"more ({_origin(rule, 'settle_margin')})")
    for e in kept:
        if e.claim_id not in best:
            roles[e.claim_id] = _role(e, weight, REJECTED, contradicts)
    interval = _keep_point(_meet_all(winners), winners)
    _bind(winners, interval, weight, roles)
    confidence = _noisy_or(winners, weight) * best_w / (best_w + second_w)
    return _finish(key, claims, roles, rule, SETTLED, interval, confidence, _sources(winners),
                   f"intersect: settled by trust, group weight {best_w:.2f} vs {second_w:.2f}")


def _pick(key, claims, kept, weight, roles, rule, by_id, candidates) -> Resolution:
    """`pick: one`: a conflict settles on its best-supported consistent group, however narrow
    the lead, and says so in its status. Support is the sum of the sources' votes
    ln(n·t / (1 − t)), the log-odds a source of trust t adds to a value (reconcile.trust)."""
    best, second = candidates[0], candidates[1]
    winners = [by_id[c] for c in best.claim_ids]
    lead = (f"picked: no group leads by settle_margin {rule.settle_margin:.2f}, and pick: one "
            f"({_origin(rule, 'pick')}) takes the best-supported value, support "
            f"{best.support:.2f} against {second.support:.2f}")
    reason = sys.intern(
        f"outweighed: the picked value {best.display} ({', '.join(best.sources)}) has support "
        f"{best.support:.2f} against {second.support:.2f} at most; pick: one "
        f"({_origin(rule, 'pick')})")
    chosen = set(best.claim_ids)
    for e in kept:
        if e.claim_id not in chosen:
            roles[e.claim_id] = _role(e, weight, REJECTED, reason)
    interval = _keep_point(_meet_all(winners), winners)
    _bind(winners, interval, weight, roles)
    confidence = _noisy_or(winners, weight) * best.weight / (best.weight + second.weight)
    return _finish(key, claims, roles, rule, PICKED, interval, confidence, _sources(winners),
                   f"intersect: {lead}", candidates=candidates, picking=True)


def _candidate(group: Sequence[Evidence], w: float, weight, false_values: int) -> Candidate:
    common = _meet_all(group)
    best: dict[str, float] = {}
    for e in group:
        best[e.source] = max(best.get(e.source, 0.0), weight[e.claim_id])
    support = round(sum(_log_odds(t, false_values) for t in best.values()), 6)
    return Candidate(common, format_interval(common), w, support, _sources(group),
                     tuple(e.claim_id for e in group))


def _log_odds(trust: float, n: int) -> float:
    t = min(max(trust, 1e-12), 1 - 1e-12)
    return max(0.0, math.log(n * t / (1 - t)))


def _envelope(key, claims, kept, weight, roles, graph, rule, false_values=3) -> Resolution:
    hull = kept[0].interval.bare()
    for e in kept[1:]:
        hull = hull.hull(e.interval)
    interval = _keep_point(hull, kept)
    _bind(kept, interval, weight, roles)
    consistent = _meet_all(kept) is not None
    status = (AGREED if len(_sources(kept)) > 1 else SINGLE) if consistent else SETTLED
    note = "" if consistent else " (the claims disagree; the envelope spans them all)"
    return _finish(key, claims, roles, rule, status, interval, _noisy_or(kept, weight),
                   _sources(kept), f"envelope: the hull of all {len(kept)} kept claims{note}")


def _most_trusted(key, claims, kept, weight, roles, graph, rule, false_values=3) -> Resolution:
    ranked = sorted(kept, key=lambda e: (-weight[e.claim_id], e.claim_id))
    top = ranked[0]
    rivals = [e for e in ranked[1:] if weight[e.claim_id] == weight[top.claim_id]
              and e.source != top.source and top.interval.intersect(e.interval) is None]
    if rivals:
        for e in kept:
            roles[e.claim_id] = _role(e, weight, SUPPORT, (
                f"in conflict: {top.claim_id} and {rivals[0].claim_id} are equally trusted "
                f"({weight[top.claim_id]:.2f}) and disagree"))
        shown = " vs ".join(format_interval(e.interval) for e in [top, *rivals])
        candidates = tuple(_candidate([e], weight[e.claim_id], weight, false_values)
                           for e in [top, *rivals])
        return _finish(key, claims, roles, rule, CONFLICT, None, 0.0, _sources(kept),
                       "most_trusted: the most trusted claims tie and disagree",
                       display=f"conflict: {shown}", candidates=candidates)
    supporting = [top]
    for e in ranked[1:]:
        if top.interval.intersect(e.interval) is None:
            roles[e.claim_id] = _role(e, weight, REJECTED, (
                f"contradicts {top.claim_id} ({top.outlet}, trust {weight[top.claim_id]:.2f}), "
                f"the most trusted claim"))
        else:
            supporting.append(e)
            roles[e.claim_id] = _role(e, weight, SUPPORT, (
                f"consistent with the most trusted claim {top.claim_id} ({top.outlet})"))
    roles[top.claim_id] = _role(top, weight, BOUND, (
        f"the most trusted claim (trust {weight[top.claim_id]:.2f})"))
    rejected = len(supporting) < len(kept)
    status = SETTLED if rejected else (AGREED if len(_sources(supporting)) > 1 else SINGLE)
    return _finish(key, claims, roles, rule, status, top.interval, weight[top.claim_id],
                   _sources(supporting), "most_trusted: the single most trusted claim")


def _supersede(claims: Sequence[Evidence], weight, roles, rule: ResolutionRule) -> None:
    for e, newer in superseded(claims).items():
        roles[e.claim_id] = _role(e, weight, SUPERSEDED, (
            f"superseded by {newer.claim_id} ({newer.outlet}"
            + (f" via {newer.via}" if newer.via else "")
            + f", published {newer.published}): the later report of the same origin "
            f"({_origin(rule, 'supersede')})"))


def _effective_trust(e: Evidence, rule: ResolutionRule) -> float:
    return e.trust * rule.hedged_trust_factor if e.interval.hedged else e.trust


def _one_unit(kept: list[Evidence], weight, roles, unconverted: Mapping[str, str]
              ) -> list[Evidence]:
    """Keep the claims in the key's unit and currency; a claim the exchange stage could not
    convert (`unconverted`: why, by claim id) cannot count."""
    totals: dict[tuple[str, str | None], float] = defaultdict(float)
    for e in kept:
        if e.interval.unit != "number":
            totals[(e.interval.unit, e.interval.currency)] += weight[e.claim_id]
    if len(totals) <= 1:
        return kept
    unit = min(totals, key=lambda u: (-totals[u], u[0], u[1] or ""))
    out = []
    for e in kept:
        if e.interval.unit == "number" or (e.interval.unit, e.interval.currency) == unit:
            out.append(e)
        else:
            theirs = e.interval.currency or e.interval.unit
            why = unconverted.get(e.claim_id, "no conversion rule")
            roles[e.claim_id] = _role(e, weight, REJECTED, (
                f"{theirs} cannot be compared with {unit[1] or unit[0]}, the unit most trusted "
                f"on this key ({why})"))
    return out


def _meet_all(evidence: Sequence[Evidence]) -> Interval | None:
    common = evidence[0].interval.bare()
    for e in evidence[1:]:
        common = common.intersect(e.interval)
        if common is None:
            return None
    return common


def _keep_point(interval: Interval, evidence: Sequence[Evidence]) -> Interval:
    """When the result is exactly one approximate claim's interval, keep its stated point."""
    if interval.label is not None:
        return interval  # a name has no point; an open set is open by its label, not a hedge
    bounds = (interval.low, interval.high, interval.low_inclusive, interval.high_inclusive)
    for e in evidence:
        iv = e.interval
        if iv.approx and (iv.low, iv.high, iv.low_inclusive, iv.high_inclusive) == bounds:
            return replace(interval, point=iv.point, approx=True)
    if interval.is_point:
        return replace(interval, point=interval.low)
    return interval


def _bind(evidence, interval: Interval, weight, roles) -> None:
    shown = format_interval(interval)
    if interval.label is not None:
        for e in evidence:
            iv = e.interval
            if (iv.label, iv.approx) == (interval.label, interval.approx):
                roles[e.claim_id] = _role(e, weight, BOUND, f"names exactly {shown}")
            else:
                roles[e.claim_id] = _role(e, weight, SUPPORT, (
                    f"consistent with {shown} but open ({format_interval(iv)}), so it does not "
                    "bind"))
        return
    for e in evidence:
        iv = e.interval
        sets_low = interval.low is not None and (iv.low, iv.low_inclusive) == (
            interval.low, interval.low_inclusive)
        sets_high = interval.high is not None and (iv.high, iv.high_inclusive) == (
            interval.high, interval.high_inclusive)
        if sets_low and sets_high:
            roles[e.claim_id] = _role(e, weight, BOUND, f"sets both bounds of {shown}")
        elif sets_low or sets_high:
            side = "lower" if sets_low else "upper"
            roles[e.claim_id] = _role(e, weight, BOUND, (
                f"sets the {side} bound of {shown} ({format_interval(iv)})"))
        else:
            roles[e.claim_id] = _role(e, weight, SUPPORT, (
                f"consistent with {shown} but wider ({format_interval(iv)}), so it does not bind"))


def _sources(evidence) -> tuple[str, ...]:
    return tuple(sorted({e.source for e in evidence}))


def _group_weight(evidence, weight) -> float:
    """Trust of a group, counting each independent source once (its most trusted claim)."""
    best: dict[str, float] = {}
    for e in evidence:
        best[e.source] = max(best.get(e.source, 0.0), weight[e.claim_id])
    return round(sum(best.values()), 9)


def _noisy_or(evidence, weight) -> float:
    """Chance that at least one independent source is right, if each is right with its trust."""
    best: dict[str, float] = {}
    for e in evidence:
        best[e.source] = max(best.get(e.source, 0.0), weight[e.claim_id])
    doubt = 1.0
    for trust in best.values():
        doubt *= 1.0 - trust
    return round(1.0 - doubt, 6)


def _role(e: Evidence, weight, role: str, reason: str) -> ClaimRole:
    # A million roles say a few hundred thousand distinct things ("sets both bounds of $20B"):
    # interned, each text is held once for the run.
    return ClaimRole(e.claim_id, role, e.source, round(weight[e.claim_id], 6), sys.intern(reason))


def _origin(rule: ResolutionRule, name: str) -> str:
    return rule.origin.get(name, "built-in default")


def _finish(key, claims, roles, rule, status, interval, confidence, sources, decision,
            display: str | None = None, candidates: tuple[Candidate, ...] = (),
            picking: bool = False) -> Resolution:
    if display is None:
        display = format_interval(interval) if interval is not None else "unresolved"
    ordered = tuple(roles[e.claim_id] for e in claims)
    superseding = any(r.role == SUPERSEDED for r in ordered)
    aged = rule.recency_half_life is not None and any(e.published for e in claims)
    return Resolution(key, status, interval, display, rule.strategy, round(confidence, 6),
                      ordered, tuple(sources), _origins(rule, superseding, aged, picking),
                      decision, *_unit_and_currency(interval, claims), candidates)


def _unit_and_currency(interval: Interval | None, claims) -> tuple[str | None, str | None]:
    if interval is not None:  # nearly every key: its range says it, no claim is looked at
        unit = interval.unit or _only({e.interval.unit for e in claims} - {"number"})
        return unit, interval.currency
    return (_only({e.interval.unit for e in claims} - {"number"}),
            _only({e.interval.currency for e in claims} - {None}))


def _only(values: set[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


_ORIGIN_FIELDS = ("strategy", "min_trust", "approx_tolerance", "settle_margin",
                  "hedged_trust_factor")


_ORIGINS: dict[tuple[int, bool, bool, bool], tuple[ResolutionRule, dict[str, str]]] = {}


def _origins(rule: ResolutionRule, superseding: bool = False,
             aged: bool = False, picking: bool = False) -> dict[str, str]:
    """Where each of a rule's settings came from, worked out once per rule object (rules that
    compare equal may still come from different files, so the object itself is the key).
    `supersede` is named only where it replaced a claim.

    Every resolution of the rule shares the one dict: read it, never change it.
    """
    cached = _ORIGINS.get((id(rule), superseding, aged, picking))
    if cached is None or cached[0] is not rule:
        if len(_ORIGINS) > 256:
            _ORIGINS.clear()
        names = (_ORIGIN_FIELDS + (("supersede",) if superseding else ())
                 + (("recency_half_life",) if aged else ()) + (("pick",) if picking else ()))
        cached = _ORIGINS[(id(rule), superseding, aged, picking)] = (
            rule, {name: _origin(rule, name) for name in names})
    return cached[1]
