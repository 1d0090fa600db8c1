"""From items to an Interval: find the amounts, set dates aside, pair a range, apply the cues.

The reading is deliberately literal. Where the text holds two amounts that do not form a range,
or cues that contradict each other, it refuses with a reason rather than pick one.
"""

from __future__ import annotations

from decimal import Decimal

from reconcile.core import Interval
from reconcile.errors import UnreadableValue
from reconcile.normalize import vocabulary as V
from reconcile.normalize.amounts import _AMOUNT_START, Amount, read_amount
from reconcile.normalize.checks import (
    NOT_A_VALUE,
    QUANTITY_KINDS,
    refuse_multiple_or_decline,
    spelled_decimal,
    stray,
    unaccounted,
    unnamed_unit,
)
from reconcile.normalize.lexer import (
    APPROX,
    ARTICLE,
    BOUND,
    CUR,
    DASH,
    DATE_WORDS,
    FILLER,
    HEDGE,
    JOIN,
    MONTHS,
    OPEN,
    PCT,
    REFUSAL,
    SCALE,
    TIME_UNITS,
    WORD,
    Item,
)
from reconcile.normalize.twosided import two_sided

# What may stand between a cue and its number: "dépasse largement les 10 milliards".
_SKIPPABLE = frozenset({WORD, FILLER, OPEN, HEDGE, ARTICLE})
_MAX_SKIPPED_WORDS = 3
_LOW_CUES = frozenset({V.GT, V.GE})
_OPENERS_AND = frozenset({"between", "entre"})
_OPENERS_TO = frozenset({"from", "de", "d'"})


def interval_of(folded: str, items: list[Item], lang: str, tolerance: Decimal, default_currency: str,
                yen_currency: str) -> Interval:
    """The interval the items allow, or UnreadableValue saying why there is none."""
    kinds = {it.kind for it in items}
    left: list[int] = []
    found = _amounts(items, lang, left)
    amounts = _set_dates_aside(items, found, REFUSAL in kinds)
    if not amounts:
        if REFUSAL in kinds:
            raise UnreadableValue(next(it.data for it in items if it.kind == REFUSAL))
        if kinds & {CUR, SCALE, PCT}:
            raise UnreadableValue("no number in the text (a unit or scale word without a number)")
        raise UnreadableValue("no number in the text")
    if left:
        unaccounted(items, left, found)
    if "point" in folded or "virgule" in folded:
        spelled_decimal(items)
    if kinds & NOT_A_VALUE:
        refuse_multiple_or_decline(items, kinds)
    hedged = (HEDGE in kinds or BOUND in kinds) and _hedged(items, found)
    if len(amounts) == 1:
        low = high = amounts[0]
        opener = items[low.start - 1].key if low.start else ""
        if opener in _OPENERS_AND:
            raise UnreadableValue(f"a range ({opener!r}) with one end: state both")
    elif len(amounts) == 2 and _forms_range(items, *amounts):
        low, high = amounts
        _share(low, high)
    elif len(amounts) == 2 and (two := two_sided(items, *amounts)) is not None:
        return _two_sided_interval(folded, items, found, two, hedged, default_currency, yen_currency)
    else:
        shown = " and ".join(repr(folded[items[a.start].start:items[a.end - 1].end]) for a in amounts)
        raise UnreadableValue(
            f"{len(amounts)} amounts ({shown}) that do not form a range: split it into "
            f"{'two' if len(amounts) == 2 else 'separate'} claims")
    bound, approx = _cues(items, found, low, high)
    # Only a number without currency or percent, or a text with "&", "#" or "№", can be a name,
    # a date, an identifier or an amount of an unknown unit.
    if low.currency is None and not low.percent or high.currency is None and not high.percent \
            or "&" in folded or "#" in folded or "№" in folded:
        used = [low] if low is high else [low, high]
        stray(folded, items, used, bound is not None or approx is not None)
        unnamed_unit(items, used)
    unit, currency = _unit(low, high, default_currency, yen_currency)
    if low is high:
        iv = _single(low, bound, approx, tolerance)
    else:
        if bound is not None:
            raise UnreadableValue(f"a bound cue ({bound[1]!r}) on a range: say which end it bounds")
        iv = _range(low, high, approx, tolerance)
    lo, hi, lo_inc, hi_inc, point, is_approx = iv
    return Interval(_clean(lo), _clean(hi), lo_inc, hi_inc, _clean(point), is_approx, hedged,
                    unit, currency)


def _amounts(items: list[Item], lang: str, left: list[int] | None = None) -> list[Amount]:
    """Every amount in the text, in order; `left` collects the quantity words outside them."""
    amounts: list[Amount] = []
    i, n = 0, len(items)
    while i < n:
        kind = items[i].kind
        if kind in _AMOUNT_START:
            a = read_amount(items, i, lang)
            if a is not None:
                amounts.append(a)
                i = a.end
                continue
        if left is not None and kind in QUANTITY_KINDS:
            left.append(i)
        i += 1
    return amounts


def _in_amount(amounts: list[Amount], i: int) -> bool:
    return any(a.start <= i < a.end for a in amounts)


def _set_dates_aside(items: list[Item], amounts: list[Amount], refused: bool) -> list[Amount]:
    """Years, days of a month, durations and spelled-out counts ("in 2025", "28 janvier", "over
    five years", "two people said") are not the value when another amount is: keep that one.

    A date word or a time unit next to the number sets it aside whenever another amount
    remains; a number that only looks like a year, or is spelled out before a word it counts
    ("two people"), only when another amount has a currency, a percent or a scale. Either way,
    not when it is the end of a range."""
    if len(amounts) < 2 and not refused:
        return amounts
    n = len(items)
    strong, weak = set(), set()
    for k, a in enumerate(amounts):
        if not a.bare:
            continue
        if (k and _forms_range(items, amounts[k - 1], a)) \
                or (k + 1 < len(amounts) and _forms_range(items, a, amounts[k + 1])):
            continue
        before = items[a.start - 1].key if a.start else ""
        after = items[a.end].key if a.end < n else ""
        if before in MONTHS or after in MONTHS or after in TIME_UNITS \
                or (before in DATE_WORDS and a.digits is not None):
            strong.add(k)
        elif (a.spelled and a.end < n and items[a.end].kind == WORD) \
                or (a.digits is not None and len(a.digits) == 4 and a.digits.isdigit()
                           and 1800 <= int(a.digits) <= 2100 and a.end - a.start == 1):
            weak.add(k)
    qualified = any(not a.bare for a in amounts)
    kept = [a for k, a in enumerate(amounts)
            if k not in strong and not (k in weak and qualified)]
    if refused and all(a.bare for a in kept):
        return []  # "N/A (2024)": the refusal stands
    if not kept and strong:
        raise UnreadableValue("only dates or durations, no amount")
    return kept or amounts  # "2025 or 2026" alone: those numbers are what the text says


def _hedged(items: list[Item], amounts: list[Amount]) -> bool:
    for i, it in enumerate(items):
        if it.kind == HEDGE:
            if it.key == "may" and (_in_amount(amounts, i - 1) or _in_amount(amounts, i + 1)
                                    or (i > 0 and items[i - 1].key in DATE_WORDS)):
                continue  # "May 2025", "28 May", "in May": the month
            return True
        if it.kind == BOUND and it.data[2]:  # "pourrait atteindre"
            return True
    return False


def _forms_range(items: list[Item], a: Amount, b: Amount) -> bool:
    """X–Y, X to Y, X à Y, between X and Y, entre X et Y, from X to Y, de X jusqu'à Y."""
    if b.start - a.end != 1:
        return False
    link = items[a.end]
    opener = items[a.start - 1].key if a.start else ""
    if link.kind == DASH or (link.kind == JOIN and link.key not in V.OPENER_ONLY_JOINERS):
        return True
    if link.kind == ARTICLE and link.key == "a":  # "à" once folded
        return True
    if link.kind == JOIN:
        return opener in _OPENERS_AND
    if link.kind == BOUND and link.data[0] == V.LE:
        return opener in _OPENERS_TO
    return False


def _two_sided_interval(folded, items, found, two, hedged, default_currency, yen_currency):
    low, low_cue, high, high_cue = two
    first, last = (low, high) if low.start < high.start else (high, low)
    if low.approx or high.approx or any(it.kind == APPROX for it in items):
        raise UnreadableValue("an approximate amount inside a two-sided bound: state the bounds")
    # The scale word at the end applies to both numbers when the first states none; a scale
    # stated first only ("no more than 3 billion and no less than 2") may or may not reach on.
    if first.exp is None and last.exp is not None and first.mantissa is not None:
        first.rescale(last.exp)
    elif first.exp is not None and last.exp is None:
        raise UnreadableValue("the second number of a two-sided bound has no scale and the first "
                              "has one: state it for both")
    _share(first, last)
    stray(folded, items, [first, last], True)
    unnamed_unit(items, [first, last])
    k = last.end  # no other cue after the last number: "... 3 billion or more"
    if k < len(items) and items[k].kind in (BOUND, APPROX):
        raise UnreadableValue(f"a cue ({items[k].key!r}) after a two-sided bound")
    lo, hi = low.low, high.high
    if lo > hi or (lo == hi and not (low_cue.data[0] == V.GE and high_cue.data[0] == V.LE)):
        raise UnreadableValue(f"contradictory bounds ({low_cue.key!r} {_clean(lo)} and "
                              f"{high_cue.key!r} {_clean(hi)}): no value satisfies both")
    unit, currency = _unit(low, high, default_currency, yen_currency)
    return Interval(_clean(lo), _clean(hi), low_cue.data[0] == V.GE, high_cue.data[0] == V.LE,
                    None, False, hedged, unit, currency)


def _share(low: Amount, high: Amount) -> None:
    """Ends of a range share what only one of them states: "$20–50 billion", "10-15 %"; a
    percentage never takes a scale ("de 5 % à 10 milliards" is two claims)."""
    if (low.percent and high.exp is not None) or (high.percent and low.exp is not None):
        raise UnreadableValue("the two ends of the range are in different units (a percentage "
                              "and a scaled amount): split it into two claims")
    if not (low.approx or high.approx):
        # Share the scale when the bare end reads below the other's mantissa: "20–50 billion",
        # but "$500 to $1 billion" stays literal (500 is more than 1).
        if low.exp is None and high.exp is not None and low.mantissa <= high.mantissa:
            low.rescale(high.exp)
        elif low.exp is not None and high.exp is not None and low.exp < high.exp \
                and low.point is not None and 0 <= low.point <= high.mantissa:
            low.mantissa = low.point  # "entre mille et mille deux cents millions"
            low.rescale(high.exp)
        elif high.exp is None and low.exp is not None and high.mantissa >= low.mantissa:
            high.rescale(low.exp)
    if low.currency is None and not low.percent:
        low.currency, low.percent = high.currency, high.percent
    elif high.currency is None and not high.percent:
        high.currency, high.percent = low.currency, low.percent
    elif V.DEFAULT_DOLLAR in (low.currency, high.currency):  # "$20bn to US$30bn"
        named = high.currency if low.currency == V.DEFAULT_DOLLAR else low.currency
        if named in V.DOLLARS:
            low.currency = high.currency = named
    if (low.currency, low.percent) != (high.currency, high.percent):
        what = lambda a: "percent" if a.percent else a.currency
        raise UnreadableValue(f"the two ends of the range are in different units "
                              f"({what(low)} and {what(high)}): split it into two claims")


def _cues(items: list[Item], amounts: list[Amount], low: Amount, high: Amount):
    """The bound and approximation cues that qualify the amount (or range): nearest first,
    before the (first) number, then after the (last), never reaching into another amount."""
    floor, ceiling = 0, len(items)
    if len(amounts) > 1:
        floor = max((a.end for a in amounts if a.end <= low.start), default=0)
        ceiling = min((a.start for a in amounts if a.start >= high.end), default=ceiling)
    bound = approx = None
    i, words = low.start - 1, 0
    while i >= floor:
        it = items[i]
        if it.kind == BOUND and it.data[1] != V.POST and bound is None:
            bound = (it.data[0], it.key)
        elif it.kind == APPROX and it.data[1] != V.POST and approx is None:
            approx = it.data[0]
        elif it.kind in _SKIPPABLE or it.kind == BOUND:
            words += it.kind == WORD
            if words > _MAX_SKIPPED_WORDS:
                break
        else:
            break
        i -= 1
    i, words = high.end, 0
    while i < ceiling:
        it = items[i]
        if it.kind == BOUND and it.data[1] != V.PRE:
            if bound is not None and bound[0] != it.data[0]:
                raise UnreadableValue(f"contradictory bounds ({bound[1]!r} and {it.key!r})")
            bound = (it.data[0], it.key)
        elif it.kind == APPROX and it.data[1] != V.PRE:
            approx = approx or it.data[0]
        elif it.kind in (DASH, FILLER, HEDGE) or (it.kind == WORD and words < 1):
            words += it.kind == WORD
        else:
            break
        i += 1
    return bound, approx


def _unit(low: Amount, high: Amount, default_currency: str, yen_currency: str):
    if low.percent:
        return "percent", None
    code = low.currency
    if code is None:
        return "number", None
    if code == V.DEFAULT_DOLLAR:
        code = default_currency
    elif code == V.YEN_SIGN:
        code = yen_currency
    return "currency", code


def _widen(value: Decimal, tolerance: Decimal) -> tuple[Decimal, Decimal]:
    """value·(1−tol) and value·(1+tol), lower first (a negative value turns them round)."""
    a, b = value - value * tolerance, value + value * tolerance
    return (a, b) if a <= b else (b, a)


def _single(a: Amount, bound, approx, tolerance: Decimal):
    lo, hi, hi_inc, point, is_approx = a.low, a.high, a.high_inclusive, a.point, a.approx
    if approx is not None or (a.approx and point is not None):
        is_approx = True
        if point is not None:
            below, above = _widen(point, tolerance)
            if approx == V.BELOW:  # "nearly X": [X·(1−tol), X] in magnitude
                lo, hi = (below, point) if point >= 0 else (point, above)
            elif approx == V.ABOVE:
                lo, hi = (point, above) if point >= 0 else (below, point)
            else:
                lo, hi = below, above
    lo_inc = True
    if bound is not None:
        kind = bound[0]
        point = None
        if kind in _LOW_CUES:
            hi, hi_inc, lo_inc = None, False, kind == V.GE
        else:
            lo, lo_inc, hi_inc = None, False, kind == V.LE
    return lo, hi, lo_inc, hi_inc, point, is_approx


def _range(low: Amount, high: Amount, approx, tolerance: Decimal):
    """The hull of both ends, each read as an interval: "from $50bn to $20bn" allows what
    "$20–50bn" does, and "une dizaine à une vingtaine" widens each end by the tolerance."""
    lo, hi, hi_inc = None, None, False
    for end in (low, high):
        e_lo, e_hi = end.low, end.high
        if end.approx and end.point is not None:
            e_lo, e_hi = _widen(end.point, tolerance)
        lo = e_lo if lo is None else min(lo, e_lo)
        if hi is None or e_hi > hi:
            hi, hi_inc = e_hi, end.high_inclusive
        elif e_hi == hi:
            hi_inc = hi_inc or end.high_inclusive
    is_approx = low.approx or high.approx
    if approx == V.AROUND:  # "about $20–30bn": widen both ends
        lo, hi, is_approx = _widen(lo, tolerance)[0], _widen(hi, tolerance)[1], True
    return lo, hi, True, hi_inc, None, is_approx


def _clean(d: Decimal | None) -> Decimal | None:
    """1500000000.0 → 1500000000, 9.90 → 9.9: one spelling per value, stored and compared."""
    if d is None:
        return None
    i = d.to_integral_value()
    return i if i == d else d.normalize()
