"""Money in any currency: claims converted into their key's currency at the rate of their date."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal as D

import pytest
from click.testing import CliRunner

from conftest import RULES, SEEDS
from reconcile import compute
from reconcile.cli import main
from reconcile.errors import RulesError
from reconcile.exchange import rate
from reconcile.rules import Rules, load_rules


def test_ecb_rates_by_day_through_the_euro():
    assert rate(Rules(), "EUR", "USD", date(2025, 1, 28)) == (D("1.0421"), date(2025, 1, 28), "ECB")
    # a Sunday takes the Friday's rate, and says so
    value, day, _ = rate(Rules(), "EUR", "USD", date(2025, 1, 26))
    assert day == date(2025, 1, 24) and value == rate(Rules(), "EUR", "USD", day)[0]
    gbp_usd, _, _ = rate(Rules(), "GBP", "USD", date(2025, 1, 28))
    eur_usd, _, _ = rate(Rules(), "EUR", "USD", date(2025, 1, 28))
    eur_gbp, _, _ = rate(Rules(), "EUR", "GBP", date(2025, 1, 28))
    assert abs(gbp_usd - eur_usd / eur_gbp) < D("1e-9")
    assert rate(Rules(), "EUR", "USD", date(1990, 1, 1)) is None  # before the euro
    assert rate(Rules(), "XAU", "USD", date(2025, 1, 28)) is None  # not an ECB currency


def _rules(tmp_path, currency_yaml: str | None = None, units: str | None = None):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    if currency_yaml:
        (rules / "currency.yaml").write_text(currency_yaml, encoding="utf-8")
    if units:
        path = rules / "attributes.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  investment: currency\n",
                                                                 f"  investment: {units}\n"),
                        encoding="utf-8")
    return rules


def _claims(tmp_path, *claims):
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps({"subject": "Amazon", "attribute": "investment",
                                        "object": "OpenAI", **c}) + "\n" for c in claims),
                    encoding="utf-8")
    return path


ECHOS = {"id": "echos", "outlet": "Les Echos", "lang": "fr", "published": "2025-01-28",
         "value": "environ 18 milliards d'euros"}
REUTERS = {"id": "reuters", "outlet": "Reuters", "published": "2025-01-28",
           "value": "$20 billion"}


def _resolve(tmp_path, *claims, rules=None):
    outcome = compute([_claims(tmp_path, *claims)], SEEDS, rules or RULES)
    [res] = outcome.resolutions
    return res, outcome


def test_euros_and_dollars_agree_once_converted(tmp_path):
    res, outcome = _resolve(tmp_path, ECHOS, REUTERS)
    assert res.status == "agreed" and res.display == "$20B"
    conv = outcome.conversions["echos"]
    assert (conv.rate, conv.rate_date, conv.source) == (D("1.0421"), "2025-01-28", "ECB")
    assert conv.original.currency == "EUR" and conv.converted.currency == "USD"
    # ~€18B is 16.2–19.8B euros; at 1.0421, widened by 2 %: about $16.5–21.1B
    assert conv.converted.low <= D("16.9e9") and conv.converted.high >= D("20.6e9")
    assert {r.claim_id: r.role for r in res.roles} == {"echos": "support", "reuters": "bound"}


def test_disagreeing_after_conversion_is_still_a_disagreement(tmp_path):
    far = dict(ECHOS, value="5 milliards d'euros")
    res, _ = _resolve(tmp_path, far, REUTERS)
    assert res.status in ("settled", "conflict")


def test_pounds_yen_and_euros_on_one_dollar_key(tmp_path):
    claims = [REUTERS,
              {"id": "ft", "outlet": "FT", "published": "2025-01-28", "value": "£16bn"},
              {"id": "nikkei", "outlet": "Nikkei", "published": "2025-01-28",
               "value": "about ¥3.1 trillion"},
              ECHOS]
    res, outcome = _resolve(tmp_path, *claims)
    assert set(outcome.conversions) == {"ft", "nikkei", "echos"}
    assert res.interval.currency == "USD"
    assert res.status == "agreed", [(r.claim_id, r.role, r.reason) for r in res.roles]


def test_a_pinned_rate_wins_and_names_its_rule(tmp_path):
    rules = _rules(tmp_path, "currency:\n  rates:\n    EUR/USD:\n      2025-01-01: 1.2\n")
    res, outcome = _resolve(tmp_path, ECHOS, REUTERS, rules=rules)
    conv = outcome.conversions["echos"]
    assert conv.rate == D("1.2") and conv.rate_date == "2025-01-01"
    assert conv.source.endswith("currency.rates.EUR/USD")


def test_a_missing_rate_stays_rejected_with_that_reason(tmp_path):
    old = dict(ECHOS, published="1990-06-01")
    res, outcome = _resolve(tmp_path, old, REUTERS)
    assert outcome.conversions == {}
    echos = res.role_of("echos")
    assert echos.role == "rejected" and "no EUR→USD rate for 1990-06-01" in echos.reason


def test_an_undated_claim_uses_the_rules_date_or_is_not_converted(tmp_path):
    undated = {k: v for k, v in ECHOS.items() if k != "published"}
    res, _ = _resolve(tmp_path, undated, REUTERS)
    assert res.role_of("echos").role == "rejected"
    assert "an undated claim" in res.role_of("echos").reason
    rules = _rules(tmp_path, "currency:\n  date: 2025-01-28\n")
    res, outcome = _resolve(tmp_path, undated, REUTERS, rules=rules)
    assert outcome.conversions["echos"].rate_date == "2025-01-28"


def test_conversion_off_is_todays_behaviour(tmp_path):
    rules = _rules(tmp_path, "currency:\n  convert: false\n")
    res, outcome = _resolve(tmp_path, ECHOS, REUTERS, rules=rules)
    assert outcome.conversions == {}
    assert "no conversion rule" in res.role_of("echos").reason


def test_a_fixed_key_currency_converts_the_dollars(tmp_path):
    rules = _rules(tmp_path, units="EUR")
    res, outcome = _resolve(tmp_path, ECHOS, REUTERS, rules=rules)
    assert set(outcome.conversions) == {"reuters"}
    assert res.interval.currency == "EUR"


def test_percent_is_never_converted(tmp_path):
    stake = [{"id": "a", "outlet": "Reuters", "attribute": "stake", "value": "11 %",
              "published": "2025-01-28"},
             {"id": "b", "outlet": "FT", "attribute": "stake", "value": "environ 11 %",
              "published": "2025-01-28"}]
    outcome = compute([_claims(tmp_path, *stake)], SEEDS, RULES)
    assert outcome.conversions == {}


@pytest.mark.parametrize("yaml_text,message", [
    ("currency:\n  rates:\n    EURUSD: 1.1\n", "expected a currency pair like EUR/USD"),
    ("currency:\n  rates:\n    EUR/USD: 0\n", "a rate must be above 0"),
    ("currency:\n  date: yesterday\n", "expected an ISO date"),
    ("currency:\n  convert: maybe\n", "expected true or false"),
    ("currency:\n  tolerance: 2\n", "must be a number"),
])
def test_conversion_rules_are_checked(tmp_path, yaml_text, message):
    with pytest.raises(RulesError, match=message):
        load_rules(_rules(tmp_path, yaml_text))


def _run(db, claims, tmp_path, *extra):
    result = CliRunner().invoke(main, ["run", "--claims", str(claims), "--seeds", str(SEEDS),
                                       "--rules", str(RULES), "--db", db, "-q", "--format", "json",
                                       "--results", str(tmp_path / "r.json"), *extra])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["resolutions"]


def test_converted_claims_are_stored_and_incremental_equals_full(ready_db, tmp_path):
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "a.jsonl").write_text(_claims(tmp_path, REUTERS).read_text(), encoding="utf-8")
    _run(ready_db, folder, tmp_path)
    (folder / "b.jsonl").write_text(_claims(tmp_path, ECHOS).read_text(), encoding="utf-8")
    incremental = _run(ready_db, folder, tmp_path)
    full = _run(ready_db, folder, tmp_path, "--full")
    assert incremental == full
    [amazon] = full
    echos = next(c for c in amazon["claims"] if c["id"] == "echos")
    assert echos["display"] == "~€18B"  # the claim's own reading is kept
    assert echos["conversion"]["rate"] == 1.0421 and echos["conversion"]["source"] == "ECB"
    assert echos["conversion"]["text"].startswith("~€18B ≈ ")
    reuters = next(c for c in amazon["claims"] if c["id"] == "reuters")
    assert "conversion" not in reuters
    story = CliRunner().invoke(main, ["explain", "--db", ready_db, "--seeds", str(SEEDS),
                                      "--rules", str(RULES), "amazon", "investment", "openai"])
    assert "converted ~€18B ≈ " in story.output and "(ECB 2025-01-28, 1.0421)" in story.output
