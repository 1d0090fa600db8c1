"""Verdicts: what a stored resolution says of a claim, on plain records.

The claim is an `Interval` C (the values it allows); the key is a resolution as the run's JSON
has it (`status`, `low`/`high` and their inclusive flags, `unit`, `currency`, `sources`, its
claims with their `source` and `trust`), its range K. The verdict:

- `disputed`: the key is an open `conflict`: the sources disagree and nothing settled it;
- `not_enough_info`: no key, a key with no usable claim (`unresolved`), or C and K in
  different units, or in currencies no rate converts between (the caller converts first);
- `contradicted`: C and K share no value: nothing the sources allow satisfies the claim;
- `supported`: every value the sources allow satisfies the claim (K ⊆ C), and the key is
  established — `agreed` (two or more independent sources), `reviewed` (a reviewer decided),
  or `settled` with two or more independent sources kept. A newsroom does not call a claim
  supported on one source's word;
- `plausible`: C and K overlap, but the claim is not established: K reaches outside C, or the
  key rests on one independent source (`single_source`, a `settled` key with one source kept),
  or on a mechanical choice between disagreeing sources (`picked`).

Nothing here knows the database, the CLI or how the claim was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from reconcile.core import CATEGORICAL, SET_ASIDE, Interval, interval_from_json
from reconcile.normalize import format_interval

VERDICTS = ("supported", "contradicted", "plausible", "disputed", "not_enough_info")
# Statuses that establish a key by themselves; `settled` does with two independent sources.
ESTABLISHED = ("agreed", "reviewed")
MIN_SOURCES = 2


@dataclass(frozen=True)
class Verdict:
    """A verdict and the one sentence that says why."""

    verdict: str
    reason: str


def not_enough_info(reason: str) -> Verdict:
    return Verdict("not_enough_info", reason)


def key_interval(resolution: Mapping[str, Any]) -> Interval | None:
    """K, the range of a resolution; for a name value, the name its kept claims agree on.
    None when the key has no range (an open conflict or no usable claim)."""
    unit = resolution.get("unit") or "number"
    if unit in CATEGORICAL:
        met: Interval | None = None
        for claim in kept_claims(resolution):
            iv = claim_interval(claim)
            met = iv if met is None else met.intersect(iv)
            if met is None:
                return None
        return met
    if resolution.get("low") is None and resolution.get("high") is None:
        return None
    return Interval(_number(resolution.get("low")), _number(resolution.get("high")),
                    bool(resolution.get("low_inclusive")), bool(resolution.get("high_inclusive")),
                    _number(resolution.get("point")), bool(resolution.get("approx")),
                    unit=unit, currency=resolution.get("currency"))


def kept_claims(resolution: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The claims the resolution kept (not rejected, not superseded)."""
    return [c for c in resolution.get("claims") or () if c.get("role") not in SET_ASIDE]


def sources(resolution: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The independent sources behind the key, each with its trust (the highest of its kept
    claims'), in the resolution's order."""
    trust: dict[str, float] = {}
    for c in kept_claims(resolution):
        name = c.get("source") or c.get("outlet")
        trust[name] = max(trust.get(name, 0.0), float(c.get("trust") or 0.0))
    names = list(resolution.get("sources") or trust)
    return [{"name": n, "trust": trust.get(n)} for n in names]


def established(resolution: Mapping[str, Any]) -> bool:
    """Whether the key's value stands on more than one source's word (or a reviewer's)."""
    status = resolution.get("status")
    if status in ESTABLISHED:
        return True
    return status == "settled" and len(resolution.get("sources") or ()) >= MIN_SOURCES


def judge(claim: Interval, resolution: Mapping[str, Any] | None) -> Verdict:
    """The verdict of a stored resolution on a claim already in the key's unit and currency."""
    if resolution is None:
        return not_enough_info("no key in the run for this claim")
    status = resolution.get("status")
    shown = resolution.get("display") or "?"
    if status == "conflict":
        return Verdict("disputed", f"the sources disagree on this key and nothing settled it "
                                   f"({shown})")
    if status == "unresolved":
        return not_enough_info("the key has no usable claim (unresolved)")
    key = key_interval(resolution)
    if key is None:
        return not_enough_info(f"the key has no range ({status})")
    if not same_unit(claim, key):
        return not_enough_info(f"the claim is in {unit_name(claim)}, the key in "
                               f"{unit_name(key)}")
    said = format_interval(claim)
    if not claim.overlaps(key):
        return Verdict("contradicted", f"{said} is outside {shown}, what the sources allow")
    if not claim.contains(key):
        return Verdict("plausible", f"{said} overlaps {shown}, but the sources also allow "
                                    f"values outside it")
    if established(resolution):
        return Verdict("supported", f"every value the sources allow ({shown}) is within {said}")
    why = ("one independent source" if status in ("single_source", "settled")
           else f"a key {status} among disagreeing sources")
    return Verdict("plausible", f"{shown} is within {said}, but it rests on {why}")


def same_unit(a: Interval, b: Interval) -> bool:
    """Same unit, and for money the same currency: a bare number is no amount of money."""
    return a.unit == b.unit and (a.unit != "currency" or a.currency == b.currency)


def unit_name(iv: Interval) -> str:
    return iv.currency if iv.unit == "currency" and iv.currency else iv.unit


def _number(x) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def claim_interval(claim: Mapping[str, Any]) -> Interval:
    """A stored claim's interval as its resolution used it (converted when it was)."""
    return interval_from_json((claim.get("conversion") or {}).get("interval")
                              or claim["interval"])
