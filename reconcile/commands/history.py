"""The stored runs: listed, compared, drawn as a graph, and their hash chain checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reconcile import config
from reconcile.errors import ReportInputError
from reconcile.report import read_results
from reconcile.report.diff import KeyChange, diff_runs
from reconcile.store import open_database
from reconcile.store.chain import verify
from reconcile.store.runs import latest_run_id, list_runs, run_payload, stored_graph


def runs(db: str | None = None) -> list[dict[str, Any]]:
    """Every stored run, newest first, with its resolution counts by status."""
    with open_database(config.database_url(db)) as engine:
        return list_runs(engine)


def diff(run_a: str, run_b: str, db: str | None = None) -> tuple[list[KeyChange], str, str]:
    """The keys that changed from A to B (run ids, `latest`, or run_results.json files)."""
    sides = {}
    for spec in (run_a, run_b):
        if spec.isdigit() or spec == "latest":
            with open_database(config.database_url(db)) as engine:
                run_id = latest_run_id(engine) if spec == "latest" else int(spec)
                sides[spec] = (f"run {run_id}", run_payload(engine, run_id))
        elif Path(spec).is_file():
            sides[spec] = (spec, read_results(spec))
        else:
            raise ReportInputError(f"{spec}: neither a run id, `latest`, nor a run_results.json file")
    (name_a, a), (name_b, b) = sides[run_a], sides[run_b]
    return diff_runs(a, b), name_a, name_b


def graph(run_id: int | None = None, db: str | None = None):
    """The conflict graph of a stored run (default: the latest), as a networkx graph."""
    with open_database(config.database_url(db)) as engine:
        return stored_graph(engine, run_id or latest_run_id(engine))


def audit_verify(run_id: int | None = None, db: str | None = None, *,
                 only: bool = False) -> list[Any]:
    """Recompute the hash chain of every stored run up to `run_id` (default: all), or of that run
    alone with `only`: a `store.chain.RunCheck` per run checked, the last one the first mismatch."""
    with open_database(config.database_url(db)) as engine:
        if only:
            return verify(engine, only=run_id or latest_run_id(engine))
        return verify(engine, run_id)
