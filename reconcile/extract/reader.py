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

from dataclasses import dataclass, field

from reconcile.extract import cues as C
from reconcile.extract.article import Article, Sentence
from reconcile.extract.attributes import choose, cues, fits
from reconcile.extract.attribution import Source, find_source
from reconcile.extract.names import article_names
from reconcile.extract.quantities import Quantity, find_quantities
from reconcile.extract.roles import (
    Mention,
    continues,
    gazetteer,
    joined,
    mentions,
    moved_focus,
    object_of,
    refers,
    subject_and_object,
    topic,
)
from reconcile.extract.when import period_of
from reconcile.match import Matcher
from reconcile.normalize.lexer import fold
from reconcile.rules import Rules
from reconcile.rules.model import fold_name

CARRY_SENTENCES = 4  # how far back a carried attribute may come from
# How much each inferred field lowers the confidence (a field read in the sentence: 1).
DISCOUNT = {"focus": 0.8, "topic": 0.75, "carried": 0.75, "next sentence": 0.9,
            "reported speech": 0.8, "continued": 0.85, "article": 0.95, "buy": 0.85,
            "compared": 0.85}
# After a number with a scale and no unit, "de" or a plural word says it counts things ("un
# million de puces", "2 billion users"), unless the word is one of these.
_NOT_COUNTED = frozenset({"in", "into", "dans", "pour", "for", "a", "au", "aux", "to", "en",
                          "and", "et", "or", "ou", "from", "with", "avec", "over", "sur", "on",
                          "at", "by", "par", "supplementaires", "supplementaire", "additional",
                          "dollars", "euros", "plus", "alors", "apres", "depuis", "selon",
                          "this", "cette", "last", "the", "les", "des", "was", "has", "is"})


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
    topic: Mention | None = None
    last_outlet: str | None = None  # the last outlet named, for "le média", reported speech
    last_announcer: str | None = None  # the last company that made a statement itself
    attributes: list[tuple[str, int, int]] = field(default_factory=list)  # (attr, k, section)
    section: int = 0
    previous: dict = field(default_factory=dict)  # the previous sentence: source, as_of, …


def read_claims(article: Article, matcher: Matcher, rules: Rules, *, outlet: str, lang: str,
                published: str | None = None) -> tuple[list[Candidate], list[Refusal]]:
    """The candidate claims of `article`, and the amounts refused with their reasons."""
    sentences = article.sentences
    known = [gazetteer(s.text, matcher) for s in sentences]
    named = [find_source(s.text, rules.outlet_keys, []) for s in sentences]
    exclude = set(rules.outlet_keys) | {fold_name(outlet)} | {
        fold_name(_outlet_name(src.name, rules)) for src in named
        if src is not None and src.kind == "named"} | {
        fold_name(m.text) for ms in known for m in ms}
    names = article_names(article.text, lang, {fold(x) for x in exclude})
    ments_of = [mentions(s.text, known[k], names) for k, s in enumerate(sentences)]
    state = _State(topic=topic(ments_of))
    out: list[Candidate] = []
    refused: list[Refusal] = []
    headings = [p.start for p in article.paragraphs if p.heading]
    for k, s in enumerate(sentences):
        state.section = sum(1 for h in headings if h < s.start)
        source = find_source(s.text, rules.outlet_keys, [(m.start, m.end) for m in ments_of[k]])
        ments = [m for m in ments_of[k] if source is None or m.end <= source.start
                 or m.start >= source.end or source.kind == "announcer"]
        found = find_quantities(s.text, lang, default_currency=rules.default_currency)
        quantities = [q for i, q in enumerate(found) if _claimable(q, s.text, lang)
                      and not any(m.start <= q.start < m.end for m in ments)
                      and not _converted(s.text, found[i - 1] if i else None, q)]
        said = _said(k, s, source, sentences, ments_of, state, rules, lang)
        as_of = period_of(s.text, published)
        if as_of is None and continues(s.text) and state.previous.get("sentence") == k - 1:
            as_of = state.previous.get("as_of")
        found_cues = cues(s.text, rules, [(m.start, m.end) for m in ments])
        pairs = _respectively(s.text, quantities, ments)
        before: Candidate | None = None
        for q in quantities:
            if before is not None and _compares(s.text, q):
                got = _compared(q, s, before, published, rules)  # "…, contre 5,8 milliards"
            else:
                got = _one(q, s, k, found_cues, ments, said, _as_of(s.text, q, as_of, published),
                           state, rules, lang, outlet, published, pairs.get(q.start))
            before = got if isinstance(got, Candidate) else before
            if isinstance(got, Refusal):
                refused.append(got)
            elif got is not None:
                out.append(got)
                state.attributes.append((got.fields["attribute"], k, state.section))
        state.attributes += [(c[2], k, state.section) for c in found_cues if c[2] != "?buy"]
        state.focus = moved_focus(state.focus, s.text, ments)
        if source is not None and source.kind == "named" and not any(
                m.start <= source.start < m.end for m in ments_of[k]):
            state.last_outlet = _outlet_name(source.name, rules)
        if source is not None and source.kind == "announcer":
            state.last_announcer = source.name
        state.previous = {"sentence": k, "as_of": as_of, "said": said, "paragraph": s.paragraph}
    return out, refused


def _claimable(q: Quantity, text: str, lang: str) -> bool:
    """Money, a percentage or a scaled amount ("50 milliards"): a plain or vague count ("3 000
    salariés", "quelques jours"), a year, an age, or a scaled count of things ("un million de
    puces", "2 billion users") is not a claim's value."""
    if q.interval is None:
        return q.kind != "number"
    if q.bare or (q.kind == "number" and not q.scaled):
        return False
    if q.kind == "number":
        after = fold(text[q.end:q.end + 24]).split()
        nxt = after[0].strip(",.;:") if after else ""
        if nxt in ("de", "d'", "of") or nxt.startswith("d'"):
            return False  # "un million de puces"
        if lang == "en" and len(nxt) > 3 and nxt.endswith("s") and nxt.isalpha() \
                and nxt not in _NOT_COUNTED:
            return False  # "2 billion users" (French says "de": "800 millions d'utilisateurs")
    return True


def _clause(text: str, q: Quantity) -> tuple[int, int]:
    a = max(text.rfind(c, 0, q.start) for c in ",;:(—") + 1
    ends = [i for i in (text.find(c, q.end) for c in ",;:)—") if i >= 0]
    return a, min(ends, default=len(text))


def _converted(text: str, before: Quantity | None, q: Quantity) -> bool:
    """"2.5 trillion yen ($16.6 billion)": the figure in brackets is the one before, converted;
    it is no claim of its own."""
    return before is not None and text[before.end:q.start].strip() == "("


def _of_something(text: str, q: Quantity) -> bool:
    """The amount is of a thing its sentence names ("a net profit of 2.5 trillion yen"), not
    of the attribute named before, unless the thing is an amount itself ("son enveloppe")."""
    before = fold(text[max(0, q.start - 30):q.start]).split()
    if len(before) >= 2 and before[-1] in ("of", "de", "d'"):
        return before[-2] not in C.CARRIED_NOUNS
    return bool(before) and before[-1].startswith("d'") and before[-1][2:] not in C.CARRIED_NOUNS


def _compares(text: str, q: Quantity) -> bool:
    """The amount is set against the one before: "contre 5,8 milliards", "up from $2bn"."""
    a, _ = _clause(text, q)
    lead = " ".join(fold(text[a:q.start]).split())
    return lead.startswith(C.COMPARED) or lead.endswith(C.COMPARED)


def _compared(q: Quantity, s: Sentence, before: Candidate, published: str | None,
              rules: Rules) -> Candidate | None:
    """The same claim as the amount it is compared with, at the period its clause names (no
    period: none, since it is not the same value at the same time)."""
    if q.interval is None or not fits(before.fields["attribute"], q, rules):
        return None
    a, b = _clause(s.text, q)
    as_of = period_of(s.text[a:b], published)
    how = {**before.how, "attribute": f"compared with {before.fields['value']!r}",
           "value": "normalize"}
    how.pop("as_of", None)
    if as_of:
        how["as_of"] = "period named"
    fields = {**before.fields, "value": q.text, "as_of": as_of}
    return Candidate(fields, (s.start + q.start, s.start + q.end), before.attribution_span, how,
                     round(before.confidence * DISCOUNT["compared"], 2), before.sentence)


def _as_of(text: str, q: Quantity, sentence_as_of: str | None, published: str | None
           ) -> str | None:
    """The amount's period: named in its clause, else in the sentence's opening clause ("En
    novembre 2025, Microsoft …"), else the sentence's when it continues the one before."""
    a, b = _clause(text, q)
    own = period_of(text[a:b], published)
    if own is not None or any(w.strip(".,;:") in C.NOW_WORDS
                              for w in fold(text[a:b]).split()):
        return own
    comma = text.find(",")
    if 0 < comma < a:
        opening = period_of(text[:comma], published)
        if opening is not None:
            return opening
    if period_of(text, published) is None:
        return sentence_as_of  # continued from the sentence before, or None
    return None


def _respectively(text: str, quantities: list[Quantity], ments: list[Mention]
                  ) -> dict[int, Mention]:
    """"Microsoft et Nvidia … respectivement jusqu'à 5 et jusqu'à 10 milliards": each amount's
    subject, in order, when the sentence says "respectivement"/"respectively"."""
    folded = fold(text)
    if "respectivement" not in folded and "respectively" not in folded:
        return {}
    free = [m for m in ments if not m.object_marked]
    group = free[:1]
    for m in free[1:]:
        if joined(text, group[-1], m):
            group.append(m)
        else:
            break
    if len(group) < 2 or len(group) != len(quantities):
        return {}
    return {q.start: m for q, m in zip(quantities, group)}


def _one(q, s: Sentence, k, found_cues, ments, said, as_of, state: _State, rules, lang, outlet,
         published, paired: Mention | None) -> Candidate | Refusal | None:
    how: dict[str, str] = {}
    conf = 1.0
    clause = _clause(s.text, q)
    chosen = choose(q, clause, found_cues, rules)
    if chosen is not None:
        attribute, cue = chosen
        how["attribute"] = f"cue {s.text[cue[0]:cue[1]]!r} ({cue[3]})"
        if cue[2] == "?buy":
            conf *= DISCOUNT["buy"]
    else:
        carried = next((a for a in reversed(state.attributes)
                        if k - a[1] <= CARRY_SENTENCES and a[2] == state.section
                        and fits(a[0], q, rules)), None)
        if carried is None or found_cues or not refers(s.text) or _of_something(s.text, q):
            return None  # no attribute, or one whose unit does not fit: not a claim
        attribute = carried[0]
        how["attribute"] = f"carried from sentence {carried[1] + 1}"
        conf *= DISCOUNT["carried"]
    relation = attribute in C.RELATIONS
    if paired is not None:
        subject, why = (paired, f"{paired.how}, respectively"), ""
        object_ = object_of(paired, ments, state.topic) if relation else None
    else:
        subject, object_, why = subject_and_object(s.text, q.start, clause, ments, state.focus,
                                                   state.topic, relation)
    span = (s.start + q.start, s.start + q.end)
    if subject is None:
        return Refusal(q.text, span, s.text, why)
    if q.interval is None:
        return Refusal(q.text, span, s.text, f"the value cannot be read: {q.refused}")
    source, source_how, attribution = said
    how["subject"] = subject[1]
    if object_ is not None:
        how["object"] = object_[1]
    how["outlet"] = source_how
    how["value"] = "normalize"
    for part in (subject[1], object_[1] if object_ else "", source_how):
        conf *= DISCOUNT.get(part.split(":")[0], 1.0)
    origin = outlet if source is None else source
    fields = {"outlet": origin, "via": outlet if source is not None and origin != outlet else None,
              "lang": lang, "subject": subject[0].text, "attribute": attribute,
              "object": object_[0].text if object_ else None, "value": q.text,
              "as_of": as_of, "published": published, "quote": s.text}
    if as_of:
        how["as_of"] = "continued" if period_of(s.text, published) is None else "period named"
    return Candidate(fields, span, None if attribution is None else
                     (s.start + attribution[0], s.start + attribution[1]),
                     how, round(conf * (0.9 if q.interval.hedged else 1.0), 2), k)


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
        if source.kind == "reference":  # the sentence's own subject, else the focus
            own = [m for m in mentions[k] if not m.object_marked
                   and (m.end <= source.start or m.start >= source.end)]
            referent = own[0] if own else state.focus
            if referent is not None:
                return referent.text, f"source: {source.name!r} = {referent.text}", span
        if source.kind == "document":  # its issuer: named in it, else who spoke, else focus
            inside = [m for m in mentions[k] if source.start <= m.start < source.end]
            issuer = inside[0].text if inside else state.last_announcer or (
                state.focus.text if state.focus else None)
            if issuer:
                return issuer, f"source: {source.name!r}, issued by {issuer}", span
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
            and (refers(s.text) or continues(s.text)):
        return prev["said"][0], f"continued: sentence {k} is {prev['said'][0]}'s", None
    if _reported(s.text) and state.last_outlet:
        return state.last_outlet, f"reported speech: {state.last_outlet} named before", None
    return None, "article: no source named", None


def _outlet_name(name: str, rules: Rules) -> str:
    return rules.outlet_keys.get(fold_name(name), name)


def _reported(text: str) -> bool:
    """Reported speech: the French conditional of journalism, or English hearsay words."""
    for w in fold(text).split():
        w = w.strip(".,;:!?()\"«»").split("'")[-1]
        if w in C.REPORTED_WORDS or (len(w) >= 6 and w.endswith(C.REPORTED_ENDINGS)):
            return True
    return False
