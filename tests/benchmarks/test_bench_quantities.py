"""The quantity benchmark's gold reading and scoring, on sentences written here, and its data."""

from __future__ import annotations

import importlib.util
import json
import sys
from decimal import Decimal as D

import pytest
from conftest import ROOT

from reconcile.core import Interval

spec = importlib.util.spec_from_file_location("bench_quantities",
                                              ROOT / "benchmarks" / "bench_quantities.py")
bench = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = bench  # its dataclasses look their module up
spec.loader.exec_module(bench)

Gold, Pred = bench.Gold, bench.Pred
needs_data = pytest.mark.skipif(not bench.DATA.is_file(), reason="NewsQuant.json is not here "
                                "(see benchmarks/data/newsquant/README.md)")


def q(value, unit, normalized, change="="):
    return {"value": value, "unit": unit, "normalized_unit": normalized, "change": change,
            "referred_concepts": "-"}


def test_gold_values_and_ranges():
    assert bench.parse_gold_value("1.2") == (1.2,)
    assert bench.parse_gold_value("-1.3") == (-1.3,)
    assert bench.parse_gold_value("5-6") == (5.0, 6.0)
    assert bench.parse_gold_value("2415.0-2315.0") == (2315.0, 2415.0)  # "from $2,415 to $2,315"
    assert bench.parse_gold_value("1E-5") == (1e-5,)


def test_gold_kinds():
    assert bench.gold_kind(q("6.0", "$", "dollar")) == ("money", None)
    assert bench.gold_kind(q("62-68", "$ per share", "dollar per share")) == ("money", None)
    assert bench.gold_kind(q("8", "euros", "euro")) == ("money", "EUR")
    assert bench.gold_kind(q("30", "$A", "australian dollar")) == ("money", "AUD")
    assert bench.gold_kind(q("5", "%", "percentage")) == ("percent", None)
    assert bench.gold_kind(q("1.38", "pc", "percentage")) == ("percent", None)
    assert bench.gold_kind(q("25", "% Germans", "% Germans")) == ("percent", None)
    assert bench.gold_kind(q("0.5", "-", "% -")) is None  # "almost half": no percent sign
    assert bench.gold_kind(q("25", "basis points", "basis point")) is None
    assert bench.gold_kind(q("58.06", "points", "point")) is None
    assert bench.gold_kind(q("30", "yards", "yard")) is None
    cents = bench.gold_of(q("19.0", "cents", "cent", "up"))
    assert cents.kind == "money" and cents.values == ((19.0,), (0.19,))


def test_match_counts_on_hand_made_sentences():
    # "Revenue rose 5% to $1.2 billion; the unit sold 3 apples for $3."
    gold = [Gold("percent", ((5.0,),), None, "5 %"), Gold("money", ((1.2e9,),), None, "1.2e9 $"),
            Gold("money", ((3.0,),), None, "3 $")]
    preds = [Pred("percent", (5.0,)), Pred("money", (1.2e9 * (1 + 1e-7),), "USD"),
             Pred("number", (3.0,)), Pred("money", (7.0,), "USD")]
    tps, fps, fns = bench.match(gold, preds)
    assert (len(tps), len(fps), len(fns)) == (2, 1, 1)
    assert fps[0].value == (7.0,) and fns[0].label == "3 $"


def test_value_tolerance_kind_and_currency():
    usd_or_any = Gold("money", ((1.2e9,),), None, "")
    assert bench.matches(Pred("money", (1.2e9 * (1 + 5e-7),)), usd_or_any)
    assert not bench.matches(Pred("money", (1.2e9 * (1 + 1e-5),)), usd_or_any)
    assert not bench.matches(Pred("percent", (1.2e9,)), usd_or_any)  # same value, other kind
    assert bench.matches(Pred("money", (1.2e9,), "AUD"), usd_or_any)  # a plain "dollar": any
    euro = Gold("money", ((8.0,),), "EUR", "8 euros")
    assert bench.matches(Pred("money", (8.0,), "EUR"), euro)
    assert bench.matches(Pred("money", (8.0,)), euro)  # the prediction names no currency
    assert not bench.matches(Pred("money", (8.0,), "USD"), euro)


def test_ranges_match_ranges_only():
    gold = [Gold("money", ((800000.0, 1.3e6),), None, "800000.0-1300000.0 $")]
    assert len(bench.match(gold, [Pred("money", (800000.0, 1.3e6))])[0]) == 1
    tps, fps, fns = bench.match(gold, [Pred("money", (800000.0,)), Pred("money", (1.3e6,))])
    assert (len(tps), len(fps), len(fns)) == (0, 2, 1)


def test_each_gold_matched_once():
    gold = [Gold("percent", ((4.8,),), None, "")]
    tps, fps, fns = bench.match(gold, [Pred("percent", (4.8,)), Pred("percent", (4.8,))])
    assert (len(tps), len(fps), len(fns)) == (1, 1, 0)


def test_score_table_and_json():
    sentences = [bench.Sentence("Sales rose 5% to $3.", [Gold("percent", ((5.0,),), None, "5 %"),
                                                          Gold("money", ((3.0,),), None, "3 $")]),
                 bench.Sentence("Nothing here.", [])]

    def fake(text):
        return ([Pred("percent", (5.0,)), Pred("money", (4.0,), "USD", "$4")] if "5%" in text
                else [Pred("money", (1.0,), None, "$1")]), 0

    r = bench.score("fake", fake, sentences)
    assert r.sentences == 2
    assert (r.counts["percent"].tp, r.counts["percent"].fp, r.counts["percent"].fn) == (1, 0, 0)
    assert (r.counts["money"].tp, r.counts["money"].fp, r.counts["money"].fn) == (0, 2, 1)
    o = r.overall
    assert (o.tp, o.fp, o.fn) == (1, 2, 1)
    assert o.precision == pytest.approx(1 / 3) and o.recall == pytest.approx(1 / 2)
    assert o.f1 == pytest.approx(0.4)
    assert [e[0] for e in r.errors] == ["FP", "FN", "FP"]
    assert "fake" in bench.table([r], {"money": 1, "percent": 1})
    json.dumps(r.as_dict())


def test_reconcile_value_of_an_interval():
    assert bench.reconcile_value(Interval.exact(D("1.2E9"), unit="currency")) == (1.2e9,)
    about = Interval(D("17.1"), D("20.9"), point=D("19"), approx=True, unit="percent")
    assert bench.reconcile_value(about) == (19.0,)
    more_than = Interval(D("5E9"), None, low_inclusive=False, unit="currency")
    assert bench.reconcile_value(more_than) == (5e9,)
    up_to = Interval(None, D("30"), unit="percent")
    assert bench.reconcile_value(up_to) == (30.0,)
    between = Interval(D("5E9"), D("7E9"), unit="currency")
    assert bench.reconcile_value(between) == (5e9, 7e9)


def test_stated_numbers_of_reconcile():
    assert bench.stated_value((D("920"), D("1730"))) == (920.0, 1730.0)
    assert bench.stated_value((D("2415"), D("2315"))) == (2315.0, 2415.0)
    assert bench.stated_value((D("5E9"),)) == (5e9,)
    assert bench.stated_value(()) is None
    assert bench.stated_value((D(160), D(180), D(200))) is None  # the interval decides


@needs_data
def test_newsquant_loads():
    sentences = bench.load()
    assert len(sentences) == 590
    assert sum(bool(s.gold) for s in sentences) == 211
    assert sum(g.kind == "money" for s in sentences for g in s.gold) == 214
    assert sum(g.kind == "percent" for s in sentences for g in s.gold) == 161
    raw = json.loads(bench.DATA.read_text(encoding="utf-8"))
    assert sum(len(r["quantities"]) for r in raw) == 904


@needs_data
def test_main_runs_on_a_few_sentences(capsys):
    assert bench.main(["--limit", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["sentences"] == 5 and "match" in out


def test_quantulum3_extractor():
    pytest.importorskip("quantulum3")
    extract = bench.quantulum_extractor()
    preds, _ = extract("Revenue rose 5% to $1.2 billion.")
    assert {(p.kind, p.value) for p in preds} == {("percent", (5.0,)), ("money", (1.2e9,))}


def test_reconcile_extractor_when_it_exists():
    extract = bench.reconcile_extractor()
    if extract is None:
        pytest.skip("reconcile.extract.quantities not available")
    preds, _ = extract("Exports rose more than $5 billion.")
    assert [(p.kind, p.value, p.currency) for p in preds] == [("money", (5e9,), "USD")]
