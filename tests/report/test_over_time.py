"""The HTML report draws a key over time: its claims by publication date, its periods."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from conftest import RULES, SEEDS
from reconcile.cli import main
from reconcile.report.formats.over_time import by_period, by_publication

CLAIMS = [  # (as_of, value, outlet, published)
    ("2024", "$10 billion", "Reuters", "2024-12-01"),
    ("2025-06", "$20 billion", "Reuters", "2025-06-10"),
    ("2025-06", "about $21 billion", "The Information", "2025-06-12"),
    ("2025-12", "$50 billion", "Reuters", "2025-12-20"),
    ("2025-12", "$41 billion", "Reuters", "2025-12-28"),
    ("2025-12", "more than €30 billion", "Les Echos", "2025-12-22"),
    (None, "more than $30 billion", "Bloomberg", "2026-01-05"),
]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("over-time")
    path = tmp / "c.jsonl"
    path.write_text("".join(json.dumps({"outlet": outlet, "subject": "SoftBank",
                                        "attribute": "investment", "object": "OpenAI",
                                        "value": value, "published": published,
                                        **({"as_of": as_of} if as_of else {})}) + "\n"
                            for as_of, value, outlet, published in CLAIMS), encoding="utf-8")
    out = tmp / "report.html"
    result = CliRunner().invoke(main, ["run", "--claims", str(path), "--seeds", str(SEEDS),
                                       "--rules", str(RULES), "--db", f"sqlite:///{tmp / 't.db'}",
                                       "--format", "html", "-o", str(out), "--results",
                                       str(tmp / "r.json")])
    assert result.exit_code == 0, result.output
    return out, json.loads((tmp / "r.json").read_text(encoding="utf-8"))


def _article(html: str, as_of: str) -> str:
    start = html.index(f'data-key="softbank/investment/openai@{as_of}"')
    return html[start:html.index("</article>", start)]


def test_every_period_of_the_attribute_draws_the_series_and_marks_itself(page):
    html = page[0].read_text(encoding="utf-8")
    december = _article(html, "2025-12")
    chart = re.search(r'<svg class="chart over-time periods".*?</svg>', december, re.S).group(0)
    ticks = re.findall(r'<text class="tick( here)?"[^>]*text-anchor="middle">([^<]+)</text>', chart)
    assert [t for _, t in ticks] == ["2024", "2025-06", "2025-12", "undated"]
    assert [t for here, t in ticks if here] == ["2025-12"]
    assert len(re.findall(r'<g class="period', chart)) == 4


def test_the_publication_chart_places_each_dated_claim_and_opens_on_an_update(page):
    html = page[0].read_text(encoding="utf-8")
    december = _article(html, "2025-12")
    assert '<details class="over-time" open>' in december  # Reuters' $50B was superseded
    chart = re.search(r'<svg class="chart over-time published".*?</svg>', december, re.S).group(0)
    marks = re.findall(r'<g class="mark mark-(\w+)" data-claim="[^"]+"><title>([^<]*)</title>'
                       r'<(?:rect class="span" x="([\d.]+)"|path class="point" d="M([\d.]+))',
                       chart)
    # by date: Reuters' $50B (superseded), Les Echos' euros, Reuters' $41B (the bound)
    assert [role for role, *_ in marks] == ["superseded", "support", "bound"]
    xs = [float(rect or point) for _, _, rect, point in marks]
    assert xs == sorted(xs) and len(set(xs)) == 3
    # the euro claim is placed in dollars, and its tooltip says how it was converted
    assert "converted &gt; €30B ≈ &gt; $34.5B (ECB" in marks[1][1]
    june = _article(html, "2025-06")
    assert '<details class="over-time">' in june  # two days, nothing superseded: folded


def test_charts_only_when_there_is_something_to_show(page):
    _, payload = page
    single = next(r for r in payload["resolutions"] if r["as_of"] == "2024")
    assert by_publication(single, "k") == ""  # one claim, one day
    assert by_period(single, [single], "k") == ""  # one period


def test_claim_text_in_the_charts_is_escaped(page):
    _, payload = page
    r = json.loads(json.dumps(next(x for x in payload["resolutions"] if x["as_of"] == "2025-06")))
    r["claims"][0]["outlet"] = "<script>alert(1)</script>"
    r["subject"] = "<img src=x onerror=alert(1)>"
    svg = by_publication(r, "k")
    assert "<script>" not in svg and "<img" not in svg and "&lt;script&gt;" in svg
