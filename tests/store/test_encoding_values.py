"""The stored JSON msgspec writes holds the values the `json` encoder wrote, on both backends."""

from __future__ import annotations

import json

import jsonschema
from conftest import ROOT, run_and_store
from json_encoding import JsonResolutionEncoder

from reconcile import store
from reconcile.report import iter_json
from reconcile.report.results import key_of, schema
from reconcile.store.runs import run_json

run = run_and_store


def stored_texts(url, run_id) -> list[str]:
    with store.open_database(url) as engine:
        return list(run_json(engine, run_id)["resolutions"])


def canonical(text: str) -> str:
    """The values of a JSON text, re-encoded one way: equal when the values, their types
    (1 is not 1.0) and the order of keys are."""
    return json.dumps(json.loads(text), ensure_ascii=False)


def by_key(texts) -> dict:
    return {key_of(json.loads(t)): canonical(t) for t in texts}


def json_encoded(outcome) -> dict:
    """Each resolution of the outcome as the `json`-based encoder wrote it."""
    encoder = JsonResolutionEncoder({c.id: c for c in outcome.claims}, outcome.values,
                                    outcome.matches, outcome.entity_names,
                                    outcome.plan.shown if outcome.plan else None,
                                    outcome.conversions)
    return by_key(encoder.encode(res, res.unit, res.currency) for res in outcome.resolutions)


def test_the_seeds_run_stores_the_values_of_the_json_encoder(db_url):
    run_id, outcome = run(db_url, ROOT, ROOT / "seeds")
    stored = by_key(stored_texts(db_url, run_id))
    assert len(stored) == len(outcome.resolutions) > 10
    assert stored == json_encoded(outcome)


def test_a_synthesized_run_stores_the_values_of_the_json_encoder(db_url, corpus):
    run_id, outcome = run(db_url, corpus)
    texts = stored_texts(db_url, run_id)
    assert len(texts) == len(outcome.resolutions) > 20
    assert outcome.conversions and any('"candidates":' in t for t in texts)
    assert by_key(texts) == json_encoded(outcome)


def test_an_incremental_run_stores_what_a_full_run_stores(db_url, corpus):
    run(db_url, corpus)
    second, outcome = run(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra")
    assert outcome.plan is not None and outcome.plan.shown  # old claims came from payloads
    third, _ = run(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra", full=True)
    incremental, full = stored_texts(db_url, second), stored_texts(db_url, third)
    assert incremental == full  # byte for byte
    # the keys it resolved again hold what the json encoder made of the same claims
    again = json_encoded(outcome)
    assert again and all(by_key(incremental)[key] == text for key, text in again.items())


def test_the_same_inputs_store_the_same_bytes(db_url, corpus):
    first, _ = run(db_url, corpus)
    second, _ = run(db_url, corpus, full=True)
    assert stored_texts(db_url, first) == stored_texts(db_url, second)


def test_the_run_json_of_stored_texts_is_valid_against_the_contract_schema(db_url, corpus):
    run_id, _ = run(db_url, corpus)
    with store.open_database(db_url) as engine:
        payload = json.loads("".join(iter_json(run_json(engine, run_id))))
    assert payload["resolutions"]
    jsonschema.validate(payload, schema(), cls=jsonschema.Draft202012Validator)
