"""Who said it: the source a sentence names, and the words that name it.

A sentence names its source in one of four ways, each a `Source.kind`:

- `named`: "selon Reuters", "d'après The Information", "Reuters a révélé que", "des rumeurs
  indiquant que", "a person familiar with the matter told Bloomberg", "…, Bloomberg reported";
- `backref`: "selon le média", "the newspaper said": the outlet named before, which the caller
  knows (`resolve_backref`);
- `anonymous`: "selon une source proche du dossier", "according to people familiar with the
  matter": nobody named, so the article's own reporting stands behind it;
- `document`: "selon le communiqué", "the filing shows": the company that issued it;
- `reference`: "l'entreprise assure", "the company said": the entity the sentence is about;
- `announcer`: a company stating a thing about itself ("SoftBank avait officialisé …",
  "Amazon said it would …"): the company is the source.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconcile.extract import cues as C
from reconcile.normalize.lexer import fold
from reconcile.rules.model import fold_name
from reconcile.sentences import fold_word

_SEPARATORS = frozenset(",;:")
_DETERMINERS = frozenset({"des", "les", "le", "la", "un", "une", "the", "a", "an", "some",
                          "plusieurs", "certains", "several"})
_STOP_BACK = frozenset({"que", "qu", "apres", "after", "et", "and", "mais", "but", "if", "si"})
_AUXILIARIES = frozenset({"a", "avait", "ont", "avaient", "aurait", "deja", "d'ailleurs", "aussi",
                          "egalement", "finalement", "officiellement", "publiquement", "has",
                          "had", "have", "also", "already", "officially", "formally",
                          "recently", "publicly", "earlier", "finally"})
_CONNECTORS = frozenset({"de", "du", "des", "of", "&", "and", "the", "la", "le"})


@dataclass(frozen=True)
class Source:
    name: str  # as written ("The information", "le média", "des rumeurs")
    start: int  # offsets in the sentence
    end: int
    kind: str  # named | backref | anonymous | announcer
    cue: str  # the words that say it is a source ("selon", "a révélé")


@dataclass(frozen=True)
class _W:
    start: int
    end: int
    text: str
    key: str
    plain: str  # folded with the elision kept: "d'apres"
    sep: str  # punctuation right after the word (",", ";", ":") or ""


def words_of(text: str) -> list[_W]:
    out, at = [], 0
    for raw in text.split():
        s = text.index(raw, at)
        at = s + len(raw)
        core = raw.strip("\"'“”«»()[]{},;:!?.…")
        if not core:
            if out and raw[:1] in _SEPARATORS:
                out[-1] = _W(*list(vars_of(out[-1]))[:-1], raw[:1])
            continue
        left = raw.index(core[0])
        tail = raw[left + len(core):]
        out.append(_W(s + left, s + left + len(core), core, fold_word(core), _plain(core),
                      next((c for c in tail if c in _SEPARATORS), "")))
    return out


def vars_of(w: _W) -> tuple:
    return w.start, w.end, w.text, w.key, w.plain, w.sep


def _plain(word: str) -> str:
    """Folded with the elision kept ("d'apres"); fold already straightens apostrophes."""
    return fold(word)


def find_source(text: str, outlets: dict[str, str], entity_spans: list[tuple[int, int]]
                ) -> Source | None:
    """The source `text` names, or None. `outlets` maps folded outlet names and aliases to
    their canonical names (the rules'); `entity_spans` are where known entities stand. A
    named source wins over an anonymous one ("…, the news agency said, citing two people")."""
    found = list(_sources(text, outlets, entity_spans))
    return next((f for f in found if f.kind != "anonymous"), found[0] if found else None)


def _sources(text: str, outlets: dict[str, str], entity_spans: list[tuple[int, int]]):
    words = words_of(text)
    keys = [w.key for w in words]
    plain = [w.plain for w in words]
    for i, p in enumerate(plain):  # "publiée mercredi par X" names X, whatever comes before
        if p in ("par", "by") and any(q in C.PUBLISHED_BY for q in plain[max(0, i - 2):i]):
            found = _phrase_after(text, words, i + 1, outlets)
            if found:
                yield _kind(found, text, words[i].start, words[i].end, entity_spans, outlets)
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            if " ".join(plain[i:i + n]) in C.SOURCE_BEFORE:
                found = _phrase_after(text, words, i + n, outlets)
                if found:
                    yield _kind(found, text, words[i].start, words[i + n - 1].end, entity_spans,
                                outlets)
    for i, w in enumerate(words):
        two = " ".join(keys[i - 1:i + 1]) if i else ""
        if w.key not in C.SOURCE_VERBS and two not in C.SOURCE_VERBS:
            continue
        start_cue = words[i - 1].start if two in C.SOURCE_VERBS and i and \
            words[i - 1].key in ("a", "avait", "ont", "has", "had") else w.start
        j = i - 1 if start_cue != w.start else i
        found = _phrase_before(text, words, j, outlets)
        if found is None and j > 0 and words[j - 1].sep:  # "…, said a person familiar",
            found = _phrase_after(text, words, i + 1, outlets)  # "…, a annoncé l'entreprise"
        if found:
            yield _kind(found, text, start_cue, w.end, entity_spans, outlets)


def _kind(found: tuple[int, int], text: str, cue_start: int, cue_end: int,
          entity_spans: list[tuple[int, int]], outlets: dict[str, str]) -> Source:
    s, e = found
    name = text[s:e]
    folded = " ".join(_plain(w) for w in name.split())
    cue = text[cue_start:cue_end]
    if any(folded == r or folded.startswith(r + " ") for r in C.REFERENCES):
        return Source(name, s, e, "reference", cue)  # "a annoncé l'entreprise mardi"
    if any(folded == b or folded.startswith(b + " ") for b in C.OUTLET_BACKREFS):
        return Source(name, s, e, "backref", cue)
    if any(folded == b or folded.startswith(b + " ") for b in C.DOCUMENT_BACKREFS) or (
            folded.split()[0] in _DETERMINERS | {"son", "sa", "its", "their", "leur"}
            and any(w in C.DOCUMENT_WORDS for w in folded.split()[:4])):
        return Source(name, s, e, "document", cue)  # "the IPO prospectus Cerebras filed"
    if any(folded == a or folded.startswith(a + " ") for a in C.ANONYMOUS_SOURCES):
        return Source(name, s, e, "anonymous", cue)
    verb = fold_word(cue.split()[-1])
    if any(a <= s and e <= b for a, b in entity_spans) and verb in C.ANNOUNCE_VERBS:
        return Source(name, s, e, "announcer", cue)
    words = name.split()
    if len(words) > 1 and words[0] in ("le", "la", "les", "the") and words[1][:1].isupper() \
            and fold_name(name) not in outlets:
        s += len(words[0]) + 1  # "le Financial Times" is the Financial Times; "Les Echos" stays
        name = name[len(words[0]) + 1:]
    return Source(name, s, e, "named", cue)


def _phrase_after(text: str, words: list[_W], i: int, outlets: dict[str, str]
                  ) -> tuple[int, int] | None:
    """The source named from words[i]: a known outlet, a run of capitalized words, or a
    determiner and the words up to the next punctuation ("le média qui cite …")."""
    if i >= len(words):
        return None
    known = _known_outlet(words, i, outlets, forward=True)
    if known:
        return known
    rest = " ".join(w.plain for w in words[i:i + 3])
    if any(rest == a or rest.startswith(a + " ") for a in C.ANONYMOUS_SOURCES):
        j = i
        while j + 1 < len(words) and not words[j].sep and j - i < 7:
            j += 1
        return words[i].start, words[j].end
    if words[i].key in _DETERMINERS or words[i].plain.startswith("l'") \
            or words[i].text[:1].islower():
        j = i
        while j + 1 < len(words) and not words[j].sep and j - i < 5 \
                and words[j + 1].key not in ("qui", "who", "that", "que", "tout", "while"):
            j += 1
        if words[i].text[:1].islower() and words[i].key not in _DETERMINERS \
                and not words[i].plain.startswith("l'"):
            return None
        return words[i].start, words[j].end
    if not words[i].text[:1].isupper():
        return None
    j = i
    while j + 1 < len(words) and not words[j].sep and (
            words[j + 1].text[:1].isupper() or words[j + 1].key in _CONNECTORS
            and j + 2 < len(words) and words[j + 2].text[:1].isupper()):
        j += 1
    return words[i].start, words[j].end


def _phrase_before(text: str, words: list[_W], j: int, outlets: dict[str, str]
                   ) -> tuple[int, int] | None:
    """The source named just before words[j] (its verb): "Reuters a révélé", "Reuters, en
    revanche, a révélé", "des rumeurs indiquant", "the newspaper said"."""
    k = j - 1
    while k > 0 and words[k].plain in _AUXILIARIES and not words[k - 1].sep:
        k -= 1  # "SoftBank avait d'ailleurs déjà officialisé", "Amazon has also confirmed"
    if k >= 0 and words[k].sep == ",":  # a parenthetical: ", en revanche,", ", de son côté,"
        m = k - 1
        while m >= 0 and not words[m].sep and k - m < 5:
            m -= 1
        if m >= 0 and words[m].sep == ",":
            k = m
    if k < 0 or (words[k].sep and words[k].sep != "," and k != j - 1):
        return None
    known = _known_outlet(words, k, outlets, forward=False)
    if known:
        return known
    if words[k].text[:1].isupper():
        m = k
        while m - 1 >= 0 and not words[m - 1].sep and (
                words[m - 1].text[:1].isupper() or words[m - 1].key in _CONNECTORS
                and m - 2 >= 0 and words[m - 2].text[:1].isupper()):
            m -= 1
        if m > 0 and words[m - 1].key in ("the",) and not words[m - 1].sep:
            m -= 1
        return words[m].start, words[k].end
    if k >= 1 and not words[k - 1].sep and words[k - 1].key in _DETERMINERS \
            and words[k].key not in _STOP_BACK:
        return words[k - 1].start, words[k].end
    for n in (3, 2):  # "the newspaper said", "the news agency said"
        if k - n + 1 >= 0:
            phrase = " ".join(w.key for w in words[k - n + 1:k + 1])
            if phrase in C.OUTLET_BACKREFS or phrase in C.ANONYMOUS_SOURCES:
                return words[k - n + 1].start, words[k].end
    return None


def _known_outlet(words: list[_W], i: int, outlets: dict[str, str], *, forward: bool
                  ) -> tuple[int, int] | None:
    """The longest known outlet name starting (forward) or ending (backward) at words[i]."""
    for n in (4, 3, 2, 1):
        a, b = (i, i + n) if forward else (i - n + 1, i + 1)
        if a < 0 or b > len(words) or any(w.sep for w in words[a:b - 1]):
            continue
        name = " ".join(w.text for w in words[a:b])
        if fold_name(name) in outlets:
            return words[a].start, words[b - 1].end
    return None
