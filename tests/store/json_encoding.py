"""The resolution encoder built on the standard library's `json`, which msgspec's replaced.

Kept as the reference the stored JSON is checked against (its values, not its bytes: the
spacing and a float's exponent form differ), and measured against in benchmarks/bench_encode.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from json.encoder import c_encode_basestring, py_encode_basestring
from operator import attrgetter
from typing import Any

from reconcile.core import Claim, Interval
from reconcile.exchange import Conversion
from reconcile.match import Match
from reconcile.normalize import format_interval
from reconcile.resolve import ClaimRole, Resolution
from reconcile.store.encoding import (
    candidate_json,
    conversion_json,
    interval_json,
    match_json,
    resolution_head,
)

encode: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False,
                                                separators=(", ", ": ")).encode


class JsonResolutionEncoder:
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
        self._shown: dict[int, str] = {}  # id(interval) -> '"interval": …, "display": …'
        self._matched: dict[str, str] = {}  # mention -> its match's JSON
        self._rules: dict[tuple, str] = {}  # a rule_origin's items -> its JSON

    def encode(self, res: Resolution, unit: str | None, currency: str | None) -> str:
        """The resolution's JSON object as one line of text."""
        head = resolution_head(res, self.names, unit, currency)
        # `rules` is the same few file:key paths for most keys: encoded once per distinct set
        rules = tuple(head.pop("rules").items())
        rules_text = self._rules.get(rules)
        if rules_text is None:
            rules_text = self._rules[rules] = encode(dict(rules))
        claims = ", ".join(map(self._claim, sorted(res.roles, key=_claim_id)))
        tail = "" if not res.candidates else \
            f', "candidates": {encode([candidate_json(c) for c in res.candidates])}'
        return f'{encode(head)[:-1]}, "rules": {rules_text}, "claims": [{claims}]{tail}}}'

    def _claim(self, role: ClaimRole) -> str:
        claim = self.claims.get(role.claim_id)
        conversion = self.conversions.get(role.claim_id)
        if claim is None:  # a claim of an unchanged file, as its base run showed it
            shown = dict(self.earlier[role.claim_id], role=role.role, trust=role.trust,
                         reason=role.reason, source=role.source)
            shown.pop("conversion", None)  # converted anew, with this run's key currency
            if conversion is not None:
                shown["conversion"] = conversion_json(conversion)
            return encode(shown)
        tail = "" if conversion is None else f', "conversion": {encode(conversion_json(conversion))}'
        return (f'{{"id": {_text(claim.id)}, "outlet": {_text(claim.outlet)}, '
                f'"via": {_maybe(claim.via)}, "value": {_text(claim.value)}, '
                f'"role": {_text(role.role)}, "trust": {_number(role.trust)}, '
                f'"reason": {_text(role.reason)}, "source": {_text(role.source)}, '
                f'"file": {_text(claim.file)}, "line": {claim.line}, '
                f'"as_of": {_maybe(claim.as_of)}, "published": {_maybe(claim.published)}, '
                f'{self._interval(self.values[claim.id])}, '
                f'"subject_match": {self._match(claim.subject)}, '
                f'"object_match": {self._match(claim.object)}, '
                f'"url": {_maybe(claim.url)}, "quote": {_maybe(claim.quote)}{tail}}}')

    def _interval(self, iv: Interval) -> str:
        text = self._shown.get(id(iv))
        if text is None:
            text = self._shown[id(iv)] = (f'"interval": {encode(interval_json(iv))}, '
                                          f'"display": {encode(format_interval(iv))}')
        return text

    def _match(self, mention: str | None) -> str:
        if mention is None:
            return "null"
        text = self._matched.get(mention)
        if text is None:
            text = self._matched[mention] = encode(match_json(self.matches[mention]))
        return text


# What the encoder does with a string, a float or None, without its generic entry point (a
# million claims make eighteen million scalars).
_text = c_encode_basestring or py_encode_basestring


def _maybe(value: str | None) -> str:
    return "null" if value is None else _text(value)


def _number(value: float) -> str:
    finite_float = type(value) is float and value - value == 0
    return float.__repr__(value) if finite_float else encode(value)


_claim_id = attrgetter("claim_id")

