"""Review: the queue of doubtful mentions and the decisions reviewers record about them.

Decisions live in the database and are applied in every later run before any scoring.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml
from sqlalchemy import Engine, func, insert, select

from reconcile import models
from reconcile.ingest import Entity
from reconcile.match import ReviewDecision, name_key

ACTIONS = ("accept", "reject", "new-entity")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_.-]*")


class ReviewError(ValueError):
    """A decision that cannot be recorded (unknown entity, bad id, nothing to decide)."""


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


def current_decisions(engine: Engine) -> list[StoredDecision]:
    """The latest decision per mention key, in key order (the order a run applies them)."""
    D = models.ReviewDecision.__table__
    latest = select(D.c.mention_key, func.max(D.c.id).label("id")).group_by(D.c.mention_key).subquery()
    with engine.connect() as conn:
        rows = conn.execute(select(D).join(latest, latest.c.id == D.c.id)
                            .order_by(D.c.mention_key)).all()
    return [StoredDecision(r.mention, r.mention_key, r.action, r.entity_id, r.entity_name,
                           r.decided_by, r.reason, r.decided_at) for r in rows]


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


def record(engine: Engine, mention: str, action: str, *, entity_ids: frozenset[str],
           entity_id: str | None = None, entity_name: str | None = None, by: str | None = None,
           reason: str = "") -> StoredDecision:
    """Record a reviewer's decision about a mention; raises ReviewError when it cannot apply."""
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
                              by or _user(), reason, datetime.now(timezone.utc))
    with engine.begin() as conn:
        conn.execute(insert(models.ReviewDecision), [{
            "mention_key": decision.mention_key, "mention": decision.mention,
            "action": decision.action, "entity_id": decision.entity_id,
            "entity_name": decision.entity_name, "decided_by": decision.decided_by,
            "reason": decision.reason, "decided_at": decision.decided_at}])
    return decision


def queue(engine: Engine, run_id: int) -> list[QueueItem]:
    """Unmatched mentions of a run not decided since: review band first, then most claims."""
    C, M = models.Claim.__table__, models.EntityMatch.__table__
    IF = models.InputFile.__table__
    decided = {d.mention_key for d in current_decisions(engine)}
    with engine.connect() as conn:
        # the claims of every file version the run read or carried forward, in reading order
        rows = conn.execute(select(M.c.mention, M.c.mention_key, M.c.band, M.c.candidates,
                                   C.c.claim_id, C.c.file, C.c.line)
                            .join(C, C.c.id == M.c.claim_pk)
                            .join(IF, (IF.c.version_id == C.c.version_id)
                                  & (IF.c.run_id == run_id))
                            .where(M.c.entity_id.is_(None))
                            .order_by(IF.c.position, C.c.line, C.c.id)).all()
    items: dict[str, dict] = {}
    for r in rows:
        if r.mention_key in decided:
            continue
        item = items.setdefault(r.mention_key, {"mention": r.mention, "band": r.band,
                                                "claims": [], "places": [],
                                                "candidates": r.candidates})
        if r.claim_id not in item["claims"]:
            item["claims"].append(r.claim_id)
            item["places"].append(f"{r.file}:{r.line}")
    ordered = sorted(items.items(), key=lambda kv: (kv[1]["band"] != "review",
                                                    -len(kv[1]["claims"]), kv[0]))
    return [QueueItem(v["mention"], k, v["band"], tuple(v["claims"]), tuple(v["places"]),
                      tuple(v["candidates"])) for k, v in ordered]


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


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
