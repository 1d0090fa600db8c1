"""The initials layer: a mention written as one entity's acronym ("IBM" for International
Business Machines), and the reverse, a full name whose initials are one entity's whole
name ("Asea Brown Boveri" for "ABB B.V.").

Initials are weak evidence: many names share them. So the candidate proposed here scores
between the review threshold and the threshold (review), and is lifted to the threshold
(where the margin and containment checks of the bands still apply) only when the reading
is the only one the list allows (see :func:`candidates`).
"""

from __future__ import annotations

from ..rules import MatchingRules
from .names import initials

# Flags on a candidate, next to those of .scoring
ACRONYM = 1 << 8  # proposed by the initials layer
EXPANSION = 1 << 9  # ... where the mention is the long form and the entity the initials

# Longest acronym accepted on its initials (2 or 3 letters: "GE", "IBM", "P&G"): a longer
# word in capitals is as often a name or a ticker written that way ("ASET", "DELL").
ACRONYM_MAX = 3


class Initials:
    """Initials of multi-word names ("international business machines" -> "ibm"), and
    one-word names that may be initials ("ibm"), each to the entities that have them."""

    def __init__(self) -> None:
        self._of_names: dict[str, set[int]] = {}
        self._one_word: dict[str, set[int]] = {}

    def add(self, key: str, i: int) -> None:
        """Index one name key of entity position `i`."""
        ini = initials(key)
        if 2 <= len(ini) <= 6 and ini.isalpha():
            self._of_names.setdefault(ini, set()).add(i)
        if " " not in key and 2 <= len(key) <= 6 and key.isalpha():
            self._one_word.setdefault(key, set()).add(i)

    def lookup(self, key: str) -> tuple[int, bool] | None:
        """(entity, the mention is the initials) when exactly one entity fits, else None.

        A one-word mention is looked up among the initials of the names ("IBM" ->
        International Business Machines); a multi-word mention's initials among the
        one-word names ("Asea Brown Boveri" -> ABB).
        """
        if " " not in key:
            hit, short = self._of_names.get(key, ()), True
        else:
            hit, short = self._one_word.get(initials(key), ()), False
        return (next(iter(hit)), short) if len(hit) == 1 else None


def candidates(mention: str, key: str, hit: tuple[int, bool], index: Initials,
               rules: MatchingRules) -> list[tuple[int, float, int]]:
    """The candidate proposed by initials, as (entity position, score, flags).

    `hit` is what :meth:`Initials.lookup` found.

    - A mention written as an acronym, in capitals ("IBM", "P&G"; not "Ibm"), of at most
      ACRONYM_MAX letters, whose initials no other entity has, scores the threshold.
    - A full name whose initials are an entity's name is never accepted: a full name is
      specific, and the list only says that one entity is named by some words with
      those initials (measured on the SEC list with a fifth of the companies held out,
      accepting it made 53 wrong accepts).
    - Otherwise the candidate scores halfway between the review threshold and the
      threshold: a lead for a reviewer.
    """
    i, short = hit
    if short and len(key) <= ACRONYM_MAX and written_in_capitals(mention, key):
        return [(i, rules.threshold, ACRONYM)]
    return [(i, (rules.review_threshold + rules.threshold) / 2,
             ACRONYM | (0 if short else EXPANSION))]


def written_in_capitals(mention: str, key: str) -> bool:
    """Whether the mention writes its one-word key as an acronym: in capitals, with or
    without dots and ampersands ("IBM Corp.", "P&G", "I.B.M."), not "Ibm" or "ibm"."""
    for word in mention.split():
        letters = "".join(c for c in word if c.isalnum())
        if letters.isupper() and letters.lower() == key:
            return True
    return False
