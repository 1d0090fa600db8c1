"""Quantities in running text: where each amount stands, with the words that bound or hedge it.

The normalize stage reads a value phrase someone cut out of a sentence ("jusqu'à 30 milliards de
dollars"). An article gives whole sentences, so this module finds the phrases first, with the
normalize stage's own lexer and amount reader (one vocabulary for both), then reads each phrase
with `read_value` exactly as a claim's value would be read:

- an amount is what `normalize.amounts.read_amount` reads (digits or number words, scale,
  currency or percent sign);
- two amounts that form a range ("between $5bn and $7bn", "de 5 à 7 milliards") are one phrase;
- the cues before it belong to it ("plus de", "jusqu'à", "dépasse largement les", "pourrait
  atteindre", "about", "up to"), reaching back over at most `MAX_WORDS_BACK` plain words
  between a cue and the number, never across a comma, another amount or the start of a clause;
- a cue right after it ("or more", "au moins") too.

A phrase whose reading is refused is still returned, with `refused` set: the caller decides (an
extracted claim is never made of a number the reader could not read).
"""

from __future__ import annotations

from dataclasses import dataclass

from reconcile.core import Interval
from reconcile.errors import UnreadableValue
from reconcile.normalize import read_value
from reconcile.normalize.comparatives import EITHER, POST
from reconcile.normalize.lexer import (
    APPROX,
    ARTICLE,
    BOUND,
    FILLER,
    HEDGE,
    OPEN,
    WORD,
    Item,
    fold,
    items_of,
    tokens,
)
from reconcile.normalize.parse import _amounts, _forms_range

MAX_WORDS_BACK = 3  # plain words between a cue and its number: "dépasse largement les 10"
_CUES = frozenset({BOUND, APPROX, HEDGE})
_GLUE = frozenset({FILLER, OPEN, ARTICLE})  # "la barre des", "de", "un" between cue and number


@dataclass(frozen=True)
class Quantity:
    """One amount found in a text: its phrase as written, where it stands, and its reading."""

    start: int  # character offsets in the text given
    end: int
    text: str
    kind: str  # "money", "percent" or "number"
    interval: Interval | None  # None when the phrase cannot be read (`refused` says why)
    refused: str | None = None
    bare: bool = False  # a plain number: no currency, percent or scale (a year, a count)
    scaled: bool = False  # a scale word or suffix: "50 milliards", "3bn"


def find_quantities(text: str, lang: str = "en", *, default_currency: str = "USD"
                    ) -> list[Quantity]:
    """Every amount of `text`, in order, each with the cue words that belong to it."""
    folded, where = _fold_mapped(text)
    items = items_of(tokens(folded))
    try:
        found = _amounts(items, lang)
    except UnreadableValue as e:  # "moins 5 milliards": the amount itself cannot be read
        return [Quantity(0, len(text), text, "number", None, e.reason)]
    groups: list[list] = []
    for a in found:
        if groups and _forms_range(items, groups[-1][-1], a):
            groups[-1].append(a)
        else:
            groups.append([a])
    out = []
    for group in groups:
        first, last = group[0], group[-1]
        begin = _cue_start(items, first.start, [g[-1].end for g in groups if g[-1].end <= first.start])
        if len(group) > 1:  # a range keeps its opener: "between X and Y", "entre X et Y"
            while begin > 0 and items[begin - 1].kind == OPEN:
                begin -= 1
        end = _cue_end(items, last.end)
        start_c, end_c = where[items[begin].start], where[items[end - 1].end - 1] + 1
        phrase = text[start_c:end_c]
        bare = all(a.bare for a in group)
        try:
            interval = read_value(phrase, lang=lang, default_currency=default_currency)
            refused = None
        except UnreadableValue as e:
            interval, refused = None, e.reason
        kind = "money" if any(a.currency for a in group) else \
            "percent" if any(a.percent for a in group) else "number"
        scaled = any(a.exp is not None and a.exp != 0 for a in group)
        out.append(Quantity(start_c, end_c, phrase, kind, interval, refused, bare, scaled))
    return out


def _cue_start(items: list[Item], i: int, previous_ends: list[int]) -> int:
    """The first item of the phrase whose amount starts at items[i]: back over the cues and the
    glue words between them and the number, and over up to MAX_WORDS_BACK plain words when a
    cue stands before those words."""
    floor = max(previous_ends, default=0)
    begin, j, words = i, i - 1, 0
    while j >= floor:
        kind = items[j].kind
        if kind in _CUES:
            begin, words = j, 0
        elif kind in _GLUE:
            pass
        elif kind == WORD and words < MAX_WORDS_BACK:
            words += 1
        else:
            break
        j -= 1
    # glue words directly before the number stay ("de 41 milliards": "de" reads as nothing)
    return begin


def _cue_end(items: list[Item], end: int) -> int:
    """Past a bound or approximation cue written after the amount ("or more", "au moins")."""
    while end < len(items) and items[end].kind in (BOUND, APPROX) and items[end].data[1] in (POST, EITHER):
        end += 1
    return end


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the offset of the character of `text`
    it came from (folding may turn one character into two, or into none)."""
    parts, where = [], []
    for i, ch in enumerate(text):
        f = fold(ch)
        parts.append(f)
        where.extend([i] * len(f))
    folded = "".join(parts)
    if len(folded) != len(fold(text)):  # folding is per character; a guard, not a branch
        raise AssertionError("fold is not per character")
    return folded, where
