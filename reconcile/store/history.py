"""Incremental runs: what a run may take over from the last one instead of recomputing it.

A run under the same context as the last stored run (same rules, entities, review decisions
and version: `pipeline.compute`) reads only the input files whose path or content
changed. Their claims, old and new, name the keys to resolve again; every other resolution of
the last run is carried forward by reference (`run_resolutions`), and the claims of unchanged
files stay the rows their version already has. Anything that would make the result differ
from a full run sends the run down the full path instead, with the reason in its audit trail:
a changed context, a run stored before incremental runs existed, or a claim of a changed file
that is also in an unchanged one (which copy counts depends on every file).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Iterable, Sequence

from sqlalchemy import Engine, select

from reconcile.core import Claim, Evidence, Interval, Key
from reconcile.normalize.names import with_label
from reconcile.pipeline import Plan, file_order
from reconcile.rules import Rules
from reconcile.store import schema
from reconcile.store.encoding import unpack
from reconcile.store.read import run_has_payloads

R, RR, RC = (schema.Resolution.__table__, schema.RunResolution.__table__,
             schema.ResolutionClaim.__table__)
C, V, M = schema.Claim.__table__, schema.ClaimValue.__table__, schema.EntityMatch.__table__
IF, RUN = schema.InputFile.__table__, schema.Run.__table__
P = schema.ResolutionPayload.__table__
CHUNK = 500  # bound parameters per IN list


class History:
    """The stored runs of a database, as the pipeline's incremental path needs them."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def plan(self, context: str, files: Sequence[tuple[str, str]]) -> tuple[Plan | None, str]:
        """A plan over the last run, or None and why the run must be full."""
        with self.engine.connect() as conn:
            base = conn.execute(select(RUN.c.id, RUN.c.context_sha256)
                                .where(RUN.c.finished_at.is_not(None))
                                .order_by(RUN.c.id.desc()).limit(1)).first()
            if base is None:
                return None, "no earlier run"
            if base.context_sha256 != context:
                return None, (f"rules, entities, review decisions or version changed since "
                              f"run {base.id}")
            stored = conn.execute(select(IF.c.path, IF.c.sha256, IF.c.version_id, IF.c.claims)
                                  .where(IF.c.run_id == base.id)).all()
        if any(f.version_id is None for f in stored):
            return None, f"run {base.id} was stored before incremental runs"
        if not self._has_payloads(base.id):
            return None, f"run {base.id} was stored before resolution payloads"
        current = dict(files)
        unchanged = {f.path: (f.version_id, f.claims) for f in stored
                     if current.get(f.path) == f.sha256}
        removed = [f.version_id for f in stored if f.path not in unchanged]
        return Plan(base.id, unchanged, removed, sum(n for _, n in unchanged.values())), ""

    def clash(self, plan: Plan, claims: Sequence[Claim]) -> str:
        """Why the claims read now cannot simply be added to the unchanged files' ("" if they can).

        A claim id (or content) already in an unchanged file makes which copy counts depend
        on the order of all files, as in a full run: such a run is done in full.
        """
        if not claims or not plan.unchanged:
            return ""
        kept = {v for v, _ in plan.unchanged.values()}
        # the same id, or an id-less claim whose content hash is the id of the other
        ids = sorted({c.id for c in claims} | {c.content_sha for c in claims})
        queries = [C.c.claim_id.in_(chunk) for chunk in _chunks(ids)]
        # an id-less claim now, a named claim with its content then (content_sha is not
        # indexed: this reads the claims table, and only when id-less claims were read)
        idless = sorted({c.content_sha for c in claims if not c.named})
        queries += [C.c.content_sha.in_(chunk) for chunk in _chunks(idless)]
        with self.engine.connect() as conn:
            for where in queries:
                for row in conn.execute(select(C.c.claim_id, C.c.file, C.c.version_id)
                                        .where(where)):
                    if row.version_id in kept:
                        return (f"claim {row.claim_id} of unchanged {row.file} is also in a "
                                f"changed file")
        return ""

    def keys_of_removed(self, plan: Plan, rules: Rules) -> set[Key]:
        """The keys the claims of no-longer-read versions were on (a superset is harmless)."""
        claims: dict[int, dict] = defaultdict(dict)
        with self.engine.connect() as conn:
            for chunk in _chunks(plan.removed):
                for r in conn.execute(
                        select(C.c.id, C.c.attribute, C.c.as_of, C.c.object, M.c.role,
                               M.c.entity_id).join(M, M.c.claim_pk == C.c.id)
                        .where(C.c.version_id.in_(chunk))):
                    claims[r.id].update(attribute=r.attribute, as_of=r.as_of, has_object=bool(
                        r.object), **{r.role: r.entity_id})
        keys = set()
        for c in claims.values():
            if c.get("subject") and (not c["has_object"] or c.get("object")):
                keys.add(Key(c["subject"], rules.canonical_attribute(c["attribute"]),
                             c.get("object") if c["has_object"] else None, c["as_of"]))
        return keys

    def evidence(self, plan: Plan, keys: Iterable[Key], rules: Rules) -> dict[Key, list[Evidence]]:
        """The evidence unchanged files give on `keys`, as the base run stored it."""
        keys = set(keys)
        if not keys:
            return {}
        plan.base_keys = self._base_keys(plan, {k.subject_id for k in keys})
        wanted = {plan.base_keys[k]: k for k in keys if k in plan.base_keys}
        removed = set(plan.removed)
        out: dict[Key, list[Evidence]] = defaultdict(list)
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(wanted)):
                rows = conn.execute(
                    select(RC.c.resolution_id, C.c.id, C.c.claim_id, C.c.outlet, C.c.via,
                           C.c.value, C.c.version_id, C.c.published, C.c.file, C.c.line, V)
                    .join(C, C.c.id == RC.c.claim_pk).join(V, V.c.claim_pk == C.c.id)
                    .where(RC.c.resolution_id.in_(chunk)))
                for r in rows:
                    if r.version_id in removed:
                        continue
                    key = wanted[r.resolution_id]
                    outlet = rules.outlet(r.outlet)
                    via = rules.outlet(r.via).name if r.via else None
                    iv = with_label(Interval(r.low, r.high, r.low_inclusive, r.high_inclusive,
                                             r.point, r.approx, r.hedged, r.unit or "number",
                                             r.currency), r.value)
                    order = file_order(plan.file_rank, r.file, r.line)
                    out[key].append(Evidence(r.claim_id, key, outlet.name, via, outlet.trust, iv,
                                             r.value, r.published, order))
                    plan.claim_pks[r.claim_id] = r.id
                for blob in conn.execute(select(P.c.json_zstd)
                                         .where(P.c.resolution_id.in_(chunk))).scalars():
                    for shown in json.loads(unpack(blob))["claims"]:
                        if shown["id"] in plan.claim_pks:
                            plan.shown[shown["id"]] = shown
        return dict(out)

    def _has_payloads(self, run_id: int) -> bool:
        with self.engine.connect() as conn:
            return run_has_payloads(conn, run_id)

    def _base_keys(self, plan: Plan, subjects: set[str]) -> dict[Key, int]:
        """The base run's resolution ids of the keys on these subjects."""
        out = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(subjects)):
                for r in conn.execute(select(R.c.id, R.c.subject_id, R.c.attribute,
                                             R.c.object_id, R.c.as_of)
                                      .join(RR, RR.c.resolution_id == R.c.id)
                                      .where(RR.c.run_id == plan.base_run_id,
                                             R.c.subject_id.in_(chunk))):
                    out[Key(r.subject_id, r.attribute, r.object_id, r.as_of)] = r.id
        return out


def _chunks(items: Sequence) -> Iterable[list]:
    items = list(items)
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]
