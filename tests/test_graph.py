"""The conflict graph: relations between claims' intervals, sources, consistent groups, export."""

from __future__ import annotations

from decimal import Decimal as D

import networkx as nx

from reconcile.core import Evidence, Interval, Key
from reconcile.graph import (AGREES, CONTRADICTS, INCOMPARABLE, NARROWS, consistent_groups,
                             key_graph, relation, to_dot, to_graphml)

KEY = Key("amazon", "investment", "openai", None)


def iv(low, high, lo_inc=True, hi_inc=True, unit="currency", currency="USD"):
    return Interval(None if low is None else D(low), None if high is None else D(high),
                    lo_inc, hi_inc, unit=unit, currency=currency)


def ev(claim_id, outlet, interval, trust=0.8, via=None):
    return Evidence(claim_id, KEY, outlet, via, trust, interval, "as written")


def test_relations():
    assert relation(iv(10, None, False), iv(None, 50)) == AGREES
    assert relation(iv(10, None, False), iv(20, None, False)) == NARROWS
    assert relation(iv(None, 10), iv(20, 30)) == CONTRADICTS
    # touching bounds: [.., 10) and [10, ..] share no value
    assert relation(iv(None, 10, hi_inc=False), iv(10, 20)) == CONTRADICTS
    assert relation(iv(None, 10), iv(10, 20)) == AGREES
    assert relation(iv(5, 5), iv(5, 5)) == AGREES
    assert relation(iv(1, 2), iv(1, 2, currency="EUR")) == INCOMPARABLE
    assert relation(iv(1, 2), iv(0, 3, unit="number", currency=None)) == NARROWS


def test_key_graph_labels_edges_and_marks_same_source():
    g = key_graph([ev("a", "The Information", iv(10, None, False)),
                   ev("b", "The Information", iv(20, None, False)),
                   ev("c", "Reuters", iv(None, 50))])
    assert g.edges["a", "b"]["relation"] == NARROWS and g.edges["a", "b"]["narrower"] == "b"
    assert g.edges["a", "b"]["same_source"] is True
    assert g.edges["a", "c"]["relation"] == AGREES and g.edges["a", "c"]["same_source"] is False
    assert g.nodes["c"]["outlet"] == "Reuters"


def test_relayed_claims_belong_to_their_origin():
    relayed = ev("a", "Reuters", iv(1, 2), via="Les Echos")
    assert relayed.source == "Reuters"


def test_consistent_groups_are_maximal_and_stable():
    evs = [ev("a", "X", iv(0, 10)), ev("b", "Y", iv(5, 15)), ev("c", "Z", iv(12, 20)),
           ev("d", "W", iv(30, 40))]
    g = key_graph(evs)
    groups = consistent_groups(g, ["a", "b", "c", "d"])
    assert groups == [frozenset("ab"), frozenset("bc"), frozenset("d")]
    assert consistent_groups(g, ["d", "c", "b", "a"]) == groups


def test_exports_carry_relations():
    g = key_graph([ev("a", "X", iv(0, 10)), ev("b", "Y", iv(20, 30))])
    graphml = to_graphml(g)
    assert "contradicts" in graphml
    back = nx.parse_graphml(graphml)
    assert back.edges["a", "b"]["relation"] == CONTRADICTS
    dot = to_dot(g)
    assert dot.startswith("graph conflicts {") and '"a" -- "b"' in dot and "contradicts" in dot
