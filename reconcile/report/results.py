"""The contract's JSON, written as a stream (`--format json`, `.reconcile/run_results.json`) and read back.

A run of a million claims makes a payload of hundreds of megabytes, so it is never built as one
string: the top level is laid out by hand and each resolution (or unmatched mention, or error) is
encoded on its own line by the C encoder. The file stays valid JSON, reads well, and diffs one key
per line.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator
from zlib import crc32

from reconcile.core import Interval, Key, interval_from_json
from reconcile.errors import ReportInputError
from reconcile.output import atomic_text
from reconcile.report import splice
from reconcile.store.encoding import Encoded, json_number

LISTS = ("resolutions", "unmatched", "errors")


def _default(value):
    if isinstance(value, Decimal):
        return json_number(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


_compact = json.JSONEncoder(ensure_ascii=False, default=_default, separators=(", ", ": "))


def to_json(payload: Any) -> str:
    """Small documents (`explain --json`, `runs --json`): indented."""
    return json.dumps(payload, ensure_ascii=False, indent=2, default=_default) + "\n"


def iter_json(payload: dict[str, Any]) -> Iterator[str]:
    """The run payload as JSON text, in chunks: objects of the big lists one per line.

    The big lists may be any iterables (stored resolutions are streamed), and their items
    `Encoded` texts.
    """
    for chunk, _ in _parts(payload):
        yield chunk


def _parts(payload: dict[str, Any], resolutions=None) -> Iterator[tuple[str | bytes, bool]]:
    """`iter_json`'s chunks, each with whether it is one of the resolutions; `resolutions`, when
    given, stands in for the payload's (its items may be bytes already encoded)."""
    yield "{", False
    first = True
    for name, value in payload.items():
        yield ("" if first else ",") + "\n  " + _compact.encode(name) + ": ", False
        first = False
        if name not in LISTS or isinstance(value, (str, dict)) or value is None:
            yield _compact.encode(value), False
            continue
        if name == "resolutions" and resolutions is not None:
            value = resolutions
        sep = "[\n    "
        for item in value:  # no concatenation: a stored resolution is kilobytes, not copied
            yield sep, False
            yield (item if isinstance(item, (Encoded, splice.Copied)) else _compact.encode(item),
                   name == "resolutions")
            sep = ",\n    "
        yield "[]" if sep == "[\n    " else "\n  ]", False
    yield "\n}\n", False


def write_results(path: Path | str, payload: dict[str, Any]) -> Path:
    """Write run_results.json atomically: CI never picks up half a file.

    When the resolutions are a stored run's (`store.runs.StoredResolutions`), the file's index
    is kept in the cache (`splice.ResultsIndex`), and the next run writing the same path copies
    the bytes of the resolutions it carried forward from this file instead of reading,
    decompressing and writing each again. A copied line is checked against the CRC-32 it was
    written with; the result is byte for byte what a full write gives.
    """
    path = Path(path)
    stored = payload.get("resolutions")
    ids = getattr(stored, "ids", None)
    items = None if ids is None else splice.items(path, stored)
    written: list[tuple[int, int, int, int]] = []  # (resolution id, offset, length, CRC-32)
    with atomic_text(path) as fh:
        for chunk in _buffered_bytes(_parts(payload, items), written, ids):
            if isinstance(chunk, splice.Copied):
                chunk.copy_to(fh.buffer)
            else:
                fh.buffer.write(chunk)
    if ids is not None:
        splice.keep_index(path, stored, written)
    return path


def _buffered_bytes(parts, written: list, ids, size: int = 1 << 16
                    ) -> Iterator[bytes | splice.Copied]:
    """The parts as UTF-8 in writes of about `size` bytes, a copied span as it is, noting
    where each resolution lies."""
    buf: list[bytes] = []
    n = offset = at = 0
    for chunk, resolution in parts:
        if isinstance(chunk, splice.Copied):
            written.extend((rid, offset + rel, length, crc)
                           for rid, rel, length, crc in chunk.entries)
            at += len(chunk.entries)
            offset += len(chunk)
            if buf:
                yield b"".join(buf)
                buf, n = [], 0
            yield chunk
            continue
        data = chunk.encode()
        if resolution and ids is not None:
            written.append((ids[at], offset, len(data), crc32(data)))
            at += 1
        offset += len(data)
        buf.append(data)
        n += len(data)
        if n >= size:
            yield b"".join(buf)
            buf, n = [], 0
    if buf:
        yield b"".join(buf)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of the run payload, shipped in the package (run.schema.json)."""
    text = resources.files("reconcile.report").joinpath("run.schema.json").read_text("utf-8")
    return json.loads(text)


def key_of(resolution: dict[str, Any]) -> Key:
    """The resolution key of a resolution object: (subject_id, attribute, object_id, as_of)."""
    return Key(resolution["subject_id"], resolution["attribute"], resolution["object_id"],
               resolution["as_of"])


def interval_of(claim: dict[str, Any], *, as_read: bool = False) -> Interval:
    """A claim object's interval as the resolution used it: converted into the key's currency
    when it was (with `as_read`, as its words say, before any conversion)."""
    iv = claim["interval"] if as_read else (
        (claim.get("conversion") or {}).get("interval") or claim["interval"])
    return interval_from_json(iv)


def read_results(path: Path | str) -> dict[str, Any]:
    """A run_results.json written by an earlier `run` (a baseline, or one side of `diff`)."""
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportInputError(f"{path}: not JSON: {exc}") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("resolutions"), list):
        raise ReportInputError(f"{path}: not a run_results.json (no `resolutions` list)")
    for i, r in enumerate(payload["resolutions"]):
        missing = [f for f in ("subject_id", "attribute", "object_id", "as_of", "status")
                   if not isinstance(r, dict) or f not in r]
        if missing:
            raise ReportInputError(f"{path}: resolutions[{i}]: missing {', '.join(missing)}")
    return payload
