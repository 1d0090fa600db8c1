"""Sentences as claims: "Amazon will invest $60B in OpenAI" → (amazon, investment, openai, $60B).

A sentence is read into the four parts of a claim, each with the words that gave it:

- the entities, with the seeds' entities and aliases as a gazetteer: every run of up to
  `MAX_NAME_WORDS` words is matched by the project's matcher (`reconcile.match`), and only the
  mentions it accepts are kept, longest first; the first is the subject, the second the object;
- the attribute, from the rules' attributes and their aliases (`rules/attributes.yaml`, where
  the cue verbs "invest", "investir", "détient", "valued"… are aliases), an alias of one word
  also in its regular English and French inflections ("invested", "injectera", "valorisée");
- the value, read by `reconcile.normalize.read_value` from the sentence without its entity
  mentions (a ticker such as "9984" is a name, not an amount), as a run reads a claim's value:
  the attribute's tolerance and unit apply;
- the language, from the words (`detect_lang`), unless it is given.

It never guesses. A sentence whose subject, attribute or value cannot be read with confidence
is refused, with the part that was not understood: no entity or more than two, a name no entity
matches with confidence, no attribute or several, a value that cannot be read, a negation, a
question, or a passive construction ("OpenAI received $10B from Microsoft": who gave to whom
depends on words this reader does not parse).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

from reconcile.core import Claim, Interval
from reconcile.match import Matcher
from reconcile.normalize import detect_lang, format_interval
from reconcile.normalize.currencies import ISO_CODES
from reconcile.pipeline import read_claim
from reconcile.rules import Rules

MAX_NAME_WORDS = 6  # the longest entity name looked for, in words
# Methods of the matcher trusted inside a sentence: a fuzzy match of a run of words is accepted
# only when the run is written as a name (a capital letter first).
LITERAL_METHODS = ("exact", "alias", "qualifier", "reviewed")

# Words that negate a claim: a verdict on "Amazon will not invest $60B" would be one on its
# opposite. "n'" and "ne" are French negation's first half.
NEGATIONS = frozenset({"not", "never", "no", "nor", "neither", "without", "isn't", "won't",
                       "doesn't", "didn't", "don't", "hasn't", "haven't", "wasn't", "weren't",
                       "ne", "n'", "pas", "jamais", "aucun", "aucune", "sans", "ni"})
# Words that turn the subject and the object around: "received from", "by", "par", "reçu de".
PASSIVE_MARKERS = frozenset({"by", "from", "received", "receives", "receive", "receiving",
                             "par", "recu", "recue", "recoit", "recevra", "recevoir", "aupres"})
# Capitalized words that may open a sentence without being a name (the check for names no
# entity matches skips them there).
OPENING_WORDS = frozenset({
    "the", "a", "an", "in", "on", "at", "according", "after", "since", "this", "that", "its",
    "le", "la", "les", "l'", "un", "une", "des", "selon", "d'apres", "apres", "depuis", "pour",
    "ce", "cette", "son", "sa", "ses", "en", "au", "aux", "dans",
})
# Regular inflections of a one-word alias: French infinitives (-er, -ir), else English forms.
_ER = ("e", "es", "ent", "era", "eras", "erons", "erez", "eront", "erait", "eraient", "e",
       "ee", "es", "ees", "ons", "ez", "ait", "aient", "ant", "er")
_IR = ("ir", "is", "it", "issent", "ira", "iront", "irait", "iraient", "i", "ie", "ies",
       "issait", "issant")
_EN = ("s", "es", "ed", "ing")

_WORD = re.compile(r"\S+")
_EDGE = "\"'“”«»()[]{},;:!?.…"
_ELISION = re.compile(r"^(?:[dlnjsmtc]|qu|jusqu|lorsqu|puisqu)'", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """One part of the claim a sentence makes: what it is, and the words that gave it."""

    words: str  # as written in the sentence
    value: str  # entity id, canonical attribute, or the value's display
    how: str  # "exact 100", "alias 100", "alias 'invest'", the value tokens' roles


@dataclass(frozen=True)
class Reading:
    """What a sentence was read as, or the part that was not understood (`refused`)."""

    text: str
    lang: str
    subject: Part | None = None
    attribute: Part | None = None
    object: Part | None = None
    value: Part | None = None
    interval: Interval | None = None
    refused: str | None = None

    def as_json(self) -> dict[str, Any]:
        def part(p: Part | None) -> dict[str, str] | None:
            return None if p is None else {"words": p.words, "value": p.value, "how": p.how}
        return {"text": self.text, "lang": self.lang, "subject": part(self.subject),
                "attribute": part(self.attribute), "object": part(self.object),
                "value": part(self.value), "refused": self.refused}


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str  # without the punctuation at its edges
    key: str  # folded: lower case, no accents, no elision, for attribute lookup


def read_sentence(text: str, matcher: Matcher, rules: Rules, *, lang: str | None = None
                  ) -> Reading:
    """The claim a sentence makes, each part with its words; refused with the reason when a
    part cannot be read with confidence."""
    lang = lang or rules.default_lang or detect_lang(text)
    reading = Reading(text, lang)
    words = sentence_words(text)
    if not words:
        return replace(reading, refused="empty sentence")
    keys = {w.key for w in words} | {w.text.casefold() for w in words}
    if text.rstrip().endswith("?"):
        return replace(reading, refused="a question, not a claim")
    if negated := sorted(keys & NEGATIONS):
        return replace(reading, refused=f"a negation ({', '.join(negated)}): the claim would "
                                        f"be read as its opposite")
    entities = entity_mentions(words, text, matcher)
    attributes = attribute_mentions(words, rules, {i for e in entities for i in range(e[0], e[1])})
    taken = {i for s, e, *_ in entities + attributes for i in range(s, e)}
    remainder = _without(text, [(words[s].start, words[e - 1].end) for s, e, *_ in entities])
    amount = _amount_tokens(remainder, lang)
    if unknown := _unknown_names(words, taken, rules, {t.casefold() for t, _ in amount}):
        return replace(reading, refused=f"no entity matches {', '.join(map(repr, unknown))} "
                                        f"with confidence: the subject or object is not known")
    by_id: dict[str, tuple] = {}
    for found in entities:
        by_id.setdefault(found[2].entity_id, found)
    ordered = sorted(by_id.values(), key=lambda f: f[0])
    if not ordered:
        return replace(reading, refused="no subject: no known entity is named")
    if len(ordered) > 2:
        names = ", ".join(repr(f[3]) for f in ordered)
        return replace(reading, refused=f"more than two entities ({names}): which is the "
                                        f"subject and which the object is not clear")
    if len(ordered) == 2 and (passive := sorted(keys & PASSIVE_MARKERS)):
        return replace(reading, refused=f"a passive or reversed construction "
                                        f"({', '.join(passive)}): who is the subject is not clear")
    subject = _entity_part(ordered[0])
    object_ = _entity_part(ordered[1]) if len(ordered) == 2 else None
    reading = replace(reading, subject=subject, object=object_)
    canon = {a[2] for a in attributes}
    if not canon:
        return replace(reading, refused="no attribute: none of the rules' attributes, their "
                                        "aliases or cue verbs is in the sentence")
    if len(canon) > 1:
        named = ", ".join(f"{a[2]} ({a[3]!r})" for a in attributes)
        return replace(reading, refused=f"several attributes ({named}): which one is claimed "
                                        f"is not clear")
    start, end, attribute, alias = attributes[0][:4]
    reading = replace(reading, attribute=Part(_span(text, words, start, end), attribute,
                                              f"alias {alias!r}"))
    claim = Claim(id="", outlet="", subject=subject.value, attribute=attribute, value=remainder,
                  lang=lang)
    read, _ = read_claim(claim, rules)
    if isinstance(read, str):
        return replace(reading, refused=f"the value cannot be read: {read}")
    value = Part(" ".join(remainder.split()), format_interval(read),
                 ", ".join(f"{word} {role}" for word, role in amount))
    return replace(reading, value=value, interval=read)


def fold_word(word: str) -> str:
    """A word as attributes are looked up: lower case, no accents, straight apostrophes, the
    French elision ("l'", "d'", "qu'") and the English possessive ("'s") set aside."""
    out = unicodedata.normalize("NFKD", word.replace("’", "'").casefold())
    out = "".join(c for c in out if not unicodedata.combining(c))
    out = _ELISION.sub("", out)
    return out[:-2] if out.endswith("'s") else out


def inflections(alias: str) -> set[str]:
    """The regular forms of a one-word alias (folded): a French infinitive's conjugated and
    participle forms, else the English -s, -ed, -ing forms and plural."""
    word = fold_word(alias)
    if word.endswith("er") and len(word) > 4:
        return {word[:-2] + s for s in _ER} | {word}
    if word.endswith("ir") and len(word) > 4:
        return {word[:-2] + s for s in _IR} | {word}
    stem = word[:-1] if word.endswith("e") else word
    return {word, word + "s", word + "d" if word.endswith("e") else word + "ed",
            stem + "ing"} | ({word + s for s in _EN} if not word.endswith("e") else set())


def sentence_words(text: str) -> list[_Word]:
    out = []
    for m in _WORD.finditer(text):
        raw = m.group()
        left = len(raw) - len(raw.lstrip(_EDGE))
        core = raw.strip(_EDGE)
        if not core:
            continue
        out.append(_Word(m.start() + left, m.start() + left + len(core), core, fold_word(core)))
    return out


def entity_mentions(words: list[_Word], text: str, matcher: Matcher) -> list[tuple]:
    """(first word, end word, match, words) of each accepted mention, longest first, then the
    earliest, none overlapping another."""
    runs = {}
    for n in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            runs[(i, i + n)] = _span(text, words, i, i + n)
    matches = matcher.match_many(set(runs.values()))
    found, taken = [], set()
    for (i, j), mention in runs.items():  # longest runs first, as built
        m = matches[mention]
        if m.band != "accept" or (m.method not in LITERAL_METHODS and not mention[:1].isupper()):
            continue
        if taken & set(range(i, j)):
            continue
        i, j = _trimmed(words, text, matcher, i, j, m.entity_id)
        taken |= set(range(i, j))
        found.append((i, j, matcher.match(_span(text, words, i, j)), _span(text, words, i, j)))
    return sorted(found, key=lambda f: f[0])


def _trimmed(words: list[_Word], text: str, matcher: Matcher, i: int, j: int, entity_id: str
             ) -> tuple[int, int]:
    """The shortest run inside words i..j that still names the entity: the matcher sets aside
    what surrounds a name ("Microsoft and", "% d'OpenAI"), and those words belong to the rest
    of the sentence (a range's "and", a percent sign). Words written as a name stay."""
    changed = True
    while changed and j - i > 1:
        changed = False
        for a, b, dropped in ((i + 1, j, i), (i, j - 1, j - 1)):
            if words[dropped].text[:1].isupper() or words[dropped].text[:1].isdigit():
                continue  # a part of the name as written ("Corp.", "Group")
            m = matcher.match(_span(text, words, a, b))
            if m.band == "accept" and m.entity_id == entity_id:
                i, j, changed = a, b, True
                break
    return i, j


def attribute_mentions(words: list[_Word], rules: Rules, taken: set[int]) -> list[tuple]:
    """(first word, end word, canonical attribute, alias) of each alias in the sentence,
    longest first, none overlapping another or an entity mention."""
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for alias, canonical in rules.attributes.items():
        parts = tuple(fold_word(w) for w in alias.replace("_", " ").split())
        if len(parts) == 1:
            for form in inflections(parts[0]):
                table.setdefault((form,), (canonical, alias))
        else:
            table[parts] = (canonical, alias)
    longest = max((len(k) for k in table), default=0)
    keys = [w.key for w in words]
    found, used = [], set(taken)
    for n in range(min(longest, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            hit = table.get(tuple(keys[i:i + n]))
            if hit and not used & set(range(i, i + n)):
                used |= set(range(i, i + n))
                found.append((i, i + n, *hit))
    return sorted(found, key=lambda f: f[0])


def _unknown_names(words: list[_Word], taken: set[int], rules: Rules, amount: set[str]
                   ) -> list[str]:
    """Words written as names that no entity took: a subject or object the seeds may not know.
    An outlet's name is who said it, not what it is about; the scales and currencies of the
    amount ("B", "Md", "USD") are part of the value."""
    outlets = set(rules.outlet_keys)
    out = []
    for i, w in enumerate(words):
        if i in taken or not w.text[:1].isupper() or not any(c.isalpha() for c in w.text):
            continue
        bare = _ELISION.sub("", w.text.replace("’", "'"))
        letters = re.findall(r"[^\W\d_]+", bare)
        if bare.upper() in ISO_CODES or bare.casefold() in outlets \
                or all(part.casefold() in amount for part in letters):
            continue
        if i == 0 and (w.key in OPENING_WORDS or w.text.casefold() in OPENING_WORDS):
            continue
        if i + 1 < len(words) and f"{w.text} {words[i + 1].text}".casefold() in outlets:
            continue  # the first word of a two-word outlet ("The Information")
        if i > 0 and f"{words[i - 1].text} {w.text}".casefold() in outlets:
            continue
        out.append(w.text)
    return out


def _entity_part(found: tuple) -> Part:
    m = found[2]
    return Part(found[3], m.entity_id, f"{m.method} {m.score:g}")


def _span(text: str, words: list[_Word], i: int, j: int) -> str:
    return text[words[i].start:words[j - 1].end]


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in sorted(spans):
        out.append(text[at:start])
        out.append(" ")
        at = end
    out.append(text[at:])
    return "".join(out)


def _amount_tokens(text: str, lang: str) -> list[tuple[str, str]]:
    """The tokens that make the value, as written, with their roles: ("$", "currency"),
    ("60", "number"), ("B", "scale")."""
    from reconcile.normalize.explain import explain

    story = explain(text, lang=lang)
    return [(t["text"], t["role"]) for t in story.get("tokens", ())
            if t["role"] not in ("word", "punctuation")]
