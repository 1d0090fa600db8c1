"""Ingest: read claim files (JSONL, CSV, YAML) and entity files into plain dataclasses."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping, Sequence

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"

CLAIM_SUFFIXES = (".jsonl", ".csv", ".yaml", ".yml")
ENTITY_FILES = ("entities.csv", "entities.yaml", "entities.yml")
REQUIRED = ("outlet", "subject", "attribute", "value")
CONTENT_FIELDS = REQUIRED + ("object", "via", "lang", "published", "as_of", "url", "quote")
LANGS = ("en", "fr")
_quote = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]
_CANONICAL_KEYS = [(_quote(name) + ":", name) for name in sorted(CONTENT_FIELDS)]
# A combined error lists this many problems; the rest are counted (all are on `.errors`).
MAX_LISTED = 50

_SLUG = re.compile(r"[a-z0-9][a-z0-9_.-]*")
_ABSENT = object()
_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})  # shared by the claims that need none
_SHARED = ("outlet", "subject", "attribute", "object", "value", "via", "lang", "published",
           "as_of")
_intern = sys.intern
_AS_OF = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-[Qq]([1-4]))?")
_DATE_START = re.compile(r"\d{4}-\d{2}-\d{2}")


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


class InputError(Exception):
    """A claim or entity file that cannot be read; printed as `file:line: field: message`."""

    def __init__(self, file: str, line: int | None, field: str | None, message: str):
        self.file, self.line, self.field, self.message = file, line, field, message
        self.errors: list[InputError] = [self]  # every problem, when several were combined
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


# (line of the record, fields as read, line of each field where the format knows it)
_Record = tuple[int, dict[str, Any], dict[str, int]]


def content_id(fields: Mapping[str, str | None]) -> str:
    """First 16 hex chars of the sha256 of the claim's content fields as canonical JSON."""
    # Byte for byte json.dumps(..., sort_keys=True, separators=(",", ":")), built by hand
    # because it runs once per claim and the general encoder is twice as slow.
    blob = "{%s}" % ",".join([key + ("null" if (v := fields.get(name)) is None else _quote(v))
                              for key, name in _CANONICAL_KEYS])
    return hashlib.sha256(blob.encode("ascii")).hexdigest()[:16]


def claim_files(paths: Sequence[Path | str], *, exclude_entities: bool = True) -> list[Path]:
    """Expand files and directories (recursively, sorted) to claim files, each once."""
    out: dict[str, Path] = {}  # real path -> path: a file named twice is read once
    for given in paths:
        path, problem = Path(given), None
        if path.is_dir():
            found = _walk(path, exclude_entities)
        elif not path.exists():
            problem = "no such file or directory"
        elif path.suffix.lower() not in CLAIM_SUFFIXES:
            problem = "not a claim file (expected .jsonl, .csv, .yaml or .yml)"
        elif exclude_entities and path.name.lower() in ENTITY_FILES:
            problem = "is an entities file, not claims"
        else:
            found = [path]
        if problem:
            raise InputError(os.fspath(given), None, None, problem)
        for f in found:
            out.setdefault(os.path.realpath(f), f)
    return list(out.values())


def _walk(root: Path, exclude_entities: bool) -> list[Path]:
    found = []
    for here, dirs, files in os.walk(root):
        # Hidden directories hold tool state (.git, .reconcile), never inputs.
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(here) / name for name in files if not name.startswith(".")
                  and os.path.splitext(name.lower())[1] in CLAIM_SUFFIXES
                  and not (exclude_entities and name.lower() in ENTITY_FILES)]
    return sorted(found)


def read_claims(paths: Sequence[Path | str], *, base: Path | None = None) -> list[Claim]:
    """Read every claim file under `paths`: claims in file then line order, duplicates once.

    File names in claims and errors are as given, or relative to `base` when they lie under it.
    Raises InputError for the first problem (in file/line order), listing every other one.
    """
    files = claim_files(paths)
    errors: list[InputError] = []
    order: dict[str, int] = {}
    parsed: list[tuple[Claim, str, bool]] = []  # claim, content hash, id given explicitly
    for f in files:
        shown = _shown(f, base)
        order[shown] = len(order)
        try:
            for line, fields, lines in _records(f, shown, errors, "claims", REQUIRED):
                item = _claim(shown, line, fields, lines, errors)
                if item is not None:
                    parsed.append(item)
        except InputError as e:
            errors.append(e)
    claims = _dedupe(parsed, errors)
    if errors:
        _raise(errors, order)
    return claims


def _shown(path: Path, base: Path | str | None) -> str:
    if base is not None:
        try:
            return str(Path(os.path.abspath(path)).relative_to(os.path.abspath(base)))
        except ValueError:
            pass
    return str(path)


def _dedupe(parsed: list[tuple[Claim, str, bool]], errors: list[InputError]) -> list[Claim]:
    # Content given an id anywhere is that claim: an id-less copy of it is the same claim,
    # whichever file comes first, so the result does not depend on input order.
    named = {h for _, h, explicit in parsed if explicit}
    first: dict[str, tuple[Claim, str]] = {}
    out = []
    for claim, h, explicit in parsed:
        if not explicit and h in named:
            continue
        prev = first.get(claim.id)
        if prev is None:
            first[claim.id] = (claim, h)
            out.append(claim)
        elif prev[1] != h:
            errors.append(InputError(claim.file, claim.line, "id",
                                     f"duplicate id {claim.id!r} with different content, "
                                     f"first at {prev[0].file}:{prev[0].line}"))
    return out


def _raise(errors: list[InputError], order: Mapping[str, int]) -> None:
    errors.sort(key=lambda e: (order.get(e.file, len(order)), e.line or 0))
    first = errors[0]
    if len(errors) == 1:
        raise first
    rest = [str(e) for e in errors[1:MAX_LISTED]]
    if len(errors) > MAX_LISTED:
        rest.append(f"... and {len(errors) - MAX_LISTED} more errors")
    combined = InputError(first.file, first.line, first.field, "\n".join([first.message, *rest]))
    combined.errors = errors
    raise combined


def _claim(shown: str, line: int, fields: dict[str, Any], lines: dict[str, int],
           errors: list[InputError]) -> tuple[Claim, str, bool] | None:
    """Validate one record; returns (claim, content hash, id given) or None after errors."""
    values = _strings(shown, line, fields, lines, errors, CONTENT_FIELDS + ("id",), REQUIRED)
    if values is None:
        return None
    checks = (("lang", _check_lang), ("published", _check_published), ("as_of", _check_as_of))
    ok = True
    for name, check in checks:
        if values[name] is not None:
            try:
                values[name] = check(values[name])
            except ValueError as e:
                errors.append(InputError(shown, lines.get(name, line), name, str(e)))
                ok = False
    if not ok:
        return None
    h = content_id(values)
    explicit = values.pop("id")
    extra = {k: v for k, v in fields.items()
             if type(v) is not str or v != (explicit if k == "id" else values.get(k, _ABSENT))}
    extra = extra or _NO_EXTRA
    for name in _SHARED:  # the same few outlets, attributes and dates a million times over
        if (v := values[name]) is not None:
            values[name] = _intern(v)
    claim = Claim(id=explicit or h, file=shown, line=line, extra=extra, content_sha=h,
                  named=explicit is not None, **values)
    return claim, h, explicit is not None


def _strings(shown: str, line: int, fields: Mapping[str, Any], lines: Mapping[str, int],
             errors: list[InputError], names: Sequence[str],
             required: Sequence[str]) -> dict[str, str | None] | None:
    """Text fields of a record, stripped, empty = absent; None (after errors) when invalid."""
    values: dict[str, str | None] = {}
    bad = False
    get = fields.get
    for name in names:
        raw = get(name)
        if type(raw) is str:  # noqa: E721 - the hot path, a million times a run
            values[name] = text = raw.strip() or None
            if text is not None or name not in required:
                continue
            problem = "required field is empty"
        elif raw is None:
            values[name] = None
            if name not in required:
                continue
            problem = "required field is missing"
        else:
            problem = f"expected a string, got {_kind(raw)}"
        errors.append(InputError(shown, lines.get(name, line), name, problem))
        bad = True
    return None if bad else values


def _kind(value: Any) -> str:
    kinds = {bool: "a boolean", dict: "a mapping", list: "a list", str: "a string"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)


def _check_lang(value: str) -> str:
    if value.lower() not in LANGS:
        raise ValueError(f"must be 'en' or 'fr', not {value!r}")
    return value.lower()


@lru_cache(maxsize=1 << 16)  # a few thousand dates, a million claims
def _check_published(value: str) -> str:
    try:
        # A timestamp is accepted (kept verbatim) when its date part is a real date.
        (date.fromisoformat if len(value) == 10 else datetime.fromisoformat)(value)
        if _DATE_START.match(value):
            return value
    except ValueError:
        pass
    raise ValueError(f"not an ISO date: {value!r}")


@lru_cache(maxsize=1 << 16)
def _check_as_of(value: str) -> str:
    m = _AS_OF.fullmatch(value)
    if m and m[4]:  # one spelling per quarter, since as_of is part of the resolution key
        return f"{m[1]}-Q{m[4]}"
    try:
        if m and int(m[1]) and (not m[2] or 1 <= int(m[2]) <= 12):
            if m[3]:
                date.fromisoformat(value)
            return value
    except ValueError:
        pass
    raise ValueError(f"not an ISO date or period (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn): {value!r}")


# --- formats -----------------------------------------------------------------------------

def _records(path: Path, shown: str, errors: list[InputError], key: str,
             required: Sequence[str]) -> Iterator[_Record]:
    text = _read_text(path, shown)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _jsonl_records(text, shown, errors)
    if suffix == ".csv":
        return _csv_records(text, shown, errors, required)
    return _yaml_records(text, shown, errors, key)


def _read_text(path: Path, shown: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(shown, None, None, e.strerror or str(e)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(shown, line, "-", f"not UTF-8 text (byte 0x{data[e.start]:02x})") from None


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) < len(pairs):  # json.loads would silently keep the last of a repeated key
        keys = [k for k, _ in pairs]
        raise ValueError(f"duplicate key {next(k for k in keys if keys.count(k) > 1)!r}")
    return out


def _json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


# Numbers stay as their literal text: 1.5 is "1.5", never a float's repr.
_JSON = json.JSONDecoder(object_pairs_hook=_json_pairs, parse_float=str, parse_int=str,
                         parse_constant=_json_constant)


def _jsonl_records(text: str, shown: str, errors: list[InputError]) -> Iterator[_Record]:
    # Split on "\n" only: str.splitlines would also break on U+2028 inside JSON strings.
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = _JSON.decode(line)
        except (ValueError, RecursionError) as e:
            why = f"{e.msg} (column {e.colno})" if isinstance(e, json.JSONDecodeError) else e
            errors.append(InputError(shown, n, "-", f"invalid JSON: {why}"))
            continue
        if isinstance(obj, dict):
            yield n, obj, {}
        else:
            errors.append(InputError(shown, n, "-", f"expected a JSON object, got {_kind(obj)}"))


def _csv_records(text: str, shown: str, errors: list[InputError],
                 required: Sequence[str]) -> Iterator[_Record]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    start = 1
    try:
        for row in reader:
            # A quoted cell may span lines: a record starts after the previous one ended.
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip() for cell in row]
                for dup in (h for h in header if h and header.count(h) > 1):
                    raise InputError(shown, line, "-", f"duplicate column {dup!r}")
                missing = [name for name in required if name not in header]
                errors.extend(InputError(shown, line, name, "required column is missing")
                              for name in missing)
                if missing:
                    return
                continue
            if len(row) > len(header):
                errors.append(InputError(shown, line, "-",
                                         f"{len(row)} cells, but the header has {len(header)}"))
                continue
            # Empty cells are absent fields (and absent from `raw`).
            yield line, {h: c for h, c in zip(header, row) if h and c.strip()}, {}
    except csv.Error as e:
        raise InputError(shown, reader.line_num, "-", f"invalid CSV: {e}") from None


def _yaml_records(text: str, shown: str, errors: list[InputError], key: str) -> Iterator[_Record]:
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        where = f" (column {mark.column + 1})" if mark else ""
        raise InputError(shown, mark.line + 1 if mark else None, "-",
                         f"invalid YAML: {e.problem}{where}") from None
    except yaml.YAMLError as e:
        raise InputError(shown, None, "-", f"invalid YAML: {e}") from None
    if root is None:
        return
    items = root
    if isinstance(root, yaml.MappingNode):
        items = next((v for k, v in root.value if k.value == key), None)
        if items is None:
            raise InputError(shown, _line(root), "-", f"a mapping needs a '{key}:' list")
    if isinstance(items, yaml.ScalarNode) and items.tag == _NULL:
        return
    if not isinstance(items, yaml.SequenceNode):
        raise InputError(shown, _line(items), "-", f"expected a list of {key}")
    memo: dict[int, Any] = {}
    for item in items.value:
        fields: dict[str, Any] = {}
        lines: dict[str, int] = {}
        try:
            if not isinstance(item, yaml.MappingNode):
                raise ValueError(f"expected a mapping, got {_kind(_plain(item, memo))}")
            for k, v in item.value:
                name = k.value if isinstance(k, yaml.ScalarNode) else str(_plain(k, memo))
                if name in fields:
                    errors.append(InputError(shown, _line(k), name, "duplicate key"))
                fields[name], lines[name] = _plain(v, memo), _line(k)
        except ValueError as e:
            errors.append(InputError(shown, _line(item), "-", str(e)))
            continue
        yield _line(item), fields, lines


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _plain(node: yaml.Node, memo: dict[int, Any]) -> Any:
    """A node as plain data; every scalar is its text as written, so `1.50` stays "1.50"."""
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == _NULL else node.value
    # YAML aliases share nodes: build each once (no exponential blow-up), refuse cycles
    # (a record must stay plain JSON-able data).
    key = id(node)
    if key in memo:
        if memo[key] is None:
            raise ValueError("a YAML alias refers to itself")
        return memo[key]
    memo[key] = None
    if isinstance(node, yaml.SequenceNode):
        memo[key] = [_plain(n, memo) for n in node.value]
    else:
        memo[key] = {str(_plain(k, memo)): _plain(v, memo) for k, v in node.value}
    return memo[key]


# --- entities ----------------------------------------------------------------------------

def read_entities(seeds_dir: Path | str) -> list[Entity]:
    """Read the one entities.csv / entities.yaml / entities.yml of a seeds directory."""
    root, shown_dir = Path(seeds_dir), os.fspath(seeds_dir)
    if not root.is_dir():
        raise InputError(shown_dir, None, None,
                         "not a directory" if root.exists() else "no such directory")
    found = sorted(root / n for n in os.listdir(root) if n.lower() in ENTITY_FILES)
    if len(found) != 1:
        names = " and ".join(map(str, found))
        raise InputError(shown_dir, None, None, f"two entities files, {names}: keep one"
                         if found else "no entities.csv or entities.yaml")
    path, shown = found[0], str(found[0])
    errors: list[InputError] = []
    entities: list[Entity] = []
    first: dict[str, int] = {}  # id -> line
    try:
        for line, fields, lines in _records(path, shown, errors, "entities", ("id", "name")):
            entity = _entity(shown, line, fields, lines, errors, path.suffix == ".csv")
            if entity is None:
                continue
            if entity.id in first:
                errors.append(InputError(shown, lines.get("id", line), "id",
                                         f"duplicate id {entity.id!r}, first at "
                                         f"{shown}:{first[entity.id]}"))
                continue
            first[entity.id] = line
            entities.append(entity)
    except InputError as e:
        errors.append(e)
    if errors:
        _raise(errors, {shown: 0})
    return entities


def _entity(shown: str, line: int, fields: Mapping[str, Any], lines: Mapping[str, int],
            errors: list[InputError], from_csv: bool) -> Entity | None:
    values = _strings(shown, line, fields, lines, errors, ("id", "name", "type"), ("id", "name"))
    aliases = fields.get("aliases")
    if isinstance(aliases, str) and from_csv:
        aliases = aliases.split("|")
    elif aliases is not None and not (
            isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
        errors.append(InputError(shown, lines.get("aliases", line), "aliases",
                                 f"expected a list of strings, got {_kind(aliases)}"))
        return None
    if values is None:
        return None
    if not _SLUG.fullmatch(values["id"]):
        errors.append(InputError(shown, lines.get("id", line), "id",
                                 "not a slug (lowercase letters, digits, '_', '.', '-'): "
                                 f"{values['id']!r}"))
        return None
    # dict.fromkeys: de-duplicated, first spelling's order kept
    names = tuple(dict.fromkeys(a.strip() for a in aliases or () if a.strip()))
    return Entity(id=values["id"], name=values["name"], aliases=names, type=values["type"])
