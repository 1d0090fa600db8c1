"""Load, merge and validate the YAML files of a rules directory into `Rules`."""

from __future__ import annotations

import hashlib
import math
import os
import re
import stat
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from reconcile.config import MAX_FILE_BYTES_ENV, max_file_bytes
from reconcile.errors import RulesError
from reconcile.rules.model import (BUILTIN, LANGS, PICKS, STRATEGIES, SUPERSEDE, TOP_KEYS,
                                   UNIT_NAMES, YEN_CURRENCIES, MatchingRules, OutletRule,
                                   ResolutionRule, Rules, TrustRules, builtin, fold_name)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = "tag:yaml.org,2002:null"

_DECIMAL = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")

_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _Doc:
    """One rules file's YAML nodes, read with the file name at hand for every error."""

    def __init__(self, file: str, constructor: yaml.constructor.SafeConstructor):
        self.file, self.constructor = file, constructor

    def error(self, key: str | None, message: str, node: yaml.Node | None = None) -> RulesError:
        """A RulesError at `key`, on the line of `node` when one is at hand."""
        line = node.start_mark.line + 1 if node is not None and node.start_mark else None
        return RulesError(self.file, key, message, line=line)

    def origin(self, key: str) -> str:
        return f"{self.file}: {key}"

    def items(self, node: yaml.Node, key: str,
              allowed: tuple[str, ...] | None = None) -> Iterator[tuple[str, yaml.Node]]:
        """The (key, value node) pairs of a mapping; `allowed` rejects typos."""
        if _is_null(node):
            return
        if not isinstance(node, yaml.MappingNode):
            raise self.error(key or None, f"expected a mapping, got {self.kind(node)}", node)
        seen = set()
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else None
            path = f"{key}.{name}" if key else str(name)
            if name is None:
                raise self.error(key or None, "keys must be names", k)
            if name in seen:
                raise self.error(path, "duplicate key", k)
            if allowed is not None and name not in allowed:
                which = "unknown top-level key" if not key else "unknown key"
                raise self.error(path, f"{which} (expected one of {', '.join(allowed)})", k)
            seen.add(name)
            yield name, v

    def kind(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.MappingNode):
            return "a mapping"
        return "a list" if isinstance(node, yaml.SequenceNode) else repr(node.value)

    def number(self, node: yaml.Node, key: str, lo: float, hi: float | None,
               hi_open: bool = False) -> Decimal:
        """A number in [lo, hi] (or [lo, hi)), exact as written: 0.10 is Decimal("0.10")."""
        span = f"[{lo}, {hi}{')' if hi_open else ']'}" if hi is not None else f">= {lo}"
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _NUMBER_TAGS:
            raise self.error(key, f"expected a number {span}, got {self.kind(node)}", node)
        value = self.constructor.construct_object(node)
        exact = None
        if math.isfinite(value):
            # The YAML text, not a binary float, so 0.10 stays Decimal("0.10").
            text = node.value.replace("_", "")
            literal = node.tag.endswith("float") and _DECIMAL.fullmatch(text)
            exact = Decimal(text) if literal else Decimal(str(value))
        if exact is None or exact < lo or (hi is not None and (
                exact >= hi if hi_open else exact > hi)):
            raise self.error(key, f"must be a number {span}, got {node.value}", node)
        return exact

    def text(self, node: yaml.Node, key: str) -> str | None:
        """A scalar's text as written (a ticker 7203 stays "7203"); None when null."""
        if _is_null(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(key, f"expected a name, got {self.kind(node)}", node)
        return node.value.strip()

    def names(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        """A list of names (or nothing), stripped and de-duplicated."""
        if _is_null(node):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(key, f"expected a list of names, got {self.kind(node)}", node)
        texts = [self.text(n, key) for n in node.value]
        if not all(texts):
            raise self.error(key, "names must not be empty", node)
        return tuple(dict.fromkeys(texts))  # type: ignore[arg-type]

def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL

def _choice(doc: _Doc, node: yaml.Node, key: str, choices: tuple[str, ...], what: str) -> str:
    value = doc.text(node, key)
    if value not in choices:
        raise doc.error(key, f"unknown {what} {value!r}; expected one of {', '.join(choices)}",
                        node)
    return value

_Parser = Callable[[_Doc, yaml.Node, str], Any]

_RESOLUTION: dict[str, _Parser] = {
    "strategy": lambda d, n, k: _choice(d, n, k, STRATEGIES, "strategy"),
    "min_trust": lambda d, n, k: float(d.number(n, k, 0, 1)),
    "approx_tolerance": lambda d, n, k: d.number(n, k, 0, 1, hi_open=True),
    "settle_margin": lambda d, n, k: float(d.number(n, k, 0, None)),
    "hedged_trust_factor": lambda d, n, k: float(d.number(n, k, 0, 1)),
    "supersede": lambda d, n, k: _choice(d, n, k, SUPERSEDE, "supersede rule"),
    "recency_half_life": lambda d, n, k: _days(d, n, k),
    "pick": lambda d, n, k: _choice(d, n, k, PICKS, "pick rule"),
}


def _flag(doc: _Doc, node: yaml.Node, key: str) -> bool:
    if not (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool"):
        raise doc.error(key, f"expected true or false, got {doc.kind(node)}", node)
    return doc.constructor.construct_object(node)


def _count(doc: _Doc, node: yaml.Node, key: str, lo: int, hi: int) -> int:
    value = doc.number(node, key, lo, hi)
    if value != value.to_integral_value():
        raise doc.error(key, f"must be a whole number [{lo}, {hi}], got {node.value}", node)
    return int(value)


_TRUST: dict[str, _Parser] = {
    "learn": _flag,
    "prior_weight": lambda d, n, k: float(d.number(n, k, 0, None)),
    "false_values": lambda d, n, k: _count(d, n, k, 1, 1_000_000),
    "tolerance": lambda d, n, k: float(d.number(n, k, 0, 1, hi_open=True)),
    "max_iterations": lambda d, n, k: _count(d, n, k, 1, 10_000),
    "copying": _flag,
}

def _days(doc: _Doc, node: yaml.Node, key: str) -> Decimal | None:
    """A number of days, written `30d` or `30`; null turns recency weighting off."""
    if _is_null(node):
        return None
    text = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*d?", text)
    if not match or Decimal(match[1]) <= 0:
        raise doc.error(key, f"expected a number of days above 0, like 30d, got {doc.kind(node)}",
                        node)
    return Decimal(match[1])


def _letters(doc: _Doc, node: yaml.Node, key: str) -> int:
    """A count of letters: a whole number in [0, 100]."""
    value = doc.number(node, key, 0, 100)
    if value != value.to_integral_value():
        raise doc.error(key, f"must be a whole number [0, 100], got {node.value}", node)
    return int(value)

_MATCHING: dict[str, _Parser] = {
    **{name: lambda d, n, k: float(d.number(n, k, 0, 100))
       for name in ("threshold", "review_threshold", "margin")},
    "typo_min_length": _letters,
}

def _overlay(base: Any, doc: _Doc, node: yaml.Node, key: str,
             parsers: dict[str, _Parser]) -> Any:
    """`base` with the fields a rules mapping sets, each field's origin recorded."""
    values = {name: getattr(base, name) for name in parsers}
    origin = dict(base.origin)
    for name, value in doc.items(node, key, tuple(parsers)):
        values[name] = parsers[name](doc, value, f"{key}.{name}")
        origin[name] = doc.origin(f"{key}.{name}")
    return type(base)(**values, origin=origin)

def load_rules(rules_dir: Path | str) -> Rules:
    """Read and merge every *.yaml / *.yml file of a directory; RulesError when invalid."""
    root = Path(rules_dir)
    if not root.is_dir():
        raise RulesError(os.fspath(rules_dir), None,
                         "not a directory" if root.exists() else "no such directory")
    # Every *.yaml entry is read: a folder, FIFO or device by that name is refused, not skipped.
    names = sorted(n for n in os.listdir(root)
                   if n.endswith((".yaml", ".yml")) and not n.startswith("."))
    constructor = yaml.constructor.SafeConstructor()
    digest = hashlib.sha256()
    sections: dict[str, tuple[_Doc, yaml.Node]] = {}
    for name in names:
        shown = str(root / name)
        data = _read(root / name, shown)
        # File names (not the directory) and lengths, so moving the rules keeps the hash.
        digest.update(b"%s\0%d\0%s" % (name.encode(), len(data), data))
        doc = _Doc(shown, constructor)
        for key, node in doc.items(_compose(data, shown), "", TOP_KEYS):
            if key in sections:
                raise doc.error(key, f"also defined in {sections[key][0].file}; "
                                     "a top-level key belongs in one file", node)
            sections[key] = (doc, node)
    files = tuple(str(root / n) for n in names)
    return _build(sections, files, digest.hexdigest())


def builtin_rules() -> Rules:
    """The rules of an empty rules directory: every default, each with its built-in origin."""
    return _build({}, (), hashlib.sha256().hexdigest())


def _read(path: Path, shown: str) -> bytes:
    """A rules file's bytes: a regular file, no larger than `config.max_file_bytes()`."""
    limit = max_file_bytes()
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
                     (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                     (stat.S_ISBLK, "a block device"))
            what = next((name for test, name in kinds if test(mode)), "of an unknown kind")
            raise RulesError(shown, None, f"not a regular file ({what})")
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise RulesError(shown, None, e.strerror or str(e)) from None
    if len(data) > limit:
        raise RulesError(shown, None, f"larger than the limit of {limit:,} bytes "
                                      f"(set {MAX_FILE_BYTES_ENV} to raise it)")
    return data


def _compose(data: bytes, shown: str) -> yaml.Node:
    try:
        node = yaml.compose(data.decode("utf-8-sig"), Loader=_LOADER)
    except UnicodeDecodeError:
        raise RulesError(shown, None, "not UTF-8 text") from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        where = f" (column {mark.column + 1})" if mark else ""
        raise RulesError(shown, None, f"invalid YAML: {e.problem}{where}",
                         line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as e:
        raise RulesError(shown, None, f"invalid YAML: {e}") from None
    return node if node is not None else yaml.ScalarNode(_NULL, "")

def _build(sections: dict[str, tuple[_Doc, yaml.Node]], files: tuple[str, ...],
           sha256: str) -> Rules:
    defaults = Rules()
    origin = dict.fromkeys(("default_trust", "default_lang", "default_currency",
                            "yen_currency"), BUILTIN)
    default_trust = defaults.default_trust
    if "default_trust" in sections:
        doc, node = sections["default_trust"]
        default_trust = float(doc.number(node, "default_trust", 0, 1))
        origin["default_trust"] = doc.origin("default_trust")
    outlets = _outlets(*sections["outlets"], default_trust, origin["default_trust"]) \
        if "outlets" in sections else {}
    attributes = _attributes(*sections["attributes"]) if "attributes" in sections else {}
    resolution = _resolution(*sections["resolution"], attributes) \
        if "resolution" in sections else defaults.resolution
    units, signed = _units(*sections["units"], attributes) if "units" in sections else ({}, set())
    matching = _matching(*sections["matching"]) if "matching" in sections else defaults.matching
    trust = _overlay(builtin(TrustRules), *sections["trust"], "trust", _TRUST) \
        if "trust" in sections else defaults.trust
    default_lang = None
    if "default_lang" in sections:
        doc, node = sections["default_lang"]
        default_lang = _choice(doc, node, "default_lang", LANGS, "language") \
            if not _is_null(node) else None
        origin["default_lang"] = doc.origin("default_lang")
    currency = {"default": defaults.default_currency, "yen": defaults.yen_currency}
    conversion: dict[str, Any] = {}
    if "currency" in sections:
        doc, node = sections["currency"]
        for name, value in doc.items(node, "currency", CURRENCY_KEYS):
            key = f"currency.{name}"
            if name not in ("default", "yen"):
                setting, given = _conversion(doc, value, key, name)
                conversion[setting] = given
                origin[f"currency.{name}"] = doc.origin(key)
                continue
            code = (doc.text(value, key) or "").upper()
            yen_ok = name != "yen" or code in YEN_CURRENCIES
            if not (re.fullmatch(r"[A-Z]{3}", code) and yen_ok):
                allowed = " or ".join(YEN_CURRENCIES) if name == "yen" else "an ISO 4217 code"
                raise doc.error(key, f"expected {allowed}, got {value.value!r}", value)
            currency[name] = code
            origin["default_currency" if name == "default" else "yen_currency"] = doc.origin(key)
    return Rules(outlets=outlets, default_trust=default_trust, attributes=attributes,
                 resolution=resolution, matching=matching, trust=trust, default_lang=default_lang,
                 default_currency=currency["default"], yen_currency=currency["yen"],
                 units=units, signed=frozenset(signed), files=files, sha256=sha256, origin=origin,
                 **conversion)

CURRENCY_KEYS = ("default", "yen", "convert", "tolerance", "date", "rate_source", "rates")


def _conversion(doc: _Doc, node: yaml.Node, key: str, name: str) -> tuple[str, Any]:
    """One conversion setting of the `currency` section, as the Rules field it sets."""
    if name == "convert":
        if not (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool"):
            raise doc.error(key, f"expected true or false, got {doc.kind(node)}", node)
        return "convert", doc.constructor.construct_object(node)
    if name == "tolerance":
        return "conversion_tolerance", doc.number(node, key, 0, 1, hi_open=True)
    if name == "date":
        return "rate_date", _iso_date(doc, node, key)
    if name == "rate_source":
        return "rate_source", _choice(doc, node, key, ("ECB", "pinned"), "rate source")
    rates: dict[str, list] = {}
    for pair, value in doc.items(node, key):
        path = f"{key}.{pair}"
        if not re.fullmatch(r"[A-Z]{3}/[A-Z]{3}", pair):
            raise doc.error(path, "expected a currency pair like EUR/USD", value)
        if isinstance(value, yaml.MappingNode):
            dated = [(_iso_date(doc, when, f"{path}.{when.value}"),
                      doc.number(rate, f"{path}.{when.value}", 0, None))
                     for when, rate in value.value]
        else:
            dated = [(None, doc.number(value, path, 0, None))]
        if any(r == 0 for _, r in dated):
            raise doc.error(path, "a rate must be above 0", value)
        rates[pair] = tuple((when, r, doc.origin(path)) for when, r in dated)
    return "rates", rates


def _iso_date(doc: _Doc, node: yaml.Node, key: str) -> str:
    from datetime import date

    text = node.value if isinstance(node, yaml.ScalarNode) else None
    try:
        return date.fromisoformat(str(text)).isoformat()
    except (TypeError, ValueError):
        raise doc.error(key, f"expected an ISO date (YYYY-MM-DD), got {doc.kind(node)}",
                        node) from None


def _outlets(doc: _Doc, node: yaml.Node, default_trust: float,
             trust_origin: str) -> dict[str, OutletRule]:
    outlets: dict[str, OutletRule] = {}
    owner: dict[str, str] = {}  # folded name or alias -> outlet
    for name, value in doc.items(node, "outlets"):
        key = f"outlets.{name}"
        trust, origin, aliases = None, doc.origin(key), ()
        if isinstance(value, yaml.MappingNode):
            for field_name, v in doc.items(value, key, ("trust", "aliases")):
                if field_name == "trust":
                    trust = float(doc.number(v, f"{key}.trust", 0, 1))
                else:
                    aliases = doc.names(v, f"{key}.aliases")
        elif not _is_null(value):
            trust = float(doc.number(value, key, 0, 1))
        if trust is None:  # an entry that only names aliases trusts like an unknown outlet
            trust, origin = default_trust, trust_origin
        canonical = name.strip()
        for alias in (canonical, *aliases):
            other = owner.setdefault(fold_name(alias), canonical)
            if other != canonical:
                raise doc.error(key if alias == canonical else f"{key}.aliases",
                                f"{alias!r} already names outlet {other!r}", value)
        outlets[canonical] = OutletRule(canonical, trust, aliases, origin)
    return outlets

def _attributes(doc: _Doc, node: yaml.Node) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for name, value in doc.items(node, "attributes"):
        canonical = name.strip()
        for alias in (canonical, *doc.names(value, f"attributes.{name}")):
            other = attributes.setdefault(fold_name(alias), canonical)
            if other != canonical:
                raise doc.error(f"attributes.{name}",
                                f"{alias!r} already names attribute {other!r}", value)
    return attributes

def _units(doc: _Doc, node: yaml.Node, attributes: dict[str, str]
           ) -> tuple[dict[str, tuple[str, str | None, str]], set[str]]:
    """Each attribute's unit, and the attributes declared `signed …` (a change, a loss)."""
    units: dict[str, tuple[str, str | None, str]] = {}
    signed: set[str] = set()
    for name, value in doc.items(node, "units"):
        key = f"units.{name}"
        text = (doc.text(value, key) or "").strip()
        canonical = attributes.get(fold_name(name), fold_name(name))
        first, _, rest = text.partition(" ")
        if first.lower() == "signed" and rest.strip():
            signed.add(canonical)
            text = rest.strip()
        if text.lower() in UNIT_NAMES:
            units[canonical] = (text.lower(), None, doc.origin(key))
        elif re.fullmatch(r"[A-Za-z]{3}", text):
            units[canonical] = ("currency", text.upper(), doc.origin(key))
        else:
            raise doc.error(key, f"expected one of {', '.join(UNIT_NAMES)} or an ISO 4217 "
                                 f"currency code, optionally after `signed`, got {text!r}", value)
    return units, signed

def _resolution(doc: _Doc, node: yaml.Node,
                attributes: dict[str, str]) -> dict[str, ResolutionRule]:
    entries = dict(doc.items(node, "resolution"))
    default = builtin(ResolutionRule)
    if "default" in entries:
        default = _overlay(default, doc, entries.pop("default"), "resolution.default", _RESOLUTION)
    rules = {"default": default}
    for name, value in entries.items():
        key = f"resolution.{name}"
        canonical = attributes.get(fold_name(name), fold_name(name))
        if fold_name(canonical) != fold_name(name):
            raise doc.error(key, f"{name!r} is an alias of {canonical!r}; use the canonical name",
                            value)
        if canonical in rules:
            raise doc.error(key, f"attribute {canonical!r} already has a resolution rule", value)
        rules[canonical] = _overlay(default, doc, value, key, _RESOLUTION)
    return rules

def _matching(doc: _Doc, node: yaml.Node) -> MatchingRules:
    given = dict(doc.items(node, "matching", tuple(_MATCHING)))
    rules = _overlay(builtin(MatchingRules), doc, node, "matching", _MATCHING)
    if rules.review_threshold > rules.threshold:
        if "review_threshold" in given:
            raise doc.error("matching.review_threshold",
                            f"must not exceed matching.threshold ({rules.threshold:g})",
                            given["review_threshold"])
        # Lowering only the threshold must not trip over a default the user never set.
        origin = {**rules.origin, "review_threshold": f"{BUILTIN}, capped at matching.threshold"}
        rules = replace(rules, review_threshold=rules.threshold, origin=origin)
    return rules
