"""`reconcile review`: the queue of doubtful mentions and the decisions reviewers record."""

from __future__ import annotations

import click

from reconcile import commands
from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import db_option, reviewer_options, run_id_option, seeds_option


@click.group(name="review", invoke_without_command=True)
@run_id_option
@click.option("--json", "as_json", is_flag=True, help="Print the queue as one JSON array.")
@db_option
@click.pass_context
@exits_on_error
def review_group(ctx, run_id, as_json, db_url) -> None:
    """The queue of mentions no entity took with confidence; subcommands record decisions."""
    if ctx.invoked_subcommand is not None:
        return
    from reconcile.report import to_json

    items = commands.review_queue(run_id, db_url)
    if as_json:
        click.echo(to_json([item.__dict__ for item in items]), nl=False)
        return
    if not items:
        click.echo("review queue is empty")
    for item in items:
        cands = ", ".join(f"{c['entity_id']} ({c['score']:.0f})" for c in item.candidates) or "none"
        click.echo(f"{item.mention!r}  [{item.band}]  {len(item.claims)} claim(s): "
                   f"{', '.join(item.places)}\n    candidates: {cands}")


def _decide(db_url, seeds_dir, mention, action, **decision) -> None:
    d = commands.review_decide(mention, action, seeds=seeds_dir, db=db_url, **decision)
    target = d.entity_id or "not an entity"
    click.echo(f"recorded: {d.mention!r} -> {target} ({d.action} by {d.decided_by}); "
               "the next `reconcile run` applies it")


@review_group.command("accept")
@click.argument("mention")
@click.argument("entity_id")
@reviewer_options
@seeds_option
@db_option
@exits_on_error
def review_accept(mention, entity_id, by, reason, seeds_dir, db_url) -> None:
    """MENTION is the entity ENTITY_ID."""
    _decide(db_url, seeds_dir, mention, "accept", entity_id=entity_id, by=by, reason=reason)


@review_group.command("reject")
@click.argument("mention")
@reviewer_options
@seeds_option
@db_option
@exits_on_error
def review_reject(mention, by, reason, seeds_dir, db_url) -> None:
    """MENTION is no known entity: its claims stay unmatched, without further review."""
    _decide(db_url, seeds_dir, mention, "reject", by=by, reason=reason)


@review_group.command("new-entity")
@click.argument("mention")
@click.option("--id", "entity_id", required=True, help="Slug of the new entity.")
@click.option("--name", default=None, help="Display name (default: the mention).")
@reviewer_options
@seeds_option
@db_option
@exits_on_error
def review_new_entity(mention, entity_id, name, by, reason, seeds_dir, db_url) -> None:
    """MENTION is a new entity, ENTITY_ID; `review export` adds it to the seeds."""
    _decide(db_url, seeds_dir, mention, "new-entity", entity_id=entity_id, entity_name=name,
            by=by, reason=reason)


@review_group.command("export")
@click.option("--write", is_flag=True, help="Rewrite the seeds' entities file in place.")
@seeds_option
@db_option
@exits_on_error
def review_export(write, seeds_dir, db_url) -> None:
    """The seeds' entities with reviewed mentions as aliases (stdout, or --write in place)."""
    path, count, text = commands.review_export(seeds_dir, db_url, write=write)
    if write:
        click.echo(f"{path}: {count} entities written", err=True)
    else:
        click.echo(text, nl=False)
