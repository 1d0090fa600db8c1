"""Review: the decisions reviewers make about doubtful mentions, and what they change.

A decision is checked here (`decide`), stored by `reconcile.store.decisions`, and applied in every
later run before any scoring (`apply_to_entities`); `export_entities` writes the reviewed mentions
back into the seeds as aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml

from reconcile.config import current_user
from reconcile.core import Entity
from reconcile.errors import ReviewError
from reconcile.match import ReviewDecision, name_key

ACTIONS = ("accept", "reject", "new-entity")

_SLUG = re.compile(r"[a-z0-9][a-z0-9_.-]*")


@dataclass(frozen=True)
class StoredDecision:
    mention: str
    mention_key: str
    action: str
    entity_id: str | None
    entity_name: str | None
    decided_by: str
    reason: str
    decided_at: datetime

    def to_matcher(self) -> ReviewDecision:
        return ReviewDecision(self.mention_key, self.entity_id, self.decided_by, self.reason)

@dataclass(frozen=True)
class QueueItem:
    """A mention waiting for a reviewer: where it occurs and who it might be."""

    mention: str
    mention_key: str
    band: str
    claims: tuple[str, ...]
    places: tuple[str, ...]  # file:line of each affected claim
    candidates: tuple[dict, ...]

def apply_to_entities(entities: list[Entity], decisions: list[StoredDecision]
                      ) -> tuple[list[Entity], list[ReviewDecision], list[StoredDecision]]:
    """Entities plus the reviewers' new ones; the decisions a Matcher can apply; the stale ones.

    A decision naming an entity the seeds no longer hold is stale: it is reported, not applied.
    """
    known = {e.id for e in entities}
    added = [Entity(d.entity_id, d.entity_name or d.mention, (d.mention,), "reviewed")
             for d in decisions if d.action == "new-entity" and d.entity_id not in known]
    known |= {e.id for e in added}
    usable, stale = [], []
    for d in decisions:
        (usable if d.entity_id is None or d.entity_id in known else stale).append(d)
    return entities + added, [d.to_matcher() for d in usable], stale


def decide(mention: str, action: str, *, entity_ids: frozenset[str],
           entity_id: str | None = None, entity_name: str | None = None, by: str | None = None,
           reason: str = "") -> StoredDecision:
    """A reviewer's decision about a mention, checked; raises ReviewError when it cannot apply."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    key = name_key(mention)
    if not key:
        raise ReviewError(f"{mention!r} has no letters or digits to decide about")
    if action == "accept" and entity_id not in entity_ids:
        raise ReviewError(f"no entity {entity_id!r} in the seeds")
    if action == "new-entity":
        if not entity_id or not _SLUG.fullmatch(entity_id):
            raise ReviewError(f"new entity id {entity_id!r} must be a slug like 'mistral-ai'")
        if entity_id in entity_ids:
            raise ReviewError(f"entity {entity_id!r} already exists; use `review accept`")
    if action == "reject":
        entity_id = None
    decision = StoredDecision(mention, key, action, entity_id,
                              entity_name if action == "new-entity" else None,
                              by or current_user(), reason, datetime.now(timezone.utc))
    return decision


def export_entities(entities: list[Entity], decisions: list[StoredDecision]) -> list[Entity]:
    """The seeds' entities with reviewed mentions as aliases and reviewed new entities added."""
    aliases: dict[str, list[str]] = {e.id: list(e.aliases) for e in entities}
    names = {e.id: e.name for e in entities}
    out = list(entities)
    for d in decisions:
        if d.action == "new-entity" and d.entity_id not in aliases:
            out.append(Entity(d.entity_id, d.entity_name or d.mention, (), None))
            aliases[d.entity_id], names[d.entity_id] = [], d.entity_name or d.mention
        if d.action in ("accept", "new-entity") and d.entity_id in aliases:
            if d.mention not in aliases[d.entity_id] and d.mention != names[d.entity_id]:
                aliases[d.entity_id].append(d.mention)
    return [Entity(e.id, e.name, tuple(aliases[e.id]), e.type) for e in out]

def entities_yaml(entities: list[Entity]) -> str:
    """Entities as the seeds' YAML (`entities:` list)."""
    rows = []
    for e in entities:
        row = {"id": e.id, "name": e.name}
        if e.type:
            row["type"] = e.type
        row["aliases"] = list(e.aliases)
        rows.append(row)
    return yaml.safe_dump({"entities": rows}, allow_unicode=True, sort_keys=False)

def entities_csv(entities: list[Entity]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "name", "aliases", "type"])
    for e in entities:
        writer.writerow([e.id, e.name, "|".join(e.aliases), e.type or ""])
    return buffer.getvalue()

def entities_file(seeds_dir: Path) -> Path:
    for name in ("entities.yaml", "entities.yml", "entities.csv"):
        if (seeds_dir / name).exists():
            return seeds_dir / name
    raise ReviewError(f"{seeds_dir}: no entities.csv or entities.yaml")
