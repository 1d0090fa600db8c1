"""`reconcile run` and `reconcile report`: a run stored and reported, or a stored run reported."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from reconcile import commands, config
from reconcile.cli.errors import exits_on_error
from reconcile.cli.options import (all_rows_option, db_option, parse_fail_on, render_options,
                                   report_options, rules_option, run_id_option, seeds_option)
from reconcile.cli.progress import StageProgress, format_timings


@click.command()
@click.option("--claims", "claim_paths", multiple=True, type=click.Path(path_type=Path),
              help="Claim files or directories (repeatable); default: the claims in --seeds.")
@click.option("--articles", "article_paths", multiple=True, type=click.Path(path_type=Path),
              help="A trial: extract claims from these articles (files or folders, repeatable) "
                   "and run them too, each marked as extracted (see `reconcile extract`).")
@seeds_option
@rules_option
@db_option
@report_options
@click.option("--results", "results_path", default=config.RESULTS_PATH, show_default=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Where every run writes its JSON results (also when it exits 1): the CI artifact.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no notes on stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Print stage timings on stderr.")
@click.option("--full", is_flag=True,
              help="Read every file and resolve every key again, even those unchanged since "
                   "the last run.")
@all_rows_option
@click.option("--wait", type=click.FloatRange(min=0), default=config.RUN_WAIT_SECONDS,
              show_default=True, metavar="SECONDS",
              help="How long to wait for another run on the same database to finish; then "
                   "exit 2, naming it.")
@exits_on_error
def run(claim_paths, article_paths, seeds_dir, rules_dir, db_url, fmt, output, fail_on, baseline,
        results_path, quiet, verbose, full, all_rows, wait) -> None:
    """Read, normalize, match and resolve every claim; store the run; print the resolutions.

    Exits 0 when no key has a status named by --fail-on, 1 when one has, 2 on bad usage or bad
    input (nothing is stored), 3 on an internal error.
    """
    fail_statuses = parse_fail_on(fail_on)
    with StageProgress(enabled=not quiet and sys.stderr.isatty()) as progress:
        result = commands.run(
            claim_paths, seeds_dir, rules_dir, db_url, fmt=fmt, output=output,
            fail_on=fail_statuses, baseline=baseline, results=results_path, full=full,
            wait=wait, on_stage=progress.stage, articles=article_paths, all_rows=all_rows,
            options={"claims": [str(p) for p in claim_paths], "seeds": str(seeds_dir),
                     **({"articles": [str(p) for p in article_paths]} if article_paths else {}),
                     "rules": str(rules_dir), "fail_on": fail_on})
    if verbose:
        click.echo(format_timings(progress.timings, progress.total, result.timings), err=True,
                   nl=False)
    if result.verdict.baseline is not None and not quiet:
        click.echo(f"reconcile: {result.verdict.summary()}", err=True)
    if not quiet:
        click.echo(f"reconcile: run {result.run_id} root sha256 {result.root_sha256}", err=True)
    sys.exit(result.verdict.exit_code)


@click.command()
@run_id_option
@render_options
@all_rows_option
@db_option
@exits_on_error
def report(run_id, fmt, output, fail_on, baseline, all_rows, db_url) -> None:
    """Render a stored run in any format, without recomputing it (exits 0: it only renders)."""
    commands.report(run_id, db_url, fmt=fmt, output=output, fail_on=parse_fail_on(fail_on),
                    baseline=baseline, all_rows=all_rows)
