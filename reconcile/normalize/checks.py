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
from reconcile.normalize import vocabulary as V
from reconcile.normalize.amounts import Amount
from reconcile.normalize.lexer import (
    AND_HALF,
    CARD,
    CUR,
    CURRENCY_LINKS,
    DASH,
    DECLINE,
    FRACTION,
    HUNDRED,
    MINUS,
    MONTHS,
    MULTIPLE,
    NUM,
    PCT,
    ROUND,
    SCALE,
    SCALED_CUR,
    SEP,
    VAGUE,
    WORD,
    Item,
)

# What states a quantity or its unit, and must therefore be part of the reading.
QUANTITY_KINDS = frozenset({NUM, CARD, HUNDRED, ROUND, VAGUE, SCALE, SCALED_CUR, CUR, PCT,
                             AND_HALF, MINUS})
_WHAT = {NUM: "numbers", CARD: "number words", HUNDRED: "number words", ROUND: "number words",
         VAGUE: "number words", AND_HALF: "number words", SCALE: "scale words",
         SCALED_CUR: "currencies", CUR: "currencies", PCT: "percent words", MINUS: "signs"}
# A character reference of HTML or XML: "&#146;", "&#x2019;", "&amp;".
_ENTITY = re.compile(r"&#?[0-9a-z]+;")


def unaccounted(items: list[Item], outside: list[int], found: list[Amount]) -> None:
    """Refuse when a quantity word (at the `outside` indices) lies outside every amount found."""
    # A code restating the amount's currency ("10 milliards de dollars canadiens (CAD)") adds
    # nothing the reading lacks.
    stated = {a.currency for a in found}
    left = [items[k] for k in outside if not (items[k].kind == CUR and items[k].data in stated)]
    if left:
        what = _WHAT[left[0].kind]
        shown = ", ".join(repr(it.key) for it in left[:3])
        raise UnreadableValue(f"the text has {what} this reading does not use: {shown}")


def fraction_left(items: list[Item], found: list[Amount]) -> bool:
    return any(it.kind == FRACTION and not any(a.start <= k < a.end for a in found)
               for k, it in enumerate(items))


# Words after "de"/"of" that do not name what is counted: "d'ici 2030", "de la société".
_NOT_UNITS = frozenset(w for part in (V.FUNCTION_WORDS, V.DATE_WORDS) for words in part.values()
                       for w in words) | {"l", "ici", "plus", "moins"}


def unnamed_unit(items: list[Item], used: list[Amount]) -> None:
    """ "50 milliards de kwanzas": a million or more of a unit the lexicon does not know. Read as
    a plain number, a run would give it the attribute's unit (money in the default currency),
    so it is refused; a known currency word or code is read ("50 milliards de roubles")."""
    n = len(items)
    for a in used:
        k = a.end
        if a.currency is None and not a.percent and (a.exp or 0) >= 6 and k + 1 < n \
                and items[k].key in CURRENCY_LINKS and items[k + 1].kind == WORD \
                and items[k + 1].key.rstrip("'") not in _NOT_UNITS:
            raise UnreadableValue(f"an amount of {items[k + 1].key!r}, a unit this reader does not "
                                  f"know: if it is a currency, give its ISO code")


def spelled_decimal(items: list[Item]) -> None:
    """ "trois virgule cinq millions" is 3.5 million, not 3 and 5 million: refuse it."""
    for k in range(1, len(items) - 1):
        if items[k].key in V.DECIMAL_WORDS and items[k - 1].kind in (NUM, CARD) \
                and items[k + 1].kind in (NUM, CARD):
            shown = " ".join(it.key for it in items[k - 1:k + 2])
            raise UnreadableValue(f"a decimal spelled out ({shown!r}): write it in digits")


def stray(folded: str, items: list[Item], used: list[Amount], cued: bool) -> None:
    """Refuse a plain number that is part of a name, a date or an identifier."""
    marked = "&" in folded or "#" in folded or "№" in folded
    if not marked and not used[0].bare and not used[-1].bare:
        return  # the common case: an amount with its unit or scale, nothing to look into
    for a in used:
        first = items[a.start]
        if marked:
            entity = _ENTITY.search(folded, max(0, first.start - 8))
            if entity is not None and entity.start() <= first.start < entity.end():
                raise UnreadableValue(f"the number is part of a character reference "
                                      f"({entity.group()!r}), not a value")
            if first.kind == NUM and first.start and folded[first.start - 1] in "#№":
                raise UnreadableValue(f"a rank or an identifier "
                                      f"({folded[first.start - 1:first.end]!r}), not a value")
        if a.bare:
            month = _month_next_to(items, a)
            if month is not None:
                raise UnreadableValue(f"a date ({folded[month[0]:month[1]]!r}), not a value")
    if not all(a.bare for a in used):
        return
    for c in used:
        digits = items[c.start].key if c.end - c.start == 1 and items[c.start].kind == NUM else ""
        if digits.isdigit() and len(digits) > 1 and digits[0] == "0":
            raise UnreadableValue(f"a code or an identifier ({digits!r}): a quantity is not written "
                                  f"with a leading zero")
        if _isbn(digits):
            raise UnreadableValue(f"an ISBN ({digits!r}: ten or thirteen digits with a valid check "
                                  f"digit), not a value")
    a, b = used[0], used[-1]
    k = a.start - 1
    while k >= 0 and items[k].kind == SEP:
        k -= 1
    named = k >= 0 and items[k].kind == WORD  # "Boeing 737 max": a word names the number
    words = [it.key for it in items[:a.start] if it.kind == WORD]
    if named or (words and not cued):
        raise UnreadableValue(f"a plain number after words that do not make it a quantity "
                              f"({' '.join(words[-3:])!r}): a name, a date or an identifier, "
                              f"not a value")
    if b.end < len(items) and items[b.end].kind == DASH \
            and (b.end + 1 == len(items) or items[b.end + 1].kind == SEP):
        raise UnreadableValue(f"an open range ({folded[items[a.start].start:items[b.end].end]!r})"
                              f" with no other end")


def _isbn(digits: str) -> bool:
    """Ten digits whose weighted sum (10..1) is a multiple of 11, or thirteen starting 978/979
    whose alternating 1-3 sum is a multiple of 10: an ISBN, which no one writes as an amount."""
    if len(digits) == 10 and digits.isdigit():
        return sum((10 - k) * int(d) for k, d in enumerate(digits)) % 11 == 0
    if len(digits) == 13 and digits.isdigit() and digits[:3] in ("978", "979"):
        return sum((3 if k % 2 else 1) * int(d) for k, d in enumerate(digits)) % 10 == 0
    return False


def _month_next_to(items: list[Item], a: Amount):
    """(start, end) of "11-Dec", "Dec-11", "11/dec" or "28 janvier" around a bare number."""
    n = len(items)
    for k, step in ((a.end, 1), (a.start - 1, -1)):
        if 0 <= k < n and items[k].kind in (DASH, SEP) and items[k].key in ("-", "/"):
            k += step
        if 0 <= k < n and items[k].key in MONTHS:
            return (min(items[k].start, items[a.start].start),
                    max(items[k].end, items[a.end - 1].end))
    return None


NOT_A_VALUE = frozenset({MULTIPLE, DECLINE})


def refuse_multiple_or_decline(items: list[Item], kinds: set[str]) -> None:
    """A multiple ("twice", "trois fois") or a decline ("a 3 % drop") is not a value."""
    if MULTIPLE in kinds:
        word = next(it.key for it in items if it.kind == MULTIPLE)
        raise UnreadableValue(f"a multiple ({word!r}) of another quantity, not a value: state the "
                              f"amount itself")
    word = next(it.key for it in items if it.kind == DECLINE)
    raise UnreadableValue(f"{word!r} states a fall as a positive number; whether the value is "
                          f"negative depends on the attribute: give it with its sign")
