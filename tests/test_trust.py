"""Learned trust: outlets' reliability learned from agreement, the rules' trust as the prior."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from reconcile.core import Evidence, Interval, Key
from reconcile.resolve import resolve
from reconcile.rules import OutletRule, ResolutionRule, Rules, TrustRules
from reconcile.trust import _Ballots, _Vote, learn, with_learned_trust


def point(v):
    return Interval(D(v), D(v), unit="number")


def rules(trust: dict[str, float] | None = None, **learning) -> Rules:
    outlets = {name: OutletRule(name, t) for name, t in (trust or {}).items()}
    return Rules(outlets=outlets, default_trust=0.5, trust=TrustRules(learn=True, **learning))


def world(seed: int, keys: int, accuracy: dict[str, float], copier: tuple[str, str] | None = None
          ) -> dict[Key, list[Evidence]]:
    """Every outlet claims on every key: the truth with its accuracy, else a wrong value; a
    copier repeats its model's value, mistakes included."""
    rng = random.Random(seed)
    out = {}
    for k in range(keys):
        key = Key(f"city{k}", "population", None, None)
        truth = 1000 + k
        said = {}
        for outlet, acc in sorted(accuracy.items()):
            said[outlet] = truth if rng.random() < acc else truth + rng.randint(1, 50)
        if copier:
            said[copier[0]] = said[copier[1]]
        out[key] = [Evidence(f"{k}-{o}", key, o, None, 0.5, point(v), str(v))
                    for o, v in sorted(said.items())]
    return out


ACCURACY = {"good": 0.95, "fair": 0.75, "poor": 0.35, "noise": 0.2}


def test_reliable_outlets_learn_high_trust_and_unreliable_low():
    model = learn(world(1, 300, ACCURACY), rules(false_values=10))
    learned = {name: t.learned for name, t in model.outlets.items()}
    assert learned["good"] > learned["fair"] > learned["poor"] > learned["noise"]
    assert abs(learned["good"] - 0.95) < 0.05 and abs(learned["fair"] - 0.75) < 0.08
    assert model.converged and model.iterations < 100
    # the audit keeps how it converged: one change per iteration, the last within tolerance
    assert len(model.changes) == model.iterations and model.changes[-1] == model.change
    assert model.changes[-1] <= model.tolerance < model.changes[0]
    assert all(t.contested == 300 and t.claims == 300 for t in model.outlets.values())
    # with the default n the order is the same, the estimates less calibrated
    default = learn(world(1, 300, ACCURACY), rules())
    ranked = sorted(default.outlets, key=lambda n: -default.outlets[n].learned)
    assert ranked == ["good", "fair", "poor", "noise"]


def test_the_prior_holds_an_outlet_with_few_claims():
    evidence = world(2, 300, ACCURACY)
    # a newcomer with two claims, both against the consensus
    for k, key in enumerate(list(evidence)[:2]):
        evidence[key].append(Evidence(f"new{k}", key, "newcomer", None, 0.9, point(1), "1"))
    model = learn(evidence, rules({"newcomer": 0.9}, prior_weight=5.0))
    assert 0.6 < model.outlets["newcomer"].learned < 0.9  # pulled down, not to zero
    stronger = learn(evidence, rules({"newcomer": 0.9}, prior_weight=50.0))
    assert stronger.outlets["newcomer"].learned > model.outlets["newcomer"].learned


def test_a_zero_or_full_trust_outlet_is_held_and_a_zero_trust_one_changes_nothing():
    evidence = world(3, 200, ACCURACY)
    base = learn(evidence, rules())
    with_zero = {key: found + [Evidence(f"z{key.subject_id}", key, "zero", None, 0.0,
                                        point(7), "7")]
                 for key, found in evidence.items()}
    model = learn(with_zero, rules({"zero": 0.0, "good": 1.0}))
    assert model.outlets["zero"].learned == 0.0 and model.outlets["good"].learned == 1.0
    # with trust 0 its vote weighs nothing: the others learn what they learn without it
    others = learn(with_zero, rules({"zero": 0.0}))
    for name in ACCURACY:
        assert others.outlets[name].learned == pytest.approx(base.outlets[name].learned, abs=1e-9)


def test_single_claim_keys_teach_nothing():
    key = Key("openai", "valuation", None, None)
    evidence = {key: [Evidence("a", key, "Reuters", None, 0.9, point(5), "5")],
                Key("x", "valuation", None, None): [
                    Evidence("b", Key("x", "valuation", None, None), "Blog", None, 0.4, point(6),
                             "6")]}
    model = learn(evidence, rules({"Reuters": 0.9, "Blog": 0.4}))
    assert model.outlets["Reuters"].learned == pytest.approx(0.9)
    assert model.outlets["Blog"].learned == pytest.approx(0.4)
    assert model.outlets["Reuters"].contested == 0


def test_bounds_are_evidence_but_weaker_than_figures():
    """An outlet that only says "more than 0" is right everywhere yet tells nothing: its trust
    rises, but its vote spreads over every atom it covers, so it picks no figure."""
    evidence = world(4, 200, {"good": 0.9, "poor": 0.4})
    for key, found in evidence.items():
        found.append(Evidence(f"w{key.subject_id}", key, "vague", None, 0.5,
                              Interval(D(0), None, False, unit="number"), "more than 0"))
    model = learn(evidence, rules())
    assert model.outlets["vague"].learned > 0.9
    for key, found in list(evidence.items())[:50]:
        res = resolve(key, with_learned_trust({key: found}, model)[key], None,
                      ResolutionRule(pick="one"))
        if res.interval is not None and res.interval.is_point:
            assert res.interval.low in {e.interval.low for e in found if e.outlet != "vague"}


def test_log_space_keeps_extreme_outlets_finite():
    evidence = world(5, 400, {"good": 0.99, "awful": 0.0, "fair": 0.8, "other": 0.8})
    model = learn(evidence, rules(false_values=1000))
    awful = model.outlets["awful"].learned
    assert 0 < awful < 0.01 and math.isfinite(awful)
    assert model.outlets["good"].learned > model.outlets["fair"].learned > 0.8


def test_copying_is_detected_and_discounted():
    accuracy = {"a": 0.9, "b": 0.85, "c": 0.8, "liar": 0.3}
    evidence = world(6, 400, accuracy, copier=("parrot", "liar"))
    model = learn(evidence, rules())
    parrot = model.outlets["parrot"]
    assert [c.other for c in parrot.copies] == ["liar"]
    copy = parrot.copies[0]
    assert copy.shared == 400 and copy.same == 400 and copy.shared_false > 100
    # chance, as the model sees it (each wrong value one of n), gives far fewer
    assert copy.expected_false < copy.shared_false / 3 and copy.dependence > 0.7
    assert not model.outlets["a"].copies
    blind = learn(evidence, rules(copying=False))
    # discounted, the pair's repeated mistakes no longer prop each other up
    assert model.outlets["liar"].learned < blind.outlets["liar"].learned


def test_independent_outlets_are_not_called_copies():
    model = learn(world(7, 400, {"a": 0.9, "b": 0.9, "c": 0.6, "d": 0.6}), rules())
    assert all(not t.copies for t in model.outlets.values())


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_claim_order_does_not_change_the_learned_trust(rng):
    evidence = world(8, 60, ACCURACY)
    shuffled = {}
    for key in rng.sample(list(evidence), len(evidence)):
        found = list(evidence[key])
        rng.shuffle(found)
        shuffled[key] = found
    a, b = learn(evidence, rules()), learn(shuffled, rules())
    assert {n: t.learned for n, t in a.outlets.items()} == \
        {n: t.learned for n, t in b.outlets.items()}
    assert (a.iterations, a.change) == (b.iterations, b.change)


def test_an_outlets_latest_claim_on_a_key_is_its_vote():
    key = Key("k", "population", None, None)
    found = [Evidence("old", key, "X", None, 0.5, point(1), "1", "2024-01-01", 1),
             Evidence("new", key, "X", None, 0.5, point(2), "2", "2024-02-01", 2),
             Evidence("y", key, "Y", None, 0.5, point(2), "2")]
    model = learn({key: found}, rules())
    assert model.outlets["X"].agreement > 0.5  # judged on its update, which Y confirms


def test_learned_trust_replaces_the_claims_trust():
    evidence = world(9, 100, ACCURACY)
    model = learn(evidence, rules())
    learned = with_learned_trust(evidence, model)
    some = next(iter(learned.values()))
    assert {e.outlet: e.trust for e in some} == {n: model.outlets[n].learned for n in ACCURACY}
    # the input is left as it was
    assert {e.trust for e in next(iter(evidence.values()))} == {0.5}


def test_pick_one_takes_the_best_supported_value_and_says_so():
    key = Key("amazon", "investment", "openai", None)
    found = [Evidence("a", key, "Reuters", None, 0.8, point(50), "50"),
             Evidence("b", key, "Blog", None, 0.7, point(9), "9")]
    plain = resolve(key, found, None, ResolutionRule())
    assert plain.status == "conflict" and [c.display for c in plain.candidates] == ["50", "9"]
    picked = resolve(key, found, None, ResolutionRule(pick="one"))
    assert picked.status == "picked" and picked.interval.low == D(50)
    assert picked.role_of("b").role == "rejected" and "pick: one" in picked.role_of("b").reason
    assert picked.candidates[0].support > picked.candidates[1].support
    assert "pick" in picked.rule_origin


def test_pick_one_leaves_an_exact_tie_open():
    key = Key("amazon", "investment", "openai", None)
    found = [Evidence("a", key, "Reuters", None, 0.8, point(50), "50"),
             Evidence("b", key, "Bloomberg", None, 0.8, point(9), "9")]
    res = resolve(key, found, None, ResolutionRule(pick="one"))
    assert res.status == "conflict" and "cannot choose" in res.decision
    assert [c.sources for c in res.candidates] == [("Bloomberg",), ("Reuters",)] or \
        [c.sources for c in res.candidates] == [("Reuters",), ("Bloomberg",)]


def test_learning_is_deterministic_on_the_same_input():
    evidence = world(10, 150, ACCURACY, copier=("parrot", "poor"))
    a, b = learn(evidence, rules()), learn(evidence, rules())
    assert a == b
    assert replace(a, iterations=a.iterations) == b


def _rightness_by_definition(atoms, votes, weights, n, discount):
    """The module docstring's step 2, one key at a time and in plain Python: the reference the
    vectorised ballots must agree with."""
    strongest = {}
    for v in votes:
        best = strongest.get(v.same_as)
        if best is None or (weights[v.source], -v.source) > (weights[best.source], -best.source):
            strongest[v.same_as] = v
    vote = []
    for v in votes:
        best = strongest[v.same_as]
        d = 0.0 if best is v else discount.get((min(v.source, best.source),
                                                max(v.source, best.source)), 0.0)
        vote.append(weights[v.source] * v.factor * (1 - d))
    lo, hi = min(v.first for v in votes), max(v.last for v in votes)
    score = {a: sum(w for v, w in zip(votes, vote) if v.first <= a <= v.last)
             for a in range(lo, hi + 1)}
    top = max(score.values())
    unnamed = max(n + 1 - len(score), 0) * math.exp(-top)
    total = sum(math.exp(s - top) for s in score.values()) + unnamed
    return [sum(math.exp(score[a] - top) for a in range(v.first, v.last + 1)) / total
            for v in votes]


@st.composite
def ballots(draw):
    sources = draw(st.integers(2, 6))
    keys = []
    for _ in range(draw(st.integers(1, 6))):
        atoms = 2 * draw(st.integers(1, 4)) + 1
        voters = draw(st.lists(st.integers(0, sources - 1), min_size=1, max_size=sources,
                               unique=True))
        votes = []
        for s in voters:
            first = draw(st.integers(0, atoms - 1))
            last = draw(st.integers(first, atoms - 1))
            votes.append(_Vote(s, first, last, draw(st.sampled_from([1.0, 0.5])),
                               (first, last)))
        keys.append((atoms, votes))
    weights = draw(st.lists(st.floats(0, 30), min_size=sources, max_size=sources))
    pairs = [(a, b) for a in range(sources) for b in range(a + 1, sources)]
    discount = {p: draw(st.floats(0, 1)) for p in draw(st.lists(st.sampled_from(pairs),
                                                                unique=True))}
    return sources, keys, weights, draw(st.integers(1, 10)), discount


@settings(max_examples=200, deadline=None)
@given(ballots())
def test_the_vectorised_ballots_give_each_vote_its_rightness_by_definition(case):
    sources, keys, weights, n, discount = case
    got = _Ballots(keys, sources).rightness(weights, n, discount).tolist()
    want = [r for atoms, votes in keys
            for r in _rightness_by_definition(atoms, votes, weights, n, discount)]
    assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
    assert all(0.0 <= r <= 1.0 + 1e-12 for r in got)
