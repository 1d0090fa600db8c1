"""reconcile: claim verification and source reconciliation.

The public Python API. `reconcile.commands` has every CLI verb as a function (`run`, `report`,
`explain`, …); `compute` runs the stages in memory without a database; the records and the
errors are those every stage shares.
"""

from reconcile.version import __version__  # noqa: I001 - first: every module below may read it

from reconcile import commands
from reconcile.core import Claim, Entity, Evidence, Interval, Key
from reconcile.errors import (EXIT_CODES, DatabaseError, InputError, OutputError, ReconcileError,
                              ReportInputError, ReviewError, RulesError, RunNotFound,
                              UnreadableValue)
from reconcile.pipeline import Outcome, compute
from reconcile.resolve import Resolution
from reconcile.rules import Rules, load_rules

__all__ = [
    "EXIT_CODES", "Claim", "DatabaseError", "Entity", "Evidence", "InputError", "Interval", "Key",
    "Outcome", "OutputError", "ReconcileError", "ReportInputError", "Resolution", "ReviewError",
    "RulesError", "RunNotFound", "Rules", "UnreadableValue", "__version__", "commands", "compute",
    "load_rules",
]
