"""The database's schema revision: upgraded, told, checked."""

from __future__ import annotations

from reconcile import config
from reconcile.store import engine as database


def db_upgrade(db: str | None = None, revision: str = "head") -> tuple[str, str | None]:
    """Migrate the database to `revision`; the URL (password hidden) and the revision now."""
    engine = database.create(config.database_url(db))
    try:
        database.upgrade(engine, revision)
        return engine.url.render_as_string(), database.current_revision(engine)
    finally:
        engine.dispose()


def db_current(db: str | None = None) -> tuple[str | None, str]:
    """The database's revision and the latest one."""
    engine = database.create(config.database_url(db))
    try:
        return database.current_revision(engine), database.head_revision()
    finally:
        engine.dispose()


def db_check(db: str | None = None) -> str:
    """The head revision, when the schema is what this version expects; DatabaseError if not."""
    engine = database.create(config.database_url(db))
    try:
        database.check_schema(engine)
    finally:
        engine.dispose()
    return database.head_revision()
