"""Sentences read into claims, with the seeds' entities and the rules' attributes; and the
sentences that must be refused rather than guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import RULES, SEEDS

from reconcile.pipeline import load_matcher
from reconcile.rules import load_rules
from reconcile.sentences import fold_word, inflections, read_sentence


@pytest.fixture(scope="module")
def reader():
    rules = load_rules(RULES)
    matcher = load_matcher(SEEDS, rules)
    return lambda text, **kw: read_sentence(text, matcher, rules, **kw)


B = Decimal(10) ** 9


@pytest.mark.parametrize("text,subject,attribute,object_,lang,low,high", [
    ("Amazon will invest $60B in OpenAI", "amazon", "investment", "openai", "en", 60 * B, 60 * B),
    ("Amazon invested more than $10 billion in OpenAI", "amazon", "investment", "openai", "en",
     10 * B, None),
    ("Microsoft will invest between $1B and $2B in OpenAI", "microsoft", "investment", "openai",
     "en", 1 * B, 2 * B),
    ("OpenAI is valued at about $500 billion", "openai", "valuation", None, "en", 450 * B, 550 * B),
    ("OpenAI could raise up to $100B", "openai", "raise_target", None, "en", None, 100 * B),
    ("SoftBank Group Corp. will invest $41 billion in OpenAI", "softbank", "investment",
     "openai", "en", 41 * B, 41 * B),
    ("SoftBank détient environ 11 % d'OpenAI", "softbank", "stake", "openai", "fr",
     Decimal("9.9"), Decimal("12.1")),
    ("Nvidia injectera jusqu’à 30 milliards de dollars dans OpenAI", "nvidia", "investment",
     "openai", "fr", None, 30 * B),
    ("Selon Reuters, Amazon pourrait investir jusqu’à 50 milliards de dollars dans OpenAI.",
     "amazon", "investment", "openai", "fr", None, 50 * B),
    ("L'investissement d'Amazon dans OpenAI dépasse 20 milliards de dollars", "amazon",
     "investment", "openai", "fr", 20 * B, None),
    ("OpenAI a signé un accord informatique de 10 milliards de dollars avec Cerebras", "openai",
     "compute_deal", "cerebras", "fr", 10 * B, 10 * B),
    ("La valorisation d'OpenAI atteint environ 500 milliards de dollars", "openai",
     "valuation", None, "fr", 450 * B, 550 * B),
    # a scale or currency written in capitals is part of the amount, not an unknown name
    ("Amazon investira 60 Md$ dans OpenAI", "amazon", "investment", "openai", "fr", 60 * B,
     60 * B),
    ("Amazon will invest 60 billion USD in OpenAI", "amazon", "investment", "openai", "en",
     60 * B, 60 * B),
])
def test_a_sentence_is_read_into_a_claim(reader, text, subject, attribute, object_, lang, low,
                                         high):
    r = reader(text)
    assert r.refused is None, r.refused
    assert (r.subject.value, r.attribute.value) == (subject, attribute)
    assert (r.object.value if r.object else None) == object_
    assert r.lang == lang
    assert (r.interval.low, r.interval.high) == (low, high)


def test_each_part_says_which_words_gave_it(reader):
    r = reader("SoftBank détient environ 11 % d’OpenAI")
    assert r.subject.words == "SoftBank" and r.subject.how == "alias 100"
    assert r.object.words == "d’OpenAI"
    assert r.attribute.words == "détient"
    assert "environ approximation" in r.value.how and "% percent" in r.value.how
    assert r.interval.unit == "percent"  # the stake's unit, as a run reads it
    assert r.as_json()["value"]["value"] == "~11%"


def test_a_bare_amount_takes_its_attribute_s_unit_and_lang_can_be_given(reader):
    r = reader("Amazon investit 60 milliards dans OpenAI", lang="fr")
    assert r.lang == "fr" and r.interval.unit == "currency" and r.interval.currency == "USD"


@pytest.mark.parametrize("text,why", [
    ("Apple will invest $5B in OpenAI", "no entity matches 'Apple'"),
    ("Amazon will not invest $60B in OpenAI", "negation"),
    ("Amazon n'investira pas 60 milliards dans OpenAI", "negation"),
    ("Will Amazon invest $60B in OpenAI?", "question"),
    ("OpenAI received $10B from Microsoft", "passive"),
    ("OpenAI a reçu 10 milliards de dollars de la part de Microsoft", "passive"),
    ("Microsoft and Amazon will invest $5B in OpenAI", "more than two entities"),
    ("The company will invest $5B", "no subject"),
    ("Amazon loves OpenAI at $5B", "no attribute"),
    ("Amazon will invest in OpenAI", "value cannot be read: no number"),
    ("Amazon invested $8B in 2023 and will invest $60B in OpenAI", "value cannot be read"),
    ("Amazon will invest $60B in OpenAI at a valuation of $500B", "several attributes"),
    ("Amazon will invest $60B in Nvidea", "'Nvidea'"),
    ("", "empty"),
])
def test_what_is_not_understood_is_refused_with_the_part(reader, text, why):
    r = reader(text)
    assert r.refused is not None and why in r.refused, r.refused


def test_an_outlet_named_in_the_sentence_is_who_said_it_not_what_it_is_about(reader):
    r = reader("The Information says Nvidia will invest $30B in OpenAI")
    assert r.refused is None and r.subject.value == "nvidia"


def test_inflections_of_cue_words():
    assert {"invests", "invested", "investing"} <= inflections("invest")
    assert {"investit", "investira", "investi"} <= inflections("investir")
    assert {"injecte", "injectera", "injectee"} <= inflections("injecter")
    assert {"raises", "raised", "raising"} <= inflections("raise")
    assert fold_word("L’investissement") == "investissement"
    assert fold_word("Amazon's") == "amazon"
