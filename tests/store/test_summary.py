"""The summary of a stored run (one row per key, read as the driver's tuples) is its stored
JSON without the claims (and what only the full JSON has, such as a conflict's candidates),
value for value and type for type, on both backends."""

from __future__ import annotations

import json

from conftest import run_and_store

from reconcile import store
from reconcile.store.runs import run_payload


def test_the_summary_read_from_rows_is_the_stored_json_without_claims(db_url, corpus):
    run_id, _ = run_and_store(db_url, corpus)
    with store.open_database(db_url) as engine:
        # with claims: every resolution is its stored JSON text, parsed (resolution_payloads)
        full = run_payload(engine, run_id)
        summary = run_payload(engine, run_id, claims=False)
    assert len(summary["resolutions"]) == len(full["resolutions"]) > 50
    for read, stored in zip(summary["resolutions"], full["resolutions"]):
        assert read.pop("claim_count") == len(stored["claims"]) and read["claims"] == []
        assert set(read) <= set(stored)
        stored = {**{name: stored[name] for name in read}, "claims": []}
        # JSON text, not ==: True == 1 in Python, `true` != `1` in JSON
        assert json.dumps(read, sort_keys=True) == json.dumps(stored, sort_keys=True)
    # two resolutions never share the list a caller might edit
    sources = [id(r["sources"]) for r in summary["resolutions"]]
    assert len(set(sources)) == len(sources)
