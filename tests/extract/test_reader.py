"""The reader's rules, one sentence or two at a time (docs/extract.md lists them)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from reconcile.extract.attribution import find_source
from reconcile.extract.when import period_of


def claims(found):
    f = lambda c: (c.fields["outlet"], c.fields["via"], c.fields["subject"],
                   c.fields["attribute"], c.fields["object"], c.fields["value"])
    return [f(c) for c in found.candidates]


@pytest.mark.parametrize("sentence, kind, name", [
    ("Selon Reuters, Amazon investira 50 milliards.", "named", "Reuters"),
    ("D’après une information publiée mercredi par The Information, OpenAI lève.", "named",
     "The Information"),
    ("Reuters, en revanche, a révélé que l’investissement pourrait atteindre 50 milliards.",
     "named", "Reuters"),
    ("Du moins selon le média qui cite une source proche du dossier.", "backref", "le média"),
    ("Amazon is in talks to invest up to $50 billion in OpenAI, Bloomberg reported.", "named",
     "Bloomberg"),
    ("A person familiar with the matter told the Financial Times that it was raising €2bn.",
     "named", "Financial Times"),
    ("Mistral raised €1.7 billion, according to people familiar with the matter.", "anonymous",
     "people familiar with the matter"),
    ("The deal values Arm at $60bn, the newspaper said.", "backref", "the newspaper"),
    ("Selon le communiqué, Kalyx a levé 600 millions d’euros.", "document", "le communiqué"),
    ("Selon Les Echos, Samsung prendrait 3 %.", "named", "Les Echos"),
    ("Amazon will invest $60B in OpenAI.", None, None),
])
def test_who_said_it(sentence, kind, name, project_rules):
    found = find_source(sentence, project_rules.outlet_keys, [(0, 6)])
    assert (found and found.kind, found and found.name) == (kind, name)


def test_a_company_speaking_of_itself_is_the_source(project_rules):
    found = find_source("SoftBank avait d’ailleurs déjà officialisé un investissement.",
                        project_rules.outlet_keys, [(0, 8)])
    assert (found.kind, found.name) == ("announcer", "SoftBank")


@pytest.mark.parametrize("sentence, published, as_of", [
    ("SoftBank avait officialisé en décembre 2025 un investissement", None, "2025-12"),
    ("in the third quarter of 2024 it raised $1bn", None, "2024-Q3"),
    ("une introduction en bourse prévue en 2027", None, None),
    ("en 2025 elle a levé 2 milliards", "2026-01-10", "2025"),
    ("en 2026 elle lèvera 2 milliards", "2026-01-10", None),  # not past yet
    ("it was valued at $5.5bn in March 2025", "2026-02-10", "2025-03"),
])
def test_a_past_period_is_as_of(sentence, published, as_of):
    assert period_of(sentence, published) == as_of


def test_references_take_the_entity_in_focus(extract_text):
    found = extract_text("OpenAI lève des fonds. Nvidia figure parmi les investisseurs d’OpenAI. "
                         "L’entreprise injectera jusqu’à 30 milliards de dollars, selon Reuters.",
                         "fr")
    assert claims(found) == [("Reuters", "Le Journal", "Nvidia", "investment", "OpenAI",
                              "jusqu’à 30 milliards de dollars")]
    how = found.candidates[0].how
    assert how["subject"].startswith("focus") and how["object"].startswith("topic")


def test_respectively_pairs_subjects_and_amounts(extract_text):
    found = extract_text("Microsoft et Nvidia se sont engagés à investir respectivement jusqu’à "
                         "5 milliards et jusqu’à 10 milliards de dollars dans OpenAI.", "fr")
    assert [(c[2], c[5]) for c in claims(found)] == [
        ("Microsoft", "jusqu’à 5 milliards"), ("Nvidia", "jusqu’à 10 milliards de dollars")]
    assert {c[4] for c in claims(found)} == {"OpenAI"}


def test_two_subjects_without_respectively_are_refused(extract_text):
    found = extract_text("Amazon et Microsoft investiront 5 milliards de dollars dans OpenAI.",
                         "fr")
    assert found.candidates == ()
    assert "several subjects" in found.refused[0].reason


@pytest.mark.parametrize("text", [
    "Amazon compte 1,5 million de salariés et a investi en 2023.",
    "OpenAI, fondée en 2015, emploie 3 000 personnes.",
    "Dario Amodei, 42 ans, a parlé à Davos.",
    "Nvidia a vendu un million de puces à OpenAI.",
    "OpenAI revendique 800 millions d’utilisateurs.",
])
def test_numbers_that_are_not_claims_give_none(extract_text, text):
    found = extract_text(text, "fr")
    assert found.candidates == () and found.refused == ()


def test_a_completed_raise_is_a_round_total_and_a_buy_is_by_unit(extract_text):
    found = extract_text("Meta bought 49% of Scale AI for $14.3 billion. Scale AI raised "
                         "$1 billion last year, and aims to raise up to $3 billion more.", "en")
    assert [(c[3], c[5]) for c in claims(found)] == [
        ("stake", "49%"), ("investment", "$14.3 billion"), ("round_total", "$1 billion"),
        ("raise_target", "up to $3 billion")]


WORDS = ["Amazon", "OpenAI", "Reuters", "selon", "investira", "jusqu’à", "30", "milliards",
         "de", "dollars", "environ", "11", "%", "détient", "l’entreprise", "Il", ".", ",", "en",
         "décembre", "2025", "pourrait", "atteindre", "Nvidia", "dans", "et", "valorisation"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=3, max_size=30))
def test_candidates_stand_on_their_words(extract_text, project_rules, words):
    """Every candidate's value is the text at its offsets and reads as a run reads it; the
    same text gives the same candidates."""
    from reconcile.core import Claim
    from reconcile.pipeline import read_claim

    text = " ".join(words).replace(" .", ".") + "."
    found = extract_text(text, "fr")
    assert claims(extract_text(text, "fr")) == claims(found)
    for c in found.candidates:
        a, b = c.value_span
        assert found.article.text[a:b] == c.fields["value"]
        read, _ = read_claim(Claim(id="x", outlet="o", subject=c.fields["subject"],
                                   attribute=c.fields["attribute"], value=c.fields["value"],
                                   lang="fr"), project_rules)
        assert not isinstance(read, str)


def test_an_amount_set_against_another_is_the_same_claim_at_its_own_period(extract_text):
    found = extract_text("L’opération valorise OpenAI à 500 milliards de dollars, contre 300 "
                         "milliards lors de son tour de table de mars 2025.", "fr",
                         published="2025-10-02")
    assert [(c.fields["attribute"], c.fields["value"], c.fields["as_of"])
            for c in found.candidates] == [
        ("round_valuation", "500 milliards de dollars", None),
        ("round_valuation", "300 milliards", "2025-03")]
    assert found.candidates[1].how["attribute"].startswith("compared with")


def test_a_company_announcing_after_the_fact_is_the_source(extract_text):
    from conftest import needs_french_model
    needs_french_model()  # "Mistral AI" is a name the seeds do not know
    found = extract_text("La start-up Mistral AI a levé 1,7 milliard d’euros auprès d’ASML, "
                         "a annoncé l’entreprise mardi.", "fr")
    [c] = found.candidates
    assert (c.fields["outlet"], c.fields["via"], c.fields["subject"]) == (
        "Mistral AI", "Le Journal", "Mistral AI")
    assert c.fields["attribute"] == "round_total"


def test_what_an_english_wire_story_does_not_claim(extract_text):
    found = extract_text(
        "SoftBank Group Corp said it had sold its entire stake in Nvidia for $5.83 billion, as "
        "the conglomerate raises cash. The group will invest a further $22.5 billion in the "
        "ChatGPT maker. The company reported a net profit of 2.5 trillion yen ($16.6 billion) "
        "for the July-September quarter.", "en")
    # a cue in a later clause is another statement's; a name describing its maker is no
    # object; "a net profit of" is not the attribute named before; a bracketed conversion is
    # the figure before it
    assert [(c.fields["attribute"], c.fields["object"], c.fields["value"])
            for c in found.candidates] == [("investment", None, "$22.5 billion")]
