"""Running claims into a stored run, and reporting a stored run."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Collection, Sequence, TextIO

from reconcile import config
from reconcile.commands.extract import extract_articles, write_candidates
from reconcile.errors import OutputError
from reconcile.memory import gc_paused
from reconcile.output import atomic_text, refuse_database
from reconcile.pipeline import compute
from reconcile.report import (Verdict, drawn_keys, judge, read_results, with_verdict, write_report,
                              write_results)
from reconcile.store import (History, decisions as stored_decisions, engine as database,
                             open_database, value_decisions, write_run)
from reconcile.store.chain import stored_root
from reconcile.store.lock import run_lock
from reconcile.store.runs import latest_run_id, report_extras, run_json, run_payload

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
        options: dict[str, Any] | None = None, articles: Sequence[Path | str] = (),
        extracted: Path = config.EXTRACTED_PATH, all_rows: bool = False) -> RunResult:
    """Read, normalize, match and resolve every claim; store the run; write its report.

    The report goes to `output` (a file) or else `out` (default stdout); `results` receives the
    contract's JSON of every run, failing or not. Every output is written before the verdict
    is returned, so the caller decides the exit code last. Another run on the same database
    is waited for `wait` seconds at most.

    `articles` (a trial): their candidate claims are extracted into `extracted` and run with
    the `claims` (only with them when no claims are given); each keeps its `extraction`
    evidence, which marks it as extracted in the stored run.

    The text table shows the failing keys and the first 50 others, `all_rows` every key.
    """
    stage = on_stage or (lambda name: None)
    if articles:
        stage("extract")
        write_candidates(extract_articles(articles, seeds=seeds, rules=rules), extracted)
        claims = [*claims, extracted]
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
        _emit(fmt, payload, verdict, extras, out, output, all_rows)
        if summary_path:
            _write(_append_markdown, summary_path, summary, verdict)
        root = stored_root(engine, run_id)
    return RunResult(run_id, verdict, timings, root)


def report(run_id: int | None = None, db: str | None = None, *, fmt: str = "text",
           out: TextIO | None = None, output: Path | None = None,
           fail_on: Collection[str] = ("conflict",), baseline: Path | None = None,
           all_rows: bool = False) -> RunResult:
    """Render a stored run (default: the latest) in `fmt`, without recomputing it.

    The text table shows the failing keys and the first 50 others, `all_rows` every key.
    """
    url = config.database_url(db)
    refuse_database(output, database.sqlite_file(url))
    base = read_results(baseline) if baseline else None
    with open_database(url) as engine:
        run_id = run_id or latest_run_id(engine)
        _, payload, verdict, extras = _rendered(engine, run_id, fmt, set(fail_on), base, baseline)
        _emit(fmt, payload, verdict, extras, out, output, all_rows)
    return RunResult(run_id, verdict)


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
          output: Path | None, all_rows: bool = False) -> None:
    """The report in `fmt`, to `output` or else `out` (stdout by default)."""
    if output is None:
        stream = out or sys.stdout
        write_report(stream, fmt, payload, verdict, extras, all_rows=all_rows)
        stream.flush()
        return

    with atomic_text(output) as fh:
        write_report(fh, fmt, payload, verdict, extras, all_rows=all_rows)


def _append_markdown(path: Path, payload, verdict: Verdict) -> None:
    with path.open("a", encoding="utf-8") as fh:
        write_report(fh, "md", payload, verdict)


def _write(write: Callable[..., Any], path: Path, *args) -> None:
    try:
        write(path, *args)
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
