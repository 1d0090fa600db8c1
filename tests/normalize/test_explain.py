"""`reconcile normalize --explain`: which words made which part, and the rule that combined them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from reconcile.cli import main
from reconcile.normalize.explain import explain


def test_explain_names_each_part_and_the_rule():
    story = explain("jusqu’à 30 milliards de dollars")
    roles = {t["text"]: t["role"] for t in story["tokens"]}
    assert roles == {"jusqu’à": "comparative", "30": "number", "milliards": "scale",
                     "de": "currency link", "dollars": "currency"}
    assert story["lang"] == "fr (detected)"
    assert "bound 'jusqu’à'" in story["rule"] and story["reading"] == "≤ $30B"


def test_explain_tells_two_sided_bounds_ranges_and_hedges():
    two = explain("no less than 2 and no more than 3 billion")
    assert two["rule"].startswith("a two-sided bound") and two["reading"] == "2–3B"
    assert explain("between $20bn and $50bn")["rule"].startswith("a range")
    hedged = explain("could reach $5bn", lang="en")
    assert any(t["role"] == "comparative" and "hedged" in t["meaning"] for t in hedged["tokens"])


def test_explain_says_why_a_value_is_refused():
    story = explain("( isbn 1558607137)")
    assert "error" in story and "isbn" in story["error"].lower() and "refused" in story["rule"]


def test_the_cli_prints_the_story_and_exits_2_on_a_refusal():
    runner = CliRunner()
    ok = runner.invoke(main, ["normalize", "--explain", "--rules", "/nonexistent", "more than $10bn"])
    assert ok.exit_code == 0, ok.output
    assert "comparative" in ok.output and "reading: > $10B" in ok.output
    refused = runner.invoke(main, ["normalize", "--explain", "--json", "--rules", "/nonexistent",
                                   "11-Dec", "$5bn"])
    assert refused.exit_code == 2
    stories = json.loads(refused.output)
    assert "date" in stories[0]["error"] and stories[1]["reading"] == "$5B"
