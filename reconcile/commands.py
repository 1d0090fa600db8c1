"""Every verb of reconcile as a plain function: what the CLI calls, and what Python code may call.

Each function takes paths, URLs and options, does the whole job (opening and closing the
database itself), and returns plain data for the caller to render; errors are `ReconcileError`s.
`run` and `report` write their report to a text stream, because a run of a million claims is
rendered while its stored resolutions are streamed out of the database.

    from reconcile import commands
    result = commands.run(seeds="seeds", rules="rules", db="sqlite:///reconcile.db", fmt="json",
                          out=open("run.json", "w"))
    result.run_id, result.verdict.exit_code
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Collection, Sequence, TextIO

import yaml

from reconcile import config
from reconcile.core import Key
from reconcile.errors import (OutputError, ReportInputError, ReviewError, RunNotFound,
                              UnreadableValue)
from reconcile.ingest import read_entities
from reconcile.match import Match
from reconcile.memory import gc_paused
from reconcile.normalize import read_value
from reconcile.output import atomic_text, refuse_database, write_text
from reconcile.pipeline import compute, load_matcher
from reconcile.report import (Verdict, drawn_keys, find_resolutions, judge, read_results,
                              with_verdict, write_report, write_results)
from reconcile.report.diff import KeyChange, diff_runs
from reconcile.report.results import interval_of, key_of
from reconcile.review import (QueueItem, StoredDecision, decide, entities_csv, entities_file,
                              entities_yaml, export_entities)
from reconcile.rules import Rules, builtin_rules, load_rules
from reconcile import value_review
from reconcile.value_review import ValueDecision
from reconcile.store import (History, decisions as stored_decisions, engine as database,
                             open_database, write_run)
from reconcile.store.chain import stored_root, verify
from reconcile.store.lock import run_lock
from reconcile.store import value_decisions
from reconcile.store.outlets import learned_trust, outlet_rows
from reconcile.store.runs import (audit_trail, latest_run_id, list_runs, report_extras, run_json,
                                  run_payload, stored_graph)

Stage = Callable[[str], None]


@dataclass
class RunResult:
    """What `run` or `report` did: the stored run, its verdict, the run's stage timings and the
    root of its hash chain."""

    run_id: int
    verdict: Verdict
    timings: dict[str, float] = field(default_factory=dict)
    root_sha256: str | None = None


def run(claims: Sequence[Path | str] = (), seeds: Path | str = config.SEEDS_DIR,
        rules: Path | str = config.RULES_DIR, db: str | None = None, *, fmt: str = "text",
        out: TextIO | None = None, output: Path | None = None,
        fail_on: Collection[str] = ("conflict",), baseline: Path | None = None,
        results: Path | None = config.RESULTS_PATH, full: bool = False,
        wait: float = config.RUN_WAIT_SECONDS, on_stage: Stage | None = None,
        options: dict[str, Any] | None = None) -> RunResult:
    """Read, normalize, match and resolve every claim; store the run; write its report.

    The report goes to `output` (a file) or else `out` (default stdout); `results` receives the
    contract's JSON of every run, failing or not. Every output is written before the verdict
    is returned, so the caller decides the exit code last. Another run on the same database
    is waited for `wait` seconds at most.
    """
    stage = on_stage or (lambda name: None)
    url = config.database_url(db)
    for path in (output, results):
        refuse_database(path, database.sqlite_file(url))
    base = read_results(baseline) if baseline else None  # a bad baseline stops before the run
    started = datetime.now(timezone.utc)
    with gc_paused(), open_database(url) as engine:
        with run_lock(engine, wait=wait, who=config.current_user()):
            outcome = compute(list(claims) or None, seeds, rules,
                              decisions=stored_decisions.current_decisions(engine),
                              on_stage=stage, history=History(engine), full=full,
                              value_decisions=value_decisions.all_decisions(engine))
            stage("store")
            run_id = write_run(engine, outcome, started_at=started, options=options)
            timings = outcome.timings
            del outcome  # a million claims' worth of memory, not needed to report the run
        stage("load")
        summary_path = config.step_summary_path()
        summary, payload, verdict, extras = _rendered(engine, run_id, fmt, set(fail_on), base,
                                                      baseline, step_summary=bool(summary_path))
        stage("write")
        if results is not None:
            # the stored resolutions, streamed as they are: the run is not read back claim by claim
            write_results(results, with_verdict(run_json(engine, run_id, summary), verdict))
        _emit(fmt, payload, verdict, extras, out, output)
        if summary_path:
            _write(_append_markdown, summary_path, summary, verdict)
        root = stored_root(engine, run_id)
    return RunResult(run_id, verdict, timings, root)


def report(run_id: int | None = None, db: str | None = None, *, fmt: str = "text",
           out: TextIO | None = None, output: Path | None = None,
           fail_on: Collection[str] = ("conflict",), baseline: Path | None = None) -> RunResult:
    """Render a stored run (default: the latest) in `fmt`, without recomputing it."""
    url = config.database_url(db)
    refuse_database(output, database.sqlite_file(url))
    base = read_results(baseline) if baseline else None
    with open_database(url) as engine:
        run_id = run_id or latest_run_id(engine)
        _, payload, verdict, extras = _rendered(engine, run_id, fmt, set(fail_on), base, baseline)
        _emit(fmt, payload, verdict, extras, out, output)
    return RunResult(run_id, verdict)


def rules_or_builtin(rules_dir: Path | str) -> Rules:
    """`normalize` and `match` work without a rules directory; `run` needs one."""
    return load_rules(rules_dir) if Path(rules_dir).exists() else builtin_rules()


def normalize(texts: Sequence[str], rules: Path | str = config.RULES_DIR, *,
              lang: str | None = None, attribute: str | None = None,
              ) -> list[tuple[str, Any]]:
    """How each text is read: (text, Interval), or (text, UnreadableValue) when it is not."""
    rule_set = rules_or_builtin(rules)
    rule = rule_set.resolution_for(rule_set.canonical_attribute(attribute) if attribute else "")
    out: list[tuple[str, Any]] = []
    for text in texts:
        try:
            out.append((text, read_value(text, lang=lang or rule_set.default_lang,
                                         tolerance=rule.approx_tolerance,
                                         default_currency=rule_set.default_currency,
                                         yen_currency=rule_set.yen_currency)))
        except UnreadableValue as exc:
            out.append((text, exc))
    return out


def normalize_explain(texts: Sequence[str], rules: Path | str = config.RULES_DIR, *,
                      lang: str | None = None, attribute: str | None = None) -> list[dict]:
    """How each text is read, step by step: its tokens (which words made the number, scale,
    currency, comparative, hedge), its amounts, the rule that combined them, and the reading
    or the reason it is refused (`reconcile.normalize.explain.explain`)."""
    from reconcile.normalize.explain import explain

    rule_set = rules_or_builtin(rules)
    rule = rule_set.resolution_for(rule_set.canonical_attribute(attribute) if attribute else "")
    return [explain(text, lang=lang or rule_set.default_lang, tolerance=rule.approx_tolerance,
                    default_currency=rule_set.default_currency,
                    yen_currency=rule_set.yen_currency) for text in texts]


def match(mentions: Sequence[str], seeds: Path | str = config.SEEDS_DIR,
          rules: Path | str = config.RULES_DIR, db: str | None = None) -> tuple[Rules, list[Match]]:
    """The entity each mention is matched to, as a run would match it, and the rules used."""
    rule_set = rules_or_builtin(rules)
    decisions: list[StoredDecision] = []
    url = config.database_url(db)
    if database.exists(url):  # reviewers' decisions apply here as in `run`; never create a DB to look
        with open_database(url) as engine:
            decisions = stored_decisions.current_decisions(engine)
    matcher = load_matcher(seeds, rule_set, decisions)
    return rule_set, [matcher.match(m) for m in mentions]


@dataclass
class Explanation:
    """One resolution with its claims, its audit trail, the run, the other as_of it has, and
    what the hash chain says of the run ("verified", "NOT verified: …" or "not chained")."""

    resolution: dict[str, Any]
    audit: list[dict[str, Any]]
    run: dict[str, Any]
    others: list[dict[str, Any]]
    verified: str = ""
    # the learned trust of the run (reconcile.trust) of this key's outlets; None: not learned
    trust: dict[str, Any] | None = None


def explain(subject: str, attribute: str, object_: str | None = None, *,
            run_id: int | None = None, as_of: str | None = None,
            seeds: Path | str = config.SEEDS_DIR, rules: Path | str = config.RULES_DIR,
            db: str | None = None) -> Explanation:
    """Why this value: the resolution a user means by SUBJECT ATTRIBUTE [OBJECT] mentions."""
    rule_set = rules_or_builtin(rules)
    with open_database(config.database_url(db)) as engine:
        # mentions are matched as a run matches them: reviewers' decisions (and new entities) too
        matcher = load_matcher(seeds, rule_set, stored_decisions.current_decisions(engine))
        run_id = run_id or latest_run_id(engine)
        payload = run_payload(engine, run_id, claims=False)  # the keys; claims of one below
        found = find_resolutions(payload["resolutions"], _entity_id(matcher, subject),
                                 rule_set.canonical_attribute(attribute),
                                 _entity_id(matcher, object_) if object_ else None, as_of,
                                 any_object=object_ is None)
        if not found:
            raise RunNotFound(f"run {run_id} has no resolution for {subject} {attribute}"
                              + (f" {object_}" if object_ else ""))
        key = Key(found[0]["subject_id"], found[0]["attribute"], found[0]["object_id"],
                  found[0]["as_of"])
        chosen = run_payload(engine, run_id, key)["resolutions"][0]
        trail = audit_trail(engine, run_id, key)
        check = verify(engine, only=run_id)[0]
        with engine.connect() as conn:
            learned = learned_trust(conn, run_id)
    verified = "not chained" if check.status == "not chained" else check.message()
    if learned is not None:
        names = {c["source"] for c in chosen["claims"]}
        learned = {**learned, "outlets": {n: t for n, t in learned["outlets"].items()
                                          if n in names}}
    return Explanation(chosen, trail, payload["run"], found[1:], verified, learned)


def outlets(run_id: int | None = None, db: str | None = None
            ) -> tuple[int, list[dict[str, Any]], dict[str, Any] | None]:
    """Each outlet of a run: prior and learned trust, claims kept and set aside, copying."""
    with open_database(config.database_url(db)) as engine:
        run_id = run_id or latest_run_id(engine)
        rows, learned = outlet_rows(engine, run_id)
    return run_id, rows, learned


def timeline(subject: str, attribute: str, object_: str | None = None, *,
             run_id: int | None = None, seeds: Path | str = config.SEEDS_DIR,
             rules: Path | str = config.RULES_DIR, db: str | None = None
             ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """SUBJECT ATTRIBUTE [OBJECT] over its periods: the run, and each period's resolution with
    its claims, oldest period first and the undated one last."""
    rule_set = rules_or_builtin(rules)
    with open_database(config.database_url(db)) as engine:
        matcher = load_matcher(seeds, rule_set, stored_decisions.current_decisions(engine))
        run_id = run_id or latest_run_id(engine)
        payload = run_payload(engine, run_id, claims=False)
        found = find_resolutions(payload["resolutions"], _entity_id(matcher, subject),
                                 rule_set.canonical_attribute(attribute),
                                 _entity_id(matcher, object_) if object_ else None,
                                 any_object=object_ is None)
        if not found:
            raise RunNotFound(f"run {run_id} has no resolution for {subject} {attribute}"
                              + (f" {object_}" if object_ else ""))
        found.sort(key=lambda r: (r["as_of"] is None, r["as_of"] or "", r["object_id"] or ""))
        periods = [run_payload(engine, run_id, Key(r["subject_id"], r["attribute"],
                                                   r["object_id"], r["as_of"]))["resolutions"][0]
                   for r in found]
    return payload["run"], periods


def runs(db: str | None = None) -> list[dict[str, Any]]:
    """Every stored run, newest first, with its resolution counts by status."""
    with open_database(config.database_url(db)) as engine:
        return list_runs(engine)


def diff(run_a: str, run_b: str, db: str | None = None) -> tuple[list[KeyChange], str, str]:
    """The keys that changed from A to B (run ids, `latest`, or run_results.json files)."""
    sides = {}
    for spec in (run_a, run_b):
        if spec.isdigit() or spec == "latest":
            with open_database(config.database_url(db)) as engine:
                run_id = latest_run_id(engine) if spec == "latest" else int(spec)
                sides[spec] = (f"run {run_id}", run_payload(engine, run_id))
        elif Path(spec).is_file():
            sides[spec] = (spec, read_results(spec))
        else:
            raise ReportInputError(f"{spec}: neither a run id, `latest`, nor a run_results.json file")
    (name_a, a), (name_b, b) = sides[run_a], sides[run_b]
    return diff_runs(a, b), name_a, name_b


def graph(run_id: int | None = None, db: str | None = None):
    """The conflict graph of a stored run (default: the latest), as a networkx graph."""
    with open_database(config.database_url(db)) as engine:
        return stored_graph(engine, run_id or latest_run_id(engine))


def db_upgrade(db: str | None = None, revision: str = "head") -> tuple[str, str | None]:
    """Migrate the database to `revision`; the URL (password hidden) and the revision now."""
    engine = database.create(config.database_url(db))
    try:
        database.upgrade(engine, revision)
        return engine.url.render_as_string(), database.current_revision(engine)
    finally:
        engine.dispose()


def db_current(db: str | None = None) -> tuple[str | None, str]:
    """The database's revision and the latest one."""
    engine = database.create(config.database_url(db))
    try:
        return database.current_revision(engine), database.head_revision()
    finally:
        engine.dispose()


def db_check(db: str | None = None) -> str:
    """The head revision, when the schema is what this version expects; DatabaseError if not."""
    engine = database.create(config.database_url(db))
    try:
        database.check_schema(engine)
    finally:
        engine.dispose()
    return database.head_revision()


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
        found = find_resolutions(run_payload(engine, run_id, claims=False)["resolutions"],
                                 _entity_id(matcher, subject),
                                 rule_set.canonical_attribute(attribute),
                                 _entity_id(matcher, object_) if object_ else None, as_of,
                                 any_object=object_ is None)
        if not found:
            raise RunNotFound(f"run {run_id} has no resolution for {subject} {attribute}"
                              + (f" {object_}" if object_ else ""))
        key = key_of(found[0])
        chosen = run_payload(engine, run_id, key)["resolutions"][0]
        on_key = {c["id"]: interval_of(c) for c in chosen["claims"]}
        pinned = None
        if value is not None:
            try:
                pinned = read_value(value, lang=rule_set.default_lang,
                                    default_currency=rule_set.default_currency)
            except UnreadableValue as exc:
                raise ReviewError(f"--value {value!r}: {exc.reason}") from None
        decision = value_review.decide(
            action, key, on_key, claim_ids=claim_ids, interval=pinned, reason=reason,
            source_url=source_url, by=by or config.current_user(),
            at=datetime.now(timezone.utc))
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


def synth(out_dir: Path, *, claims: int, entities: int | None = None, outlets: int = 50,
          seed: int = 0, holdout: int = 0, euros: float = 0.0) -> dict[str, int]:
    """Write a synthetic corpus (seeds, rules, truth) and say how much of each was written."""
    from reconcile.synth import write_corpus

    return write_corpus(out_dir, claims=claims, entities=entities or max(2, claims // 10),
                        outlets=outlets, seed=seed, holdout=holdout, euros=euros)


def _entity_id(matcher, mention: str) -> str:
    """The entity a mention names: an entity id as it is, else what the matcher accepts."""
    if mention in matcher.entity_ids:
        return mention
    m = matcher.match(mention)
    if m.entity_id is None:
        raise RunNotFound(f"{mention!r} matches no entity ({m.band}: {m.reason})")
    return m.entity_id


def _claims_shown(fmt: str, fail_statuses: set[str], step_summary: bool) -> bool | set[str]:
    """Which resolutions' claims a report in `fmt` shows (and the Markdown step summary)."""
    if fmt in ("html", "junit"):
        return True
    shown = set(fail_statuses) if fmt == "md" or step_summary else set()
    if fmt == "github":  # errors on failing keys, warnings on conflicts
        shown |= set(fail_statuses) | {"conflict"}
    return shown or False


def _rendered(engine, run_id: int, fmt: str, fail_statuses: set[str], base, baseline, *,
              step_summary: bool = False):
    """A report of the stored run in `fmt`: the summary, the payload to render, the verdict and
    the HTML extras.

    The text table shows how many claims each key had, not the claims: none is read. JSON is
    the stored resolutions streamed as they are.
    """
    summary = run_payload(engine, run_id, claims=_claims_shown(fmt, fail_statuses, step_summary))
    verdict = judge(summary, fail_statuses, base, str(baseline) if baseline else None)
    # the HTML page also shows decisions and graph edges, for the keys it draws
    extras = report_extras(engine, run_id, drawn_keys(summary, verdict)) if fmt == "html" else None
    payload = run_json(engine, run_id, summary) if fmt == "json" else summary
    return summary, payload, verdict, extras


def _emit(fmt: str, payload, verdict: Verdict, extras, out: TextIO | None,
          output: Path | None) -> None:
    """The report in `fmt`, to `output` or else `out` (stdout by default)."""
    if output is None:
        stream = out or sys.stdout
        write_report(stream, fmt, payload, verdict, extras)
        stream.flush()
        return

    with atomic_text(output) as fh:
        write_report(fh, fmt, payload, verdict, extras)


def _append_markdown(path: Path, payload, verdict: Verdict) -> None:
    with path.open("a", encoding="utf-8") as fh:
        write_report(fh, "md", payload, verdict)


def _write(write: Callable[..., Any], path: Path, *args) -> None:
    try:
        write(path, *args)
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None



def audit_verify(run_id: int | None = None, db: str | None = None, *,
                 only: bool = False) -> list[Any]:
    """Recompute the hash chain of every stored run up to `run_id` (default: all), or of that run
    alone with `only`: a `store.chain.RunCheck` per run checked, the last one the first mismatch."""
    with open_database(config.database_url(db)) as engine:
        if only:
            return verify(engine, only=run_id or latest_run_id(engine))
        return verify(engine, run_id)
