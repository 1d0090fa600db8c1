"""The hand-annotated articles of tests/data/articles/, scored as benchmarks/bench_extract.py
scores them: the floors below are today's measure less a margin, so a change that loses
claims or fields fails here (docs/extract.md has the table)."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import ROOT, RULES, SEEDS

from reconcile.commands import extract_articles
from reconcile.extract.document import document

spec = importlib.util.spec_from_file_location("bench_extract",
                                              ROOT / "benchmarks" / "bench_extract.py")
bench = importlib.util.module_from_spec(spec)
sys.modules.setdefault("bench_extract", bench)
spec.loader.exec_module(bench)

ARTICLES = ROOT / "tests" / "data" / "articles"
FLOORS = {"claims found": 0.85, "outlet": 0.70, "subject": 0.72, "attribute": 0.68,
          "value": 0.85}


@pytest.fixture(scope="module")
def scored(request):
    from conftest import needs_french_model
    needs_french_model()
    golds = [bench.load_gold(p) for p in bench.gold_files(ARTICLES)]
    extracted = {}
    for g in golds:
        [x] = extract_articles([g.article], lang=g.lang, outlet=g.outlet, published=g.published,
                               seeds=SEEDS, rules=RULES)
        extracted[g.name] = document([x], version="test")["claims"]
    return golds, extracted, bench.score(golds, extracted)


def test_claims_and_fields_stay_above_their_floors(scored):
    overall = scored[2]["overall"]
    got = {"claims found": overall["claims"]["f1"],
           **{f: overall["fields"][f]["f1"] for f in FLOORS if f != "claims found"}}
    low = {f: round(got[f], 3) for f, floor in FLOORS.items() if got[f] < floor}
    assert not low, f"below the floor: {low}"


def test_page_furniture_gives_no_claim(scored):
    """Menus, footers and "related stories" boxes are not the article: every candidate's
    quote stands in the article's visible text, less its <aside>, <nav> and <footer>."""
    golds, extracted, _ = scored
    for g in golds:
        if not bench.is_html(g.article):
            continue
        visible = " ".join(bench.article_text(g.article).split())
        for c in extracted[g.name]:
            assert " ".join(c["quote"].split()) in visible, (g.name, c["quote"])
