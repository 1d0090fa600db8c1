"""The review workflow end to end: queue → decision → re-run → resolution moved, audit shows who."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from reconcile.cli import main

CLAIMS = [
    {"id": "r1", "outlet": "Reuters", "subject": "Nvidea", "attribute": "investment",
     "object": "OpenAI", "value": "up to $30 billion"},
    {"id": "r2", "outlet": "Bloomberg", "subject": "Nvidea", "attribute": "investment",
     "object": "OpenAI", "value": "about $25 billion"},
    {"id": "r3", "outlet": "Reuters", "subject": "Mistral AI", "attribute": "valuation",
     "value": "€11.7 billion"},
]


def cli(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def setup(seed_copy):
    claims = seed_copy / "claims.jsonl"
    claims.write_text("".join(json.dumps(c) + "\n" for c in CLAIMS), encoding="utf-8")
    db_url = f"sqlite:///{seed_copy / 'r.db'}"
    common = ["--seeds", seed_copy / "seeds", "--db", db_url]
    run = ["run", "--claims", claims, "--rules", seed_copy / "rules", "--format", "json", *common]
    return run, common, db_url


def resolutions(result):
    payload = json.loads(result.stdout)
    return payload, {(r["subject_id"], r["attribute"]): r for r in payload["resolutions"]}


def test_queue_decision_rerun_moves_claims_and_audit_names_reviewer(seed_copy):
    run, common, db_url = setup(seed_copy)
    payload, res = resolutions(cli(*run))
    assert res == {}
    assert {u["mention"] for u in payload["unmatched"]} == {"Nvidea", "Mistral AI"}

    queue = json.loads(cli("review", "--json", "--db", db_url).stdout)
    assert queue[0]["mention"] == "Nvidea" and queue[0]["band"] == "review"
    assert queue[0]["claims"] == ["r1", "r2"]
    assert queue[0]["candidates"][0]["entity_id"] == "nvidia"

    done = cli("review", "accept", "Nvidea", "nvidia", "--by", "alice", "--reason", "typo",
               *common)
    assert done.exit_code == 0 and "alice" in done.stdout
    payload, res = resolutions(cli(*run))
    moved = res[("nvidia", "investment")]
    assert [c["id"] for c in moved["claims"]] == ["r1", "r2"]
    assert moved["status"] == "agreed"
    assert {u["mention"] for u in payload["unmatched"]} == {"Mistral AI"}
    assert [q["mention"] for q in json.loads(cli("review", "--json", "--db", db_url).stdout)] == [
        "Mistral AI"]

    story = json.loads(cli("explain", "--json", "--rules", seed_copy / "rules", *common,
                           "nvidia", "investment", "openai").stdout)
    assert story["claims"][0]["subject_match"]["method"] == "reviewed"
    applied = [e for e in story["audit"]
               if e["kind"] == "entity.matched" and e["data"]["role"] == "subject"]
    assert len(applied) == 2 and all("alice" in e["message"] and "typo" in e["message"] for e in applied)
    # explain matches its mentions as the run did: the reviewed spelling finds the key too
    again = json.loads(cli("explain", "--json", "--rules", seed_copy / "rules", *common,
                           "Nvidea", "investment", "openai").stdout)
    assert again["subject_id"] == "nvidia" and again["claims"] == story["claims"]


def test_new_entity_reject_and_export(seed_copy):
    run, common, db_url = setup(seed_copy)
    cli(*run)
    assert cli("review", "new-entity", "Mistral AI", "--id", "mistral-ai", "--by", "bob",
               *common).exit_code == 0
    assert cli("review", "reject", "Nvidea", "--by", "bob", "--reason", "ambiguous",
               *common).exit_code == 0
    payload, res = resolutions(cli(*run))
    assert res[("mistral-ai", "valuation")]["status"] == "single_source"
    # an entity a reviewer created is one `explain` knows
    story = json.loads(cli("explain", "--json", "--rules", seed_copy / "rules", *common,
                           "Mistral AI", "valuation").stdout)
    assert story["subject_id"] == "mistral-ai" and story["status"] == "single_source"
    # a rejected mention stays unmatched, and leaves the queue
    assert {u["mention"] for u in payload["unmatched"]} == {"Nvidea"}
    assert json.loads(cli("review", "--json", "--db", db_url).stdout) == []

    exported = yaml.safe_load(cli("review", "export", *common).stdout)["entities"]
    mistral = next(e for e in exported if e["id"] == "mistral-ai")
    assert mistral["name"] == "Mistral AI"
    assert len(exported) == 9 and not any("Nvidea" in e["aliases"] for e in exported)

    cli("review", "accept", "Nvidea", "nvidia", *common)
    assert cli("review", "export", "--write", *common).exit_code == 0
    written = yaml.safe_load((seed_copy / "seeds" / "entities.yaml").read_text(encoding="utf-8"))
    nvidia = next(e for e in written["entities"] if e["id"] == "nvidia")
    assert "Nvidea" in nvidia["aliases"]
    # with the alias in the seeds, the mention now matches without any decision
    match = json.loads(cli("match", "--json", "--seeds", seed_copy / "seeds", "Nvidea").stdout)
    assert match[0]["entity_id"] == "nvidia"


def test_bad_decisions_are_usage_errors(seed_copy):
    _, common, _ = setup(seed_copy)
    result = CliRunner().invoke(main, ["review", "accept", "Nvidea", "nvidiaa",
                                       *[str(c) for c in common]])
    assert result.exit_code == 2 and "no entity 'nvidiaa'" in result.output
    result = CliRunner().invoke(main, ["review", "new-entity", "Nvidea", "--id", "nvidia",
                                       *[str(c) for c in common]])
    assert result.exit_code == 2 and "already exists" in result.output
