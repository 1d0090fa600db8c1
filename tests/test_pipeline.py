"""compute(): the stages in order, in memory; what a run refuses to read."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import RULES, SEEDS
from reconcile import compute
from reconcile.rules import load_rules


def _corpus(tmp_path, values: list[str], units: str | None = None):
    seeds, rules = tmp_path / "seeds", tmp_path / "rules"
    seeds.mkdir()
    shutil.copy(SEEDS / "entities.yaml", seeds)
    shutil.copytree(RULES, rules)
    if units is not None:
        path = rules / "attributes.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  investment: currency\n",
                                                                 f"  investment: {units}\n"),
                        encoding="utf-8")
    claims = tmp_path / "claims.jsonl"
    claims.write_text("".join(json.dumps({"id": f"c{i}", "outlet": "Reuters", "subject": "Amazon",
                                          "attribute": "investment", "object": "OpenAI",
                                          "value": v}) + "\n" for i, v in enumerate(values)),
                      encoding="utf-8")
    return compute([claims], seeds, rules)


@pytest.mark.parametrize("value", ["-5 milliards de dollars", "−5 milliards", "minus $5 billion",
                                   "entre -2 et 3 milliards"])
def test_a_negative_amount_of_an_unsigned_attribute_is_refused(tmp_path, value):
    outcome = _corpus(tmp_path, [value])
    [error] = outcome.errors
    assert error.claim_id == "c0"
    assert "negative value" in error.message and "units.investment" in error.message
    assert outcome.resolutions == []


def test_a_signed_attribute_reads_its_negative_amounts(tmp_path):
    outcome = _corpus(tmp_path, ["-5 milliards de dollars"], units="signed currency")
    assert outcome.errors == []
    [resolution] = outcome.resolutions
    assert resolution.interval.low == resolution.interval.high == -5_000_000_000
    assert resolution.interval.currency == "USD"


def test_signed_is_part_of_the_units_rule(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    path = tmp_path / "rules" / "attributes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  stake: percent\n",
                                                             "  stake: signed percent\n"),
                    encoding="utf-8")
    rules = load_rules(tmp_path / "rules")
    assert rules.unit_of("stake")[0] == "percent"
    assert rules.refuses_negative("stake") is None
    assert rules.refuses_negative("investment").endswith("units.investment")
    assert rules.refuses_negative("an undeclared attribute") is None


def test_the_seed_run_refuses_nothing():
    outcome = compute(None, SEEDS, RULES)
    assert outcome.errors == [] and len(outcome.resolutions) == 13


def test_an_empty_value_is_stored_and_listed_and_the_run_goes_on(tmp_path):
    outcome = _corpus(tmp_path, ["10 milliards de dollars", "", "20 milliards de dollars"])
    [error] = outcome.errors
    assert error.claim_id == "c1" and error.message == "value '': empty value"
    [resolution] = outcome.resolutions
    assert resolution.status == "conflict"  # $10B and $20B of one outlet, the empty one aside
    assert len(outcome.claims) == 3
