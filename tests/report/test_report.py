"""Reports of a stored run in every format: JSON (schema), JUnit, Markdown, GitHub annotations,
text; `reconcile report` renders without recomputing; run_results.json; diff; progress."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from conftest import ROOT, SEEDS
from report_support import (CONFLICT_STATUSES, CONFLICTS, INJECTION, invoke, key_text, load,
                            report_rules, run)
from sqlalchemy import create_engine, func, select

from reconcile.cli.progress import StageProgress, format_timings
from reconcile.report import judge, render, schema
from reconcile.report.formats.github import command
from reconcile.report.formats.markdown import md
from reconcile.store import schema as tables


def validate(payload):
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(payload, schema(), cls=jsonschema.Draft202012Validator)


@pytest.fixture
def conflict_run(tmp_path):
    result = run(tmp_path, "--format", "json")
    assert result.exit_code == 1, result.output
    return tmp_path, json.loads(result.stdout)


def count_runs(url):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(tables.Run)).scalar()
    finally:
        engine.dispose()


def test_the_conflict_fixture_has_every_status(conflict_run):
    _, payload = conflict_run
    assert {key_text(r): r["status"] for r in payload["resolutions"]} == CONFLICT_STATUSES
    assert [u["mention"] for u in payload["unmatched"]] == ["Zorglub Industries"]
    assert [e["claim_id"] for e in payload["errors"]] == ["oai-target-unreadable"]


def test_run_writes_results_even_when_it_exits_1(conflict_run):
    tmp_path, payload = conflict_run
    written = load(tmp_path / "run_results.json")
    assert written == payload
    validate(written)


def test_default_results_path_is_under_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", "--claims", CONFLICTS, "--seeds", SEEDS, "--rules", report_rules(tmp_path),
                    "--format", "md")
    assert result.exit_code == 1
    payload = load(tmp_path / ".reconcile" / "run_results.json")
    assert payload["run"]["id"] == 1 and len(payload["resolutions"]) == len(CONFLICT_STATUSES)
    assert (tmp_path / ".reconcile" / "reconcile.db").exists()


def test_json_of_seed_and_conflicts_validates_and_report_renders_it_again(db_url, tmp_path):
    if db_url.startswith("postgresql"):
        assert invoke("db", "upgrade", "--db", db_url).exit_code == 0
    seed = run(tmp_path, "--format", "json", claims=None, db=db_url)
    assert seed.exit_code == 0, seed.output
    validate(json.loads(seed.stdout))
    conflicts = run(tmp_path, "--format", "json", db=db_url)
    assert conflicts.exit_code == 1
    validate(json.loads(conflicts.stdout))
    # `report` reads the stored runs back; it computes and stores nothing
    for run_id, stdout in ((1, seed.stdout), (2, conflicts.stdout)):
        again = invoke("report", "--run", run_id, "--format", "json", "--db", db_url)
        assert again.exit_code == 0, again.output
        assert json.loads(again.stdout) == json.loads(stdout)
    latest = invoke("report", "--format", "json", "--db", db_url)
    assert json.loads(latest.stdout)["run"]["id"] == 2
    page = invoke("report", "--format", "html", "--db", db_url).stdout
    assert page.count('<article class="key status-conflict fails"') == 2
    assert page.count('<svg class="graph"') == 3 and "Decision:</strong> intersect" in page
    assert count_runs(db_url) == 2


def test_report_needs_no_input_files(tmp_path):
    claims = tmp_path / "claims.yaml"
    claims.write_text(CONFLICTS.read_text(encoding="utf-8"), encoding="utf-8")
    assert run(tmp_path, claims=claims).exit_code == 1
    claims.unlink()
    for fmt in ("text", "json", "md", "html", "junit", "github"):
        result = invoke("report", "--format", fmt, "--db", f"sqlite:///{tmp_path / 'reconcile.db'}",
                        "-o", tmp_path / f"report.{fmt}")
        assert result.exit_code == 0, (fmt, result.output)
        assert (tmp_path / f"report.{fmt}").stat().st_size > 200


def test_schema_rejects_what_breaks_the_contract(conflict_run):
    _, payload = conflict_run
    broken = json.loads(json.dumps(payload))
    del broken["resolutions"][0]["status"]
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)
    broken = json.loads(json.dumps(payload))
    broken["resolutions"][0]["claims"][0]["role"] = "winner"
    with pytest.raises(jsonschema.ValidationError):
        validate(broken)


def test_report_of_a_missing_run_exits_2(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    result = invoke("report", "--db", url)
    assert result.exit_code == 2 and "no run stored yet" in result.stderr
    assert run(tmp_path, claims=None, db=url).exit_code == 0
    result = invoke("report", "--run", 7, "--db", url)
    assert result.exit_code == 2 and "no run 7" in result.stderr


def test_junit_one_testcase_per_key_failures_for_fail_on(conflict_run):
    tmp_path, payload = conflict_run
    db = f"sqlite:///{tmp_path / 'reconcile.db'}"
    out = tmp_path / "junit.xml"
    assert run(tmp_path, "--format", "junit", "-o", out, db=db).exit_code == 1
    root = ET.parse(out).getroot()
    keys, inputs = root.findall("testsuite")
    cases = {c.get("name"): c for c in keys.findall("testcase")}
    assert set(cases) == set(CONFLICT_STATUSES)
    failed = {name for name, c in cases.items() if c.find("failure") is not None}
    assert failed == {k for k, s in CONFLICT_STATUSES.items() if s == "conflict"}
    assert cases["amazon/investment/openai"].find("failure").get("type") == "conflict"
    assert "amzn-reuters" in cases["amazon/investment/openai"].find("failure").text
    assert cases["amazon/investment/openai"].get("file").endswith("conflicts.yaml")
    assert keys.get("tests") == "6" and keys.get("failures") == "2"
    assert root.get("failures") == "2" and root.get("tests") == "8"
    assert {c.get("classname") for c in inputs.findall("testcase")} == {
        "reconcile.unmatched", "reconcile.unreadable"}
    assert all(c.find("skipped") is not None for c in inputs.findall("testcase"))

    wider = invoke("report", "--format", "junit", "--fail-on", "conflict,unresolved", "--db", db)
    root = ET.fromstring(wider.stdout)
    assert root.get("failures") == "3"
    assert invoke("report", "--format", "junit", "--fail-on", "never", "--db", db).stdout.count(
        "<failure") == 0


def test_junit_of_hostile_text_is_well_formed(tmp_path):
    claims = tmp_path / "bell.jsonl"
    claims.write_text(json.dumps({"outlet": "Reuters\u0007", "subject": "Amazon", "attribute":
                                  "investment", "object": "OpenAI", "value": "$5bn",
                                  "quote": "a \u0001 b ]]> <x/> & \"q\""}) + "\n")
    for source in (INJECTION, claims):
        result = run(tmp_path, "--format", "junit", claims=source)
        root = ET.fromstring(result.stdout)  # parses: escaped, no control characters
        assert root.tag == "testsuites"


def test_markdown_summary(conflict_run):
    tmp_path, _ = conflict_run
    text = invoke("report", "--format", "md", "--db", f"sqlite:///{tmp_path / 'reconcile.db'}").stdout
    assert text.startswith("## reconcile run 1: ❌ 2 failing key(s)")
    assert "2 conflict · 1 unresolved · 1 settled · 1 agreed · 1 single source" in text
    assert "### Failing keys (2)" in text
    assert "### Unmatched mentions (1)" in text and "Zorglub Industries" in text
    assert "### Unreadable values (1)" in text and "undisclosed" in text
    failing = text.split("### Failing keys (2)")[1].split("###")[0]
    rows = [line for line in failing.splitlines() if line.startswith("| ❌")]
    assert len(rows) == 2 and "Amazon → OpenAI · investment" in rows[0]
    assert "Reuters (0.90): “$5bn” → $5B" in rows[0]
    assert "<details><summary>All 6 keys</summary>" in text
    for line in text.splitlines():  # every table row has as many cells as its header
        if line.startswith("| "):
            assert len(re.findall(r"(?<!\\)\|", line)) == 7, line


def test_markdown_escapes_claim_text():
    assert md("a | b") == "a \\| b"
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert md("[x](javascript:1)\nnext") == "\\[x\\]\\(javascript:1\\) next"


def test_markdown_of_hostile_text_shows_it_as_text(tmp_path):
    result = run(tmp_path, "--format", "md", claims=INJECTION)
    assert "<script>" not in result.stdout and "<img" not in result.stdout
    assert "&lt;script&gt;" in result.stdout


def test_github_step_summary_is_appended(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n")
    result = run(tmp_path, "--format", "json", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    text = summary.read_text()
    assert text.startswith("# earlier step\n## reconcile run 1: ❌ 2 failing key(s)")


def test_github_annotations_at_the_conflicting_claim_lines(conflict_run):
    tmp_path, payload = conflict_run
    result = invoke("report", "--format", "github", "--db", f"sqlite:///{tmp_path / 'reconcile.db'}",
                    env={"GITHUB_WORKSPACE": str(ROOT)})
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    lines_of = {c["id"]: c["line"] for r in payload["resolutions"] for c in r["claims"]}
    expected = {("tests/data/report/conflicts.yaml", lines_of[c])
                for c in ("amzn-reuters", "amzn-ti", "oai-val-reuters", "oai-val-ti")}
    got = {re.match(r"::error file=([^,]+),line=(\d+),", line).groups() for line in errors}
    assert {(f, int(n)) for f, n in got} == expected
    assert all("title=reconcile conflict%3A " in line for line in errors)
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(warnings) == 2  # the unreadable value and the unmatched mention
    assert lines[-1].startswith("reconcile run 1: 6 keys, 2 failing key(s)")
    never = invoke("report", "--format", "github", "--fail-on", "never", "--db",
                   f"sqlite:///{tmp_path / 'reconcile.db'}").stdout
    assert "::error" not in never and never.count("::warning") == 6


def test_github_command_escaping():
    line = command("error", "50%\nnext", file="a,b:c.yaml", line=3, title="t: x, y")
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,title=t%3A x%2C y::50%25%0Anext\n"


def test_text_report_is_the_run_table(conflict_run):
    tmp_path, payload = conflict_run
    text = invoke("report", "--db", f"sqlite:///{tmp_path / 'reconcile.db'}").stdout
    assert text.splitlines()[0].split() == ["KEY", "AS", "OF", "STATUS", "VALUE", "SOURCES", "CLAIMS"]
    assert "conflict: $5B vs $8B" in text
    assert "run 1: 13 claims, 6 keys" in text
    assert render("text", payload, judge(payload, {"conflict"})) == text


def test_diff_lists_changed_keys_with_the_claims_that_changed_them(tmp_path):
    db = f"sqlite:///{tmp_path / 'reconcile.db'}"
    assert run(tmp_path).exit_code == 1
    changed = tmp_path / "changed.yaml"
    text = CONFLICTS.read_text(encoding="utf-8")
    text = text.replace('value: "$8bn", url', 'value: "$5bn", url')  # amazon: now agreed
    text += ('  - {id: msft-softbank, outlet: SoftBank, subject: Microsoft, attribute: investment,\n'
             '     object: OpenAI, value: "$40bn"}\n')
    changed.write_text(text, encoding="utf-8")
    assert run(tmp_path, claims=changed, results=tmp_path / "second.json").exit_code == 1
    result = invoke("diff", "1", "2", "--db", db)
    assert result.exit_code == 0
    out = result.stdout
    assert out.splitlines()[0] == "run 1 → run 2: 2 key(s) changed, 0 added, 0 removed"
    assert "~ amazon/investment/openai: conflict conflict: $5B vs $8B → agreed $5B" in out
    assert "~ amzn-ti: value '$8bn' → '$5bn'" in out
    assert "~ microsoft/investment/openai: agreed ≤ $8B → settled ≤ $8B" in out
    assert "+ msft-softbank  SoftBank (trust 0.90)  '$40bn' → $40B  [rejected]" in out
    assert "nvidia" not in out and "valuation" not in out
    as_json = json.loads(invoke("diff", tmp_path / "run_results.json", "latest", "--format",
                                "json", "--db", db).stdout)
    assert [c["key"] for c in as_json["changes"]] == ["amazon/investment/openai",
                                                       "microsoft/investment/openai"]
    assert as_json["changes"][1]["claims"][0]["change"] == "added"
    assert invoke("diff", "1", "2", "--exit-code", "--db", db).exit_code == 1
    assert invoke("diff", "2", "2", "--exit-code", "--db", db).exit_code == 0
    assert "| `amazon/investment/openai` |" in invoke("diff", "1", "2", "--format", "md",
                                                      "--db", db).stdout
    bad = invoke("diff", "1", "nowhere.json", "--db", db)
    assert bad.exit_code == 2 and "nowhere.json" in bad.stderr


def test_verbose_prints_stage_timings_and_quiet_prints_nothing(tmp_path):
    verbose = run(tmp_path, "--verbose", "--format", "json")
    stages = re.findall(r"^  (\w+) +[\d.]+ s", verbose.stderr, re.M)
    expected = iter(stages)  # in this order, whatever stages the pipeline adds between them
    assert all(name in expected for name in ("ingest", "normalize", "match", "graph", "resolve",
                                             "store", "load", "write", "total"))
    assert stages[-1] == "total"
    quiet = run(tmp_path, "--quiet", "--baseline", tmp_path / "run_results.json")
    assert quiet.stderr == ""


def test_progress_bar_shows_only_after_the_delay():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    quick = Tty()
    with StageProgress(enabled=True, delay=30, file=quick) as progress:
        for name in ("ingest", "normalize", "match"):
            progress.stage(name)
    assert quick.getvalue() == "" and set(progress.timings) == {"ingest", "normalize", "match"}
    slow = Tty()
    with StageProgress(enabled=True, delay=0, file=slow) as progress:
        progress.stage("ingest")
        progress.stage("normalize")
        import time
        time.sleep(0.6)
    assert "reconcile normalize" in slow.getvalue() and "1/8 stages" in slow.getvalue()
    assert "total" in format_timings(progress.timings, progress.total)


def test_bad_baseline_exits_2_before_anything_is_stored(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run(tmp_path, "--baseline", bad)
    assert result.exit_code == 2 and "bad.json: not JSON" in result.stderr
    result = run(tmp_path, "--baseline", tmp_path / "missing.json")
    assert result.exit_code == 2 and "missing.json: cannot read" in result.stderr
    bad.write_text('{"resolutions": [{"status": "conflict"}]}')
    result = run(tmp_path, "--baseline", bad)
    assert result.exit_code == 2 and "resolutions[0]: missing subject_id" in result.stderr
    assert not (tmp_path / "reconcile.db").exists() or count_runs(
        f"sqlite:///{tmp_path / 'reconcile.db'}") == 0
