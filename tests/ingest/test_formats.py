"""The same claims written as JSONL, CSV and YAML read back as the same `Claim` lists.

Each example writes one list of claims through the standard library's `json` and `csv`
writers and PyYAML's `safe_dump`, reads each file with `read_claims`, and compares the
claims field by field (all but `file` and `line`, which differ by format), their `raw`
records, and what the claims should be: every text field stripped, `lang` in lower case,
a quarter as `YYYY-Qn`, an absent field None, the id the one given or the content's hash.

What the text strategy leaves out, and why (checked character by character, U+0000 to
U+30FF and a few beyond, in the middle of a field):

- surrogates (category Cs): not encodable as UTF-8, so no claim file holds them;
- U+0000 (NUL): refused in every format (PostgreSQL cannot store it in text; see
  tests/ingest/test_refusals.py);
- U+0085 (NEL): YAML reads it as a line break; PyYAML writes it unescaped inside a quoted
  scalar and reads it back as a space (or a newline after another one): that text cannot
  go through YAML unchanged. Every other character does, in all three formats, the
  other control characters, tabs, newlines, U+2028 and U+FEFF included.

Leading and trailing whitespace (anything `str.isspace`, NBSP included) is no exclusion:
the reader strips every text field in every format, so a field is generated as a core
without it, optionally padded with some, and expected back as the core (its `raw` keeps
the padding, alike in all three). A field that is only whitespace is absent, but CSV drops
such a cell from `raw` too where JSON and YAML keep it, so optional fields are either a
padded core or left out, never blank.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from reconcile.core import CONTENT_FIELDS, Claim
from reconcile.ingest import content_id, read_claims

OPTIONAL = ("object", "via", "lang", "published", "as_of", "url", "quote")
assert set(CONTENT_FIELDS) == {"outlet", "subject", "attribute", "value", *OPTIONAL}

# Characters that a writer must quote or escape, or that are easy to lose: French accents
# and the typographic apostrophe, CSV's comma and quote, YAML's indicators (": ", "#", "-",
# "?", "{", "[", "&", "*", "!", "|", ">", "%", "@", "`"), line breaks and other controls.
_TRICKY = list("éèêëàâçôûùïœÉÀÇ’‘“”«»,;\"':#-?{}[]&*!|>%@`\\/ \t\n\r\x1b\u2028\u00a0"
               "\u202f\u2009\ufeff€$1.")
_CHARS = st.one_of(st.sampled_from(_TRICKY),
                   st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x85"))
# Whole values that a YAML or CSV reader may take for something other than text.
_LOOKALIKES = ["null", "Null", "~", "true", "no", "yes", "1.50", "0x1F", "1e3", "2024-01-05",
               "- item", "? key", "key: value", "a, b", '"quoted"', "'single'", "#comment",
               "&anchor", "*alias", "!tag", "%YAML", "---", "...", "=SUM(A1)", "l’Oréal",
               "jusqu’à 50 milliards d’euros", "Société Générale: « 12,5 % »"]
_PAD = st.text(st.sampled_from(" \t\u00a0\u3000"), max_size=2)


@st.composite
def _text(draw) -> tuple[str, str]:
    """(as written, as it should be read): a core with no whitespace at its ends, padded."""
    core = draw(st.one_of(st.sampled_from(_LOOKALIKES),
                          st.text(_CHARS, min_size=1, max_size=40)).filter(
        lambda s: s.strip() == s and s))
    if draw(st.booleans()):
        return core, core
    return draw(_PAD) + core + draw(_PAD), core


def _published():
    day = st.dates().map(lambda d: d.isoformat())
    stamp = st.datetimes().map(lambda t: t.isoformat(timespec="seconds"))
    return st.one_of(day, stamp).map(lambda s: (s, s))


def _as_of():
    year = st.integers(1, 9999)
    return st.one_of(
        year.map(lambda y: (f"{y:04d}",) * 2),
        st.tuples(year, st.integers(1, 12)).map(lambda p: (f"{p[0]:04d}-{p[1]:02d}",) * 2),
        st.dates().map(lambda d: (d.isoformat(),) * 2),
        st.tuples(year, st.integers(1, 4), st.sampled_from("Qq")).map(
            lambda p: (f"{p[0]:04d}-{p[2]}{p[1]}", f"{p[0]:04d}-Q{p[1]}")),
    )


_LANG = st.sampled_from(["en", "fr", "EN", "Fr", " fr "]).map(lambda s: (s, s.strip().lower()))
_OPTIONAL = {"object": _text(), "via": _text(), "lang": _LANG, "published": _published(),
             "as_of": _as_of(), "url": _text(), "quote": _text()}


@st.composite
def _claim(draw) -> tuple[dict[str, str], dict[str, str | None]]:
    """(the record as written, the claim's fields as they should be read)."""
    written: dict[str, str] = {}
    read: dict[str, str | None] = {}
    for name in ("outlet", "subject", "attribute", "value"):
        written[name], read[name] = draw(_text())
    for name in OPTIONAL:
        if draw(st.booleans()):
            written[name], read[name] = draw(_OPTIONAL[name])
        else:
            read[name] = None
    if draw(st.booleans()):
        written["id"], read["id"] = draw(_text())
    else:
        read["id"] = None
    return written, read


def _distinct(claims) -> bool:
    """No two claims with the same content or id: those are deduplicated (or an error),
    alike in every format, but then the list read is not the list written."""
    contents = [tuple(sorted((k, v) for k, v in r.items() if k != "id")) for _, r in claims]
    ids = [r["id"] for _, r in claims if r["id"] is not None]
    return len(set(contents)) == len(contents) and len(set(ids)) == len(ids)


def _expected(read: dict[str, str | None]) -> Claim:
    content = {k: v for k, v in read.items() if k != "id"}
    return Claim(id=read["id"] or content_id(content), **content)


def _write(directory, records: list[dict[str, str]], columns: list[str], yaml_list: bool,
           bom: bool) -> list:
    encoding = "utf-8-sig" if bom else "utf-8"
    jsonl = directory / "claims.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                     encoding=encoding)
    csv_path = directory / "claims.csv"
    with open(csv_path, "w", newline="", encoding=encoding) as f:
        writer = csv.DictWriter(f, columns)  # an absent field is an empty cell
        writer.writeheader()
        writer.writerows(records)
    yml = directory / "claims.yaml"
    yml.write_text(yaml.safe_dump(records if yaml_list else {"claims": records},
                                  allow_unicode=True, sort_keys=False), encoding=encoding)
    return [jsonl, csv_path, yml]


@given(claims=st.lists(_claim(), min_size=1, max_size=6).filter(_distinct),
       columns=st.permutations(["id", *CONTENT_FIELDS]), yaml_list=st.booleans(),
       bom=st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
def test_jsonl_csv_and_yaml_read_back_equal(tmp_path_factory, claims, columns, yaml_list, bom):
    directory = tmp_path_factory.mktemp("formats")
    records = [written for written, _ in claims]
    paths = _write(directory, records, list(columns), yaml_list, bom)
    by_format = [read_claims([p]) for p in paths]
    expected = [_expected(read) for _, read in claims]
    for path, got in zip(paths, by_format):
        assert {c.file for c in got} == {str(path)}
        assert [replace(c, file="", line=0) for c in got] == expected, path.name
        assert [c.named for c in got] == [read["id"] is not None for _, read in claims]
    jsonl, csv_claims, yaml_claims = by_format
    assert [c.raw for c in csv_claims] == [c.raw for c in jsonl] == [c.raw for c in yaml_claims]
    assert [c.content_sha for c in csv_claims] == [c.content_sha for c in jsonl] \
        == [c.content_sha for c in yaml_claims]
    # JSONL writes one record a line; CSV and YAML lines depend on the text written
    assert [c.line for c in jsonl] == list(range(1, len(records) + 1))


def test_the_strategy_reaches_the_characters_it_is_about():
    # the property above is only as good as its text: make sure it draws what it claims
    seen: set[str] = set()

    @given(_text())
    @settings(max_examples=300, database=None, derandomize=True)
    def draw(pair):
        seen.update(pair[0])

    draw()
    assert {"é", "’", ",", '"', ":", "\n"} <= seen
    assert any(ord(c) > 0x3000 for c in seen)
