"""A newer report of an outlet replaces its older one on a key: supersession, in resolve and
through whole runs (full and incremental, on both backends)."""

from __future__ import annotations

import json
from decimal import Decimal as D

from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from conftest import RULES, SEEDS
from reconcile.cli import main
from reconcile.core import Evidence, Interval, Key
from reconcile.resolve import resolve
from reconcile.rules import ResolutionRule

KEY = Key("amazon", "investment", "openai", None)
B = D(10) ** 9


def exact(n):
    return Interval(D(n) * B, D(n) * B, unit="currency", currency="USD")


def above(n):
    return Interval(D(n) * B, None, False, True, unit="currency", currency="USD")


def ev(claim_id, outlet, interval, published=None, via=None, order=0, trust=0.9):
    return Evidence(claim_id, KEY, outlet, via, trust, interval, "as written", published, order)


def roles(res):
    return {r.claim_id: r.role for r in res.roles}


UPDATE = [ev("r1", "Reuters", exact(50), "2026-01-20"),
          ev("r2", "Reuters", exact(35), "2026-01-28"),
          ev("ti", "The Information", above(20), "2026-01-15", trust=0.85)]


def test_an_outlet_that_corrects_itself_is_read_at_its_latest_figure():
    res = resolve(KEY, UPDATE, None, ResolutionRule())
    # Reuters' latest figure, agreed with The Information's lower bound
    assert res.status == "agreed" and res.display == "$35B"
    assert roles(res) == {"r1": "superseded", "r2": "bound", "ti": "support"}
    reason = res.role_of("r1").reason
    assert reason.startswith("superseded by r2 (Reuters, published 2026-01-28)")
    assert res.rule_origin["supersede"] == "built-in default"
    assert set(res.sources) == {"Reuters", "The Information"}


def test_supersession_off_leaves_the_conflict():
    res = resolve(KEY, UPDATE, None, ResolutionRule(supersede="never"))
    assert "superseded" not in roles(res).values()
    assert "supersede" not in res.rule_origin
    assert res.status in ("conflict", "settled")


def test_an_outlet_that_updates_twice():
    claims = [ev("r1", "Reuters", exact(50), "2026-01-20"),
              ev("r3", "Reuters", exact(30), "2026-02-03"),
              ev("r2", "Reuters", exact(35), "2026-01-28")]
    res = resolve(KEY, claims, None, ResolutionRule())
    assert roles(res) == {"r1": "superseded", "r2": "superseded", "r3": "bound"}
    assert res.status == "single_source" and res.display == "$30B"
    assert all("superseded by r3" in res.role_of(c).reason for c in ("r1", "r2"))


def test_a_relay_of_an_older_report_does_not_supersede_the_origins_newer_one():
    claims = [ev("direct", "Reuters", exact(35), "2026-01-28"),
              ev("relay", "Reuters", exact(50), "2026-01-30", via="Le Blog")]
    res = resolve(KEY, claims, None, ResolutionRule())
    assert roles(res)["direct"] != "superseded"
    # ... but the origin's own later report supersedes an older relay of it
    claims.append(ev("newest", "Reuters", exact(35), "2026-02-02"))
    res = resolve(KEY, claims, None, ResolutionRule())
    assert roles(res) == {"direct": "superseded", "relay": "superseded", "newest": "bound"}


def test_relays_through_one_outlet_replace_each_other_not_other_relays():
    claims = [ev("a1", "Reuters", exact(50), "2026-01-20", via="Blog A"),
              ev("a2", "Reuters", exact(35), "2026-01-28", via="Blog A"),
              ev("b1", "Reuters", exact(50), "2026-01-30", via="Blog B")]
    res = resolve(KEY, claims, None, ResolutionRule())
    assert roles(res)["a1"] == "superseded"
    assert roles(res)["a2"] != "superseded" and roles(res)["b1"] != "superseded"


def test_undated_claims_are_never_replaced_and_replace_nothing():
    claims = [ev("u", "Reuters", exact(50)), ev("d", "Reuters", exact(35), "2026-01-28")]
    res = resolve(KEY, claims, None, ResolutionRule())
    assert "superseded" not in roles(res).values()


def test_same_date_is_decided_by_the_order_in_the_files():
    claims = [ev("late", "Reuters", exact(35), "2026-01-28", order=(0 << 32) | 9),
              ev("early", "Reuters", exact(50), "2026-01-28", order=(0 << 32) | 3)]
    res = resolve(KEY, claims, None, ResolutionRule())
    assert roles(res) == {"early": "superseded", "late": "bound"}


@settings(max_examples=60, deadline=None)
@given(st.permutations(UPDATE))
def test_claim_order_does_not_change_who_is_superseded(claims):
    assert resolve(KEY, claims, None, ResolutionRule()) == resolve(KEY, UPDATE, None,
                                                                   ResolutionRule())


def _claim(i, value, published, outlet="Reuters", via=None):
    record = {"id": f"c{i}", "outlet": outlet, "subject": "Amazon", "attribute": "investment",
              "object": "OpenAI", "value": value, "published": published}
    if via:
        record["via"] = via
    return json.dumps(record) + "\n"


def _run(db, claims_dir, tmp_path, *extra):
    result = CliRunner().invoke(main, ["run", "--claims", str(claims_dir), "--seeds", str(SEEDS),
                                       "--rules", str(RULES), "--db", db, "-q", "--format", "json",
                                       "--results", str(tmp_path / "r.json"), *extra])
    assert result.exit_code in (0, 1), result.output
    payload = json.loads(result.output)
    return {k: v for k, v in payload["run"].items()
            if k not in ("id", "started_at", "finished_at", "root_sha256")}, payload["resolutions"]


def test_a_later_file_supersedes_in_a_run_and_incremental_equals_full(ready_db, tmp_path):
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "day1.jsonl").write_text(_claim(1, "50 milliards de dollars", "2026-01-20")
                                       + _claim(2, "plus de 20 milliards de dollars", "2026-01-15",
                                                outlet="The Information"), encoding="utf-8")
    _, first = _run(ready_db, claims, tmp_path)
    assert [(r["display"], r["status"]) for r in first] == [("$50B", "agreed")]
    (claims / "day2.jsonl").write_text(_claim(3, "35 milliards de dollars", "2026-01-28"),
                                       encoding="utf-8")
    run_inc, incremental = _run(ready_db, claims, tmp_path)
    run_full, full = _run(ready_db, claims, tmp_path, "--full")
    assert incremental == full and run_inc == run_full
    [amazon] = full
    assert amazon["display"] == "$35B" and amazon["status"] == "agreed"
    by_id = {c["id"]: c for c in amazon["claims"]}
    assert by_id["c1"]["role"] == "superseded" and "superseded by c3" in by_id["c1"]["reason"]
    explained = CliRunner().invoke(main, ["explain", "--db", ready_db, "--seeds", str(SEEDS),
                                          "--rules", str(RULES), "amazon", "investment", "openai"])
    assert "claim.superseded" in explained.output and "[superseded] c1" in explained.output


def test_recency_weighting_lowers_old_claims_of_other_outlets_and_is_named():
    claims = [ev("old", "Bloomberg", exact(50), "2025-11-01"),
              ev("new", "FT", exact(35), "2026-01-30")]
    plain = resolve(KEY, claims, None, ResolutionRule(settle_margin=0.1))
    assert plain.status == "conflict"  # equal trust: no way to choose
    rule = ResolutionRule(settle_margin=0.1, recency_half_life=D(30))
    aged = resolve(KEY, claims, None, rule)
    # 90 days at a 30-day half-life: an eighth of its trust, below min_trust
    assert aged.status == "single_source" and aged.display == "$35B"
    assert aged.role_of("old").role == "rejected" and "min_trust" in aged.role_of("old").reason
    assert aged.role_of("old").trust < 0.9 / 4 < aged.role_of("new").trust
    assert aged.rule_origin["recency_half_life"] == "built-in default"
    assert "recency_half_life" not in plain.rule_origin


def test_recency_half_life_is_read_from_the_rules(tmp_path):
    import shutil

    from reconcile.rules import load_rules

    shutil.copytree(RULES, tmp_path / "rules")
    (tmp_path / "rules" / "resolution.yaml").write_text(
        "resolution:\n  default:\n    recency_half_life: 30d\n", encoding="utf-8")
    rules = load_rules(tmp_path / "rules")
    assert rules.resolution_for("investment").recency_half_life == D(30)
    (tmp_path / "rules" / "resolution.yaml").write_text(
        "resolution:\n  default:\n    recency_half_life: soon\n", encoding="utf-8")
    import pytest as _pytest

    from reconcile.errors import RulesError
    with _pytest.raises(RulesError, match="number of days above 0"):
        load_rules(tmp_path / "rules")
