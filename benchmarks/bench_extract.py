"""Score `reconcile extract` against the hand-annotated articles of tests/data/articles/.

    python benchmarks/bench_extract.py [--articles DIR] [--extracted DIR] [--subprocess] [--json]

For each `NAME.gold.yaml` (its header names the article file, outlet, publication date and
language) the script extracts the article's claims in this process (the model loads once; the
throughput is printed), or with `--subprocess` runs, as a user would,

    python -m reconcile extract ARTICLE --outlet OUTLET --published DATE --lang LANG -o TMP.yaml

and reads the claims TMP.yaml lists (a mapping with a `claims:` list, or a plain list). With
`--extracted DIR` it reads `DIR/NAME.yaml` instead and runs nothing. When `reconcile extract`
does not exist the script says so and exits 2.

Pairing. A claim's value is located in the article's text: by its `extraction: {value_span:
[start, end]}` when those offsets hold the value, else as a substring of its `quote` where the
quote is found in the text, else anywhere in the text. An extracted claim and a gold claim are a
candidate pair when their value spans overlap; pairs are taken greedily, largest overlap first
(ties: more of subject, attribute and object agreeing), each claim in at most one pair.

Scores. Claims found: precision = pairs / extracted claims, recall = pairs / gold claims. Per
field (outlet, via, subject, attribute, object, as_of, value reading): precision = pairs whose
two claims both set the field and agree / extracted claims that set it, recall = the same /
gold claims that set it; an unpaired claim counts in the denominators only. Names agree after
folding (case, accents, apostrophes, a leading "the"/"le"/"la"/"les"/"l'") and mapping through
seeds/entities.yaml, the gold file's `aliases:` and the outlet aliases of rules/; attributes
through rules/attributes.yaml; a value reading agrees when both values read (as `reconcile run`
reads them, with the gold claim's attribute and language) to the same low, high, inclusivity,
unit and currency. Sums are over articles: one table per language and one overall.

The text of an HTML article is what its `<article>` element shows (`article_text`), minus
`<aside>`, `<nav>`, `<footer>`, `<form>`, `<figure>`, `<script>` and `<style>`: the gold quotes
are substrings of it. Nothing here is part of the test suite; tests/benchmarks/ tests it.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_ARTICLES = ROOT / "tests" / "data" / "articles"
SEEDS = ROOT / "seeds"
RULES = ROOT / "rules"
FIELDS = ("outlet", "via", "subject", "attribute", "object", "as_of", "value")
FIELD_LABELS = {"value": "value reading"}
# How the extractor is started: `python -m reconcile extract ...`. Tests point it elsewhere.
EXTRACT_COMMAND = [sys.executable, "-m", "reconcile", "extract"]
EXTRACT_TIMEOUT = 600  # seconds, per article


# --- the article's text ------------------------------------------------------------------------

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
           "header", "section", "br", "tr", "table", "figcaption", "pre", "article", "main",
           "body", "title", "dd", "dt"}
_HIDDEN = {"script", "style", "template", "noscript", "head"}
_BOILERPLATE = {"aside", "nav", "footer", "form", "figure"}
_VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col",
         "embed", "param", "track"}
_SPACES = re.compile(r"[ \t\r\n\f]+")  # not the no-break spaces: they are part of the text


class _TextParser(HTMLParser):
    """Visible text of a page, one line per block: of its `<article>` (without boilerplate
    blocks) when `article_only`, else of the whole page. `meta` collects the <meta> tags."""

    def __init__(self, article_only: bool):
        super().__init__(convert_charrefs=True)
        self.article_only = article_only
        self.stack: list[str] = []
        self.lines: list[str] = []
        self.line: list[str] = []
        self.meta: dict[str, str] = {}
        self.title: list[str] = []
        self.html_lang: str | None = None
        self.seen_article = False

    def _visible(self) -> bool:
        if any(t in _HIDDEN for t in self.stack):
            return False
        if self.article_only:
            if "article" not in self.stack:
                return False
            inside = self.stack[self.stack.index("article") + 1:]
            return not any(t in _BOILERPLATE for t in inside)
        return True

    def _break(self) -> None:
        text = _SPACES.sub(" ", "".join(self.line)).strip(" ")
        if text:
            self.lines.append(text)
        self.line = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key and "content" in attrs:
                self.meta.setdefault(key, attrs["content"] or "")
        if tag == "html" and attrs.get("lang"):
            self.html_lang = attrs["lang"]
        if tag == "article":
            self.seen_article = True
        if tag in _BLOCKS:
            self._break()
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if tag in _BLOCKS:
            self._break()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "title":
            self.title.append(data)
        if self._visible():
            self.line.append(data)

    def text(self) -> str:
        self._break()
        return "\n".join(self.lines) + "\n" if self.lines else ""


def _parse_html(path: Path, article_only: bool) -> _TextParser:
    parser = _TextParser(article_only)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def is_html(path: Path) -> bool:
    return path.suffix.lower() in (".html", ".htm")


def article_text(path: Path) -> str:
    """The article's text: a .txt file as it is; of an HTML page, what its `<article>` shows
    without boilerplate blocks (the whole page's visible text when it has no `<article>`)."""
    path = Path(path)
    if not is_html(path):
        return path.read_text(encoding="utf-8")
    parser = _parse_html(path, article_only=True)
    if not parser.seen_article:
        return page_text(path)
    return parser.text()


def page_text(path: Path) -> str:
    """Everything a reader of the page sees (HTML), boilerplate included; a .txt file as is."""
    path = Path(path)
    if not is_html(path):
        return path.read_text(encoding="utf-8")
    return _parse_html(path, article_only=False).text()


def html_meta(path: Path) -> dict[str, str | None]:
    """A page's og:site_name, article:published_time, <title> and <html lang>."""
    parser = _parse_html(Path(path), article_only=True)
    return {"site_name": parser.meta.get("og:site_name"),
            "published_time": parser.meta.get("article:published_time"),
            "title": " ".join("".join(parser.title).split()) or None,
            "lang": parser.html_lang}


# --- gold and extracted claims -----------------------------------------------------------------

@dataclass
class Gold:
    path: Path                      # the .gold.yaml file
    article: Path                   # the article it annotates
    name: str                       # NAME of NAME.gold.yaml
    outlet: str
    published: str
    lang: str
    claims: list[dict[str, Any]]
    aliases: dict[str, list[str]] = field(default_factory=dict)
    not_claims: list[dict[str, Any]] = field(default_factory=list)


def _scalar(value: Any) -> str | None:
    """A field as text: YAML reads 2025-12-01 as a date and 2025 as an int."""
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def load_gold(path: Path) -> Gold:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    head = data["article"]
    name = Path(path).name.removesuffix(".gold.yaml")
    aliases = {str(k): [str(a) for a in (v or [])] for k, v in (data.get("aliases") or {}).items()}
    return Gold(path=Path(path), article=Path(path).parent / head["file"], name=name,
                outlet=str(head["outlet"]), published=_scalar(head["published"]),
                lang=str(head["lang"]), claims=list(data.get("claims") or []),
                aliases=aliases, not_claims=list(data.get("not_claims") or []))


def gold_files(articles: Path) -> list[Path]:
    return sorted(Path(articles).glob("*.gold.yaml"))


def load_claims(path: Path) -> list[dict[str, Any]]:
    """The claims of an extractor's output: a mapping with `claims:`, or a plain list."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if data is None:
        return []
    if isinstance(data, dict):
        data = data.get("claims") or []
    if not isinstance(data, list):
        raise TypeError(f"{path}: expected a list of claims or a mapping with `claims:`")
    return [c for c in data if isinstance(c, dict)]


# --- locating values ---------------------------------------------------------------------------

_CHAR_FOLD = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ", "\u202f": " ",
              "\u2009": " ", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
              "\u2013": "-", "\u2014": "-"}


def _fold_same_length(text: str) -> str:
    """Case, apostrophes, quotes, dashes and no-break spaces folded, one char per char, so that
    offsets into the folded text are offsets into the text."""
    out = []
    for ch in text:
        ch = _CHAR_FOLD.get(ch, ch)
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


def _occurrences(haystack: str, needle: str, start: int = 0, end: int | None = None):
    end = len(haystack) if end is None else end
    if not needle:
        return
    i = haystack.find(needle, start, end)
    while i != -1:
        yield i, i + len(needle)
        i = haystack.find(needle, i + 1, end)


def value_spans(claim: dict[str, Any], text: str, folded: str | None = None
                ) -> list[tuple[int, int]]:
    """Where `claim`'s value stands in `text`: [(start, end)], several when it cannot tell
    which occurrence (no quote found), [] when the value is not in the text."""
    value = _scalar(claim.get("value")) or ""
    folded = _fold_same_length(text) if folded is None else folded
    fvalue = _fold_same_length(value)
    extraction = claim.get("extraction")
    span = extraction.get("value_span") if isinstance(extraction, dict) else None
    if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(i, int) for i in span):
        s, e = span
        if 0 <= s < e <= len(text) and (not value or folded[s:e].strip() == fvalue.strip()):
            return [(s, e)]
    quote = _scalar(claim.get("quote"))
    if quote:
        fquote = _fold_same_length(quote)
        found = [(qs + a, qs + b)
                 for qs, _ in _occurrences(folded, fquote)
                 for a, b in _occurrences(fquote, fvalue)]
        if found:
            return sorted(set(found))
    return list(_occurrences(folded, fvalue))


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return max((min(e1, e2) - max(s1, s2) for s1, e1 in a for s2, e2 in b), default=0)


# --- comparing fields --------------------------------------------------------------------------

_LEADING_ARTICLE = re.compile(r"^(?:the|le|la|les|l')\s*(?=\w)")


def fold(name: str) -> str:
    """A name's comparison key: case, accents, apostrophes, spacing and a leading article."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _fold_same_length(text).casefold()
    text = " ".join(text.split()).strip(" .,;:")
    return _LEADING_ARTICLE.sub("", text)


class Comparer:
    """Field comparison keys: entity names through the seeds (and a gold file's `aliases`),
    outlets through the rules' outlet aliases, attributes to their canonical name, values read
    into intervals."""

    def __init__(self, seeds: Path = SEEDS, rules_dir: Path = RULES):
        self.entities: dict[str, str] = {}
        data = yaml.safe_load((Path(seeds) / "entities.yaml").read_text(encoding="utf-8"))
        for entity in data.get("entities", data) if isinstance(data, dict) else data:
            key = "entity:" + str(entity["id"])
            for name in (entity["id"], entity["name"], *(entity.get("aliases") or [])):
                self.entities.setdefault(fold(str(name)), key)
        from reconcile.rules.load import load_rules
        self.rules = load_rules(rules_dir)
        self.outlets: dict[str, str] = {}
        for rule in self.rules.outlets.values():
            for name in (rule.name, *rule.aliases):
                self.outlets.setdefault(fold(name), "outlet:" + fold(rule.name))
        self._readings: dict[tuple, Any] = {}

    def name_key(self, name: Any, aliases: dict[str, str], outlet: bool = False) -> str | None:
        text = _scalar(name)
        if text is None:
            return None
        key = fold(text)
        key = aliases.get(key, key)
        if key in self.entities:
            return self.entities[key]
        if outlet and key in self.outlets:
            # an outlet that is also a known entity ("SoftBank") was caught above
            return self.outlets[key]
        return "name:" + key

    def attribute_key(self, name: Any) -> str | None:
        text = _scalar(name)
        return None if text is None else self.rules.canonical_attribute(text)

    def reading(self, value: Any, attribute: str | None, lang: str | None):
        """(low, high, low_inclusive, high_inclusive, unit, currency), or None if unreadable."""
        text = _scalar(value)
        if text is None:
            return None
        key = (text, attribute, lang)
        if key not in self._readings:
            self._readings[key] = self._read(text, attribute, lang)
        return self._readings[key]

    def _read(self, text: str, attribute: str | None, lang: str | None):
        from reconcile.core import Claim, Interval
        from reconcile.pipeline import read_claim
        claim = Claim(id="bench", outlet="bench", subject="bench", attribute=attribute or "",
                      value=text, lang=lang)
        got, _ = read_claim(claim, self.rules)
        if not isinstance(got, Interval):
            return None
        return (got.low, got.high, got.low_inclusive, got.high_inclusive, got.unit, got.currency)


def _alias_map(gold: Gold) -> dict[str, str]:
    """A gold file's `aliases:` as folded alias -> folded name."""
    out = {}
    for name, names in gold.aliases.items():
        for alias in names:
            out[fold(alias)] = fold(name)
    return out


def field_keys(claim: dict[str, Any], comparer: Comparer, aliases: dict[str, str],
               gold_claim: dict[str, Any] | None, lang: str) -> dict[str, Any]:
    """The comparison key of each field of `claim` (None: not set). The value is read with the
    gold claim's attribute and language, so that a wrong attribute does not also spoil it."""
    attribute_for_value = (gold_claim or claim).get("attribute")
    keys = {
        "outlet": comparer.name_key(claim.get("outlet"), aliases, outlet=True),
        "via": comparer.name_key(claim.get("via"), aliases, outlet=True),
        "subject": comparer.name_key(claim.get("subject"), aliases),
        "object": comparer.name_key(claim.get("object"), aliases),
        "attribute": comparer.attribute_key(claim.get("attribute")),
        "as_of": _scalar(claim.get("as_of")),
        "value": None,
    }
    if _scalar(claim.get("value")) is not None:
        keys["value"] = ("set", comparer.reading(claim.get("value"),
                                                 _scalar(attribute_for_value), lang))
    return keys


def _agree(gold_key, got_key) -> bool:
    if gold_key is None or got_key is None:
        return False
    if isinstance(gold_key, tuple) and gold_key and gold_key[0] == "set":
        return gold_key[1] is not None and gold_key[1] == got_key[1]
    return gold_key == got_key


# --- pairing and scoring -----------------------------------------------------------------------

def _empty_counts() -> dict[str, Any]:
    return {"gold": 0, "extracted": 0, "matched": 0,
            "fields": {f: {"gold": 0, "extracted": 0, "correct": 0} for f in FIELDS}}


def pair(gold_claims, extracted, text: str, comparer: Comparer, aliases, lang: str):
    """One-to-one pairs (gold index, extracted index), greedy by value-span overlap."""
    folded = _fold_same_length(text)
    gspans = [value_spans(c, text, folded) for c in gold_claims]
    xspans = [value_spans(c, text, folded) for c in extracted]
    candidates = []
    for gi, gs in enumerate(gspans):
        gkeys = None
        for xi, xs in enumerate(xspans):
            ov = _overlap(gs, xs)
            if ov <= 0:
                continue
            if gkeys is None:
                gkeys = field_keys(gold_claims[gi], comparer, aliases, None, lang)
            xkeys = field_keys(extracted[xi], comparer, aliases, gold_claims[gi], lang)
            agreement = sum(_agree(gkeys[f], xkeys[f]) for f in ("subject", "attribute", "object"))
            candidates.append((-ov, -agreement, gi, xi))
    candidates.sort()
    used_g, used_x, pairs = set(), set(), []
    for _, _, gi, xi in candidates:
        if gi in used_g or xi in used_x:
            continue
        used_g.add(gi)
        used_x.add(xi)
        pairs.append((gi, xi))
    return sorted(pairs), gspans, xspans


def _short(claim: dict[str, Any]) -> str:
    parts = [str(claim.get(k)) for k in ("subject", "attribute") if claim.get(k)]
    if claim.get("object"):
        parts.append("-> " + str(claim["object"]))
    return f"{' '.join(parts)} = {claim.get('value')!r} ({claim.get('outlet')})"


def score_article(gold: Gold, extracted: list[dict[str, Any]], comparer: Comparer
                  ) -> dict[str, Any]:
    """Counts for one article, and its misses, false claims and wrong fields."""
    text = article_text(gold.article)
    aliases = _alias_map(gold)
    pairs, _, xspans = pair(gold.claims, extracted, text, comparer, aliases, gold.lang)
    counts = _empty_counts()
    counts["gold"], counts["extracted"], counts["matched"] = (
        len(gold.claims), len(extracted), len(pairs))
    gkeys = [field_keys(c, comparer, aliases, None, gold.lang) for c in gold.claims]
    partner = dict(pairs)
    xkeys = [field_keys(c, comparer, aliases,
                        next((gold.claims[g] for g, x in pairs if x == i), None), gold.lang)
             for i, c in enumerate(extracted)]
    wrong = []
    for f in FIELDS:
        fc = counts["fields"][f]
        fc["gold"] = sum(k[f] is not None for k in gkeys)
        fc["extracted"] = sum(k[f] is not None for k in xkeys)
    for gi, xi in pairs:
        bad = []
        for f in FIELDS:
            if _agree(gkeys[gi][f], xkeys[xi][f]):
                counts["fields"][f]["correct"] += 1
            elif gkeys[gi][f] is not None or xkeys[xi][f] is not None:
                bad.append(f"{FIELD_LABELS.get(f, f)}: {extracted[xi].get(f)!r} "
                           f"(gold {gold.claims[gi].get(f)!r})")
        if bad:
            wrong.append(f"{gold.claims[gi].get('value')!r}: " + "; ".join(bad))
    missed = [_short(c) for i, c in enumerate(gold.claims) if i not in partner]
    matched_x = set(partner.values())
    false = [_short(c) + ("" if xspans[i] else " [value not found in the text]")
             for i, c in enumerate(extracted) if i not in matched_x]
    return {"article": gold.name, "file": gold.article.name, "lang": gold.lang,
            "counts": counts, "missed": missed, "false": false, "wrong": wrong}


def add_counts(total: dict[str, Any], counts: dict[str, Any]) -> None:
    for k in ("gold", "extracted", "matched"):
        total[k] += counts[k]
    for f in FIELDS:
        for k in ("gold", "extracted", "correct"):
            total["fields"][f][k] += counts["fields"][f][k]


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def metrics(counts: dict[str, Any]) -> dict[str, Any]:
    """Precision, recall and F1 of the claims found and of each field (None: nothing to count)."""
    p = _ratio(counts["matched"], counts["extracted"])
    r = _ratio(counts["matched"], counts["gold"])
    out = {"claims": {"precision": p, "recall": r, "f1": _f1(p, r), "gold": counts["gold"],
                      "extracted": counts["extracted"], "matched": counts["matched"]},
           "fields": {}}
    for f in FIELDS:
        fc = counts["fields"][f]
        fp, fr = _ratio(fc["correct"], fc["extracted"]), _ratio(fc["correct"], fc["gold"])
        out["fields"][f] = {"precision": fp, "recall": fr, "f1": _f1(fp, fr), **fc}
    return out


def score(golds: list[Gold], extracted: dict[str, list[dict[str, Any]]],
          comparer: Comparer | None = None) -> dict[str, Any]:
    """Every article scored, and the sums per language and overall, as `--json` prints them."""
    comparer = comparer or Comparer()
    articles = [score_article(g, extracted.get(g.name, []), comparer) for g in golds]
    groups: dict[str, dict[str, Any]] = {}
    overall = _empty_counts()
    for a in articles:
        add_counts(groups.setdefault(a["lang"], _empty_counts()), a["counts"])
        add_counts(overall, a["counts"])
    return {"overall": metrics(overall),
            "languages": {lang: metrics(c) for lang, c in sorted(groups.items())},
            "articles": [{**a, "metrics": metrics(a["counts"])} for a in articles]}


# --- running the extractor ---------------------------------------------------------------------

class ExtractorMissing(Exception):
    pass


def check_extractor() -> None:
    """Raise ExtractorMissing when `reconcile extract --help` does not run."""
    try:
        done = subprocess.run([*EXTRACT_COMMAND, "--help"], check=False, capture_output=True,
                              text=True, cwd=ROOT, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ExtractorMissing(str(exc)) from exc
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()
        raise ExtractorMissing(last[-1] if last else f"exit status {done.returncode}")


def run_extractor(gold: Gold, work: Path) -> tuple[list[dict[str, Any]], str | None]:
    """The claims `reconcile extract` finds in the gold's article, and an error or None."""
    out = work / f"{gold.name}.yaml"
    command = [*EXTRACT_COMMAND, str(gold.article), "--outlet", gold.outlet,
               "--published", gold.published, "--lang", gold.lang, "-o", str(out)]
    try:
        done = subprocess.run(command, check=False, capture_output=True, text=True,
                              cwd=ROOT, timeout=EXTRACT_TIMEOUT)
    except subprocess.TimeoutExpired:
        return [], f"timed out after {EXTRACT_TIMEOUT} s"
    if done.returncode != 0 or not out.exists():
        last = (done.stderr or done.stdout).strip().splitlines()
        return [], f"exit status {done.returncode}: {last[-1] if last else 'no output file'}"
    try:
        return load_claims(out), None
    except (TypeError, yaml.YAMLError) as exc:
        return [], f"unreadable output: {exc}"


# --- output ------------------------------------------------------------------------------------

def _pct(x: float | None) -> str:
    return "    —" if x is None else f"{100 * x:5.1f}"


def table(title: str, m: dict[str, Any]) -> str:
    c = m["claims"]
    lines = [f"{title}: {c['gold']} gold claims, {c['extracted']} extracted, {c['matched']} paired",
             f"  {'':<14} {'prec':>5} {'rec':>5} {'F1':>5}   correct / extracted / gold",
             (f"  {'claims found':<14} {_pct(c['precision'])} {_pct(c['recall'])} "
              f"{_pct(c['f1'])}   {c['matched']:>7} / {c['extracted']:>9} / {c['gold']:>4}")]
    for f in FIELDS:
        fm = m["fields"][f]
        lines.append(f"  {FIELD_LABELS.get(f, f):<14} {_pct(fm['precision'])} "
                     f"{_pct(fm['recall'])} {_pct(fm['f1'])}"
                     f"   {fm['correct']:>7} / {fm['extracted']:>9} / {fm['gold']:>4}")
    return "\n".join(lines)


def report(result: dict[str, Any], errors: dict[str, str]) -> str:
    parts = []
    for lang, m in result["languages"].items():
        parts.append(table(f"[{lang}]", m))
    parts.append(table("[all]", result["overall"]))
    details = []
    for a in result["articles"]:
        c = a["metrics"]["claims"]
        head = (f"{a['file']} ({a['lang']}): {c['matched']}/{c['gold']} found, "
                f"{c['extracted']} extracted")
        if a["article"] in errors:
            head += f" — extractor failed: {errors[a['article']]}"
        details.append(head)
        details += [f"  missed: {s}" for s in a["missed"]]
        details += [f"  false:  {s}" for s in a["false"]]
        details += [f"  wrong:  {s}" for s in a["wrong"]]
    return "\n\n".join(parts) + "\n\n" + "\n".join(details)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES,
                        help="directory of NAME.gold.yaml files and their articles")
    parser.add_argument("--extracted", type=Path,
                        help="directory of NAME.yaml claims already extracted (runs nothing)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--subprocess", action="store_true",
                        help="run `reconcile extract` once per article, as a user would, "
                             "instead of in this process (the model then loads each time)")
    args = parser.parse_args(argv)
    timing: dict[str, float] = {}

    golds = [load_gold(p) for p in gold_files(args.articles)]
    if not golds:
        print(f"no *.gold.yaml in {args.articles}", file=sys.stderr)
        return 2
    extracted: dict[str, list[dict[str, Any]]] = {}
    errors: dict[str, str] = {}
    if args.extracted is not None:
        for g in golds:
            path = args.extracted / f"{g.name}.yaml"
            if path.exists():
                extracted[g.name] = load_claims(path)
            else:
                errors[g.name] = f"no {path}"
    elif not args.subprocess:
        timing = extract_in_process(golds, extracted)
    else:
        try:
            check_extractor()
        except ExtractorMissing as exc:
            print("`reconcile extract` is not available here, so there is nothing to score "
                  f"({exc}).\nRun it once it exists, or score claims already extracted with "
                  "--extracted DIR (NAME.yaml per NAME.gold.yaml).", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory(prefix="bench-extract-") as work:
            for g in golds:
                extracted[g.name], error = run_extractor(g, Path(work))
                if error:
                    errors[g.name] = error
                    print(f"{g.article.name}: {error}", file=sys.stderr)
    result = score(golds, extracted)
    result["timing"] = timing
    if args.json:
        result["errors"] = errors
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(report(result, errors))
        if timing:
            print(f"\nthroughput (this process, after loading): {timing['articles']:.0f} articles, "
                  f"{timing['sentences']:.0f} sentences, {timing['chars']:,.0f} characters in "
                  f"{timing['seconds']:.2f} s: {timing['sentences'] / timing['seconds']:.0f} "
                  f"sentences/s, {timing['chars'] / timing['seconds']:,.0f} characters/s; "
                  f"loading the rules, matcher and French model once: {timing['load']:.2f} s")
    return 0


def extract_in_process(golds: list[Gold], extracted: dict[str, list[dict[str, Any]]]
                       ) -> dict[str, float]:
    """Extract every gold article in this process (the model loads once), timing it."""
    import time

    from reconcile.commands.lookup import rules_or_builtin
    from reconcile.extract import extract, read_article
    from reconcile.extract.document import document
    from reconcile.extract.names import model_name
    from reconcile.pipeline import load_matcher

    started = time.perf_counter()
    rules = rules_or_builtin(ROOT / "rules")
    matcher = load_matcher(ROOT / "seeds", rules)
    model_name("fr")  # loads the French model when it is installed
    loaded = time.perf_counter()
    sentences = chars = 0
    for g in golds:
        article = read_article(g.article)
        x = extract(article, matcher, rules, outlet=g.outlet, lang=g.lang, published=g.published)
        extracted[g.name] = document([x], version="bench")["claims"]
        sentences += len(article.sentences)
        chars += len(article.text)
    done = time.perf_counter()
    return {"load": loaded - started, "seconds": done - loaded, "articles": len(golds),
            "sentences": sentences, "chars": chars}


if __name__ == "__main__":
    sys.exit(main())
