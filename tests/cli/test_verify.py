"""`reconcile verify` on a run of the seed, on SQLite and PostgreSQL: every verdict, its
evidence, the exit codes, and the JSON-LD checked as Google's ClaimReview markup."""

from __future__ import annotations

import json

import pytest
from claimreview_support import assert_claim_review, claim_review_errors
from click.testing import CliRunner
from conftest import RULES, SEEDS

from reconcile import commands
from reconcile.cli import main

CONFLICT = ('{"id": "ms-reuters", "outlet": "Reuters", "subject": "Microsoft", '
            '"attribute": "investment", "object": "OpenAI", "value": "$50 billion"}\n')


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def verify(db, *args):
    return invoke("verify", "--seeds", SEEDS, "--rules", RULES, "--db", db, *args)


def verdicts(db, *args):
    result = verify(db, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["verdicts"]


@pytest.mark.parametrize("sentence,expected", [
    ("Amazon will invest more than $10 billion in OpenAI", "supported"),
    ("Amazon investira entre 20 et 50 milliards de dollars dans OpenAI", "supported"),
    ("Amazon will invest $30B in OpenAI", "plausible"),
    ("SoftBank détient environ 11 % d'OpenAI", "plausible"),          # one source at most
    ("Microsoft will invest less than $20B in OpenAI", "plausible"),
    ("Google will invest $5B in OpenAI", "not_enough_info"),           # no such key
    ("Apple will invest $5B in OpenAI", "not_enough_info"),            # no such entity
    ("Amazon will not invest $60B in OpenAI", "not_enough_info"),      # never guessed
    ("SoftBank will invest $41B in OpenAI", "not_enough_info"),        # two periods: which?
])
def test_each_verdict_on_the_seed_exits_0(seeded_db, sentence, expected):
    code, [v] = verdicts(seeded_db, sentence)
    assert (code, v["verdict"]) == (0, expected), v["reason"]


def test_a_contradicted_claim_exits_1_with_its_evidence(seeded_db):
    code, [v] = verdicts(seeded_db, "Amazon will invest $60B in OpenAI")
    assert code == 1 and v["verdict"] == "contradicted"
    e = v["evidence"]
    assert (e["run"], e["key"], e["status"], e["display"]) == (
        1, "amazon/investment/openai", "agreed", "$20–50B")
    assert e["confidence"] > 0.9
    assert e["sources"] == [{"name": "Reuters", "trust": 0.9},
                            {"name": "The Information", "trust": 0.85}]
    read = v["reading"]
    assert (read["subject"]["value"], read["attribute"]["value"], read["object"]["value"],
            read["value"]["value"]) == ("amazon", "investment", "openai", "$60B")
    assert read["attribute"]["words"] == "invest" and read["lang"] == "en"
    assert v["value"]["low"] == v["value"]["high"] == 60_000_000_000


def test_text_names_the_verdict_key_sources_and_why(seeded_db):
    result = verify(seeded_db, "Amazon will invest $60B in OpenAI",
                    "SoftBank détient environ 11 % d'OpenAI")
    assert result.exit_code == 1
    out = result.stdout
    assert "contradicted" in out and "amazon/investment/openai" in out
    assert "Reuters (trust 0.9)" in out and "$60B is outside $20–50B" in out
    assert "plausible" in out and "rests on one independent source" in out
    assert "run 1: 2 claims checked (1 contradicted, 1 plausible)" in out


def test_as_of_and_a_rate_of_the_day_decide_what_a_sentence_needs(seeded_db):
    _, [v] = verdicts(seeded_db, "--as-of", "2025-12", "SoftBank will invest $41B in OpenAI")
    assert v["verdict"] == "plausible" and v["evidence"]["as_of"] == "2025-12"
    _, [v] = verdicts(seeded_db, "Amazon investira 40 milliards d'euros dans OpenAI")
    assert v["verdict"] == "not_enough_info" and "no EUR→USD rate" in v["reason"]
    _, [v] = verdicts(seeded_db, "--published", "2025-01-29",
                      "Amazon investira 40 milliards d'euros dans OpenAI")
    assert v["verdict"] == "plausible"
    assert v["conversion"]["rate_date"] == "2025-01-29" and v["conversion"]["source"] == "ECB"


def test_an_open_conflict_is_disputed(ready_db, tmp_path):
    extra = tmp_path / "extra.jsonl"
    extra.write_text(CONFLICT, encoding="utf-8")
    result = invoke("run", "--claims", SEEDS / "article-000.yaml", "--claims", extra,
                    "--seeds", SEEDS, "--rules", RULES, "--db", ready_db, "-q",
                    "--fail-on", "never", "--results", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    code, [v] = verdicts(ready_db, "Microsoft will invest $5B in OpenAI")
    assert (code, v["verdict"], v["evidence"]["status"]) == (0, "disputed", "conflict")


def test_a_claims_file_is_verified_and_reviewed_as_json_ld(seeded_db, tmp_path):
    claims = tmp_path / "drafts.jsonl"
    claims.write_text(
        '{"id": "d1", "outlet": "Le Monde", "subject": "Amazon", "attribute": "investissement", '
        '"object": "OpenAI", "value": "plus de 10 milliards de dollars", "lang": "fr", '
        '"url": "https://example.org/draft-1", "published": "2025-01-30"}\n'
        '{"id": "d2", "outlet": "Le Monde", "subject": "Nvidia", "attribute": "investment", '
        '"object": "OpenAI", "value": "$45 billion"}\n'
        '{"id": "d3", "outlet": "Le Monde", "subject": "Appel", "attribute": "investment", '
        '"object": "OpenAI", "value": "$4 billion"}\n', encoding="utf-8")
    code, found = verdicts(seeded_db, "--claims", claims)
    assert code == 1
    assert [v["verdict"] for v in found] == ["supported", "contradicted", "not_enough_info"]
    assert found[0]["claim"]["file"].endswith("drafts.jsonl") and found[0]["claim"]["line"] == 1
    assert "matches no entity" in found[2]["reason"]

    result = verify(seeded_db, "--claims", claims, "--format", "jsonld", "--by", "Desk",
                    "--review-url", "https://example.org/checks")
    assert result.exit_code == 1
    reviews = json.loads(result.stdout)
    assert len(reviews) == 3
    for review in reviews:
        assert_claim_review(review)
    first = reviews[0]
    assert first["reviewRating"]["alternateName"] == "Supported"
    assert first["reviewRating"]["ratingValue"] == 5
    assert first["author"] == {"@type": "Organization", "name": "Desk"}
    assert first["url"] == "https://example.org/checks#claim-1"
    assert first["itemReviewed"] == {
        "@type": "Claim", "author": {"@type": "Organization", "name": "Le Monde"},
        "appearance": {"@type": "CreativeWork", "url": "https://example.org/draft-1"},
        "datePublished": "2025-01-30"}
    assert reviews[1]["reviewRating"]["ratingValue"] == 1
    assert "ratingValue" not in reviews[2]["reviewRating"]


def test_every_verdict_is_valid_claim_review_markup(seeded_db):
    result = verify(seeded_db, "--format", "jsonld", "--outlet", "Draft", "--published",
                    "2025-02-01", "Amazon will invest $60B in OpenAI",
                    "Amazon will invest $30B in OpenAI", "Apple will invest $5B in OpenAI")
    for review in json.loads(result.stdout):
        assert_claim_review(review)
        assert review["url"].startswith("urn:reconcile:run:1:claim:")


@pytest.mark.parametrize("broken", [
    lambda r: r.pop("claimReviewed"), lambda r: r.pop("url"), lambda r: r.pop("author"),
    lambda r: r["reviewRating"].pop("alternateName"),
    lambda r: r["itemReviewed"].update({"@type": "Article"}),
    lambda r: r["reviewRating"].update({"ratingValue": 9}),
    lambda r: r.update({"datePublished": "2025-02-30"}),
])
def test_the_markup_check_refuses_what_google_requires(seeded_db, broken):
    result = verify(seeded_db, "--format", "jsonld", "Amazon will invest $60B in OpenAI")
    [review] = json.loads(result.stdout)
    assert claim_review_errors(review) == []
    broken(review)
    assert claim_review_errors(review)


def test_bad_input_exits_2(seeded_db, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"outlet": "X", "subject": "Amazon", "value": "$5bn"}\n', encoding="utf-8")
    result = verify(seeded_db, "--claims", bad)
    assert result.exit_code == 2
    assert "bad.jsonl:1: attribute: required field is missing" in result.output
    assert verify(seeded_db).exit_code == 2                                  # nothing to verify
    assert verify(seeded_db, "--run", 99, "Amazon will invest $60B in OpenAI").exit_code == 2
    assert verify(seeded_db, "--published", "2025-13-01", "x").exit_code == 2


def test_no_run_yet_exits_2(ready_db):
    result = verify(ready_db, "Amazon will invest $60B in OpenAI")
    assert result.exit_code == 2 and "no run stored yet" in result.output


def test_the_python_function_returns_plain_data(seeded_db):
    result = commands.verify(["Amazon will invest $60B in OpenAI"], seeds=SEEDS, rules=RULES,
                             db=seeded_db)
    assert result.exit_code == 1 and result.run["id"] == 1
    [check] = result.checks
    assert check.verdict.verdict == "contradicted"
    assert check.resolution["status"] == "agreed"
