"""`reconcile diff RUN_A RUN_B`: the keys whose range or status changed, and the claims that did it.

A key changed when its status or its range differs (`baseline.range_of`), or when it exists on
one side only. For each, the claims that made the change: added, removed, their role changed, or
the same claim id now carries another value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from reconcile.core import Key
from reconcile.report.baseline import range_of
from reconcile.report.formats.markdown import code, md
from reconcile.report.results import key_of


@dataclass(frozen=True)
class ClaimChange:
    kind: str  # added | removed | role | value
    claim_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class KeyChange:
    key: Key
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    claims: list[ClaimChange] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "removed" if self.after is None else "changed"


def diff_runs(a: dict[str, Any], b: dict[str, Any]) -> list[KeyChange]:
    """Changed keys in B's order, then the keys only A had."""
    before = {key_of(r): r for r in a["resolutions"]}
    after = {key_of(r): r for r in b["resolutions"]}
    changes = []
    for key, now in after.items():
        was = before.get(key)
        if was is None or was["status"] != now["status"] or range_of(was) != range_of(now):
            changes.append(KeyChange(key, was, now, _claim_changes(was, now)))
    changes += [KeyChange(key, was, None, _claim_changes(was, None))
                for key, was in before.items() if key not in after]
    return changes


def _claim_changes(was: dict[str, Any] | None, now: dict[str, Any] | None) -> list[ClaimChange]:
    old = {c["id"]: c for c in (was or {}).get("claims", [])}
    new = {c["id"]: c for c in (now or {}).get("claims", [])}
    out = [ClaimChange("added", i, None, c) for i, c in new.items() if i not in old]
    out += [ClaimChange("removed", i, c, None) for i, c in old.items() if i not in new]
    for i, c in new.items():
        if i in old and old[i]["value"] != c["value"]:
            out.append(ClaimChange("value", i, old[i], c))
        elif i in old and old[i]["role"] != c["role"]:
            out.append(ClaimChange("role", i, old[i], c))
    return out


def _state(r: dict[str, Any] | None) -> str:
    return "—" if r is None else f"{r['status']} {r.get('display', '')}".strip()


def _claim(c: dict[str, Any]) -> str:
    via = f" via {c['via']}" if c.get("via") else ""
    return f"{c['id']}  {c['outlet']}{via} (trust {c['trust']:.2f})  {c['value']!r} → {c['display']}"


def _claim_line(ch: ClaimChange) -> str:
    if ch.kind == "added":
        return f"+ {_claim(ch.after)}  [{ch.after['role']}]"
    if ch.kind == "removed":
        return f"- {_claim(ch.before)}  [{ch.before['role']}]"
    if ch.kind == "value":
        return (f"~ {ch.claim_id}: value {ch.before['value']!r} → {ch.after['value']!r} "
                f"({ch.before['display']} → {ch.after['display']}), "
                f"{ch.before['role']} → {ch.after['role']}")
    return f"~ {ch.claim_id}  {ch.after['outlet']}: {ch.before['role']} → {ch.after['role']}: " \
           f"{ch.after['reason']}"


def headline(changes: list[KeyChange], name_a: str, name_b: str) -> str:
    kinds = [c.kind for c in changes]
    return (f"{name_a} → {name_b}: {kinds.count('changed')} key(s) changed, "
            f"{kinds.count('added')} added, {kinds.count('removed')} removed")


def iter_diff_text(changes: list[KeyChange], name_a: str, name_b: str) -> Iterator[str]:
    yield headline(changes, name_a, name_b) + "\n"
    mark = {"changed": "~", "added": "+", "removed": "-"}
    for ch in changes:
        yield f"{mark[ch.kind]} {ch.key.text}: {_state(ch.before)} → {_state(ch.after)}\n"
        for c in ch.claims:
            yield f"    {_claim_line(c)}\n"


def iter_diff_markdown(changes: list[KeyChange], name_a: str, name_b: str) -> Iterator[str]:
    yield f"### reconcile diff\n\n{md(headline(changes, name_a, name_b))}\n\n"
    if not changes:
        return
    yield "| key | before | after | claims that changed |\n|---|---|---|---|\n"
    for ch in changes:
        claims = "<br>".join(md(_claim_line(c)) for c in ch.claims) or "–"
        yield f"| {code(ch.key.text)} | {md(_state(ch.before))} | {md(_state(ch.after))} | {claims} |\n"


CLAIM_FIELDS = ("outlet", "value", "role", "reason")


def diff_json(changes: list[KeyChange], name_a: str, name_b: str) -> dict[str, Any]:
    def side(r):
        if r is None:
            return None
        return {k: r.get(k) for k in ("status", "display", "low", "high", "low_inclusive",
                                      "high_inclusive", "unit", "currency", "sources")}
    return {"a": name_a, "b": name_b, "changes": [
        {"key": ch.key.text, "subject_id": ch.key.subject_id, "attribute": ch.key.attribute,
         "object_id": ch.key.object_id, "as_of": ch.key.as_of, "kind": ch.kind,
         "before": side(ch.before), "after": side(ch.after),
         "claims": [{"change": c.kind, "id": c.claim_id,
                     "before": c.before and {k: c.before.get(k) for k in CLAIM_FIELDS},
                     "after": c.after and {k: c.after.get(k) for k in CLAIM_FIELDS}}
                    for c in ch.claims]}
        for ch in changes]}
