"""Command line: a thin layer that parses options and calls the stages."""

from __future__ import annotations

import functools
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import click

from reconcile import __version__, db, review
from reconcile.audit import store
from reconcile.payload import interval_json
from reconcile.ingest import InputError, read_entities
from reconcile.match import name_key
from reconcile.normalize import UnreadableValue, format_interval, read_value
from reconcile.pipeline import compute, gc_paused, load_matcher
from reconcile.graph import Key, to_dot, to_graphml
from reconcile.incremental import History
from reconcile.progress import StageProgress, format_timings
from reconcile.report import (FORMATS as REPORT_FORMATS, ReportInputError, RunNotFound, audit_trail,
                              drawn_keys, find_resolutions, judge, latest_run_id, list_runs, read_results,
                              render_explain, report_extras, run_json, run_payload, stored_graph, to_json,
                              with_verdict, write_report, write_results)
from reconcile.report.diff import diff_json, diff_runs, iter_diff_markdown, iter_diff_text
from reconcile.rules import Rules, RulesError, load_rules

FAIL_STATUSES = ("agreed", "single_source", "settled", "conflict", "unresolved")
RESULTS_PATH = Path(".reconcile") / "run_results.json"


def _usage_errors(func):
    """Bad input of any kind: one clear line on stderr and exit code 2 (contract §7)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (InputError, RulesError, db.DatabaseError, RunNotFound, ReportInputError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
    return wrapper


def seeds_option(f):
    return click.option("--seeds", "seeds_dir", default="seeds", show_default=True,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="Directory with entities.(csv|yaml) and, by default, the claims.")(f)


def rules_option(f):
    return click.option("--rules", "rules_dir", default="rules", show_default=True,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="Directory of rules YAML files.")(f)


def db_option(f):
    return click.option("--db", "db_url", default=None, metavar="URL",
                        help=f"Database URL (default: ${db.ENV_VAR}, else {db.DEFAULT_URL}).")(f)


def report_options(f):
    """--format, --output, --fail-on and --baseline: how `run` and `report` render a run."""
    f = click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="An earlier run_results.json: fail only on failing keys that are new "
                          "or changed since; report the fixed ones.")(f)
    f = click.option("--fail-on", default="conflict", show_default=True, metavar="STATUS[,STATUS]",
                     help="Statuses that fail (exit 1; failures in junit, errors in github), "
                          "or `never`.")(f)
    f = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write the report here instead of stdout.")(f)
    return click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text",
                        show_default=True,
                        help="text table, contract JSON, Markdown summary, HTML page, JUnit XML, "
                             "or GitHub annotations.")(f)


def _rules_or_defaults(rules_dir: Path) -> Rules:
    """`normalize` and `match` work without a rules directory; `run` needs one."""
    return load_rules(rules_dir) if rules_dir.exists() else load_rules(_empty_dir())


def _empty_dir() -> Path:
    import tempfile
    return Path(tempfile.mkdtemp(prefix="reconcile-rules-"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reconcile")
def main() -> None:
    """Reconcile claims from many outlets into one answer per fact, with its reasons."""


@main.command()
@click.option("--claims", "claim_paths", multiple=True, type=click.Path(path_type=Path),
              help="Claim files or directories (repeatable); default: the claims in --seeds.")
@seeds_option
@rules_option
@db_option
@report_options
@click.option("--results", "results_path", default=RESULTS_PATH, show_default=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Where every run writes its JSON results (also when it exits 1): the CI artifact.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no notes on stderr.")
@click.option("--verbose", "-v", is_flag=True, help="Print stage timings on stderr.")
@click.option("--full", is_flag=True,
              help="Read every file and resolve every key again, even those unchanged since "
                   "the last run.")
@_usage_errors
def run(claim_paths, seeds_dir, rules_dir, db_url, fmt, output, fail_on, baseline, results_path,
        quiet, verbose, full) -> None:
    """Read, normalize, match and resolve every claim; store the run; print the resolutions."""
    fail_statuses = _parse_fail_on(fail_on)
    base = read_results(baseline) if baseline else None  # a bad baseline stops before the run
    started = datetime.now(timezone.utc)
    # gc_paused: a run makes millions of small objects and no reference cycles (pipeline.py)
    with gc_paused(), StageProgress(enabled=not quiet and sys.stderr.isatty()) as progress:
        with db.open_database(db.database_url(db_url)) as engine:
            outcome = compute(claim_paths or None, seeds_dir, rules_dir,
                              decisions=review.current_decisions(engine), on_stage=progress.stage,
                              history=History(engine), full=full)
            progress.stage("store")
            run_id = store(engine, outcome, started_at=started,
                           options={"claims": [str(p) for p in claim_paths], "seeds": str(seeds_dir),
                                    "rules": str(rules_dir), "fail_on": fail_on})
            timings = outcome.timings
            del outcome  # a million claims' worth of memory, not needed to report the run
            progress.stage("load")
            summary, payload, verdict, extras = _rendered(
                engine, run_id, fmt, fail_statuses, base, baseline,
                step_summary=bool(os.environ.get("GITHUB_STEP_SUMMARY")))
            # Every output is written before the exit code is decided (contract §7).
            progress.stage("write")
            # the stored resolutions, streamed as they are: the run is not read back claim by claim
            _write_or_exit(write_results, results_path, with_verdict(
                run_json(engine, run_id, summary), verdict))
            _emit(fmt, payload, verdict, extras, output)
            step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
            if step_summary:
                _write_or_exit(_append_markdown, Path(step_summary), summary, verdict)
    if verbose:
        click.echo(format_timings(progress.timings, progress.total, timings), err=True,
                   nl=False)
    if verdict.baseline is not None and not quiet:
        click.echo(f"reconcile: {verdict.summary()}", err=True)
    sys.exit(verdict.exit_code)


def _emit(fmt, payload, verdict, extras, output: Path | None) -> None:
    """The report in `fmt`, to `output` or stdout."""
    if output is None:
        write_report(sys.stdout, fmt, payload, verdict, extras)
        sys.stdout.flush()
        return
    def write(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            write_report(fh, fmt, payload, verdict, extras)
    _write_or_exit(write, output)


def _claims_shown(fmt: str, fail_statuses: set[str], step_summary: bool) -> bool | set[str]:
    """Which resolutions' claims a report in `fmt` shows (and the Markdown step summary)."""
    if fmt in ("html", "junit"):
        return True
    shown = set(fail_statuses) if fmt == "md" or step_summary else set()
    if fmt == "github":  # errors on failing keys, warnings on conflicts
        shown |= set(fail_statuses) | {"conflict"}
    return shown or False


def _html_extras(engine, run_id, fmt, payload, verdict):
    """The HTML page also shows decisions and graph edges, for the keys it draws."""
    return report_extras(engine, run_id, drawn_keys(payload, verdict)) if fmt == "html" else None


def _append_markdown(path: Path, payload, verdict) -> None:
    with path.open("a", encoding="utf-8") as fh:
        write_report(fh, "md", payload, verdict)


def _write_or_exit(write, path: Path, *args) -> None:
    try:
        write(path, *args)
    except OSError as exc:
        click.echo(f"error: {path}: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(2)


def _parse_fail_on(value: str) -> set[str]:
    statuses = {s.strip() for s in value.split(",") if s.strip()}
    if statuses == {"never"}:
        return set()
    unknown = statuses - set(FAIL_STATUSES)
    if unknown or not statuses:
        raise click.BadParameter(f"{value!r}: expected `never` or statuses among "
                                 f"{', '.join(FAIL_STATUSES)}", param_hint="--fail-on")
    return statuses


@main.command()
@click.option("--lang", type=click.Choice(["en", "fr"]), default=None,
              help="Language of the values (default: the rules' default, else detected).")
@click.option("--attribute", default=None, help="Use this attribute's approx_tolerance.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
@seeds_option
@rules_option
@db_option
@click.argument("values", nargs=-1, required=True)
@_usage_errors
def normalize(lang, attribute, as_json, seeds_dir, rules_dir, db_url, values) -> None:
    """Show how VALUEs are read; `-` reads one value per line from stdin."""
    rules = _rules_or_defaults(rules_dir)
    rule = rules.resolution_for(rules.canonical_attribute(attribute) if attribute else "")
    texts = []
    for v in values:
        texts += sys.stdin.read().splitlines() if v == "-" else [v]
    results, failed = [], False
    for text in texts:
        try:
            iv = read_value(text, lang=lang or rules.default_lang, tolerance=rule.approx_tolerance,
                            default_currency=rules.default_currency, yen_currency=rules.yen_currency)
            results.append(({"input": text, **interval_json(iv)}, format_interval(iv)))
        except UnreadableValue as exc:
            failed = True
            results.append(({"input": text, "error": exc.reason}, None))
    if as_json:
        click.echo(json.dumps([r for r, _ in results], ensure_ascii=False, indent=2))
    else:
        for r, shown in results:
            if shown is None:
                click.echo(f"{r['input']}\tERROR: {r['error']}")
            else:
                flags = [f for f in ("approx", "hedged") if r[f]]
                unit = r["currency"] or r["unit"]
                click.echo(f"{r['input']}\t{shown}\t{unit}" + (f"\t{','.join(flags)}" if flags else ""))
    sys.exit(2 if failed else 0)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array.")
@click.option("--explain", is_flag=True,
              help="Show normalized forms, the deciding layer, scorer, runner-up and band.")
@seeds_option
@rules_option
@db_option
@click.argument("mentions", nargs=-1, required=True)
@_usage_errors
def match(as_json, explain, seeds_dir, rules_dir, db_url, mentions) -> None:
    """Show which canonical entity each MENTION is matched to, and how."""
    rules = _rules_or_defaults(rules_dir)
    decisions = []
    url = db.database_url(db_url)
    if db.exists(url):  # reviewers' decisions apply here as in `run`; never create a DB to look
        with db.open_database(url) as engine:
            decisions = review.current_decisions(engine)
    matcher = load_matcher(seeds_dir, rules, decisions)
    results = [matcher.match(m) for m in mentions]
    if as_json:
        click.echo(json.dumps([_match_json(m) for m in results], ensure_ascii=False, indent=2))
        return
    for m in results:
        target = f"{m.entity_id} ({m.name})" if m.entity_id else "—"
        if not explain:
            click.echo(f"{m.input}\t→ {target}\t{m.method}\t{m.score:.1f}\t{m.band}: {m.reason}")
            continue
        runner = (f"{m.runner_up.entity_id} {m.runner_up.score:.1f} (margin {m.margin:.1f})"
                  if m.runner_up else "none")
        cands = ", ".join(f"{c.entity_id} [{name_key(c.name)}] {c.score:.1f}"
                          for c in m.candidates) or "none"
        click.echo(f"{m.input}\n  mention key: {m.key!r}\n  decided by: {m.method} layer"
                   f"\n  scorer: {m.scorer or '—'}   score: {m.score:.1f}\n  runner-up: {runner}"
                   f"\n  candidates: {cands}\n  band: {m.band} (threshold "
                   f"{rules.matching.threshold:g}, review from {rules.matching.review_threshold:g},"
                   f" margin {rules.matching.margin:g})\n  → {target}: {m.reason}\n")


def _match_json(m) -> dict:
    return {"input": m.input, "entity_id": m.entity_id, "name": m.name, "score": m.score,
            "method": m.method, "band": m.band, "key": m.key, "scorer": m.scorer,
            "margin": m.margin, "reason": m.reason,
            "candidates": [{"entity_id": c.entity_id, "name": c.name, "score": c.score}
                           for c in m.candidates]}


@main.command()
@click.option("--run", "run_id", type=int, default=None, help="Run id (default: the latest).")
@click.option("--as-of", default=None, help="Pick the resolution for this as_of.")
@click.option("--json", "as_json", is_flag=True)
@seeds_option
@rules_option
@db_option
@click.argument("subject")
@click.argument("attribute")
@click.argument("object_", metavar="[OBJECT]", required=False)
@_usage_errors
def explain(run_id, as_of, as_json, seeds_dir, rules_dir, db_url, subject, attribute, object_) -> None:
    """Why this value: the resolution of SUBJECT ATTRIBUTE [OBJECT], its claims and audit trail."""
    rules = _rules_or_defaults(rules_dir)
    with db.open_database(db.database_url(db_url)) as engine:
        # mentions are matched as a run matches them: reviewers' decisions (and new entities) too
        matcher = load_matcher(seeds_dir, rules, review.current_decisions(engine))
        run_id = run_id or latest_run_id(engine)
        payload = run_payload(engine, run_id, claims=False)  # the keys; claims of one below
        found = find_resolutions(payload["resolutions"], matcher, rules, subject, attribute,
                                 object_, as_of)
        if not found:
            raise RunNotFound(f"run {run_id} has no resolution for {subject} {attribute}"
                              + (f" {object_}" if object_ else ""))
        key = _key_of(found[0])
        chosen = run_payload(engine, run_id, key)["resolutions"][0]
        trail = audit_trail(engine, run_id, key)
    if as_json:
        others = [r["as_of"] for r in found[1:]]
        click.echo(to_json({**chosen, "run": payload["run"], "other_as_of": others,
                            "audit": trail}), nl=False)
        return
    click.echo(render_explain(chosen, trail, payload["run"]), nl=False)
    for other in found[1:]:
        click.echo(f"\n(also: as_of {other['as_of'] or 'none'}: {other['display']} "
                   f"{other['status']}; use --as-of)")


def _key_of(resolution: dict) -> Key:
    return Key(resolution["subject_id"], resolution["attribute"], resolution["object_id"],
               resolution["as_of"])


@main.command()
@click.option("--json", "as_json", is_flag=True)
@db_option
@_usage_errors
def runs(as_json, db_url) -> None:
    """List stored runs, newest first."""
    with db.open_database(db.database_url(db_url)) as engine:
        rows = list_runs(engine)
    if as_json:
        click.echo(to_json(rows), nl=False)
        return
    for r in rows:
        statuses = ", ".join(f"{n} {s}" for s, n in r["statuses"].items())
        click.echo(f"{r['id']:>5}  {r['started_at']}  {r['claims']:>8} claims  "
                   f"inputs {r['inputs_sha256'][:12]}  rules {r['rules_sha256'][:12]}  {statuses}")


@main.command()
@click.option("--run", "run_id", type=int, default=None, help="Run id (default: the latest).")
@report_options
@db_option
@_usage_errors
def report(run_id, fmt, output, fail_on, baseline, db_url) -> None:
    """Render a stored run in any format, without recomputing it (exits 0: it only renders)."""
    fail_statuses = _parse_fail_on(fail_on)
    base = read_results(baseline) if baseline else None
    with db.open_database(db.database_url(db_url)) as engine:
        run_id = run_id or latest_run_id(engine)
        _, payload, verdict, extras = _rendered(engine, run_id, fmt, fail_statuses, base, baseline)
        _emit(fmt, payload, verdict, extras, output)


def _rendered(engine, run_id: int, fmt: str, fail_statuses, base, baseline, *,
              step_summary: bool = False):
    """A report of the stored run in `fmt`: the summary, the payload to render, the verdict and
    the HTML extras.

    The text table shows how many claims each key had, not the claims: none is read. JSON is
    the stored resolutions streamed as they are.
    """
    summary = run_payload(engine, run_id, claims=_claims_shown(fmt, fail_statuses, step_summary))
    verdict = judge(summary, fail_statuses, base, str(baseline) if baseline else None)
    extras = _html_extras(engine, run_id, fmt, summary, verdict)
    return summary, (run_json(engine, run_id, summary) if fmt == "json" else summary), verdict, \
        extras


@main.command()
@click.argument("run_a")
@click.argument("run_b")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--exit-code", is_flag=True, help="Exit 1 when some key changed (as git diff does).")
@db_option
@_usage_errors
def diff(run_a, run_b, fmt, output, exit_code, db_url) -> None:
    """Keys whose range or status changed from RUN_A to RUN_B, with the claims that changed them.

    RUN_A and RUN_B are stored run ids, `latest`, or run_results.json files.
    """
    sides = {}
    for spec in (run_a, run_b):
        if spec.isdigit() or spec == "latest":
            with db.open_database(db.database_url(db_url)) as engine:
                run_id = latest_run_id(engine) if spec == "latest" else int(spec)
                sides[spec] = (f"run {run_id}", run_payload(engine, run_id))
        elif Path(spec).is_file():
            sides[spec] = (spec, read_results(spec))
        else:
            raise ReportInputError(f"{spec}: neither a run id, `latest`, nor a run_results.json file")
    (name_a, a), (name_b, b) = sides[run_a], sides[run_b]
    changes = diff_runs(a, b)
    if fmt == "json":
        text = to_json(diff_json(changes, name_a, name_b))
    elif fmt == "md":
        text = "".join(iter_diff_markdown(changes, name_a, name_b))
    else:
        text = "".join(iter_diff_text(changes, name_a, name_b))
    if output:
        _write_or_exit(lambda path: path.write_text(text, encoding="utf-8"), output)
    else:
        click.echo(text, nl=False)
    sys.exit(1 if exit_code and changes else 0)


@main.command()
@click.option("--run", "run_id", type=int, default=None, help="Run id (default: the latest).")
@click.option("--format", "fmt", type=click.Choice(["graphml", "dot"]), default="graphml",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@_usage_errors
def graph(run_id, fmt, output, db_url) -> None:
    """Export the conflict graph of a stored run."""

    with db.open_database(db.database_url(db_url)) as engine:
        g = stored_graph(engine, run_id or latest_run_id(engine))
    text = to_graphml(g) if fmt == "graphml" else to_dot(g)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.group(name="db")
def db_group() -> None:
    """Database migrations."""


@db_group.command()
@db_option
@click.option("--revision", default="head", show_default=True)
@_usage_errors
def upgrade(db_url, revision) -> None:
    """Migrate the database to REVISION (what a team runs against PostgreSQL)."""
    engine = db.create(db.database_url(db_url))
    try:
        db.upgrade(engine, revision)
        click.echo(f"{engine.url.render_as_string()}: at revision {db.current_revision(engine)}")
    finally:
        engine.dispose()


@db_group.command()
@db_option
@_usage_errors
def current(db_url) -> None:
    """Print the database's revision and the latest one."""
    engine = db.create(db.database_url(db_url))
    try:
        click.echo(f"current: {db.current_revision(engine)}  head: {db.head_revision()}")
    finally:
        engine.dispose()


@db_group.command("check")
@db_option
@_usage_errors
def db_check(db_url) -> None:
    """Exit 0 when the database schema is what this version of reconcile expects."""
    from alembic.util.exc import AutogenerateDiffsDetected, CommandError

    engine = db.create(db.database_url(db_url))
    try:
        db.check(engine)
    except AutogenerateDiffsDetected as exc:
        raise db.DatabaseError(f"schema differs from the models: {exc}") from None
    except CommandError as exc:
        raise db.DatabaseError(f"{exc} (run `reconcile db upgrade`)") from None
    finally:
        engine.dispose()
    click.echo(f"schema matches revision {db.head_revision()}")


@main.group(name="review", invoke_without_command=True)
@click.option("--run", "run_id", type=int, default=None, help="Run id (default: the latest).")
@click.option("--json", "as_json", is_flag=True)
@db_option
@click.pass_context
@_usage_errors
def review_group(ctx, run_id, as_json, db_url) -> None:
    """The queue of mentions no entity took with confidence; subcommands record decisions."""
    if ctx.invoked_subcommand is not None:
        return
    with db.open_database(db.database_url(db_url)) as engine:
        items = review.queue(engine, run_id or latest_run_id(engine))
    if as_json:
        click.echo(to_json([item.__dict__ for item in items]), nl=False)
        return
    if not items:
        click.echo("review queue is empty")
    for item in items:
        cands = ", ".join(f"{c['entity_id']} ({c['score']:.0f})" for c in item.candidates) or "none"
        click.echo(f"{item.mention!r}  [{item.band}]  {len(item.claims)} claim(s): "
                   f"{', '.join(item.places)}\n    candidates: {cands}")


def _decide(db_url, seeds_dir, mention, action, **kwargs) -> None:
    entity_ids = frozenset(e.id for e in read_entities(seeds_dir))
    with db.open_database(db.database_url(db_url)) as engine:
        try:
            d = review.record(engine, mention, action, entity_ids=entity_ids, **kwargs)
        except review.ReviewError as exc:
            raise click.UsageError(str(exc)) from None
    target = d.entity_id or "not an entity"
    click.echo(f"recorded: {d.mention!r} -> {target} ({d.action} by {d.decided_by}); "
               "the next `reconcile run` applies it")


def _reviewer_options(f):
    f = click.option("--by", default=None, help="Reviewer (default: the OS user).")(f)
    return click.option("--reason", default="", help="Why; kept in the audit trail.")(f)


@review_group.command("accept")
@click.argument("mention")
@click.argument("entity_id")
@_reviewer_options
@seeds_option
@db_option
@_usage_errors
def review_accept(mention, entity_id, by, reason, seeds_dir, db_url) -> None:
    """MENTION is the entity ENTITY_ID."""
    _decide(db_url, seeds_dir, mention, "accept", entity_id=entity_id, by=by, reason=reason)


@review_group.command("reject")
@click.argument("mention")
@_reviewer_options
@seeds_option
@db_option
@_usage_errors
def review_reject(mention, by, reason, seeds_dir, db_url) -> None:
    """MENTION is no known entity: its claims stay unmatched, without further review."""
    _decide(db_url, seeds_dir, mention, "reject", by=by, reason=reason)


@review_group.command("new-entity")
@click.argument("mention")
@click.option("--id", "entity_id", required=True, help="Slug of the new entity.")
@click.option("--name", default=None, help="Display name (default: the mention).")
@_reviewer_options
@seeds_option
@db_option
@_usage_errors
def review_new_entity(mention, entity_id, name, by, reason, seeds_dir, db_url) -> None:
    """MENTION is a new entity, ENTITY_ID; `review export` adds it to the seeds."""
    _decide(db_url, seeds_dir, mention, "new-entity", entity_id=entity_id, entity_name=name,
            by=by, reason=reason)


@review_group.command("export")
@click.option("--write", is_flag=True, help="Rewrite the seeds' entities file in place.")
@seeds_option
@db_option
@_usage_errors
def review_export(write, seeds_dir, db_url) -> None:
    """The seeds' entities with reviewed mentions as aliases (stdout, or --write in place)."""
    path = review.entities_file(seeds_dir)
    with db.open_database(db.database_url(db_url)) as engine:
        decisions = review.current_decisions(engine)
    entities = review.export_entities(read_entities(seeds_dir), decisions)
    text = review.entities_csv(entities) if path.suffix == ".csv" else review.entities_yaml(entities)
    if write:
        path.write_text(text, encoding="utf-8")
        click.echo(f"{path}: {len(entities)} entities written", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@click.option("--claims", "n_claims", type=click.IntRange(min=1), required=True,
              help="How many claims.")
@click.option("--entities", "n_entities", type=click.IntRange(min=2), default=None,
              help="How many canonical entities (default: claims / 10).")
@click.option("--outlets", "n_outlets", type=click.IntRange(min=2), default=50, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same bytes.")
@click.option("--holdout", type=click.IntRange(min=0), default=0, show_default=True,
              help="More claims of the same world, written apart under OUT/extra/.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
def synth(n_claims, n_entities, n_outlets, seed, holdout, out_dir) -> None:
    """Write a synthetic corpus: seeds, rules and the ground truth (truth.jsonl)."""
    from reconcile.synth import write_corpus

    written = write_corpus(out_dir, claims=n_claims, entities=n_entities or max(2, n_claims // 10),
                           outlets=n_outlets, seed=seed, holdout=holdout)
    click.echo(f"{out_dir}: " + ", ".join(f"{n} {what}" for what, n in written.items()))
