"""JSONL lines: msgspec's fast decoding gives what the strict reference decoder gives, or defers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings, strategies as st

from reconcile.cli import main
from reconcile.errors import InputError
from reconcile.ingest import claims, content_id, formats, read_claims
from reconcile.ingest.json_lines import STRICT, decode_line

ROOT = Path(__file__).resolve().parents[2]



def claim(rest: str) -> str:
    """A claim's line: its outlet, subject and attribute, then `rest`."""
    return '{"outlet": "o", "subject": "s", "attribute": "a", ' + rest + "}"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative paths, so error messages read as users see them


def claims_of(line: str) -> list:
    Path("x.jsonl").write_text('{"outlet": "o", "subject": "s", "attribute": "a", "value": "1"}\n'
                               + line + "\n", encoding="utf-8")
    return read_claims(["x.jsonl"])


def error_of(line: str) -> str:
    with pytest.raises(InputError) as info:
        claims_of(line)
    return str(info.value)


@pytest.mark.parametrize("line,field", [
    (claim('"value": "1", "value": "2"'), "value"),
    # the colons of a URL must not hide the key repeated after it
    (claim('"url": "https://a.example/x", "value": "1", "value": "2"'), "value"),
    # a repeated key whose value held the colon the count would miss
    (claim('"value": "1", "quote": "a:b", "quote": "c"'), "quote"),
    (claim('"value": 1, "value": 2'), "value"),
    (claim('"value": "1", "via": null, "via": "v"'), "via"),
    (claim('"value": "1", "outlet" : "p"'), "outlet"),
    ('{"outlet\\u003a": "o", "subject": "s", "attribute": "a", "value": "1", "value": "x"}', "value"),
])
def test_a_repeated_key_is_refused_with_file_line_and_name(line, field):
    assert error_of(line) == f"x.jsonl:2: -: invalid JSON: duplicate key {field!r}"


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(literal):
    assert error_of(claim(f'"value": {literal}')) == \
        f"x.jsonl:2: -: invalid JSON: {literal} is not a JSON value"


def test_a_refused_line_exits_2_naming_it():
    Path("x.jsonl").write_text(claim('"value": "1", "value": "2"') + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--claims", "x.jsonl", "--seeds",
                                       str(ROOT / "seeds"), "--rules", str(ROOT / "rules"),
                                       "--db", "sqlite:///" + os.path.abspath("t.db")])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: x.jsonl:1: -: invalid JSON: duplicate key 'value'")


@pytest.mark.parametrize("literal", [
    "1.50", "-0", "-0.0", "0", "1e3", "1E+03", "2.50e-7", "123456789012345678901234567890",
    "-98765432109876543210987654321098765432109876543210", "18446744073709551616",
    "9" * 5000,  # past Python's limit on int to text, kept as written all the same
])
def test_numbers_are_kept_as_written(literal):
    read = claims_of(claim(f'"value": {literal}, "url": "https://x.example"'))[1]
    assert read.value == literal


def test_numbers_in_extra_fields_are_kept_as_written():
    read = claims_of(claim('"value": "2", "rank": 7.50e1, "n": -0, "m": 10'))[1]
    assert dict(read.extra) == {"rank": "7.50e1", "n": "-0", "m": "10"}


# Lines like those users write: objects of strings mostly, with numbers, nulls, nested values,
# colons, escapes, odd spacing and keys written twice.
_keys = st.sampled_from(["outlet", "subject", "attribute", "value", "via", "url", "quote",
                         "a:b", "é", "id"])
_scalars = st.one_of(
    st.text(max_size=12), st.sampled_from(["https://x.example/a", "10:30", ":", "\\u003a"]),
    st.integers(), st.integers(min_value=-2 ** 200, max_value=2 ** 200),
    st.floats(allow_nan=False, allow_infinity=False), st.none(), st.booleans())
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_keys, inner, max_size=3), max_leaves=6)
_spaces = st.sampled_from(["", " ", "  ", "\t", "\r", "\n"])


@st.composite
def json_lines(draw):
    pairs = draw(st.lists(st.tuples(_keys, _values), max_size=8))
    ascii_only = draw(st.booleans())
    sp = draw(_spaces)
    body = [f"{json.dumps(k, ensure_ascii=ascii_only)}{sp}:{draw(_spaces)}"
            f"{json.dumps(v, ensure_ascii=ascii_only)}" for k, v in pairs]
    line = "{" + f",{sp}".join(body) + "}"
    return draw(st.sampled_from([line, line.replace("1", "-0", 1), line[:-1], " " + line + "\r",
                                 line.replace('"', "", 1), line.replace("null", "NaN", 1),
                                 "[" + line + "]", line.replace(":", "\\u003a", 1)]))


def _decoded(decode, line):
    try:
        return "value", decode(line)
    except (ValueError, RecursionError) as e:
        return "error", str(e)


@settings(max_examples=500, deadline=None)
@given(json_lines())
@example('{"a": 1, "a": 2}')
@example('{"a": "x:y", "a": ""}')
@example('{"v": -0}')
@example('{"v": "\\ud800"}')
@example('{"v": "tab\there"}')
@example('\x0c{"v": "1"}')
@example('{"v": 1.50, "w": 1e400}')
def test_decode_line_is_the_strict_decoder(line):
    assert _decoded(decode_line, line) == _decoded(STRICT.decode, line)


_fields = st.sampled_from(["outlet", "subject", "attribute", "value", "object", "via", "url",
                           "quote", "published", "as_of", "lang", "id", "rank"])
_field_values = st.one_of(
    st.sampled_from(["o", " p ", "o ", "", "\u3000x", "x\x1c", "\x85x", "a\nb", "L\u2019\u00c9cho",
                     "https://u:1", "en", "EN", "fr", "de", "2024-01-05", "2024-01-05T10:00:00",
                     "2024-13-01", "2024", "2024-q1", "2024-Q1", "2024-13", "c1", "\x00"]),
    st.text(max_size=6), st.integers(), st.floats(allow_nan=False), st.none(), st.booleans())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(_fields, _field_values), min_size=3, max_size=10),
                min_size=1, max_size=6), st.booleans())
def test_claims_read_through_msgspec_are_those_of_the_general_path(records, ascii_only):
    """The whole read (checks, ids, extra fields, errors) agrees with the general path: each
    line decoded by the strict decoder into a dict of fields, then checked field by field."""
    Path("h.jsonl").write_text("".join(
        "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=ascii_only)}"
                        for k, v in pairs) + "}\n" for pairs in records), encoding="utf-8")

    def read():
        try:  # a claim's equality leaves out its extra fields, its hash and whether named
            return "claims", [(c, dict(c.extra), c.content_sha, c.named)
                              for c in read_claims(["h.jsonl"])]
        except InputError as e:
            return "error", str(e)

    fast = read()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(formats, "decode_line", STRICT.decode)
        patch.setattr(claims, "_plain_claim", lambda shown, n, line: None)
        general = read()
    assert fast == general


def test_plain_lines_are_read_by_msgspec_alone():
    """The usual line (strings, stripped, valid) takes the struct path; the others do not."""
    plain = claim('"value": "$1 billion", "url": "https://a.example/x", "published": "2024-01-05"')
    assert claims._plain_claim("x.jsonl", 1, plain) is not None
    for other in [claim('"value": "1", "value": "2"'), claim('"value": " 1"'),
                  claim('"value": 1'), claim('"value": "1", "via": null'),
                  claim('"value": "1", "rank": "3"'), claim('"value": "1", "lang": "EN"'),
                  claim('"value": "1", "as_of": "2024-q1"'), claim('"value": "1", "id": ""')]:
        assert claims._plain_claim("x.jsonl", 1, other) is None, other


@pytest.mark.parametrize("code", range(128))
def test_the_struct_path_hashes_content_as_content_id_does(code):
    """msgspec writes the canonical JSON of printable ASCII content; every ASCII character
    (quotes, backslashes, control characters, DEL) gives the id content_id gives."""
    line = claim(json.dumps("value") + ": " + json.dumps(f"x{chr(code)}y") + ', "via": "v"')
    plain = claims._plain_claim("x.jsonl", 1, line)
    fields = STRICT.decode(line)
    expected = content_id(fields)
    if code == 0:  # NUL is refused: by the general path, which names it
        assert plain is None
        assert error_of(line) == "x.jsonl:2: value: contains a NUL character (U+0000)"
        return
    assert plain is not None and plain[0].content_sha == plain[1] == expected
    assert [c.content_sha for c in claims_of(line)][1:] == [expected]
