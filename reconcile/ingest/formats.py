"""Records from claim and entity files in three formats, and the field checks they share.

Every record comes out as (line, fields as read, line of each field where the format knows it);
every problem is an `InputError` naming the file, line and field, collected so that one read
reports them all.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import yaml

from reconcile.errors import InputError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = "tag:yaml.org,2002:null"

# A combined error lists this many problems; the rest are counted (all are on `.errors`).
MAX_LISTED = 50

# (line of the record, fields as read, line of each field where the format knows it)
_Record = tuple[int, dict[str, Any], dict[str, int]]


def raise_all(errors: list[InputError], order: Mapping[str, int]) -> None:
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

def strings(shown: str, line: int, fields: Mapping[str, Any], lines: Mapping[str, int],
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
            problem = f"expected a string, got {kind(raw)}"
        errors.append(InputError(shown, lines.get(name, line), name, problem))
        bad = True
    return None if bad else values

def kind(value: Any) -> str:
    kinds = {bool: "a boolean", dict: "a mapping", list: "a list", str: "a string"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)

def records(path: Path, shown: str, errors: list[InputError], key: str,
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
            errors.append(InputError(shown, n, "-", f"expected a JSON object, got {kind(obj)}"))

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
                raise ValueError(f"expected a mapping, got {kind(_plain(item, memo))}")
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
