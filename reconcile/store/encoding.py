"""The contract's JSON of each resolution, encoded once: when it is computed.

A run's `resolutions` list is what CI keeps (`run_results.json`) and what `explain --json`
shows. It never changes once a resolution is made, and encoding a million claims is the
costliest thing a report does, so `store.write` keeps each resolution's object as text
(`resolution_payloads`). A run's JSON — an incremental run's too, which carries most
resolutions forward — is then a concatenation of stored texts, and reading a run back for its
report builds no claim objects at all.

The text is exactly what `encode` makes of the same object, parsed back (tested), so a
resolution re-encoded from a parsed fragment (an old claim in a key an incremental run
resolves again) is byte for byte what encoding it fresh gives. msgspec builds and encodes it in
C, in a third of the time the standard library's encoder and hand-joined text took; its text is
compact (`{"id":"c1","line":3}`), and the values are those the earlier encoder wrote.

It is stored compressed (`pack`, `unpack`): a million claims make a gigabyte of JSON, whose
field names and outlets repeat claim after claim; zstd keeps about a fifth of it, at a few
nanoseconds a byte each way (twice as fast as zlib, and smaller), so the database writes,
checkpoints and reads back five times less.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from operator import attrgetter
from typing import Any

import msgspec
import zstandard

from reconcile.core import Claim, Interval, Key
from reconcile.exchange import Conversion
from reconcile.match import Match
from reconcile.normalize import format_interval
from reconcile.resolve import Candidate, ClaimRole, Resolution
from reconcile.trust import TrustModel

# Compact (no spaces after separators), UTF-8 as it is; floats in their shortest round-trip
# form. No Decimal reaches it (`json_number` makes each an int or a float); were one to, it
# would still be a JSON number, not msgspec's default string.
_encode = msgspec.json.Encoder(decimal_format="number").encode
_Raw = msgspec.Raw
_NULL = _Raw(b"null")


def encode(value: Any) -> str:
    """JSON text of `value` as stored resolutions are written: compact, UTF-8 as it is."""
    return _encode(value).decode()

# The order of a claim's fields; role, trust, reason and source are the resolution's verdict
# on it, the rest is the claim as read, matched and normalized.
CLAIM_FIELDS = ("id", "outlet", "via", "value", "role", "trust", "reason", "source", "file",
                "line", "as_of", "published", "interval", "display", "subject_match",
                "object_match", "url", "quote")


# zstd's default level: as fast as level 1 on this JSON and a little smaller.
_pack = zstandard.ZstdCompressor(level=3).compress
_unpack = zstandard.ZstdDecompressor().decompress


class Encoded(str):
    """JSON text already encoded (a stored resolution): written as it is."""

    __slots__ = ()


def pack(text: str | bytes) -> bytes:
    """A resolution's JSON as stored: its UTF-8, zstd-compressed (one frame, size included)."""
    return _pack(text if type(text) is bytes else text.encode())


def unpack(blob: bytes) -> str:
    """The JSON text of a stored resolution (`pack` undone)."""
    return _unpack(blob).decode()


def json_number(value: Decimal | None):
    """A Decimal as a plain JSON number: an int when whole, so 20e9 prints as 20000000000."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def interval_json(iv: Interval) -> dict[str, Any]:
    """An interval as the contract's JSON fields (numbers in base units)."""
    out = {"low": json_number(iv.low), "high": json_number(iv.high),
           "low_inclusive": iv.low_inclusive, "high_inclusive": iv.high_inclusive,
           "point": json_number(iv.point), "approx": iv.approx, "hedged": iv.hedged,
           "unit": iv.unit, "currency": iv.currency}
    if iv.label is not None:  # a name value (unit category or name_set): its canonical form
        out["label"] = iv.label
    return out


def match_json(m: Match | None) -> dict[str, Any] | None:
    """How a claim's mention was matched, as its JSON shows it."""
    if m is None:
        return None
    return {"mention": m.input, "entity_id": m.entity_id, "method": m.method,
            "score": float(m.score)}


def conversion_json(c: Conversion) -> dict[str, Any]:
    """How a claim's money was converted into its key's currency, as its JSON shows it."""
    shown = (f"{format_interval(c.original)} ≈ {format_interval(c.converted)} "
             f"({c.source} {c.rate_date}, {c.rate})")
    return {"interval": interval_json(c.converted), "display": format_interval(c.converted),
            "rate": json_number(c.rate), "rate_date": c.rate_date, "source": c.source,
            "tolerance": json_number(c.tolerance), "text": shown}


def resolution_object(key: Key, names: Mapping[str, str], status: str, bounds: tuple,
                      unit: str | None, currency: str | None, display: str, strategy: str,
                      confidence: float, sources: list[str], rules: dict[str, str]
                      ) -> dict[str, Any]:
    """A resolution's fields before its claims, in the contract's order, from a live
    resolution (`resolution_head`) or from its stored row (`store.runs`) alike.

    `bounds` is (low, high, low_inclusive, high_inclusive, point, approx) as JSON values.
    """
    low, high, low_inclusive, high_inclusive, point, approx = bounds
    return {
        "subject_id": key.subject_id, "subject": names.get(key.subject_id, key.subject_id),
        "attribute": key.attribute,
        "object_id": key.object_id, "object": names.get(key.object_id) if key.object_id else None,
        "as_of": key.as_of, "status": status,
        "low": low, "high": high, "low_inclusive": low_inclusive, "high_inclusive": high_inclusive,
        "point": point, "approx": approx,
        "unit": unit, "currency": currency, "display": display,
        "strategy": strategy, "confidence": confidence, "sources": sources, "rules": rules,
    }


def claim_object(claim_id: str, outlet: str, via: str | None, value: str, role: str, trust: float,
                 reason: str, source: str, file: str, line: int, as_of: str | None,
                 published: str | None, shown: tuple[dict[str, Any], str],
                 subject_match: dict[str, Any] | None, object_match: dict[str, Any] | None,
                 url: str | None, quote: str | None) -> dict[str, Any]:
    """A claim as a resolution's JSON shows it (`CLAIM_FIELDS`, in order), read back from its
    rows; `shown` is its interval's JSON and display. `ResolutionEncoder` writes the same
    object straight as text."""
    return {"id": claim_id, "outlet": outlet, "via": via, "value": value, "role": role,
            "trust": trust, "reason": reason, "source": source, "file": file, "line": line,
            "as_of": as_of, "published": published, "interval": shown[0], "display": shown[1],
            "subject_match": subject_match, "object_match": object_match, "url": url,
            "quote": quote}


def resolution_head(res: Resolution, names: Mapping[str, str], unit: str | None,
                    currency: str | None) -> dict[str, Any]:
    """A live resolution's fields before its claims."""
    iv = res.interval or Interval(None, None)
    bounds = (json_number(iv.low), json_number(iv.high), iv.low_inclusive, iv.high_inclusive,
              json_number(iv.point), iv.approx)
    return resolution_object(res.key, names, res.status, bounds, unit, currency, res.display,
                             res.strategy, res.confidence, list(res.sources), res.rule_origin)


def trust_json(model: TrustModel) -> dict[str, Any]:
    """The learned trust of a run as its `trust.learned` event keeps it."""
    return {"iterations": model.iterations, "converged": model.converged,
            "change": model.change, "changes": list(model.changes), "tolerance": model.tolerance,
            "prior_weight": model.prior_weight, "false_values": model.false_values,
            "outlets": {name: {"prior": t.prior, "learned": t.learned, "claims": t.claims,
                               "contested": t.contested, "agreement": t.agreement,
                               "copies": [{"other": c.other, "shared": c.shared, "same": c.same,
                                           "shared_false": c.shared_false,
                                           "expected_false": c.expected_false,
                                           "dependence": c.dependence} for c in t.copies]}
                        for name, t in sorted(model.outlets.items())}}


def candidate_json(c: Candidate) -> dict[str, Any]:
    """One value a conflict could take, with its support (only conflicts and picks list them)."""
    return {"interval": interval_json(c.interval), "display": c.display, "weight": c.weight,
            "support": c.support, "sources": list(c.sources), "claims": list(c.claim_ids)}


class _ClaimJSON(msgspec.Struct):
    """A claim read now, as its resolution's JSON shows it: `CLAIM_FIELDS` in order, then its
    conversion when it has one. A claim read back from an earlier payload is a dict in the
    same order, so both encode to the same text."""

    id: str
    outlet: str
    via: str | None
    value: str
    role: str
    trust: float
    reason: str
    source: str
    file: str
    line: int
    as_of: str | None
    published: str | None
    # The text of two members: the interval's value, then `,"display":` and its string (a Raw
    # is written as it is). One shared text per reading, as the json encoder's was.
    interval: msgspec.Raw
    subject_match: msgspec.Raw
    object_match: msgspec.Raw
    url: str | None
    quote: str | None
    conversion: Any = msgspec.UNSET  # left out of the text when unset


class ResolutionEncoder:
    """Encodes the resolutions of one run, sharing the text of repeated intervals and matches.

    `claims` are the claims read now; `earlier` holds, by claim id, the JSON objects of claims
    of unchanged files that a key resolved again still counts (from the base run's payloads).
    """

    def __init__(self, claims: Mapping[str, Claim], values: Mapping[str, Interval | str],
                 matches: Mapping[str, Match], names: Mapping[str, str],
                 earlier: Mapping[str, dict[str, Any]] | None = None,
                 conversions: Mapping[str, Conversion] | None = None):
        self.claims, self.values, self.matches, self.names = claims, values, matches, names
        self.earlier = earlier or {}
        self.conversions = conversions or {}
        # Bytes, wrapped in a Raw as each claim uses them: a Raw kept for each of a hundred
        # thousand readings and mentions would hold a second object for each.
        self._shown: dict[int, bytes] = {}  # id(interval) -> its JSON, then the display member
        self._matched: dict[str, bytes] = {}  # mention -> its match's JSON
        self._rules: dict[tuple, msgspec.Raw] = {}  # a rule_origin's items -> its JSON

    def encode(self, res: Resolution, unit: str | None, currency: str | None) -> bytes:
        """The resolution's JSON object as one line of UTF-8 text."""
        head = resolution_head(res, self.names, unit, currency)
        # `rules` is the same few file:key paths for most keys: encoded once per distinct set
        rules = tuple(head["rules"].items())
        rules_json = self._rules.get(rules)
        if rules_json is None:
            rules_json = self._rules[rules] = _Raw(_encode(head["rules"]))
        head["rules"] = rules_json
        head["claims"] = list(map(self._claim, sorted(res.roles, key=_claim_id)))
        if res.candidates:
            head["candidates"] = [candidate_json(c) for c in res.candidates]
        return _encode(head)

    def _claim(self, role: ClaimRole) -> _ClaimJSON | dict[str, Any]:
        claim = self.claims.get(role.claim_id)
        conversion = self.conversions.get(role.claim_id)
        if claim is None:  # a claim of an unchanged file, as its base run showed it
            shown = dict(self.earlier[role.claim_id], role=role.role, trust=role.trust,
                         reason=role.reason, source=role.source)
            shown.pop("conversion", None)  # converted anew, with this run's key currency
            if conversion is not None:
                shown["conversion"] = conversion_json(conversion)
            return shown
        return _ClaimJSON(
            claim.id, claim.outlet, claim.via, claim.value, role.role, role.trust, role.reason,
            role.source, claim.file, claim.line, claim.as_of, claim.published,
            _Raw(self._interval(self.values[claim.id])), self._match(claim.subject),
            self._match(claim.object), claim.url, claim.quote,
            msgspec.UNSET if conversion is None else conversion_json(conversion))

    def _interval(self, iv: Interval) -> bytes:
        shown = self._shown.get(id(iv))
        if shown is None:
            shown = self._shown[id(iv)] = b'%s,"display":%s' % (
                _encode(interval_json(iv)), _encode(format_interval(iv)))
        return shown

    def _match(self, mention: str | None) -> msgspec.Raw:
        if mention is None:
            return _NULL
        shown = self._matched.get(mention)
        if shown is None:
            shown = self._matched[mention] = _encode(match_json(self.matches[mention]))
        return _Raw(shown)


_claim_id = attrgetter("claim_id")
