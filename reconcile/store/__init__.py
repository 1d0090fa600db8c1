"""Store: every table and query of reconcile, on SQLite or PostgreSQL.

    schema     the tables (SQLAlchemy models); migrations/ moves a database between their revisions
    engine     where the database is, how to connect, and Alembic driven from code
    bulk       the driver's bulk path (executemany on SQLite, COPY on PostgreSQL)
    encoding   the contract JSON of a resolution as stored (zstd), and its parts
    write      a whole run in one transaction, with its run-level audit events
    read       a run's resolutions and claims, read back in bulk
    events     the audit trail of a key, told from the stored facts
    runs       a stored run as the contract's JSON and what reports add to it
    history    what an incremental run may carry forward from the last one
    decisions  reviewers' match decisions and the review queue
"""

from reconcile.store.engine import (alembic_config, bulk_transaction, check, create,
                                    current_revision, exists, head_revision, migrations_dir,
                                    open_database, upgrade)
from reconcile.store.history import History
from reconcile.store.write import write_run

__all__ = ["History", "alembic_config", "bulk_transaction", "check", "create", "current_revision",
           "exists", "head_revision", "migrations_dir", "open_database", "upgrade", "write_run"]
