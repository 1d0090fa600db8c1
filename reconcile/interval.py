"""Intervals of values a claim allows, and the set operations the later stages need."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

UNITS = ("currency", "percent", "number")


@dataclass(frozen=True, slots=True)
class Interval:
    """Values a text allows: bounds (None = unbounded), unit and how the text hedged.

    Bounds are Decimals so that 20 000 000 000 stays exactly that through storage.
    """

    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    point: Decimal | None = None
    approx: bool = False
    hedged: bool = False
    unit: str = "number"
    currency: str | None = None

    @classmethod
    def exact(cls, value: Decimal, **kw) -> Interval:
        """A single value: low == high == point, both inclusive."""
        return cls(low=value, high=value, point=value, **kw)

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low == self.high

    def is_empty(self) -> bool:
        if self.low is None or self.high is None:
            return False
        if self.low > self.high:
            return True
        return self.low == self.high and not (self.low_inclusive and self.high_inclusive)

    def contains(self, other: Interval) -> bool:
        """True when every value `other` allows is allowed by self."""
        return _low_le(self, other) and _high_ge(self, other)

    def overlaps(self, other: Interval) -> bool:
        return not _meet(self, other).is_empty()

    def intersect(self, other: Interval) -> Interval | None:
        """The values both allow, or None when they are disjoint."""
        met = _meet(self, other)
        return None if met.is_empty() else met

    def hull(self, other: Interval) -> Interval:
        """The smallest interval holding both."""
        low, low_inc = _outer_low(self, other)
        high, high_inc = _outer_high(self, other)
        return Interval(low, high, low_inc, high_inc, unit=self.unit, currency=self.currency)

    def comparable(self, other: Interval) -> bool:
        """Same unit and currency; a bare number is comparable with anything."""
        if self.unit == "number" or other.unit == "number":
            return True
        return self.unit == other.unit and self.currency == other.currency

    def bare(self) -> Interval:
        """The bounds alone, without point, approximation or hedging."""
        return Interval(self.low, self.high, self.low_inclusive, self.high_inclusive,
                        unit=self.unit, currency=self.currency)


def _low_le(a: Interval, b: Interval) -> bool:
    """a's lower bound is at or below b's."""
    if a.low is None:
        return True
    if b.low is None:
        return False
    if a.low != b.low:
        return a.low < b.low
    return a.low_inclusive or not b.low_inclusive


def _high_ge(a: Interval, b: Interval) -> bool:
    if a.high is None:
        return True
    if b.high is None:
        return False
    if a.high != b.high:
        return a.high > b.high
    return a.high_inclusive or not b.high_inclusive


def _meet(a: Interval, b: Interval) -> Interval:
    # The tighter lower bound is the one _low_le says is not below the other.
    low, low_inc = (b.low, b.low_inclusive) if _low_le(a, b) else (a.low, a.low_inclusive)
    high, high_inc = (b.high, b.high_inclusive) if _high_ge(a, b) else (a.high, a.high_inclusive)
    unit, currency = (a.unit, a.currency) if a.unit != "number" else (b.unit, b.currency)
    return Interval(low, high, low_inc, high_inc, unit=unit, currency=currency)


def _outer_low(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    return (a.low, a.low_inclusive) if _low_le(a, b) else (b.low, b.low_inclusive)


def _outer_high(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    return (a.high, a.high_inclusive) if _high_ge(a, b) else (b.high, b.high_inclusive)
