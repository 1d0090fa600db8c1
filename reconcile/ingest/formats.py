"""Records from claim and entity files in three formats, and the field checks they share.

Every record comes out as (line, fields as read, line of each field where the format knows it);
every problem is an `InputError` naming the file, line and field, collected so that one read
reports them all.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import yaml

from reconcile.config import MAX_FILE_BYTES_ENV, max_file_bytes
from reconcile.errors import InputError
from reconcile.ingest.json_lines import decode_line

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = "tag:yaml.org,2002:null"

# A combined error lists this many problems; the rest are counted (all are on `.errors`).
MAX_LISTED = 50

# The longest text a field may hold, in characters, alike in the three formats.
MAX_FIELD_CHARS = 1 << 20
# The values YAML aliases may add to a file's records beyond those written out: a "billion
# laughs" (aliases of aliases) expands to billions of values from a few lines.
MAX_ALIAS_VALUES = 100_000

# csv's own limit (131 072 characters by default) would refuse a long quote that JSONL and YAML
# accept, and name no column: it is lifted (a field is bounded by the file, whose size is), and
# every format checks MAX_FIELD_CHARS itself, naming the column.
csv.field_size_limit(sys.maxsize if sys.maxsize <= 2 ** 63 else 2 ** 63 - 1)

_SURROGATE = re.compile("[\ud800-\udfff]")

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))

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

def not_regular(mode: int) -> str | None:
    """Why a file of this mode cannot be read as input ("not a regular file (a FIFO)"), or None."""
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _KINDS if test(mode)), "of an unknown kind")
    return f"not a regular file ({what})"

def check_file(path: Path | str, shown: str, *, read: bool = False) -> bytes | None:
    """Refuse what cannot be read as an input file; its bytes when `read`.

    A FIFO, socket or device is refused before it is opened (reading one would never end), a
    file larger than `config.max_file_bytes()` before it is read, and the OS's reason is told
    for the rest (a broken or looping symbolic link, no permission).
    """
    try:
        mode = os.stat(path).st_mode
        problem = not_regular(mode)
        if problem is None:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as f:
                st = os.fstat(f.fileno())
                problem = not_regular(st.st_mode)  # replaced since the stat: still refused
                limit = max_file_bytes()
                if problem is None and st.st_size > limit:
                    problem = (f"{st.st_size:,} bytes, larger than the limit of {limit:,} bytes "
                               f"(set {MAX_FILE_BYTES_ENV} to raise it)")
                if problem is None and read:
                    data = f.read(limit + 1)
                    if len(data) > limit:  # grew since the fstat
                        problem = f"larger than the limit of {limit:,} bytes"
                    else:
                        return data
    except OSError as e:
        problem = e.strerror or str(e)
        if os.path.islink(path) and e.errno == 2:
            problem += " (a broken symbolic link)"
    if problem:
        raise InputError(shown, None, None, problem)
    return None

def check_value(value: Any) -> str | None:
    """Why a value read from a file cannot be kept (too long, NUL, lone surrogate), or None.

    PostgreSQL cannot store U+0000 in text and a lone surrogate cannot be encoded as UTF-8:
    both are refused here rather than where they are written.
    """
    if type(value) is str:
        if len(value) > MAX_FIELD_CHARS:
            return (f"{len(value):,} characters, longer than the limit of "
                    f"{MAX_FIELD_CHARS:,} for a field")
        if "\0" in value:
            return "contains a NUL character (U+0000)"
        if not value.isascii() and (m := _SURROGATE.search(value)):
            return f"contains a lone surrogate (U+{ord(m[0]):04X}), which is not Unicode text"
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            if (why := check_value(k) or check_value(v)) is not None:
                return why
    elif isinstance(value, list):
        for v in value:
            if (why := check_value(v)) is not None:
                return why
    return None

def _checked(shown: str, line: int, fields: Mapping[str, Any], lines: Mapping[str, int],
             errors: list[InputError]) -> bool:
    """Whether every field (name and value) of a record can be kept; errors for the others."""
    ok = True
    for name, value in fields.items():
        if (why := check_value(name)) is not None:
            errors.append(InputError(shown, lines.get(name, line), ascii(name), f"field name {why}"))
            ok = False
        elif (why := check_value(value)) is not None:
            errors.append(InputError(shown, lines.get(name, line), name, why))
            ok = False
    return ok

def records(path: Path, shown: str, errors: list[InputError], key: str,
             required: Sequence[str]) -> Iterator[_Record]:
    text = read_text(path, shown)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _jsonl_records(text, shown, errors)
    if suffix == ".csv":
        return _csv_records(text, shown, errors, required)
    return _yaml_records(text, shown, errors, key)

def read_text(path: Path, shown: str) -> str:
    """A file's text (UTF-8, a BOM dropped), checked as `check_file` checks it."""
    data = check_file(path, shown, read=True)
    assert data is not None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(shown, line, "-", f"not UTF-8 text (byte 0x{data[e.start]:02x})") from None

def _jsonl_records(text: str, shown: str, errors: list[InputError]) -> Iterator[_Record]:
    # Split on "\n" only: str.splitlines would also break on U+2028 inside JSON strings.
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip() and (fields := jsonl_record(shown, n, line, errors)) is not None:
            yield n, fields, {}

def jsonl_record(shown: str, n: int, line: str, errors: list[InputError]) -> dict[str, Any] | None:
    """The fields of line `n` of a JSONL file (not blank), or None after errors."""
    try:
        obj = decode_line(line)
    except (ValueError, RecursionError) as e:
        why = f"{e.msg} (column {e.colno})" if isinstance(e, json.JSONDecodeError) else e
        errors.append(InputError(shown, n, "-", f"invalid JSON: {why}"))
        return None
    if not isinstance(obj, dict):
        errors.append(InputError(shown, n, "-", f"expected a JSON object, got {kind(obj)}"))
        return None
    # Escapes (\u0000, \ud800) or length are the only ways to a value check_value refuses:
    # most lines need no look at their values.
    if (len(line) > MAX_FIELD_CHARS or "\\u" in line) and not _checked(shown, n, obj, {}, errors):
        return None
    return obj

def _csv_records(text: str, shown: str, errors: list[InputError],
                 required: Sequence[str]) -> Iterator[_Record]:
    # strict: a quote left open is an error at the end of the file, not a last field that
    # silently swallowed the rest of it (nor is text after a closing quote kept).
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    start = 1
    # Only a long or NUL-holding file can hold a field check_value refuses.
    check = len(text) > MAX_FIELD_CHARS or "\0" in text
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
            # Empty cells are absent fields (and absent from `raw`), but an empty cell of a
            # required column is that field left empty.
            fields = {h: c for h, c in zip(header, row) if h and (c.strip() or h in required)}
            if check and not _checked(shown, line, fields, {}, errors):
                continue
            yield line, fields, {}
    except csv.Error as e:
        if str(e) == "unexpected end of data":  # a quote opened and never closed
            line, cell = _open_quote(text, start)
            name = header[cell] if header and cell < len(header) and header[cell] else "-"
            raise InputError(shown, line, name, "a quoted field is never closed (its quote "
                             "opens here and runs to the end of the file)") from None
        raise InputError(shown, reader.line_num, "-", f"invalid CSV: {e}") from None

def _open_quote(text: str, start: int) -> tuple[int, int]:
    """The line and cell index of the quote left open in the record that begins on `start`."""
    pos = 0
    for _ in range(start - 1):
        pos = text.index("\n", pos) + 1
    line, cell, quoted, at_start, opened = start, 0, False, True, (start, 0)
    i = pos
    while i < len(text):
        c = text[i]
        if quoted:
            if c == '"':
                if text.startswith('"', i + 1):
                    i += 1
                else:
                    quoted = False
        elif c == '"' and at_start:
            quoted, opened = True, (line, cell)
        elif c == ",":
            cell, at_start = cell + 1, True
            i += 1
            continue
        elif c == "\n":  # a record ended (blank lines before the one left open)
            line, cell, at_start = line + 1, 0, True
            i += 1
            continue
        if c == "\n":
            line += 1
        at_start = False
        i += 1
    return opened

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
    memo = _Memo()
    # Escapes ("\0") or length are the only ways to a scalar check_value refuses.
    check = len(text) > MAX_FIELD_CHARS or "\\" in text
    for item in items.value:
        fields: dict[str, Any] = {}
        lines: dict[str, int] = {}
        name, where = "-", _line(item)
        try:
            if not isinstance(item, yaml.MappingNode):
                raise ValueError(f"expected a mapping, got {kind(_plain(item, memo))}")
            for k, v in item.value:
                name, where = "-", _line(k)
                name = k.value if isinstance(k, yaml.ScalarNode) else str(_plain(k, memo))
                if name in fields:
                    errors.append(InputError(shown, _line(k), name, "duplicate key"))
                fields[name], lines[name] = _plain(v, memo), _line(k)
        except ValueError as e:
            errors.append(InputError(shown, where, name, str(e)))
            continue
        if check and not _checked(shown, _line(item), fields, lines, errors):
            continue
        yield _line(item), fields, lines

def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1

class _Memo:
    """The nodes of one file built so far, their sizes, and the values aliases added."""

    def __init__(self) -> None:
        self.built: dict[int, tuple[Any, int] | None] = {}
        self.aliased = 0

def _plain(node: yaml.Node, memo: _Memo) -> Any:
    return _build(node, memo)[0]

def _build(node: yaml.Node, memo: _Memo) -> tuple[Any, int]:
    """A node as plain data and the count of values it holds; every scalar is its text as
    written, so `1.50` stays "1.50"."""
    if isinstance(node, yaml.ScalarNode):
        return (None if node.tag == _NULL else node.value), 1
    # YAML aliases share nodes: build each once, refuse cycles (a record must stay plain
    # JSON-able data), and count what each reuse adds as if it were written out, since
    # whatever walks the data later (encoding, storing) walks it expanded.
    key = id(node)
    if key in memo.built:
        done = memo.built[key]
        if done is None:
            raise ValueError("a YAML alias refers to itself")
        memo.aliased += done[1]
        if memo.aliased > MAX_ALIAS_VALUES:
            raise ValueError(f"YAML aliases expand past {MAX_ALIAS_VALUES:,} values")
        return done
    memo.built[key] = None
    size = 1
    if isinstance(node, yaml.SequenceNode):
        value: Any = []
        for n in node.value:
            v, k = _build(n, memo)
            value.append(v)
            size += k
    else:
        value = {}
        for kn, vn in node.value:
            (k, ks), (v, vs) = _build(kn, memo), _build(vn, memo)
            value[str(k)] = v
            size += ks + vs
    memo.built[key] = (value, size)
    return value, size
