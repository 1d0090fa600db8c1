"""Rules: merging a directory of YAML files, validation that names file and key, provenance."""

from __future__ import annotations

import hashlib
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from reconcile.errors import RulesError
from reconcile.rules import BUILTIN, MatchingRules, OutletRule, ResolutionRule, Rules, load_rules

CONTRACT_EXAMPLE = """\
outlets:                     # trust in [0, 1]
  Reuters: {trust: 0.9, aliases: [Reuters News]}
  The Information: 0.85
default_trust: 0.5           # for outlets not listed
attributes:                  # canonical attribute -> aliases
  investment: [investissement, stake purchase]
resolution:
  default: {strategy: intersect, min_trust: 0.3, approx_tolerance: 0.10}
  valuation: {approx_tolerance: 0.05}     # per-attribute overrides
matching:
  threshold: 88              # fuzzy score (0-100) needed to accept a match
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def rules_dir(**files: str) -> str:
    root = Path("rules")
    root.mkdir(exist_ok=True)
    for name, text in files.items():
        (root / name.replace("_", ".", 1) if "_" in name else root / name).write_text(text)
    return "rules"


def error_of(**files: str) -> str:
    with pytest.raises(RulesError) as info:
        load_rules(rules_dir(**files))
    return str(info.value)


def test_contract_example_loads():
    rules = load_rules(rules_dir(rules_yaml=CONTRACT_EXAMPLE))
    assert rules.files == ("rules/rules.yaml",)
    assert rules.outlet("Reuters") == OutletRule("Reuters", 0.9, ("Reuters News",),
                                                 "rules/rules.yaml: outlets.Reuters")
    assert rules.outlet("  reuters   NEWS ").name == "Reuters"
    assert rules.outlet("The Information").trust == 0.85
    assert rules.canonical_attribute("Investissement") == "investment"
    assert rules.canonical_attribute(" Stake  Purchase") == "investment"
    assert rules.resolution_for("valuation") == ResolutionRule(
        "intersect", 0.3, Decimal("0.05"), 0.2, 1.0)
    assert rules.resolution_for("investissement") == ResolutionRule(
        "intersect", 0.3, Decimal("0.10"), 0.2, 1.0)
    assert rules.matching == MatchingRules(88.0, 75.0, 5.0)


def test_empty_directory_gives_the_defaults():
    rules = load_rules(rules_dir())
    assert rules == Rules()
    assert rules.sha256 == hashlib.sha256().hexdigest()
    assert (rules.default_trust, rules.default_lang, rules.default_currency, rules.yen_currency) == (
        0.5, None, "USD", "JPY")
    assert rules.resolution_for("anything").origin["strategy"] == BUILTIN
    assert rules.outlet("Le Monde") == OutletRule("Le Monde", 0.5, (), BUILTIN)


def test_unknown_outlets_and_attributes():
    rules = load_rules(rules_dir(rules_yaml=CONTRACT_EXAMPLE))
    assert rules.outlet(" Les Echos ") == OutletRule(
        "Les Echos", 0.5, (), "rules/rules.yaml: default_trust")
    assert rules.canonical_attribute("  Round_Total ") == "round_total"
    assert rules.resolution_for("round_total") is rules.resolution["default"]


def test_files_merge_and_yml_counts():
    rules = load_rules(rules_dir(
        outlets_yaml="outlets:\n  Reuters: 0.9\ndefault_trust: 0.4\n",
        resolution_yml="resolution:\n  default: {strategy: envelope}\n",
        other_txt="not: rules\n"))
    assert rules.files == ("rules/outlets.yaml", "rules/resolution.yml")
    assert rules.outlet("Reuters").trust == 0.9
    assert rules.outlet("unknown").origin == "rules/outlets.yaml: default_trust"
    assert rules.resolution_for("x").strategy == "envelope"


def test_a_top_level_key_in_two_files_names_both():
    assert error_of(a_yaml="matching: {threshold: 90}\n", b_yaml="matching: {margin: 3}\n") == (
        "rules/b.yaml:1: matching: also defined in rules/a.yaml; a top-level key belongs in one file")


def test_overrides_merge_field_by_field_with_provenance():
    rules = load_rules(rules_dir(resolution_yaml="""\
resolution:
  default: {strategy: intersect, min_trust: 0.4, approx_tolerance: 0.10}
  valuation: {approx_tolerance: 0.05, strategy: most_trusted}
"""))
    valuation = rules.resolution_for("valuation")
    assert (valuation.strategy, valuation.min_trust, valuation.approx_tolerance,
            valuation.settle_margin) == ("most_trusted", 0.4, Decimal("0.05"), 0.2)
    assert valuation.origin == {
        "strategy": "rules/resolution.yaml: resolution.valuation.strategy",
        "min_trust": "rules/resolution.yaml: resolution.default.min_trust",
        "approx_tolerance": "rules/resolution.yaml: resolution.valuation.approx_tolerance",
        "settle_margin": BUILTIN,
        "hedged_trust_factor": BUILTIN,
        "supersede": BUILTIN,
        "recency_half_life": BUILTIN,
        "pick": BUILTIN,
    }
    assert rules.resolution["default"].origin["strategy"] == (
        "rules/resolution.yaml: resolution.default.strategy")


def test_tolerance_is_the_decimal_as_written():
    rules = load_rules(rules_dir(r_yaml="resolution:\n  default: {approx_tolerance: 0.10}\n"
                                        "  stake: {approx_tolerance: 0}\n"))
    assert str(rules.resolution_for("x").approx_tolerance) == "0.10"
    assert rules.resolution_for("stake").approx_tolerance == Decimal(0)


def test_resolution_keys_use_canonical_attributes():
    rules = load_rules(rules_dir(a_yaml="attributes:\n  valuation: [valorisation]\n",
                                 b_yaml="resolution:\n  Valuation: {strategy: envelope}\n"))
    assert rules.resolution_for("valorisation").strategy == "envelope"


def test_matching_review_threshold_follows_a_lowered_threshold():
    rules = load_rules(rules_dir(m_yaml="matching: {threshold: 70}\n"))
    assert (rules.matching.threshold, rules.matching.review_threshold) == (70.0, 70.0)
    assert rules.matching.origin == {
        "threshold": "rules/m.yaml: matching.threshold",
        "review_threshold": f"{BUILTIN}, capped at matching.threshold",
        "margin": BUILTIN,
        "typo_min_length": BUILTIN,
    }
    assert rules.matching.typo_min_length == 8  # kept when the cap replaces review_threshold


def test_outlet_without_trust_takes_the_default_and_keeps_aliases():
    rules = load_rules(rules_dir(o_yaml="default_trust: 0.2\noutlets:\n"
                                        "  Les Echos: {aliases: [LesEchos.fr]}\n  AFP:\n"))
    assert rules.outlet("lesechos.fr") == OutletRule("Les Echos", 0.2, ("LesEchos.fr",),
                                                     "rules/o.yaml: default_trust")
    assert rules.outlet("AFP").trust == 0.2


def test_language_and_currency_defaults():
    rules = load_rules(rules_dir(l_yaml="default_lang: fr\ncurrency: {default: eur, yen: CNY}\n"))
    assert (rules.default_lang, rules.default_currency, rules.yen_currency) == ("fr", "EUR", "CNY")
    assert rules.origin["yen_currency"] == "rules/l.yaml: currency.yen"


@pytest.mark.parametrize("text,expected", [
    ("outlets:\n  Reuters: 1.5\n", "outlets.Reuters: must be a number [0, 1], got 1.5"),
    ("outlets:\n  Reuters: {trust: high}\n",
     "outlets.Reuters.trust: expected a number [0, 1], got 'high'"),
    ("outlets:\n  Reuters: {trust: 0.9, alias: [R]}\n",
     "outlets.Reuters.alias: unknown key (expected one of trust, aliases)"),
    ("outlets:\n  Reuters: {aliases: [Reuters News]}\n  Thomson: {aliases: [reuters news]}\n",
     "outlets.Thomson.aliases: 'reuters news' already names outlet 'Reuters'"),
    ("outlets:\n  Reuters: 0.9\n  reuters: 0.8\n", "outlets.reuters: 'reuters' already names outlet 'Reuters'"),
    ("default_trust: -0.1\n", "default_trust: must be a number [0, 1], got -0.1"),
    ("attributes:\n  stake: [part]\n  share: [Part]\n",
     "attributes.share: 'Part' already names attribute 'stake'"),
    ("attributes:\n  stake: part\n", "attributes.stake: expected a list of names, got 'part'"),
    ("resolution:\n  valuation: {stratgy: envelope}\n",
     "resolution.valuation.stratgy: unknown key (expected one of strategy, min_trust, "
     "approx_tolerance, settle_margin, hedged_trust_factor, supersede, recency_half_life, pick)"),
    ("resolution:\n  default: {strategy: vote}\n",
     "resolution.default.strategy: unknown strategy 'vote'; expected one of intersect, envelope, "
     "most_trusted"),
    ("resolution:\n  default: {approx_tolerance: 1}\n",
     "resolution.default.approx_tolerance: must be a number [0, 1), got 1"),
    ("resolution:\n  default: {min_trust: .inf}\n",
     "resolution.default.min_trust: must be a number [0, 1], got .inf"),
    ("resolution:\n  default: {settle_margin: -1}\n",
     "resolution.default.settle_margin: must be a number >= 0, got -1"),
    ("resolution:\n  default: [intersect]\n",
     "resolution.default: expected a mapping, got a list"),
    ("attributes:\n  valuation: [valorisation]\nresolution:\n  valorisation: {strategy: envelope}\n",
     "resolution.valorisation: 'valorisation' is an alias of 'valuation'; use the canonical name"),
    ("matching: {threshold: 101}\n", "matching.threshold: must be a number [0, 100], got 101"),
    ("matching: {threshold: 80, review_threshold: 85}\n",
     "matching.review_threshold: must not exceed matching.threshold (80)"),
    ("matching: {treshold: 80}\n",
     "matching.treshold: unknown key (expected one of threshold, review_threshold, margin, "
     "typo_min_length)"),
    ("matching: {typo_min_length: 7.5}\n",
     "matching.typo_min_length: must be a whole number [0, 100], got 7.5"),
    ("matching: {typo_min_length: -1}\n",
     "matching.typo_min_length: must be a number [0, 100], got -1"),
    ("matching: {threshold: 80, threshold: 90}\n", "matching.threshold: duplicate key"),
    ("outlet:\n  Reuters: 0.9\n",
     "outlet: unknown top-level key (expected one of outlets, default_trust, attributes, units, "
     "resolution, matching, default_lang, currency, trust)"),
    ("default_lang: de\n", "default_lang: unknown language 'de'; expected one of en, fr"),
    ("currency: {default: dollars}\n", "currency.default: expected an ISO 4217 code, got 'dollars'"),
    ("currency: {yen: USD}\n", "currency.yen: expected JPY or CNY, got 'USD'"),
    ("- outlets\n", "expected a mapping, got a list"),
])
def test_validation_errors_name_file_and_key(text, expected):
    # Every message names the line too (tests/rules/test_rules_errors.py checks which).
    message = error_of(bad_yaml=text)
    assert re.fullmatch(rf"rules/bad\.yaml:\d+: {re.escape(expected)}", message), message


def test_yaml_syntax_error_names_file_and_line():
    message = error_of(bad_yaml="outlets:\n  Reuters: 0.9\n  AFP: [0.8\n")
    assert message.startswith("rules/bad.yaml:4: invalid YAML: ")


def test_missing_directory():
    with pytest.raises(RulesError) as info:
        load_rules("nowhere")
    assert str(info.value) == "nowhere: no such directory"


def test_sha256_covers_names_and_bytes_not_the_directory():
    first = load_rules(rules_dir(a_yaml=CONTRACT_EXAMPLE)).sha256
    shutil.copytree("rules", "elsewhere")
    assert load_rules("elsewhere").sha256 == first
    Path("elsewhere/a.yaml").rename("elsewhere/b.yaml")
    assert load_rules("elsewhere").sha256 != first
    Path("rules/a.yaml").write_text(CONTRACT_EXAMPLE.replace("0.85", "0.8"))
    assert load_rules("rules").sha256 != first


def test_units_declare_what_a_bare_amount_means():
    rules = load_rules(rules_dir(a_yaml="attributes:\n  investment: [investissement]\n"
                                  "units:\n  investissement: currency\n  stake: percent\n"
                                  "  capex: eur\ncurrency:\n  default: CHF\n"))
    assert rules.unit_of("Investment") == ("currency", "CHF", "rules/a.yaml: units.investissement")
    assert rules.unit_of("stake")[:2] == ("percent", None)
    assert rules.unit_of("capex")[:2] == ("currency", "EUR")
    assert rules.unit_of("revenue") is None
    assert "units.x: expected one of currency, percent, number" in error_of(
        a_yaml="units:\n  x: dollars\n")
