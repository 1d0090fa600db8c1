"""A matcher written to disk as data only: loading a snapshot never runs code from the file.

The matcher cache cannot be a pickle: unpickling calls whatever the file names, so a file
dropped into the cache folder would run as the user. A snapshot is `marshal` data of plain
values (str, int, float, bool, None, bytes and the builtin containers); the objects of the
matcher's index are tagged with their class, which must be one of `CLASSES`, and rebuilt
field by field without calling any constructor. NumPy arrays are stored as their dtype, shape
and bytes (object arrays as the list of their items). A header holds the SHA-256 of the body,
so a truncated or altered body is refused before it is decoded.

A reference to an object seen before is stored once and shared again on load, as the index
shares its word lists; the graph has no cycles (one is refused when writing).
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
from typing import Any

import numpy as np

from reconcile.core import Entity
from reconcile.errors import ReconcileError
from reconcile.rules import MatchingRules

from .initials import Initials
from .matcher import Matcher
from .qualifiers import Qualified, QualifierIndex
from .results import ReviewDecision
from .scoring import ChoiceIndex, EntityChoices, Strings
from .tokens import TokenIndex

MAGIC = b"reconcile-matcher-snapshot 1\n"
CLASSES = {cls.__qualname__: cls for cls in (
    Matcher, Initials, Qualified, QualifierIndex, ChoiceIndex, EntityChoices, Strings, TokenIndex, Entity,
    MatchingRules, ReviewDecision)}
_NATIVE = (str, int, float, bool, type(None), bytes)
_CONTAINERS = {dict: "D", list: "L", tuple: "T", set: "S", frozenset: "F"}
_BUILD = {"L": list, "T": tuple, "S": set, "F": frozenset}


class SnapshotError(ReconcileError):
    """A file that is not a snapshot this code wrote, or an object it cannot write."""


def dumps(value: Any) -> bytes:
    """The snapshot of `value`: header, SHA-256 of the body, body."""
    body = marshal.dumps(_Encoder().encode(value))
    return MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def loads(data: bytes) -> Any:
    """The value a snapshot holds; SnapshotError when the file is not an intact snapshot."""
    if not data.startswith(MAGIC):
        raise SnapshotError("not a matcher snapshot")
    digest, _, body = data[len(MAGIC):].partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != digest:
        raise SnapshotError("the snapshot's body does not match its digest")
    try:
        tree = marshal.loads(body)
    except (EOFError, ValueError, TypeError) as exc:
        raise SnapshotError(f"unreadable snapshot: {exc}") from None
    return _Decoder().decode(tree)


def _is_native(value: Any) -> bool:
    """Plain data marshal keeps as it is, all the way down."""
    kind = type(value)
    if kind in _NATIVE:
        return True
    if kind is dict:
        return all(_is_native(k) and _is_native(v) for k, v in value.items())
    if kind in (list, tuple, set, frozenset):
        return all(map(_is_native, value))
    return False


class _Encoder:
    def __init__(self) -> None:
        self.memo: dict[int, int] = {}  # id(object) -> its reference number
        self.keep: list[Any] = []  # the objects numbered, alive while ids are compared
        self.busy: set[int] = set()

    def encode(self, value: Any) -> Any:
        if _is_native(value):
            return ("n", value)
        ref = self.memo.get(id(value))
        if ref is not None:
            return ("r", ref)
        if id(value) in self.busy:
            raise SnapshotError(f"a cycle through a {type(value).__qualname__}")
        self.busy.add(id(value))
        encoded = self._encode(value)
        self.busy.discard(id(value))
        self.memo[id(value)] = len(self.keep)
        self.keep.append(value)
        return ("m", encoded)

    def _encode(self, value: Any) -> Any:
        kind = type(value)
        if kind is dict:
            return ("D", [(self.encode(k), self.encode(v)) for k, v in value.items()])
        if kind in _CONTAINERS:
            return (_CONTAINERS[kind], [self.encode(v) for v in value])
        if kind is np.ndarray:
            if value.dtype == object:
                return ("O", value.shape, [self.encode(v) for v in value.ravel().tolist()])
            return ("A", value.dtype.str, value.shape, np.ascontiguousarray(value).tobytes())
        name = kind.__qualname__
        if CLASSES.get(name) is not kind:
            raise SnapshotError(f"a {kind.__module__}.{name} cannot be written to a snapshot")
        return ("C", name, [(field, self.encode(v)) for field, v in _fields(value)])


class _Decoder:
    def __init__(self) -> None:
        self.refs: list[Any] = []

    def decode(self, tree: Any) -> Any:
        tag = tree[0]
        if tag == "n":
            return tree[1]
        if tag == "r":
            return self.refs[tree[1]]
        if tag != "m":
            raise SnapshotError(f"unknown snapshot tag {tag!r}")
        value = self._decode(tree[1])
        self.refs.append(value)
        return value

    def _decode(self, node: Any) -> Any:
        tag = node[0]
        if tag == "D":
            return {self.decode(k): self.decode(v) for k, v in node[1]}
        if tag in _BUILD:
            return _BUILD[tag](self.decode(v) for v in node[1])
        if tag == "A":
            _, dtype, shape, raw = node
            if np.dtype(dtype).hasobject:
                raise SnapshotError("an array of objects stored as bytes")
            return np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(shape).copy()
        if tag == "O":
            _, shape, items = node
            out = np.empty(len(items), dtype=object)
            out[:] = [self.decode(v) for v in items]
            return out.reshape(shape)
        if tag == "C":
            _, name, fields = node
            cls = CLASSES.get(name)
            if cls is None:
                raise SnapshotError(f"a snapshot may not hold a {name!r}")
            obj = object.__new__(cls)  # no __init__: the fields are restored as they were
            for field, v in fields:
                object.__setattr__(obj, field, self.decode(v))
            return obj
        raise SnapshotError(f"unknown snapshot tag {tag!r}")


def _fields(obj: Any) -> list[tuple[str, Any]]:
    """An object's own fields: its __dict__, else its slots (dataclasses with slots=True)."""
    if hasattr(obj, "__dict__"):
        return list(vars(obj).items())
    if dataclasses.is_dataclass(obj):
        return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)]
    return [(name, getattr(obj, name)) for cls in type(obj).__mro__
            for name in getattr(cls, "__slots__", ()) if hasattr(obj, name)]
