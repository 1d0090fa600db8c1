"""A key resolved again from its stored claims (what the review page shows after a decision)
is what the run stored, when no decision changed it: on every key of a synthetic world."""

from __future__ import annotations

from conftest import run_and_store

from reconcile.commands.review_page import resolved_now
from reconcile.rules import load_rules
from reconcile.store.runs import run_payload
from reconcile import store

HEAD = ("status", "low", "high", "low_inclusive", "high_inclusive", "point", "approx", "unit",
        "currency", "display", "strategy", "confidence", "sources", "rules")


def test_every_key_resolved_again_from_its_stored_claims_is_the_stored_one(tmp_path, corpus):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    run_id, _ = run_and_store(url, corpus)
    rules = load_rules(corpus / "rules")
    with store.open_database(url) as engine:
        stored = run_payload(engine, run_id)["resolutions"]
    assert len(stored) > 50
    for r in stored:
        now = resolved_now(r, rules, [])
        assert {f: now[f] for f in HEAD} == {f: r[f] for f in HEAD}, r["subject_id"]
        assert [(c["id"], c["role"], c["reason"]) for c in now["claims"]] == \
            [(c["id"], c["role"], c["reason"]) for c in r["claims"]]
