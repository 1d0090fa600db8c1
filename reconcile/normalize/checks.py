"""Checks a reading must pass before it is accepted: never silently wrong.

- `unaccounted`: every number, number word, scale, currency and percent word of the text is
  part of an amount the reading found (used, or set aside as a date). A word the reading left
  over means the text says something the reading does not: refuse rather than drop it.
- `stray`: a plain number (no unit, scale, cue) embedded in words that are not a quantity
  phrase is a name, a date or an identifier ("Li, Qing, 1971-", "isbn 1558607137", "11-Dec",
  "D&#146;Hers"), decided from what surrounds the number, not from the number.
"""

from __future__ import annotations

import re

from reconcile.errors import UnreadableValue
from reconcile.normalize.amounts import Amount
from reconcile.normalize.lexer import (AND_HALF, CARD, CUR, DASH, FRACTION, HUNDRED, MONTHS,
                                       NUM, PCT, ROUND, SCALE, SCALED_CUR, SEP, VAGUE, WORD, Item)

# What states a quantity or its unit, and must therefore be part of the reading.
_QUANTITY_KINDS = frozenset({NUM, CARD, HUNDRED, ROUND, VAGUE, SCALE, SCALED_CUR, CUR, PCT,
                             AND_HALF})
_WHAT = {NUM: "numbers", CARD: "number words", HUNDRED: "number words", ROUND: "number words",
         VAGUE: "number words", AND_HALF: "number words", SCALE: "scale words",
         SCALED_CUR: "currencies", CUR: "currencies", PCT: "percent words"}
# A character reference of HTML or XML: "&#146;", "&#x2019;", "&amp;".
_ENTITY = re.compile(r"&#?[0-9a-z]+;")


def unaccounted(items: list[Item], found: list[Amount]) -> None:
    """Refuse when a quantity word lies outside every amount found."""
    covered = bytearray(len(items))
    for a in found:
        covered[a.start:a.end] = b"\x01" * (a.end - a.start)
    # A code restating the amount's currency ("10 milliards de dollars canadiens (CAD)") adds
    # nothing the reading lacks.
    stated = {a.currency for a in found}
    left = [it for k, it in enumerate(items) if not covered[k] and it.kind in _QUANTITY_KINDS
            and not (it.kind == CUR and it.data in stated)]
    if left:
        what = _WHAT[left[0].kind]
        shown = ", ".join(repr(it.key) for it in left[:3])
        raise UnreadableValue(f"the text has {what} this reading does not use: {shown}")


def fraction_left(items: list[Item], found: list[Amount]) -> bool:
    return any(it.kind == FRACTION and not any(a.start <= k < a.end for a in found)
               for k, it in enumerate(items))


def stray(folded: str, items: list[Item], used: list[Amount], cued: bool) -> None:
    """Refuse a plain number that is part of a name, a date or an identifier."""
    for a in used:
        first, last = items[a.start], items[a.end - 1]
        entity = _ENTITY.search(folded, max(0, first.start - 8))
        if entity is not None and entity.start() <= first.start < entity.end():
            raise UnreadableValue(f"the number is part of a character reference "
                                  f"({entity.group()!r}), not a value")
        month = _month_next_to(items, a)
        if month is not None:
            raise UnreadableValue(f"a date ({folded[month[0]:month[1]]!r}), not a value")
    if cued or not all(a.bare for a in used):
        return
    a, b = used[0], used[-1]
    words = [it.key for it in items[:a.start] if it.kind == WORD]
    if words:
        raise UnreadableValue(f"a plain number after words that do not make it a quantity "
                              f"({' '.join(words[-3:])!r}): a name, a date or an identifier, "
                              f"not a value")
    if b.end < len(items) and items[b.end].kind == DASH \
            and (b.end + 1 == len(items) or items[b.end + 1].kind == SEP):
        raise UnreadableValue(f"an open range ({folded[items[a.start].start:items[b.end].end]!r})"
                              f" with no other end")


def _month_next_to(items: list[Item], a: Amount):
    """(start, end) of "11-Dec", "Dec-11", "11/dec" or "28 janvier" around a bare number."""
    if not a.bare:
        return None
    n = len(items)
    for k, step in ((a.end, 1), (a.start - 1, -1)):
        if 0 <= k < n and items[k].kind in (DASH, SEP) and items[k].key in ("-", "/"):
            k += step
        if 0 <= k < n and items[k].key in MONTHS:
            return (min(items[k].start, items[a.start].start),
                    max(items[k].end, items[a.end - 1].end))
    return None
