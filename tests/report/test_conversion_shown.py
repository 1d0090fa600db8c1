"""A converted claim is drawn in its key's currency and every format says how it was converted."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import RULES, SEEDS
from reconcile.cli import main

CLAIMS = [
    {"outlet": "Reuters", "value": "could reach $50 billion", "published": "2025-01-20"},
    {"outlet": "Reuters", "value": "$35 billion", "published": "2025-01-28"},
    {"outlet": "The Information", "value": "more than $20 billion", "published": "2025-01-22"},
    {"outlet": "Les Echos", "value": "environ 33 milliards d'euros", "lang": "fr",
     "published": "2025-01-29"},
]


@pytest.fixture
def news_db(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps({"subject": "Amazon", "attribute": "investment",
                                        "object": "OpenAI", **c}) + "\n" for c in CLAIMS),
                    encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'news.db'}"
    result = CliRunner().invoke(main, ["run", "--claims", str(path), "--seeds", str(SEEDS),
                                       "--rules", str(RULES), "--db", db, "-q",
                                       "--results", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    return db


def _report(db, fmt):
    result = CliRunner().invoke(main, ["report", "--db", db, "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_chart_draws_the_converted_claim(news_db):
    page = _report(news_db, "html")
    assert "in another unit" not in page
    assert "converted ~€33B ≈ ~$34.3B (ECB 2025-01-29, 1.0396)" in page
    assert "superseded" in page  # Reuters' first figure, and the legend


def test_the_json_keeps_the_reading_and_tells_the_conversion(news_db):
    [key] = json.loads(_report(news_db, "json"))["resolutions"]
    assert (key["status"], key["display"]) == ("agreed", "$35B")
    echos = next(c for c in key["claims"] if c["outlet"] == "Les Echos")
    assert echos["display"] == "~€33B" and echos["conversion"]["display"] == "~$34.3B"
    roles = sorted(c["role"] for c in key["claims"] if c["outlet"] == "Reuters")
    assert roles == ["bound", "superseded"]
