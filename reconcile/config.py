"""Where reconcile keeps its state and what the environment may change, resolved in one place.

Every path under `.reconcile/`, every environment variable and every default location a verb
uses is named here, so that a reader finds them once and a test can point them elsewhere.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

STATE_DIR = Path(".reconcile")  # under the working directory, like .git
DATABASE_URL_ENV = "RECONCILE_DATABASE_URL"
DEFAULT_DATABASE_URL = f"sqlite:///{STATE_DIR.as_posix()}/reconcile.db"
CACHE_DIR_ENV = "RECONCILE_CACHE_DIR"
RESULTS_PATH = STATE_DIR / "run_results.json"
# the candidates `run --articles` extracts, run with the claims as a trial
EXTRACTED_PATH = STATE_DIR / "extracted" / "articles.yaml"
RUN_WAIT_SECONDS = 10.0  # how long a run waits for another run on its database
SEEDS_DIR = Path("seeds")
RULES_DIR = Path("rules")
# GitHub Actions: the job summary file and the checkout that annotation paths are relative to.
STEP_SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
WORKSPACE_ENV = "GITHUB_WORKSPACE"


def database_url(option: str | None = None) -> str:
    """The database a verb uses: the --db option, else the environment, else the default."""
    return option or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


def cache_dir(directory: Path | str | None = None) -> Path:
    """Where the matcher cache lives: the argument, else the environment, else `.reconcile/cache`."""
    return Path(directory or os.environ.get(CACHE_DIR_ENV) or STATE_DIR / "cache")


def step_summary_path() -> Path | None:
    """The GitHub job summary to append the run's Markdown to, when running in Actions."""
    value = os.environ.get(STEP_SUMMARY_ENV)
    return Path(value) if value else None


def workspace() -> str:
    """The directory report paths are made relative to: the Actions checkout, else the cwd."""
    return os.environ.get(WORKSPACE_ENV) or os.getcwd()


def current_user() -> str:
    """Who is running reconcile, as the audit trail names them."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


MAX_FILE_BYTES_ENV = "RECONCILE_MAX_FILE_BYTES"
DEFAULT_MAX_FILE_BYTES = 1 << 30  # 1 GiB: a claim, entity or rules file larger is refused


def max_file_bytes() -> int:
    """The largest input file reconcile reads: the environment, else 1 GiB."""
    from reconcile.errors import ReconcileError

    value = os.environ.get(MAX_FILE_BYTES_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_FILE_BYTES
    try:
        limit = int(value.replace("_", ""))
    except ValueError:
        limit = 0
    if limit <= 0:
        raise ReconcileError(f"{MAX_FILE_BYTES_ENV}: expected a positive whole number of bytes, "
                             f"got {value!r}")
    return limit
