"""The run: ingest → normalize → match → graph → resolve, as plain data, before anything is stored.

Each distinct value is read once and each distinct mention matched once, however many claims
repeat them. With a `history` (incremental.History) a run reads only the files that are new or
changed since the last run under the same rules, entities and review decisions, and recomputes
only the keys their claims touch (old and new); the store carries the rest forward.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Protocol, Sequence

from reconcile.core import CATEGORICAL, Claim, Entity, Evidence, Interval, Key
from reconcile.errors import UnreadableValue
from reconcile.exchange import Conversion, convert_keys
from reconcile.ingest import ENTITY_FILES, claim_files, read_claims, read_entities
from reconcile.match import Match, Matcher
from reconcile.match.cache import MatcherCache
from reconcile.memory import gc_paused
from reconcile.normalize import read_value
from reconcile.normalize.names import read_names
from reconcile.resolve import Resolution, resolve
from reconcile.review import StoredDecision, apply_to_entities
from reconcile.rules import Rules, load_rules
from reconcile.trust import TrustModel, learn, with_learned_trust
from reconcile.value_review import ValueDecision, apply, by_key
from reconcile.version import __version__


@dataclass
class Plan:
    """What a run takes over from its base run."""

    base_run_id: int
    unchanged: dict[str, tuple[int, int]]  # path -> (version id, claims) of files read before
    removed: list[int]  # versions of the base run this run no longer reads (changed or gone)
    claims_carried: int
    touched: set[Key] = field(default_factory=set)  # keys resolved again
    claim_pks: dict[str, int] = field(default_factory=dict)  # stored claims used as evidence
    base_keys: dict[Key, int] | None = None  # touched key -> the base run's resolution id
    file_rank: dict[str, int] = field(default_factory=dict)  # the run's files, in reading order
    # claim id -> its JSON object in the base run's payload, for claims of unchanged files
    # that a key resolved again still counts (reconcile.store.encoding)
    shown: dict[str, dict] = field(default_factory=dict)

    @property
    def dropped(self) -> set[int]:
        """The base run's resolutions this run replaces (those of the touched keys)."""
        keys = self.base_keys or {}
        return {keys[k] for k in self.touched if k in keys}


class History(Protocol):
    """What the incremental path asks of the stored runs (`reconcile.store.history` answers)."""

    def plan(self, context: str, files: Sequence[tuple[str, str]]) -> tuple[Plan | None, str]:
        """A plan over the last run, or None and why the run must be full."""

    def clash(self, plan: Plan, claims: Sequence[Claim]) -> str:
        """Why the plan cannot stand for these claims ('' when it can)."""

    def keys_of_removed(self, plan: Plan, rules: Rules) -> set[Key]:
        """The keys of the claims of files the run no longer reads."""

    def evidence(self, plan: Plan, keys: Iterable[Key], rules: Rules) -> dict[Key, list[Evidence]]:
        """The stored evidence of unchanged files on `keys`."""


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
    version_id: int | None = None  # unchanged since the base run: its stored version is reused


@dataclass
class Outcome:
    """Everything a run computed, in stable order; what the store writes and reports print."""

    rules: Rules
    entities: list[Entity]
    files: list[InputFileDigest]
    claims: list[Claim]
    values: dict[str, Interval | str]  # claim id -> interval, or the reason it is unreadable
    unit_rules: dict[str, str]  # claim id -> the `units` rule that gave a bare amount its unit
    matches: dict[str, Match]  # mention -> match
    unkeyed: list[Claim]  # claims on no key: unreadable, or a mention not matched
    resolutions: list[Resolution]
    unmatched: list[Unmatched]
    errors: list[Unreadable]
    inputs_sha256: str
    timings: dict[str, float] = field(default_factory=dict)
    # claim id -> how its money was converted into its key's currency (reconcile.exchange)
    conversions: dict[str, Conversion] = field(default_factory=dict)
    decisions: list[StoredDecision] = field(default_factory=list)  # review decisions applied
    stale_decisions: list[StoredDecision] = field(default_factory=list)  # their entity is gone
    # Rules, entities, review decisions and version together: what a later run compares.
    context_sha256: str = ""
    # Incremental: what is carried from the base run (None: a full run), and else why not.
    plan: Plan | None = None
    full_reason: str = ""
    # the outlets' learned trust, when the rules learn it (reconcile.trust)
    trust: TrustModel | None = None

    @property
    def entity_names(self) -> dict[str, str]:
        return {e.id: e.name for e in self.entities}

    @property
    def total_claims(self) -> int:
        """Claims of the run: those read now and those of the unchanged files carried."""
        return len(self.claims) + (self.plan.claims_carried if self.plan else 0)


def compute(claim_paths: Sequence[Path | str] | None, seeds_dir: Path | str, rules_dir: Path | str,
            decisions: Sequence[StoredDecision] = (),
            on_stage: Callable[[str], None] | None = None, *,
            history: History | None = None, full: bool = False,
            value_decisions: Sequence[ValueDecision] = ()) -> Outcome:
    """Run every stage in memory. Bad input raises (InputError, RulesError) before anything is kept.

    With `history`, only new or changed files are read and only the keys they touch are
    resolved again (see `reconcile.store.history`); `full` reads and resolves everything.
    """
    timings: dict[str, float] = {}
    stage = _stages(on_stage, timings)
    with gc_paused():
        stage("ingest")
        rules = load_rules(rules_dir)
        entities_sha = _entities_sha256(seeds_dir)
        context = _context_sha256(rules, entities_sha, decisions)
        cache = MatcherCache(context)
        # a decision on a value changes what its key resolves to, not how mentions match
        context = _with_value_decisions(context, value_decisions)
        seeds = cache.entities() or read_entities(seeds_dir)
        paths = list(claim_paths) if claim_paths else [Path(seeds_dir)]
        files = claim_files(paths)
        shas = {str(f): _file_sha256(f) for f in files}
        if full or history is None:
            plan, reason = None, "--full" if full else "no database history"
        elif rules.trust.learn:
            # every claim of the run is evidence of every outlet's trust: learn it from all
            plan, reason = None, "trust.learn is on: trust is learned from every claim of the run"
        else:
            plan, reason = history.plan(context, list(shas.items()))
        read = files if plan is None else [f for f in files if str(f) not in plan.unchanged]
        claims = read_claims(read)
        if plan is not None and (clash := history.clash(plan, claims)):
            plan, reason = None, clash
            claims = read_claims(files)
        digests = _digests(files, shas, claims, plan)

        stage("normalize")
        values, unit_rules = _read_all(claims, rules)

        stage("match")
        entities, applicable, stale = apply_to_entities(seeds, list(decisions))
        matcher = cache.matcher(seeds, entities, rules.matching, applicable) if claims else None
        mentions = sorted({c.subject for c in claims} | {c.object for c in claims if c.object})
        matches = matcher.match_many(mentions) if matcher else {}
        del matcher, cache  # an index of 100 000 entities is hundreds of MB, needed no more

        stage("graph")
        rank = {str(f): i for i, f in enumerate(files)}
        evidence, unkeyed, unmatched, errors = _evidence(claims, values, matches, rules, rank)
        if plan is not None:
            plan.file_rank = rank
            plan.touched = set(evidence) | history.keys_of_removed(plan, rules)
            for key, old in history.evidence(plan, plan.touched, rules).items():
                evidence[key] = old + evidence.get(key, [])

        stage("resolve")
        evidence, conversions, unconverted = convert_keys(evidence, rules)
        trust = None
        if rules.trust.learn:
            trust = learn(evidence, rules)
            evidence = with_learned_trust(evidence, trust)
        n = rules.trust.false_values
        decided = by_key(value_decisions)

        def resolved(key: Key, found: list[Evidence]) -> Resolution:
            rule = rules.resolution_for(key.attribute)
            if key not in decided:
                return resolve(key, found, None, rule, unconverted, n)
            return apply(key, found, decided[key],
                         lambda kept: resolve(key, kept, None, rule, unconverted, n))
        resolutions = [resolved(key, evidence[key]) for key in sorted(evidence, key=Key.sort_key)]
        del evidence  # a million Evidence objects: resolutions are what is stored
        stage(None)
    outcome = Outcome(rules, entities, digests, claims, values, unit_rules, matches, unkeyed,
                      resolutions, unmatched, errors, _inputs_sha256(digests, entities_sha),
                      timings, context_sha256=context, plan=plan, full_reason=reason,
                      conversions=conversions, trust=trust)
    outcome.decisions = [d for d in decisions if d not in stale]
    outcome.stale_decisions = stale
    return outcome


def load_matcher(seeds_dir: Path | str, rules: Rules,
                 decisions: Sequence[StoredDecision] = ()) -> Matcher:
    """The matcher a run would use for these seeds, rules and review decisions.

    From the disk cache when a run under the same context built it (a 100 000-entity index
    takes seconds to build), so `explain` matches its mentions as the run did.
    """
    cache = MatcherCache(_context_sha256(rules, _entities_sha256(seeds_dir), decisions))
    seeds = cache.entities() or read_entities(seeds_dir)
    entities, applicable, _ = apply_to_entities(seeds, list(decisions))
    return cache.matcher(seeds, entities, rules.matching, applicable)


def _stages(on_stage: Callable[[str], None] | None,
            timings: dict[str, float]) -> Callable[[str | None], None]:
    """`stage(name)` starts a stage (and tells `on_stage`); `stage(None)` ends the last one."""
    current: list = [None, 0.0]

    def stage(name: str | None) -> None:
        now = time.perf_counter()
        if current[0] is not None:
            timings[current[0]] = timings.get(current[0], 0.0) + now - current[1]
        current[:] = [name, now]
        if name is not None and on_stage is not None:
            on_stage(name)
    return stage


def _read_all(claims: Sequence[Claim], rules: Rules):
    """Each claim's interval (or why it is unreadable); each distinct reading done once."""
    values: dict[str, Interval | str] = {}
    unit_rules: dict[str, str] = {}
    seen: dict[tuple, tuple[Interval | str, str | None]] = {}
    for claim in claims:
        key = (claim.value, claim.lang, claim.attribute)
        got = seen.get(key)
        if got is None:
            got = seen[key] = read_claim(claim, rules)
        values[claim.id] = got[0]
        if got[1]:
            unit_rules[claim.id] = got[1]
    return values, unit_rules


def read_claim(claim: Claim, rules: Rules) -> tuple[Interval | str, str | None]:
    """A claim's value as a run reads it: its interval (or why it cannot be read), and the
    `units` rule that gave a bare amount its unit (or None). `reconcile verify` reads the
    claims it checks with it, so a claim is read the same way wherever it comes from."""
    rule = rules.resolution_for(claim.attribute)
    declared = rules.unit_of(claim.attribute)
    if declared is not None and declared[0] in CATEGORICAL:
        # a name, never an amount: the digits of "Windows 95" are part of it
        try:
            return read_names(claim.value, declared[0]), declared[2]
        except UnreadableValue as exc:
            return exc.reason, None
    try:
        value = read_value(claim.value, lang=claim.lang or rules.default_lang,
                           tolerance=rule.approx_tolerance, default_currency=rules.default_currency,
                           yen_currency=rules.yen_currency)
    except UnreadableValue as exc:
        return exc.reason, None
    refusing = rules.refuses_negative(claim.attribute)
    if refusing and any(b is not None and b < 0 for b in (value.low, value.high)):
        return (f"a negative value, but {rules.canonical_attribute(claim.attribute)} is declared "
                f"without a sign ({refusing}); declare it `signed …` if it can be negative"), None
    declared = rules.unit_of(claim.attribute)
    if value.unit == "number" and declared is not None:
        # A bare amount takes its attribute's unit: "50 milliards" of an investment is money.
        unit, currency, origin = declared
        return replace(value, unit=unit, currency=currency), origin
    return value, None


def file_order(rank: dict[str, int], file: str, line: int) -> int:
    """Where a claim stands in the run's files: by the file's rank, then its line."""
    return (rank.get(file, len(rank)) << 32) | line


def _evidence(claims, values, matches, rules, rank: dict[str, int]):
    evidence: dict[Key, list[Evidence]] = defaultdict(list)
    unkeyed: list[Claim] = []
    unmatched: list[Unmatched] = []
    errors: list[Unreadable] = []
    # A few dozen outlets and attributes, a million claims: each name is looked up once.
    outlets = _Memo(rules.outlet)
    attributes = _Memo(rules.canonical_attribute)
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
            unkeyed.append(claim)
            continue
        key = Key(subject.entity_id, attributes[claim.attribute],
                  obj.entity_id if obj else None, claim.as_of)
        found = evidence[key]
        if found:  # the key's evidence shares one Key object, not one tuple per claim
            key = found[0].key
        outlet = outlets[claim.outlet]
        via = outlets[claim.via].name if claim.via else None
        # the order in the run's files: which of an outlet's claims on a key came last
        found.append(Evidence(claim.id, key, outlet.name, via, outlet.trust, value, claim.value,
                              claim.published, file_order(rank, claim.file, claim.line)))
    return dict(evidence), unkeyed, unmatched, errors


class _Memo(dict):
    """`memo[x]` is `f(x)`, computed on first use."""

    def __init__(self, f):
        super().__init__()
        self.f = f

    def __missing__(self, x):
        value = self[x] = self.f(x)
        return value


def _digests(files: Sequence[Path], shas: dict[str, str], claims: Sequence[Claim],
             plan: Plan | None) -> list[InputFileDigest]:
    """Every input file in reading order, those unchanged since the base run with their version."""
    counts: dict[str, int] = defaultdict(int)
    for claim in claims:
        counts[claim.file] += 1
    out = []
    for f in map(str, files):
        if plan is not None and f in plan.unchanged:
            version_id, n = plan.unchanged[f]
            out.append(InputFileDigest(f, shas[f], n, version_id))
        else:
            out.append(InputFileDigest(f, shas[f], counts[f]))
    return out


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _entities_sha256(seeds_dir: Path | str) -> list[tuple[str, bytes]]:
    out = []
    for name in ENTITY_FILES:
        path = Path(seeds_dir) / name
        if path.is_file():  # a FIFO or a folder of that name is refused by read_entities
            out.append((name, hashlib.sha256(path.read_bytes()).digest()))
    return out


def _context_sha256(rules: Rules, entities_sha: list[tuple[str, bytes]],
                    decisions: Sequence[StoredDecision]) -> str:
    """What reading, matching and resolving depend on besides the claims themselves."""
    h = hashlib.sha256(f"reconcile {__version__}\0rules {rules.sha256}\0".encode())
    for name, digest in entities_sha:
        h.update(name.encode() + b"\0" + digest)
    for d in sorted(decisions, key=lambda d: (d.mention_key, d.action, d.entity_id or "")):
        h.update(f"\0{d.mention_key}\0{d.action}\0{d.entity_id}\0{d.entity_name}".encode())
    return h.hexdigest()


def _with_value_decisions(context: str, decisions: Sequence[ValueDecision]) -> str:
    if not decisions:
        return context  # the context of runs before value decisions, unchanged
    h = hashlib.sha256(context.encode())
    for d in decisions:
        h.update(f"\0{d.id}\0{d.key.text}\0{d.action}\0{d.digest}".encode())
    return h.hexdigest()


def _inputs_sha256(digests: Sequence[InputFileDigest],
                   entities_sha: list[tuple[str, bytes]]) -> str:
    """One digest of what was read: claim files' contents and the entities file."""
    h = hashlib.sha256()
    for d in sorted(digests, key=lambda d: d.path):
        h.update(f"{Path(d.path).name}\0{d.sha256}\n".encode())
    for name, digest in entities_sha:
        h.update(name.encode() + b"\0" + digest)
    return h.hexdigest()
