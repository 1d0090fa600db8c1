"""From an article's sentences to candidate claims, each field with the rule that gave it.

Sentence by sentence, in order (docs/extract.md has the rules in full):

1. the amounts (`quantities.find_quantities`); a plain number (a year, an age, a head count)
   is never a claim;
2. the attribute: the rules' attribute aliases and cue verbs nearest the amount in its clause,
   then in its sentence; a valuation with an IPO or a round named beside it is that event's;
   an amount whose unit does not fit the attribute (a percentage of an investment) is none.
   A sentence with no cue that refers back ("il", "celui-ci", "son enveloppe") carries the
   attribute named last in its section;
3. the subject and object: the entities the matcher accepts (the seeds' gazetteer), then
   names it does not know (`names.unknown_names`); the object of a relation is the entity
   after "dans", "in", "avec", "du capital de"…; a pronoun or a description ("l'entreprise",
   "the company") is the entity the text is about at that point (its focus); a relation with
   no object named has the article's most named entity as object;
4. who said it (`attribution.find_source`): the sentence's own source, else the next
   sentence's when that one only attributes ("Du moins selon le média …"), else the source of
   reported speech (the French conditional, "would", "reportedly") named before, else the
   previous sentence's when this one continues it, else the article itself;
5. `as_of`, from a past period in the sentence or the one it continues.

Every inferred field lowers the candidate's confidence; nothing is accepted automatically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reconcile.extract import cues as C
from reconcile.extract.article import Article, Sentence
from reconcile.extract.attribution import Source, find_source
from reconcile.extract.names import unknown_names
from reconcile.extract.quantities import Quantity, find_quantities
from reconcile.extract.when import period_of
from reconcile.match import Matcher
from reconcile.normalize.lexer import fold
from reconcile.rules import Rules
from reconcile.rules.model import fold_name
from reconcile.sentences import attribute_mentions, entity_mentions, sentence_words

CARRY_SENTENCES = 4  # how far back a carried attribute may come from
# How much each inferred field lowers the confidence (a field read in the sentence: 1).
DISCOUNT = {"focus": 0.8, "topic": 0.75, "carried": 0.75, "next sentence": 0.9,
            "reported speech": 0.8, "continued": 0.85, "article": 0.95, "name": 0.8}


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the sentence
    end: int
    text: str
    entity_id: str | None  # None: a name the seeds do not know
    how: str
    object_marked: bool = False


@dataclass(frozen=True)
class Candidate:
    """A claim read from an article, in the contract's fields, with where each came from."""

    fields: dict  # outlet, via, lang, subject, attribute, object, value, as_of, published, quote
    value_span: tuple[int, int]  # offsets in the article's text
    attribution_span: tuple[int, int] | None
    how: dict  # field -> the rule or model that gave it
    confidence: float
    sentence: int


@dataclass(frozen=True)
class Refusal:
    """An amount with an attribute the extractor would not turn into a claim, and why."""

    value: str
    value_span: tuple[int, int]
    quote: str
    reason: str


@dataclass
class _State:
    focus: Mention | None = None
    last_outlet: str | None = None  # the last outlet named, for "le média", reported speech
    last_attribute: tuple[str, int, int] | None = None  # (canonical, sentence, section)
    section: int = 0
    previous: dict = field(default_factory=dict)  # the previous sentence: source, as_of, …


def read_claims(article: Article, matcher: Matcher, rules: Rules, *, outlet: str, lang: str,
                published: str | None = None) -> tuple[list[Candidate], list[Refusal]]:
    """The candidate claims of `article`, and the amounts refused with their reasons."""
    sentences = article.sentences
    mentions = [_mentions(s.text, matcher, rules, lang) for s in sentences]
    topic = _topic(mentions)
    state = _State()
    out: list[Candidate] = []
    refused: list[Refusal] = []
    headings = [p.start for p in article.paragraphs if p.heading]
    for k, s in enumerate(sentences):
        state.section = sum(1 for h in headings if h < s.start)
        source = find_source(s.text, rules.outlet_keys, [(m.start, m.end) for m in mentions[k]])
        ments = [m for m in mentions[k] if source is None or m.end <= source.start
                 or m.start >= source.end or source.kind == "announcer"]
        quantities = [q for q in find_quantities(s.text, lang, default_currency=rules.default_currency)
                      if _claimable(q) and not any(m.start <= q.start < m.end for m in ments)]
        said = _said(k, s, source, sentences, mentions, state, rules, lang)
        as_of = period_of(s.text, published)
        if as_of is None and _continues(s.text) and state.previous.get("sentence") == k - 1:
            as_of = state.previous.get("as_of")
        cues = _cues(s.text, rules, ments)
        for q in quantities:
            got = _one(q, s, k, cues, ments, said, as_of, topic, state, rules, lang, outlet,
                       published, article)
            if isinstance(got, Refusal):
                refused.append(got)
            elif got is not None:
                out.append(got)
                state.last_attribute = (got.fields["attribute"], k, state.section)
        if cues:
            state.last_attribute = (cues[-1][2], k, state.section)
        _move_focus(state, s.text, ments)
        if source is not None and source.kind == "named" and not any(
                m.start <= source.start < m.end for m in mentions[k]):
            state.last_outlet = _outlet_name(source.name, rules)
        state.previous = {"sentence": k, "as_of": as_of, "said": said,
                          "paragraph": s.paragraph}
    return out, refused


# A French elision glued to a name ("d'OpenAI", "qu'Amazon") is not part of the name.
_ELIDED = re.compile(r"\b(?:[dlj]|qu|jusqu|lorsqu|puisqu)['’](?=[A-Z])", re.IGNORECASE)


def _mentions(text: str, matcher: Matcher, rules: Rules, lang: str) -> list[Mention]:
    text = _ELIDED.sub(lambda m: " " * len(m.group()), text)  # offsets unchanged
    words = sentence_words(text)
    found = []
    for i, j, match, mention in entity_mentions(words, text, matcher):
        found.append(Mention(words[i].start, words[j - 1].end, mention, match.entity_id,
                             f"gazetteer {match.method} {match.score:g}"))
    taken = [(m.start, m.end) for m in found]
    for s, e, how in unknown_names(text, lang, taken):
        name = text[s:e]
        if fold_name(name) in rules.outlet_keys:
            continue  # an outlet is who said it, not what it is about
        found.append(Mention(s, e, name, None, how))
    found.sort(key=lambda m: m.start)
    return [Mention(m.start, m.end, m.text, m.entity_id, m.how, _object_marked(text, m.start))
            for m in found]


def _object_marked(text: str, start: int) -> bool:
    before = fold(text[max(0, start - 24):start]).replace("’", "'")
    if before.endswith("d'") or before.endswith("de "):
        before = before[:-2] if before.endswith("d'") else before[:-3]
        return before.rstrip().endswith(("capital", "capital de", "part", "participation"))
    words = before.split()
    return bool(words) and (words[-1] in C.OBJECT_MARKERS or " ".join(words[-2:]) in C.OBJECT_MARKERS)


def _topic(mentions: list[list[Mention]]) -> Mention | None:
    """The entity the article names most (the first named, on a tie)."""
    counts: dict[str, int] = {}
    first: dict[str, Mention] = {}
    for ms in mentions:
        for m in ms:
            key = m.entity_id or fold_name(m.text)
            counts[key] = counts.get(key, 0) + 1
            first.setdefault(key, m)
    if not counts:
        return None
    best = max(counts, key=lambda key: (counts[key], -list(first).index(key)))
    return first[best] if counts[best] >= 2 else None


def _cues(text: str, rules: Rules, ments: list[Mention]) -> list[tuple[int, int, str, str]]:
    """(start, end, canonical attribute, alias) of each attribute cue in the sentence."""
    words = sentence_words(text)
    taken = {i for i, w in enumerate(words) for m in ments if m.start <= w.start < m.end}
    out = []
    folded = fold(text).replace("’", "'")
    for i, j, canonical, alias in attribute_mentions(words, rules, taken):
        if canonical in C.VALUATION_ATTRIBUTES:
            for qualified, words_of in C.QUALIFIED_VALUATION.items():
                if qualified in rules.attributes.values() and any(
                        f" {w}" in f" {folded}" for w in words_of):
                    canonical, alias = qualified, f"{alias} + {next(w for w in words_of if f' {w}' in f' {folded}')}"
                    break
        out.append((words[i].start, words[j - 1].end, canonical, alias))
    return out


def _claimable(q: Quantity) -> bool:
    """Money, a percentage or a scaled amount ("50 milliards"): a plain or vague count ("3 000
    salariés", "quelques jours"), a year or an age is not a claim's value."""
    return not q.bare and (q.kind != "number" or q.scaled)


def _fits(attribute: str, q: Quantity, rules: Rules) -> bool:
    unit = rules.units.get(attribute, ("currency",))[0]
    return (q.kind == "percent") == (unit == "percent")


def _clause(text: str, q: Quantity) -> tuple[int, int]:
    a = max(text.rfind(c, 0, q.start) for c in ",;:(—") + 1
    ends = [i for i in (text.find(c, q.end) for c in ",;:)—") if i >= 0]
    return a, min(ends, default=len(text))


def _one(q, s: Sentence, k, cues, ments, said, as_of, topic, state, rules, lang, outlet,
         published, article) -> Candidate | Refusal | None:
    how: dict[str, str] = {}
    conf = 1.0
    a, b = _clause(s.text, q)
    fitting = [c for c in cues if _fits(c[2], q, rules)]
    # the cue in the amount's clause first, before it rather than after, the nearest; a cue
    # inside the phrase ("une éventuelle levée jusqu'à …") is nearest of all
    order = sorted(fitting, key=lambda c: (not (a <= c[0] < b), c[0] >= q.end,
                                          max(0, q.start - c[1]) if c[0] < q.end else c[0] - q.end))
    if order:
        attribute = order[0][2]
        how["attribute"] = f"cue {s.text[order[0][0]:order[0][1]]!r} ({order[0][3]})"
    elif state.last_attribute and k - state.last_attribute[1] <= CARRY_SENTENCES \
            and state.last_attribute[2] == state.section and _refers(s.text) \
            and _fits(state.last_attribute[0], q, rules):
        attribute = state.last_attribute[0]
        how["attribute"] = f"carried from sentence {state.last_attribute[1] + 1}"
        conf *= DISCOUNT["carried"]
    else:
        if cues:  # a cue whose unit does not fit: the amount is of something else
            return None
        return None
    relation = attribute in C.RELATIONS
    subject, object_, why = _roles(s.text, q, (a, b), ments, state, topic, relation)
    if subject is None:
        return Refusal(q.text, (s.start + q.start, s.start + q.end), s.text, why)
    how["subject"] = subject[1]
    conf *= DISCOUNT.get(subject[1].split(":")[0], 1.0)
    if object_ is not None:
        how["object"] = object_[1]
        conf *= DISCOUNT.get(object_[1].split(":")[0], 1.0)
    source, source_how, span = said
    how["outlet"] = source_how
    conf *= DISCOUNT.get(source_how.split(":")[0], 1.0)
    origin = outlet if source is None else source
    fields = {"outlet": origin, "via": outlet if source is not None and origin != outlet else None,
              "lang": lang, "subject": subject[0].text, "attribute": attribute,
              "object": object_[0].text if object_ else None, "value": q.text,
              "as_of": as_of, "published": published, "quote": s.text}
    how["value"] = "normalize: " + ("read" if q.interval is not None else "refused")
    if as_of:
        how["as_of"] = "period in the sentence" if period_of(s.text, published) else "continued"
    if q.interval is None:
        return Refusal(q.text, (s.start + q.start, s.start + q.end), s.text,
                       f"the value cannot be read: {q.refused}")
    return Candidate(fields, (s.start + q.start, s.start + q.end),
                     None if span is None else (s.start + span[0], s.start + span[1]),
                     how, round(conf * (0.9 if q.interval.hedged else 1.0), 2), k)


def _roles(text, q, clause, ments, state, topic, relation):
    """(subject, object, reason): each a (Mention, how) or None; reason when no subject."""
    a, b = clause
    in_clause = [m for m in ments if a <= m.start < b]
    free = [m for m in in_clause if not m.object_marked]
    marked = [m for m in ments if m.object_marked]
    rest = [m for m in ments if not m.object_marked and m not in free]
    refers = _refers(text[a:q.start])  # "la société a signé un accord de …"
    if len(free) > 1 and any(f" {w} " in f" {fold(text[free[0].end:free[1].start])} "
                             for w in ("et", "and", "ou", "or")):
        return None, None, f"several subjects ({free[0].text}, {free[1].text}): one claim each?"
    if free:
        subject = (free[0], free[0].how)
    elif refers and state.focus is not None:
        subject = (state.focus, f"focus: {state.focus.text!r} named before")
    elif rest:
        subject = (rest[0], rest[0].how)
    elif _refers(text[:q.start]) and state.focus is not None:
        subject = (state.focus, f"focus: {state.focus.text!r} named before")
    elif not relation and marked:
        subject = (marked[0], marked[0].how)
    elif state.focus is not None and (_refers(text) or not ments):
        subject = (state.focus, f"focus: {state.focus.text!r} named before")
    else:
        return None, None, "no subject: no entity is named, and none is referred to"
    if not relation:
        return subject, None, ""
    key = _key(subject[0])
    for m in marked + [m for m in ments if m not in marked]:
        if _key(m) != key and m is not subject[0] and (m.object_marked or len(ments) == 2):
            return subject, (m, m.how), ""
    if topic is not None and _key(topic) != key:
        return subject, (topic, f"topic: {topic.text!r}, the entity the article names most"), ""
    return subject, None, ""


def _key(m: Mention) -> str:
    return m.entity_id or fold_name(m.text)


def _said(k, s, source: Source | None, sentences, mentions, state: _State, rules, lang):
    """(outlet or None for the article itself, how, span in the sentence)."""
    if source is not None:
        span = (source.start, source.end)
        if source.kind == "named":
            return _outlet_name(source.name, rules), f"source: {source.cue} {source.name}", span
        if source.kind == "announcer":
            return source.name, f"source: {source.name} {source.cue} (its own statement)", span
        if source.kind == "backref" and state.last_outlet:
            return state.last_outlet, f"source: {source.name!r} = {state.last_outlet}", span
        if source.kind == "reference" and state.focus is not None:
            return state.focus.text, f"source: {source.name!r} = {state.focus.text}", span
        return None, f"article: {source.cue} {source.name} (not named)", span
    nxt = sentences[k + 1] if k + 1 < len(sentences) else None
    if nxt is not None and nxt.paragraph == s.paragraph:
        later = find_source(nxt.text, rules.outlet_keys,
                            [(m.start, m.end) for m in mentions[k + 1]])
        if later is not None and later.kind in ("named", "backref") and not [
                q for q in find_quantities(nxt.text, lang) if not q.bare]:
            name = _outlet_name(later.name, rules) if later.kind == "named" else state.last_outlet
            if name:
                return name, f"next sentence: {later.cue} {later.name}", None
    prev = state.previous
    if prev.get("sentence") == k - 1 and prev.get("paragraph") == s.paragraph \
            and prev.get("said", (None,))[0] and prev["said"][1].startswith(
                ("source: ", "reported", "next")) and "own statement" not in prev["said"][1] \
            and (_refers(s.text) or _continues(s.text)):
        return prev["said"][0], f"continued: sentence {k} is {prev['said'][0]}'s", None
    if _reported(s.text) and state.last_outlet:
        return state.last_outlet, f"reported speech: {state.last_outlet} named before", None
    return None, "article: no source named", None


def _outlet_name(name: str, rules: Rules) -> str:
    return rules.outlet_keys.get(fold_name(name), name)


def _reported(text: str) -> bool:
    for w in fold(text).replace("’", "'").split():
        w = w.strip(".,;:!?()\"«»").split("'")[-1]
        if w in C.REPORTED_WORDS or (len(w) >= 6 and w.endswith(C.REPORTED_ENDINGS)):
            return True
    return False


def _refers(text: str) -> bool:
    folded = " " + fold(text).replace("’", "'").replace(",", " ").replace(".", " ") + " "
    for impersonal in C.IMPERSONAL:  # "il faut savoir que", "it is expected": nobody meant
        folded = folded.replace(f" {impersonal} ", " ")
    return any(f" {r} " in folded or f" {r}'" in folded for r in C.REFERENCES) or \
        any(f" {r}" in folded for r in ("l'entreprise", "d'entreprise"))


def _continues(text: str) -> bool:
    return fold(text).replace("’", "'").startswith(C.CONTINUATIONS)


def _move_focus(state: _State, text: str, ments: list[Mention]) -> None:
    """The entity the text is about from here: the sentence's first entity not after an object
    marker, unless the sentence opens on a reference to the focus ("Le conglomérat japonais")."""
    if not ments:
        return
    opening = fold(text[:ments[0].start]).replace("’", "'")
    if state.focus is not None and _refers(opening) and not opening.strip().endswith(","):
        return
    free = [m for m in ments if not m.object_marked]
    state.focus = free[0] if free else ments[-1]
