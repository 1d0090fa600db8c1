"""Amounts: one stated quantity each, read from the items where it starts.

"$30bn", "1,5 milliard d'euros", "half a billion", "deux cent cinquante millions", "several
billion", "une dizaine de milliards de dollars", "11,5 %": digits or number words, their scales,
their currency or percent sign. Cues (bounds, approximation) are not read here.
"""

from __future__ import annotations

from decimal import Decimal

from reconcile.errors import UnreadableValue
from reconcile.normalize import vocabulary as V
from reconcile.normalize.digits import number
from reconcile.normalize.lexer import (
    AND_HALF,
    ARTICLE,
    CARD,
    CUR,
    CURRENCY_LINKS,
    FRACTION,
    HUNDRED,
    JOIN,
    MINUS,
    NUM,
    PCT,
    ROUND,
    SCALE,
    SCALED_CUR,
    VAGUE,
    Item,
)

ONE = Decimal(1)
HALF = Decimal("0.5")
_POW10 = {e: Decimal(10) ** e for e in range(40)}


def _pow10(exp: int) -> Decimal:
    return _POW10.get(exp) or ONE.scaleb(exp)


class Amount:
    """One stated quantity: its own interval before cues, and what is attached to it."""

    __slots__ = (
        "approx",
        "currency",
        "digits",
        "end",
        "exp",
        "high",
        "high_inclusive",
        "low",
        "mantissa",
        "percent",
        "point",
        "spelled",
        "start",
    )

    def __init__(self, start: int):
        self.start = start
        self.end = start
        self.low = self.high = self.point = self.mantissa = None
        self.high_inclusive = True
        self.approx = False
        self.currency: str | None = None
        self.percent = False
        self.exp: int | None = None  # the scale applied to the mantissa, for range sharing
        self.digits: str | None = None  # the digits when the amount is one plain number
        self.spelled = False

    @property
    def bare(self) -> bool:
        """No currency, no percent, no scale: could be a year, a day, a count of years."""
        return self.currency is None and not self.percent and self.exp is None and not self.approx

    def set_exact(self, value: Decimal) -> None:
        self.low = self.high = self.point = value

    def rescale(self, exp: int) -> None:
        """Apply a scale shared from the other end of a range ("$20–50 billion")."""
        self.exp = exp
        self.set_exact(self.mantissa * _pow10(exp))


_AMOUNT_START = frozenset({NUM, CARD, ARTICLE, HUNDRED, FRACTION, VAGUE, ROUND, SCALE, CUR, MINUS,
                           PCT})
_MULTIPLIERS = frozenset({SCALE, HUNDRED, VAGUE})


def _scale_exp(data, lang: str) -> int:
    return data[1] if lang == "fr" else data[0]


def read_amount(items: list[Item], i: int, lang: str) -> Amount | None:
    """The amount starting at items[i], or None when none starts there."""
    n = len(items)
    a = Amount(i)
    j = i
    negative = False
    if items[j].kind == MINUS:
        negative = True
        j += 1
    first = items[j].kind if j < n else None
    if first == PCT:
        if j + 1 >= n or items[j + 1].key not in V.PERCENT_PREFIX_LINKS:
            return None
        a.percent = True  # "per cent of 35"
        j += 2
    elif first == CUR:
        if items[j].data[0] == V.AMBIGUOUS and (j + 1 >= n or items[j + 1].kind not in _AMOUNT_START):
            return None  # "Krone" alone is a name; with a number it is refused
        _set_currency(a, items[j].data)
        j += 1
        if j < n and items[j].kind == CUR:  # "AUD $40": the code names the sign
            _set_currency(a, items[j].data)
            j += 1
        if j < n and items[j].kind == MINUS and not negative:  # "CHF -5bn", "$-5bn"
            negative = True
            j += 1
    if j >= n:
        return None
    kind = items[j].kind
    if kind in (VAGUE, ROUND) or (kind == ARTICLE and j + 1 < n and items[j + 1].kind in (VAGUE, ROUND)) \
            or (kind == SCALE and items[j].data[3]):
        j = _read_vague(items, j, lang, a)
    else:
        j = _read_exact(items, j, lang, a)
    if j is None:
        return None
    j = _read_unit(items, j, lang, a)
    if negative:
        if a.approx and a.point is None:
            raise UnreadableValue("a minus sign before a vague quantity")
        if items[i].key == "moins" and not a.percent:
            # "moins 3 %" is a fall; "moins 5 milliards" may be "moins de 5 milliards" mistyped.
            raise UnreadableValue("'moins' before an amount that is not a percentage: a sign or "
                                  "'moins de' (less than)? Write '-5' or 'moins de 5'")
        a.low, a.high = -a.high, -a.low
        a.point = None if a.point is None else -a.point
        a.mantissa = None if a.mantissa is None else -a.mantissa
    a.end = j
    return a


def _read_vague(items: list[Item], j: int, lang: str, a: Amount) -> int | None:
    """Several billion, tens of billions, une dizaine de milliards, des milliards."""
    item = items[j]
    if item.kind == ARTICLE:
        j += 1
        item = items[j]
    if item.kind == SCALE:  # a plural scale alone: "des milliards"
        low, high, high_inclusive = V.PLURAL_SCALE_ALONE
        mult = _pow10(_scale_exp(item.data, lang))
    else:
        low, high, high_inclusive = (item.data, item.data, True) if item.kind == ROUND else item.data
        mult = ONE
    j += 1
    n = len(items)
    while j < n:
        kind = items[j].kind
        if kind == SCALE and not items[j].data[2]:
            mult *= _pow10(_scale_exp(items[j].data, lang))
        elif kind == HUNDRED:
            mult *= 100
        elif kind == VAGUE:  # "plusieurs dizaines": several tens
            mult *= items[j].data[0]
        elif items[j].key in CURRENCY_LINKS and j + 1 < n and items[j + 1].kind in _MULTIPLIERS:
            pass  # "tens of billions", "une dizaine de milliards"
        else:
            break
        j += 1
    a.approx = True
    a.exp = 0  # never bare, never shares a scale
    if item.kind == ROUND:
        a.point = item.data * mult
        a.low = a.high = a.point
    else:
        a.low, a.high, a.high_inclusive = low * mult, high * mult, high_inclusive
    return j


# What may continue a number: after these, the general reader below takes over.
_COMPOSING = frozenset({NUM, CARD, ARTICLE, HUNDRED, FRACTION, AND_HALF, SCALE, JOIN})


def _read_exact(items: list[Item], j: int, lang: str, a: Amount) -> int | None:
    """Digits and number words with their scales: "1,5 milliard", "two hundred million",
    "mille milliards", "un milliard et demi", "half a billion"."""
    n = len(items)
    item = items[j]
    if item.kind == NUM:  # the common shapes first: "30", "30 milliards"
        after = items[j + 1] if j + 1 < n else None
        if after is None or after.kind not in _COMPOSING or after.kind == JOIN:
            a.digits = item.data
            a.mantissa = number(item.data, lang)
            a.set_exact(a.mantissa)
            return j + 1
        if after.kind == SCALE and (j + 2 >= n or items[j + 2].kind not in _COMPOSING):
            a.digits = item.data
            a.mantissa = number(item.data, lang)
            a.exp = _scale_exp(after.data, lang)
            a.set_exact(a.mantissa * _pow10(a.exp))
            return j + 2
    return _compose(items, j, lang, a)


def _compose(items: list[Item], j: int, lang: str, a: Amount) -> int | None:
    """The general reader, for spelled and compound numbers."""
    n = len(items)
    total = Decimal(0)
    current: Decimal | None = None
    last_exp: int | None = None  # the last scale applied
    prev = None  # the kind of the previous item read
    fraction = None  # a fraction word read, which needs a scale after it
    start = j
    while j < n:
        item = items[j]
        kind = item.kind
        if kind == NUM:
            if current is not None or (last_exp is not None and not _smaller_scale_follows(items, j + 1, last_exp, lang)):
                break
            current = number(item.data, lang)
            if j == start:
                a.digits = item.data
        elif kind == CARD:
            value = item.data
            if current is None:
                # After a scale, spelled numbers go on only toward a smaller scale: "three
                # million two hundred thousand", "deux mille cinq cents", not "$5bn two years".
                after_k = items[j - 1].kind == SCALE and items[j - 1].data[2]  # "$5k two"
                if last_exp is not None and (last_exp != 3 or after_k) \
                        and not _smaller_scale_follows(items, j + 1, last_exp, lang):
                    break
                current = Decimal(value)
            elif prev == HUNDRED or prev == JOIN or (prev == CARD and current % 10 == 0 and value < 10 and current >= 20):
                current += value  # "two hundred fifty", "twenty-five", "vingt et un"
            elif prev == CARD and current == 4 and value == 20:
                current = Decimal(80)  # "quatre-vingt(s)"
            elif prev == CARD and current in (60, 80) and 10 <= value < 20:
                current += value  # "soixante-dix", "quatre-vingt-dix"
            elif prev == CARD and current % 100 in (10, 70, 90) and 7 <= value <= 9:
                current += value  # "dix-sept", "soixante-dix-huit", "quatre-vingt-dix-neuf"
            else:
                break
            a.spelled = True
        elif kind == ARTICLE:
            if lang == "fr" and item.key == "a":
                break  # French has no article "a": it is "à" folded
            if current is not None and (prev == JOIN or (item.key in ("un", "une") and (
                    prev == HUNDRED or (prev == CARD and current >= 20 and current % 10 == 0)))):
                current += 1  # "vingt et un", "quatre-vingt-un", "cent un"
            elif current is None and prev is None and j + 1 < n \
                    and items[j + 1].kind in (SCALE, HUNDRED, FRACTION) \
                    and not (items[j + 1].kind == SCALE and items[j + 1].data[2]):
                # Only at the start: after "mille", "à mille" is French "to a thousand".
                current = ONE  # "a billion", "un milliard", "a hundred"
            elif prev == FRACTION:
                pass  # "half a billion"
            else:
                break
            a.spelled = True
        elif kind == HUNDRED:
            if prev == NUM:
                break  # "50 cents" is not 5000
            current = (current if current is not None else ONE) * 100
            a.spelled = True
        elif kind == FRACTION:
            if prev == NUM:
                break  # "5 quarters" is a duration, not five fourths
            numerator, denominator = item.data
            current = (current if current is not None else ONE) * numerator / denominator
            fraction = item.key
            a.spelled = True
        elif kind == AND_HALF:
            if current is not None:
                current += HALF
            elif last_exp is not None and prev == SCALE:
                total += HALF * _pow10(last_exp)
            else:
                break
        elif kind == SCALE:
            exp = _scale_exp(item.data, lang)
            if item.data[2] and prev != NUM:
                break  # "m" or "t" alone is not a scale
            if current is not None and last_exp is not None and exp > last_exp:
                # A larger scale multiplies all that precedes it: "mille deux cents millions"
                # is 1,200 million, "two thousand five hundred million" 2,500 million.
                total = (total + current) * _pow10(exp)
                current = None
            elif current is not None:
                total += current * _pow10(exp)
                current = None
            elif prev == SCALE:  # "mille milliards", "thousand billion"
                total *= _pow10(exp)
            elif prev is None and exp == 3:  # "mille euros"; "billion" alone is no amount
                total = _pow10(exp)
            else:
                break
            last_exp = exp
        elif kind == JOIN and item.key in V.NUMBER_JOINERS:
            # "one hundred and fifty", "vingt et un": only between number words.
            # French joins with "et" only before "un" and "onze" ("vingt et un", "soixante et
            # onze"); English "and" only before what is below a hundred ("two hundred and
            # fifty"): "deux cents et trois cents", "two hundred and three hundred" are two.
            nxt = items[j + 1] if j + 1 < n else None
            after = items[j + 2] if j + 2 < n else None
            if nxt is None or prev not in (HUNDRED, SCALE, CARD) or nxt.kind not in (CARD, ARTICLE) \
                    or (prev == CARD and (item.key != "et" or nxt.key not in ("un", "une", "onze"))) \
                    or (item.key == "et" and nxt.key not in ("un", "une", "onze")) \
                    or (after is not None and after.kind == HUNDRED and item.key == "and"):
                break
        else:
            break
        prev = kind
        j += 1
    if prev is None or (current is None and total == 0 and prev not in (SCALE, NUM, CARD)):
        return None
    if prev == JOIN:
        j -= 1
    if fraction is not None and last_exp is None:
        if j - start == 1 and fraction not in V.LONE_FRACTIONS:
            return None  # "des tiers" (third parties), "last quarter": no amount
        shown = " ".join(it.key for it in items[start:j])
        raise UnreadableValue(f"a fraction ({shown!r}) of something unnamed: state the number or "
                              f"the percentage")
    value = total + (current if current is not None else 0)
    a.set_exact(value)
    a.exp = last_exp
    a.mantissa = value if last_exp is None else value / _pow10(last_exp)
    return j


def _smaller_scale_follows(items: list[Item], j: int, last_exp: int, lang: str) -> bool:
    """After "5 milliards", "500 millions" continues the amount; "20 milliards" starts another."""
    n = len(items)
    while j < n and items[j].kind in (NUM, CARD, HUNDRED, JOIN, ARTICLE):
        j += 1
    return j < n and items[j].kind == SCALE and _scale_exp(items[j].data, lang) < last_exp


def _read_unit(items: list[Item], j: int, lang: str, a: Amount) -> int:
    """What follows the number: "G$", "$", "dollars", "de dollars", "%", "pour cent"."""
    n = len(items)
    if j < n and items[j].kind == SCALED_CUR and a.digits is not None and a.exp is None:
        exp, code = items[j].data
        a.exp = exp
        a.mantissa = a.point
        a.set_exact(a.point * _pow10(exp))
        _set_currency(a, code)
        return j + 1
    if j < n and items[j].kind == CUR:
        _set_currency(a, items[j].data)
        j += 1
        if j < n and items[j].kind == CUR:  # "100 M$ CAD": the second names the first
            _set_currency(a, items[j].data)
            j += 1
        if j < n and items[j].kind == SCALE and a.exp is None and a.point is not None \
                and not items[j].data[3]:  # "40 USD million": the scale after the code
            a.exp = _scale_exp(items[j].data, lang)
            a.mantissa = a.point
            a.set_exact(a.point * _pow10(a.exp))
            j += 1
        if j < n and items[j].key in V.NUMBER_JOINERS:
            return _read_subunit(items, j, lang, a)
        return j
    if j + 1 < n and items[j].key in CURRENCY_LINKS and items[j + 1].kind == CUR \
            and items[j - 1].kind in (SCALE, VAGUE, ROUND, HUNDRED, AND_HALF):
        _set_currency(a, items[j + 1].data)
        return j + 2
    if j < n and items[j].kind == PCT and a.currency is None:
        a.percent = True
        return j + 1
    return j


def _read_subunit(items: list[Item], j: int, lang: str, a: Amount) -> int:
    """ "seven dollars and twenty cents": a count of hundredths added to a whole amount."""
    n = len(items)
    if a.exp is not None or a.point is None or j + 2 >= n or items[j].key not in V.NUMBER_JOINERS:
        return j
    k, cents = j + 1, Decimal(0)
    while k < n and items[k].kind in (NUM, CARD) and items[k].key not in V.SUBUNITS:
        value = number(items[k].data, lang) if items[k].kind == NUM else Decimal(items[k].data)
        if cents and (cents % 10 or value >= 10):
            return j
        cents += value
        k += 1
    if k == j + 1 or k >= n or items[k].key not in V.SUBUNITS or not 0 < cents < 100:
        return j
    a.mantissa = a.point + cents / 100 * (1 if a.point >= 0 else -1)
    a.set_exact(a.mantissa)
    return k + 1


def _set_currency(a: Amount, code: str) -> None:
    if code[0] == V.AMBIGUOUS:
        raise UnreadableValue(code[len(V.AMBIGUOUS):])
    if a.currency is None or (a.currency == V.DEFAULT_DOLLAR and code in V.DOLLARS):
        a.currency = code  # "US$30bn dollars": the named dollar wins over a bare one
    elif code != a.currency and not (code == V.DEFAULT_DOLLAR and a.currency in V.DOLLARS):
        raise UnreadableValue(f"two currencies for one amount ({a.currency} and {code})")
