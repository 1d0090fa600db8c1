"""What an amount is of: the attribute cue nearest it, refined by the words around the cue.

Cues are the rules' attribute names and aliases (`rules/attributes.yaml`), a one-word alias
also in its regular inflections, as `reconcile verify` reads them. Three refinements are
general news language, in `cues.py`:

- a valuation cue beside an IPO or a round ("l'opération pourrait la valoriser", "an IPO that
  would value it") is that event's valuation, when the rules have the attribute;
- a fundraising cue in the past ("a levé", "raised", "après une levée de") is a round's total,
  not a target;
- a verb of buying ("bought", "racheter", "prendre") is a stake for a percentage and an
  investment for money.

An amount whose unit does not fit the attribute (a percentage for an investment, money for a
stake) is not of that attribute.
"""

from __future__ import annotations

from reconcile.extract import cues as C
from reconcile.extract.quantities import Quantity
from reconcile.normalize.lexer import fold
from reconcile.rules import Rules
from reconcile.sentences import attribute_mentions, sentence_words

QUALIFIER_REACH = 48  # characters between a valuation cue and the event it is qualified by


def cues(text: str, rules: Rules, taken_spans: list[tuple[int, int]]
         ) -> list[tuple[int, int, str, str]]:
    """(start, end, canonical attribute, alias) of each attribute cue in the sentence; an
    ambivalent verb of buying has the attribute "?buy" until an amount's unit decides."""
    words = sentence_words(text)
    taken = {i for i, w in enumerate(words) for a, b in taken_spans if a <= w.start < b}
    folded = fold(text)
    out = []
    for i, j, canonical, alias in attribute_mentions(words, rules, taken):
        start, end = words[i].start, words[j - 1].end
        if canonical in C.VALUATION_ATTRIBUTES:
            canonical, alias = _qualified(folded, start, end, canonical, alias, rules)
        if canonical in C.TARGET_ATTRIBUTES and _completed(folded, start, end) \
                and C.TARGET_ATTRIBUTES[canonical] in rules.attributes.values():
            canonical, alias = C.TARGET_ATTRIBUTES[canonical], f"{alias} (done)"
        out.append((start, end, canonical, alias))
    for i, w in enumerate(words):
        if i not in taken and w.key in C.BUY_VERBS and not any(s <= w.start < e for s, e, *_ in out):
            out.append((w.start, w.end, "?buy", w.text))
    return sorted(out)


def _qualified(folded: str, start: int, end: int, canonical: str, alias: str, rules: Rules):
    near = folded[max(0, start - QUALIFIER_REACH):end + QUALIFIER_REACH].replace("'", "' ")
    for qualified, words in C.QUALIFIED_VALUATION.items():
        if qualified not in rules.attributes.values():
            continue
        for w in words:
            if f" {w}" in f" {near}" and not _beyond_clause(folded, start, end, w):
                return qualified, f"{alias} + {w}"
    return canonical, alias


def _beyond_clause(folded: str, start: int, end: int, word: str) -> bool:
    """The qualifier is in another clause than the cue (a comma or "qui" between them)."""
    at = folded.find(word, max(0, start - QUALIFIER_REACH))
    a, b = (at, start) if at < start else (end, at)
    between = folded[a:b]
    return any(p in between for p in (",", ";", " qui ", " which ", " who "))


def _completed(folded: str, start: int, end: int) -> bool:
    before = folded[max(0, start - 16):start].split()
    word = folded[start:end]
    return word in C.DONE_FORMS or bool(before) and (
        before[-1] in C.DONE_BEFORE or " ".join(before[-2:]) in C.DONE_BEFORE)


def fits(attribute: str, q: Quantity, rules: Rules) -> bool:
    """The amount's unit is the attribute's: a percentage for a percent attribute, else money
    (or an amount with a scale and no unit, which the attribute's unit completes)."""
    unit = rules.units.get(attribute, ("currency",))[0]
    return (q.kind == "percent") == (unit == "percent")


def decided(cue: tuple[int, int, str, str], q: Quantity, rules: Rules) -> str | None:
    """The cue's attribute for this amount: a buying verb by the amount's unit."""
    canonical = cue[2]
    if canonical == "?buy":
        canonical = C.BUY_ATTRIBUTES["percent" if q.kind == "percent" else "currency"]
        if canonical not in rules.attributes.values():
            return None
    return canonical if fits(canonical, q, rules) else None


def choose(q: Quantity, clause: tuple[int, int], found: list[tuple[int, int, str, str]],
           rules: Rules) -> tuple[str, tuple] | None:
    """(attribute, cue) for the amount: a cue in its clause before one outside it, a named
    attribute before a verb of buying, before the amount rather than after, the nearest; a cue
    inside the phrase ("une éventuelle levée jusqu'à …") is nearest of all. A cue in a later
    clause is another statement's ("…for $5.83 billion, as the group raises cash")."""
    a, b = clause
    found = [c for c in found if c[0] < b]
    fitting = [(c, decided(c, q, rules)) for c in found]
    fitting = [(c, attr) for c, attr in fitting if attr is not None]
    if not fitting:
        return None
    c, attr = min(fitting, key=lambda ca: (
        not (a <= ca[0][0] < b), ca[0][2] == "?buy", ca[0][0] >= q.end,
        max(0, q.start - ca[0][1]) if ca[0][0] < q.end else ca[0][0] - q.end))
    return attr, c
