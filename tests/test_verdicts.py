"""Verdicts on plain records: a claim's interval against a stored resolution's range."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from reconcile.core import Interval
from reconcile.verdicts import VERDICTS, established, judge, key_interval, sources


def usd(low, high, low_inclusive=True, high_inclusive=True, currency="USD"):
    d = lambda x: None if x is None else Decimal(x)  # noqa: E731
    return Interval(d(low), d(high), low_inclusive, high_inclusive, unit="currency",
                    currency=currency)


def resolution(iv: Interval, status="agreed", sources=("Reuters", "The Information"),
               trust=(0.9, 0.85)):
    number = lambda x: None if x is None else int(x)  # noqa: E731
    return {"subject_id": "amazon", "attribute": "investment", "object_id": "openai",
            "as_of": None, "status": status, "low": number(iv.low), "high": number(iv.high),
            "low_inclusive": iv.low_inclusive, "high_inclusive": iv.high_inclusive,
            "point": None, "approx": False, "unit": iv.unit, "currency": iv.currency,
            "display": "range", "confidence": 0.9, "sources": list(sources),
            "claims": [{"id": f"c{i}", "outlet": s, "source": s, "trust": t, "role": "bound"}
                       for i, (s, t) in enumerate(zip(sources, trust))]}


KEY = usd(20e9, 50e9, low_inclusive=False)


@pytest.mark.parametrize("claim,expected", [
    (usd(10e9, None, low_inclusive=False), "supported"),     # more than $10B
    (usd(20e9, 50e9), "supported"),                          # the key's range, and more
    (usd(30e9, 30e9), "plausible"),                          # one value of the range
    (usd(40e9, 70e9), "plausible"),                          # reaches outside
    (usd(60e9, 60e9), "contradicted"),
    (usd(None, 20e9), "contradicted"),                       # ≤ $20B against > $20B
    (usd(None, 20e9, high_inclusive=False), "contradicted"),
])
def test_the_verdict_on_an_agreed_key(claim, expected):
    assert judge(claim, resolution(KEY)).verdict == expected


def test_one_source_makes_a_claim_plausible_at_most_but_can_contradict_it():
    single = resolution(KEY, "single_source", sources=("The Information",), trust=(0.85,))
    assert judge(usd(0, None), single).verdict == "plausible"
    assert "one independent source" in judge(usd(0, None), single).reason
    assert judge(usd(60e9, 60e9), single).verdict == "contradicted"


@pytest.mark.parametrize("status,sources_,expected", [
    ("agreed", ("A", "B"), "supported"), ("reviewed", ("A",), "supported"),
    ("settled", ("A", "B"), "supported"), ("settled", ("A",), "plausible"),
    ("picked", ("A", "B"), "plausible"), ("single_source", ("A",), "plausible"),
])
def test_which_statuses_establish_a_key(status, sources_, expected):
    res = resolution(KEY, status, sources=sources_, trust=(0.9,) * len(sources_))
    assert judge(usd(0, None), res).verdict == expected
    assert established(res) == (expected == "supported")


def test_an_open_conflict_is_disputed_whatever_the_claim():
    res = resolution(KEY, "conflict")
    assert judge(usd(60e9, 60e9), res).verdict == "disputed"
    assert judge(usd(0, None), res).verdict == "disputed"


@pytest.mark.parametrize("claim,res,why", [
    (usd(30e9, 30e9), None, "no key"),
    (usd(30e9, 30e9), resolution(KEY, "unresolved"), "unresolved"),
    (Interval(Decimal(11), Decimal(11), unit="percent"), resolution(KEY), "percent"),
    (usd(30e9, 30e9, currency="EUR"), resolution(KEY), "EUR"),
    (Interval(Decimal(30e9), Decimal(30e9)), resolution(KEY), "number"),  # a bare number
])
def test_what_cannot_be_compared_is_not_enough_info(claim, res, why):
    verdict = judge(claim, res)
    assert verdict.verdict == "not_enough_info" and why in verdict.reason


def test_a_name_value_is_judged_on_the_name_its_claims_agree_on():
    iv = {"low": None, "high": None, "low_inclusive": True, "high_inclusive": True,
          "point": None, "approx": False, "hedged": False, "unit": "category",
          "currency": None, "label": "andy jassy"}
    res = {"status": "agreed", "unit": "category", "currency": None, "low": None, "high": None,
           "display": "Andy Jassy", "sources": ["A", "B"],
           "claims": [{"source": s, "trust": 0.9, "role": "support", "interval": iv}
                      for s in "AB"]}
    name = lambda label: Interval(None, None, unit="category", label=label)  # noqa: E731
    assert key_interval(res) == name("andy jassy")
    assert judge(name("andy jassy"), res).verdict == "supported"
    assert judge(name("jeff bezos"), res).verdict == "contradicted"


def test_the_sources_come_with_their_trust():
    res = resolution(KEY)
    res["claims"].append({"id": "x", "source": "Rumours", "trust": 0.35, "role": "rejected"})
    assert sources(res) == [{"name": "Reuters", "trust": 0.9},
                            {"name": "The Information", "trust": 0.85}]


# -- invariants ------------------------------------------------------------------------------

bound = st.one_of(st.none(), st.integers(0, 100))


@st.composite
def intervals(draw):
    low, high = draw(bound), draw(bound)
    if low is not None and high is not None and low > high:
        low, high = high, low
    low_inc, high_inc = draw(st.booleans()), draw(st.booleans())
    if low is not None and low == high:
        low_inc = high_inc = True
    if low is None and high is None:
        high = draw(st.integers(0, 100))
    return usd(low, high, low_inc, high_inc)


statuses = st.sampled_from(["agreed", "single_source", "settled", "picked", "reviewed"])


@given(intervals(), statuses)
def test_a_claim_equal_to_the_key_is_never_contradicted(key, status):
    verdict = judge(key, resolution(key, status)).verdict
    assert verdict in VERDICTS and verdict != "contradicted"
    assert (verdict == "supported") == established(resolution(key, status))


@given(intervals(), intervals(), statuses, st.integers(0, 50), st.integers(0, 50),
       st.booleans(), st.booleans())
def test_widening_a_supported_claim_keeps_it_supported(key, claim, status, down, up,
                                                       open_low, open_high):
    res = resolution(key, status)
    if judge(claim, res).verdict != "supported":
        return
    low = None if open_low or claim.low is None else claim.low - down
    high = None if open_high or claim.high is None else claim.high + up
    wider = usd(low, high, claim.low_inclusive or low != claim.low,
                claim.high_inclusive or high != claim.high)
    assert wider.contains(claim)
    assert judge(wider, res).verdict == "supported"


@given(intervals(), intervals(), statuses)
def test_contradicted_exactly_when_no_value_is_shared(key, claim, status):
    verdict = judge(claim, resolution(key, status)).verdict
    assert (verdict == "contradicted") == (not claim.overlaps(key))
    assert judge(claim, resolution(key, "conflict")).verdict == "disputed"
