"""A run that learns trust stores it, reports it, explains it — on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import SEEDS, run_and_store
from reconcile.cli import main
from reconcile.store.outlets import outlet_rows

LEARN = "trust:\n  learn: true\n"


def _run(args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


def test_the_learned_trust_is_stored_with_the_run_and_reported(db_url, corpus):
    (corpus / "rules" / "trust.yaml").write_text(LEARN, encoding="utf-8")
    run_id, outcome = run_and_store(db_url, corpus)
    assert outcome.trust is not None and outcome.trust.converged
    from reconcile import store
    with store.open_database(db_url) as engine:
        rows, learned = outlet_rows(engine, run_id)
    assert learned["iterations"] == outcome.trust.iterations == len(learned["changes"])
    assert learned["summary"] == outcome.trust.summary()
    by_name = {r["outlet"]: r for r in rows}
    for name, t in outcome.trust.outlets.items():
        assert by_name[name]["learned"] == t.learned and by_name[name]["prior"] == t.prior
        assert by_name[name]["kept"] + by_name[name]["set_aside"] == by_name[name]["claims"]
    # the claims carry the learned trust of their outlet
    payload = json.loads(_run(["report", "--db", db_url, "--format", "json"]).output)
    trusts = {(c["source"], c["trust"]) for r in payload["resolutions"] for c in r["claims"]}
    assert all(t == outcome.trust.outlets[s].learned for s, t in trusts)
    text = _run(["outlets", "--db", db_url]).output
    assert text.startswith(f"outlets of run {run_id}: trust learned for ")
    as_json = json.loads(_run(["outlets", "--db", db_url, "--json"]).output)
    assert as_json["learning"]["converged"] is True and len(as_json["outlets"]) == len(rows)


def test_a_run_that_learns_reads_every_file_again(db_url, corpus):
    run_and_store(db_url, corpus)
    (corpus / "rules" / "trust.yaml").write_text(LEARN, encoding="utf-8")
    _, again = run_and_store(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra")
    assert again.plan is None
    assert "trust" in again.full_reason or "rules" in again.full_reason


def test_without_learning_there_is_no_learned_trust(db_url, corpus):
    run_id, outcome = run_and_store(db_url, corpus)
    assert outcome.trust is None
    text = _run(["outlets", "--db", db_url]).output
    assert "trust.learn is off" in text and " – " in text


def test_the_seed_table_is_the_same_with_learning_on(tmp_path, seed_copy):
    common = ["--seeds", seed_copy / "seeds", "--fail-on", "never", "-q"]
    off = _run(["run", "--rules", seed_copy / "rules", "--db", f"sqlite:///{tmp_path / 'a.db'}",
                "--results", tmp_path / "a.json", *common])
    (seed_copy / "rules" / "trust.yaml").write_text(LEARN, encoding="utf-8")
    on = _run(["run", "--rules", seed_copy / "rules", "--db", f"sqlite:///{tmp_path / 'b.db'}",
               "--results", tmp_path / "b.json", *common])
    assert off.exit_code == on.exit_code == 0, on.output
    assert off.output == on.output
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["resolutions"]
    b = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["resolutions"]
    assert [(r["status"], r["display"]) for r in a] == [(r["status"], r["display"]) for r in b]
    explained = _run(["explain", "--seeds", seed_copy / "seeds", "--rules", seed_copy / "rules",
                      "--db", f"sqlite:///{tmp_path / 'b.db'}", "amazon", "investment",
                      "openai"]).output
    assert "trust learned for" in explained
    assert "Reuters trust 0.90 prior → " in explained and "learned from" in explained
    assert SEEDS.exists()
