"""Value decisions: what reviewers decide about a key's value, and how every run applies them.

A reviewer may, on a key, **prefer** one claim or a consistent group of claims, **reject** a
claim with a reason ("typo", "outdated"), **pin** a range with a reason and a source, or
**reopen** the key. Decisions are checked here (`decide`), stored by `reconcile.store`, and
applied by every later run in place of resolving the key by trust (`apply`):

- rejected claims are set aside with the reviewer's reason, and the others resolved as usual;
- a preferred group or a pinned range is the key's value; the other claims that agree with it
  support it, those the reviewer saw when deciding and that disagree are set aside;
- a claim that arrived after the decision and contradicts it sends the key back to the queue:
  status `conflict`, "decision by … on … contradicted by …".

The key's status is `reviewed`, its `rules` name the decision, and every claim's reason says
what the decision did to it. A key's decisions are those since its last reopen, in order; a
later prefer or pin replaces an earlier one, rejections add up.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable, Mapping, Sequence

from reconcile.core import Evidence, Interval, Key
from reconcile.errors import ReviewError
from reconcile.normalize import format_interval
from reconcile.resolve import BOUND, CONFLICT, REJECTED, SUPPORT, ClaimRole, Resolution

ACTIONS = ("prefer", "reject", "pin", "reopen")
REVIEWED = "reviewed"


@dataclass(frozen=True)
class ValueDecision:
    key: Key
    action: str
    claim_ids: tuple[str, ...]  # preferred claims, or the rejected one
    interval: Interval | None  # a pinned range
    reason: str
    source_url: str | None
    decided_by: str
    decided_at: datetime
    seen: tuple[str, ...]  # the key's claims when it was decided
    id: int | None = None  # its row, once stored

    @property
    def digest(self) -> str:
        return claims_digest(self.seen)

    def said(self) -> str:
        """"decision 3 by alice on 2026-12-02" — how reasons name it."""
        number = f" {self.id}" if self.id is not None else ""
        return f"decision{number} by {self.decided_by} on {self.decided_at:%Y-%m-%d}"


@dataclass(frozen=True)
class KeyDecisions:
    """What applies to one key: its value decision (prefer or pin), and its rejections."""

    value: ValueDecision | None
    rejects: tuple[ValueDecision, ...]


def claims_digest(claim_ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(claim_ids)).encode()).hexdigest()


def decide(action: str, key: Key, on_key: Mapping[str, Interval], *, claim_ids: Sequence[str] = (),
           interval: Interval | None = None, reason: str = "", source_url: str | None = None,
           by: str, at: datetime) -> ValueDecision:
    """A checked decision on `key`, whose claims are `on_key` (claim id -> interval) in the run
    the reviewer looked at; ReviewError when it cannot stand."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    if not on_key:
        raise ReviewError(f"{key.text} has no claims in that run")
    unknown = [c for c in claim_ids if c not in on_key]
    if unknown:
        raise ReviewError(f"{', '.join(unknown)} is not a claim on {key.text} (its claims: "
                          f"{', '.join(sorted(on_key))})")
    if action in ("reject", "pin") and not reason.strip():
        raise ReviewError(f"{action} needs a reason (--reason)")
    if action == "prefer":
        if not claim_ids:
            raise ReviewError("prefer needs the claims it prefers (--claim ID, repeatable)")
        if _meet([on_key[c] for c in claim_ids]) is None:
            raise ReviewError(f"the claims {', '.join(claim_ids)} disagree with each other: "
                              "prefer a consistent group")
    if action == "reject" and len(claim_ids) != 1:
        raise ReviewError("reject-claim names exactly one claim (--claim ID)")
    if action == "pin" and (interval is None or (interval.low is None and interval.high is None
                                                 and interval.label is None)):
        raise ReviewError("pin needs a value (--value), such as \"$20-50 billion\"")
    return ValueDecision(key, action, tuple(claim_ids), interval if action == "pin" else None,
                         reason.strip(), source_url, by, at, tuple(sorted(on_key)))


def by_key(decisions: Iterable[ValueDecision]) -> dict[Key, KeyDecisions]:
    """Each decided key's decisions since its last reopen, in the order they were made."""
    value: dict[Key, ValueDecision | None] = {}
    rejects: dict[Key, list[ValueDecision]] = {}
    for d in decisions:
        if d.action == "reopen":
            value.pop(d.key, None)
            rejects.pop(d.key, None)
        elif d.action == "reject":
            rejects.setdefault(d.key, []).append(d)
            value.setdefault(d.key, None)
        else:
            value[d.key] = d
    return {k: KeyDecisions(value.get(k), tuple(rejects.get(k, ())))
            for k in sorted(set(value) | set(rejects), key=Key.sort_key)}


def apply(key: Key, evidence: Sequence[Evidence], decided: KeyDecisions,
          resolve: Callable[[Sequence[Evidence]], Resolution]) -> Resolution:
    """The key's resolution under its reviewers' decisions (see the module docstring);
    `resolve` resolves a list of claims as the run would."""
    rejected = {c: d for d in decided.rejects for c in d.claim_ids}
    kept = [e for e in evidence if e.claim_id not in rejected]
    set_aside = [ClaimRole(e.claim_id, REJECTED, e.source, round(e.trust, 6),
                           f"rejected by {rejected[e.claim_id].said()}: "
                           f"{rejected[e.claim_id].reason}")
                 for e in evidence if e.claim_id in rejected]
    names = {d.said(): d for d in (*decided.rejects, decided.value) if d is not None}
    origin = {"review": "; ".join(f"{said} ({d.action}"
                                  + (f": {d.reason}" if d.reason else "") + ")"
                                  for said, d in names.items())}
    if decided.value is None:
        res = resolve(kept) if kept else None
        if res is None:
            return Resolution(key, "unresolved", None, "unresolved", "review", 0.0,
                              _ordered(evidence, set_aside), (), origin,
                              "review: every claim was rejected by a reviewer")
        status = res.status if res.status in (CONFLICT, "unresolved") else REVIEWED
        return Resolution(key, status, res.interval, res.display, res.strategy, res.confidence,
                          _ordered(evidence, list(res.roles) + set_aside), res.sources,
                          {**res.rule_origin, **origin},
                          f"review: {len(set_aside)} claim(s) rejected by a reviewer; "
                          + res.decision, res.unit, res.currency, res.candidates)
    origin["strategy"] = f"{decided.value.said()} ({decided.value.action})"
    return _valued(key, evidence, kept, set_aside, decided.value, origin)


def _valued(key, evidence, kept, set_aside, d: ValueDecision, origin) -> Resolution:
    """A preferred group or a pinned range as the key's value."""
    by_id = {e.claim_id: e for e in kept}
    preferred = [by_id[c] for c in d.claim_ids if c in by_id]
    if d.action == "prefer" and len(preferred) < len(d.claim_ids):
        gone = sorted(set(d.claim_ids) - set(by_id))
        return _reopened(key, evidence, kept, set_aside, origin,
                         f"{d.said()} prefers {', '.join(gone)}, no longer among the claims")
    value = _meet([e.interval for e in preferred]) if d.action == "prefer" else d.interval
    shown = format_interval(value)
    how = (f"preferred by {d.said()}" if d.action == "prefer"
           else f"pinned by {d.said()}") + (f": {d.reason}" if d.reason else "") + (
        f" (source {d.source_url})" if d.source_url else "")
    roles = list(set_aside)
    contradicting = []
    for e in kept:
        if e.claim_id in d.claim_ids:
            roles.append(_role(e, BOUND, how))
        elif e.interval.intersect(value) is not None:
            roles.append(_role(e, SUPPORT, f"consistent with {shown}, the value {how}"))
        elif e.claim_id in d.seen:
            roles.append(_role(e, REJECTED, f"set aside: {how} ({shown})"))
        else:
            contradicting.append(e)
    if contradicting:
        names = ", ".join(f"{e.claim_id} ({e.outlet}, {format_interval(e.interval)})"
                          for e in contradicting)
        return _reopened(key, evidence, kept, set_aside, origin,
                         f"{d.said()} ({shown}) contradicted by {names}")
    sources = tuple(sorted({e.source for e in kept
                            if e.claim_id in d.claim_ids or e.interval.intersect(value)}))
    return Resolution(key, REVIEWED, value, shown, "review", 1.0, _ordered(evidence, roles),
                      sources, origin, f"review: {how}", value.unit,
                      value.currency)


def _reopened(key, evidence, kept, set_aside, origin, why: str) -> Resolution:
    """Back to the queue: every kept claim supports a conflict that names what happened."""
    roles = list(set_aside) + [_role(e, SUPPORT, f"in conflict: {why}") for e in kept]
    units = {(e.interval.unit, e.interval.currency) for e in kept}
    unit, currency = next(iter(units)) if len(units) == 1 else (None, None)
    return Resolution(key, CONFLICT, None, f"conflict: {why}", "review", 0.0,
                      _ordered(evidence, roles), tuple(sorted({e.source for e in kept})),
                      origin, f"review: {why}", unit, currency)


def _role(e: Evidence, role: str, reason: str) -> ClaimRole:
    return ClaimRole(e.claim_id, role, e.source, round(e.trust, 6), reason)


def _ordered(evidence: Sequence[Evidence], roles: Sequence[ClaimRole]) -> tuple[ClaimRole, ...]:
    mine = {r.claim_id: r for r in roles}
    return tuple(mine[e.claim_id] for e in sorted(evidence, key=lambda e: e.claim_id))


def _meet(intervals: Sequence[Interval]) -> Interval | None:
    common = intervals[0].bare()
    for iv in intervals[1:]:
        common = common.intersect(iv)
        if common is None:
            return None
    return common


def to_yaml_records(decisions: Iterable[ValueDecision]) -> list[dict]:
    """Decisions as the YAML file of a repository keeps them (`review export-values`)."""
    out = []
    for d in decisions:
        iv = d.interval
        out.append({
            "key": {"subject": d.key.subject_id, "attribute": d.key.attribute,
                    "object": d.key.object_id, "as_of": d.key.as_of},
            "action": d.action, "claims": list(d.claim_ids),
            "value": None if iv is None else {
                "low": None if iv.low is None else str(iv.low),
                "high": None if iv.high is None else str(iv.high),
                "low_inclusive": iv.low_inclusive, "high_inclusive": iv.high_inclusive,
                "unit": iv.unit, "currency": iv.currency},
            "reason": d.reason, "source": d.source_url, "by": d.decided_by,
            "at": d.decided_at.isoformat(), "seen": list(d.seen)})
    return out


def from_yaml_records(records, file: str) -> list[ValueDecision]:
    """Decisions read back from such a file; ReviewError naming the entry that is wrong."""
    from decimal import Decimal, InvalidOperation

    if not isinstance(records, list):
        raise ReviewError(f"{file}: expected a list of decisions")
    out = []
    for n, r in enumerate(records, start=1):
        where = f"{file}: decision {n}"
        try:
            k = r["key"]
            key = Key(str(k["subject"]), str(k["attribute"]), k.get("object"), k.get("as_of"))
            action = r["action"]
            if action not in ACTIONS:
                raise ReviewError(f"{where}: action: unknown {action!r}")
            value = r.get("value")
            iv = None
            if value is not None:
                number = lambda x: None if x is None else Decimal(str(x))  # noqa: E731
                iv = Interval(number(value.get("low")), number(value.get("high")),
                              bool(value.get("low_inclusive", True)),
                              bool(value.get("high_inclusive", True)),
                              unit=value.get("unit") or "number", currency=value.get("currency"))
            at = datetime.fromisoformat(str(r["at"]))
            if at.tzinfo is None:
                at = at.replace(tzinfo=timezone.utc)
            out.append(ValueDecision(key, action, tuple(map(str, r.get("claims") or ())), iv,
                                     str(r.get("reason") or ""), r.get("source"), str(r["by"]),
                                     at, tuple(map(str, r.get("seen") or ()))))
        except ReviewError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation) as exc:
            raise ReviewError(f"{where}: {type(exc).__name__}: {exc}") from None
    return out
