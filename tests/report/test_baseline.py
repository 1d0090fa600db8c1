"""`reconcile run --baseline`: only conflicts that are new or changed since the baseline fail."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
from report_support import CONFLICTS, load, run

from reconcile.report import judge, schema

NEW_CONFLICT = ('  - {id: sb-stake-reuters, outlet: Reuters, subject: SoftBank, attribute: stake,\n'
                '     object: OpenAI, as_of: "2025-12", value: "25 %"}\n')


def claims_with(tmp_path, text, name="claims.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def baseline_of(tmp_path):
    """A first run of the conflict fixture, kept as the baseline (it has two open conflicts)."""
    result = run(tmp_path, results=tmp_path / "baseline.json")
    assert result.exit_code == 1
    return tmp_path / "baseline.json"


def test_an_unchanged_repository_passes(tmp_path):
    baseline = baseline_of(tmp_path)
    result = run(tmp_path, "--baseline", baseline)
    assert result.exit_code == 0, result.output
    assert "baseline " in result.stderr and "0 new, 0 changed, 2 known, 0 fixed" in result.stderr
    written = load(tmp_path / "run_results.json")
    assert written["baseline"] == {"file": str(baseline), "fail_on": ["conflict"], "new": [],
                                   "changed": [], "fixed": [], "known": 2}
    jsonschema.validate(written, schema())
    junit = ET.fromstring(run(tmp_path, "--baseline", baseline, "--format", "junit").stdout)
    assert junit.get("failures") == "0"
    assert len(junit.findall(".//testcase/skipped")) == 2 + 2  # 2 known keys, 2 unusable claims


def test_a_new_conflicting_claim_fails_with_exactly_that_key_named(tmp_path):
    baseline = baseline_of(tmp_path)
    claims = claims_with(tmp_path, CONFLICTS.read_text(encoding="utf-8") + NEW_CONFLICT)
    result = run(tmp_path, "--baseline", baseline, claims=claims)
    assert result.exit_code == 1
    assert "1 new, 0 changed, 2 known, 0 fixed" in result.stderr
    new_lines = [line for line in result.stdout.splitlines() if line.strip().startswith("new:")]
    assert len(new_lines) == 1
    assert new_lines[0].startswith("  new:     softbank/stake/openai@2025-12: conflict conflict: ")
    written = load(tmp_path / "run_results.json")
    assert [k["key"] for k in written["baseline"]["new"]] == ["softbank/stake/openai@2025-12"]
    for fmt, failing in (("junit", None), ("github", None), ("md", None)):
        out = run(tmp_path, "--baseline", baseline, "--format", fmt, claims=claims).stdout
        if fmt == "junit":
            root = ET.fromstring(out)
            failed = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
            assert failed == ["softbank/stake/openai@2025-12"]
        elif fmt == "github":
            errors = [line for line in out.splitlines() if line.startswith("::error")]
            assert len(errors) == 2 and all("softbank/stake/openai@2025-12" in e for e in errors)
        else:
            assert "🆕 `softbank/stake/openai@2025-12`" in out and "### Failing keys (1)" in out
    # without the baseline, all three conflicts fail
    assert run(tmp_path, claims=claims).exit_code == 1


def test_a_resolved_conflict_is_reported_as_fixed(tmp_path):
    baseline = baseline_of(tmp_path)
    text = CONFLICTS.read_text(encoding="utf-8").replace('value: "$8bn", url', 'value: "$5bn", url')
    result = run(tmp_path, "--baseline", baseline, claims=claims_with(tmp_path, text))
    assert result.exit_code == 0, result.output
    assert "0 new, 0 changed, 1 known, 1 fixed" in result.stderr
    assert "  fixed:   amazon/investment/openai: conflict → agreed $5B" in result.stdout
    fixed = load(tmp_path / "run_results.json")["baseline"]["fixed"]
    assert [(f["was"]["key"], f["now"]["status"]) for f in fixed] == [
        ("amazon/investment/openai", "agreed")]


def test_a_known_conflict_that_changes_fails_again(tmp_path):
    baseline = baseline_of(tmp_path)
    extra = ('  - {id: amzn-softbank, outlet: SoftBank, subject: Amazon, attribute: investment,\n'
             '     object: OpenAI, value: "$12bn"}\n')
    claims = claims_with(tmp_path, CONFLICTS.read_text(encoding="utf-8") + extra)
    result = run(tmp_path, "--baseline", baseline, claims=claims)
    assert result.exit_code == 1
    assert "0 new, 1 changed, 1 known, 0 fixed" in result.stderr
    assert "changed: amazon/investment/openai: conflict conflict: $5B vs $8B → conflict" in result.stdout


def test_a_removed_key_is_fixed_and_fail_on_is_respected(tmp_path):
    baseline = baseline_of(tmp_path)
    text = "\n".join(line for line in CONFLICTS.read_text(encoding="utf-8").splitlines()
                     if "oai-val" not in line and "value: \"$1 trillion\"" not in line) + "\n"
    claims = claims_with(tmp_path, text)
    result = run(tmp_path, "--baseline", baseline, claims=claims)
    assert result.exit_code == 0
    assert "fixed:   openai/valuation: conflict → no longer resolved" in result.stdout
    # the baseline records statuses, not failures: with a wider --fail-on, a key the baseline
    # already had with that status is known, not new
    result = run(tmp_path, "--baseline", baseline, "--fail-on", "conflict,unresolved")
    assert result.exit_code == 0 and "0 new, 0 changed, 3 known" in result.stderr
    result = run(tmp_path, "--baseline", baseline, "--fail-on", "conflict,unresolved,settled")
    assert result.exit_code == 0 and "0 new, 0 changed, 4 known" in result.stderr


def test_judge_compares_status_and_range():
    def res(status, low=None, high=None, display="x", key="a"):
        return {"subject_id": key, "attribute": "v", "object_id": None, "as_of": None,
                "status": status, "low": low, "high": high, "low_inclusive": True,
                "high_inclusive": True, "unit": "currency", "currency": "USD", "display": display}

    before = {"resolutions": [res("settled", 1, 2), res("conflict", display="c: 1 vs 2", key="b")]}
    same = {"resolutions": [res("settled", 1.0, 2.0), res("conflict", display="c: 1 vs 2", key="b")]}
    verdict = judge(same, {"settled", "conflict"}, before, "base.json")
    assert verdict.exit_code == 0 and len(verdict.known) == 2
    moved = {"resolutions": [res("settled", 1, 3), res("conflict", display="c: 1 vs 2", key="b")]}
    verdict = judge(moved, {"settled", "conflict"}, before, "base.json")
    assert [r["subject_id"] for r in verdict.failing] == ["a"] and len(verdict.changed) == 1
    assert judge(moved, {"conflict"}, before, "base.json").exit_code == 0
    assert json.dumps(verdict.as_json())
