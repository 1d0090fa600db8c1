"""Claims: find the claim files under the given paths and read them into `Claim` records."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import msgspec

from reconcile.core import CONTENT_FIELDS, REQUIRED, Claim
from reconcile.errors import InputError
from reconcile.ingest.entities import ENTITY_FILES
from reconcile.ingest.formats import (
    MAX_FIELD_CHARS,
    check_file,
    check_value,
    jsonl_record,
    raise_all,
    read_text,
    records,
    strings,
)
from reconcile.ingest.json_lines import claim_line_decoder

# Fields a record cannot be a claim without; an empty `value` is still a claim (unreadable).
_REQUIRED_TEXT = tuple(name for name in REQUIRED if name != "value")

CLAIM_SUFFIXES = (".jsonl", ".csv", ".yaml", ".yml")

LANGS = ("en", "fr")

_quote = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]

_CANONICAL_KEYS = [(_quote(name) + ":", name) for name in sorted(CONTENT_FIELDS)]

_ABSENT = object()

_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})  # shared by the claims that need none

_SHARED = ("outlet", "subject", "attribute", "object", "value", "via", "lang", "published",
           "as_of")

_intern = sys.intern

_AS_OF = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-[Qq]([1-4]))?")

_DATE_START = re.compile(r"\d{4}-\d{2}-\d{2}")


def content_id(fields: Mapping[str, str | None]) -> str:
    """First 16 hex chars of the sha256 of the claim's content fields as canonical JSON."""
    return _content_id([fields.get(name) for _, name in _CANONICAL_KEYS])

def _content_id(values: Sequence[str | None]) -> str:
    """`content_id` of the content fields' values in the order of their sorted names."""
    # Byte for byte json.dumps(..., sort_keys=True, separators=(",", ":")), built by hand
    # because it runs once per claim and the general encoder is twice as slow.
    blob = "{" + ",".join([key + ("null" if v is None else _quote(v))
                           for (key, _), v in zip(_CANONICAL_KEYS, values)]) + "}"
    return hashlib.sha256(blob.encode("ascii")).hexdigest()[:16]

def claim_files(paths: Sequence[Path | str], *, exclude_entities: bool = True) -> list[Path]:
    """Expand files and directories (recursively, sorted) to claim files, each once.

    Every file is checked to be a regular file reconcile may read (see `check_file`): a FIFO,
    socket or device, a broken or looping link, a file too large is an InputError, named
    directly or found in a folder. A directory holding no claim file is an InputError too,
    unless it holds the entities file (the seeds directory, the default place for claims).
    """
    out: dict[str, Path] = {}  # real path -> path: a file named twice is read once
    for given in paths:
        path, problem = Path(given), None
        if path.is_dir():
            found = _walk(path, exclude_entities)
            if not found and not _is_seeds_dir(path):
                problem = f"no claim files ({', '.join(CLAIM_SUFFIXES)}) here"
        elif not path.exists() and not path.is_symlink():
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
            check_file(f, str(f))
            out.setdefault(os.path.realpath(f), f)
    return list(out.values())

def _is_seeds_dir(path: Path) -> bool:
    return any((path / name).exists() for name in ENTITY_FILES)

def _walk(root: Path, exclude_entities: bool) -> list[Path]:
    """Claim files under `root`, following links to folders; a link back up is an error."""
    def refuse(error: OSError) -> None:  # os.walk would skip an unreadable folder silently
        raise InputError(error.filename or os.fspath(root), None, None,
                         error.strerror or str(error))

    found = []
    for here, dirs, files in os.walk(root, onerror=refuse, followlinks=True):
        # Hidden directories hold tool state (.git, .reconcile), never inputs.
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        real = os.path.realpath(here)
        for d in dirs:
            target = os.path.realpath(os.path.join(here, d))
            if real == target or real.startswith(target.rstrip(os.sep) + os.sep):
                raise InputError(os.path.join(here, d), None, None,
                                 f"a symbolic link loop (leads back to {target})")
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
            if f.suffix.lower() == ".jsonl":
                parsed += _jsonl_claims(f, shown, errors)
                continue
            for line, fields, lines in records(f, shown, errors, "claims", REQUIRED):
                item = _claim(shown, line, fields, lines, errors)
                if item is not None:
                    parsed.append(item)
        except InputError as e:
            errors.append(e)
    claims = _dedupe(parsed, errors)
    if errors:
        raise_all(errors, order)
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

def _jsonl_claims(path: Path, shown: str, errors: list[InputError]
                  ) -> Iterator[tuple[Claim, str, bool]]:
    """The claims of a JSONL file: each line read by `_plain_claim` when it can, else as
    every format's records are (`jsonl_record`, then `_claim`)."""
    # Split on "\n" only: str.splitlines would also break on U+2028 inside JSON strings.
    for n, line in enumerate(read_text(path, shown).split("\n"), 1):
        if not line.strip():
            continue
        item = _plain_claim(shown, n, line)
        if item is None and (fields := jsonl_record(shown, n, line, errors)) is not None:
            item = _claim(shown, n, fields, {}, errors)
        if item is not None:
            yield item

_decode_claim_line = claim_line_decoder(sorted(CONTENT_FIELDS) + ["id"])
_CLAIM_LINE_ERROR = msgspec.DecodeError  # ValidationError (a number, an unknown field) too
_as_tuple = msgspec.structs.astuple

_strip = str.strip

# A claim's content as `content_id` writes it: json.dumps escapes every character outside
# printable ASCII, msgspec only the control characters, the same way; so for a content of
# printable ASCII msgspec writes the same bytes, from a struct, in C.
_ClaimContent = msgspec.defstruct("ClaimContent",
                                  [(name, str | None) for name in sorted(CONTENT_FIELDS)])
_encode_content = msgspec.json.Encoder().encode
_sha256 = hashlib.sha256


def _plain_claim(shown: str, n: int, line: str) -> tuple[Claim, str, bool] | None:
    """The claim of a line that is one object of known fields, all plain strings already
    stripped and valid, as `_claim` would make it; None for every other line (a number, a
    null, an unknown field, blanks, a field to refuse or rewrite, a key maybe repeated), left
    to the general path, which says what is wrong with it.

    msgspec decodes such a line into a struct in C, checking the names and types of its fields:
    no dict of fields, no `strings` pass, no extra fields to look for."""
    try:
        values = _as_tuple(_decode_claim_line(line))
    except _CLAIM_LINE_ERROR:
        return None
    joined = "\n".join(filter(None, values))
    # A key repeated leaves a field fewer than the line's colons count (see json_lines).
    if line.count(":") != len(values) - values.count(None) + joined.count(":") or \
            "" in values or "\n".join(map(_strip, filter(None, values))) != joined:
        return None  # a key maybe repeated, a field empty, or one starting or ending in blanks
    if ("\\u" in line or len(line) > MAX_FIELD_CHARS) and (
            "\\u003" in line or check_value(joined) is not None):
        return None  # an escaped colon, or what check_value refuses: NUL, a surrogate, length
    (as_of, attribute, lang, object_, outlet, published, quote, subject, url, value, via,
     explicit) = values
    if outlet is None or subject is None or attribute is None or value is None or (
            lang is not None and lang not in LANGS):
        return None
    try:
        if published is not None:
            _check_published(published)
        if as_of is not None and _check_as_of(as_of) != as_of:
            return None
    except ValueError:
        return None
    content = values[:-1]
    h = _sha256(_encode_content(_ClaimContent(*content))).hexdigest()[:16] \
        if joined.isascii() and "\x7f" not in joined else _content_id(content)
    intern = _intern
    claim = Claim(id=explicit or h, outlet=intern(outlet), subject=intern(subject),
                  attribute=intern(attribute), value=intern(value),
                  object=object_ and intern(object_), via=via and intern(via),
                  lang=lang and intern(lang), published=published and intern(published),
                  as_of=as_of and intern(as_of), url=url, quote=quote, file=shown, line=n,
                  extra=_NO_EXTRA, content_sha=h, named=explicit is not None)
    return claim, h, explicit is not None

def _claim(shown: str, line: int, fields: dict[str, Any], lines: dict[str, int],
           errors: list[InputError]) -> tuple[Claim, str, bool] | None:
    """Validate one record; returns (claim, content hash, id given) or None after errors."""
    values = strings(shown, line, fields, lines, errors, CONTENT_FIELDS + ("id",), _REQUIRED_TEXT)
    if fields.get("value") is None:
        errors.append(InputError(shown, lines.get("value", line), "value",
                                 "required field is missing"))
        return None
    if values is None:
        return None
    if values["value"] is None:
        # An empty value is a claim whose value cannot be read, not a bad file: it is stored
        # and listed under `errors` as unreadable, and the run goes on.
        values["value"] = ""
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
