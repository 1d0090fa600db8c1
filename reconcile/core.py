"""The plain records every stage shares: what a claim says, who it is about, what it allows.

`Claim` and `Entity` are what ingest reads; `Interval` is what normalize makes of a value; `Key`
is what a resolution is about and `Evidence` a readable, matched claim on a key. They hold data
only: no stage, the store or a report needs more than these to talk to another.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Mapping, NamedTuple

REQUIRED = ("outlet", "subject", "attribute", "value")
CONTENT_FIELDS = REQUIRED + ("object", "via", "lang", "published", "as_of", "url", "quote")
# A resolution's status, as the contract lists them.
STATUSES = ("agreed", "single_source", "settled", "conflict", "unresolved", "picked", "reviewed")
# Roles of claims a resolution set aside: they take no part in its range.
SET_ASIDE = ("rejected", "superseded")
# Statuses whose claims were inconsistent: their conflict graph is worth drawing.
CONFLICTING = ("conflict", "settled", "picked")


@dataclass(frozen=True, slots=True)
class Claim:
    """One outlet's statement of one value about one subject, as read from a file.

    `raw` gives back the record as read; only what the fields do not reproduce is kept
    (`extra`: unknown fields, values that were not plain strings or carried blanks), so a
    million claims do not each keep a second dict of their own fields.
    """

    id: str
    outlet: str
    subject: str
    attribute: str
    value: str
    object: str | None = None
    via: str | None = None
    lang: str | None = None
    published: str | None = None  # ISO date, validated
    as_of: str | None = None  # ISO date or period (YYYY, YYYY-MM, YYYY-MM-DD), validated
    url: str | None = None
    quote: str | None = None
    file: str = ""
    line: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    content_sha: str = field(default="", compare=False, hash=False)  # content_id of the content
    named: bool = field(default=True, compare=False, hash=False)  # the record gave its id

    def content(self) -> dict[str, str | None]:
        """The content fields (what `content_id` hashes), as a dict."""
        return {name: getattr(self, name) for name in CONTENT_FIELDS}

    @property
    def raw(self) -> dict[str, Any]:
        """The record as read: its fields, with the values as written."""
        out: dict[str, Any] = {"id": self.id} if self.named else {}
        for name in CONTENT_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class Entity:
    """A canonical entity from the seeds: slug id, display name, aliases (names and tickers)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    type: str | None = None


class Key(NamedTuple):
    """What a resolution is about: (subject entity, attribute, object entity, as_of)."""

    subject_id: str
    attribute: str
    object_id: str | None
    as_of: str | None

    @property
    def text(self) -> str:
        """A readable, unique form: `amazon/investment/openai`, `softbank/stake/openai@2025-12`."""
        base = "/".join(p for p in (self.subject_id, self.attribute, self.object_id) if p)
        return f"{base}@{self.as_of}" if self.as_of else base

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.subject_id, self.attribute, self.object_id or "", self.as_of or "")

    @classmethod
    def from_text(cls, text: str) -> "Key":
        """The key whose `text` this is; ValueError when it is not one."""
        base, _, as_of = text.partition("@")
        parts = base.split("/")
        if len(parts) not in (2, 3) or not all(parts) or (_ and not as_of):
            raise ValueError(f"{text!r} is not a key (subject/attribute[/object][@as_of])")
        return cls(parts[0], parts[1], parts[2] if len(parts) == 3 else None, as_of or None)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A readable, matched claim on one key: the unit of the graph and of resolution."""

    claim_id: str
    key: Key
    outlet: str  # canonical outlet, the claim's origin
    via: str | None  # the relay it was read through, if any
    trust: float
    interval: Interval
    value: str  # as written, so reasons can quote it
    # When the claim was published, and where it stands in the run's files (file rank, line):
    # a later dated claim of the same origin may supersede it (resolve), and an outlet's last
    # claim on a key is its vote when trust is learned (reconcile.trust).
    published: str | None = None
    order: int = 0

    @property
    def source(self) -> str:
        """The independent source: relays and repeats of one origin outlet are one source."""
        return self.outlet



def interval_from_json(iv: Mapping[str, Any]) -> Interval:
    """An interval as the run's JSON writes it (`low`, `high`, flags, unit, currency, label):
    numbers exact, whatever JSON type they were read as."""
    number = lambda x: None if x is None else Decimal(str(x))  # noqa: E731
    return Interval(number(iv["low"]), number(iv["high"]), iv["low_inclusive"],
                    iv["high_inclusive"], number(iv["point"]), iv["approx"], iv["hedged"],
                    iv["unit"] or "number", iv["currency"], iv.get("label"))

UNITS = ("currency", "percent", "number")
# Units whose values are names, not amounts (reconcile.normalize.names): an interval of one of
# them has no bounds and a `label`, its canonical form.
CATEGORY, NAME_SET = "category", "name_set"
CATEGORICAL = (CATEGORY, NAME_SET)


@dataclass(frozen=True, slots=True)
class Interval:
    """Values a text allows: bounds (None = unbounded), unit and how the text hedged.

    Bounds are Decimals so that 20 000 000 000 stays exactly that through storage. A name
    value (unit `category` or `name_set`) has no bounds but a `label`; an open name set
    ("Knuth et al.", `approx`) allows every set that holds its names and at least one more.
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
    label: str | None = None

    @classmethod
    def exact(cls, value: Decimal, **kw) -> Interval:
        """A single value: low == high == point, both inclusive."""
        return cls(low=value, high=value, point=value, **kw)

    @property
    def is_point(self) -> bool:
        if self.label is not None:
            return not self.approx
        return self.low is not None and self.low == self.high

    def is_empty(self) -> bool:
        if self.label is not None:
            return False
        if self.low is None or self.high is None:
            return False
        if self.low > self.high:
            return True
        return self.low == self.high and not (self.low_inclusive and self.high_inclusive)

    def contains(self, other: Interval) -> bool:
        """True when every value `other` allows is allowed by self."""
        if self.label is not None or other.label is not None:
            return _names_contain(self, other)
        return _low_le(self, other) and _high_ge(self, other)

    def overlaps(self, other: Interval) -> bool:
        if self.label is not None or other.label is not None:
            return _names_meet(self, other) is not None
        return not _meet(self, other).is_empty()

    def intersect(self, other: Interval) -> Interval | None:
        """The values both allow, or None when they are disjoint."""
        if self.label is not None or other.label is not None:
            return _names_meet(self, other)
        met = _meet(self, other)
        return None if met.is_empty() else met

    def hull(self, other: Interval) -> Interval:
        """The smallest interval holding both (two different names: any name)."""
        if self.label is not None or other.label is not None:
            same = self.label == other.label and self.approx == other.approx
            return self.bare() if same else Interval(None, None, unit=self.unit)
        low, low_inc = _outer_low(self, other)
        high, high_inc = _outer_high(self, other)
        return Interval(low, high, low_inc, high_inc, unit=self.unit, currency=self.currency)

    def comparable(self, other: Interval) -> bool:
        """Same unit and currency; a bare number is comparable with anything."""
        if self.unit == "number" or other.unit == "number":
            return True
        return self.unit == other.unit and self.currency == other.currency

    def bare(self) -> Interval:
        """The bounds alone, without point, approximation or hedging (an open name set
        stays open: that is its value, not a hedge)."""
        if self.label is not None:
            return Interval(None, None, approx=self.approx, unit=self.unit, label=self.label)
        return Interval(self.low, self.high, self.low_inclusive, self.high_inclusive,
                        unit=self.unit, currency=self.currency)


def _names(iv: Interval) -> frozenset[str]:
    return frozenset(iv.label.split("; ")) if iv.label else frozenset()


def _names_meet(a: Interval, b: Interval) -> Interval | None:
    """The name values both allow: one name or set, or an open set's narrowing."""
    if a.label is None or b.label is None or a.unit != b.unit:
        return None
    if not a.approx and not b.approx:
        return a.bare() if a.label == b.label else None
    if a.approx and b.approx:
        union = sorted(_names(a) | _names(b))
        return Interval(None, None, approx=True, unit=a.unit, label="; ".join(union))
    shut, open_ = (b, a) if a.approx else (a, b)
    return shut.bare() if _names(open_) < _names(shut) else None


def _names_contain(a: Interval, b: Interval) -> bool:
    if a.label is None or b.label is None or a.unit != b.unit:
        return False
    if not a.approx:
        return not b.approx and a.label == b.label
    return _names(a) < _names(b) or (b.approx and _names(a) <= _names(b))


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


def period_end(as_of: str) -> date:
    """The last day of an `as_of` period: 2025 → 12-31, 2025-12 → 12-31, 2025-Q1 → 03-31."""
    if "-Q" in as_of:
        year, quarter = int(as_of[:4]), int(as_of[-1])
        month = quarter * 3
        return date(year, month, calendar.monthrange(year, month)[1])
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], 12, 31)
