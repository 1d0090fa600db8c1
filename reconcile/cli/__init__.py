"""Command line: each command parses its options, calls one function of `reconcile.commands`,
renders what it returns, and leaves errors to `cli.errors`, which maps them to exit codes.

    run       run, report
    lookup    normalize, match, explain
    history   runs, diff, graph, outlets
    database  db upgrade|current|check
    review    review [accept|reject|new-entity|export]
    review_values  review conflicts|prefer|reject-claim|pin|reopen|history
    review_candidates  review candidates|accept-claims
    synth     synth
    serve     serve (the review page, reconcile.serve)
    audit     audit verify
    verify    verify
    extract   extract
"""

from __future__ import annotations

import click

# review_values and review_candidates add their commands to the `review` group as it is imported
from reconcile.cli import (audit, database, extract, history, lookup, review,  # noqa: F401
                           review_candidates, review_values, run, serve, synth, verify)
from reconcile.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reconcile")
@click.option("--debug", is_flag=True, help="Let the traceback of an internal error through.")
def main(debug) -> None:
    """Reconcile claims from many outlets into one answer per fact, with its reasons.

    Exit codes: 0 done, nothing matched --fail-on; 1 done, some key has a status named by
    --fail-on; 2 bad usage or bad input (the message names the file, line and field);
    3 internal error.
    """


for command in (run.run, lookup.normalize, lookup.match, lookup.explain, history.runs,
                run.report, history.diff, history.graph, history.outlets, database.db_group, review.review_group,
                synth.synth, audit.audit_group, serve.serve, verify.verify, extract.extract):
    main.add_command(command)

__all__ = ["main"]
