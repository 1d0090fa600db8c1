"""The CLI as users and CI call it: exit codes, bad input, reproducibility."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import RULES, SEEDS
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import create_engine, func, select

from reconcile.cli import main
from reconcile.pipeline import compute
from reconcile.store import schema


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def run_json(db_url, *extra):
    result = invoke("run", "--seeds", SEEDS, "--rules", RULES, "--db", db_url,
                    "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def count_runs(db_url):
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.Run)).scalar()
    finally:
        engine.dispose()


def resolutions_only(payload):
    return [{k: v for k, v in r.items()} for r in payload["resolutions"]]


def test_running_twice_gives_identical_resolutions(ready_db):
    db_url = ready_db
    first, second = run_json(db_url), run_json(db_url)
    assert second["run"]["id"] == first["run"]["id"] + 1
    assert resolutions_only(first) == resolutions_only(second)
    assert first["run"]["inputs_sha256"] == second["run"]["inputs_sha256"]
    runs = invoke("runs", "--json", "--db", db_url)
    assert [r["id"] for r in json.loads(runs.stdout)] == [2, 1]


def write_claims(tmp_path, text, name="claims.jsonl"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = '{"outlet": "Reuters", "subject": "Amazon", "attribute": "investment", "object": "OpenAI", "value": "$5bn"}\n'
BAD_CASES = {
    "missing field": ('{"outlet": "Reuters", "attribute": "investment", "value": "$5bn"}\n',
                      ":1: subject: required field is missing"),
    "bad json": ('{"outlet": "Reuters", "subject": "Amazon" "attribute": 1}\n',
                 ":1: -: invalid JSON"),
    "bad date": ('{"outlet": "R", "subject": "Amazon", "attribute": "x", "value": "1", '
                 '"published": "2026-13-45"}\n', ":1: published: "),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_exits_2_names_the_place_and_writes_nothing(tmp_path, ready_db, case):
    db_url = ready_db
    text, message = BAD_CASES[case]
    assert run_json(db_url)  # an earlier run, which must stay as it was
    path = write_claims(tmp_path, GOOD + text)
    result = CliRunner().invoke(main, ["run", "--claims", str(path), "--seeds", str(SEEDS),
                                       "--rules", str(RULES), "--db", db_url])
    assert result.exit_code == 2
    assert f"{path}{message.replace(':1:', ':2:')}" in result.stderr
    assert count_runs(db_url) == 1


def test_invalid_rules_and_bad_database_url_exit_2(tmp_path, ready_db):
    db_url = ready_db
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "extra.yaml").write_text("outlets:\n  X: 2\n")
    result = CliRunner().invoke(main, ["run", "--seeds", str(SEEDS), "--rules", str(rules),
                                       "--db", db_url])
    assert result.exit_code == 2 and "outlets" in result.stderr
    result = CliRunner().invoke(main, ["run", "--seeds", str(SEEDS), "--rules", str(RULES),
                                       "--db", "nosuchdb://nowhere"])
    assert result.exit_code == 2 and "bad database URL" in result.stderr


def test_fail_on_and_conflicts(tmp_path, ready_db):
    db_url = ready_db
    path = write_claims(tmp_path, GOOD + GOOD.replace("Reuters", "The Information").replace("$5bn", "$8bn"))
    base = ["run", "--claims", path, "--seeds", SEEDS, "--rules", RULES, "--db", db_url,
            "--format", "json"]
    result = invoke(*base)
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert [r["status"] for r in payload["resolutions"]] == ["conflict"]
    assert invoke(*base, "--fail-on", "never").exit_code == 0
    assert invoke(*base, "--fail-on", "single_source,agreed").exit_code == 0
    assert invoke(*base, "--fail-on", "conflict,agreed").exit_code == 1
    assert CliRunner().invoke(main, [str(a) for a in base] + ["--fail-on", "bogus"]).exit_code == 2


def test_unreadable_and_unmatched_claims_are_stored_and_reported(tmp_path, ready_db):
    db_url = ready_db
    lines = [GOOD,
             GOOD.replace("$5bn", "undisclosed"),
             GOOD.replace("Amazon", "Zorglub Industries")]
    path = write_claims(tmp_path, "".join(lines))
    result = invoke("run", "--claims", path, "--seeds", SEEDS, "--rules", RULES, "--db",
                    db_url, "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["run"]["claims"] == 3
    assert [(e["line"], e["file"]) for e in payload["errors"]] == [(2, str(path))]
    assert "undisclosed" in payload["errors"][0]["message"]
    assert [(u["mention"], u["line"]) for u in payload["unmatched"]] == [("Zorglub Industries", 3)]
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.Claim)).scalar() == 3
    engine.dispose()


def test_duplicate_claims_are_stored_once(tmp_path, ready_db):
    db_url = ready_db
    path = write_claims(tmp_path, GOOD + GOOD)
    other = write_claims(tmp_path, GOOD, name="again.jsonl")
    payload = json.loads(invoke("run", "--claims", path, "--claims", other, "--seeds", SEEDS,
                                "--rules", RULES, "--db", db_url, "--format", "json").stdout)
    assert payload["run"]["claims"] == 1


def test_normalize_and_match_commands():
    result = invoke("normalize", "--json", "plus de 10 milliards de dollars", "environ 11 %")
    first, second = json.loads(result.stdout)
    assert first == {"input": "plus de 10 milliards de dollars", "low": 10_000_000_000,
                     "high": None, "low_inclusive": False, "high_inclusive": False, "point": None,
                     "approx": False, "hedged": False, "unit": "currency", "currency": "USD"}
    assert second["point"] == 11 and second["approx"] is True and second["unit"] == "percent"
    bad = CliRunner().invoke(main, ["normalize", "--json", "$5bn", "undisclosed"])
    assert bad.exit_code == 2
    assert "error" in json.loads(bad.stdout)[1] and json.loads(bad.stdout)[0]["low"] == 5 * 10**9
    stdin = CliRunner().invoke(main, ["normalize", "--lang", "fr", "--json", "-"],
                               input="jusqu'à 30 milliards de dollars\n1 000\n")
    assert [r["high"] for r in json.loads(stdin.stdout)] == [30 * 10**9, 1000]

    matched = json.loads(invoke("match", "--json", "--seeds", SEEDS, "--rules", RULES,
                                "Softbank Group Corp.", "Zorglub").stdout)
    assert matched[0]["entity_id"] == "softbank" and matched[0]["method"] in ("alias", "exact")
    assert matched[0]["candidates"][0]["entity_id"] == "softbank"
    assert matched[1]["entity_id"] is None and matched[1]["method"] == "none"


def test_graph_export(ready_db, tmp_path):
    db_url = ready_db
    run_json(db_url)
    out = tmp_path / "g.graphml"
    assert invoke("graph", "--db", db_url, "--format", "graphml", "-o", out).exit_code == 0
    import networkx as nx
    g = nx.read_graphml(out)
    assert g.edges["art000-amazon-ti-1", "art000-amazon-ti-2"]["relation"] == "narrows"
    dot = invoke("graph", "--db", db_url, "--format", "dot").stdout
    assert '"art000-amazon-ti-1" -- "art000-amazon-ti-2"' in dot


def _seed_claims():
    doc = yaml.safe_load((SEEDS / "article-000.yaml").read_text(encoding="utf-8"))
    return doc["claims"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_shuffling_the_input_claims_gives_identical_resolutions(tmp_path, rnd):
    claims = _seed_claims()
    baseline = compute(None, SEEDS, RULES).resolutions
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    (work / "claims.yaml").write_text(yaml.safe_dump({"claims": shuffled}, allow_unicode=True),
                                      encoding="utf-8")
    got = compute([work / "claims.yaml"], SEEDS, RULES).resolutions
    strip = lambda rs: [(r.key, r.status, r.interval, r.display, r.roles, r.sources) for r in rs]
    assert strip(got) == strip(baseline)
