"""Who a claim is about: the entities of a sentence, the one in focus, subject and object.

- Mentions: the seeds' entities the matcher accepts (the gazetteer), then the article's other
  names (`names.article_names`); an entity after "dans", "in", "avec", "du capital de"… is
  marked as a relation's object.
- The focus: the entity the text is about at a point, the first entity of the last sentence
  that named one outside an object marker, kept when a sentence opens on a description of it
  ("Le conglomérat japonais continue de miser sur OpenAI").
- References: pronouns and descriptions ("il", "celui-ci", "son enveloppe", "l'entreprise",
  "the company", "du groupe") stand for the focus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reconcile.extract import cues as C
from reconcile.extract.names import Name, find_names
from reconcile.match import Matcher
from reconcile.normalize.lexer import fold
from reconcile.rules.model import fold_name
from reconcile.sentences import entity_mentions, sentence_words

# A French elision glued to a name ("d'OpenAI", "qu'Amazon") is not part of the name.
_ELIDED = re.compile(r"\b(?:[dlj]|qu|jusqu|lorsqu|puisqu)['’](?=[A-Z])", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the sentence
    end: int
    text: str
    entity_id: str | None  # None: a name the seeds do not know
    how: str
    object_marked: bool = False

    @property
    def key(self) -> str:
        return self.entity_id or fold_name(self.text)


def gazetteer(text: str, matcher: Matcher) -> list[Mention]:
    """The seeds' entities the matcher accepts in the sentence."""
    text = _ELIDED.sub(lambda m: " " * len(m.group()), text)  # offsets unchanged
    words = sentence_words(text)
    return [Mention(words[i].start, words[j - 1].end, mention, match.entity_id,
                    f"gazetteer {match.method} {match.score:g}")
            for i, j, match, mention in entity_mentions(words, text, matcher)]


def mentions(text: str, known: list[Mention], names: list[Name]) -> list[Mention]:
    """The sentence's entities: the gazetteer's, then the article's other names."""
    found = list(known)
    for s, e, how in find_names(text, names, [(m.start, m.end) for m in known]):
        if not _describes(text, s, e):
            found.append(Mention(s, e, text[s:e], None, how))
    found.sort(key=lambda m: m.start)
    return [Mention(m.start, m.end, m.text, m.entity_id, m.how, _object_marked(text, m.start))
            for m in found]


def _describes(text: str, start: int, end: int) -> bool:
    """A name used to describe another entity: "the ChatGPT maker", "le créateur de Claude"
    is OpenAI or Anthropic, not ChatGPT or Claude."""
    before = fold(text[max(0, start - 20):start]).split()
    after = fold(text[end:end + 20]).split()
    return (bool(before) and before[-1] in ("the", "a", "its") and bool(after)
            and after[0].strip(",.;") in C.AGENT_NOUNS) or \
        (len(before) >= 2 and before[-1] in ("de", "d'") and before[-2] in C.AGENT_NOUNS)


def _object_marked(text: str, start: int) -> bool:
    before = fold(text[max(0, start - 24):start])
    if before.endswith("d'") or before.endswith("de ") or before.endswith("of "):
        before = before[:-2] if before.endswith("d'") else before[:-3]
        return before.rstrip().endswith(("capital", "capital de", "part", "participation",
                                         "stake", "shares", "actions", "parts", "equity"))
    words = before.split()
    return bool(words) and (words[-1] in C.OBJECT_MARKERS
                            or " ".join(words[-2:]) in C.OBJECT_MARKERS)


def topic(mentions: list[list[Mention]]) -> Mention | None:
    """The entity the article names most (the first named, on a tie), if named twice."""
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    for ms in mentions:
        for m in ms:
            counts[m.key] = counts.get(m.key, 0) + 1
            first.setdefault(m.key, m)
    if not counts:
        return None
    order = list(first)
    best = max(counts, key=lambda key: (counts[key], -order.index(key)))
    return first[best] if counts[best] >= 2 else None


def joined(text: str, a: Mention, b: Mention) -> bool:
    """Two mentions named together ("Microsoft et Nvidia", "Amazon, Google and Meta")."""
    between = " " + fold(text[a.end:b.start]) + " "
    return between.strip(" ,") in ("et", "and", "ou", "or", "") and b.start - a.end < 7


def subject_and_object(text: str, q_start: int, clause: tuple[int, int], ments: list[Mention],
                       focus: Mention | None, topic_: Mention | None, relation: bool):
    """(subject, object, reason): each a (Mention, how) or None; the reason when no subject."""
    a, b = clause
    in_clause = [m for m in ments if a <= m.start < b]
    free = [m for m in in_clause if not m.object_marked]
    marked = [m for m in ments if m.object_marked]
    rest = [m for m in ments if not m.object_marked and m not in free]
    named_before = f"focus: {focus.text!r} named before" if focus else ""
    if len(free) > 1 and joined(text, free[0], free[1]):
        return None, None, f"several subjects ({free[0].text}, {free[1].text}): one claim each?"
    if refers(text[a:q_start]) and focus is not None and not any(m.start < q_start for m in free):
        subject = (focus, named_before)  # "la société a signé un accord de …"
    elif free:
        subject = (free[0], free[0].how)
    elif rest:
        subject = (rest[0], rest[0].how)
    elif refers(text[:q_start]) and focus is not None:
        subject = (focus, named_before)
    elif not relation and marked:
        subject = (marked[0], marked[0].how)
    elif focus is not None and (refers(text) or not ments):
        subject = (focus, named_before)
    else:
        return None, None, "no subject: no entity is named, and none is referred to"
    if not relation:
        return subject, None, ""
    return subject, object_of(subject[0], ments, topic_), ""


def object_of(subject: Mention, ments: list[Mention], topic_: Mention | None):
    """A relation's object: the entity after an object marker, else the one other entity of
    the seeds named, else the one other name, else the article's topic."""
    others = [m for m in ments if m.key != subject.key]
    marked = [m for m in others if m.object_marked]
    known = [m for m in others if m.entity_id]
    for group in (marked, known if len({m.key for m in known}) == 1 else [],
                  others if len({m.key for m in others}) == 1 else []):
        if group:
            return group[0], group[0].how
    if topic_ is not None and topic_.key != subject.key:
        return topic_, f"topic: {topic_.text!r}, the entity the article names most"
    return None


def refers(text: str) -> bool:
    """The text refers back to an entity: a pronoun, a possessive, a description."""
    folded = " " + fold(text).replace(",", " ").replace(".", " ") + " "
    for impersonal in C.IMPERSONAL:  # "il faut savoir que", "it is expected": nobody meant
        folded = folded.replace(f" {impersonal} ", " ")
    for short, long in ((" du ", " le "), (" de la ", " la "), (" de l'", " l'"), (" au ", " le "),
                        (" d'", " "), (" l'", " l'")):
        folded = folded.replace(short, long)
    return any(f" {r} " in folded or f" {r}'" in folded for r in C.REFERENCES) or \
        " l'entreprise" in folded


def continues(text: str) -> bool:
    """The sentence continues the one before ("Ce qui lui a permis …", "Which …")."""
    return fold(text).startswith(C.CONTINUATIONS)


def moved_focus(focus: Mention | None, text: str, ments: list[Mention]) -> Mention | None:
    """The focus after the sentence: its first entity outside an object marker, unless the
    sentence opens on a reference to the focus."""
    if not ments:
        return focus
    opening = fold(text[:ments[0].start])
    if focus is not None and refers(opening) and not opening.strip().endswith(","):
        return focus
    free = [m for m in ments if not m.object_marked]
    return free[0] if free else ments[-1]
