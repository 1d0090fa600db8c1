"""The initials layer: a mention written as one entity's acronym ("IBM" for International
Business Machines), and the reverse, a full name whose initials are one entity's whole
name ("International Business Machines" for a listed "IBM Corp.", "Asea Brown Boveri" for
"ABB B.V.").

Initials are weak evidence: many names share them, and in an open world the company a
full name belongs to may simply not be listed while some other company is named by the
same three letters. So the candidate proposed here scores between the review threshold
and the threshold (review), and is lifted to the threshold (where the margin and
containment checks of the bands still apply) only when the reading is the only one the
list allows (see :func:`candidates`).
"""

from __future__ import annotations

from ..rules import MatchingRules
from .names import LEGAL_FORMS, initials
from .tokens import TokenIndex, _one_edit
from .words import GENERIC_WORDS

# Flags on a candidate, next to those of .scoring
ACRONYM = 1 << 8  # proposed by the initials layer
EXPANSION = 1 << 9  # ... where the mention is the long form and the entity the initials

# Longest acronym accepted on its initials (2 or 3 letters: "GE", "IBM", "P&G"): a longer
# word in capitals is as often a name or a ticker written that way ("ASET", "DELL").
ACRONYM_MAX = 3
# Fewest words of a full name accepted for an entity named by its initials: two initials
# ("Takeda Pharmaceutical" / "TP") coincide too often to name anything.
EXPANSION_MIN = 3
# Series numerals: "Cartesian Growth Corp II" is the second of a series, and "ii" no word
# whose initial belongs to the name.
_ROMAN = frozenset("ii iii iv vi vii viii ix xi xii xiii xiv xv".split())
# Legal forms and descriptors long enough for a one-letter typo of them to be recognised
# ("cnrp", "groop", "ikc"): such a word is the form mistyped, not a word of the name.
_FORMS = frozenset(w for w in LEGAL_FORMS | GENERIC_WORDS if len(w) >= 3)


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

    def expands(self, key: str, tokens: TokenIndex) -> bool:
        """Whether a multi-word key reads as the full name of the one-word entity name its
        initials spell (:meth:`lookup` found that entity) and as nothing else the list
        has: at least EXPANSION_MIN words, every one a word of the name (no digits, no
        series numeral, no mistyped legal form or descriptor); no listed multi-word name
        with the same initials (then the list names two companies by those letters); and
        no word, generic descriptors aside, that is a listed name's word or a misspelling
        or compound of one (then that name is another reading, however low it scores:
        "Xtreme One sntertainment" is the listed Xtreme One Entertainment, not "XOS")."""
        words = key.split()
        if len(words) < EXPANSION_MIN or self._of_names.get(initials(key)):
            return False
        return all(w.isalpha() and w not in _ROMAN and not _mistyped_form(w)
                   and (w in GENERIC_WORDS or not tokens.known(w)) for w in words)


def _mistyped_form(word: str) -> bool:
    """A word one letter off a legal form or descriptor of three letters or more, and no
    longer than it ("cnrp", "ikc", "lt"): a letter changed, swapped or left out. A
    letter more is not counted: "asea" is no "asa" (ASA, the Norwegian form)."""
    return (word not in LEGAL_FORMS and word not in GENERIC_WORDS
            and any(len(word) <= len(f) and _one_edit(word, f) for f in _FORMS))


def candidates(mention: str, key: str, hit: tuple[int, bool], index: Initials,
               tokens: TokenIndex, rules: MatchingRules,
               named: bool) -> list[tuple[int, float, int]]:
    """The candidate proposed by initials, as (entity position, score, flags).

    `hit` is what :meth:`Initials.lookup` found; `named` says whether a name already
    scores the review threshold for the mention (another reading of it).

    - A mention written as an acronym, in capitals ("IBM", "P&G"; not "Ibm"), of at most
      ACRONYM_MAX letters, whose initials no other entity has, scores the threshold.
    - A full name whose initials are the whole one-word name of exactly one entity
      ("International Business Machines" / "IBM") scores the threshold only when
      :meth:`Initials.expands` holds and no name scores the review threshold: the list
      then allows no other reading. Measured with benchmarks/bench_match.py: accepting
      every such full name of three or more words cost 10 wrong accepts on the SEC list
      with a fifth held out (Takeda Pharmaceutical Group -> TPG, General American
      nvestors -> GAN, Cartesian Growth II -> CGI, Poet Technologies Cnrp -> PTC); with
      the conditions but a shared word allowed, 1 there (Silver lEephant Mining -> SLM)
      and 3 among the throughput mentions, companies that are listed but score under
      the review threshold (Kumyang Co Lt/ADR -> KLA, Xtreme One sntertainment -> XOS,
      Air T IkC -> ATI); with all of them, none in either.
    - Otherwise the candidate scores halfway between the review threshold and the
      threshold: a lead for a reviewer.
    """
    i, short = hit
    if short and len(key) <= ACRONYM_MAX and written_in_capitals(mention, key):
        return [(i, rules.threshold, ACRONYM)]
    if not short and not named and index.expands(key, tokens):
        return [(i, rules.threshold, ACRONYM | EXPANSION)]
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
