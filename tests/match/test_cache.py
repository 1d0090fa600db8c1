"""Tests of the matcher's disk cache: built and saved once, loaded by the next run.

`MatcherCache` only saves an entity list of at least `MIN_ENTITIES`, so these tests build
one that big: company names made of syllables and descriptors, as `reconcile.synth` makes
them, but from fixed lists (no random generator), so every run sees the same entities.
"""

from __future__ import annotations

import itertools
import os
import pickle

import pytest

from reconcile.config import CACHE_DIR_ENV as ENV_VAR
from reconcile.core import Entity
from reconcile.match import Matcher, ReviewDecision
from reconcile.match.cache import KEEP, MIN_ENTITIES, MatcherCache
from reconcile.rules import MatchingRules

_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr"]
_VOWELS = ["a", "e", "i", "o", "u"]
_CODAS = ["", "n", "r", "l", "x"]
_SYLLABLES = ["".join(p) for p in itertools.product(_ONSETS, _VOWELS, _CODAS)]  # 400
_DESCRIPTORS = ["Systems", "Energy", "Capital", "Labs", "Pharma", "Motors", "Foods",
                "Networks", "Logistics", "Materials", "Analytics", "Biotech"]
_LEGAL = ["Inc.", "Corp.", "Ltd", "S.A.", "AG", "GmbH", "N.V.", "plc"]
N = MIN_ENTITIES + 200


def _entities(n: int) -> list[Entity]:
    """`n` entities with distinct names: "Bonaxtre Energy", alias "Bonaxtre Energy AG", and
    for every 10th a ticker alias ("BON12")."""
    out = []
    for i in range(n):
        # i picks two syllables (400 * 400 pairs) and a descriptor, spread over the lists
        a, b = _SYLLABLES[i % 400], _SYLLABLES[(i // 400 * 37 + i) % 400]
        word = (a + b).capitalize()
        name = f"{word} {_DESCRIPTORS[i % len(_DESCRIPTORS)]}"
        aliases = [f"{name} {_LEGAL[i % len(_LEGAL)]}"]
        if i % 10 == 0:
            aliases.append(f"{word[:3].upper()}{i // 10}")
        out.append(Entity(f"e{i:05d}", name, tuple(aliases)))
    return out


SEEDS = _entities(N)
RULES = MatchingRules()
DECISIONS = (ReviewDecision("some unlisted mention", SEEDS[7].id, by="alice"),)
# what a run adds to the seeds: a reviewer's new entity (saved in the matcher, not the seeds)
NEW = Entity("reviewed-new", "Quixotic Widgets Plc")
ENTITIES = [*SEEDS, NEW]


def _mentions() -> list[str]:
    """Mentions that reach every layer: exact names, aliases, tickers, typos, the
    reviewed key, the reviewer's new entity, lower case, and names that are not listed."""
    out = []
    for e in SEEDS[::397]:
        word = e.name.split()[0]
        out += [e.name, e.aliases[0], e.name.upper(), f"{word[:2]}{word[3:]} {e.name.split()[1]}",
                word, e.name.lower() + " holdings"]
        out += [a for a in e.aliases[1:]]  # tickers
    return out + ["some unlisted mention", "Quixotic Widgets", "Volkswagen", "", "Zzyzx Foods"]


MENTIONS = _mentions()


@pytest.fixture(scope="module")
def fresh() -> Matcher:
    return Matcher(ENTITIES, RULES, DECISIONS)


def _files(directory) -> list:
    return sorted(directory.glob("matcher-*.snapshot"))


def test_the_generated_list_is_big_enough_and_its_names_distinct():
    assert len(SEEDS) >= MIN_ENTITIES
    assert len({e.name.lower() for e in SEEDS}) == len(SEEDS)
    assert len({e.id for e in ENTITIES}) == len(ENTITIES)


def test_a_first_run_builds_and_saves_a_second_loads(tmp_path, monkeypatch, fresh):
    first = MatcherCache("context-a", directory=tmp_path)
    assert first.entities() is None  # nothing cached yet
    assert _files(tmp_path) == []
    built = first.matcher(SEEDS, ENTITIES, RULES, DECISIONS)
    assert _files(tmp_path) == [first.path]
    stat = first.path.stat()

    # the second cache of the same context must not build: Matcher is not called at all
    def no_build(*args, **kwargs):
        raise AssertionError("the matcher was built again instead of loaded")

    monkeypatch.setattr("reconcile.match.cache.Matcher", no_build)
    second = MatcherCache("context-a", directory=tmp_path)
    assert second.path == first.path
    assert second.entities() == SEEDS  # the seeds as saved, not the reviewer's additions
    loaded = second.matcher(SEEDS, ENTITIES, RULES, DECISIONS)
    assert loaded is not built  # a new object, decoded from the snapshot
    assert loaded.entity_ids == fresh.entity_ids and NEW.id in loaded.entity_ids
    # loading does not write the file again
    assert first.path.stat().st_mtime_ns == stat.st_mtime_ns
    assert _files(tmp_path) == [first.path]

    expected = fresh.match_many(MENTIONS)
    assert loaded.match_many(MENTIONS) == expected
    assert built.match_many(MENTIONS) == expected
    # the sample is no trivial one: it has every band and the reviewed decision
    assert {m.band for m in expected.values()} == {"accept", "review", "reject"}
    assert expected["some unlisted mention"].entity_id == SEEDS[7].id
    assert expected["Quixotic Widgets"].entity_id == NEW.id
    assert {m.method for m in expected.values()} >= {"exact", "alias", "reviewed", "fuzzy"}


def test_the_directory_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env"))
    cache = MatcherCache("context-env")
    assert cache.path.parent == tmp_path / "from-env"
    cache.matcher(SEEDS, SEEDS, RULES, ())
    assert _files(tmp_path / "from-env") == [cache.path]
    assert MatcherCache("context-env").entities() == SEEDS


def test_a_small_list_is_not_saved(tmp_path):
    cache = MatcherCache("context-small", directory=tmp_path)
    small = SEEDS[:MIN_ENTITIES - 1]
    m = cache.matcher(small, small, RULES, ())
    assert m.match(small[0].name).entity_id == small[0].id
    assert _files(tmp_path) == []
    assert MatcherCache("context-small", directory=tmp_path).entities() is None


def test_another_context_does_not_load_the_old_file(tmp_path, monkeypatch):
    a = MatcherCache("context-a", directory=tmp_path)
    a.matcher(SEEDS, SEEDS, RULES, ())
    other_seeds = SEEDS[1:]  # e.g. the seeds file changed: the context changed with it
    b = MatcherCache("context-b", directory=tmp_path)
    assert b.path != a.path and b.entities() is None
    mb = b.matcher(other_seeds, other_seeds, RULES, ())
    assert SEEDS[0].id not in mb.entity_ids  # built from what it was given, not a's file
    assert set(_files(tmp_path)) == {a.path, b.path}  # KEEP is 2: both kept
    assert MatcherCache("context-b", directory=tmp_path).entities() == other_seeds
    assert MatcherCache("context-a", directory=tmp_path).entities() == SEEDS


def test_only_the_newest_files_are_kept(tmp_path):
    paths = []
    for n, context in enumerate(["c1", "c2", "c3", "c4"]):
        cache = MatcherCache(context, directory=tmp_path)
        cache.matcher(SEEDS, SEEDS, RULES, ())
        paths.append(cache.path)
        assert len(_files(tmp_path)) == min(n + 1, KEEP)
        assert cache.path.exists()  # the file just written is never the one removed
    assert set(_files(tmp_path)) == set(paths[-KEEP:])
    assert MatcherCache("c1", directory=tmp_path).entities() is None
    assert MatcherCache("c4", directory=tmp_path).entities() == SEEDS


def _saved(tmp_path, context: str) -> MatcherCache:
    cache = MatcherCache(context, directory=tmp_path)
    cache.matcher(SEEDS, SEEDS, RULES, ())
    assert cache.path.exists()
    return cache


@pytest.mark.parametrize("damage", ["truncated", "empty", "garbage"])
def test_a_damaged_file_is_rebuilt_not_a_crash(tmp_path, damage, fresh):
    path = _saved(tmp_path, "context-d").path
    data = path.read_bytes()
    path.write_bytes({"truncated": data[: len(data) // 2], "empty": b"",
                      "garbage": b"not a pickle \x00\xff" * 100}[damage])
    cache = MatcherCache("context-d", directory=tmp_path)
    assert cache.entities() is None  # ignored
    m = cache.matcher(SEEDS, ENTITIES, RULES, DECISIONS)
    assert m.match_many(MENTIONS) == fresh.match_many(MENTIONS)
    # and written again, whole: the next cache loads it
    assert path.read_bytes() != b"" and len(path.read_bytes()) > len(data) // 2
    assert MatcherCache("context-d", directory=tmp_path).entities() == SEEDS


def test_a_file_holding_something_else_is_rebuilt(tmp_path):
    path = _saved(tmp_path, "context-e").path
    path.write_bytes(pickle.dumps(["not", "a", "cache"]))
    cache = MatcherCache("context-e", directory=tmp_path)
    assert cache.entities() is None
    m = cache.matcher(SEEDS, SEEDS, RULES, ())
    assert isinstance(m, Matcher) and m.match(SEEDS[0].name).entity_id == SEEDS[0].id


def test_an_unwritable_directory_only_costs_the_cache(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    cache = MatcherCache("context-w", directory=blocker / "cache")
    m = cache.matcher(SEEDS, SEEDS, RULES, ())
    assert m.match(SEEDS[0].name).entity_id == SEEDS[0].id
    assert not (blocker / "cache").exists() and blocker.read_text().startswith("a file")
    assert not any(p.name.endswith(".tmp") for p in tmp_path.rglob("*"))


def test_files_are_named_by_context_and_code():
    assert MatcherCache("x", directory="d").path == MatcherCache("x", directory="d").path
    assert MatcherCache("x", directory="d").path != MatcherCache("y", directory="d").path
    assert os.path.basename(MatcherCache("x", directory="d").path).startswith("matcher-")


class _Payload:
    """What an attacker drops into the cache: a pickle that runs code when it is loaded."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_pickle_in_the_cache_is_never_loaded(tmp_path):
    seed = _saved(tmp_path, "context-x")  # the file name a run of that context loads
    marker = tmp_path / "code-ran"
    seed.path.write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.warns(RuntimeWarning, match="not a matcher snapshot"):
        cache = MatcherCache("context-x", directory=tmp_path)
    assert not marker.exists()
    assert cache.entities() is None


def test_a_snapshot_of_a_foreign_class_is_refused(tmp_path):
    from reconcile.match import snapshot

    with pytest.raises(snapshot.SnapshotError, match="cannot be written"):
        snapshot.dumps(_Payload(tmp_path / "x"))
    good = snapshot.dumps(["a", ("b", 1), {"c": frozenset({2})}])
    assert snapshot.loads(good) == ["a", ("b", 1), {"c": frozenset({2})}]
    header, body = good[:len(snapshot.MAGIC) + 65], good[len(snapshot.MAGIC) + 65:]
    with pytest.raises(snapshot.SnapshotError, match="does not match its digest"):
        snapshot.loads(header + body[:-1] + bytes([body[-1] ^ 1]))  # one bit of the body
