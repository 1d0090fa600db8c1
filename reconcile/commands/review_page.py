"""What the review page shows and does: the queue a page at a time, one key with its story, and
the key resolved again, on the spot, under the decisions recorded since its run.

The page never waits for a run. A decision is stored at once (`review_key_value`); the key is
then resolved from the claims its run stored, with the rules and every decision on it, by the
same functions a run uses (`exchange.convert_keys`, `resolve`, `value_review.apply`): what the
reviewer sees is what the next `reconcile run` will store for the key if no claim changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reconcile import config
from reconcile.commands.lookup import rules_or_builtin
from reconcile.core import STATUSES, Evidence, Key
from reconcile.errors import RunNotFound
from reconcile.exchange import convert_keys
from reconcile.pipeline import file_order
from reconcile.report.explain import render_explain
from reconcile.report.results import interval_of
from reconcile.resolve import Resolution, resolve
from reconcile.review import QueueItem
from reconcile.store import decisions as stored_decisions, open_database, value_decisions
from reconcile.store.encoding import resolution_head
from reconcile.store.outlets import learned_trust
from reconcile.store.queue import keys_page
from reconcile.store.runs import audit_trail, latest_run_id, run_payload
from reconcile.value_review import ValueDecision, apply, by_key

QUEUE_STATUSES = {"open": ("conflict",), "reviewed": ("reviewed",), "all": STATUSES}


@dataclass
class QueuePage:
    """One page of a run's queue: its keys (most claims first) and, on the first page of the
    open queue, the doubtful matches."""

    run_id: int
    status: str
    total: int
    offset: int
    keys: list[dict[str, Any]]
    matches: list[QueueItem]


@dataclass
class KeyPage:
    """One key as a reviewer decides it: as its run stored it, its `explain` story, the key
    now (under decisions recorded since), its decisions, and the decision id the page is on."""

    run_id: int
    stored: dict[str, Any]
    story: str
    now: dict[str, Any]
    decisions: list[ValueDecision]
    latest_decision: int


def review_page(run_id: int | None = None, db: str | None = None, *, status: str = "open",
                limit: int = 50, offset: int = 0) -> QueuePage:
    """A page of the queue: `open` conflicts, `reviewed` keys, or `all` keys."""
    with open_database(config.database_url(db)) as engine:
        run_id = run_id or latest_run_id(engine)
        total, keys = keys_page(engine, run_id, QUEUE_STATUSES[status], limit=limit,
                                offset=offset)
        matches = (stored_decisions.queue(engine, run_id)
                   if status == "open" and offset == 0 else [])
    return QueuePage(run_id, status, total, offset, keys, matches)


def review_key(key: Key, run_id: int | None = None, *, rules: Path | str = config.RULES_DIR,
               db: str | None = None) -> KeyPage:
    """One key of a run (default: the latest), as the review page shows it."""
    rule_set = rules_or_builtin(rules)
    with open_database(config.database_url(db)) as engine:
        run_id = run_id or latest_run_id(engine)
        payload = run_payload(engine, run_id, key)
        if not payload["resolutions"]:
            raise RunNotFound(f"run {run_id} has no resolution for {key.text}")
        stored = payload["resolutions"][0]
        trail = audit_trail(engine, run_id, key)
        with engine.connect() as conn:
            learned = learned_trust(conn, run_id)
        decided = value_decisions.all_decisions(engine, key=key)
    if learned is not None:
        names = {c["source"] for c in stored["claims"]}
        learned = {**learned, "outlets": {n: t for n, t in learned["outlets"].items()
                                          if n in names}}
    story = render_explain(stored, trail, payload["run"], None, learned)
    now = resolved_now(stored, rule_set, decided)
    return KeyPage(run_id, stored, story, now, decided, decided[-1].id if decided else 0)


def resolved_now(stored: dict[str, Any], rules, decided: list[ValueDecision]) -> dict[str, Any]:
    """The stored key resolved again from its claims, under `decided`: the resolution's JSON,
    its claims' roles and reasons the new ones."""
    key = Key(stored["subject_id"], stored["attribute"], stored["object_id"], stored["as_of"])
    rank = {f: i for i, f in enumerate(sorted({c["file"] for c in stored["claims"]}))}
    evidence = [Evidence(c["id"], key, c["source"], c["via"], c["trust"],
                         interval_of(c, as_read=True), c["value"], c["published"],
                         file_order(rank, c["file"], c["line"])) for c in stored["claims"]]
    converted, _, unconverted = convert_keys({key: evidence}, rules)
    rule = rules.resolution_for(key.attribute)
    n = rules.trust.false_values

    def by_trust(found) -> Resolution:
        return resolve(key, found, None, rule, unconverted, n)

    mine = by_key(decided).get(key)
    res = by_trust(converted[key]) if mine is None else apply(key, converted[key], mine, by_trust)
    names = {key.subject_id: stored["subject"]}
    if key.object_id:
        names[key.object_id] = stored["object"]
    out = resolution_head(res, names, res.unit, res.currency)
    out["decision"] = res.decision
    roles = {r.claim_id: r for r in res.roles}
    out["claims"] = [{**c, "role": roles[c["id"]].role, "reason": roles[c["id"]].reason}
                     for c in stored["claims"]]
    return out
