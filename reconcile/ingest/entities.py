"""Entities: the canonical names, aliases and tickers of a seeds directory."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Mapping

from reconcile.core import Entity
from reconcile.errors import InputError
from reconcile.ingest.formats import kind, raise_all, records, strings

ENTITY_FILES = ("entities.csv", "entities.yaml", "entities.yml")

_SLUG = re.compile(r"[a-z0-9][a-z0-9_.-]*")


def read_entities(seeds_dir: Path | str) -> list[Entity]:
    """Read the one entities.csv / entities.yaml / entities.yml of a seeds directory."""
    root, shown_dir = Path(seeds_dir), os.fspath(seeds_dir)
    if not root.is_dir():
        raise InputError(shown_dir, None, None,
                         "not a directory" if root.exists() else "no such directory")
    found = sorted(root / n for n in os.listdir(root) if n.lower() in ENTITY_FILES)
    if len(found) != 1:
        names = " and ".join(map(str, found))
        raise InputError(shown_dir, None, None, f"two entities files, {names}: keep one"
                         if found else "no entities.csv or entities.yaml")
    path, shown = found[0], str(found[0])
    errors: list[InputError] = []
    entities: list[Entity] = []
    first: dict[str, int] = {}  # id -> line
    try:
        for line, fields, lines in records(path, shown, errors, "entities", ("id", "name")):
            entity = _entity(shown, line, fields, lines, errors, path.suffix == ".csv")
            if entity is None:
                continue
            if entity.id in first:
                errors.append(InputError(shown, lines.get("id", line), "id",
                                         f"duplicate id {entity.id!r}, first at "
                                         f"{shown}:{first[entity.id]}"))
                continue
            first[entity.id] = line
            entities.append(entity)
    except InputError as e:
        errors.append(e)
    if errors:
        raise_all(errors, {shown: 0})
    return entities

def _entity(shown: str, line: int, fields: Mapping[str, Any], lines: Mapping[str, int],
            errors: list[InputError], from_csv: bool) -> Entity | None:
    values = strings(shown, line, fields, lines, errors, ("id", "name", "type"), ("id", "name"))
    aliases = fields.get("aliases")
    if isinstance(aliases, str) and from_csv:
        aliases = aliases.split("|")
    elif aliases is not None and not (
            isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
        errors.append(InputError(shown, lines.get("aliases", line), "aliases",
                                 f"expected a list of strings, got {kind(aliases)}"))
        return None
    if values is None:
        return None
    if not _SLUG.fullmatch(values["id"]):
        errors.append(InputError(shown, lines.get("id", line), "id",
                                 "not a slug (lowercase letters, digits, '_', '.', '-'): "
                                 f"{values['id']!r}"))
        return None
    # dict.fromkeys: de-duplicated, first spelling's order kept
    names = tuple(dict.fromkeys(a.strip() for a in aliases or () if a.strip()))
    return Entity(id=values["id"], name=values["name"], aliases=names, type=values["type"])
