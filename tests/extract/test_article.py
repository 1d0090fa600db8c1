"""An article as text: paragraphs, headings and sentences; HTML through trafilatura."""

from __future__ import annotations

import pytest
from conftest import ROOT, skip_loudly

from reconcile.errors import ExtractError
from reconcile.extract import article_of_text, read_article

ARTICLES = ROOT / "tests" / "data" / "articles"


def test_lines_are_paragraphs_and_headings_hold_no_sentences():
    text = ("Amazon lorgne OpenAI\n\nSelon Reuters, M. Jassy négocie. L’investissement atteindrait "
            "50 milliards.\nQuels acteurs ?\nAmazon.com Inc. said it would invest $4.5bn. It did.\n")
    a = article_of_text("a.txt", text)
    assert a.title == "Amazon lorgne OpenAI"
    assert [p.heading for p in a.paragraphs] == [True, False, True, False]
    assert [s.text for s in a.sentences] == [
        "Selon Reuters, M. Jassy négocie.", "L’investissement atteindrait 50 milliards.",
        "Amazon.com Inc. said it would invest $4.5bn.", "It did."]
    for s in a.sentences:
        assert text[s.start:s.end] == s.text


def test_an_unreadable_article_names_the_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ExtractError, match="bad.txt: not UTF-8 text"):
        read_article(bad)
    with pytest.raises(ExtractError, match="cannot read the article"):
        read_article(tmp_path / "missing.txt")


@pytest.fixture
def trafilatura():
    try:
        import trafilatura
    except ImportError:
        skip_loudly("trafilatura is not installed: pip install '.[extract]'.")
    return trafilatura


def test_html_main_text_leaves_menus_footers_and_related_boxes_out(trafilatura):
    page = read_article(ARTICLES / "en-01-meta-veridian.html")
    assert page.site == "Silicon Wire" and page.published == "2026-02-10"
    assert "Meta Platforms has agreed to invest $9 billion in Veridian AI" in page.text
    raw = (ARTICLES / "en-01-meta-veridian.html").read_text(encoding="utf-8")
    for furniture in ("Related stories", "Subscribe", "cookies"):
        if furniture.lower() in raw.lower():
            assert furniture.lower() not in page.text.lower(), furniture
