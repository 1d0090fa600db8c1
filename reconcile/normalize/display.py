"""The compact `display` string of an interval: "$20–50B", "≤ $30B", "~11%", "1,200".

Every string printed here for a point, an approximate point, a closed range or a one-sided bound
reads back through `read_value` to the same interval (the property tests hold it to that), so a
user can paste a display into a claim file.
"""

from __future__ import annotations

from decimal import Decimal

from reconcile.interval import Interval

# Symbols read back by the vocabulary; other currencies show their ISO code: "CHF 10B".
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "C$", "AUD": "A$", "HKD": "HK$"}
SCALES = ((12, "T"), (9, "B"), (6, "M"))
MAX_DECIMALS = 3
RANGE_DASH = "–"


def format_interval(interval: Interval) -> str:
    """The interval as a reader would write it.

    Exact "$41B"; approximate "~$830B" (the stated point), "nearly $10B", "just over $10B";
    ranges "$20–50B" (one scale when both ends share it) or "$500M–$1B"; one-sided "≤ $30B",
    "< $10B", "> $10B", "≥ $10B"; unbounded "any". Scales M, B, T are used from a million up,
    with at most three decimals when one of them allows it. Hedging is not shown; half-open
    ranges show as ranges (the JSON carries the inclusivity).
    """
    iv = interval
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
    if low < 0 or high < 0:
        return f"{_amount(low, iv)} to {_amount(high, iv)}"
    prefix, suffix = _affixes(iv)
    high_text, letter = _scaled(high, iv)
    low_text, low_letter = _scaled(low, iv)
    if letter and low_letter != letter:
        exp = next(e for e, s in SCALES if s == letter)
        if low_letter or low > high.scaleb(-exp):
            # "$500M–$1B"; or "$500–$2B", which reads literally since 500 > 2.
            return f"{prefix}{low_text}{low_letter}{suffix}{RANGE_DASH}{prefix}{high_text}{letter}{suffix}"
        low_text = _plain(low.scaleb(-exp))  # "$0.0005–2B": the shared scale gives it back
    return f"{prefix}{low_text}{RANGE_DASH}{high_text}{letter}{suffix}"


def _amount(value: Decimal, iv: Interval) -> str:
    prefix, suffix = _affixes(iv)
    text, letter = _scaled(abs(value), iv)
    return f"{'-' if value < 0 else ''}{prefix}{text}{letter}{suffix}"


def _affixes(iv: Interval) -> tuple[str, str]:
    if iv.unit == "percent":
        return "", "%"
    if iv.unit == "currency" and iv.currency:
        return SYMBOLS.get(iv.currency) or f"{iv.currency} ", ""
    return "", ""


def _scaled(value: Decimal, iv: Interval) -> tuple[str, str]:
    """The largest scale that keeps the number at least 1, preferring one that needs at most
    three decimals; below a million, the plain number with thousands separators."""
    if iv.unit == "percent" or value < 1_000_000:
        return _plain(value), ""
    first = None
    for exp, letter in SCALES:
        if value >= Decimal(10) ** exp:
            q = value.scaleb(-exp)
            first = first or (q, letter)
            if _decimals(q) <= MAX_DECIMALS:
                return _plain(q), letter
    return _plain(first[0]), first[1]  # no scale is short: stay exact, "41.234567891B"


def _decimals(q: Decimal) -> int:
    exponent = q.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _plain(q: Decimal) -> str:
    """Exact digits, thousands separated by commas, no exponent, no trailing zeros."""
    i = q.to_integral_value()
    return format(i if i == q else q.normalize(), ",f")
