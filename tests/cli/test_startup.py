"""Start-up: `reconcile --help` and a re-run of unchanged inputs import no heavy library.

Each check runs in a fresh interpreter and looks at `sys.modules`, not at a clock: a heavy
import that comes back at module level fails here whatever the machine's speed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from conftest import ROOT, RULES, SEEDS

HEAVY = {"sqlalchemy", "alembic", "networkx", "numpy", "rapidfuzz"}
WATCHED = HEAVY | {"reconcile"}


def _modules_after(code: str, cwd=ROOT) -> set[str]:
    """The top-level packages (and reconcile's modules) imported once `code` has run."""
    script = textwrap.dedent(code) + textwrap.dedent(f"""
        import json, sys
        print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {sorted(WATCHED)!r})))
        """)
    done = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True,
                          check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def _heavy(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules} & HEAVY


def _invoke(args: list[str]) -> str:
    """Code that runs `reconcile ARGS` in-process and carries on past its exit."""
    return f"""
        from reconcile.cli import main
        try:
            main({args!r}, prog_name="reconcile")
        except SystemExit:
            pass
        """


def test_importing_the_cli_imports_no_heavy_library():
    modules = _modules_after("import reconcile.cli")
    assert not _heavy(modules), sorted(modules)
    assert "reconcile.cli.run" in modules  # the commands themselves are there to parse


def test_help_of_every_command_imports_no_heavy_library():
    from reconcile.cli import main

    names = [[name] for name in main.commands]
    names += [[group, sub] for group in ("db", "review", "audit")
              for sub in main.commands[group].commands]
    code = "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n" + "".join(
        textwrap.indent(textwrap.dedent(_invoke([*name, "--help"])), "    ")
        for name in [[], *names])
    modules = _modules_after(code)
    assert not _heavy(modules), sorted(modules)
    assert "reconcile.commands.run" not in modules  # --help runs no verb


def test_a_rerun_of_unchanged_inputs_imports_neither_alembic_nor_networkx(tmp_path):
    run = ["run", "--seeds", str(SEEDS), "--rules", str(RULES), "--db",
           f"sqlite:///{tmp_path / 'r.db'}", "--results", str(tmp_path / "r.json"), "-q"]
    first = _modules_after(_invoke(run), cwd=tmp_path)
    assert "alembic" in _heavy(first)  # the new database was migrated: Alembic did it
    again = _modules_after(_invoke(run), cwd=tmp_path)
    assert "sqlalchemy" in _heavy(again)
    assert not {"alembic", "networkx"} & _heavy(again), sorted(again)
