"""`reconcile db upgrade|current|check`: the database's schema revision."""

from __future__ import annotations

import click

from reconcile import commands
from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import db_option


@click.group(name="db")
def db_group() -> None:
    """Database migrations."""


@db_group.command()
@db_option
@click.option("--revision", default="head", show_default=True,
              help="The schema revision to migrate to (an id from migrations/versions/).")
@exits_on_error
def upgrade(db_url, revision) -> None:
    """Migrate the database to REVISION (what a team runs against PostgreSQL)."""
    url, now = commands.db_upgrade(db_url, revision)
    click.echo(f"{url}: at revision {now}")


@db_group.command()
@db_option
@exits_on_error
def current(db_url) -> None:
    """Print the database's revision and the latest one."""
    now, head = commands.db_current(db_url)
    click.echo(f"current: {now}  head: {head}")


@db_group.command("check")
@db_option
@exits_on_error
def db_check(db_url) -> None:
    """Exit 0 when the database schema is what this version of reconcile expects."""
    click.echo(f"schema matches revision {commands.db_check(db_url)}")
