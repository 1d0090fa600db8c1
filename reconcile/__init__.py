"""reconcile: claim verification and source reconciliation."""

__version__ = "0.1.0"
