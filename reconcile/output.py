"""How reconcile writes its files: whole or not at all, and never onto its own database.

A report, `run_results.json`, an export or a cache file is written to a temporary file in the
same folder and renamed into place, so a reader (a CI step, a browser, the next run) sees the
old file or the new one, never half of one, even after kill -9. A path that is the SQLite file
of the run being written (or its journal) is refused before anything is opened.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

from reconcile.errors import OutputError

_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal", ".lock")


@contextmanager
def atomic_text(path: Path | str) -> Iterator[TextIO]:
    """A text file that appears at `path` only when the block ends without an error.

    A path that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written as it is:
    renaming a file over it would replace the device.
    """
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        try:
            with path.open("w", encoding="utf-8", newline="\n") as fh:
                yield fh
        except OSError as exc:
            raise OutputError(path, exc.strerror or str(exc)) from None
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # same folder: an atomic rename
        fh = tmp.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    try:
        with fh:
            yield fh
        os.replace(tmp, path)
    except OSError as exc:  # a full disk, a folder gone: the old file stays as it was
        raise OutputError(path, exc.strerror or str(exc)) from None
    finally:
        tmp.unlink(missing_ok=True)


def write_text(path: Path | str, text: str) -> None:
    with atomic_text(path) as fh:
        fh.write(text)


def refuse_database(path: Path | str | None, database: str | None) -> None:
    """OutputError when `path` would overwrite the SQLite file `database` (or its journal)."""
    if path is None or not database or database == ":memory:":
        return
    target = os.path.realpath(path)
    for suffix in _SQLITE_COMPANIONS:
        if target == os.path.realpath(database + suffix):
            raise OutputError(path, "it is the database this command uses; choose another file")
