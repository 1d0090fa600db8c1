"""The compact `display` string of an interval: "$20–50B", "≤ $30B", "~11%", "1,200".

Every string printed here for a point, an approximate point, a closed range or a one-sided bound
reads back through `read_value` to the same interval (the property tests hold it to that), so a
user can paste a display into a claim file.
"""

from __future__ import annotations

from decimal import Decimal

from reconcile.core import Interval

# Symbols read back by the vocabulary; other currencies show their ISO code: "CHF 10B".
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "C$", "AUD": "A$", "HKD": "HK$"}
SCALES = ((12, "T"), (9, "B"), (6, "M"))
_EXP = {letter: exp for exp, letter in SCALES}
_POW = {exp: Decimal(10) ** exp for exp, _ in SCALES}
MAX_DECIMALS = 3
RANGE_DASH = "–"


def format_interval(interval: Interval) -> str:
    """The interval as a reader would write it.

    Exact "$41B"; approximate "~$830B" (the stated point), "nearly $10B", "just over $10B";
    ranges "$20–50B" (one scale when both ends share it) or "$500M–$1B"; one-sided "≤ $30B",
    "< $10B", "> $10B", "≥ $10B"; unbounded "any". Scales M, B, T are used from a million up
    when one of them needs at most three decimals; otherwise the digits are shown in full
    ("$1,234,567"), never rounded. Hedging is not shown; half-open ranges show as ranges (the
    JSON carries the inclusivity).
    """
    iv = interval
    if iv.label is not None:
        from reconcile.normalize.names import format_names

        return format_names(iv)
    low, high = iv.low, iv.high
    if low is None and high is None:
        return "any"
    if iv.approx and iv.point is not None:
        p = iv.point
        if low is not None and high is not None and low != high:
            toward_zero = high if p >= 0 else low
            away = low if p >= 0 else high
            if toward_zero == p:
                return "nearly " + _amount(p, iv)
            if away == p:
                return "just over " + _amount(p, iv)
        return "~" + _amount(p, iv)
    if low is None:
        return ("≤ " if iv.high_inclusive else "< ") + _amount(high, iv)
    if high is None:
        return ("≥ " if iv.low_inclusive else "> ") + _amount(low, iv)
    if low == high:
        return _amount(low, iv)
    return _range(low, high, iv)


def _range(low: Decimal, high: Decimal, iv: Interval) -> str:
    prefix, suffix = _affixes(iv)
    low_text, low_letter = _scaled(abs(low), iv)
    high_text, high_letter = _scaled(abs(high), iv)
    # The reader gives a scale-less end the other end's scale when that keeps the range in order
    # ("$20–50B"); where it would, and must not, the scale-less end is written in that scale.
    if high_letter and not low_letter and low <= high.scaleb(-_EXP[high_letter]):
        low_text, low_letter = _plain(abs(low).scaleb(-_EXP[high_letter])), high_letter
    elif low_letter and not high_letter and high >= low.scaleb(-_EXP[low_letter]):
        high_text, high_letter = _plain(abs(high).scaleb(-_EXP[low_letter])), low_letter
    if low >= 0 and low_letter == high_letter:
        return f"{prefix}{low_text}{RANGE_DASH}{high_text}{high_letter}{suffix}"
    low_shown = _signed(low, prefix, low_text + low_letter, suffix)
    high_shown = _signed(high, prefix, high_text + high_letter, suffix)
    # "$500M–$1B"; with a negative end, words: "-$5B to $3B" (a dash would read as a sign).
    return f"{low_shown}{RANGE_DASH if low >= 0 else ' to '}{high_shown}"


def _amount(value: Decimal, iv: Interval) -> str:
    prefix, suffix = _affixes(iv)
    text, letter = _scaled(abs(value), iv)
    return _signed(value, prefix, text + letter, suffix)


def _signed(value: Decimal, prefix: str, digits: str, suffix: str) -> str:
    if value >= 0:
        return f"{prefix}{digits}{suffix}"
    if prefix.endswith(" "):  # "CHF -5B": after a code, the sign goes with the digits
        return f"{prefix}-{digits}{suffix}"
    return f"-{prefix}{digits}{suffix}"  # "-$5B", "-5%"


def _affixes(iv: Interval) -> tuple[str, str]:
    if iv.unit == "percent":
        return "", "%"
    if iv.unit == "currency" and iv.currency:
        return SYMBOLS.get(iv.currency) or f"{iv.currency} ", ""
    return "", ""


def _scaled(value: Decimal, iv: Interval) -> tuple[str, str]:
    """The largest scale (M, B, T) that keeps the number at least 1 with at most three
    decimals; else the plain number with thousands separators ("1,200", "$1,234,567"). Never
    rounded: a display must read back to the same value."""
    if iv.unit != "percent" and value >= 1_000_000:
        for exp, letter in SCALES:
            if value >= _POW[exp]:
                q = value.scaleb(-exp)
                if _decimals(q) <= MAX_DECIMALS:
                    return _plain(q), letter
    return _plain(value), ""


def _decimals(q: Decimal) -> int:
    exponent = q.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _plain(q: Decimal) -> str:
    """Exact digits, thousands separated by commas, no exponent, no trailing zeros."""
    i = q.to_integral_value()
    return format(i if i == q else q.normalize(), ",f")
