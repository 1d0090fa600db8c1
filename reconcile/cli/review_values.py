"""`reconcile review conflicts|prefer|reject-claim|pin|reopen|history`: reviewers settle keys."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from reconcile import commands
from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import (db_option, reviewer_options, rules_option, run_id_option,
                                   seeds_option)
from reconcile.cli.review import review_group


def _key_arguments(f):
    f = click.argument("object_", metavar="[OBJECT]", required=False)(f)
    f = click.argument("attribute")(f)
    f = click.argument("subject")(f)
    return click.option("--as-of", default=None, help="The key's as_of, when it has several.")(f)


def _decide(action, subject, attribute, object_, as_of, db_url, seeds_dir, rules_dir, run_id,
            **decision) -> None:
    d = commands.review_value(action, subject, attribute, object_, as_of=as_of, run_id=run_id,
                              seeds=seeds_dir, rules=rules_dir, db=db_url, **decision)
    click.echo(f"recorded: {d.said()}: {d.action} on {d.key.text}; the next `reconcile run` "
               "applies it")


def _decision_command(name: str, help_text: str, *extra):
    def wrap(f):
        for option in reversed(extra):
            f = option(f)
        f = _key_arguments(f)
        f = reviewer_options(f)
        for option in (run_id_option, seeds_option, rules_option, db_option):
            f = option(f)
        return review_group.command(name, help=help_text)(exits_on_error(f))
    return wrap


_CLAIM = click.option("--claim", "claim_ids", multiple=True, metavar="ID",
                      help="A claim id of the key (repeatable for prefer).")


@_decision_command("prefer", "SUBJECT ATTRIBUTE [OBJECT] takes the value of these claims.",
                   _CLAIM)
def review_prefer(subject, attribute, object_, as_of, claim_ids, by, reason, run_id, seeds_dir,
                  rules_dir, db_url) -> None:
    _decide("prefer", subject, attribute, object_, as_of, db_url, seeds_dir, rules_dir, run_id,
            claim_ids=claim_ids, by=by, reason=reason)


@_decision_command("reject-claim", "Set one claim of the key aside, with a reason.", _CLAIM)
def review_reject_claim(subject, attribute, object_, as_of, claim_ids, by, reason, run_id,
                        seeds_dir, rules_dir, db_url) -> None:
    _decide("reject", subject, attribute, object_, as_of, db_url, seeds_dir, rules_dir, run_id,
            claim_ids=claim_ids, by=by, reason=reason)


@_decision_command("pin", "The key's value is this range, with a reason and a source.",
                   click.option("--value", required=True, help='The range, as a claim writes '
                                'it: "$20-50 billion", "about 11%".'),
                   click.option("--source", "source_url", default=None,
                                help="Where the value comes from (a URL)."))
def review_pin(subject, attribute, object_, as_of, value, source_url, by, reason, run_id,
               seeds_dir, rules_dir, db_url) -> None:
    _decide("pin", subject, attribute, object_, as_of, db_url, seeds_dir, rules_dir, run_id,
            value=value, source_url=source_url, by=by, reason=reason)


@_decision_command("reopen", "Undo the key's decisions: it is resolved by trust again.")
def review_reopen(subject, attribute, object_, as_of, by, reason, run_id, seeds_dir, rules_dir,
                  db_url) -> None:
    _decide("reopen", subject, attribute, object_, as_of, db_url, seeds_dir, rules_dir, run_id,
            by=by, reason=reason)


@review_group.command("conflicts")
@run_id_option
@click.option("--all", "everything", is_flag=True, help="Every key, settled ones too.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
@db_option
@exits_on_error
def review_conflicts(run_id, everything, as_json, db_url) -> None:
    """The open conflicts of a run, most claims first, with their candidates and claims."""
    from reconcile.report import to_json
    from reconcile.report.review import render_conflicts

    found, keys = commands.review_conflicts(run_id, db_url, everything=everything)
    if as_json:
        click.echo(to_json(keys), nl=False)
        return
    click.echo(render_conflicts(found, keys), nl=False)


@review_group.command("history")
@click.option("--reviewer", default=None, help="Only this reviewer's decisions.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only decisions on or after this day (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
@db_option
@exits_on_error
def review_history(reviewer, since, as_json, db_url) -> None:
    """Every value decision, oldest first."""
    from reconcile.report import to_json
    from reconcile.report.review import decision_json, render_history

    since = since.astimezone() if isinstance(since, datetime) else None
    rows = commands.review_history(reviewer, since, db_url)
    if as_json:
        click.echo(to_json([decision_json(d) for d in rows]), nl=False)
        return
    click.echo(render_history(rows), nl=False)


@review_group.command("export-values")
@click.option("--write", "path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the YAML to this file (whole or not at all) instead of stdout.")
@db_option
@exits_on_error
def review_export_values(path, db_url) -> None:
    """Every value decision as YAML, to review in a pull request like code."""
    count, text = commands.review_export_values(path, db_url)
    if path is None:
        click.echo(text, nl=False)
    else:
        click.echo(f"{path}: {count} value decision(s) written", err=True)


@review_group.command("import-values")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@exits_on_error
def review_import_values(path, db_url) -> None:
    """Record the value decisions of a YAML file (from export-values) not yet stored."""
    new, known = commands.review_import_values(path, db_url)
    click.echo(f"{path}: {new} decision(s) recorded, {known} already there")
