"""The run: ingest → normalize → match → graph → resolve, as plain data, before anything is stored."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence

import networkx as nx

from reconcile.graph import Evidence, Key, key_graph
from reconcile.ingest import Claim, Entity, claim_files, read_claims, read_entities
from reconcile.interval import Interval
from reconcile.match import Match, Matcher
from reconcile.normalize import UnreadableValue, read_value
from reconcile.resolve import Resolution, resolve
from reconcile.review import StoredDecision, apply_to_entities
from reconcile.rules import Rules, load_rules


@dataclass(frozen=True)
class Unreadable:
    """A claim whose value could not be read: stored and reported, never dropped."""

    claim_id: str
    file: str
    line: int
    message: str


@dataclass(frozen=True)
class Unmatched:
    """A subject or object mention that no entity took with confidence."""

    claim_id: str
    role: str  # subject | object
    match: Match


@dataclass(frozen=True)
class InputFileDigest:
    path: str
    sha256: str
    claims: int


@dataclass
class Outcome:
    """Everything a run computed, in stable order; what `store` writes and reports print."""

    rules: Rules
    entities: list[Entity]
    files: list[InputFileDigest]
    claims: list[Claim]
    values: dict[str, Interval | str]  # claim id -> interval, or the reason it is unreadable
    unit_rules: dict[str, str]  # claim id -> the `units` rule that gave a bare amount its unit
    matches: dict[str, Match]  # mention -> match
    evidence: dict[Key, list[Evidence]]
    graphs: dict[Key, nx.Graph]
    resolutions: list[Resolution]
    unmatched: list[Unmatched]
    errors: list[Unreadable]
    inputs_sha256: str
    timings: dict[str, float] = field(default_factory=dict)
    decisions: list[StoredDecision] = field(default_factory=list)  # review decisions applied
    stale_decisions: list[StoredDecision] = field(default_factory=list)  # their entity is gone

    @property
    def entity_names(self) -> dict[str, str]:
        return {e.id: e.name for e in self.entities}


def compute(claim_paths: Sequence[Path | str] | None, seeds_dir: Path | str, rules_dir: Path | str,
            decisions: Sequence[StoredDecision] = (),
            on_stage: Callable[[str], None] | None = None) -> Outcome:
    """Run every stage in memory. Bad input raises (InputError, RulesError) before anything is kept."""
    stage = on_stage or (lambda name: None)
    stage("ingest")
    rules = load_rules(rules_dir)
    entities = read_entities(seeds_dir)
    paths = list(claim_paths) if claim_paths else [Path(seeds_dir)]
    files = claim_files(paths)
    claims = read_claims(files)
    digests = _digest_files(files, claims)

    stage("normalize")
    values, unit_rules = {}, {}
    for claim in claims:
        values[claim.id], origin = _read(claim, rules)
        if origin:
            unit_rules[claim.id] = origin

    stage("match")
    entities, applicable, stale = apply_to_entities(entities, list(decisions))
    matcher = Matcher(entities, rules.matching, applicable)
    mentions = sorted({c.subject for c in claims} | {c.object for c in claims if c.object})
    matches = matcher.match_many(mentions)

    stage("graph")
    evidence, unmatched, errors = _evidence(claims, values, matches, rules)
    graphs = {key: key_graph(evs) for key, evs in evidence.items()}

    stage("resolve")
    resolutions = [
        resolve(key, evidence[key], graphs[key], rules.resolution_for(key.attribute))
        for key in sorted(evidence, key=Key.sort_key)
    ]
    outcome = Outcome(rules, entities, digests, claims, values, unit_rules, matches, evidence,
                      graphs, resolutions, unmatched, errors, _inputs_sha256(digests, seeds_dir))
    outcome.decisions = [d for d in decisions if d not in stale]
    outcome.stale_decisions = stale
    return outcome


def _read(claim: Claim, rules: Rules) -> tuple[Interval | str, str | None]:
    rule = rules.resolution_for(claim.attribute)
    try:
        value = read_value(claim.value, lang=claim.lang or rules.default_lang,
                           tolerance=rule.approx_tolerance, default_currency=rules.default_currency,
                           yen_currency=rules.yen_currency)
    except UnreadableValue as exc:
        return exc.reason, None
    declared = rules.unit_of(claim.attribute)
    if value.unit == "number" and declared is not None:
        # A bare amount takes its attribute's unit: "50 milliards" of an investment is money.
        unit, currency, origin = declared
        return replace(value, unit=unit, currency=currency), origin
    return value, None


def _evidence(claims, values, matches, rules):
    evidence: dict[Key, list[Evidence]] = defaultdict(list)
    unmatched: list[Unmatched] = []
    errors: list[Unreadable] = []
    for claim in claims:
        value = values[claim.id]
        if isinstance(value, str):
            errors.append(Unreadable(claim.id, claim.file, claim.line, f"value {claim.value!r}: {value}"))
        subject = matches[claim.subject]
        obj = matches[claim.object] if claim.object else None
        for role, match in (("subject", subject), ("object", obj)):
            if match is not None and match.entity_id is None:
                unmatched.append(Unmatched(claim.id, role, match))
        if isinstance(value, str) or subject.entity_id is None or (obj and obj.entity_id is None):
            continue
        key = Key(subject.entity_id, rules.canonical_attribute(claim.attribute),
                  obj.entity_id if obj else None, claim.as_of)
        outlet = rules.outlet(claim.outlet)
        via = rules.outlet(claim.via).name if claim.via else None
        evidence[key].append(Evidence(claim.id, key, outlet.name, via, outlet.trust, value, claim.value))
    return dict(evidence), unmatched, errors


def _digest_files(files: Sequence[Path], claims: Sequence[Claim]) -> list[InputFileDigest]:
    counts: dict[str, int] = defaultdict(int)
    for claim in claims:
        counts[claim.file] += 1
    return [InputFileDigest(str(f), hashlib.sha256(Path(f).read_bytes()).hexdigest(), counts[str(f)])
            for f in files]


def _inputs_sha256(digests: Sequence[InputFileDigest], seeds_dir: Path | str) -> str:
    """One digest of what was read: claim files' contents and the entities file."""
    h = hashlib.sha256()
    for d in sorted(digests, key=lambda d: d.path):
        h.update(f"{Path(d.path).name}\0{d.sha256}\n".encode())
    for name in ("entities.yaml", "entities.yml", "entities.csv"):
        path = Path(seeds_dir) / name
        if path.exists():
            h.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
