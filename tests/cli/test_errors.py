"""How commands end: a ReconcileError in one line with exit 2, a bug in one line with exit 3."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import RULES, SEEDS
from reconcile import errors
from reconcile.cli import main


@pytest.fixture
def broken_runs(monkeypatch):
    """`reconcile runs` with a bug in it."""
    def bug(db=None):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr("reconcile.commands.runs", bug)


def test_an_internal_error_is_one_line_and_exit_3(broken_runs, tmp_path):
    result = CliRunner().invoke(main, ["runs", "--db", f"sqlite:///{tmp_path / 'r.db'}"])
    assert result.exit_code == errors.EXIT_INTERNAL == 3
    assert "error: internal error: ZeroDivisionError: division by zero" in result.output
    assert "--debug" in result.output and "Traceback" not in result.output


def test_debug_lets_the_traceback_through(broken_runs, tmp_path):
    result = CliRunner().invoke(main, ["--debug", "runs", "--db", f"sqlite:///{tmp_path / 'r.db'}"])
    assert isinstance(result.exception, ZeroDivisionError)


def test_run_help_states_the_exit_codes():
    text = CliRunner().invoke(main, ["--help"]).output
    for code in ("0 done", "1 done", "2 bad usage", "3 internal error"):
        assert code in text
    text = " ".join(CliRunner().invoke(main, ["run", "--help"]).output.split())
    for code in ("Exits 0 when", "1 when one has", "2 on bad usage", "3 on an internal error"):
        assert code in text


def test_every_option_has_a_help_text():
    import click

    def walk(cmd, path):
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            yield from walk(sub, f"{path} {name}")

    missing = [f"{path} {opt.opts[0]}" for path, cmd in walk(main, "reconcile")
               for opt in cmd.params if isinstance(opt, click.Option) and not opt.help]
    assert missing == []


def test_bad_input_is_exit_2_with_the_place(tmp_path):
    bad = tmp_path / "claims.jsonl"
    bad.write_text('{"outlet": "X", "subject": "Amazon", "attribute": "investment"}\n')
    result = CliRunner().invoke(main, ["run", "--claims", str(bad), "--seeds", str(SEEDS),
                                       "--rules", str(RULES), "-q",
                                       "--db", f"sqlite:///{tmp_path / 'r.db'}"])
    assert result.exit_code == 2
    assert f"{bad}:1: value: required field is missing" in result.output
