"""An attribute declared `name_set` or `category` is resolved by agreement on names, end to end."""

from __future__ import annotations

import json

from click.testing import CliRunner

from reconcile.cli import main

ENTITIES = """entities:
  - {id: concrete, name: Concrete Mathematics}
  - {id: amazon, name: Amazon}
"""
CLAIMS = [
    ("A", "Concrete Mathematics", "authors", "Graham, Ronald L.; Knuth, Donald E.; Patashnik, Oren"),
    ("B", "Concrete Mathematics", "authors", "Ronald Graham, Donald Knuth, Oren Patashnik"),
    ("C", "Concrete Mathematics", "authors", "Graham et al."),
    ("D", "Concrete Mathematics", "authors", "Knuth"),
    ("A", "Amazon", "ceo", "Andy Jassy"),
    ("B", "Amazon", "ceo", "ANDY JASSY."),
    ("D", "Amazon", "ceo", "Jeff Bezos"),
    ("E", "Amazon", "ceo", "Jeff Bezos"),
]


def _run(tmp_path, *extra):
    seeds, rules = tmp_path / "seeds", tmp_path / "rules"
    seeds.mkdir(exist_ok=True)
    rules.mkdir(exist_ok=True)
    (seeds / "entities.yaml").write_text(ENTITIES, encoding="utf-8")
    (seeds / "claims.jsonl").write_text("".join(
        json.dumps({"outlet": o, "subject": s, "attribute": a, "value": v}) + "\n"
        for o, s, a, v in CLAIMS), encoding="utf-8")
    (rules / "units.yaml").write_text("units:\n  authors: name_set\n  ceo: category\n",
                                      encoding="utf-8")
    for name, text in extra:
        (rules / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--seeds", str(seeds), "--rules", str(rules),
                                       "--db", f"sqlite:///{tmp_path / 'r.db'}", "-q",
                                       "--fail-on", "never", "--results",
                                       str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    out = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    return {r["attribute"]: r for r in out["resolutions"]}


def test_author_lists_agree_whatever_their_style_and_an_open_list_supports_them(tmp_path):
    authors = _run(tmp_path)["authors"]
    assert (authors["status"], authors["display"]) == ("settled", "Graham; Knuth; Patashnik")
    roles = {c["outlet"]: c["role"] for c in authors["claims"]}
    assert roles == {"A": "bound", "B": "bound", "C": "support", "D": "rejected"}
    a = next(c for c in authors["claims"] if c["outlet"] == "A")
    assert a["interval"]["label"] == "graham; knuth; patashnik"
    assert (a["interval"]["low"], a["interval"]["high"]) == (None, None)


def test_a_two_against_two_category_is_a_conflict_with_its_candidates(tmp_path):
    ceo = _run(tmp_path)["ceo"]
    assert ceo["status"] == "conflict"
    assert sorted(c["display"] for c in ceo["candidates"]) == ["Andy Jassy", "Jeff Bezos"]
    assert all(c["weight"] == 1.0 and len(c["sources"]) == 2 for c in ceo["candidates"])


def test_learned_trust_settles_names_by_who_agrees_elsewhere(tmp_path):
    # D and E disagree with A and B on the authors too: learning says which pair to believe
    out = _run(tmp_path, ("trust.yaml", "trust:\n  learn: true\n"),
               ("resolution.yaml", "resolution:\n  default: {pick: one}\n"))
    assert out["ceo"]["status"] in ("picked", "settled")
    assert out["ceo"]["display"] == "Andy Jassy"


def test_a_picked_key_is_counted_in_every_summary(tmp_path):
    # A and B (1.1) lead D and E (1.0) by less than settle_margin: pick: one takes A and B's
    out = _run(tmp_path, ("outlets.yaml", "outlets:\n  A: 0.6\n"),
               ("resolution.yaml", "resolution:\n  default: {pick: one}\n"))
    assert (out["ceo"]["status"], out["ceo"]["display"]) == ("picked", "Andy Jassy")
    db = f"sqlite:///{tmp_path / 'r.db'}"
    statuses = {r["status"] for r in out.values()}
    md = CliRunner().invoke(main, ["report", "--db", db, "--format", "md"]).output
    html = CliRunner().invoke(main, ["report", "--db", db, "--format", "html"]).output
    for status in statuses:
        assert status.replace("_", " ") in md
        assert f'data-status="{status}"' in html
    assert "1 picked" in md and "status-picked" in html
