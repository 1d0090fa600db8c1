"""How the CLI ends: every ReconcileError becomes one line on stderr and its exit code.

Anything else is a bug: it is reported as an internal error in one line too, with exit code 3
and a pointer to `--debug`, which lets the traceback through.
"""

from __future__ import annotations

import functools
import sys

import click

from reconcile.errors import EXIT_INTERNAL, EXIT_USAGE, ReconcileError, ReviewError


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
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except OSError as exc:  # the machine said no: a full disk, a folder gone
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc}", err=True)
            sys.exit(EXIT_USAGE)
        except Exception as exc:
            if _debugging():
                raise
            click.echo(f"error: internal error: {type(exc).__name__}: {exc}\n"
                       "This is a bug in reconcile; run again with `reconcile --debug …` to see "
                       "its traceback.", err=True)
            sys.exit(EXIT_INTERNAL)
    return wrapper


def _debugging() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("debug"))
