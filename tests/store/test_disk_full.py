"""A full disk is a message and exit 2, never a traceback, and leaves no half-written file.

The disk is a real 300 KiB tmpfs, mounted for the test (skipped where mounting is not allowed).
"""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from reconcile import commands
from reconcile.cli import main


@pytest.fixture
def full_disk(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("full") / "corpus"
    commands.synth(out, claims=3000, seed=2)
    return out


def _run(corpus, db, results):
    return CliRunner().invoke(main, ["run", "--seeds", str(corpus / "seeds"), "--rules",
                                     str(corpus / "rules"), "--db", db, "-q", "--fail-on", "never",
                                     "--results", str(results)])


def test_a_database_on_a_full_disk(full_disk, corpus, tmp_path):
    result = _run(corpus, f"sqlite:///{full_disk / 'r.db'}", tmp_path / "r.json")
    assert result.exit_code == 2, result.output
    assert "database or disk is full" in result.output
    assert "Traceback" not in result.output


def test_results_on_a_full_disk(full_disk, corpus, tmp_path):
    target = full_disk / "results.json"
    result = _run(corpus, f"sqlite:///{tmp_path / 'r.db'}", target)
    assert result.exit_code == 2, result.output
    assert f"{target}: cannot write: No space left on device" in result.output
    assert list(full_disk.iterdir()) == []  # no half-written file, no temporary left
