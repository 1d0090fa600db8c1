"""The text table of a run: the failing keys and the first 50 others, then how many are left
out; `--all` shows every key. The JSON always has them all."""

from __future__ import annotations

import json

import pytest
from report_support import invoke

from reconcile.report.formats.text import ALL_ROWS_COMMAND, MAX_OTHER_ROWS, key_label


@pytest.fixture
def big_run(corpus, tmp_path):
    """A run of the synthetic corpus: more keys than the table shows, some in conflict."""
    db, results = f"sqlite:///{tmp_path / 'r.db'}", tmp_path / "run_results.json"
    args = ["run", "--seeds", corpus / "seeds", "--rules", corpus / "rules", "--db", db,
            "--results", results, "-q"]
    out = invoke(*args)
    assert out.exit_code == 1, out.output  # some keys are in conflict
    resolutions = json.loads(results.read_text(encoding="utf-8"))["resolutions"]
    assert len(resolutions) > MAX_OTHER_ROWS + 10
    return args, db, resolutions, out.stdout


def _rows(stdout: str) -> list[str]:
    """The table's rows, header and rule left out."""
    return stdout.split("\n\n")[0].splitlines()[2:]


def _keys_shown(rows: list[str], resolutions) -> list[str]:
    labels = [f"{key_label(r)}  " for r in resolutions]
    return [next(label for label in labels if row.startswith(label)).strip()
            for row in rows if not row.startswith("…")]


def test_run_shows_every_failing_key_and_the_first_others(big_run):
    _, _, resolutions, stdout = big_run
    failing = [r for r in resolutions if r["status"] == "conflict"]
    others = [r for r in resolutions if r["status"] != "conflict"]
    assert failing and len(others) > MAX_OTHER_ROWS
    expected = [r for r in resolutions if r in failing or r in others[:MAX_OTHER_ROWS]]
    rows = _rows(stdout)
    assert _keys_shown(rows, resolutions) == [key_label(r) for r in expected]  # the run's order
    left_out = len(resolutions) - len(expected)
    assert rows[-1] == f"… {left_out} more ({ALL_ROWS_COMMAND})"
    assert f"{len(resolutions)} keys (" in stdout  # the summary still counts every key


def test_the_command_named_under_the_table_prints_every_row(big_run):
    _, db, resolutions, stdout = big_run
    every = invoke("report", "--format", "text", "--all", "--db", db)
    assert every.exit_code == 0, every.output
    rows = _rows(every.stdout)
    assert _keys_shown(rows, resolutions) == [key_label(r) for r in resolutions]
    assert not any(row.startswith("…") for row in rows)
    # what follows the table is the same, capped or not
    assert every.stdout.split("\n\n", 1)[1] == stdout.split("\n\n", 1)[1]
    capped = invoke("report", "--format", "text", "--db", db)
    assert capped.stdout == stdout  # report without --all prints what the run printed


def test_run_all_and_fail_on_never(big_run):
    args, _, resolutions, _ = big_run
    every = invoke(*args, "--all")
    assert _keys_shown(_rows(every.stdout), resolutions) == [key_label(r) for r in resolutions]
    nothing_fails = invoke(*args, "--fail-on", "never")
    assert nothing_fails.exit_code == 0
    rows = _rows(nothing_fails.stdout)
    assert _keys_shown(rows, resolutions) == [key_label(r) for r in resolutions[:MAX_OTHER_ROWS]]
    assert rows[-1] == f"… {len(resolutions) - MAX_OTHER_ROWS} more ({ALL_ROWS_COMMAND})"
