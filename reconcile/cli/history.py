"""`reconcile runs`, `diff`, `graph` and `outlets`: the stored runs, what changed between two,
a run's graph, and its outlets' trust."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reconcile import commands
from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import db_option, run_id_option


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
@db_option
@exits_on_error
def runs(as_json, db_url) -> None:
    """List stored runs, newest first."""
    from reconcile.report import to_json

    rows = commands.runs(db_url)
    if as_json:
        click.echo(to_json(rows), nl=False)
        return
    for r in rows:
        statuses = ", ".join(f"{n} {s}" for s, n in r["statuses"].items())
        click.echo(f"{r['id']:>5}  {r['started_at']}  {r['claims']:>8} claims  "
                   f"inputs {r['inputs_sha256'][:12]}  rules {r['rules_sha256'][:12]}  {statuses}")


@click.command()
@click.argument("run_a")
@click.argument("run_b")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text",
              show_default=True, help="text lines, one JSON object, or a Markdown summary.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the changes here instead of stdout.")
@click.option("--exit-code", is_flag=True, help="Exit 1 when some key changed (as git diff does).")
@db_option
@exits_on_error
def diff(run_a, run_b, fmt, output, exit_code, db_url) -> None:
    """Keys whose range or status changed from RUN_A to RUN_B, with the claims that changed them.

    RUN_A and RUN_B are stored run ids, `latest`, or run_results.json files.
    """
    from reconcile.report import to_json
    from reconcile.report.diff import diff_json, iter_diff_markdown, iter_diff_text

    changes, name_a, name_b = commands.diff(run_a, run_b, db_url)
    if fmt == "json":
        text = to_json(diff_json(changes, name_a, name_b))
    elif fmt == "md":
        text = "".join(iter_diff_markdown(changes, name_a, name_b))
    else:
        text = "".join(iter_diff_text(changes, name_a, name_b))
    _write_text(text, output)
    sys.exit(1 if exit_code and changes else 0)


@click.command()
@run_id_option
@click.option("--format", "fmt", type=click.Choice(["graphml", "dot"]), default="graphml",
              show_default=True, help="GraphML (for graph tools) or Graphviz DOT.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the graph here instead of stdout.")
@db_option
@exits_on_error
def graph(run_id, fmt, output, db_url) -> None:
    """Export the conflict graph of a stored run."""
    from reconcile.graph import to_dot, to_graphml

    g = commands.graph(run_id, db_url)
    _write_text(to_graphml(g) if fmt == "graphml" else to_dot(g), output)


def _write_text(text: str, output: Path | None) -> None:
    from reconcile.output import write_text

    if output is None:
        click.echo(text, nl=False)
    else:
        write_text(output, text)


@click.command()
@run_id_option
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object: the outlets and the learning's summary.")
@db_option
@exits_on_error
def outlets(run_id, as_json, db_url) -> None:
    """Each outlet of a run: prior and learned trust, claims kept and set aside, copying."""
    from reconcile.report import to_json
    from reconcile.report.outlets import render_outlets

    found, rows, learned = commands.outlets(run_id, db_url)
    if as_json:
        learning = {k: v for k, v in (learned or {}).items() if k != "outlets"} or None
        click.echo(to_json({"run": found, "learning": learning, "outlets": rows}), nl=False)
        return
    click.echo(render_outlets(found, rows, learned), nl=False)
