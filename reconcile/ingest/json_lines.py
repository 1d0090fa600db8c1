"""One line of a JSONL claims file as the contract reads it.

The contract: numbers stay as their literal text (1.50 is "1.50", a 30-digit integer its 30
digits), a key repeated in an object is refused, NaN and Infinity are refused. `STRICT`, the
standard library's decoder with hooks, is the reference, but it calls back into Python for
every object and number. msgspec decodes the usual line (an object of strings) three times
faster, in C, but keeps the last of a repeated key silently and turns integers into ints. So
`decode_line` keeps msgspec's object only when it can tell cheaply that both decoders give the
same one, and hands every other line (a nested value, a boolean, a negative zero, a colon in a
key or escaped, anything msgspec refuses) to `STRICT`, whose result and errors are the
reference by definition.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import msgspec


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) < len(pairs):  # json.loads would silently keep the last of a repeated key
        keys = [k for k, _ in pairs]
        raise ValueError(f"duplicate key {next(k for k in keys if keys.count(k) > 1)!r}")
    return out


def _json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


# Numbers stay as their literal text: 1.5 is "1.5", never a float's repr.
STRICT = json.JSONDecoder(object_pairs_hook=_json_pairs, parse_float=str, parse_int=str,
                          parse_constant=_json_constant)

# A float's literal text is handed to the hook as written; integers come back as ints.
_FAST = msgspec.json.Decoder(float_hook=str)
_MALFORMED = msgspec.DecodeError


def decode_line(line: str) -> Any:
    """The JSON value of `line`, exactly as `STRICT.decode(line)` gives it (or raises)."""
    try:
        obj = _FAST.decode(line)
    except _MALFORMED:  # NaN, a lone surrogate, bad JSON: the reference says what is wrong
        return STRICT.decode(line)
    if type(obj) is dict:
        try:
            inner = "".join(obj.values())
        except TypeError:  # a value that is not a string: null, a number, a list…
            return obj if _plain(obj, line) else STRICT.decode(line)
        # No key repeated (see _same_keys), inlined: it runs for every line of a file.
        if line.count(":") == len(obj) + inner.count(":") and "\\u003" not in line:
            return obj
    return STRICT.decode(line)


def _same_keys(line: str, obj: dict[str, Any], colons: int) -> bool:
    """Whether msgspec kept every key of the line's flat object, counting colons.

    Outside strings, a flat object's text holds one colon per key; inside, the colons of its
    strings, which the decoded strings hold too unless written `\\u003a`. So the line holds
    `len(obj)` plus the colons of its values (`colons`) when no key was repeated; a key
    repeated drops a key (and its value's colons) from the object, and a colon in a key adds
    one to the line: either way the counts differ, and `STRICT` decides.
    """
    return line.count(":") == len(obj) + colons and "\\u003" not in line


def _plain(obj: dict[str, Any], line: str) -> bool:
    """Make an object of strings, nulls and numbers read as `STRICT` reads it (numbers as
    their text); False when it holds anything else, or when only `STRICT` can tell."""
    colons = 0
    for name, value in obj.items():
        kind = type(value)
        if kind is str:  # a string, or a float's literal text
            colons += value.count(":")
        elif kind is int:
            # JSON writes an integer one way, which str() gives back, except -0; past 4,300
            # digits str() refuses (Python's limit on int to text), where STRICT has the text.
            if value == 0 and "-0" in line:
                return False
            try:
                obj[name] = str(value)
            except ValueError:
                return False
        elif value is not None:  # a boolean, a list or a nested object
            return False
    return _same_keys(line, obj, colons)


def claim_line_decoder(names: Sequence[str]) -> Callable[[str], msgspec.Struct]:
    """A decoder of lines whose object holds only the fields `names`, each a string or absent
    (None): the struct's fields in that order. Anything else (a number, a null, an unknown
    field) is a `msgspec.ValidationError`; a key repeated is not detected (the last is kept)."""
    line = msgspec.defstruct("ClaimLine", [(name, str | None, None) for name in names],
                             forbid_unknown_fields=True)
    return msgspec.json.Decoder(line).decode
