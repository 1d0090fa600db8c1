"""Reviewers' decisions: on mentions (the match queue) and on keys' values."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

import yaml

from reconcile import config, value_review
from reconcile.core import Key
from reconcile.commands.lookup import keys_named, rules_or_builtin
from reconcile.errors import ReviewError, RunNotFound, UnreadableValue
from reconcile.ingest import read_entities
from reconcile.normalize import read_value
from reconcile.output import write_text
from reconcile.pipeline import load_matcher
from reconcile.report.results import interval_of, key_of
from reconcile.review import (QueueItem, StoredDecision, decide, entities_csv, entities_file,
                              entities_yaml, export_entities)
from reconcile.store import decisions as stored_decisions, open_database, value_decisions
from reconcile.store.runs import latest_run_id, run_payload
from reconcile.value_review import ValueDecision


def review_queue(run_id: int | None = None, db: str | None = None) -> list[QueueItem]:
    """The mentions of a run (default: the latest) that no entity took with confidence."""
    with open_database(config.database_url(db)) as engine:
        return stored_decisions.queue(engine, run_id or latest_run_id(engine))


def review_decide(mention: str, action: str, *, seeds: Path | str = config.SEEDS_DIR,
                  db: str | None = None, **decision: Any) -> StoredDecision:
    """Record a reviewer's decision about a mention; the next run applies it."""
    entity_ids = frozenset(e.id for e in read_entities(seeds))
    with open_database(config.database_url(db)) as engine:
        return stored_decisions.record(engine, decide(mention, action, entity_ids=entity_ids,
                                                      **decision))


def review_export(seeds: Path | str = config.SEEDS_DIR, db: str | None = None,
                  *, write: bool = False) -> tuple[Path, int, str]:
    """The seeds' entities file with reviewed mentions as aliases: its path, size and text."""
    seeds = Path(seeds)
    path = entities_file(seeds)
    with open_database(config.database_url(db)) as engine:
        decisions = stored_decisions.current_decisions(engine)
    entities = export_entities(read_entities(seeds), decisions)
    text = entities_csv(entities) if path.suffix == ".csv" else entities_yaml(entities)
    if write:
        write_text(path, text)
    return path, len(entities), text


def review_conflicts(run_id: int | None = None, db: str | None = None, *,
                     everything: bool = False) -> tuple[int, list[dict[str, Any]]]:
    """The open conflicts of a run (with `everything`, every key), most claims first, each with
    its candidates and claims: what a reviewer settles."""
    with open_database(config.database_url(db)) as engine:
        run_id = run_id or latest_run_id(engine)
        payload = run_payload(engine, run_id)
    keys = [r for r in payload["resolutions"] if everything or r["status"] == "conflict"]
    keys.sort(key=lambda r: (r["status"] != "conflict", -len(r["claims"]), key_of(r).text))
    return run_id, keys


def review_value(action: str, subject: str, attribute: str, object_: str | None = None, *,
                 as_of: str | None = None, claim_ids: Sequence[str] = (),
                 value: str | None = None, reason: str = "", source_url: str | None = None,
                 by: str | None = None, run_id: int | None = None,
                 seeds: Path | str = config.SEEDS_DIR, rules: Path | str = config.RULES_DIR,
                 db: str | None = None, seen_last: int | None = None) -> ValueDecision:
    """Record a reviewer's decision on a key's value (prefer, reject, pin, reopen), made on
    the claims the run (default: the latest) shows; every later run applies it. With
    `seen_last` (the key's latest decision id when the reviewer opened it, 0 for none), a
    decision made since by someone else refuses this one (StaleDecision)."""
    rule_set = rules_or_builtin(rules)
    with open_database(config.database_url(db)) as engine:
        matcher = load_matcher(seeds, rule_set, stored_decisions.current_decisions(engine))
        run_id = run_id or latest_run_id(engine)
        _, found = keys_named(engine, matcher, rule_set, run_id, subject, attribute, object_,
                              as_of)
        return _decide_on_key(engine, rule_set, run_id, key_of(found[0]), action,
                              claim_ids=claim_ids, value=value, reason=reason,
                              source_url=source_url, by=by, seen_last=seen_last)


def review_key_value(action: str, key: Key, *, claim_ids: Sequence[str] = (),
                     value: str | None = None, reason: str = "", source_url: str | None = None,
                     by: str | None = None, run_id: int | None = None,
                     rules: Path | str = config.RULES_DIR, db: str | None = None,
                     seen_last: int | None = None) -> ValueDecision:
    """`review_value` on a key named by its ids (what the review page posts)."""
    rule_set = rules_or_builtin(rules)
    with open_database(config.database_url(db)) as engine:
        return _decide_on_key(engine, rule_set, run_id or latest_run_id(engine), key, action,
                              claim_ids=claim_ids, value=value, reason=reason,
                              source_url=source_url, by=by, seen_last=seen_last)


def _decide_on_key(engine, rule_set, run_id: int, key: Key, action: str, *, claim_ids, value,
                   reason, source_url, by, seen_last) -> ValueDecision:
    found = run_payload(engine, run_id, key)["resolutions"]
    if not found:
        raise RunNotFound(f"run {run_id} has no resolution for {key.text}")
    on_key = {c["id"]: interval_of(c) for c in found[0]["claims"]}
    pinned = None
    if value is not None:
        try:
            pinned = read_value(value, lang=rule_set.default_lang,
                                default_currency=rule_set.default_currency)
        except UnreadableValue as exc:
            raise ReviewError(f"--value {value!r}: {exc.reason}") from None
    decision = value_review.decide(
        action, key, on_key, claim_ids=claim_ids, interval=pinned, reason=reason,
        source_url=source_url, by=by or config.current_user(), at=datetime.now(timezone.utc))
    return value_decisions.record(engine, decision, seen_last=seen_last)


def review_history(by: str | None = None, since: datetime | None = None,
                   db: str | None = None) -> list[ValueDecision]:
    """Every value decision, oldest first; those of one reviewer, or since a time."""
    with open_database(config.database_url(db)) as engine:
        return value_decisions.all_decisions(engine, by=by, since=since)


def review_export_values(path: Path | None = None, db: str | None = None) -> tuple[int, str]:
    """Every value decision as YAML, written to `path` whole (or returned to print)."""
    with open_database(config.database_url(db)) as engine:
        found = value_decisions.all_decisions(engine)
    text = yaml.safe_dump(value_review.to_yaml_records(found), sort_keys=False,
                          allow_unicode=True)
    if path is not None:
        write_text(path, text)
    return len(found), text


def review_import_values(path: Path, db: str | None = None) -> tuple[int, int]:
    """Record the decisions of a YAML file not already stored; (recorded, already there)."""
    try:
        records = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReviewError(f"{path}: cannot read: {exc}") from None
    wanted = value_review.from_yaml_records(records or [], str(path))
    with open_database(config.database_url(db)) as engine:
        known = {(d.key, d.action, d.decided_by, d.decided_at)
                 for d in value_decisions.all_decisions(engine)}
        new = [d for d in wanted if (d.key, d.action, d.decided_by, d.decided_at) not in known]
        for d in new:
            value_decisions.record(engine, d)
    return len(new), len(wanted) - len(new)
