"""Word-level evidence over the entity list: which entities' names hold which words.

The fuzzy scorers compare whole names; this index answers the questions they cannot:

- *containment*: which entities have every word of a mention in their names ("Mistral" is
  in both "Mistral AI" and "Mistral Energy": it fits both and decides neither);
- *rare shared words*: which entities share a word with a mention that few entity names
  have ("Philips Gloeilampenfabrieken" shares the rare "philips" with two entities, whose
  whole names score too low for fuzzy review): those are proposed for review, ranked by
  an IDF-weighted word similarity, never accepted on that alone;
- *alignment*: an abbreviation or two words run together in the mention, read as the
  candidate's words ("Schlumberger Tech", "Researchmaatschappij").

Initials ("IBM" for International Business Machines) are in :mod:`.initials`.

A mention word stands for an entity word when it is the same, one edit away (from five
letters on), or starts a longer word run together.

Word frequencies are counted over the entity list itself (document frequency: in how
many entities' names a word appears), so "rare" adapts to the list: "philips" is rare
among a hundred patent applicants, "bank" is common among ten thousand listed companies.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Sequence

from .words import STOPWORDS

# A word one edit away from an entity's word counts as that word from this length on
# ("phillips", "philipss" for "philips"); shorter words are other words ("meta"/"metal").
_TYPO_MIN = 5
# A word written into the next one ("philipsgloeilampenfabrieken") is split when it
# starts with an entity's word of at least this length and the rest is as long.
_COMPOUND_MIN = 4
# Words of at least this length are evidence; shorter ones only when few names have them.
_WORD_MIN = 3


def _deletes(token: str) -> set[str]:
    """The token with each one letter deleted (symmetric-delete typo index, one edit)."""
    return {token[:i] + token[i + 1:] for i in range(len(token))}


class TokenIndex:
    """Postings from each word to the entities whose name or alias keys contain it."""

    def __init__(self, keys_by_entity: Sequence[Iterable[str]]) -> None:
        postings: dict[str, set[int]] = {}
        for i, keys in enumerate(keys_by_entity):
            for key in keys:
                for tok in key.split():
                    postings.setdefault(tok, set()).add(i)
        self.postings = {t: frozenset(s) for t, s in postings.items()}
        self.n = len(keys_by_entity)
        # one-edit typo index: a word and each of its one-letter deletions -> the words.
        # A million entries for 100 000 entities, nearly all of one word: that word itself
        # (a string the postings already hold), else a tuple; a set each would be 216 bytes.
        near: dict[str, Any] = {}
        for tok in self.postings:
            if len(tok) >= _TYPO_MIN and tok.isalpha():
                for d in _deletes(tok) | {tok}:
                    near.setdefault(d, set()).add(tok)
        for d, words in near.items():  # in place: each set is freed as it is replaced
            near[d] = next(iter(words)) if len(words) == 1 else tuple(sorted(words))
        self._near: dict[str, str | tuple[str, ...]] = near

    def df(self, token: str) -> int:
        """In how many entities' names or aliases the word appears."""
        return len(self.postings.get(token, ()))

    def containers(self, tokens: Iterable[str]) -> frozenset[int]:
        """The entities whose name and alias words include every one of `tokens`."""
        sets = []
        for t in set(tokens):
            posting = self.postings.get(t)
            if posting is None:  # a word no entity has (a typo, most often): none
                return frozenset()
            sets.append(posting)
        if not sets:
            return frozenset()
        sets.sort(key=len)
        out = sets[0]
        for s in sets[1:]:
            out = out & s
            if not out:
                break
        return out

    def known(self, token: str) -> dict[str, str]:
        """The entity words a mention word stands for: {word: how} with how "same",
        "typo" (one edit: deletion, insertion, substitution or swap of two neighbours) or
        "compound" (the entity word starts a longer word: "philips" in
        "philipsgloeilampenfabrieken")."""
        if token in self.postings:
            return {token: "same"}
        out: dict[str, str] = {}
        if len(token) >= _TYPO_MIN and token.isalpha():
            for d in _deletes(token) | {token}:
                words = self._near.get(d, ())
                for word in (words,) if type(words) is str else words:
                    if _one_edit(token, word):
                        out[word] = "typo"
        for k in range(_COMPOUND_MIN, len(token) - _COMPOUND_MIN + 1):
            if token[:k] in self.postings:
                out.setdefault(token[:k], "compound")
        return dict(sorted(out.items()))  # a stable order, whatever the set order was

    def weight(self, token: str) -> float:
        """Inverse document frequency of a word over the entity list (smoothed, >= 1)."""
        return 1.0 + math.log((self.n + 1) / (self.df(token) + 1))

    def rare_entities(self, tokens: Iterable[str], max_df: int) -> dict[int, list[str]]:
        """Entities sharing a rare word with the mention: {entity: the words shared}.

        A word is rare when at most `max_df` entities have it. Mention words stand for
        entity words as :meth:`known` says (same, typo, compound). Stop words and words
        shorter than three letters never count.
        """
        out: dict[int, list[str]] = {}
        for tok in dict.fromkeys(tokens):
            if len(tok) < _WORD_MIN or tok in STOPWORDS:
                continue
            for word in self.known(tok):
                posting = self.postings[word]
                if len(posting) > max_df or word in STOPWORDS or len(word) < _WORD_MIN:
                    continue
                for e in posting:
                    out.setdefault(e, []).append(word)
        return out

    def similarity(self, mention: Iterable[str], entity: Iterable[str]) -> float:
        """Weighted Jaccard similarity of two word sets (0-100), words weighted by IDF.

        Shared weight over the weight of all words of both sides: a rare shared word counts
        for much, a word that many entities have for little, and every word that only one
        side has counts against. A mention word matches an entity word as :meth:`known`
        says; a compound counts its known part as shared and the rest as its own word.
        """
        ent = set(entity)
        shared = only_mention = 0.0
        matched: set[str] = set()
        for tok in dict.fromkeys(mention):
            if tok in ent:
                word, rest = tok, ""
            else:
                hits = [(w, how) for w, how in self.known(tok).items() if w in ent]
                if not hits:
                    only_mention += self.weight(tok)
                    continue
                word, how = min(hits)
                rest = tok[len(word):] if how == "compound" else ""
            if word not in matched:
                matched.add(word)
                shared += self.weight(word)
            if rest:
                only_mention += self.weight(rest)
        only_entity = sum(self.weight(t) for t in ent - matched)
        total = shared + only_mention + only_entity
        return 100.0 * shared / total if total else 0.0


def align(mention: list[str], entity: list[str]) -> tuple[list[str], list[str]]:
    """The entity's words written the way the mention shortens them or runs them together.

    Returns (the entity's words rewritten, what was read). An entity word is written as
    the mention's word when that is its abbreviation: the start of exactly one unused
    entity word, of at least three letters and at least three letters short of it ("tech"
    for "technology", "ind" for "industries"), never of the entity's first word, which
    is usually the name itself ("Nexa" is not "Nexalin"). Two entity words are written
    as one when the mention runs them together ("researchmaatschappij"). The entity side
    is rewritten, not the mention: the mention gets no credit for letters it never wrote.
    A typo is left to the scorer.
    """
    words = list(entity)
    read: list[str] = []
    for tok in mention:
        if tok in words or len(tok) < _WORD_MIN:
            continue
        longer = [j for j, e in enumerate(words)
                  if j > 0 and len(e) >= len(tok) + _WORD_MIN and e.startswith(tok)
                  and e not in mention]
        if len(longer) == 1:
            read.append(f"{tok!r} as {words[longer[0]]!r}")
            words[longer[0]] = tok
            continue
        for j, a in enumerate(words[:-1]):
            if words[j + 1] not in mention and a + words[j + 1] == tok:
                read.append(f"{tok!r} as {a!r} {words[j + 1]!r}")
                words[j:j + 2] = [tok]
                break
    return words, read


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one deletion, insertion, substitution or adjacent swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    return (a[i + 1:] == b[i:]) if len(a) > len(b) else (a[i:] == b[i + 1:])
