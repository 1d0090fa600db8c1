"""A second look at the candidates in the review band: the candidate's words read the way
the mention shortens or runs them together, and both names with their spellings folded.

Only mentions whose best candidate is in the review band get this: it is a Python loop
over a few names, and it can only lift a candidate's score (a review may become an
accept; the bands, margin and containment checks still apply to the new score).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from .names import core_parts
from .scoring import descriptors_agree
from .spelling import fold_spelling
from .tokens import align

# Flags on a candidate, next to those of .scoring and the matcher
ALIGNED = 1 << 10  # scored again with abbreviations and run-together words read out
FOLDED = 1 << 11  # scored again with both spellings folded (transliteration, umlauts)


def _sorted_ratio(a: str, b: str) -> float:
    return round(fuzz.ratio(" ".join(sorted(a.split())), " ".join(sorted(b.split()))), 2)


def second_look(key: str, part: tuple[str, int, int], ranked, keys_of, review_threshold):
    """Score the review-band candidates again (see the module docstring); a candidate that
    then scores higher keeps that score, flagged. Returns the re-ranked list and what was
    read, by entity position.

    - abbreviations and run-together words ("Schlumberger Tech" / "Schlumberger
      Technology", see :func:`.tokens.align`);
    - spellings folded on both sides (see :func:`.spelling.fold_spelling`): "Filips
      Ehlektroniks" / "Philips Electronics", "Alkatel" / "Alcatel". Only names that fold
      to the same words count (they then score 100): a fold that merely brings two names
      closer would lift every pair that shares "pharmaceuticals" or "technology".
    """
    core, gmask, pmask = part
    out, reads = [], {}
    for i, score, flags in ranked:
        best, how = score, 0
        if score >= review_threshold:
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
        out.append((i, best, flags | how))
    return sorted(out, key=lambda t: (-t[1], t[0])), reads
