"""Value decisions, pure: what a reviewer may decide, and what a run makes of it."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal as D

import pytest

from reconcile.core import Evidence, Interval, Key
from reconcile.errors import ReviewError
from reconcile.resolve import resolve
from reconcile.rules import ResolutionRule
from reconcile.value_review import apply, by_key, decide, from_yaml_records, to_yaml_records

KEY = Key("amazon", "valuation", None, None)
AT = datetime(2026, 12, 2, tzinfo=timezone.utc)


def exact(n):
    return Interval(D(n).scaleb(9), D(n).scaleb(9), unit="currency", currency="USD")


def ev(claim_id, outlet, n, trust=0.5):
    return Evidence(claim_id, KEY, outlet, None, trust, exact(n), f"${n}")


CLAIMS = [ev("r1", "Reuters", 50, 0.9), ev("b1", "Blog", 9, 0.4), ev("i1", "Info", 9, 0.5)]
ON_KEY = {e.claim_id: e.interval for e in CLAIMS}


def run(evidence, decisions):
    decided = by_key(decisions)
    if KEY not in decided:
        return resolve(KEY, evidence, None, ResolutionRule())
    return apply(KEY, evidence, decided[KEY], lambda found: resolve(KEY, found, None,
                                                                     ResolutionRule()))


def test_a_decision_must_name_claims_of_the_key_and_give_its_reasons():
    with pytest.raises(ReviewError, match="not a claim on amazon/valuation"):
        decide("prefer", KEY, ON_KEY, claim_ids=["zz"], by="a", at=AT)
    with pytest.raises(ReviewError, match="disagree with each other"):
        decide("prefer", KEY, ON_KEY, claim_ids=["r1", "b1"], by="a", at=AT)
    with pytest.raises(ReviewError, match="needs a reason"):
        decide("reject", KEY, ON_KEY, claim_ids=["b1"], by="a", at=AT)
    with pytest.raises(ReviewError, match="needs a value"):
        decide("pin", KEY, ON_KEY, reason="filing", by="a", at=AT)
    with pytest.raises(ReviewError, match="exactly one claim"):
        decide("reject", KEY, ON_KEY, claim_ids=["b1", "i1"], reason="typo", by="a", at=AT)
    d = decide("prefer", KEY, ON_KEY, claim_ids=["b1", "i1"], by="a", at=AT)
    assert d.seen == ("b1", "i1", "r1") and len(d.digest) == 64


def test_prefer_makes_the_value_and_sets_aside_what_the_reviewer_saw():
    d = decide("prefer", KEY, ON_KEY, claim_ids=["r1"], reason="the filing", by="alice", at=AT)
    res = run(CLAIMS, [d])
    assert (res.status, res.display) == ("reviewed", "$50B")
    roles = {r.claim_id: r.role for r in res.roles}
    assert roles == {"r1": "bound", "b1": "rejected", "i1": "rejected"}
    assert "by alice on 2026-12-02: the filing" in res.role_of("b1").reason
    assert "prefer: the filing" in res.rule_origin["review"]


def test_a_new_claim_that_agrees_supports_one_that_contradicts_reopens_the_key():
    d = decide("prefer", KEY, ON_KEY, claim_ids=["r1"], by="alice", at=AT)
    agreeing = run(CLAIMS + [ev("n1", "Bloomberg", 50)], [d])
    assert agreeing.status == "reviewed" and agreeing.role_of("n1").role == "support"
    against = run(CLAIMS + [ev("n2", "Bloomberg", 12)], [d])
    assert against.status == "conflict" and against.interval is None
    assert "decision by alice on 2026-12-02 ($50B) contradicted by n2 (Bloomberg, $12B)" \
        in against.display


def test_reject_sets_one_claim_aside_and_the_rest_resolves_as_usual():
    d = decide("reject", KEY, ON_KEY, claim_ids=["r1"], reason="typo", by="bob", at=AT)
    res = run(CLAIMS, [d])
    assert (res.status, res.display) == ("reviewed", "$9B")
    assert res.role_of("r1").reason == "rejected by decision by bob on 2026-12-02: typo"


def test_pin_with_a_source_and_reopen_undoes_everything_before_it():
    pin = decide("pin", KEY, ON_KEY, interval=Interval(D(40).scaleb(9), D(60).scaleb(9), unit="currency",
                                                       currency="USD"),
                 reason="10-K", source_url="https://example.com/10k", by="carol", at=AT)
    res = run(CLAIMS, [pin])
    assert (res.status, res.display) == ("reviewed", "$40–60B")
    assert "source https://example.com/10k" in res.role_of("r1").reason
    reopen = decide("reopen", KEY, ON_KEY, by="dan", at=AT)
    assert run(CLAIMS, [pin, reopen]) == run(CLAIMS, [])


def test_decisions_survive_their_yaml_file():
    d = decide("pin", KEY, ON_KEY, interval=Interval(D(40), None, False, unit="currency",
                                                     currency="USD"),
               reason="10-K", source_url="https://x", by="carol", at=AT)
    back = from_yaml_records(to_yaml_records([d]), "decisions.yaml")
    assert back == [d]
    with pytest.raises(ReviewError, match="decisions.yaml: decision 1: KeyError"):
        from_yaml_records([{"action": "pin"}], "decisions.yaml")
