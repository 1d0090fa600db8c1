"""Options shared by several commands, as decorators, and how option values are checked."""

from __future__ import annotations

from pathlib import Path

import click

from reconcile import config
from reconcile.core import STATUSES
from reconcile.report import FORMATS

seeds_option = click.option(
    "--seeds", "seeds_dir", default=str(config.SEEDS_DIR), show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory with entities.(csv|yaml) and, by default, the claims.")

rules_option = click.option(
    "--rules", "rules_dir", default=str(config.RULES_DIR), show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Directory of rules YAML files.")

db_option = click.option(
    "--db", "db_url", default=None, metavar="URL",
    help=f"Database URL (default: ${config.DATABASE_URL_ENV}, else {config.DEFAULT_DATABASE_URL}).")

run_id_option = click.option("--run", "run_id", type=int, default=None,
                             help="Run id (default: the latest).")

json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")

all_rows_option = click.option(
    "--all", "all_rows", is_flag=True,
    help="Text table: every key; without it, the failing keys and the first 50 others.")


def parse_fail_on(value: str) -> set[str]:
    """`--fail-on`: statuses separated by commas, or `never`."""
    statuses = {s.strip() for s in value.split(",") if s.strip()}
    if statuses == {"never"}:
        return set()
    unknown = statuses - set(STATUSES)
    if unknown or not statuses:
        raise click.BadParameter(f"{value!r}: expected `never` or statuses among "
                                 f"{', '.join(STATUSES)}", param_hint="--fail-on")
    return statuses


def report_options(f, *, exits: bool = True):
    """--format, --output, --fail-on and --baseline: how `run` and `report` render a run.

    `run` exits 1 on a failing status; `report` only renders (`exits=False`).
    """
    f = click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="An earlier run_results.json: fail only on failing keys that are new "
                          "or changed since; report the fixed ones.")(f)
    f = click.option("--fail-on", default="conflict", show_default=True, metavar="STATUS[,STATUS]",
                     help="Statuses that fail (exit 1; failures in junit, errors in github), "
                          "or `never`." if exits else
                          "Statuses the report marks as failing (failures in junit, errors in "
                          "github), or `never`; `report` itself exits 0.")(f)
    f = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write the report here instead of stdout.")(f)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
                        show_default=True,
                        help="text table, contract JSON, Markdown summary, HTML page, JUnit XML, "
                             "or GitHub annotations.")(f)


def render_options(f):
    """The report options of a command that only renders a stored run."""
    return report_options(f, exits=False)


def reviewer_options(f):
    f = click.option("--by", default=None, help="Reviewer (default: the OS user).")(f)
    return click.option("--reason", default="", help="Why; kept in the audit trail.")(f)
