"""Two-sided bounds: "supérieur à 150 et inférieur à 400 millions", "au plus 80 et au moins 30",
"no less than 2 and no more than 3 billion": a bound cue before each of two amounts, one low and
one high, joined by "and"/"et" (or a comma). `parse` reads the interval they allow."""

from __future__ import annotations

from reconcile.normalize import vocabulary as V
from reconcile.normalize.amounts import Amount
from reconcile.normalize.lexer import ARTICLE, BOUND, FILLER, JOIN, SEP, Item, items_of, tokens

_LOW_CUES = frozenset({V.GT, V.GE})


def two_sided(items: list[Item], a: Amount, b: Amount):
    """ "supérieur à 150 et inférieur à 400 millions", "au plus 80 et au moins 30", "no less than 2
    and no more than 3 billion": a bound cue before each amount, one low and one high, joined by
    "and"/"et" (or a comma). Returns (low amount, low cue, high amount, high cue) or None."""
    def cue_before(k: int, floor: int):
        while k >= floor and items[k].kind in (FILLER, ARTICLE):
            k -= 1
        if k >= floor and items[k].kind == BOUND and items[k].data[1] != V.POST:
            return k, items[k]
        return None

    first = cue_before(a.start - 1, 0)
    if first is None:
        return None
    k = a.end
    while k < b.start and items[k].kind == SEP and items[k].key == ",":
        k += 1
    if k < b.start and items[k].kind == JOIN and items[k].key in V.OPENER_ONLY_JOINERS:
        k += 1
        second = cue_before(b.start - 1, k)
        if second is None or second[0] != k:
            return None
        cue_b = second[1]
    else:
        cue_b = _joined_cue(items[k:b.start])
        if cue_b is None:
            return None
    cue_a = first[1]
    if (cue_a.data[0] in _LOW_CUES) == (cue_b.data[0] in _LOW_CUES):
        return None
    return (a, cue_a, b, cue_b) if cue_a.data[0] in _LOW_CUES else (b, cue_b, a, cue_a)


def _joined_cue(between: list[Item]):
    """ "and below", "and less" + "than": the lexer read a trailing cue ("$5bn and below") where
    a joiner and a leading cue stand ("above $10 and below $25bn"). Read the words after the
    joiner again, alone: the leading cue they form, or None."""
    if not between or between[0].kind != BOUND or between[0].key.split(" ", 1)[0] not in V.OPENER_ONLY_JOINERS:
        return None
    rest = " ".join([between[0].key.split(" ", 1)[1]] + [it.key for it in between[1:]])
    again = items_of(tokens(rest))
    if len(again) == 1 and again[0].kind == BOUND and again[0].data[1] != V.POST:
        return again[0]
    return None
