"""The public Python API: what `reconcile` declares, and docs/python.md's examples run as written."""

from __future__ import annotations

import contextlib
import io
import re
import shutil

import reconcile
from conftest import ROOT, RULES, SEEDS
from reconcile import commands, errors


def test_every_declared_name_is_there_and_nothing_private():
    assert sorted(reconcile.__all__) == sorted(set(reconcile.__all__))
    for name in reconcile.__all__:
        assert hasattr(reconcile, name), name
        assert not name.startswith("_") or name == "__version__"


def test_every_error_is_a_reconcile_error_with_an_exit_code():
    kinds = [errors.InputError, errors.RulesError, errors.UnreadableValue, errors.DatabaseError,
             errors.RunNotFound, errors.ReportInputError, errors.ReviewError, errors.OutputError]
    for kind in kinds:
        assert issubclass(kind, reconcile.ReconcileError)
        assert kind.exit_code in errors.EXIT_CODES


def _python_blocks() -> list[str]:
    text = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.S)


def test_the_python_examples_run_as_written(tmp_path, monkeypatch):
    blocks = _python_blocks()
    assert len(blocks) == 2
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(RULES, tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in blocks:
            exec(compile(block, "docs/python.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert lines[0] == "1 0"  # run 1, nothing failed
    assert lines[1] == "$20–50B agreed"
    assert sorted(lines[2:5]) == ["bound Reuters l’investissement pourrait atteindre 50 milliards",
                                  "bound The Information peut même franchir la barre des 20 milliards",
                                  "support The Information dépasse largement les 10 milliards"]
    assert "amazon/investment/openai agreed" in lines
    assert not (tmp_path / ".reconcile" / "run_results.json").exists()  # results=None


def test_a_run_from_python_equals_the_cli_run(tmp_path, monkeypatch):
    """The programmatic runner is the CLI's: the same JSON, run header aside."""
    import json

    from click.testing import CliRunner

    from reconcile.cli import main

    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    commands.run(seeds=SEEDS, rules=RULES, db=f"sqlite:///{tmp_path / 'a.db'}", fmt="json",
                 out=out, results=tmp_path / "a.json")
    cli = CliRunner().invoke(main, ["run", "--seeds", str(SEEDS), "--rules", str(RULES), "--db",
                                    f"sqlite:///{tmp_path / 'b.db'}", "--format", "json", "-q",
                                    "--results", str(tmp_path / "b.json")])
    assert cli.exit_code == 0, cli.output
    a, b = json.loads(out.getvalue()), json.loads(cli.output)
    for side in (a, b):
        for field in ("started_at", "finished_at", "root_sha256"):  # the root hashes the times
            side["run"].pop(field)
    assert a == b


def test_a_verb_stays_a_function_when_its_module_is_imported_first():
    """`reconcile.commands` imports its verbs on first use; importing the module of a verb of
    the same name (`reconcile.commands.run`) must not put the module in the verb's place."""
    import subprocess
    import sys

    code = ("import reconcile.commands.verify, reconcile.commands.run\n"
            "from reconcile import commands\n"
            "print(commands.run.__module__, commands.verify.__module__, commands.synth.__module__,"
            " type(reconcile.compute).__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    assert done.stdout.split() == ["reconcile.commands.run", "reconcile.commands.verify",
                                   "reconcile.commands.synth", "function"]
