"""reconcile: claim verification and source reconciliation.

The public Python API. `reconcile.commands` has every CLI verb as a function (`run`, `report`,
`explain`, …); `compute` runs the stages in memory without a database; the records and the
errors are those every stage shares.

The records and the errors are light and imported at once; `commands`, `compute` and the rest
are imported when first used (`reconcile.lazy`), so that `import reconcile.cli` stays light.
"""

from reconcile.version import __version__  # noqa: I001 - first: every module below may read it

from reconcile.core import Claim, Entity, Evidence, Interval, Key
from reconcile.errors import (EXIT_CODES, DatabaseError, InputError, OutputError, ReconcileError,
                              ReportInputError, ReviewError, RulesError, RunNotFound,
                              UnreadableValue)
from reconcile.lazy import export_lazily

__all__ = [
    "EXIT_CODES", "Claim", "DatabaseError", "Entity", "Evidence", "InputError", "Interval", "Key",
    "Outcome", "OutputError", "ReconcileError", "ReportInputError", "Resolution", "ReviewError",
    "RulesError", "RunNotFound", "Rules", "UnreadableValue", "__version__", "commands", "compute",
    "load_rules",
]

export_lazily(__name__, {
    "reconcile.commands": ["commands"],
    "reconcile.pipeline": ["Outcome", "compute"],
    "reconcile.resolve": ["Resolution"],
    "reconcile.rules": ["Rules", "load_rules"],
})
