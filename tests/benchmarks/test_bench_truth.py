"""The truth-discovery benchmark's conversion and scoring, on a few lines written here."""

from __future__ import annotations

import csv
import importlib.util
import json
from decimal import Decimal as D

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_truth", ROOT / "benchmarks" / "bench_truth.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


@pytest.fixture
def truth(tmp_path):
    """A Population, a Weather and a Books directory in the shapes of the real ones."""
    pop = tmp_path / "population" / "dafna"
    pop.mkdir(parents=True)
    (pop / "claims.txt").write_text(
        "1|\t|\tgary, indiana|\tPopulation2000|\t102746|\t7: Ann|\tnull|\t\n"
        "2|\t|\tgary, indiana|\tPopulation2000|\t102747|\t0 (1.2.3.4)|\tnull|\t\n"
        "3|\t|\tflint, michigan|\tPopulation2000|\t124943|\t7: Ann|\tnull|\t\n",
        encoding="latin-1")
    (pop / "popAnswersOut.txt").write_text("gary, indiana, 2000, 102746\n", encoding="latin-1")
    weather = tmp_path / "weather"
    (weather / "claims").mkdir(parents=True)
    (weather / "truth").mkdir()
    (weather / "claims" / "weather-aol.txt").write_text(
        "9|\t|\tphoenixwedfeb308|\tTemperature|\t60|\taol|\twed feb  3 08:17:28 2010|\t\n",
        encoding="latin-1")
    (weather / "truth" / "weather-accuweather.txt").write_text(
        "8|\t|\tphoenixwedfeb308|\tTemperature|\t60.5|\taccuweather|\twed feb  3 2010|\t\n",
        encoding="latin-1")
    books = tmp_path / "books"
    books.mkdir()
    (books / "book.txt").write_text("Shop\t0201853949\tTAOCP\tKnuth, Donald E.\n",
                                    encoding="latin-1")
    (books / "book_golden.txt").write_text("0201853949\tknuth, donald e.;\n", encoding="latin-1")
    return tmp_path


def test_the_readers_give_claims_and_gold_as_the_files_have_them(truth):
    claims, gold = bench.population(truth)
    assert claims[0] == ("7: Ann", "gary, indiana", "Population2000", "102746", "1")
    assert gold == {("gary, indiana", "Population2000"): "102746"}
    claims, gold = bench.weather(truth)
    assert claims == [("aol", "phoenixwedfeb308", "Temperature", "60", "9")]
    assert gold == {("phoenixwedfeb308", "Temperature"): "60.5"}
    claims, gold = bench.books(truth)
    assert claims == [("Shop", "0201853949", "authors", "Knuth, Donald E.", "b1")]


def test_the_corpus_names_objects_as_entities_and_declares_the_unit(truth, tmp_path):
    claims, _ = bench.books(truth)
    root = bench.corpus("books", claims, "name_set", tmp_path / "work")
    rows = list(csv.reader((root / "seeds" / "entities.csv").open(encoding="utf-8")))
    assert rows == [["id", "name"], ["e0", "0201853949"]]
    record = json.loads((root / "seeds" / "claims.jsonl").read_text(encoding="utf-8"))
    assert record == {"id": "b1", "outlet": "Shop", "subject": "0201853949",
                      "attribute": "authors", "value": "Knuth, Donald E."}
    assert "authors" in (root / "rules" / "units.yaml").read_text(encoding="utf-8")


def test_scoring_exact_within_one_percent_and_author_lists():
    assert bench.right(D(60), D("60.5"), "within 1 %")
    assert not bench.right(D(59), D("60.5"), "within 1 %")
    assert not bench.right(D(102747), D(102746), "exact")
    assert bench.right("knuth", bench.reading("knuth, donald e.;", "name_set"), "author list")
    assert not bench.right(None, D(1), "exact")  # no pick is wrong


def test_a_range_a_conflict_and_an_open_list_are_no_pick():
    point = {"status": "settled", "low": 5, "high": 5, "claims": []}
    assert bench.reconcile_pick(point, "number") == D(5)
    assert bench.reconcile_pick({**point, "high": 6}, "number") is None
    assert bench.reconcile_pick({**point, "status": "conflict"}, "number") is None
    names = {"status": "agreed", "low": None, "high": None, "claims": [
        {"role": "bound", "interval": {"label": "knuth", "approx": False}}]}
    assert bench.reconcile_pick(names, "name_set") == "knuth"
    names["claims"][0]["interval"]["approx"] = True
    assert bench.reconcile_pick(names, "name_set") is None


def test_the_vote_counts_each_source_once_and_leaves_ties():
    picks, _ = bench.majority([("a", "x", 1), ("a", "x", 1), ("b", "x", 2), ("c", "y", 3),
                               ("d", "y", 3), ("e", "y", 4)])
    assert picks == {"x": None, "y": 3}


def test_reconcile_runs_on_a_converted_corpus(truth, tmp_path):
    claims, gold = bench.population(truth)
    root = bench.corpus("population", claims, "number", tmp_path / "work")
    picks, _, info = bench.run_reconcile(root, learn=True, work=tmp_path / "work")
    assert info["unmatched"] == 0
    gary = picks[("gary, indiana", "population2000")]  # attributes folded, as a run names them
    assert gary["status"] in ("conflict", "picked", "settled")
    assert set(info["statuses"]) <= {"conflict", "picked", "settled", "single_source"}
