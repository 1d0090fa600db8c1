"""One exception hierarchy: every error reconcile raises on purpose is a `ReconcileError`.

Each kind says what went wrong in words a user can act on (file, line, field, key, value). The
CLI maps them to exit codes in one place (`reconcile.cli.errors`); the codes and their meanings
are `EXIT_CODES`, the table of the public contract (docs/contract.md).
"""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

EXIT_CODES: dict[int, str] = {
    EXIT_OK: "done; nothing matched `--fail-on`",
    EXIT_FAILED: "done; some resolution has a status named by `--fail-on`",
    EXIT_USAGE: "bad usage or bad input: unreadable file, invalid rules, bad database URL, "
                "unreadable value in `normalize`. The message names the file and line or the "
                "value; nothing is half-written to the database",
    EXIT_INTERNAL: "internal error: a bug in reconcile, told in one line; `reconcile --debug` "
                   "shows its traceback. Nothing is half-written to the database",
}


class ReconcileError(Exception):
    """Base of every error reconcile reports to its user: bad input, never a bug."""

    exit_code = EXIT_USAGE


class InputError(ReconcileError):
    """A claim or entity file that cannot be read; printed as `file:line: field: message`."""

    def __init__(self, file: str, line: int | None, field: str | None, message: str):
        self.file, self.line, self.field, self.message = file, line, field, message
        self.errors: list[InputError] = [self]  # every problem, when several were combined
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


class RulesError(ReconcileError):
    """Invalid rules; names the file and key."""

    def __init__(self, file: str, key: str | None, message: str, *, line: int | None = None):
        self.file, self.key, self.message, self.line = file, key, message, line
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


class UnreadableValue(ReconcileError, ValueError):
    """A value the normalize stage will not read; `reason` says why, for a human."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class DatabaseError(ReconcileError):
    """The database cannot be used as asked (bad URL, unreachable, not migrated)."""


class RunNotFound(ReconcileError, LookupError):
    """No such run, or no run yet."""


class ReportInputError(ReconcileError, ValueError):
    """A run_results.json given as a baseline or to `diff` that cannot be used."""


class ReviewError(ReconcileError, ValueError):
    """A decision that cannot be recorded (unknown entity, bad id, nothing to decide)."""


class StaleDecision(ReviewError):
    """A decision made on a key that another reviewer decided since it was opened."""


class OutputError(ReconcileError):
    """A report or results file that cannot be written."""

    def __init__(self, path, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path}: cannot write: {reason}")


class ExtractError(ReconcileError):
    """An article that cannot be read, or an extraction the installed extras cannot do."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")
