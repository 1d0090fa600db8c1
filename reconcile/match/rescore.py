"""A second look at the candidates in the review band: the candidate's words read the way
the mention shortens or runs them together, both names with their spellings folded, and a
one-word name one letter off the only listed name that close.

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
    """
    core, gmask, pmask = part
    out, reads = [], {}
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
