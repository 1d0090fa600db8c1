"""A run_results.json's resolutions copied from the file the previous run wrote.

A re-run after a small change carries most of its resolutions forward unchanged, and their JSON
is already in the previous `run_results.json`, byte for byte. Writing the file, `write_results`
keeps an index of it in the cache (never next to the file): where each resolution's line lies,
its CRC-32, the file's size and modification time, and the run that wrote it with that run's
hash-chain root. The next write of the same path copies a resolution's bytes from the old file
when all of these hold:

- the file is the one indexed (same real path, size and modification time);
- the run that wrote it is in the database being reported, with the same root: a resolution id
  then names the same stored row, not a row of another database that reuses the id;
- the line's bytes still have the CRC-32 they were written with.

Any other resolution is read from the database as always, so a stale, edited or foreign file
costs speed, never correctness. The index is a cache: failing to keep one only costs speed.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
from array import array
from pathlib import Path
from typing import BinaryIO, Iterator, Protocol, Sequence
from zlib import crc32

from reconcile import config

FORMAT = "reconcile-results-index-1"


class StoredRun(Protocol):
    """What the store gives for a run's stored resolutions (store.runs.StoredResolutions)."""

    ids: list[int]
    run_id: int
    root: str | None

    def root_of(self, run_id: int) -> str | None: ...

    def texts(self, ids: Sequence[int]) -> Iterator[str]: ...


SEPARATOR = b",\n    "  # between two resolutions of the file (report.results._parts)


class Copied:
    """Consecutive resolutions of the previous file, the separators between them included:
    bytes `start` to `end` of the open file `source`, with each one's (id, offset from
    `start`, length, CRC-32) for the new index."""

    __slots__ = ("source", "start", "end", "entries")

    def __init__(self, source: BinaryIO, start: int, end: int,
                 entries: list[tuple[int, int, int, int]]):
        self.source, self.start, self.end, self.entries = source, start, end, entries

    def __len__(self) -> int:
        return self.end - self.start

    def copy_to(self, out: BinaryIO) -> None:
        """Into `out` at its position: in the kernel where it can (copy_file_range: no pass
        through Python's memory), else read and written."""
        out.flush()
        start, left = self.start, self.end - self.start
        if hasattr(os, "copy_file_range"):
            try:
                while left:
                    done = os.copy_file_range(self.source.fileno(), out.fileno(), left, start)
                    if done == 0:
                        break
                    start, left = start + done, left - done
            except OSError:
                pass  # not between these files here: the plain way below
        if left:
            self.source.seek(start)
            out.write(self.source.read(left))


def index_path(path: Path) -> Path:
    name = hashlib.sha256(os.path.realpath(path).encode()).hexdigest()[:32]
    return config.cache_dir() / "results" / f"{name}.index"


def keep_index(path: Path, stored: StoredRun, written: list[tuple[int, int, int, int]]) -> None:
    """Index the file just written at `path`: (resolution id, offset, length, CRC-32) each."""
    target = index_path(path)
    try:
        if not path.is_file() or stored.root is None:
            target.unlink(missing_ok=True)
            return
        st = path.stat()
        header = {"format": FORMAT, "path": os.path.realpath(path), "size": st.st_size,
                  "mtime_ns": st.st_mtime_ns, "run_id": stored.run_id, "root": stored.root,
                  "count": len(written)}
        columns = [array("q", (w[i] for w in written)) for i in range(3)]
        columns.append(array("I", (w[3] for w in written)))
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            f.write(json.dumps(header).encode() + b"\n")
            for column in columns:
                column.tofile(f)
        os.replace(tmp, target)
    except OSError:
        pass  # a cache: without it the next run reads every resolution from the database


def _index(path: Path, stored: StoredRun):
    """The previous file's index when it vouches for the file at `path`, else None."""
    try:
        with index_path(path).open("rb") as f:
            header = json.loads(f.readline())
            count = int(header["count"])
            columns = []
            for code in "qqqI":
                column = array(code)
                column.fromfile(f, count)
                columns.append(column)
        st = path.stat()
    except (OSError, ValueError, KeyError, EOFError):
        return None
    if (header.get("format") != FORMAT or header.get("path") != os.path.realpath(path)
            or header.get("size") != st.st_size or header.get("mtime_ns") != st.st_mtime_ns
            or header.get("root") is None
            or stored.root_of(int(header["run_id"])) != header["root"]):
        return None
    return columns


def items(path: Path, stored: StoredRun) -> Iterator[str | bytes]:
    """The run's resolutions in order: bytes copied from the previous file where its index
    vouches for them, the stored text otherwise."""
    columns = _index(path, stored)
    if columns is None:
        yield from stored.texts(stored.ids)
        return
    try:
        source = path.open("rb")
        mm = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        yield from stored.texts(stored.ids)
        return
    with source, mm:
        view = memoryview(mm)
        try:
            wanted = set(stored.ids)
            where = {rid: (i, offset, length, crc) for i, (rid, offset, length, crc)
                     in enumerate(zip(*columns))
                     if rid in wanted and offset + length <= len(mm)
                     and crc32(view[offset:offset + length]) == crc}
        finally:
            view.release()
        missing = [rid for rid in stored.ids if rid not in where]
        fresh = stored.texts(missing)
        span: list[tuple] = []  # resolutions next to each other in both files: one copy
        for rid in stored.ids:
            found = where.get(rid)
            if span and (found is None or not _next_to(mm, span[-1], found)):
                yield _copied(source, span)
                span = []
            if found is None:
                yield next(fresh)
            else:
                span.append((rid, *found))
        if span:
            yield _copied(source, span)


def _next_to(mm: mmap.mmap, before: tuple, found: tuple) -> bool:
    """Whether `found` follows `before` in the old file with only the separator between: the
    separators are not under the lines' CRCs, so they are compared."""
    end = before[2] + before[3]
    return (found[0] == before[1] + 1 and found[1] == end + len(SEPARATOR)
            and mm[end:found[1]] == SEPARATOR)


def _copied(source: BinaryIO, span: list[tuple]) -> Copied:
    """Resolutions that follow each other in the old file, as one copy (the separators between
    them are the ones a full write puts there)."""
    start = span[0][2]
    entries = [(rid, offset - start, length, crc) for rid, _, offset, length, crc in span]
    return Copied(source, start, span[-1][2] + span[-1][3], entries)
