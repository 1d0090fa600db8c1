"""Ingest: claim files in three formats, entity files, and the errors users see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reconcile.core import Claim, Entity
from reconcile.errors import InputError
from reconcile.ingest import claim_files, content_id, read_claims, read_entities


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    # Relative paths, so error messages read as users see them.
    monkeypatch.chdir(tmp_path)


def write(path: str, text: str) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def error_of(paths, reader=read_claims) -> str:
    with pytest.raises(InputError) as info:
        reader(paths)
    return str(info.value)


JSONL = """\
{"outlet": "Reuters", "subject": "Amazon", "attribute": "investment", "object": "OpenAI", "value": "jusqu’à 50 milliards", "via": "Les Echos", "lang": "fr"}

{"outlet": "SoftBank", "subject": "SoftBank Group", "attribute": "investment", "value": 41000000000, "as_of": "2025-12", "published": "2026-01-28"}
{"id": "stake-1", "outlet": "SoftBank", "subject": "SoftBank", "attribute": "stake", "value": 1.50, "quote": "environ 11 %", "extra": [1, 2]}
"""

CSV = """\
id,outlet,subject,attribute,object,value,via,lang,published,as_of,quote,extra
,Reuters,Amazon,investment,OpenAI,"jusqu’à 50 milliards",Les Echos,fr,,,,
,SoftBank,SoftBank Group,investment,,41000000000,,,2026-01-28,2025-12,,
stake-1,SoftBank,SoftBank,stake,,1.50,,,,,environ 11 %,x
"""

YAML_ITEMS = """\
- outlet: Reuters
  subject: Amazon
  attribute: investment
  object: OpenAI
  value: jusqu’à 50 milliards
  via: Les Echos
  lang: fr
- {outlet: SoftBank, subject: SoftBank Group, attribute: investment, value: 41000000000,
   as_of: 2025-12, published: 2026-01-28}
- id: stake-1
  outlet: SoftBank
  subject: SoftBank
  attribute: stake
  value: 1.50
  quote: environ 11 %
"""


@pytest.mark.parametrize("name,text,lines", [
    ("claims.jsonl", JSONL, [1, 3, 4]),
    ("claims.csv", CSV, [2, 3, 4]),
    ("claims.yaml", YAML_ITEMS, [1, 8, 10]),
    ("claims.yml", "claims:\n" + "".join("  " + l + "\n" for l in YAML_ITEMS.splitlines()),
     [2, 9, 11]),
])
def test_every_format_reads_the_same_claims(name, text, lines):
    claims = read_claims([write(name, text)])
    assert [c.line for c in claims] == lines
    assert {c.file for c in claims} == {name}
    amazon, softbank, stake = claims
    assert (amazon.outlet, amazon.subject, amazon.attribute, amazon.object, amazon.value,
            amazon.via, amazon.lang) == ("Reuters", "Amazon", "investment", "OpenAI",
                                         "jusqu’à 50 milliards", "Les Echos", "fr")
    assert (softbank.value, softbank.as_of, softbank.published) == (
        "41000000000", "2025-12", "2026-01-28")
    assert (stake.id, stake.value, stake.quote) == ("stake-1", "1.50", "environ 11 %")
    # Ids of id-less claims hash the content only, so every format gives the same ones.
    assert amazon.id == content_id(amazon.content())
    assert softbank.id == "c96fc89a95cec1a1"


def test_bare_numbers_keep_their_literal_text():
    claims = read_claims([write("n.jsonl", "\n".join(
        json.dumps({"outlet": "o", "subject": "s", "attribute": "a", "value": "PLACEHOLDER"})
        .replace('"PLACEHOLDER"', literal) for literal in ("41000000000", "1.5", "1.10", "1e9")))])
    assert [c.value for c in claims] == ["41000000000", "1.5", "1.10", "1e9"]
    yaml_claims = read_claims([write("n.yaml", "- {outlet: o, subject: s, attribute: a, value: 1.10}\n"
                                               "- {outlet: o, subject: s, attribute: b, value: 2_000}\n")])
    assert [c.value for c in yaml_claims] == ["1.10", "2_000"]


def test_raw_keeps_the_record_as_read_and_unknown_fields():
    [claim] = read_claims([write("r.jsonl", '{"outlet": " Reuters ", "subject": "A", '
                                            '"attribute": "x", "value": "1", "note": {"k": 1}}\n')])
    assert claim.outlet == "Reuters"
    assert claim.raw == {"outlet": " Reuters ", "subject": "A", "attribute": "x", "value": "1",
                         "note": {"k": "1"}}


def test_empty_strings_are_absent_and_fields_are_stripped():
    [claim] = read_claims([write("s.jsonl", '{"outlet": "o", "subject": " s ", "attribute": "a", '
                                            '"value": "1", "via": "  ", "lang": "FR"}\n')])
    assert (claim.subject, claim.via, claim.lang) == ("s", None, "fr")


def test_csv_lines_are_physical_and_bom_tolerated():
    text = ("\ufeffoutlet,subject,attribute,value,quote\n"
            'o,s,a,1,"two\nlines"\n'
            "\n"
            ",,,,\n"
            "o,s,a,2,\n")
    claims = read_claims([write("m.csv", text)])
    assert [(c.value, c.line, c.quote) for c in claims] == [("1", 2, "two\nlines"), ("2", 6, None)]


@pytest.mark.parametrize("value", ["2025", "2025-12", "2025-12-31", "2025-Q4"])
def test_as_of_accepts_dates_and_periods(value):
    [claim] = read_claims([write("a.jsonl", json.dumps(
        {"outlet": "o", "subject": "s", "attribute": "a", "value": "1", "as_of": value}))])
    assert claim.as_of == value


def test_quarters_are_spelt_one_way_and_timestamps_kept_verbatim():
    [claim] = read_claims([write("a.jsonl", json.dumps(
        {"outlet": "o", "subject": "s", "attribute": "a", "value": "1", "as_of": "2025-q4",
         "published": "2026-01-28T09:30:00+01:00"}))])
    assert (claim.as_of, claim.published) == ("2025-Q4", "2026-01-28T09:30:00+01:00")


GOOD = '{"outlet": "o", "subject": "s", "attribute": "a", "value": "1"}\n'


@pytest.mark.parametrize("name,text,expected", [
    ("x.jsonl", GOOD + '{"outlet": "o", "subject" "s"}\n',
     "x.jsonl:2: -: invalid JSON: Expecting ':' delimiter (column 27)"),
    ("x.jsonl", GOOD + '{"outlet": "o" "subject": "s"}\n',
     "x.jsonl:2: -: invalid JSON: Expecting ',' delimiter (column 16)"),
    ("x.jsonl", '{"subject": "s", "attribute": "a", "value": "1"}\n',
     "x.jsonl:1: outlet: required field is missing"),
    ("x.jsonl", '{"outlet": " ", "subject": "s", "attribute": "a", "value": "1"}\n',
     "x.jsonl:1: outlet: required field is empty"),
    ("x.jsonl", '{"outlet": "o", "subject": ["s"], "attribute": "a", "value": "1"}\n',
     "x.jsonl:1: subject: expected a string, got a list"),
    ("x.jsonl", '{"outlet": "o", "subject": "s", "attribute": "a", "value": true}\n',
     "x.jsonl:1: value: expected a string, got a boolean"),
    ("x.jsonl", '["o", "s"]\n', "x.jsonl:1: -: expected a JSON object, got a list"),
    ("x.jsonl", '{"outlet": "o", "outlet": "p"}\n', "x.jsonl:1: -: invalid JSON: duplicate key 'outlet'"),
    ("x.jsonl", '{"outlet": "o", "subject": "s", "attribute": "a", "value": NaN}\n',
     "x.jsonl:1: -: invalid JSON: NaN is not a JSON value"),
    ("seeds/claims.jsonl", GOOD + GOOD.replace("}", ', "url": "u"}')
     + GOOD.replace("}", ', "published": "2026-13-45"}'),
     "seeds/claims.jsonl:3: published: not an ISO date: '2026-13-45'"),
    ("x.jsonl", GOOD.replace("}", ', "published": "28/01/2026"}'),
     "x.jsonl:1: published: not an ISO date: '28/01/2026'"),
    ("x.jsonl", GOOD.replace("}", ', "as_of": "2025-13"}'),
     "x.jsonl:1: as_of: not an ISO date or period (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn): "
     "'2025-13'"),
    ("x.jsonl", GOOD.replace("}", ', "as_of": "2025-Q5"}'),
     "x.jsonl:1: as_of: not an ISO date or period (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn): "
     "'2025-Q5'"),
    ("x.jsonl", GOOD.replace("}", ', "lang": "de"}'), "x.jsonl:1: lang: must be 'en' or 'fr', not 'de'"),
    ("x.csv", "outlet,subject,attribute,value\no,s,a,1\no,s,a,2\n,s,a,3\n",
     "x.csv:4: outlet: required field is empty"),
    ("x.csv", "subject,attribute,value\ns,a,1\n", "x.csv:1: outlet: required column is missing"),
    ("x.csv", "outlet,subject,attribute,value\no,s,a,1,extra\n",
     "x.csv:2: -: 5 cells, but the header has 4"),
    ("x.csv", "outlet,outlet,subject,attribute,value\n", "x.csv:1: -: duplicate column 'outlet'"),
    ("x.yaml", "- outlet: o\n  subject: s\n  value: 1\n",
     "x.yaml:1: attribute: required field is missing"),
    ("x.yaml", "- outlet: o\n  subject:\n    name: s\n  attribute: a\n  value: 1\n",
     "x.yaml:2: subject: expected a string, got a mapping"),
    ("x.yaml", "- outlet: o\n  outlet: p\n  subject: s\n  attribute: a\n  value: 1\n",
     "x.yaml:2: outlet: duplicate key"),
    ("x.yaml", "- just text\n", "x.yaml:1: -: expected a mapping, got a string"),
    ("x.yaml", "claim:\n  - {outlet: o}\n", "x.yaml:1: -: a mapping needs a 'claims:' list"),
    ("x.yaml", "claims: text\n", "x.yaml:1: -: expected a list of claims"),
])
def test_each_failure_names_file_line_and_field(name, text, expected):
    assert error_of([write(name, text)]) == expected


@pytest.mark.parametrize("reader,path,name", [
    (read_claims, ["x.yaml"], "x.yaml"), (read_entities, "seeds", "seeds/entities.yaml")])
def test_yaml_syntax_errors_name_the_line(reader, path, name):
    write(name, "- outlet: o\n  subject: s\n  attribute: [a\n")
    message = error_of(path, reader)
    # The C and pure-Python loaders word the problem differently; file, line and column agree.
    assert message.startswith(f"{name}:4: -: invalid YAML: ")
    assert message.endswith("expected ',' or ']' (column 1)") or "but got '<stream end>'" in message


def test_not_utf8_names_the_line():
    Path("b.jsonl").write_bytes(GOOD.encode() + b'{"outlet": "\xe9"}\n')
    assert error_of(["b.jsonl"]) == "b.jsonl:2: -: not UTF-8 text (byte 0xe9)"


def test_all_problems_are_read_first_and_the_first_comes_first():
    write("b.jsonl", GOOD + '{"outlet": "o"\n')
    write("a.csv", "outlet,subject,attribute,value\no,s,a,1\n,s,a,1\n")
    with pytest.raises(InputError) as info:
        read_claims(["a.csv", "b.jsonl"])
    err = info.value
    assert (err.file, err.line, err.field) == ("a.csv", 3, "outlet")
    assert str(err).splitlines() == [
        "a.csv:3: outlet: required field is empty",
        "b.jsonl:2: -: invalid JSON: Expecting ',' delimiter (column 15)",
    ]
    assert len(err.errors) == 2


def test_duplicate_id_with_different_content_names_both_places():
    write("a.jsonl", GOOD + GOOD.replace("{", '{"id": "x", '))
    write("b.jsonl", GOOD.replace("{", '{"id": "x", ').replace('"1"', '"2"'))
    assert error_of(["a.jsonl", "b.jsonl"]) == (
        "b.jsonl:1: id: duplicate id 'x' with different content, first at a.jsonl:2")


def test_duplicates_are_kept_once():
    write("a.jsonl", GOOD + GOOD.replace("{", '{"id": "x", ').replace('"1"', '"2"'))
    # Same content without id (even spaced differently), and the same id with the same content.
    write("b.jsonl", GOOD.replace('"o"', '" o "') + GOOD.replace("{", '{"id": "x", ').replace('"1"', '"2"'))
    claims = read_claims(["a.jsonl", "b.jsonl"])
    assert [(c.file, c.line) for c in claims] == [("a.jsonl", 1), ("a.jsonl", 2)]


@pytest.mark.parametrize("order", [("a.jsonl", "b.jsonl"), ("b.jsonl", "a.jsonl")])
def test_an_id_less_copy_of_a_named_claim_is_that_claim(order):
    write("a.jsonl", GOOD)
    write("b.jsonl", GOOD.replace("{", '{"id": "named", '))
    assert [c.id for c in read_claims(order)] == ["named"]


def test_content_id_is_stable_and_depends_on_content_only():
    fields = {"outlet": "Reuters", "subject": "Amazon", "attribute": "investment", "value": "50"}
    assert content_id(fields) == "3a83162ada8cfac1"
    assert content_id(dict(reversed(list(fields.items())))) == content_id(fields)
    assert content_id({**fields, "id": "x", "extra": 1}) == content_id(fields)
    assert content_id({**fields, "url": "https://example.com"}) != content_id(fields)


def test_claim_files_expands_directories_sorted_skipping_entities_and_hidden():
    for name in ("d/b.jsonl", "d/a/z.csv", "d/a.yml", "d/entities.csv", "d/sub/entities.yaml",
                 "d/.hidden/x.jsonl", "d/notes.md", "one.yaml"):
        write(name, "")
    assert [str(p) for p in claim_files(["d", "one.yaml", "d/b.jsonl"])] == [
        "d/a/z.csv", "d/a.yml", "d/b.jsonl", "one.yaml"]
    assert "d/entities.csv" in map(str, claim_files(["d"], exclude_entities=False))


@pytest.mark.parametrize("name,expected", [
    ("missing.jsonl", "missing.jsonl: no such file or directory"),
    ("notes.txt", "notes.txt: not a claim file (expected .jsonl, .csv, .yaml or .yml)"),
    ("entities.csv", "entities.csv: is an entities file, not claims"),
])
def test_claim_files_rejects_what_it_cannot_read(name, expected):
    if name != "missing.jsonl":
        write(name, "")
    with pytest.raises(InputError) as info:
        claim_files([name])
    assert str(info.value) == expected


def test_base_makes_file_names_relative(tmp_path):
    write("seeds/c.jsonl", GOOD)
    [claim] = read_claims([tmp_path / "seeds"], base=tmp_path)
    assert claim.file == "seeds/c.jsonl"


def test_empty_files_hold_no_claims():
    for name in ("e.jsonl", "e.csv", "e.yaml"):
        write(name, "")
    write("f.yaml", "claims:\n")
    assert read_claims(["e.jsonl", "e.csv", "e.yaml", "f.yaml"]) == []


# --- entities ----------------------------------------------------------------------------

ENTITIES_CSV = """\
id,name,aliases,type,wikidata
amazon,Amazon,Amazon.com Inc.|AMZN| AMZN ,company,Q3884
toyota,Toyota,7203,,
"""

ENTITIES_YAML = """\
- id: amazon
  name: Amazon
  aliases: [Amazon.com Inc., AMZN, AMZN]
  type: company
- {id: toyota, name: Toyota, aliases: [7203]}
"""

EXPECTED_ENTITIES = [Entity("amazon", "Amazon", ("Amazon.com Inc.", "AMZN"), "company"),
                     Entity("toyota", "Toyota", ("7203",), None)]


@pytest.mark.parametrize("name,text", [
    ("entities.csv", ENTITIES_CSV),
    ("entities.yaml", ENTITIES_YAML),
    ("entities.yml", "entities:\n" + "".join("  " + l + "\n" for l in ENTITIES_YAML.splitlines())),
])
def test_entities_read_the_same_from_csv_and_yaml(name, text):
    write("seeds/" + name, text)
    write("seeds/claims.jsonl", GOOD)
    assert read_entities("seeds") == EXPECTED_ENTITIES


@pytest.mark.parametrize("name,text,expected", [
    ("entities.csv", "id,name\namazon,Amazon\namazon,Amazon bis\n",
     "seeds/entities.csv:3: id: duplicate id 'amazon', first at seeds/entities.csv:2"),
    ("entities.csv", "id,name\nAmazon Inc,Amazon\n",
     "seeds/entities.csv:2: id: not a slug (lowercase letters, digits, '_', '.', '-'): 'Amazon Inc'"),
    ("entities.csv", "id,name\namazon,\n", "seeds/entities.csv:2: name: required field is empty"),
    ("entities.csv", "id,aliases\namazon,x\n", "seeds/entities.csv:1: name: required column is missing"),
    ("entities.yaml", "- id: amazon\n  name: Amazon\n  aliases: AMZN\n",
     "seeds/entities.yaml:3: aliases: expected a list of strings, got a string"),
    ("entities.yaml", "- id: amazon\n  name: Amazon\n- id: amazon\n  name: Again\n",
     "seeds/entities.yaml:3: id: duplicate id 'amazon', first at seeds/entities.yaml:1"),
])
def test_entity_errors_name_file_line_and_field(name, text, expected):
    write("seeds/" + name, text)
    assert error_of("seeds", read_entities) == expected


def test_entities_file_missing_or_twice():
    Path("seeds").mkdir()
    assert error_of("seeds", read_entities) == "seeds: no entities.csv or entities.yaml"
    write("seeds/entities.csv", "id,name\n")
    write("seeds/entities.yaml", "[]\n")
    assert error_of("seeds", read_entities) == (
        "seeds: two entities files, seeds/entities.csv and seeds/entities.yaml: keep one")
    assert error_of("nowhere", read_entities) == "nowhere: no such directory"


def test_claim_is_a_plain_frozen_value():
    claim = Claim("i", "o", "s", "a", "1")
    with pytest.raises(AttributeError):
        claim.value = "2"  # type: ignore[misc]


def test_yaml_anchors_are_shared_and_cycles_refused():
    write("a.yaml", "- &c {outlet: o, subject: s, attribute: a, value: 1, tags: &t [x, y], more: *t}\n"
                    "- {outlet: o, subject: s, attribute: b, value: 2, loop: &l [*l]}\n")
    assert error_of(["a.yaml"]) == "a.yaml:2: loop: a YAML alias refers to itself"
    write("b.yaml", "- {outlet: o, subject: s, attribute: a, value: 1, tags: &t [x], more: *t}\n")
    [claim] = read_claims(["b.yaml"])
    assert claim.raw["more"] == ["x"]


def test_many_errors_are_all_kept_and_the_message_stays_readable():
    write("bad.jsonl", "{}\n" * 30)
    with pytest.raises(InputError) as info:
        read_claims(["bad.jsonl"])
    assert len(info.value.errors) == 120  # four required fields on each of 30 lines
    lines = str(info.value).splitlines()
    assert lines[0] == "bad.jsonl:1: outlet: required field is missing"
    assert lines[-1] == "... and 70 more errors" and len(lines) == 51


@pytest.mark.parametrize("name,text", [
    ("e.jsonl", '{"outlet": "o", "subject": "s", "attribute": "a", "value": ""}\n'),
    ("e.jsonl", '{"outlet": "o", "subject": "s", "attribute": "a", "value": "   "}\n'),
    ("e.csv", "outlet,subject,attribute,value\no,s,a,\n"),
    ("e.yaml", "- {outlet: o, subject: s, attribute: a, value: ''}\n"),
])
def test_an_empty_value_is_a_claim_whose_value_is_empty(name, text):
    write(name, text)
    [claim] = read_claims([name])
    assert claim.value == "" and claim.outlet == "o"


@pytest.mark.parametrize("text", ['{"outlet": "o", "subject": "s", "attribute": "a"}\n',
                                  '{"outlet": "o", "subject": "s", "attribute": "a", "value": null}\n'])
def test_a_missing_value_is_still_a_bad_record(text):
    write("m.jsonl", text)
    with pytest.raises(InputError, match="m.jsonl:1: value: required field is missing"):
        read_claims(["m.jsonl"])
