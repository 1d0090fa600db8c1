"""One run at a time per database: a second run waits, then exits 2 naming the run that holds it.

The holder is a real second process on each backend (a run lock cannot be tested in one).
"""

from __future__ import annotations

import subprocess
import sys
import time

from click.testing import CliRunner

from conftest import RULES, SEEDS
from reconcile.cli import main

HOLD = """
import sys, time
from reconcile import store
from reconcile.store.lock import run_lock
engine = store.create(sys.argv[1])
with run_lock(engine, wait=0, who="holder-of-the-lock"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(db_url: str, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, db_url, str(seconds)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held", proc.stderr.read()
    return proc


def _run(db_url: str, tmp_path, *extra: str):
    return CliRunner().invoke(main, ["run", "--seeds", str(SEEDS), "--rules", str(RULES),
                                     "--db", db_url, "-q", "--results",
                                     str(tmp_path / "results.json"), *extra])


def test_a_second_run_gives_up_naming_the_holder(ready_db, tmp_path):
    holder = _holder(ready_db, 30)
    try:
        started = time.monotonic()
        result = _run(ready_db, tmp_path, "--wait", "0.5")
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 2, result.output
    assert "another run holds the database" in result.output
    assert "Traceback" not in result.output
    if ready_db.startswith("sqlite"):
        assert f"process {holder.pid}" in result.output and "holder-of-the-lock" in result.output
    else:
        assert "server process" in result.output
    assert waited >= 0.5
    assert _run(ready_db, tmp_path, "--wait", "0").exit_code == 0  # a killed holder holds nothing


def test_a_second_run_waits_for_the_first_to_finish(ready_db, tmp_path):
    holder = _holder(ready_db, 1.0)
    try:
        result = _run(ready_db, tmp_path, "--wait", "20")
    finally:
        holder.wait()
    assert result.exit_code == 0, result.output


def test_two_real_runs_at_once_both_complete(ready_db, tmp_path):
    cmd = [sys.executable, "-m", "reconcile", "run", "--seeds", str(SEEDS), "--rules", str(RULES),
           "--db", ready_db, "-q", "--wait", "60"]
    procs = [subprocess.Popen(cmd + ["--results", str(tmp_path / f"r{i}.json")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    listed = CliRunner().invoke(main, ["runs", "--db", ready_db])
    assert len(listed.output.splitlines()) == 2
