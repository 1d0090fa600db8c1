"""Incremental runs: only new or changed files are read, and the result is the full run's."""

from __future__ import annotations

import json
from decimal import Decimal as D

from click.testing import CliRunner
from conftest import SYNTH_SIZE, run_and_store
from hypothesis import given, settings, strategies as st
from sqlalchemy import func, select

from reconcile import store
from reconcile.cli import main
from reconcile.core import Evidence, Interval, Key
from reconcile.graph import consistent_groups, interval_groups, key_graph
from reconcile.store import schema
from reconcile.report import render_explain
from reconcile.store.runs import audit_trail, run_payload

run = run_and_store


def payload(url, run_id):
    with store.open_database(url) as engine:
        p = run_payload(engine, run_id)
    p["run"] = {k: v for k, v in p["run"].items() if k not in ("id", "started_at", "finished_at",
                                                        "root_sha256")}
    return json.loads(json.dumps(p, default=str))


def count(url, model, **where):
    with store.open_database(url) as engine, engine.connect() as conn:
        q = select(func.count()).select_from(model)
        for name, value in where.items():
            q = q.where(getattr(model, name) == value)
        return conn.execute(q).scalar()


def assert_same_as_full(url, corpus, *paths):
    incremental, outcome = run(url, corpus, *paths)
    full, _ = run(url, corpus, *paths, full=True)
    assert payload(url, incremental) == payload(url, full)
    return incremental, outcome


def test_appended_file_is_read_alone_and_the_result_is_the_full_runs(db_url, corpus):
    claims, extra = corpus / "seeds" / "claims", corpus / "extra"
    first, outcome = run(db_url, corpus, claims)
    assert outcome.plan is None and count(db_url, schema.Claim, run_id=first) == SYNTH_SIZE["claims"]
    second, outcome = assert_same_as_full(db_url, corpus, claims, extra)
    assert outcome.plan is not None and outcome.plan.base_run_id == first
    # only the new file's claims were read and stored; the rest are the first run's rows
    assert len(outcome.claims) == SYNTH_SIZE["holdout"]
    assert count(db_url, schema.Claim, run_id=second) == SYNTH_SIZE["holdout"]
    assert payload(db_url, second)["run"]["claims"] == SYNTH_SIZE["claims"] + SYNTH_SIZE["holdout"]
    with store.open_database(db_url) as engine, engine.connect() as conn:
        R, RR, A = schema.Resolution, schema.RunResolution, schema.AuditEvent
        carried = conn.execute(select(func.count()).select_from(RR).join(
            R, R.id == RR.resolution_id).where(RR.run_id == second, R.run_id == first)).scalar()
        own = conn.execute(select(func.count()).select_from(R).where(R.run_id == second)).scalar()
        message = conn.execute(select(A.message).where(
            A.run_id == second, A.kind == "run.incremental")).scalar()
    assert carried > 0 and own == len(outcome.resolutions) > 0
    assert message.startswith(f"carried forward {carried} resolution(s) from run {first}")


def test_nothing_changed_carries_everything(db_url, corpus):
    first, _ = run(db_url, corpus)
    second, outcome = assert_same_as_full(db_url, corpus)
    assert outcome.claims == [] and outcome.resolutions == []
    assert outcome.plan.base_run_id == first


def test_changed_and_removed_files_touch_their_old_and_new_keys(db_url, corpus):
    run(db_url, corpus)
    files = sorted((corpus / "seeds" / "claims").glob("*.jsonl"))
    lines = files[0].read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[0])
    changed["value"] = "$999bn"  # a new value on the same key
    moved = json.loads(lines[1])
    moved["attribute"] = "valuation" if moved["attribute"] != "valuation" else "revenue"
    files[0].write_text("\n".join([json.dumps(changed), json.dumps(moved), *lines[2:]]) + "\n",
                        encoding="utf-8")
    files[1].unlink()
    _, outcome = assert_same_as_full(db_url, corpus)
    assert outcome.plan is not None and len(outcome.plan.removed) == 2
    assert outcome.plan.dropped  # the keys of the changed and removed claims were redone


def test_changed_rules_or_entities_make_a_full_run(db_url, corpus):
    run(db_url, corpus)
    with open(corpus / "rules" / "resolution.yaml", "a", encoding="utf-8") as f:
        f.write("# a comment is a change too\n")
    _, outcome = run(db_url, corpus)
    assert outcome.plan is None and "rules" in outcome.full_reason
    _, outcome = run(db_url, corpus)
    assert outcome.plan is not None
    with open(corpus / "seeds" / "entities.csv", "a", encoding="utf-8") as f:
        f.write("newco-1,Newco,company,NWCO\n")
    _, outcome = run(db_url, corpus)
    assert outcome.plan is None


def test_a_claim_also_in_an_unchanged_file_makes_a_full_run(db_url, corpus):
    run(db_url, corpus)
    files = sorted((corpus / "seeds" / "claims").glob("*.jsonl"))
    first_line = files[0].read_text(encoding="utf-8").splitlines()[0]
    (corpus / "seeds" / "claims" / "day-99999.jsonl").write_text(first_line + "\n",
                                                               encoding="utf-8")
    _, outcome = assert_same_as_full(db_url, corpus)
    assert outcome.plan is None and "also in a changed file" in outcome.full_reason


def test_explain_tells_which_run_computed_a_carried_resolution(db_url, corpus):
    first, _ = run(db_url, corpus, corpus / "seeds" / "claims")
    second, outcome = run(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra")
    with store.open_database(db_url) as engine:
        resolutions = run_payload(engine, second)["resolutions"]
        recomputed = {r.key for r in outcome.resolutions}
        carried = next(r for r in resolutions if (r["subject_id"], r["attribute"], r["object_id"],
                                                  r["as_of"]) not in recomputed)
        key = Key(carried["subject_id"], carried["attribute"], carried["object_id"],
                  carried["as_of"])
        trail = audit_trail(engine, second, key)
    decided = [e for e in trail if e["kind"] == "resolution.decided"]
    assert [e["run"] for e in decided] == [first]
    assert sum(e["kind"] == "claim.read" for e in trail) == len(carried["claims"])
    assert any(e["kind"] == "run.incremental" and e["run"] == second for e in trail)
    runs = [e["run"] for e in trail]
    assert runs == sorted(runs)


def test_run_full_option_and_explain_through_the_cli(tmp_path, corpus):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    base = ["run", "--seeds", corpus / "seeds", "--rules", corpus / "rules", "--db", url,
            "--fail-on", "never", "--format", "json", "--results", tmp_path / "r.json"]
    base = [str(a) for a in base]
    first = CliRunner().invoke(main, base)
    again = CliRunner().invoke(main, base + ["--full"])
    assert first.exit_code == again.exit_code == 0, first.output + again.output
    a, b = json.loads(first.stdout), json.loads(again.stdout)
    assert a["resolutions"] == b["resolutions"] and b["run"]["id"] == a["run"]["id"] + 1


# The sweep that finds consistent groups without the graph finds the graph's cliques.
bounds = st.one_of(st.none(), st.integers(0, 12).map(D))


@st.composite
def intervals(draw):
    low, high = draw(bounds), draw(bounds)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Interval(low, high, draw(st.booleans()), draw(st.booleans()), unit="currency",
                    currency="USD")


@settings(max_examples=300, deadline=None)
@given(st.lists(intervals(), min_size=1, max_size=9))
def test_interval_groups_are_the_consistent_groups_of_the_graph(ivs):
    ivs = [iv for iv in ivs if not iv.is_empty()]
    key = Key("s", "a", None, None)
    evidence = [Evidence(f"c{i}", key, f"o{i}", None, 0.5, iv, "v") for i, iv in enumerate(ivs)]
    ids = [e.claim_id for e in evidence]
    assert interval_groups(evidence) == consistent_groups(key_graph(evidence), ids)


def test_text_report_reads_no_claim_and_prints_the_same_table(tmp_path, corpus):
    from reconcile.report import judge, render_text

    url = f"sqlite:///{tmp_path / 't.db'}"
    run_id, _ = run(url, corpus)
    with store.open_database(url) as engine:
        full, summary = run_payload(engine, run_id), run_payload(engine, run_id, claims=False)
    assert all(r["claims"] == [] for r in summary["resolutions"])
    assert [r["claim_count"] for r in summary["resolutions"]] == [
        len(r["claims"]) for r in full["resolutions"]]
    assert render_text(summary, all_rows=True) == render_text(full, all_rows=True)
    result = CliRunner().invoke(main, ["report", "--db", url, "--format", "text", "--all"])
    assert result.exit_code == 0 and result.stdout == render_text(full, all_rows=True)
    capped = CliRunner().invoke(main, ["report", "--db", url, "--format", "text"])
    assert capped.stdout == render_text(full, judge(full, {"conflict"}))


def test_review_queue_of_an_incremental_run_has_the_carried_mentions_too(db_url, corpus):
    from reconcile.store import decisions

    unknown = {"id": "zz-1", "outlet": "Nobody", "subject": "Zorglub Xylophone Works",
               "attribute": "valuation", "value": "$3bn"}
    (corpus / "seeds" / "claims" / "day-00000.jsonl").write_text(json.dumps(unknown) + "\n",
                                                                encoding="utf-8")
    run(db_url, corpus, corpus / "seeds" / "claims")
    incremental, _ = run(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra")
    full, _ = run(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra", full=True)
    with store.open_database(db_url) as engine:
        assert decisions.queue(engine, incremental) == decisions.queue(engine, full)
        assert decisions.queue(engine, full)  # the corpus has unknown companies to review


def test_explain_text_names_the_run_of_each_event(db_url, corpus):
    first, _ = run(db_url, corpus, corpus / "seeds" / "claims")
    second, outcome = run(db_url, corpus, corpus / "seeds" / "claims", corpus / "extra")
    recomputed = {r.key for r in outcome.resolutions}
    with store.open_database(db_url) as engine:
        payload = run_payload(engine, second)
        carried = next(r for r in payload["resolutions"]
                       if Key(r["subject_id"], r["attribute"], r["object_id"], r["as_of"])
                       not in recomputed)
        key = Key(carried["subject_id"], carried["attribute"], carried["object_id"],
                  carried["as_of"])
        trail = audit_trail(engine, second, key)
    text = render_explain(carried, trail, payload["run"])
    lines = text.split("  audit trail (run.seq):\n", 1)[1].splitlines()
    assert {line.split()[0].split(".")[0] for line in lines} == {str(first), str(second)}
    assert any(line.split()[0] == f"{second}.1" for line in lines)
    assert any(line.split()[0] == f"{first}.1" for line in lines)
