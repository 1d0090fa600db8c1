"""A disk cache of the parsed entities and the built Matcher, for large entity lists.

Indexing 100 000 entities for fuzzy matching takes several seconds, and an incremental run in CI
has only a few seconds in all. The matcher depends only on the run's context (rules, entities
file, review decisions, version) and on the matching code, so it is written as a snapshot
(`match.snapshot`: data only, never code) under a digest of both and loaded by the next run
with the same context. Small entity lists are not cached: building them is faster than
reading a file.

The cache lives in $RECONCILE_CACHE_DIR, else `.reconcile/cache` under the working directory
(next to the default database). A file that is not an intact snapshot of what the cache
writes is ignored with a warning and rebuilt; loading one never runs code from it.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from reconcile.config import cache_dir
from reconcile.core import Entity
from reconcile.match import Matcher, ReviewDecision
from reconcile.match import snapshot
from reconcile.match.matcher import Matcher as MatcherType  # what a loaded file must hold
from reconcile.rules import MatchingRules

MIN_ENTITIES = 5000  # below this, building the index is quicker than loading it
KEEP = 2  # matcher files kept (the current context and the one before)
SUFFIX = ".snapshot"


class MatcherCache:
    """The cached entities and matcher of one context, if any; saves them when they are big."""

    def __init__(self, context_sha256: str, directory: Path | str | None = None):
        root = cache_dir(directory)
        self.path = root / f"matcher-{_digest(context_sha256)}{SUFFIX}"
        self._loaded: tuple[list[Entity], Matcher] | None = None
        if self.path.is_file():
            try:
                loaded = snapshot.loads(self.path.read_bytes())
                if not _is_cache(loaded):
                    raise snapshot.SnapshotError("it holds something else than a matcher")
                self._loaded = loaded
            except (OSError, snapshot.SnapshotError) as exc:
                warnings.warn(f"{self.path}: ignored ({exc}); the matcher is built again",
                              RuntimeWarning, stacklevel=2)

    def entities(self) -> list[Entity] | None:
        """The seeds' entities as read when the cache was written (the file is unchanged)."""
        return self._loaded[0] if self._loaded else None

    def matcher(self, seeds: list[Entity], entities: Sequence[Entity], rules: MatchingRules,
                decisions: Iterable[ReviewDecision]) -> Matcher:
        """The matcher for `entities` (the seeds plus reviewers' new ones), built once."""
        if self._loaded is not None:
            return self._loaded[1]
        matcher = Matcher(entities, rules, decisions)
        if len(entities) >= MIN_ENTITIES:
            self._save(seeds, matcher)
        return matcher

    def _save(self, seeds: list[Entity], matcher: Matcher) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = snapshot.dumps((seeds, matcher))
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            try:
                tmp.write_bytes(data)
                os.replace(tmp, self.path)
            finally:
                tmp.unlink(missing_ok=True)
            old = sorted(self.path.parent.glob(f"matcher-*{SUFFIX}"),
                         key=lambda p: p.stat().st_mtime)
            for stale in old[:-KEEP]:
                stale.unlink(missing_ok=True)
        except (OSError, snapshot.SnapshotError):
            pass  # a cache that cannot be written only costs time


def _is_cache(loaded: object) -> bool:
    """What `_save` writes: (the seeds' entities, the matcher); anything else is rebuilt."""
    return (isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[0], list)
            and all(isinstance(e, Entity) for e in loaded[0]) and isinstance(loaded[1], MatcherType))


def _digest(context_sha256: str) -> str:
    return hashlib.sha256(f"{context_sha256}\0{_code_sha256()}".encode()).hexdigest()[:32]


@lru_cache(maxsize=1)
def _code_sha256() -> str:
    """The matching code's own digest: a changed matcher never loads an old index."""
    package = Path(__file__).parent  # reconcile/match
    h = hashlib.sha256()
    sources = sorted(package.glob("*.py")) + sorted((package.parent / "ingest").glob("*.py"))
    for path in [*sources, package.parent / "core.py"]:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()
