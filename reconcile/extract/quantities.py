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

import re
from dataclasses import dataclass
from decimal import Decimal

from reconcile.core import Interval
from reconcile.errors import UnreadableValue
from reconcile.normalize import read_value
from reconcile.normalize.amounts import _AMOUNT_START, read_amount
from reconcile.normalize.comparatives import EITHER, POST
from reconcile.normalize.lexer import (
    AND_HALF,
    APPROX,
    ARTICLE,
    BOUND,
    CUR,
    DASH,
    FILLER,
    FRACTION,
    HEDGE,
    HUNDRED,
    OPEN,
    PCT,
    SCALE,
    SCALED_CUR,
    WORD,
    Item,
    fold,
    items_of,
    tokens,
)
from reconcile.normalize.parse import _forms_range, _share

MAX_WORDS_BACK = 3  # plain words between a cue and its number: "dépasse largement les 10"
_CUES = frozenset({BOUND, APPROX, HEDGE})
_AMOUNT_PARTS = _AMOUNT_START | {SCALE, CUR, PCT, HUNDRED, FRACTION, AND_HALF, SCALED_CUR, DASH}
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
    # the numbers as stated, before any cue widens or bounds them: (920, 1730) for "about $920
    # to $1730"; an end that is itself vague ("des milliards") is left out
    stated: tuple[Decimal, ...] = ()


def find_quantities(text: str, lang: str = "en", *, default_currency: str = "USD"
                    ) -> list[Quantity]:
    """Every amount of `text`, in order, each with the cue words that belong to it."""
    folded, where = _fold_mapped(text)
    items = items_of(tokens(folded))
    found, failed = _amounts(items, lang)
    groups: list[list] = []
    for a in found:
        if groups and _forms_range(items, groups[-1][-1], a) \
                and _same_kind(groups[-1][-1], a) and not _change(items, groups[-1][0].start):
            groups[-1].append(a)
        else:
            groups.append([a])
    out = []
    for group in groups:
        first, last = group[0], group[-1]
        ends_before = [g[-1].end for g in groups if g[-1].end <= first.start]
        begin = _cue_start(items, first.start, ends_before)
        if len(group) > 1:  # a range keeps its opener: "between X and Y", "entre X et Y"
            while begin > 0 and items[begin - 1].kind == OPEN:
                begin -= 1
        end = _cue_end(items, last.end)
        start_c, end_c = where[items[begin].start], where[items[end - 1].end - 1] + 1
        start_c = _with_prefix(text, start_c, end_c, lang)
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
        if kind == "money" and _event_name(text, start_c, end_c):
            continue  # "Euro 2020" is a tournament
        if len(group) == 2 and interval is not None:
            try:
                _share(group[0], group[1])  # "from $10 to $15 billion": 10 billion
            except UnreadableValue:
                pass
        stated = tuple(a.point for a in group if a.point is not None)
        out.append(Quantity(start_c, end_c, phrase, kind, interval, refused, bare, scaled,
                            stated))
    for i, j, reason in failed:  # "moins 5 milliards": an amount that cannot be read at all
        s, e = where[items[i].start], where[items[j - 1].end - 1] + 1
        out.append(Quantity(s, e, text[s:e], "number", None, reason))
    return sorted(out, key=lambda q: q.start)


def _amounts(items: list[Item], lang: str) -> tuple[list, list[tuple[int, int, str]]]:
    """Every amount, as the normalize stage reads them, and the items where an amount could
    not be read with the reason; a sentence goes on after one ("Half the condos … from
    $800,000 to $1.3 million")."""
    amounts, failed = [], []
    i, n = 0, len(items)
    while i < n:
        if items[i].kind in _AMOUNT_START:
            try:
                a = read_amount(items, i, lang)
            except UnreadableValue as e:
                # the words the failed amount would have taken go with it: "moins 5 milliards"
                # is refused whole, never read as 5 milliards
                j = i + 1
                while j < n and items[j].kind in _AMOUNT_PARTS:
                    j += 1
                failed.append((i, j, e.reason))
                i = j
                continue
            if a is not None:
                amounts.append(a)
                i = a.end
                continue
        i += 1
    return amounts, failed


def _event_name(text: str, start: int, end: int) -> bool:
    """A capitalized currency word before a year, nothing else: "Euro 2020", "Euro 2024"."""
    return re.fullmatch(r"Euro (?:19|20)\d\d", text[start:end]) is not None


def _with_prefix(text: str, start: int, end: int, lang: str) -> int:
    """Take in the letters written apart before a dollar sign when they name it ("HK $3.7
    billion", "C $6"): the phrase then reads in that currency."""
    m = re.search(r"(?<![\w$])([A-Z]{1,3})\s$", text[max(0, start - 5):start])
    if not m or not text[start:end].startswith("$"):
        return start
    wider = start - len(m.group())
    try:
        if read_value(text[wider:end], lang=lang).currency not in (None, "USD") or m[1] == "US":
            return wider
    except UnreadableValue:
        pass
    return start


def _same_kind(a, b) -> bool:
    """Two ends of one range state the same kind of amount ("9.4 per cent to $84" is a change
    and a price, not a range); a bare end takes the other's unit ("20 to 50 billion")."""
    if a.bare:
        return True  # "5 to 7%", "entre 5 et 7 milliards"
    if b.bare:
        return False  # "gained 0.7 percent to 6,327.80": a change, then a level
    return a.percent == b.percent and (a.currency is None) == (b.currency is None)


def _change(items: list[Item], start: int) -> bool:
    """"increased by $43.6 billion to $419.2 billion": a change, then the new level."""
    return start > 0 and items[start - 1].key in ("by", "of")


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
    while end < len(items) and items[end].kind in (BOUND, APPROX) \
            and items[end].data[1] in (POST, EITHER):
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
