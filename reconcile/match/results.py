"""Value types of the match stage: a decision (:class:`Match`), its candidates, and a
reviewer's decision that later runs apply before any scoring."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity proposed for a mention, with its score (0-100)."""

    entity_id: str
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class Match:
    """The decision for one mention, with everything needed to explain it."""

    input: str  # the mention as written
    key: str  # its normalized name key
    entity_id: str | None  # None unless band == "accept"
    name: str | None  # canonical name of entity_id
    score: float  # 0..100 (100 for exact/alias/reviewed)
    method: str  # "exact" | "alias" | "fuzzy" | "reviewed" | "none"
    band: str  # "accept" | "review" | "reject"
    scorer: str | None  # the comparison that gave `score` when fuzzy scoring ran
    candidates: tuple[Candidate, ...]  # best few (≤ 5), best first, ties by entity id
    runner_up: Candidate | None
    margin: float | None  # best score − runner-up score
    reason: str  # one human sentence: why this band


@dataclass(frozen=True)
class ReviewDecision:
    """A reviewer's decision for a mention key: an entity id, or None for "not an entity"."""

    mention_key: str
    entity_id: str | None
    by: str = ""
    reason: str = ""


def fmt(x: float) -> str:
    """A score for a sentence: "87.5", "100"."""
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))
