"""Files are written whole or not at all, and never onto the database of the command."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import RULES, SEEDS
from reconcile.cli import main
from reconcile.errors import OutputError
from reconcile.output import atomic_text, refuse_database


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("the old report", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_text(target) as fh:
            fh.write("half of a new one")
            raise RuntimeError("killed halfway")
    assert target.read_text(encoding="utf-8") == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_path_under_a_file_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OutputError, match="afile/out.txt: cannot write"):
        with atomic_text(tmp_path / "afile" / "out.txt") as fh:
            fh.write("never")


@pytest.mark.parametrize("suffix", ["", "-wal", ".lock"])
def test_the_database_itself_is_refused(tmp_path, suffix):
    db = tmp_path / "r.db"
    with pytest.raises(OutputError, match="it is the database"):
        refuse_database(tmp_path / f"r.db{suffix}", str(db))
    refuse_database(tmp_path / "other.json", str(db))  # any other file is fine


def _run(tmp_path, *args):
    return CliRunner().invoke(main, ["run", "--seeds", str(SEEDS), "--rules", str(RULES),
                                     "--db", f"sqlite:///{tmp_path / 'r.db'}", "-q", *args])


def test_run_and_report_refuse_to_write_onto_their_database(tmp_path):
    assert _run(tmp_path, "--results", str(tmp_path / "ok.json")).exit_code == 0
    before = (tmp_path / "r.db").read_bytes()
    for args in (["--results", str(tmp_path / "r.db")],
                 ["--results", str(tmp_path / "x.json"), "-o", str(tmp_path / "r.db")]):
        result = _run(tmp_path, *args)
        assert result.exit_code == 2 and "it is the database" in result.output, result.output
    report = CliRunner().invoke(main, ["report", "--db", f"sqlite:///{tmp_path / 'r.db'}",
                                       "-o", str(tmp_path / "r.db")])
    assert report.exit_code == 2 and "it is the database" in report.output
    assert (tmp_path / "r.db").read_bytes() == before
    runs = CliRunner().invoke(main, ["runs", "--db", f"sqlite:///{tmp_path / 'r.db'}"])
    assert len(runs.output.splitlines()) == 1  # the refused runs stored nothing


def test_graph_and_diff_write_whole_files_or_say_why(tmp_path):
    assert _run(tmp_path, "--results", str(tmp_path / "ok.json")).exit_code == 0
    db = f"sqlite:///{tmp_path / 'r.db'}"
    out = tmp_path / "new" / "folder" / "graph.graphml"
    assert CliRunner().invoke(main, ["graph", "--db", db, "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<graphml")
    (tmp_path / "afile").write_text("x")
    bad = CliRunner().invoke(main, ["graph", "--db", db, "-o", str(tmp_path / "afile" / "g")])
    assert bad.exit_code == 2 and "cannot write" in bad.output and "Traceback" not in bad.output


def test_a_device_is_written_to_not_replaced(tmp_path):
    import os
    import stat

    with atomic_text("/dev/null") as fh:
        fh.write("gone")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(tmp_path.iterdir())
    result = _run(tmp_path, "--results", "/dev/null", "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_report_killed_while_it_writes_leaves_the_old_file(tmp_path):
    """kill -9 at the moment the new report is being written: the old file is still whole."""
    import io
    import os
    import signal
    import subprocess
    import sys
    import time

    from reconcile import commands

    corpus = tmp_path / "corpus"
    commands.synth(corpus, claims=20000, seed=3)
    db = f"sqlite:///{tmp_path / 'r.db'}"
    commands.run(seeds=corpus / "seeds", rules=corpus / "rules", db=db, out=io.StringIO(),
                 results=None, fail_on=())
    target = tmp_path / "report.html"
    target.write_text("the old report\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "reconcile", "report", "--db", db,
                             "--format", "html", "-o", str(target)])
    temporary = tmp_path / f".report.html.{proc.pid}.tmp"
    deadline = time.monotonic() + 60
    while proc.poll() is None and not temporary.exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    caught = proc.poll() is None
    if caught:
        time.sleep(0.05)  # well inside the write
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    print("killed while writing" if caught else "finished before the kill")
    text = target.read_text(encoding="utf-8")
    if caught and proc.returncode == -signal.SIGKILL:
        assert text == "the old report\n"
    else:  # it finished first: then it is the whole new page
        assert text.rstrip().endswith("</html>")
