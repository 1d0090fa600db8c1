"""Rules typos are told at their file, line and dotted key; rules files are bounded too."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RULES, SEEDS

from reconcile.cli import main
from reconcile.errors import RulesError
from reconcile.rules import load_rules


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def error_of(text: str) -> str:
    Path("rules").mkdir(exist_ok=True)
    Path("rules/x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules("rules")
    return str(info.value)


@pytest.mark.parametrize("text,expected", [
    ("matching:\n  threshold: 90\n  treshold: 90\n",
     "rules/x.yaml:3: matching.treshold: unknown key (expected one of threshold, "
     "review_threshold, margin, typo_min_length)"),
    ("matching: {treshold: 90}\n",
     "rules/x.yaml:1: matching.treshold: unknown key (expected one of threshold, "
     "review_threshold, margin, typo_min_length)"),
    ("resolution:\n  default:\n    strategy: intersect\n    min_trst: 0.3\n",
     "rules/x.yaml:4: resolution.default.min_trst: unknown key (expected one of strategy, "
     "min_trust, approx_tolerance, settle_margin, hedged_trust_factor, supersede, recency_half_life, pick)"),
    ("resolution:\n  valuation:\n    strategi: envelope\n",
     "rules/x.yaml:3: resolution.valuation.strategi: unknown key (expected one of strategy, "
     "min_trust, approx_tolerance, settle_margin, hedged_trust_factor, supersede, recency_half_life, pick)"),
    ("outlets:\n  Reuters:\n    trust: 0.9\n    alias: [R]\n",
     "rules/x.yaml:4: outlets.Reuters.alias: unknown key (expected one of trust, aliases)"),
    ("currency:\n  default: EUR\n  yenn: JPY\n",
     "rules/x.yaml:3: currency.yenn: unknown key (expected one of default, yen, convert, tolerance, date, rate_source, rates)"),
    ("units:\n  stake: percent\n  valuation: currancy\n",
     "rules/x.yaml:3: units.valuation: expected one of currency, percent, number, category, name_set or an ISO 4217 "
     "currency code, optionally after `signed`, got 'currancy'"),
    ("units:\n  stake: {unit: percent}\n",
     "rules/x.yaml:2: units.stake: expected a name, got a mapping"),
    ("default_trust: 0.5\noutlet:\n  Reuters: 0.9\n",
     "rules/x.yaml:2: outlet: unknown top-level key (expected one of outlets, default_trust, "
     "attributes, units, resolution, matching, default_lang, currency, trust)"),
    ("matching:\n  threshold: 80\n  threshold: 70\n",
     "rules/x.yaml:3: matching.threshold: duplicate key"),
    ("matching:\n  threshold: 80\n  review_threshold: 85\n",
     "rules/x.yaml:3: matching.review_threshold: must not exceed matching.threshold (80)"),
])
def test_nested_typos_name_file_line_and_key(text, expected):
    assert error_of(text) == expected


def test_a_rules_typo_through_the_cli_exits_2():
    shutil.copytree(RULES, "rules")
    path = Path("rules/resolution.yaml")
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index("  threshold: 88               # fuzzy score needed to "
                                   "accept a match") + 1
    path.write_text(text.replace("  threshold: 88", "  treshold: 88"), encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--seeds", str(SEEDS), "--rules", "rules",
                                       "--db", "sqlite:///" + os.path.abspath("t.db")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: rules/resolution.yaml:{line}: matching.treshold: "
                                    "unknown key (expected one of threshold,")


def test_a_billion_laughs_in_rules_is_refused_at_once():
    # The rules loader reads a fixed shape (no recursion over values): aliases cannot blow up.
    lines = ["attributes:", "  a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"  a{i}: &a{i} [" + ", ".join([f"*a{'' if i == 1 else i - 1}"] * 9) + "]")
    started = time.perf_counter()
    assert error_of("\n".join(lines) + "\n") == \
        "rules/x.yaml:2: attributes.a1: expected a name, got a list"  # the line of the alias target
    assert time.perf_counter() - started < 1


def test_a_rules_entry_that_is_not_a_regular_file_is_refused():
    Path("rules").mkdir()
    Path("rules/dir.yaml").mkdir()  # fails as root too
    with pytest.raises(RulesError, match=r"^rules/dir.yaml: not a regular file \(a directory\)$"):
        load_rules("rules")
    os.rmdir("rules/dir.yaml")
    os.mkfifo("rules/pipe.yaml")  # would hang on read
    with pytest.raises(RulesError, match=r"^rules/pipe.yaml: not a regular file \(a FIFO\)$"):
        load_rules("rules")


def test_a_rules_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setenv("RECONCILE_MAX_FILE_BYTES", "10")
    assert error_of("default_trust: 0.5\n") == (
        "rules/x.yaml: larger than the limit of 10 bytes (set RECONCILE_MAX_FILE_BYTES to raise it)")
