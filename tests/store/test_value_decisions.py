"""Reviewers settle keys from the command line; every run applies it — on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from click.testing import CliRunner

from reconcile.cli import main

CLAIMS = [
    {"id": "r1", "outlet": "Le Temps", "subject": "Amazon", "attribute": "valuation",
     "value": "$50 billion"},
    {"id": "b1", "outlet": "Die Zeit", "subject": "Amazon", "attribute": "valuation",
     "value": "$9 billion"},
]


def cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output
    return result.output


def write(path, claims):
    path.write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")


def runner(tmp_path, seed_copy, db):
    common = ["--seeds", seed_copy / "seeds", "--rules", seed_copy / "rules", "--db", db]
    claims = tmp_path / "claims"
    claims.mkdir()

    def run(*extra):
        cli("run", "--claims", claims, *common, "-q", "--fail-on", "never",
            "--results", tmp_path / "r.json", *extra)
        out = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        return next(r for r in out["resolutions"] if r["attribute"] == "valuation")
    return claims, common, run


def test_prefer_applies_until_a_new_claim_contradicts_it_and_reopen_undoes_it(
        tmp_path, seed_copy, ready_db):
    claims, common, run = runner(tmp_path, seed_copy, ready_db)
    write(claims / "a.jsonl", CLAIMS)
    assert run()["status"] == "conflict"
    queue = json.loads(cli("review", "conflicts", "--json", "--db", ready_db))
    assert [r["attribute"] for r in queue] == ["valuation"]
    assert sorted(c["display"] for c in queue[0]["candidates"]) == ["$50B", "$9B"]
    said = cli("review", "prefer", "amazon", "valuation", "--claim", "r1", "--by", "alice",
               "--reason", "Reuters has the filing", *common)
    assert said.startswith("recorded: decision 1 by alice on ")
    key = run()
    assert (key["status"], key["display"]) == ("reviewed", "$50B")
    assert "Reuters has the filing" in key["rules"]["review"]
    assert cli("review", "conflicts", "--db", ready_db).startswith("run 2: no open conflict")
    explained = cli("explain", "amazon", "valuation", *common)
    assert "status: reviewed" in explained and "decision 1 by alice" in explained
    # a later report that contradicts the decision sends the key back to the queue
    write(claims / "b.jsonl", [{"id": "w1", "outlet": "WSJ", "subject": "Amazon",
                                "attribute": "valuation", "value": "$12 billion"}])
    key = run()
    assert key["status"] == "conflict"
    assert "decision 1 by alice on" in key["display"] and "contradicted by w1 (WSJ" in key["display"]
    cli("review", "reopen", "amazon", "valuation", "--by", "bob", *common)
    assert run()["status"] in ("conflict", "settled")
    assert "review" not in run()["rules"]


def test_reject_a_claim_and_pin_a_range_with_its_source(tmp_path, seed_copy, ready_db):
    claims, common, run = runner(tmp_path, seed_copy, ready_db)
    write(claims / "a.jsonl", CLAIMS)
    run()
    out = CliRunner().invoke(main, ["review", "reject-claim", "amazon", "valuation", "--claim",
                                    "b1", *map(str, common)])
    assert out.exit_code == 2 and "needs a reason" in out.output
    cli("review", "reject-claim", "amazon", "valuation", "--claim", "b1", "--reason", "typo",
        "--by", "bob", *common)
    key = run()
    assert (key["status"], key["display"]) == ("reviewed", "$50B")
    rejected = next(c for c in key["claims"] if c["id"] == "b1")
    assert rejected["role"] == "rejected" and rejected["reason"].endswith(": typo")
    cli("review", "pin", "amazon", "valuation", "--value", "between $40 and $60 billion",
        "--reason", "10-K", "--source", "https://example.com/10k", "--by", "carol", *common)
    key = run()
    assert (key["status"], key["display"]) == ("reviewed", "$40–60B")
    history = cli("review", "history", "--reviewer", "carol", "--db", ready_db)
    assert "pin" in history and "https://example.com/10k" in history and "typo" not in history


def test_decisions_go_to_a_yaml_file_and_come_back(tmp_path, seed_copy, ready_db):
    claims, common, run = runner(tmp_path, seed_copy, ready_db)
    write(claims / "a.jsonl", CLAIMS)
    run()
    cli("review", "prefer", "amazon", "valuation", "--claim", "r1", "--by", "alice", *common)
    path = tmp_path / "value-decisions.yaml"
    cli("review", "export-values", "--write", path, "--db", ready_db)
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert cli("review", "import-values", path, "--db", other).endswith(
        "1 decision(s) recorded, 0 already there\n")
    assert cli("review", "import-values", path, "--db", other).endswith(
        "0 decision(s) recorded, 1 already there\n")
    assert json.loads(cli("review", "history", "--json", "--db", other))[0]["claims"] == ["r1"]


def test_an_incremental_run_with_decisions_equals_a_full_one(tmp_path, seed_copy, ready_db):
    claims, common, run = runner(tmp_path, seed_copy, ready_db)
    write(claims / "a.jsonl", CLAIMS)
    run()
    cli("review", "prefer", "amazon", "valuation", "--claim", "r1", *common)
    run()
    write(claims / "b.jsonl", [{"id": "x1", "outlet": "FT", "subject": "Amazon",
                                "attribute": "valuation", "value": "about $50 billion"}])
    incremental = run()
    full = run("--full")
    assert incremental == full and incremental["status"] == "reviewed"


def test_a_decision_on_a_key_decided_since_it_was_opened_is_refused(tmp_path, seed_copy,
                                                                    ready_db):
    from reconcile import commands
    from reconcile.errors import StaleDecision

    claims, common, run = runner(tmp_path, seed_copy, ready_db)
    write(claims / "a.jsonl", CLAIMS)
    run()
    where = dict(seeds=seed_copy / "seeds", rules=seed_copy / "rules", db=ready_db)
    # both reviewers opened the key when it had no decision (0)
    first = commands.review_value("prefer", "amazon", "valuation", claim_ids=["r1"], by="alice",
                                  seen_last=0, **where)
    with pytest.raises(StaleDecision, match=rf"changed since you opened it: decision "
                                            rf"{first.id} by alice"):
        commands.review_value("prefer", "amazon", "valuation", claim_ids=["b1"], by="bob",
                              seen_last=0, **where)
    # having seen alice's decision, bob may reopen the key
    commands.review_value("reopen", "amazon", "valuation", by="bob", seen_last=first.id, **where)
    assert [d.decided_by for d in commands.review_history(db=ready_db)] == ["alice", "bob"]


def test_two_decisions_on_one_state_of_a_key_collide_in_the_database(tmp_path, seed_copy,
                                                                     ready_db):
    """Even when both pass the check before either is written, the database keeps one."""
    from datetime import datetime, timezone

    from reconcile.core import Key
    from reconcile.errors import StaleDecision
    from reconcile.store import open_database, schema
    from reconcile.store.value_decisions import record
    from reconcile.value_review import ValueDecision

    key = Key("amazon", "valuation", None, None)
    d = ValueDecision(key, "reopen", (), None, "", None, "alice",
                      datetime(2026, 12, 2, tzinfo=timezone.utc), ("r1",))
    with open_database(ready_db) as engine:
        record(engine, d)
        # a second writer that read the key before the first one committed: follows 0 too
        from sqlalchemy import insert
        row = {c.name: None for c in schema.ValueDecision.__table__.columns if c.name != "id"}
        row.update(key=key.text, subject_id="amazon", attribute="valuation", action="reopen",
                   claim_ids=[], low_inclusive=True, high_inclusive=True, reason="", seen=[],
                   digest="", decided_by="bob", decided_at=d.decided_at, follows=0)
        from sqlalchemy.exc import IntegrityError
        with pytest.raises(IntegrityError):
            with engine.begin() as conn:
                conn.execute(insert(schema.ValueDecision), [row])
        with pytest.raises(StaleDecision, match="changed since you opened it"):
            record(engine, d, seen_last=0)
