"""Resolution: strategies, trust, relays, conflicts — and the invariants that must always hold."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings, strategies as st

from reconcile.core import Evidence, Interval, Key
from reconcile.graph import key_graph
from reconcile.resolve import resolve
from reconcile.rules import ResolutionRule

KEY = Key("acme", "revenue", None, None)
RULE = ResolutionRule()


def iv(low, high, lo_inc=True, hi_inc=True, **kw):
    kw.setdefault("unit", "currency")
    kw.setdefault("currency", "USD")
    return Interval(None if low is None else D(low), None if high is None else D(high),
                    lo_inc, hi_inc, **kw)


def ev(claim_id, outlet, interval, trust, via=None):
    return Evidence(claim_id, KEY, outlet, via, trust, interval, "as written")


def run(evidence, rule=RULE):
    return resolve(KEY, evidence, key_graph(evidence), rule)


def test_agreeing_sources_intersect():
    res = run([ev("a", "The Information", iv(10, None, False), 0.85),
               ev("b", "The Information", iv(20, None, False, hedged=True), 0.85),
               ev("c", "Reuters", iv(None, 50, hedged=True), 0.9)])
    assert res.status == "agreed"
    assert (res.interval.low, res.interval.high) == (D(20), D(50))
    assert res.interval.low_inclusive is False
    assert [r.role for r in res.roles] == ["support", "bound", "bound"]
    assert res.sources == ("Reuters", "The Information")
    assert res.display == "$20–50B" or res.display.startswith("$20")


def test_one_source_repeated_or_relayed_is_single_source():
    res = run([ev("a", "Reuters", iv(5, 5), 0.9),
               ev("b", "Reuters", iv(5, 5), 0.9, via="Les Echos"),
               ev("c", "Reuters", iv(4, 6), 0.9, via="Le Monde")])
    assert res.status == "single_source"
    assert res.sources == ("Reuters",)


def test_disjoint_claims_settled_by_trust():
    res = run([ev("a", "Reuters", iv(5, 5), 0.9), ev("b", "Bloomberg", iv(5, 5), 0.8),
               ev("c", "Blog", iv(8, 8), 0.4)])
    assert res.status == "settled"
    assert res.interval.low == res.interval.high == D(5)
    loser = res.role_of("c")
    assert loser.role == "rejected"
    assert "a (Reuters, trust 0.90)" in loser.reason and "b (Bloomberg, trust 0.80)" in loser.reason
    assert "settle_margin" in loser.reason


def test_relays_are_not_counted_twice_when_settling():
    # Reuters said 5 three times (directly and through two relays); two others said 8.
    # Counted once, Reuters (0.9) does not outweigh 0.6 + 0.6 = 1.2.
    res = run([ev("a", "Reuters", iv(5, 5), 0.9), ev("b", "Reuters", iv(5, 5), 0.9, via="X"),
               ev("c", "Reuters", iv(5, 5), 0.9, via="Y"),
               ev("d", "Le Monde", iv(8, 8), 0.6), ev("e", "FT", iv(8, 8), 0.6)])
    assert res.status == "settled"
    assert res.interval.low == D(8)
    assert {r.claim_id for r in res.roles if r.role == "rejected"} == {"a", "b", "c"}


def test_close_groups_stay_an_open_conflict():
    res = run([ev("a", "Reuters", iv(5, 5), 0.9), ev("b", "Bloomberg", iv(8, 8), 0.85)])
    assert res.status == "conflict"
    assert res.interval is None
    assert res.display.startswith("conflict: ")
    assert all(r.role != "rejected" for r in res.roles)
    assert res.confidence == 0.0


def test_a_key_without_a_range_is_shown_in_its_claims_unit_when_they_agree():
    conflict = run([ev("a", "Reuters", iv(5, 5), 0.9), ev("b", "Bloomberg", iv(8, 8), 0.85)])
    assert conflict.interval is None and (conflict.unit, conflict.currency) == ("currency", "USD")
    unresolved = run([ev("a", "Rumours", iv(5, 5), 0.1),
                      ev("b", "Gossip", iv(4, 4, currency="EUR"), 0.1)])
    assert unresolved.interval is None
    assert (unresolved.unit, unresolved.currency) == ("currency", None)  # dollars or euros
    agreed = run([ev("a", "Reuters", iv(10, None, False), 0.9),
                  ev("b", "Bloomberg", iv(None, 50), 0.8)])
    assert (agreed.unit, agreed.currency) == ("currency", "USD")


def test_a_losing_reason_is_one_text_for_every_loser():
    winners = [ev(f"w{i}", f"Outlet {i}", iv(5, 5), 0.9) for i in range(30)]
    losers = [ev(f"x{i}", "Blog", iv(8, 8), 0.3) for i in range(5)]
    res = run(winners + losers)
    reasons = [res.role_of(e.claim_id).reason for e in losers]
    assert res.status == "settled" and all("w29 (Outlet 29, trust 0.90)" in r for r in reasons)
    assert len({id(r) for r in reasons}) == 1  # kilobytes each, held once


def test_outlet_below_min_trust_is_ignored():
    res = run([ev("a", "Reuters", iv(5, 5), 0.9), ev("b", "Rumours", iv(8, 8), 0.2)])
    assert res.status == "single_source"
    rejected = res.role_of("b")
    assert rejected.role == "rejected" and "below min_trust 0.30" in rejected.reason


def test_every_claim_rejected_is_unresolved():
    res = run([ev("a", "Rumours", iv(5, 5), 0.1)])
    assert res.status == "unresolved" and res.interval is None


def test_other_currency_cannot_be_compared():
    res = run([ev("a", "Reuters", iv(5, 5), 0.9), ev("b", "Les Echos", iv(4, 4, currency="EUR"), 0.7)])
    assert res.status == "single_source"
    assert "EUR cannot be compared with USD" in res.role_of("b").reason


def test_bare_number_counts_in_the_keys_unit():
    res = run([ev("a", "Reuters", iv(None, 50), 0.9),
               ev("b", "Bloomberg", iv(20, None, unit="number", currency=None), 0.8)])
    assert res.status == "agreed" and res.interval.unit == "currency"


def test_envelope_and_most_trusted():
    evs = [ev("a", "Reuters", iv(5, 5), 0.9), ev("b", "Bloomberg", iv(8, 8), 0.85)]
    hull = run(evs, ResolutionRule(strategy="envelope"))
    assert (hull.interval.low, hull.interval.high) == (D(5), D(8)) and hull.status == "settled"
    top = run(evs, ResolutionRule(strategy="most_trusted"))
    assert top.status == "settled" and top.interval.low == D(5)
    assert top.role_of("b").role == "rejected"
    tie = run([ev("a", "Reuters", iv(5, 5), 0.9), ev("b", "AP", iv(8, 8), 0.9)],
              ResolutionRule(strategy="most_trusted"))
    assert tie.status == "conflict"


def test_hedging_costs_what_the_rules_say():
    evs = [ev("a", "Reuters", iv(5, 5, hedged=True), 0.9), ev("b", "Bloomberg", iv(8, 8), 0.6)]
    assert run(evs).status == "settled"  # 0.9 vs 0.6
    assert run(evs, ResolutionRule(hedged_trust_factor=0.5)).status == "conflict"  # 0.45 vs 0.6


def test_approximate_single_claim_keeps_its_point():
    res = run([ev("a", "Reuters", iv(747e9, 913e9, point=D(830e9), approx=True), 0.9)])
    assert res.interval.approx and res.interval.point == D(830e9)
    assert res.display == "~$830B"


# --- invariants -------------------------------------------------------------------------------

OUTLETS = ["Reuters", "Bloomberg", "AP", "Blog", "FT"]


@st.composite
def evidence_lists(draw):
    n = draw(st.integers(1, 7))
    items = []
    for i in range(n):
        low = draw(st.one_of(st.none(), st.integers(0, 20)))
        width = draw(st.integers(0, 10))
        high = draw(st.one_of(st.none(), st.just(None if low is None else low + width),
                              st.integers(0, 30)))
        if low is not None and high is not None and high < low:
            low, high = high, low
        if low is None and high is None:
            low = high = draw(st.integers(0, 30))
        outlet = draw(st.sampled_from(OUTLETS))
        trust = draw(st.sampled_from([0.35, 0.5, 0.6, 0.8, 0.9]))
        items.append(ev(f"c{i}", outlet, iv(low, high, draw(st.booleans()), draw(st.booleans())
                                             if high != low else True), trust))
    return items


def _summary(res):
    return (res.status, res.interval, res.display, res.roles, res.sources, res.confidence)


@settings(max_examples=200, deadline=None)
@given(evidence_lists(), st.randoms(use_true_random=False),
       st.sampled_from(["intersect", "envelope", "most_trusted"]))
def test_claim_order_does_not_change_the_resolution(evidence, rnd, strategy):
    rule = ResolutionRule(strategy=strategy)
    shuffled = list(evidence)
    rnd.shuffle(shuffled)
    assert _summary(run(evidence, rule)) == _summary(run(shuffled, rule))


@settings(max_examples=200, deadline=None)
@given(evidence_lists(), st.integers(0, 30), st.integers(0, 10),
       st.sampled_from(["intersect", "envelope", "most_trusted"]))
def test_a_zero_trust_outlet_changes_nothing(evidence, low, width, strategy):
    rule = ResolutionRule(strategy=strategy)
    before = run(evidence, rule)
    noisy = evidence + [ev("zz", "Zero", iv(low, low + width), 0.0)]
    after = run(noisy, rule)
    assert after.role_of("zz").role == "rejected"
    assert _summary(before)[:3] == _summary(after)[:3]
    assert [r for r in after.roles if r.claim_id != "zz"] == list(before.roles)


@settings(max_examples=200, deadline=None)
@given(evidence_lists())
def test_resolved_range_is_allowed_by_every_kept_claim(evidence):
    res = run(evidence)
    if res.interval is None:
        return
    for role in res.roles:
        if role.role != "rejected":
            claim = next(e for e in evidence if e.claim_id == role.claim_id)
            assert claim.interval.contains(res.interval)
