"""A second look at the candidates in the review band: the candidate's words read the way
the mention shortens or runs them together, both names with their spellings folded, a
one-word name one letter off the only listed name that close, and a name of the
candidate's own words with one word added that no listed name has.

Only mentions whose best candidate is in the review band get this: it is a Python loop
over a few names, and it can only lift a candidate's score (a review may become an
accept; the bands, margin and containment checks still apply to the new score).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from ..rules import MatchingRules
from .names import core_parts
from .scoring import descriptors_agree
from .spelling import fold_spelling
from .tokens import TokenIndex, _one_edit, align

# Flags on a candidate, next to those of .scoring and the matcher
ALIGNED = 1 << 10  # scored again with abbreviations and run-together words read out
FOLDED = 1 << 11  # scored again with both spellings folded (transliteration, umlauts)
TYPO = 1 << 12  # a one-word name one letter off the only listed name that close
UNLISTED = 1 << 13  # the candidate's name with one word added that no listed name has


def _sorted_ratio(a: str, b: str) -> float:
    return round(fuzz.ratio(" ".join(sorted(a.split())), " ".join(sorted(b.split()))), 2)


def second_look(key: str, part: tuple[str, int, int], ranked, keys_of, tokens: TokenIndex,
                rules: MatchingRules):
    """Score the review-band candidates again (see the module docstring); a candidate that
    then scores higher keeps that score, flagged. Returns the re-ranked list and what was
    read, by entity position.

    - abbreviations and run-together words ("Schlumberger Tech" / "Schlumberger
      Technology", see :func:`.tokens.align`);
    - spellings folded on both sides (see :func:`.spelling.fold_spelling`): "Filips
      Ehlektroniks" / "Philips Electronics", "Alkatel" / "Alcatel". Only names that fold
      to the same words count (they then score 100): a fold that merely brings two names
      closer would lift every pair that shares "pharmaceuticals" or "technology".
    - a one-word mention one letter off a one-word name ("Uniliver" / "Unilever"), when
      no other listed word is that close and the word has ``typo_min_length`` letters:
      the candidate then scores the threshold, so a close runner-up still blocks it.
    - the candidate's name with one word added that no listed name has (see
      :func:`_unlisted_words`): it too scores the threshold.
    """
    core, gmask, pmask = part
    out, reads = [], {}
    added = _unlisted_words(key, tokens)
    for i, score, flags in ranked:
        best, how = score, 0
        if score >= rules.review_threshold:
            for k in keys_of[i]:
                k_core, k_gmask, k_pmask = core_parts(k)
                pairs = [(key, k)]
                if descriptors_agree(gmask, pmask, k_gmask, k_pmask):
                    pairs.append((core, k_core))
                for mk, ek in pairs:
                    words, read = align(mk.split(), ek.split())
                    if read:
                        sc = _sorted_ratio(mk, " ".join(words))
                        if sc > best:
                            best, how, reads[i] = sc, ALIGNED, "; ".join(read)
                    fm = fold_spelling(mk)
                    if best < 100.0 and sorted(fm.split()) == sorted(fold_spelling(ek).split()):
                        best, how = 100.0, FOLDED
                        reads[i] = f"both spellings folded (both {fm!r})"
            typo = _typo(core, i, keys_of[i], tokens, rules.typo_min_length)
            if typo and best < rules.threshold:
                best, how, reads[i] = rules.threshold, TYPO, typo
            extra = _own_name(added, i, keys_of[i], tokens)
            if extra and best < rules.threshold:
                best, how, reads[i] = rules.threshold, UNLISTED, extra
        out.append((i, best, flags | how))
    return sorted(out, key=lambda t: (-t[1], t[0])), reads


def _typo(core: str, i: int, keys, tokens: TokenIndex, min_length: int) -> str | None:
    """What is read when a one-word mention is one letter off entity `i`'s one-word name
    ("uniliver" / "unilever"), from `min_length` letters on, and no other listed word is
    within one letter of it: then the list leaves no other reading. None otherwise."""
    if " " in core or not min_length or len(core) < min_length:
        return None
    for k in keys:
        word = core_parts(k)[0]
        if " " not in word and _one_edit(core, word) and core != word:
            if tokens.known(core) == {word: "typo"} and tokens.postings[word] == {i}:
                return f"{core!r} as {word!r}, one letter off, as no other listed name is"
    return None


def _unlisted_words(key: str, tokens: TokenIndex) -> list[tuple[str, str]]:
    """The mention's key less one word that no listed name has, with that word: the
    readings of the mention as a listed name with one word added ("Pharmacia & Upjohn
    Groningen" / "Pharmacia Groningen"); :func:`_own_name` checks each against a
    candidate.

    The added word says something the list cannot check, so the rest must say all the
    rest: it is a name of at least two words, each of which only the candidate's names
    have (no other listed company is named by any of them), and the added word is not the
    first (a word in front is usually another company's name: "Muncy Columbia
    Financial" is not Columbia Financial), has letters only (a number is another fund or
    plant), and is no misspelling or compound of a listed word (then the mention may be
    a listed name misspelt). Measured on the SEC list with a fifth held out
    (benchmarks/bench_match.py): with these conditions no wrong accept and 13 right ones
    (a legal form mistyped into a word: "Harte Hanks Cgrp.", "1812 Brewing Compwny");
    without the own-words condition 4 wrong (BlackRock MuniYield Michigan Quality Fund ->
    BlackRock MuniYield Quality Fund, DT Cloud Star Acquisition -> DT Cloud Acquisition),
    2 more with a word in front (Muncy Columbia Financial), and a one-word rest 2 more
    ("Barclays Bavk" -> Barclays).
    """
    words = key.split()
    if len(words) < 3:
        return []
    out = []
    for j in range(1, len(words)):
        word = words[j]
        if word not in tokens.postings and word.isalpha() and not tokens.known(word):
            out.append((" ".join(words[:j] + words[j + 1:]), word))
    return out


def _own_name(added: list[tuple[str, str]], i: int, keys, tokens: TokenIndex) -> str | None:
    """What is read when one of the readings of :func:`_unlisted_words` is a name or alias
    key of entity `i` whose every word only entity `i`'s names have; None otherwise."""
    for rest, word in added:
        if rest in keys and all(tokens.postings.get(w) == {i} for w in rest.split()):
            return (f"{rest!r} (words no other listed name has) with {word!r} added, a "
                    f"word no listed name has")
    return None
