"""The seed article read by `reconcile extract` gives back seeds/article-000.yaml's 15 claims.

The seed's claims were typed by hand; here each extracted claim must agree with its typed twin
on every field a run keys or reads: outlet (and via), subject and object entities, canonical
attribute, the value's reading and as_of.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml
from conftest import SEEDS

from reconcile.core import Claim
from reconcile.extract import extract, read_article
from reconcile.pipeline import read_claim

ARTICLE = SEEDS / "article-000.txt"


@pytest.fixture(scope="module")
def extracted(project_rules, project_matcher):
    return extract(read_article(ARTICLE), project_matcher, project_rules, outlet="Article 000",
                   lang="fr")


def _reading(fields, rules):
    """The value's interval, as a run reads it; `hedged` is compared on its own (below)."""
    claim = Claim(id="x", outlet=fields["outlet"], subject=fields["subject"],
                  attribute=fields["attribute"], value=fields["value"], lang="fr")
    return dataclasses.replace(read_claim(claim, rules)[0], hedged=None)


def _key(fields, rules, matcher):
    entity = (lambda m: m and matcher.match(m).entity_id)
    return (rules.outlet(fields["outlet"]).name, fields.get("via"), entity(fields["subject"]),
            rules.canonical_attribute(fields["attribute"]), entity(fields.get("object")),
            fields.get("as_of"), _reading(fields, rules))


def test_the_seed_claims_come_back_field_by_field(extracted, project_rules, project_matcher):
    rules, matcher = project_rules, project_matcher
    typed = yaml.safe_load((SEEDS / "article-000.yaml").read_text(encoding="utf-8"))["claims"]
    want = sorted((_key(c, rules, matcher) for c in typed), key=repr)
    got = sorted((_key(c.fields, rules, matcher) for c in extracted.candidates), key=repr)
    assert got == want
    assert extracted.refused == ()


def test_a_hedge_is_kept_where_the_typed_value_left_it_out(extracted, project_rules):
    """The typed seed cut "susceptible de la valoriser jusqu'à 1 000 milliards" down to
    "jusqu'à 1 000 milliards de dollars"; the extracted phrase keeps the hedge. No other
    reading differs, and the extractor never drops a hedge the typed value has."""
    typed = yaml.safe_load((SEEDS / "article-000.yaml").read_text(encoding="utf-8"))["claims"]

    def hedged(fields):
        claim = Claim(id="x", outlet=fields["outlet"], subject=fields["subject"],
                      attribute=fields["attribute"], value=fields["value"], lang="fr")
        return read_claim(claim, project_rules)[0].hedged
    def number(value):  # the amount's digits: what pairs a typed claim with its extraction
        return re.sub(r"\D", "", value)
    typed_hedge = {(c["quote"], number(c["value"])): hedged(c) for c in typed}
    differ = []
    for c in extracted.candidates:
        f = c.fields
        twin = next(k for k in typed_hedge if k[1] == number(f["value"]) and f["quote"] in k[0])
        if hedged(f) != typed_hedge[twin]:
            differ.append((f["value"], hedged(f)))
    assert differ == [("susceptible de la valoriser jusqu’à 1 000 milliards de dollars", True)]


def test_each_candidate_points_at_its_words(extracted):
    text = extracted.article.text
    for c in extracted.candidates:
        start, end = c.value_span
        assert text[start:end] == c.fields["value"]
        assert c.fields["quote"] in text and 0 < c.confidence <= 1
        if c.attribution_span:
            a, b = c.attribution_span
            assert text[a:b] in c.fields["quote"]
        assert {"attribute", "subject", "outlet", "value"} <= set(c.how)


def test_who_said_it_comes_with_its_reason(extracted):
    how = {c.fields["value"]: c.how["outlet"] for c in extracted.candidates}
    assert how["jusqu’à 30 milliards de dollars"].startswith("next sentence: selon le média")
    assert how["pourrait atteindre 60 milliards de dollars"].startswith("reported speech")
    assert "own statement" in how["41 milliards de dollars"]
    assert how["environ 11 %"].startswith("article")
