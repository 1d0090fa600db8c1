"""Bad input is refused cleanly: exit 2, the file, line and field named, no run stored.

Every case goes through `reconcile run` (click's CliRunner on `reconcile.cli.main`) or the
ingest functions directly; docs/reliability.md ("Input limits and refusals") lists them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RULES, SEEDS
from sqlalchemy import create_engine

from reconcile.cli import main
from reconcile.errors import InputError
from reconcile.ingest import claim_files, read_claims
from reconcile.ingest.formats import MAX_ALIAS_VALUES, MAX_FIELD_CHARS
from reconcile.store.runs import list_runs

GOOD = {"outlet": "Reuters", "subject": "Amazon", "attribute": "investment",
        "object": "OpenAI", "value": "10 milliards"}

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative paths in messages, as users see them


@pytest.fixture
def no_hang():
    """A read that would block forever fails the test instead of hanging the suite."""
    def _timeout(*_):
        raise TimeoutError("the read hung")
    old = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def jsonl(path: str, *records: dict) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return p


def run(claims, db: str | None = None, env: dict | None = None, rules=RULES):
    db = db or "sqlite:///" + os.path.abspath("t.db")
    return CliRunner().invoke(main, ["run", "--claims", str(claims), "--seeds", str(SEEDS),
                                     "--rules", str(rules), "--db", db,
                                     "--results", "results.json"], env=env)


def refused(result, message: str) -> None:
    """Exit 2, `error: <message>` on stderr, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.stderr.startswith(f"error: {message}"), result.stderr
    assert "Traceback" not in result.output


def no_run_stored(db: str | None = None) -> None:
    db = db or "sqlite:///" + os.path.abspath("t.db")
    if db.startswith("sqlite:///") and not Path(db[len("sqlite:///"):]).exists():
        return
    engine = create_engine(db)
    try:
        assert list_runs(engine) == []
    finally:
        engine.dispose()
    assert not Path("results.json").exists()


# --- 1. only regular files are read -------------------------------------------------------

def test_a_fifo_is_refused_named_or_found_in_a_folder(no_hang):
    jsonl("claims/a.jsonl", GOOD)
    os.mkfifo("claims/pipe.jsonl")
    for given in ("claims", "claims/pipe.jsonl"):
        refused(run(given), "claims/pipe.jsonl: not a regular file (a FIFO)")
    no_run_stored()


def test_devices_and_sockets_are_refused(no_hang):
    Path("claims").mkdir()
    os.symlink("/dev/zero", "claims/zero.jsonl")  # reading it would never end
    refused(run("claims"), "claims/zero.jsonl: not a regular file (a character device)")
    os.remove("claims/zero.jsonl")
    with socket.socket(socket.AF_UNIX) as s:
        s.bind("claims/s.jsonl")
        refused(run("claims/s.jsonl"), "claims/s.jsonl: not a regular file (a socket)")
    no_run_stored()


def test_a_link_to_a_file_or_folder_is_read():
    jsonl("elsewhere/a.jsonl", GOOD)
    Path("claims").mkdir()
    os.symlink("../elsewhere/a.jsonl", "claims/link.jsonl")
    os.symlink("../elsewhere", "claims/sub")
    # Both links lead to one file: read once.
    [claim] = read_claims(["claims"])
    assert claim.file == "claims/link.jsonl"


def test_a_link_loop_in_a_folder_is_refused(no_hang):
    jsonl("claims/a.jsonl", GOOD)
    Path("claims/sub").mkdir()
    os.symlink("..", "claims/sub/up")
    refused(run("claims"), "claims/sub/up: a symbolic link loop (leads back to ")
    os.remove("claims/sub/up")
    os.symlink("self.jsonl", "claims/self.jsonl")
    refused(run("claims"), "claims/self.jsonl: Too many levels of symbolic links")
    no_run_stored()


def test_a_broken_link_is_refused():
    jsonl("claims/a.jsonl", GOOD)
    os.symlink("gone.jsonl", "claims/b.jsonl")
    refused(run("claims"),
            "claims/b.jsonl: No such file or directory (a broken symbolic link)")


@pytest.mark.skipif(ROOT_USER, reason="root reads a chmod 000 file: permission is not denied")
def test_an_unreadable_file_or_folder_gives_the_os_reason():
    p = jsonl("claims/a.jsonl", GOOD)
    p.chmod(0)
    try:
        refused(run("claims"), "claims/a.jsonl: Permission denied")
    finally:
        p.chmod(0o644)
    Path("claims/sub").mkdir()
    Path("claims/sub").chmod(0)
    try:
        refused(run("claims"), "claims/sub: Permission denied")
    finally:
        Path("claims/sub").chmod(0o755)


def test_a_folder_where_a_claim_file_is_expected_is_refused():
    # Even as root: a directory named like a claim file holds no claims.
    Path("claims.jsonl").mkdir()
    refused(run("claims.jsonl"), "claims.jsonl: no claim files (.jsonl, .csv, .yaml, .yml) here")
    no_run_stored()


# --- 2. YAML bombs --------------------------------------------------------------------------

def billion_laughs(levels: int = 9) -> str:
    lines = ['- {outlet: Reuters, subject: Amazon, attribute: investment, value: "1",',
             '   l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol],']
    for i in range(1, levels):
        lines.append(f"   l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "],")
    lines.append(f"   extra: *l{levels - 1}}}")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_in_well_under_a_second():
    Path("bomb.yaml").write_text(billion_laughs(), encoding="utf-8")
    started = time.perf_counter()
    result = run("bomb.yaml")
    assert time.perf_counter() - started < 1
    refused(result, f"bomb.yaml:7: l5: YAML aliases expand past {MAX_ALIAS_VALUES:,} values")
    no_run_stored()


def test_aliases_that_stay_small_are_fine():
    Path("ok.yaml").write_text(billion_laughs(levels=3), encoding="utf-8")
    [claim] = read_claims(["ok.yaml"])
    assert len(claim.extra["extra"]) == 9 and claim.extra["extra"][0][0] == ["lol"] * 9


# --- 3. size limits -------------------------------------------------------------------------

def test_a_one_megabyte_quote_is_read_alike_in_the_three_formats():
    quote = "x" * 1_000_000  # over csv's default limit of 131 072 characters
    jsonl("q.jsonl", {**GOOD, "quote": quote})
    Path("q.csv").write_text("outlet,subject,attribute,value,quote\n"
                             f'Reuters,Amazon,investment,1,"{quote}"\n', encoding="utf-8")
    Path("q.yaml").write_text(f"- {{outlet: Reuters, subject: Amazon, attribute: investment, "
                              f"value: '1', quote: {quote}}}\n", encoding="utf-8")
    for name in ("q.jsonl", "q.csv", "q.yaml"):
        [claim] = read_claims([name])
        assert claim.quote == quote


def test_a_field_over_the_limit_is_refused_in_the_three_formats():
    quote = "x" * (MAX_FIELD_CHARS + 1)
    jsonl("q.jsonl", GOOD, {**GOOD, "quote": quote})
    Path("q.csv").write_text("outlet,subject,attribute,value,quote\n"
                             f'Reuters,Amazon,investment,1,"{quote}"\n', encoding="utf-8")
    Path("q.yaml").write_text(f"- outlet: Reuters\n  subject: Amazon\n  attribute: investment\n"
                              f"  value: '1'\n  quote: {quote}\n", encoding="utf-8")
    why = f"{MAX_FIELD_CHARS + 1:,} characters, longer than the limit of {MAX_FIELD_CHARS:,}"
    for name, line in (("q.jsonl", 2), ("q.csv", 2), ("q.yaml", 5)):
        refused(run(name), f"{name}:{line}: quote: {why}")
    no_run_stored()


def test_a_file_over_the_size_limit_is_refused():
    jsonl("claims/a.jsonl", *[GOOD] * 50)
    size = Path("claims/a.jsonl").stat().st_size
    assert size > 5000 > (SEEDS / "entities.yaml").stat().st_size
    env = {"RECONCILE_MAX_FILE_BYTES": "5000"}
    refused(run("claims", env=env), f"claims/a.jsonl: {size:,} bytes, larger than the limit of "
                                    "5,000 bytes (set RECONCILE_MAX_FILE_BYTES to raise it)")
    no_run_stored()
    refused(run("claims", env={"RECONCILE_MAX_FILE_BYTES": "lots"}),
            "RECONCILE_MAX_FILE_BYTES: expected a positive whole number of bytes, got 'lots'")
    assert run("claims", env={"RECONCILE_MAX_FILE_BYTES": str(size)}).exit_code == 0


# --- 4. CSV that swallows the file, NUL, lone surrogates -----------------------------------

def test_an_unclosed_csv_quote_is_refused_where_it_opens():
    Path("c.csv").write_text("outlet,subject,attribute,value,quote\n"
                             "Reuters,Amazon,investment,1,fine\n"
                             'Reuters,Amazon,investment,2,"starts here\n'
                             "Reuters,Amazon,investment,3,swallowed\n"
                             "Reuters,Amazon,investment,4,swallowed\n", encoding="utf-8")
    refused(run("c.csv"), "c.csv:3: quote: a quoted field is never closed")
    no_run_stored()


def test_text_after_a_closing_csv_quote_is_refused():
    Path("c.csv").write_text('outlet,subject,attribute,value\nReuters,Amazon,investment,"1"x\n',
                             encoding="utf-8")
    refused(run("c.csv"), "c.csv:2: -: invalid CSV: ',' expected after '\"'")


@pytest.mark.parametrize("name,text,line", [
    ("n.csv", "outlet,subject,attribute,value,quote\nReuters,Amazon,investment,1,a\0b\n", 2),
    ("n.jsonl", json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "quote": "a\0b"}) + "\n", 2),
    ("n.yaml", "- {outlet: Reuters, subject: Amazon, attribute: investment, value: '1',\n"
               '   quote: "a\\0b"}\n', 2),
])
def test_a_nul_character_is_refused_in_every_format(name, text, line, ready_db):
    db_url = ready_db
    # PostgreSQL cannot store U+0000 in text: it is refused before anything is written.
    Path(name).write_text(text, encoding="utf-8")
    refused(run(name, db=db_url), f"{name}:{line}: quote: contains a NUL character (U+0000)")
    no_run_stored(db_url)


def test_a_lone_surrogate_is_refused(ready_db):
    db_url = ready_db
    Path("s.jsonl").write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD)[:-1]
                               + ', "quote": "a \\ud800 b"}\n', encoding="utf-8")
    refused(run("s.jsonl", db=db_url),
            "s.jsonl:2: quote: contains a lone surrogate (U+D800), which is not Unicode text")
    no_run_stored(db_url)
    Path("k.jsonl").write_text('{"outlet": "R", "subject": "A", "attribute": "a", "value": "1",'
                               ' "x\\udc00": "y"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"k.jsonl:1: 'x\\udc00': field name contains a lone"):
        read_claims(["k.jsonl"])


def test_a_nul_in_an_entities_file_is_refused(tmp_path):
    shutil.copytree(SEEDS, "seeds")
    Path("seeds/entities.yaml").write_text('- {id: amazon, name: "Ama\\0zon"}\n',
                                           encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--seeds", "seeds", "--rules", str(RULES),
                                       "--db", "sqlite:///" + os.path.abspath("t.db")])
    refused(result, "seeds/entities.yaml:1: name: contains a NUL character (U+0000)")
    no_run_stored()


# --- 5. empty input -------------------------------------------------------------------------

def test_a_folder_without_claim_files_is_refused():
    Path("claims").mkdir()
    Path("claims/notes.txt").write_text("not claims")
    Path("claims/.hidden.jsonl").write_text(json.dumps(GOOD))
    refused(run("claims"), "claims: no claim files (.jsonl, .csv, .yaml, .yml) here")
    no_run_stored()
    with pytest.raises(InputError, match="no claim files"):
        claim_files(["claims"])


def test_a_seeds_folder_with_only_its_entities_is_a_run_of_nothing():
    # The default place for claims is the seeds folder: an entities file alone is no error.
    Path("seeds").mkdir()
    shutil.copy(SEEDS / "entities.yaml", "seeds/entities.yaml")
    assert claim_files(["seeds"]) == []


def test_a_fifo_named_entities_is_refused_not_waited_on(no_hang):
    seeds = Path("seeds")
    seeds.mkdir()
    shutil.copy(SEEDS / "article-000.yaml", seeds)
    os.mkfifo(seeds / "entities.yaml")
    result = CliRunner().invoke(main, ["run", "--seeds", str(seeds), "--rules", str(RULES), "-q",
                                       "--db", "sqlite:///" + os.path.abspath("t.db")])
    assert result.exit_code == 2
    assert "seeds/entities.yaml: not a regular file (a FIFO)" in result.output
