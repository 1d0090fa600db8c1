"""The seed article, end to end through the CLI: the analyst's table comes out of the engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

B = 10**9
# subject, attribute, object, as_of -> expected fields (low/high in USD unless a percent)
EXPECTED = {
    ("amazon", "investment", "openai", None): dict(low=20 * B, high=50 * B, status="agreed"),
    ("nvidia", "investment", "openai", None): dict(low=None, high=30 * B, status="single_source"),
    ("microsoft", "investment", "openai", None): dict(low=None, high=10 * B, high_inclusive=False,
                                                      status="single_source"),
    ("softbank", "investment", "openai", None): dict(low=None, high=30 * B, status="single_source"),
    ("softbank", "investment", "openai", "2025-12"): dict(low=41 * B, high=41 * B,
                                                          status="single_source"),
    ("softbank", "stake", "openai", "2025-12"): dict(point=11, approx=True, unit="percent",
                                                     status="single_source"),
    ("openai", "round_total", None, None): dict(low=None, high=60 * B, status="single_source"),
    ("openai", "raise_target", None, None): dict(low=None, high=100 * B, status="single_source"),
    ("openai", "round_valuation", None, None): dict(point=830 * B, approx=True,
                                                    status="single_source"),
    ("openai", "valuation", None, None): dict(point=500 * B, approx=True, status="single_source"),
    ("openai", "ipo_valuation", None, None): dict(low=None, high=1000 * B, status="single_source"),
    ("openai", "compute_deal", "cerebras", None): dict(low=10 * B, high=10 * B,
                                                       status="single_source"),
    ("openai", "financial_commitments", None, None): dict(low=1000 * B, high=None,
                                                          low_inclusive=False,
                                                          status="single_source"),
}
SOURCES = {
    ("amazon", "investment", "openai", None): ["Reuters", "The Information"],
    ("softbank", "investment", "openai", None): ["Rumours"],
    ("softbank", "investment", "openai", "2025-12"): ["SoftBank"],
    ("openai", "round_valuation", None, None): ["Reuters"],
    ("openai", "ipo_valuation", None, None): ["Reuters"],
}


def run_cli(args, cwd, env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "reconcile", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    """`reconcile run --format json` on a copy of the seeds, from another directory."""
    from conftest import RULES, SEEDS

    work = tmp_path_factory.mktemp("elsewhere")
    proc = run_cli(["run", "--seeds", str(SEEDS), "--rules", str(RULES), "--format", "json"],
                   cwd=work)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), work


def test_seed_table_comes_out_of_the_engine(seed_run):
    payload, _ = seed_run
    got = {(r["subject_id"], r["attribute"], r["object_id"], r["as_of"]): r
           for r in payload["resolutions"]}
    assert set(got) == set(EXPECTED)
    for key, want in EXPECTED.items():
        r = got[key]
        unit = want.get("unit", "currency")
        assert r["unit"] == unit, key
        assert r["currency"] == (None if unit == "percent" else "USD"), key
        for field, value in want.items():
            if field == "point":
                assert r["point"] == value and r["approx"] is True, key
                # approximate: widened by the rules' tolerance around the stated point
                assert r["low"] < value < r["high"], key
            elif field != "unit":
                assert r[field] == value, (key, field, r[field])
    for key, sources in SOURCES.items():
        assert got[key]["sources"] == sources


def test_seed_amazon_story(seed_run):
    payload, _ = seed_run
    amazon = next(r for r in payload["resolutions"] if r["subject_id"] == "amazon")
    assert amazon["display"] == "$20–50B"
    roles = {c["id"]: c["role"] for c in amazon["claims"]}
    assert roles == {"art000-amazon-ti-1": "support", "art000-amazon-ti-2": "bound",
                     "art000-amazon-reuters": "bound"}
    assert all(c["via"] == "Article 000" for c in amazon["claims"])
    assert payload["unmatched"] == [] and payload["errors"] == []
    assert payload["run"]["claims"] == 15


def test_seed_displays(seed_run):
    payload, _ = seed_run
    shown = {(r["subject_id"], r["attribute"], r["as_of"]): r["display"]
             for r in payload["resolutions"]}
    assert shown[("nvidia", "investment", None)] == "≤ $30B"
    assert shown[("microsoft", "investment", None)] == "< $10B"
    assert shown[("openai", "round_valuation", None)] == "~$830B"
    assert shown[("softbank", "investment", "2025-12")] == "$41B"
    assert shown[("softbank", "stake", "2025-12")] == "~11%"


def test_default_database_is_created_under_the_working_directory(seed_run):
    _, work = seed_run
    assert (work / ".reconcile" / "reconcile.db").exists()


def test_explain_names_all_three_amazon_claims(seed_run):
    from conftest import RULES, SEEDS

    _, work = seed_run
    proc = run_cli(["explain", "--seeds", str(SEEDS), "--rules", str(RULES),
                    "amazon", "investment", "openai"], cwd=work)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for claim in ("art000-amazon-ti-1", "art000-amazon-ti-2", "art000-amazon-reuters"):
        assert claim in out
    for fact in ("The Information", "Reuters", "trust 0.85", "trust 0.90", "[bound]", "[support]",
                 "> $10B", "> $20B", "≤ $50B", "resolution.default.strategy", "agreed"):
        assert fact in out, fact

    proc = run_cli(["explain", "--json", "--seeds", str(SEEDS), "--rules", str(RULES),
                    "Amazon.com Inc.", "investissement", "OpenAI"], cwd=work)
    assert proc.returncode == 0, proc.stderr
    story = json.loads(proc.stdout)
    assert story["display"] == "$20–50B"
    assert {c["outlet"] for c in story["claims"]} == {"The Information", "Reuters"}
    kinds = [e["kind"] for e in story["audit"]]
    assert kinds[0] == "run.started" and "resolution.decided" in kinds
    assert kinds.count("claim.read") == 3 and kinds.count("value.normalized") == 3
    seqs = [e["seq"] for e in story["audit"]]
    assert seqs == sorted(seqs)


# Every kind of event the store writes or tells (reconcile.store.write and .events).
EVENT_KINDS = {"run.started", "rules.loaded", "entities.loaded", "run.full", "run.incremental",
               "input.read", "input.unchanged", "claims.unkeyed", "review.applied", "review.stale",
               "claim.read", "value.normalized", "value.unreadable", "entity.matched",
               "entity.unmatched", "claim.rejected", "resolution.decided", "run.finished"}


def test_every_audit_event_has_its_fields_in_place(seed_run):
    """Each event's key, claim and message are where their names say, in JSON and in text."""
    from conftest import RULES, SEEDS

    _, work = seed_run
    proc = run_cli(["explain", "--json", "--seeds", str(SEEDS), "--rules", str(RULES),
                    "amazon", "investment", "openai"], cwd=work)
    assert proc.returncode == 0, proc.stderr
    story = json.loads(proc.stdout)
    claim_ids = {c["id"] for c in story["claims"]}
    key_text = "amazon/investment/openai"
    for e in story["audit"]:
        assert set(e) == {"run", "seq", "kind", "key", "claim_id", "message", "data"}, e
        assert e["kind"] in EVENT_KINDS, e
        assert isinstance(e["message"], str) and e["message"], e
        assert e["key"] in (None, key_text), e
        assert e["claim_id"] is None or e["claim_id"] in claim_ids, e
        if e["kind"] in ("claim.read", "value.normalized", "entity.matched"):
            assert e["key"] == key_text and e["claim_id"] in claim_ids, e
    decided = [e for e in story["audit"] if e["kind"] == "resolution.decided"]
    assert len(decided) == 1
    assert decided[0]["key"] == key_text and decided[0]["claim_id"] is None
    assert decided[0]["message"].startswith(f"{key_text}: agreed $20–50B — ")
    assert decided[0]["data"]["status"] == "agreed"

    text = run_cli(["explain", "--seeds", str(SEEDS), "--rules", str(RULES),
                    "amazon", "investment", "openai"], cwd=work).stdout
    trail = text.split("  audit trail (run.seq):\n", 1)[1].splitlines()
    assert len(trail) == len(story["audit"])
    for line, e in zip(trail, story["audit"]):
        assert line.split()[:2] == [f"{e['run']}.{e['seq']}", e["kind"]], line
        assert line.endswith(e["message"]), line
        assert not line.endswith(" None")
