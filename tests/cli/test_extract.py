"""`reconcile extract`, `run --articles`, `verify --article` and `review accept-claims`: the
seed article from text to the README's table, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, RULES, SEEDS

from reconcile.cli import main

ARTICLE = SEEDS / "article-000.txt"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def readme_seed_table() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"On the seed article.*?```\n(.*?)```", readme, re.DOTALL).group(1)


@pytest.fixture
def candidates(tmp_path):
    out = tmp_path / "extracted.yaml"
    result = invoke("extract", "--seeds", SEEDS, "--rules", RULES, "--lang", "fr",
                    "--outlet", "Article 000", ARTICLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert "15 candidate claims from 1 article(s), 0 refused" in result.stderr
    return out


def test_the_extracted_claims_print_the_readme_table(candidates, ready_db, tmp_path):
    doc = yaml.safe_load(candidates.read_text(encoding="utf-8"))
    assert [a["claims"] for a in doc["extracted_from"]] == [15] and doc["refused"] == []
    assert all(c["extraction"]["value_span"] and c["quote"] for c in doc["claims"])
    result = invoke("run", "--seeds", SEEDS, "--rules", RULES, "--db", ready_db,
                    "--claims", candidates, "--results", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    assert result.stdout == readme_seed_table()


def test_extract_writes_to_stdout_and_refuses_a_missing_article(tmp_path):
    result = invoke("extract", "--seeds", SEEDS, "--rules", RULES, "--lang", "fr", ARTICLE)
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout)["claims"][0]["extraction"]["confidence"] > 0
    missing = invoke("extract", "--seeds", SEEDS, "--rules", RULES, tmp_path / "nope.txt")
    assert missing.exit_code == 2 and "nope.txt: no such file or folder" in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    none = invoke("extract", "--seeds", SEEDS, "--rules", RULES, empty)
    assert none.exit_code == 2 and "no article" in none.stderr


def test_run_articles_is_a_trial_with_every_claim_marked(ready_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", "--seeds", SEEDS, "--rules", RULES, "--db", ready_db,
                    "--articles", ARTICLE, "--format", "json", "--results", "r.json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["run"]["claims"] == 15 and payload["unmatched"] == []
    amazon = next(r for r in payload["resolutions"] if r["subject_id"] == "amazon")
    assert amazon["display"] == "$20–50B" and amazon["status"] == "agreed"
    stored = yaml.safe_load((tmp_path / ".reconcile/extracted/articles.yaml").read_text())
    assert all("extraction" in c for c in stored["claims"])


def test_verify_article_finds_the_seed_article_supported_or_plausible(seeded_db):
    result = invoke("verify", "--seeds", SEEDS, "--rules", RULES, "--db", seeded_db,
                    "--article", ARTICLE, "--lang", "fr", "--outlet", "Article 000",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    verdicts = json.loads(result.stdout)["verdicts"]
    assert len(verdicts) == 15
    assert {v["verdict"] for v in verdicts} == {"supported", "plausible"}
    amazon = [v for v in verdicts if v["claim"]["subject"] == "Amazon"]
    assert {v["verdict"] for v in amazon} == {"supported"}


def test_verify_article_exits_1_on_a_contradicted_draft(seeded_db, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Amazon va investir 60 milliards de dollars dans OpenAI, selon Reuters.\n",
                     encoding="utf-8")
    result = invoke("verify", "--seeds", SEEDS, "--rules", RULES, "--db", seeded_db,
                    "--article", draft, "--lang", "fr", "--format", "json")
    assert result.exit_code == 1, result.output
    [v] = json.loads(result.stdout)["verdicts"]
    assert v["verdict"] == "contradicted" and v["claim"]["outlet"] == "Reuters"


def test_reviewers_accept_candidates_into_a_claims_file(candidates, tmp_path):
    into = tmp_path / "claims" / "accepted.yaml"
    listed = invoke("review", "candidates", candidates)
    assert listed.exit_code == 0 and "Amazon → OpenAI · investment" in listed.stdout
    first = invoke("review", "accept-claims", candidates, "article-000-c02", "--into", into,
                   "--by", "ana", "--reason", "checked against the text")
    assert first.exit_code == 0 and "accepted 1 claim(s)" in first.stdout
    again = invoke("review", "accept-claims", candidates, "article-000-c02",
                   "--min-confidence", "0.9", "--into", into, "--by", "ana")
    assert "already there: article-000-c02" in again.stdout
    claims = yaml.safe_load(into.read_text(encoding="utf-8"))["claims"]
    assert claims[0]["id"] == "article-000-c02" and claims[0]["accepted"]["by"] == "ana"
    assert all(c["extraction"]["confidence"] >= 0.9 for c in claims[1:])
    unknown = invoke("review", "accept-claims", candidates, "nope", "--into", into)
    assert unknown.exit_code == 2 and "no candidate 'nope'" in unknown.stderr
