"""How the CLI ends: every ReconcileError becomes one line on stderr and its exit code."""

from __future__ import annotations

import functools
import sys

import click

from reconcile.errors import ReconcileError, ReviewError


def exits_on_error(func):
    """Bad input of any kind: `error: <what and where>` on stderr and the error's exit code.

    A review decision that cannot apply is a usage error of the command line that asked for
    it, shown with the command's usage as click shows one.
    """
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ReviewError as exc:
            raise click.UsageError(str(exc)) from None
        except ReconcileError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
    return wrapper
