"""The extraction benchmark: its gold annotations hold together, and its scorer counts right."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from fractions import Fraction

import pytest
import yaml

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_extract",
                                              ROOT / "benchmarks" / "bench_extract.py")
bench = importlib.util.module_from_spec(spec)
sys.modules["bench_extract"] = bench  # its dataclasses look their module up there
spec.loader.exec_module(bench)

ARTICLES = ROOT / "tests" / "data" / "articles"
GOLD_FILES = bench.gold_files(ARTICLES)
GOLDS = [bench.load_gold(p) for p in GOLD_FILES]
IDS = [g.name for g in GOLDS]
ATTRIBUTES = ("investment", "round_total", "raise_target", "valuation", "round_valuation",
              "ipo_valuation", "stake", "compute_deal", "financial_commitments")


@pytest.fixture(scope="module")
def comparer():
    return bench.Comparer()


# --- the gold set ------------------------------------------------------------------------------

def test_the_set_has_both_languages_html_pages_and_every_attribute():
    assert len(GOLDS) >= 8
    langs = [g.lang for g in GOLDS]
    assert langs.count("fr") >= 4 and langs.count("en") >= 4
    assert sum(bench.is_html(g.article) for g in GOLDS) >= 3
    assert sum(len(g.claims) for g in GOLDS) >= 80
    used = {c["attribute"] for g in GOLDS for c in g.claims}
    assert used == set(ATTRIBUTES)
    assert len({g.outlet for g in GOLDS}) == len(GOLDS)  # a different outlet for each article


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_a_gold_header_names_its_article(gold):
    assert gold.article.is_file()
    assert gold.lang in ("fr", "en")
    assert len(gold.published) == 10 and gold.published.startswith("2026-")
    assert gold.outlet
    if bench.is_html(gold.article):
        meta = bench.html_meta(gold.article)
        assert meta["site_name"] == gold.outlet
        assert meta["published_time"][:10] == gold.published
        assert meta["lang"].split("-")[0] == gold.lang
        assert meta["title"]
    else:
        assert gold.article.suffix == ".txt"


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_every_value_and_quote_is_in_the_article_text(gold):
    text = bench.article_text(gold.article)
    for claim in gold.claims:
        assert claim["quote"] in text, claim["quote"]
        assert claim["value"] in claim["quote"], claim["value"]
        # one place in the text: the quote is there once, the value once in it
        assert text.count(claim["quote"]) == 1, claim["quote"]
        assert claim["quote"].count(claim["value"]) == 1, claim["value"]
        assert len(bench.value_spans(claim, text)) == 1


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_every_claim_follows_the_conventions(gold, comparer):
    allowed = {"outlet", "via", "subject", "attribute", "object", "value", "as_of", "quote"}
    for claim in gold.claims:
        assert set(claim) <= allowed, claim
        assert all(claim.get(k) for k in ("outlet", "subject", "attribute", "value", "quote"))
        assert claim["attribute"] in ATTRIBUTES
        if claim.get("via"):  # relayed: via the article, from another origin
            assert claim["via"] == gold.outlet and claim["outlet"] != gold.outlet
        if claim["outlet"] == gold.outlet:
            assert "via" not in claim
        if "as_of" in claim:
            as_of = bench._scalar(claim["as_of"])
            assert len(as_of) in (4, 7) and as_of < gold.published, as_of
        reading = comparer.reading(claim["value"], claim["attribute"], gold.lang)
        assert reading is not None, f"{claim['value']!r} cannot be read"
        unit = "percent" if claim["attribute"] == "stake" else "currency"
        assert reading[4] == unit, (claim["value"], reading)


@pytest.mark.parametrize("gold", GOLDS, ids=IDS)
def test_the_numbers_left_out_are_on_the_page(gold):
    page = bench.page_text(gold.article)
    assert gold.not_claims
    for item in gold.not_claims:
        assert item["text"] in page, item["text"]
        assert item["why"]


@pytest.mark.parametrize("gold", [g for g in GOLDS if bench.is_html(g.article)],
                         ids=[g.name for g in GOLDS if bench.is_html(g.article)])
def test_the_boilerplate_of_a_page_is_not_article_text(gold):
    text, page = bench.article_text(gold.article), bench.page_text(gold.article)
    assert "cookie" in page.lower() and "cookie" not in text.lower()
    boxes = [n["text"] for n in gold.not_claims if "box" in n["why"] or "sidebar" in n["why"]]
    assert boxes
    for box in boxes:
        assert box in page and box not in text


def test_article_text_keeps_paragraphs_and_drops_asides(tmp_path):
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><title>T</title><script>var x = '$1bn';</script></head><body>"
        "<nav><a>Deals: $2bn</a></nav><article><h1>Head</h1>\n<p>First  line,\nwrapped "
        "&amp; joined\u00a0here.</p><aside><p>Related: $3bn</p></aside><p>Second.</p>"
        "</article><footer>© 2026</footer></body></html>", encoding="utf-8")
    assert bench.article_text(page) == "Head\nFirst line, wrapped & joined\u00a0here.\nSecond.\n"
    assert "Deals: $2bn" in bench.page_text(page) and "$1bn" not in bench.page_text(page)


# --- the scorer --------------------------------------------------------------------------------

def _write_extracted(directory, name, claims):
    directory.mkdir(exist_ok=True)
    (directory / f"{name}.yaml").write_text(
        yaml.safe_dump({"claims": claims}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _all_ones(metrics):
    values = [metrics["claims"]["precision"], metrics["claims"]["recall"]]
    for f in bench.FIELDS:
        values += [metrics["fields"][f]["precision"], metrics["fields"][f]["recall"]]
    return values


def test_the_gold_against_itself_scores_one_everywhere(comparer):
    extracted = {g.name: [dict(c) for c in g.claims] for g in GOLDS}
    result = bench.score(GOLDS, extracted, comparer)
    for metrics in (result["overall"], *result["languages"].values(),
                    *(a["metrics"] for a in result["articles"])):
        assert all(v == 1.0 for v in _all_ones(metrics) if v is not None)
    # over the whole set and per language every field is counted at least once
    for metrics in (result["overall"], *result["languages"].values()):
        assert None not in _all_ones(metrics)
    assert set(result["languages"]) == {"fr", "en"}
    assert all(not a["missed"] and not a["false"] and not a["wrong"] for a in result["articles"])


SMALL_TEXT = "\n".join([
    "Acme raises money",
    "Acme AI is raising up to $2 billion, Reuters reported. Nvidia invested $500 million in Acme"
    " AI in March 2025. The start-up is valued at about $9 billion. SoftBank owns 12% of Acme AI,"
    " the company said. It employs 120 people. Meta bought 12% of Acme AI in 2024.",
    ""])
SMALL_GOLD = [
    {"outlet": "Reuters", "via": "Wire", "subject": "Acme AI", "attribute": "raise_target",
     "value": "up to $2 billion",
     "quote": "Acme AI is raising up to $2 billion, Reuters reported."},
    {"outlet": "Wire", "subject": "Nvidia", "attribute": "investment", "object": "Acme AI",
     "value": "$500 million", "as_of": "2025-03",
     "quote": "Nvidia invested $500 million in Acme AI in March 2025."},
    {"outlet": "Wire", "subject": "Acme AI", "attribute": "valuation",
     "value": "about $9 billion", "quote": "The start-up is valued at about $9 billion."},
    {"outlet": "Acme AI", "via": "Wire", "subject": "SoftBank Group", "attribute": "stake",
     "object": "Acme AI", "value": "12%",
     "quote": "SoftBank owns 12% of Acme AI, the company said."},
]


@pytest.fixture
def small(tmp_path):
    """A one-article set written here: four gold claims in a plain-text article."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "small.txt").write_text(SMALL_TEXT, encoding="utf-8")
    (articles / "small.gold.yaml").write_text(yaml.safe_dump(
        {"article": {"file": "small.txt", "outlet": "Wire", "published": "2026-01-15",
                     "lang": "en"},
         "aliases": {"Acme AI": ["Acme"]},
         "claims": SMALL_GOLD}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return bench.load_gold(articles / "small.gold.yaml")


def _fraction(x):
    return None if x is None else Fraction(x).limit_denominator(100)


def _pr(metrics, field=None):
    """(precision, recall) of the claims found, or of a field, as fractions."""
    m = metrics["claims"] if field is None else metrics["fields"][field]
    return _fraction(m["precision"]), _fraction(m["recall"])


def test_a_perturbed_copy_scores_exactly(small, comparer):
    extracted = [dict(c) for c in SMALL_GOLD[1:]]              # the first claim missed
    extracted[0]["subject"] = "Microsoft"                       # one subject wrong
    extracted[2]["subject"] = "SoftBank"                        # an alias: still right
    extracted[2]["attribute"] = "participation"                 # an alias: still right
    extracted.append({"outlet": "Wire", "subject": "Acme AI",   # one claim that is not one
                      "attribute": "round_total", "value": "120 people",
                      "quote": "It employs 120 people."})
    m = bench.score([small], {"small": extracted}, comparer)["overall"]
    F = Fraction
    assert _pr(m) == (F(3, 4), F(3, 4))
    assert _pr(m, "outlet") == (F(3, 4), F(3, 4))
    assert _pr(m, "via") == (F(1, 1), F(1, 2))         # 1 extracted has it, 2 gold have it
    assert _pr(m, "subject") == (F(2, 4), F(2, 4))
    assert _pr(m, "attribute") == (F(3, 4), F(3, 4))
    assert _pr(m, "object") == (F(1, 1), F(1, 1))
    assert _pr(m, "as_of") == (F(1, 1), F(1, 1))
    assert _pr(m, "value") == (F(3, 4), F(3, 4))
    assert m["claims"]["f1"] == pytest.approx(0.75)
    article = bench.score([small], {"small": extracted}, comparer)["articles"][0]
    assert len(article["missed"]) == 1 and "up to $2 billion" in article["missed"][0]
    assert len(article["false"]) == 1 and "120 people" in article["false"][0]
    assert len(article["wrong"]) == 1 and "Microsoft" in article["wrong"][0]


def test_a_shorter_value_still_pairs_but_reads_differently(small, comparer):
    text = SMALL_TEXT
    start = text.index("$9 billion")
    extracted = [{"outlet": "wire", "subject": "acme", "attribute": "valorisation",
                  "value": "$9 billion",  # no quote: the offsets say where it is
                  "extraction": {"value_span": [start, start + len("$9 billion")]}}]
    m = bench.score([small], {"small": extracted}, comparer)["overall"]
    assert m["claims"]["matched"] == 1
    for f in ("outlet", "subject", "attribute"):
        assert m["fields"][f]["correct"] == 1, f
    assert m["fields"]["value"]["correct"] == 0  # "$9 billion" is not "about $9 billion"


def test_a_repeated_value_is_told_apart_by_its_quote(small, comparer):
    gold = bench.load_gold(small.path)
    gold.claims.append({"outlet": "Wire", "subject": "Meta", "attribute": "stake",
                        "object": "Acme AI", "value": "12%", "as_of": "2024",
                        "quote": "Meta bought 12% of Acme AI in 2024."})
    extracted = [{"outlet": "Wire", "subject": "Meta", "attribute": "stake", "object": "Acme AI",
                  "value": "12%", "as_of": "2024", "quote": "Meta bought 12% of Acme AI in 2024."}]
    result = bench.score([gold], {"small": extracted}, comparer)
    assert result["overall"]["claims"]["matched"] == 1
    assert result["overall"]["fields"]["subject"]["correct"] == 1
    assert "SoftBank Group" in result["articles"][0]["missed"][-1]


def test_offsets_that_do_not_hold_the_value_fall_back_to_the_quote(small):
    claim = dict(SMALL_GOLD[2], extraction={"value_span": [0, 4]})
    text = SMALL_TEXT
    assert bench.value_spans(claim, text) == [(text.index("about $9"),
                                               text.index("about $9") + len("about $9 billion"))]


def test_names_fold_case_accents_and_articles(comparer):
    none = {}
    assert comparer.name_key("The Wall Street Journal", none) == \
        comparer.name_key("wall street journal", none)
    assert comparer.name_key("Tribune Numérique", none) == \
        comparer.name_key("tribune numerique", none)
    assert comparer.name_key("La Lettre de l’IA", none) == \
        comparer.name_key("la lettre de l'IA", none)
    assert comparer.name_key("SoftBank", none) == comparer.name_key("SoftBank Group Corp.", none)
    assert comparer.name_key("Alphabet", none) == comparer.name_key("Google", none)
    assert comparer.name_key("Reuters News", none, outlet=True) == \
        comparer.name_key("Reuters", none, outlet=True)
    assert comparer.name_key("Amazon", none) != comparer.name_key("Anthropic", none)
    assert comparer.attribute_key("participation") == "stake"
    assert comparer.attribute_key("valorisation") == "valuation"


# --- the command -------------------------------------------------------------------------------

def test_scores_of_files_already_extracted_print_as_json(tmp_path, capsys):
    extracted = tmp_path / "extracted"
    for gold in GOLDS:
        _write_extracted(extracted, gold.name, gold.claims)
    assert bench.main(["--articles", str(ARTICLES), "--extracted", str(extracted), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["overall"]["claims"]["f1"] == 1.0
    assert set(result["languages"]) == {"fr", "en"}
    assert result["errors"] == {}
    assert bench.main(["--articles", str(ARTICLES), "--extracted", str(extracted)]) == 0
    out = capsys.readouterr().out
    assert "[fr]" in out and "[en]" in out and "[all]" in out and "value reading" in out


def test_without_the_extract_command_it_says_so_and_exits_2(monkeypatch, capsys):
    monkeypatch.setattr(bench, "EXTRACT_COMMAND",
                        [sys.executable, "-m", "reconcile_has_no_such_module"])
    assert bench.main(["--articles", str(ARTICLES), "--subprocess"]) == 2
    assert "`reconcile extract` is not available" in capsys.readouterr().err


FAKE_EXTRACTOR = """\
import argparse, pathlib, yaml
p = argparse.ArgumentParser()
p.add_argument("article"); p.add_argument("--outlet"); p.add_argument("--published")
p.add_argument("--lang"); p.add_argument("-o")
a = p.parse_args()
if a.article == "--help":
    raise SystemExit(0)
article = pathlib.Path(a.article)
gold = yaml.safe_load((article.parent / (article.stem + ".gold.yaml")).read_text("utf-8"))
head = gold["article"]
assert (a.outlet, a.published, a.lang) == (head["outlet"], str(head["published"]), head["lang"])
pathlib.Path(a.o).write_text(yaml.safe_dump({"claims": gold["claims"]}, allow_unicode=True),
                             "utf-8")
"""


def test_the_extractor_runs_once_per_article_with_the_header_options(tmp_path, monkeypatch,
                                                                     capsys):
    script = tmp_path / "fake_extract.py"
    script.write_text(FAKE_EXTRACTOR, encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    for gold in GOLDS[:2]:
        shutil.copy(gold.path, articles)
        shutil.copy(gold.article, articles)
    monkeypatch.setattr(bench, "EXTRACT_COMMAND", [sys.executable, str(script)])
    assert bench.main(["--articles", str(articles), "--subprocess", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["errors"] == {}
    assert result["overall"]["claims"]["gold"] == sum(len(g.claims) for g in GOLDS[:2])
    assert result["overall"]["claims"]["f1"] == 1.0
