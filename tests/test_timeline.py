"""`reconcile explain --timeline`: an attribute over its periods, each with its claims by date."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import RULES, SEEDS
from reconcile.cli import main


def test_a_timeline_over_three_periods(tmp_path, ready_db):
    claims = [("2024", "$10 billion", "Reuters", "2024-12-01"),
              ("2025-06", "$20 billion", "Reuters", "2025-06-10"),
              ("2025-06", "about $21 billion", "The Information", "2025-06-12"),
              ("2025-12", "$41 billion", "Reuters", "2025-12-20"),
              (None, "more than $30 billion", "Bloomberg", "2026-01-05")]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"outlet": outlet, "subject": "SoftBank",
                                        "attribute": "investment", "object": "OpenAI",
                                        "value": value, "published": published,
                                        **({"as_of": as_of} if as_of else {})}) + "\n"
                            for as_of, value, outlet, published in claims), encoding="utf-8")
    db = ready_db
    common = ["--seeds", str(SEEDS), "--rules", str(RULES), "--db", db]
    assert CliRunner().invoke(main, ["run", "--claims", str(path), "-q", "--results",
                                     str(tmp_path / "r.json"), *common]).exit_code == 0
    text = CliRunner().invoke(main, ["explain", "--timeline", *common, "softbank",
                                     "investment", "openai"]).output
    lines = text.splitlines()
    assert lines[0] == "SoftBank Group → OpenAI · investment over time (run 1)"
    periods = [line.split()[0] for line in lines[1:] if not line.startswith("      ")]
    assert periods == ["2024", "2025-06", "2025-12", "undated"]
    june = lines.index(next(line for line in lines if line.startswith("  2025-06")))
    assert lines[june + 1].split()[:2] == ["2025-06-10", "Reuters"]
    assert lines[june + 2].split()[:3] == ["2025-06-12", "The", "Information"]
    as_json = json.loads(CliRunner().invoke(main, ["explain", "--timeline", "--json", *common,
                                                   "softbank", "investment", "openai"]).output)
    assert [r["as_of"] for r in as_json["timeline"]] == ["2024", "2025-06", "2025-12", None]
    assert [r["display"] for r in as_json["timeline"]][:3] == ["$10B", "$20B", "$41B"]
