"""Database: where it is, how to connect, and Alembic migrations driven from code.

Alembic is imported only to migrate or check a database: importing it costs a third of a
second, and a database already at the head revision (every run but the first after an
upgrade) is recognised without it, from its `alembic_version` row and the migration files.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import DatabaseError as DriverDatabaseError

from reconcile.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

CACHE_KIB = 64 * 1024  # SQLite page cache per connection (see _sqlite_pragmas)

_PASSWORD = re.compile(r":[^/]*@")  # the ":password@" of a URL that does not parse
# `revision: str = '0007'` and `down_revision: Union[str, None] = '0006'` in a migration file
_REVISION = re.compile(r"^(down_revision|revision)\b[^=\n]*=\s*(?:'([^']*)'|\"([^\"]*)\"|None)",
                       re.MULTILINE)


def shown_url(url: str | URL) -> str:
    """A database URL as every message shows it: never with its password."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # unparseable: mask what looks like user:password@
        return _PASSWORD.sub(":***@", url) if "@" in url else url.split(":", 1)[0] + ":..."


def _reason(exc: BaseException, url: str | URL | None = None) -> str:
    """The driver's reason in one line, with the URL's password (if any) blotted out."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    password = None
    try:
        password = (url if isinstance(url, URL) else make_url(url)).password if url else None
    except Exception:
        pass
    if password:
        text = text.replace(str(password), "***")
    return text


def exists(url: str) -> bool:
    """Whether the database is there to read: a SQLite file exists; a server is assumed to."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    if parsed.get_backend_name() != "sqlite":
        return True
    return bool(parsed.database) and parsed.database != ":memory:" and Path(parsed.database).exists()


def sqlite_file(url: str) -> str | None:
    """The file a SQLite URL names (None for a server, memory, or a URL that does not parse)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # a bad URL is reported where it is opened
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return parsed.database


def migrations_dir() -> Path:
    """The Alembic script directory: inside the installed package, else the source tree's."""
    packaged = resources.files("reconcile") / "migrations"
    if packaged.is_dir():
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[2] / "migrations"
    if source.is_dir():
        return source
    raise DatabaseError("the Alembic migrations are missing from this installation")


def alembic_config(url: str) -> Config:
    """An Alembic Config that needs no alembic.ini: what `reconcile db upgrade` and tests use."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def create(url: str) -> Engine:
    """An Engine for the URL; SQLite files (and their folder) are created on first use."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise DatabaseError(f"bad database URL {shown_url(url)!r}: {_reason(exc, url)} "
                            "(expected dialect[+driver]://user:password@host/database)") from None
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database and parsed.database != ":memory:":
        try:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create the folder of {shown_url(parsed)}: "
                                f"{exc.strerror or exc}") from None
    try:
        engine = create_engine(parsed)
    except NoSuchModuleError as exc:
        raise DatabaseError(f"bad database URL {shown_url(parsed)!r}: no such database driver "
                            f"({_reason(exc, parsed)})") from None
    except ImportError as exc:
        raise DatabaseError(f"bad database URL {shown_url(parsed)!r}: its driver is not "
                            f"installed ({_reason(exc, parsed)})") from None
    except (ArgumentError, ValueError, TypeError) as exc:
        raise DatabaseError(f"bad database URL {shown_url(parsed)!r}: "
                            f"{_reason(exc, parsed)}") from None
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets `report` read while a run writes;
    # NORMAL is durable at each commit in WAL mode and much faster than FULL for bulk runs.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # A run inserts a million rows into tables whose indexes (claim ids, content hashes) take
    # keys in random order: with SQLite's default 2 MB page cache most of those inserts would
    # miss it. 64 MB holds those indexes at a million claims (about 40 MB); more only adds to
    # the run's peak memory, as the cache is filled by the gigabytes a run writes.
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


@contextmanager
def bulk_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction for a run's bulk writes, committed at the end or rolled back.

    On SQLite its foreign keys are not checked row by row: every row a run writes refers to
    rows of the same transaction, by ids `write_run` reserved itself, and the check would cost a
    parent lookup for each of millions of rows (a sixth of storing). The tests run
    `PRAGMA foreign_key_check` after runs. PostgreSQL checks them as always.
    """
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        try:
            with conn.begin():
                if sqlite:  # first statement: the driver has not begun its transaction yet
                    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                yield conn
        finally:
            if sqlite:  # the connection goes back to the pool as _sqlite_pragmas made it
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def head_of_files() -> str | None:
    """The head revision as the migration files name it, read without Alembic.

    None unless the files make one chain with one head; then only Alembic can say.
    """
    revisions: dict[str, str | None] = {}
    for path in sorted((migrations_dir() / "versions").glob("*.py")):
        found = {name: single or double
                 for name, single, double in _REVISION.findall(path.read_text(encoding="utf-8"))}
        if "revision" not in found or not found["revision"]:
            return None
        revisions[found["revision"]] = found.get("down_revision") or None
    heads = set(revisions) - set(revisions.values())
    return heads.pop() if len(heads) == 1 else None


def _at_head(engine: Engine) -> bool:
    """Whether the database's `alembic_version` names the head, asked without Alembic."""
    head = head_of_files()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    except DBAPIError:  # no table yet, or no database: the Alembic path tells which
        return False
    return stored == [head]


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise DatabaseError(f"cannot connect to {shown_url(engine.url)}: "
                            f"{_reason(exc, engine.url)}") from None
    except DBAPIError as exc:  # e.g. SQLite: "file is not a database"
        raise DatabaseError(f"cannot read {shown_url(engine.url)}: "
                            f"{_reason(exc, engine.url)}") from None


def _unknown_revision(revision: str | None) -> bool:
    """Whether a database's revision is one this version's migrations do not know."""
    if revision is None:
        return False
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config("sqlite://")).get_revision(
            revision) is None
    except CommandError:
        return True


def _newer_error(engine: Engine, revision: str) -> DatabaseError:
    return DatabaseError(
        f"database {shown_url(engine.url)} is at revision {revision!r}, which this version of "
        f"reconcile does not know (its latest is {head_revision()!r}): it was written by a "
        "newer reconcile; use that version, or another database")


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` on this engine."""
    from alembic import command
    from alembic.util.exc import CommandError

    if _unknown_revision(now := current_revision(engine)):
        raise _newer_error(engine, now)  # type: ignore[arg-type]
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.begin() as conn:
            if sqlite:
                # SQLite alters a table by rebuilding it: with foreign keys on, dropping the old
                # copy of a parent table (runs, claims) would cascade-delete its children's rows.
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    except DBAPIError as exc:
        raise DatabaseError(f"cannot migrate {shown_url(engine.url)}: "
                            f"{_reason(exc, engine.url)}") from None
    except CommandError as exc:  # e.g. an unknown target revision
        raise DatabaseError(f"cannot migrate {shown_url(engine.url)}: "
                            f"{_reason(exc, engine.url)}") from None
    finally:
        if sqlite:
            engine.dispose()  # new connections turn foreign keys back on (_sqlite_pragmas)


def check(engine: Engine) -> None:
    """`alembic check`: raise unless the models and the migrations describe the same schema."""
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.check(config)


def check_schema(engine: Engine) -> None:
    """`check`, with Alembic's verdicts told as a DatabaseError a user can act on."""
    from alembic.util.exc import AutogenerateDiffsDetected, CommandError

    try:
        check(engine)
    except AutogenerateDiffsDetected as exc:
        raise DatabaseError(f"schema differs from the models: {exc}") from None
    except CommandError as exc:
        raise DatabaseError(f"{_reason(exc, engine.url)} (run `reconcile db upgrade`)") from None
    except OperationalError as exc:
        raise DatabaseError(f"cannot connect to {shown_url(engine.url)}: "
                            f"{_reason(exc, engine.url)}") from None
    except DBAPIError as exc:
        raise DatabaseError(f"cannot read {shown_url(engine.url)}: "
                            f"{_reason(exc, engine.url)}") from None


@contextmanager
def open_database(url: str, *, migrate: bool | None = None) -> Iterator[Engine]:
    """An engine at the head revision.

    SQLite is the embedded default, so it is migrated on use; a server database (PostgreSQL) is
    migrated only by `reconcile db upgrade` (migrate=True), never behind a team's back.
    """
    engine = create(url)
    try:
        if migrate is None:
            migrate = engine.dialect.name == "sqlite"
        if not _at_head(engine) and (now := current_revision(engine)) != head_revision():
            if _unknown_revision(now):
                raise _newer_error(engine, now)  # type: ignore[arg-type]
            if not migrate:
                raise DatabaseError(
                    f"database {shown_url(engine.url)} is not at the latest schema; "
                    "run `reconcile db upgrade`"
                )
            upgrade(engine)
        try:
            yield engine
        except OperationalError as exc:  # the server went away, the disk is full, locked...
            raise DatabaseError(f"database {shown_url(engine.url)}: "
                                f"{_reason(exc, engine.url)}") from None
        except DriverDatabaseError as exc:
            if type(exc) is not DriverDatabaseError:  # IntegrityError & co: a bug, not input
                raise
            # e.g. SQLite: "database disk image is malformed"
            raise DatabaseError(f"database {shown_url(engine.url)}: "
                                f"{_reason(exc, engine.url)}") from None
    finally:
        engine.dispose()
