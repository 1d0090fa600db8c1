"""Conflict graph: claims on one key, linked by how their intervals relate, grouped by source."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Iterable, Sequence

from reconcile.core import Evidence, Interval

if TYPE_CHECKING:  # imported where a graph is built: a run resolves its keys without one
    import networkx as nx

AGREES, NARROWS, CONTRADICTS, INCOMPARABLE = "agrees", "narrows", "contradicts", "incomparable"
CONSISTENT = frozenset({AGREES, NARROWS})


def relation(a: Interval, b: Interval) -> str:
    """How two claims' intervals relate: agrees (overlap), narrows (containment) or contradicts."""
    if not a.comparable(b):
        return INCOMPARABLE
    if not a.overlaps(b):
        return CONTRADICTS
    a_in_b, b_in_a = b.contains(a), a.contains(b)
    if a_in_b != b_in_a:
        return NARROWS
    return AGREES


def key_graph(evidence: Iterable[Evidence]) -> nx.Graph:
    """The conflict graph of one key: a node per claim, an edge per pair of claims."""
    import networkx as nx

    graph = nx.Graph()
    items = sorted(evidence, key=lambda e: e.claim_id)
    for ev in items:
        graph.add_node(ev.claim_id, key=ev.key.text, outlet=ev.outlet, via=ev.via or "",
                       source=ev.source, trust=ev.trust)
    for a, b in itertools.combinations(items, 2):
        rel = relation(a.interval, b.interval)
        attrs = {"relation": rel, "same_source": a.source == b.source}
        if rel == NARROWS:
            # Direction matters to a reader: which claim is the narrower one.
            attrs["narrower"] = a.claim_id if b.interval.contains(a.interval) else b.claim_id
        graph.add_edge(a.claim_id, b.claim_id, **attrs)
    return graph


def consistent_groups(graph: nx.Graph, claim_ids: Iterable[str]) -> list[frozenset[str]]:
    """Maximal sets of pairwise-consistent claims among `claim_ids`, in a stable order.

    Intervals that pairwise overlap share a common point (Helly, in one dimension), so each
    clique of the consistency graph is a set of claims that can all be true at once.
    """
    import networkx as nx

    keep = set(claim_ids)
    consistent = nx.Graph()
    consistent.add_nodes_from(sorted(keep))
    consistent.add_edges_from(
        (a, b) for a, b, rel in graph.edges(data="relation")
        if a in keep and b in keep and rel in CONSISTENT
    )
    groups = [frozenset(c) for c in nx.find_cliques(consistent)]
    return sorted(groups, key=lambda g: sorted(g))


def interval_groups(evidence: Sequence[Evidence]) -> list[frozenset[str]]:
    """`consistent_groups` of mutually comparable claims, without building their graph.

    Comparable claims are consistent exactly when their intervals overlap, and the maximal
    sets of overlapping intervals are the points of a sweep along the line where an interval
    ends right after one began: O(k log k) for k claims instead of k(k-1)/2 edges and a clique
    search. Bounds are placed just before, at or just after their value (open or closed ends).
    """
    if any(e.interval.label is not None for e in evidence):
        return _name_groups(evidence)
    events = []
    for e in evidence:
        iv = e.interval
        start = _BELOW_ALL if iv.low is None else (0, iv.low, 0 if iv.low_inclusive else 1)
        end = _ABOVE_ALL if iv.high is None else (0, iv.high, 0 if iv.high_inclusive else -1)
        events.append((start, 0, e.claim_id))  # at one point, openings go before closings
        events.append((end, 1, e.claim_id))
    events.sort()
    active: set[str] = set()
    groups, grew = [], False
    for _, closing, claim_id in events:
        if not closing:
            active.add(claim_id)
            grew = True
            continue
        if grew:
            groups.append(frozenset(active))
            grew = False
        active.discard(claim_id)
    return sorted(groups, key=lambda g: sorted(g))


_BELOW_ALL, _ABOVE_ALL = (-1, 0, 0), (1, 0, 0)


def _name_groups(evidence: Sequence[Evidence]) -> list[frozenset[str]]:
    """The maximal consistent groups of name values: each closed name (or set) with the open
    sets it completes, and the open sets no closed one completes, together."""
    closed: dict[str, set[str]] = {}
    opens = []
    for e in evidence:
        if e.interval.approx:
            opens.append(e)
        else:
            closed.setdefault(e.interval.label, set()).add(e.claim_id)
    groups = []
    for label, ids in closed.items():
        shut = next(e.interval for e in evidence if e.claim_id in ids)
        groups.append(frozenset(ids | {o.claim_id for o in opens if o.interval.overlaps(shut)}))
    lonely = [o.claim_id for o in opens if not any(o.claim_id in g for g in groups)]
    if lonely or not groups:
        groups.append(frozenset(o.claim_id for o in opens))
    return sorted({g for g in groups if g}, key=lambda g: sorted(g))


def merge(graphs: Iterable[nx.Graph]) -> nx.Graph:
    """One graph of all keys, for export."""
    import networkx as nx

    merged = nx.Graph()
    for graph in graphs:
        merged.update(graph)
    return merged


def to_graphml(graph: nx.Graph) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(graph))


def to_dot(graph: nx.Graph) -> str:
    """Graphviz DOT, written by hand so that pydot/pygraphviz are not needed."""
    styles = {AGREES: "solid", NARROWS: "dashed", CONTRADICTS: "bold", INCOMPARABLE: "dotted"}
    colors = {AGREES: "darkgreen", NARROWS: "blue", CONTRADICTS: "red", INCOMPARABLE: "gray"}
    lines = ["graph conflicts {", "  node [shape=box];"]
    for node, data in sorted(graph.nodes(data=True)):
        label = f"{node}\\n{data.get('outlet', '')} ({data.get('trust', '')})\\n{data.get('key', '')}"
        lines.append(f'  "{_dot_escape(node)}" [label="{_dot_escape(label, keep_newlines=True)}"];')
    for a, b, data in sorted(graph.edges(data=True)):
        rel = data.get("relation", "")
        lines.append(f'  "{_dot_escape(a)}" -- "{_dot_escape(b)}" [label="{rel}", '
                     f'style={styles.get(rel, "solid")}, color={colors.get(rel, "black")}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_escape(text: str, keep_newlines: bool = False) -> str:
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return escaped.replace("\\\\n", "\\n") if keep_newlines else escaped
