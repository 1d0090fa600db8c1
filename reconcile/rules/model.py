"""The rules a run resolves with: outlets' trust, attributes, units, resolution and matching.

Every default lives on these dataclasses, once; `builtin_rules()` (rules.load) is the rule set of
an empty rules directory. Each rule keeps the file and key that set it (`origin`), for `explain`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

STRATEGIES = ("intersect", "envelope", "most_trusted")
SUPERSEDE = ("same_origin", "never")
PICKS = ("never", "one")

LANGS = ("en", "fr")

YEN_CURRENCIES = ("JPY", "CNY")

BUILTIN = "built-in default"

TOP_KEYS = ("outlets", "default_trust", "attributes", "units", "resolution", "matching",
            "default_lang", "currency", "trust")

UNIT_NAMES = ("currency", "percent", "number", "category", "name_set")


@dataclass(frozen=True)
class OutletRule:
    """An outlet's trust and the other names it goes by."""

    name: str
    trust: float
    aliases: tuple[str, ...] = ()
    origin: str = ""  # "rules/outlets.yaml: outlets.Reuters"

@dataclass(frozen=True)
class ResolutionRule:
    """How the claims on one key are resolved (the default, or one attribute's)."""

    strategy: str = "intersect"
    min_trust: float = 0.3
    approx_tolerance: Decimal = Decimal("0.10")
    settle_margin: float = 0.2
    hedged_trust_factor: float = 1.0
    # same_origin: a later dated claim of an outlet replaces its earlier ones on a key; never
    supersede: str = "same_origin"
    # days after which a dated claim's trust halves, counted back from the key's newest dated
    # claim; None: no recency weighting
    recency_half_life: Decimal | None = None
    # one: a conflict settles on its best-supported consistent group (status `picked`), unless
    # the best two tie; never: a conflict stays open
    pick: str = "never"
    # field name -> "file: key.path" of the rule that set it, for `explain`
    origin: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

@dataclass(frozen=True)
class MatchingRules:
    """Fuzzy-match scores (0-100): accept at `threshold`, review from `review_threshold`."""

    threshold: float = 88.0
    review_threshold: float = 75.0
    margin: float = 5.0
    # a one-word name one letter off the only listed name that close is accepted from
    # this many letters on ("Uniliver"); 0: never
    typo_min_length: int = 8
    origin: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

@dataclass(frozen=True)
class TrustRules:
    """Learned trust (reconcile.trust): whether to learn each outlet's trust from the run's
    claims, how much the configured trust (the prior) weighs, and when to stop iterating."""

    learn: bool = False
    # the prior counts as this many claims of the outlet judged at its configured trust
    prior_weight: float = 5.0
    # how many false values a key has besides its true one (Accu's n): the vote of an outlet of
    # trust t is ln(n * t / (1 - t)), never below 0
    false_values: int = 3
    tolerance: float = 1e-6
    max_iterations: int = 100
    # detect outlets that repeat each other's values, mistakes included, and discount them
    copying: bool = True
    origin: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

def rule_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "origin")

def builtin(cls: type) -> Any:
    return cls(origin=dict.fromkeys(rule_fields(cls), BUILTIN))

def fold_name(name: str) -> str:
    """Lookup key of a name: case and spacing do not tell outlets or attributes apart."""
    return " ".join(name.split()).casefold()

@dataclass(frozen=True)
class Rules:
    """The merged rules of one directory; `Rules()` is the all-defaults rule set."""

    outlets: dict[str, OutletRule] = field(default_factory=dict)  # canonical name -> rule
    default_trust: float = 0.5
    # canonical and alias (folded) -> canonical
    attributes: dict[str, str] = field(default_factory=dict)
    # "default" and per-attribute (already merged with default)
    resolution: dict[str, ResolutionRule] = field(
        default_factory=lambda: {"default": builtin(ResolutionRule)})
    matching: MatchingRules = field(default_factory=lambda: builtin(MatchingRules))
    trust: TrustRules = field(default_factory=lambda: builtin(TrustRules))
    default_lang: str | None = None
    default_currency: str = "USD"
    yen_currency: str = "JPY"  # what a bare ¥ means
    # Conversion of a key's claims into one currency (reconcile.exchange): whether to convert,
    # how far converted bounds widen, the date for undated claims, where rates come from, and
    # rates the rules pin ("EUR/USD" -> ((ISO date or None for any day, rate, origin), …)).
    convert: bool = True
    conversion_tolerance: Decimal = Decimal("0.02")
    rate_date: str | None = None
    rate_source: str = "ECB"
    rates: dict[str, tuple[tuple[str | None, Decimal, str], ...]] = field(default_factory=dict)
    # canonical attribute -> (unit, currency or None, origin): what a bare amount of it means
    units: dict[str, tuple[str, str | None, str]] = field(default_factory=dict)
    # attributes whose declared unit is `signed …`: a negative value is a reading, not an error
    signed: frozenset[str] = frozenset()
    files: tuple[str, ...] = ()
    sha256: str = hashlib.sha256().hexdigest()
    # "default_trust", "default_lang", "default_currency", "yen_currency" -> "file: key"
    origin: dict[str, str] = field(default_factory=dict, compare=False)
    # folded outlet name or alias -> canonical name; derived from `outlets`
    outlet_keys: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = {}
        for rule in self.outlets.values():
            for name in (rule.name, *rule.aliases):
                keys.setdefault(fold_name(name), rule.name)
        object.__setattr__(self, "outlet_keys", keys)

    def outlet(self, name: str) -> OutletRule:
        """The rule of an outlet by name or alias, any case; unknown outlets get default_trust."""
        canonical = self.outlet_keys.get(fold_name(name))
        if canonical is not None:
            return self.outlets[canonical]
        return OutletRule(name.strip(), self.default_trust,
                          origin=self.origin.get("default_trust", BUILTIN))

    def canonical_attribute(self, name: str) -> str:
        """The canonical attribute for a name or alias; an unknown name comes back folded."""
        key = fold_name(name)
        return self.attributes.get(key, key)

    def unit_of(self, attribute: str) -> tuple[str, str | None, str] | None:
        """The declared unit of an attribute: (unit, currency, origin), or None when undeclared.

        "investment: currency" means a bare "50 milliards" of an investment is money in the
        default currency; an ISO code ("EUR") names the currency itself.
        """
        declared = self.units.get(self.canonical_attribute(attribute))
        if declared is None:
            return None
        unit, currency, origin = declared
        if unit == "currency" and currency is None:
            currency = self.default_currency
        return unit, currency, origin

    def refuses_negative(self, attribute: str) -> str | None:
        """The origin of the `units` rule that makes a negative value of `attribute` unreadable,
        or None when a negative value may stand (a signed unit, or no unit declared)."""
        canonical = self.canonical_attribute(attribute)
        declared = self.units.get(canonical)
        if declared is None or canonical in self.signed:
            return None
        return declared[2]

    def resolution_for(self, attribute: str) -> ResolutionRule:
        """The resolution rule of an attribute (name or alias), else the default."""
        return self.resolution.get(self.canonical_attribute(attribute), self.resolution["default"])
