"""run_results.json's carried resolutions copied from the previous file: the same bytes as a
full write, and never a byte the index cannot vouch for."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from sqlalchemy import text

from reconcile import store
from reconcile.commands.run import run
from reconcile.report import splice
from reconcile.report.results import write_results
from reconcile.store.runs import latest_run_id, run_json


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path / "cache"))


def _run(corpus, url, results):
    return run([corpus / "seeds" / "claims"], corpus / "seeds", corpus / "rules", url,
               out=open(os.devnull, "w"), fail_on=(), results=results)


def _full_write(url, path):
    """The run's results written whole, from the database alone (no index for `path`)."""
    with store.open_database(url) as engine:
        write_results(path, run_json(engine, latest_run_id(engine)))
    return path.read_bytes()


def _copied(url, path) -> tuple[int, int]:
    """How many of the latest run's resolutions the index would copy, of how many."""
    with store.open_database(url) as engine:
        stored = run_json(engine, latest_run_id(engine))["resolutions"]
        items = list(splice.items(path, stored))
    copied = sum(len(i.entries) for i in items if isinstance(i, splice.Copied))
    return copied, copied + sum(not isinstance(i, splice.Copied) for i in items)


def test_a_rerun_copies_its_carried_resolutions_and_writes_what_a_full_write_writes(
        corpus, ready_db, tmp_path, monkeypatch):
    results = tmp_path / "run_results.json"
    _run(corpus, ready_db, results)
    copied, total = _copied(ready_db, results)
    assert copied == total > 0  # the same run again: every line comes from the file
    seen = []
    items = splice.items

    def counted(path, stored):
        for item in items(path, stored):
            seen.extend([True] * len(item.entries) if isinstance(item, splice.Copied)
                        else [False])
            yield item
    monkeypatch.setattr(splice, "items", counted)
    shutil.copy(sorted((corpus / "extra").glob("*.jsonl"))[0], corpus / "seeds" / "claims")
    _run(corpus, ready_db, results)
    # the keys the new file touched are new resolutions; every other one was copied
    assert 0 < seen.count(False) < seen.count(True)
    with store.open_database(ready_db) as engine, engine.connect() as conn:
        own = conn.execute(text("SELECT COUNT(*) FROM resolutions WHERE run_id = :r"),
                           {"r": latest_run_id(engine)}).scalar()
    assert seen.count(False) == own
    assert results.read_bytes() == _full_write(ready_db, tmp_path / "elsewhere.json")


def test_an_edited_line_is_read_from_the_database_again(corpus, ready_db, tmp_path):
    results = tmp_path / "run_results.json"
    _run(corpus, ready_db, results)
    data = bytearray(results.read_bytes())
    at = re.search(rb'"status":\s*"', bytes(data)).end()
    data[at] = ord("X")  # same size, same modification time: only the CRC can tell
    st = results.stat()
    results.write_bytes(bytes(data))
    os.utime(results, ns=(st.st_atime_ns, st.st_mtime_ns))
    copied, total = _copied(ready_db, results)
    assert copied == total - 1
    shutil.copy(sorted((corpus / "extra").glob("*.jsonl"))[0], corpus / "seeds" / "claims")
    _run(corpus, ready_db, results)
    assert results.read_bytes() == _full_write(ready_db, tmp_path / "elsewhere.json")


def test_a_file_written_otherwise_or_from_another_database_is_not_copied(corpus, tmp_path):
    results = tmp_path / "run_results.json"
    first = f"sqlite:///{tmp_path / 'a.db'}"
    _run(corpus, first, results)
    assert _copied(first, results)[0] > 0
    # another database whose run 1 has the same resolution ids but not the same root
    other = f"sqlite:///{tmp_path / 'b.db'}"
    shutil.copy(sorted((corpus / "extra").glob("*.jsonl"))[0], corpus / "seeds" / "claims")
    _run(corpus, other, tmp_path / "b.json")
    assert _copied(other, results)[0] == 0
    _run(corpus, other, results)
    assert results.read_bytes() == _full_write(other, tmp_path / "elsewhere.json")
    # the file rewritten by something else: its index no longer matches it
    results.write_text(results.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert _copied(other, results)[0] == 0


def test_results_to_a_device_keep_no_index(corpus, sqlite_url, tmp_path):
    _run(corpus, sqlite_url, os.devnull)
    assert not (tmp_path / "cache" / "results").exists() or not any(
        (tmp_path / "cache" / "results").iterdir())
