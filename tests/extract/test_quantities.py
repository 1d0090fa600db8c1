"""Amounts found in running text: the phrase with its cues, where it stands, and its reading."""

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from reconcile.extract.quantities import find_quantities
from reconcile.normalize import read_value


def _texts(sentence: str, lang: str) -> list[str]:
    return [q.text for q in find_quantities(sentence, lang)]


@pytest.mark.parametrize("sentence, lang, expected", [
    ("Il dépasse largement les 10 milliards et peut même franchir la barre des 20 milliards "
     "selon The information.", "fr",
     ["dépasse largement les 10 milliards", "peut même franchir la barre des 20 milliards"]),
    ("SoftBank a officialisé en décembre 2025 un investissement de 41 milliards de dollars.", "fr",
     ["2025", "41 milliards de dollars"]),
    ("Cette opération pourrait la valoriser autour de 830 milliards, selon Reuters.", "fr",
     ["pourrait la valoriser autour de 830 milliards"]),
    ("The company raised between $5 billion and $7 billion, or $3bn or more.", "en",
     ["between $5 billion and $7 billion", "$3bn or more"]),
    ("L’entreprise injectera jusqu’à 30 milliards de dollars.", "fr",
     ["jusqu’à 30 milliards de dollars"]),
])
def test_phrases_carry_their_cues(sentence, lang, expected):
    assert _texts(sentence, lang) == expected


def test_kinds_and_offsets():
    text = "Œuvre : environ 11 % du capital, 3.5% plus tard, pour 2 000 salariés et €2bn."
    found = find_quantities(text, "fr")
    assert [(q.kind, q.bare) for q in found] == [
        ("percent", False), ("percent", False), ("number", True), ("money", False)]
    for q in found:  # offsets are the original text's, even after folding "Œ" into two letters
        assert text[q.start:q.end] == q.text
    assert found[-1].interval.currency == "EUR"
    assert found[-1].interval.point == Decimal(2000000000)


def test_a_phrase_the_reader_refuses_is_returned_with_the_reason():
    [q] = find_quantities("La perte atteint moins 5 milliards.", "fr")
    assert q.interval is None and "moins de" in q.refused


@given(st.lists(st.sampled_from(
    ["Amazon", "pourrait", "investir", "jusqu'à", "30", "milliards", "de", "dollars", "environ",
     "plus", "de", "5", "%", ",", "et", "entre", "2", "à", "4", "about", "$1.5bn", "in", "2024",
     "selon", "Reuters", "more", "than", "€", "l’entreprise"]), max_size=14))
def test_a_reading_never_contradicts_its_words(words):
    """Each phrase stands where it says, and reads as the normalize stage reads that phrase."""
    text = " ".join(words)
    for lang in ("en", "fr"):
        for q in find_quantities(text, lang):
            assert text[q.start:q.end] == q.text
            if q.interval is not None:
                assert read_value(q.text, lang=lang) == q.interval


@pytest.mark.parametrize("sentence, expected", [
    # a change and a price are two amounts, not a range
    ("Blackmores rose 9.4 per cent to $84.", [("9.4 per cent", "percent"), ("$84", "money")]),
    # "increased by X to Y": the change, then the new level
    ("The deficit increased by $43.6 billion to $419.2 billion.",
     [("$43.6 billion", "money"), ("$419.2 billion", "money")]),
    # letters written apart from the dollar sign name it
    ("Revenue grew to HK $3.7 billion (US $473 million).",
     [("HK $3.7 billion", "money"), ("US $473 million", "money")]),
    # an amount that cannot be read does not stop the sentence
    ("Half the condos, which range from $800,000 to $1.3 million, have sold.",
     [("Half", "number"), ("from $800,000 to $1.3 million", "money")]),
    ("Racist chanting marred the Euro 2020 qualifier.", []),
])
def test_amounts_in_news_sentences(sentence, expected):
    assert [(q.text, q.kind) for q in find_quantities(sentence, "en")] == expected


def test_the_stated_numbers_are_kept_before_cues_widen_them():
    [q] = find_quantities("or about $920 to $1730 a week", "en")
    assert q.stated == (Decimal(920), Decimal(1730))
    assert q.interval.low < 920 and q.interval.high > 1730  # "about" widens the reading
    [hk] = find_quantities("HK $3.7 billion", "en")
    assert hk.interval.currency == "HKD"


def test_a_range_shares_its_scale_and_a_level_is_no_end_of_a_percent_range():
    [q] = find_quantities("from $10 to $15 billion", "en")
    assert q.stated == (Decimal(10**10), Decimal(15 * 10**9))
    assert [x.text for x in find_quantities("gained 0.7 percent to 6,327.80.", "en")] == [
        "0.7 percent", "6,327.80"]
    [r] = find_quantities("between 5 and 7%", "en")
    assert r.kind == "percent" and r.stated == (5, 7)
