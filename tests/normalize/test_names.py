"""Names as values: categories and sets of names, read as labels, never as amounts."""

from __future__ import annotations


import pytest
from hypothesis import given, settings, strategies as st

from reconcile.core import Interval
from reconcile.errors import UnreadableValue
from reconcile.normalize import format_interval
from reconcile.normalize.names import read_names


@pytest.mark.parametrize("text", ["Knuth, Donald E.", "Donald E. Knuth", "D. E. Knuth",
                                  "Knuth D.E.", "by Donald Knuth", "Knuth, Donald (Author)",
                                  "Dönald Knüth", "KNUTH, DONALD"])
def test_one_person_written_many_ways_is_one_label(text):
    assert read_names(text, "name_set").label == "knuth"


@pytest.mark.parametrize("text", [
    "Graham, Ronald L.; Knuth, Donald E.; Patashnik, Oren",
    "Ronald L. Graham, Donald E. Knuth, Oren Patashnik",
    "Ronald Graham, Donald Knuth and Oren Patashnik",
    "Patashnik, Oren & Graham, Ronald & Knuth, Donald",
    "Graham, Ronald, Knuth, Donald, Patashnik, Oren",
    "R. Graham / D. Knuth / O. Patashnik",
])
def test_a_list_in_any_order_and_style_is_one_set(text):
    iv = read_names(text, "name_set")
    assert (iv.label, iv.approx) == ("graham; knuth; patashnik", False)
    assert format_interval(iv) == "Graham; Knuth; Patashnik"


def test_numbers_in_names_are_never_amounts():
    iv = read_names("Windows 95 Team", "category")
    assert (iv.low, iv.high, iv.label) == (None, None, "windows 95 team")
    assert read_names("Knuth 3rd ed.", "name_set").label.startswith("knuth")
    with pytest.raises(UnreadableValue, match="no name"):
        read_names("0", "name_set")


@pytest.mark.parametrize("text", ["Not Available", "", "  ", "unknown", "N/A"])
def test_no_name_is_unreadable_not_a_name(text):
    with pytest.raises(UnreadableValue):
        read_names(text, "name_set")


def test_et_al_is_an_open_set_that_meets_the_lists_it_starts():
    open_set = read_names("Graham et al.", "name_set")
    full = read_names("Ronald Graham, Donald Knuth and Oren Patashnik", "name_set")
    other = read_names("Smith et al.", "name_set")
    alone = read_names("Graham", "name_set")
    assert open_set.approx and open_set.label == "graham"
    assert open_set.intersect(full) == full.bare() and open_set.contains(full)
    assert open_set.intersect(alone) is None  # "et al." means at least one more
    assert open_set.intersect(other).label == "graham; smith"  # two open lists: both hold
    assert not full.contains(open_set)
    # a closed list means what it says: a part of another is another list
    assert alone.intersect(full) is None


def test_lists_that_forget_their_separators_and_html_entities():
    assert read_names("Hornick, Mark F. Marcade, Erik Venkayala, Sunil", "name_set").label == \
        "hornick; marcade; venkayala"
    assert read_names("Hornick, Mark F.; Marcad&eacute;, Erik", "name_set").label == \
        "hornick; marcade"
    assert read_names("By (author) Pooley, Rob By (author) Wilcox, Pauline",
                      "name_set").label == "pooley; wilcox"
    assert read_names("Edited by Jones, Karen Sparck Edited by Willett, Peter",
                      "name_set").label == "jones; willett"


def test_categories_fold_case_accents_and_punctuation():
    a, b = read_names("Andy Jassy", "category"), read_names("  andy  JASSY. ", "category")
    assert a == b and format_interval(a) == "Andy Jassy"
    assert read_names("Élisabeth Borne", "category").label == "elisabeth borne"
    assert a.intersect(read_names("Jeff Bezos", "category")) is None


NAMES = ["Donald Knuth", "Ronald Graham", "Oren Patashnik", "Peter Aiken", "David Allen",
         "Joe Celko", "Marie Curie"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True), st.randoms(),
       st.sampled_from(["; ", " and ", ", ", " & "]), st.booleans())
def test_a_reading_never_contradicts_its_words(names, rng, sep, surname_first):
    """Every person the reading names is a surname written in the text; order never matters."""
    def written(people):
        shown = [f"{n.split()[1]}, {n.split()[0]}" if surname_first and sep == "; " else n
                 for n in people]
        return sep.join(shown)
    shuffled = list(names)
    rng.shuffle(shuffled)
    a, b = read_names(written(names), "name_set"), read_names(written(shuffled), "name_set")
    assert a == b
    assert set(a.label.split("; ")) == {n.split()[1].lower() for n in names}
