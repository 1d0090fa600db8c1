"""Command line: each command parses its options, calls one function of `reconcile.commands`,
renders what it returns, and leaves errors to `cli.errors`, which maps them to exit codes.

    run       run, report
    lookup    normalize, match, explain
    history   runs, diff, graph
    database  db upgrade|current|check
    review    review [accept|reject|new-entity|export]
    synth     synth
    audit     audit verify
"""

from __future__ import annotations

import click

from reconcile.cli import audit, database, history, lookup, review, run, synth
from reconcile.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reconcile")
def main() -> None:
    """Reconcile claims from many outlets into one answer per fact, with its reasons."""


for command in (run.run, lookup.normalize, lookup.match, lookup.explain, history.runs,
                run.report, history.diff, history.graph, database.db_group, review.review_group,
                synth.synth, audit.audit_group):
    main.add_command(command)

__all__ = ["main"]
