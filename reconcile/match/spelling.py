"""Spelling folds: the same name written through another alphabet or spelling convention.

Names reach an English or Dutch register through Russian, German or Scandinavian
spellings: "Filips Ehlektroniks" for Philips Electronics, "Shljumberger Teknolodzhi" for
Schlumberger Technology, "Alkatel", "Mueller" for Müller. anyascii already folds the
letters themselves ("ü" -> "u"); what it cannot see is a sound written two ways ("ph"/"f",
"c"/"k", "dzh"/"g"). :func:`fold_spelling` writes each such sound one way, on both sides,
so that the fuzzy score measures the letters that really differ.

The fold is coarse by design ("chase" and "kase" fold alike), so it never proposes a
candidate: the matcher uses it only to score again the candidates that the plain scores
already put in the review band.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Ordered rewrites on a lower-case ASCII word: digraphs and trigraphs before single letters.
_REWRITES = (
    ("sch", "sh"),  # German: "schlumberger" / "shlumberger"
    ("dzh", "j"), ("zh", "j"), ("dj", "j"),  # Russian transliteration of English j/g
    ("tch", "ch"),
    ("ph", "f"),  # "philips" / "filips"
    ("ck", "k"), ("ch", "k"), ("kh", "k"), ("q", "k"),  # "technology" / "teknolodzhi"
    ("x", "ks"),
    ("ae", "a"), ("oe", "o"), ("ue", "u"),  # umlauts written out: "mueller" / "muller"
    ("eh", "e"),  # Russian э: "ehlektroniks"
    ("lj", "l"), ("nj", "n"),  # Russian soft consonants: "shljumberger"
    ("ij", "i"), ("ej", "i"), ("y", "i"),  # Dutch ij, "koninklejke"; "technology"
    ("w", "v"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")  # "c" before e, i, y sounds "s"
_SOFT_G = re.compile(r"g(?=[eiy])")  # "g" before e, i, y sounds "j" ("logy" / "lodzhi")
_DOUBLE = re.compile(r"([a-z])\1+")  # "phillips" / "philips", "ss" for "ß"


@lru_cache(maxsize=1 << 16)
def fold_spelling(key: str) -> str:
    """A name key with each sound written one way ("filips ehlektroniks" and "philips
    electronics" both fold to "filips elektroniks")."""
    out = []
    for word in key.split():
        if not word.isalpha():
            out.append(word)
            continue
        word = _SOFT_G.sub("j", _SOFT_C.sub("s", word))
        for a, b in _REWRITES:
            if a in word:
                word = word.replace(a, b)
        out.append(_DOUBLE.sub(r"\1", word.replace("c", "k")))
    return " ".join(out)
