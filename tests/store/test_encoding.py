"""Stored resolution payloads: the JSON a run's report streams is the JSON its rows describe."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import run_and_store
from hypothesis import given, strategies as st
from sqlalchemy import delete, select

from reconcile import store
from reconcile.cli import main
from reconcile.report import iter_json
from reconcile.store import schema
from reconcile.store.encoding import CLAIM_FIELDS, encode, pack, unpack
from reconcile.store.runs import run_json, run_payload

run = run_and_store


def forget_payloads(url, run_id):
    """Make the run look stored before 0004: its resolutions without their JSON."""
    with store.open_database(url) as engine, engine.begin() as conn:
        R, P = schema.Resolution.__table__, schema.ResolutionPayload.__table__
        conn.execute(delete(P).where(P.c.resolution_id.in_(
            select(R.c.id).where(R.c.run_id == run_id))))


def test_stored_payloads_are_what_the_rows_describe(db_url, corpus):
    run_id, outcome = run(db_url, corpus)
    with store.open_database(db_url) as engine:
        stored = run_payload(engine, run_id)
    forget_payloads(db_url, run_id)
    with store.open_database(db_url) as engine:
        rebuilt = run_payload(engine, run_id)  # the pre-0004 path: joined from the rows
    assert len(stored["resolutions"]) == len(outcome.resolutions) > 20
    assert any(len(r["claims"]) > 2 for r in stored["resolutions"])
    # A conversion lives in the stored JSON only: runs stored without it never converted.
    converted = sum(c.pop("conversion", None) is not None
                    for r in stored["resolutions"] for c in r["claims"])
    assert converted == len(outcome.conversions) > 0
    # So do a conflict's candidates: the rows keep its claims, not the groups they formed.
    with_candidates = [r.pop("candidates") for r in stored["resolutions"] if "candidates" in r]
    assert len(with_candidates) == sum(r.status in ("conflict", "picked")
                                       for r in outcome.resolutions) > 0
    assert stored == rebuilt
    # and in the same order, field by field: the stored text and the rows give one layout
    for a, b in zip(stored["resolutions"], rebuilt["resolutions"]):
        assert list(a) == list(b)
        for ca, cb in zip(a["claims"], b["claims"]):
            assert list(ca) == list(cb) == list(CLAIM_FIELDS)


def test_payload_text_is_the_compact_encoding_of_its_object(db_url, corpus):
    """So an old claim re-encoded from a parsed payload is byte for byte a fresh encoding."""
    run_id, _ = run(db_url, corpus)
    with store.open_database(db_url) as engine:
        texts = list(run_json(engine, run_id)["resolutions"])
    assert texts and all(encode(json.loads(t)) == t for t in texts)


def test_streamed_json_is_the_payload(db_url, corpus):
    run_id, _ = run(db_url, corpus)
    with store.open_database(db_url) as engine:
        streamed = json.loads("".join(iter_json(run_json(engine, run_id))))
        parsed = run_payload(engine, run_id)
    assert streamed == json.loads("".join(iter_json(parsed)))
    assert [r["status"] for r in streamed["resolutions"]] == \
        [r["status"] for r in parsed["resolutions"]]


def test_incremental_run_reencodes_old_claims_of_touched_keys_exactly(db_url, corpus):
    first, _ = run(db_url, corpus)
    second, outcome = run(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra")
    assert outcome.plan is not None and outcome.plan.shown  # old claims came from payloads
    third, _ = run(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra", full=True)
    with store.open_database(db_url) as engine:
        incremental = list(run_json(engine, second)["resolutions"])
        full = list(run_json(engine, third)["resolutions"])
    assert incremental == full  # the same text, not only the same parsed JSON


def test_a_run_after_one_stored_without_payloads_is_full(db_url, corpus):
    first, _ = run(db_url, corpus)
    forget_payloads(db_url, first)
    _, outcome = run(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra")
    assert outcome.plan is None
    assert outcome.full_reason == f"run {first} was stored before resolution payloads"


def test_run_results_json_of_the_cli_is_the_report_json(tmp_path, corpus):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    args = ["run", "--claims", str(corpus / "seeds" / "claims"), "--seeds", str(corpus / "seeds"),
            "--rules", str(corpus / "rules"), "--db", url, "--fail-on", "never", "-q",
            "--results", str(tmp_path / "results.json")]
    runner = CliRunner()
    assert runner.invoke(main, args).exit_code == 0
    report = runner.invoke(main, ["report", "--db", url, "--format", "json"])
    assert report.exit_code == 0
    assert (tmp_path / "results.json").read_text(encoding="utf-8") == report.output
    assert json.loads(report.output)["resolutions"][0]["claims"]


@given(st.text())
def test_pack_then_unpack_gives_the_text(text):
    assert unpack(pack(text)) == text


def test_payloads_are_stored_compressed(db_url, corpus):
    run_id, _ = run(db_url, corpus)
    with store.open_database(db_url) as engine, engine.connect() as conn:
        R, P = schema.Resolution.__table__, schema.ResolutionPayload.__table__
        blobs = conn.execute(select(P.c.json_zstd).join(R, R.c.id == P.c.resolution_id)
                             .where(R.c.run_id == run_id)).scalars().all()
        texts = list(run_json(engine, run_id)["resolutions"])
    assert sorted(unpack(b) for b in blobs) == sorted(texts)
    stored, text = sum(len(b) for b in blobs), sum(len(t.encode()) for t in texts)
    assert stored < text / 3  # field names and outlets repeat claim after claim
