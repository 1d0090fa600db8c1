"""Helpers shared by the report tests: the conflict fixture's rules, CLI calls, parsed outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import ROOT, RULES, SEEDS

from reconcile.cli import main

DATA = ROOT / "tests" / "data" / "report"
CONFLICTS = DATA / "conflicts.yaml"
INJECTION = DATA / "injection.yaml"

# The keys of conflicts.yaml and the status each resolves to (with `report_rules`).
CONFLICT_STATUSES = {
    "amazon/investment/openai": "conflict",
    "openai/valuation": "conflict",
    "nvidia/investment/openai": "settled",
    "microsoft/investment/openai": "agreed",
    "softbank/stake/openai@2025-12": "single_source",
    "openai/round_total": "unresolved",
}


def report_rules(tmp_path: Path) -> Path:
    """The repository's rules plus an outlet below min_trust, so that one key is unresolved."""
    rules = tmp_path / "rules"
    if not rules.exists():
        shutil.copytree(RULES, rules)
        doc = yaml.safe_load((rules / "outlets.yaml").read_text(encoding="utf-8"))
        doc["outlets"]["Gossip Weekly"] = 0.1
        (rules / "outlets.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True),
                                            encoding="utf-8")
    return rules


def invoke(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def run(tmp_path: Path, *extra, claims=CONFLICTS, db=None, results=None, env=None):
    """`reconcile run` on `claims` (None: the seed), results written under tmp_path."""
    db = db or f"sqlite:///{tmp_path / 'reconcile.db'}"
    results = results or tmp_path / "run_results.json"
    args = ["run", "--seeds", SEEDS, "--rules", report_rules(tmp_path) if claims else RULES,
            "--db", db, "--results", results, *extra]
    if claims:
        args[1:1] = ["--claims", claims]
    return invoke(*args, env=env)


def key_text(r: dict) -> str:
    base = "/".join(p for p in (r["subject_id"], r["attribute"], r["object_id"]) if p)
    return f"{base}@{r['as_of']}" if r["as_of"] else base


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
