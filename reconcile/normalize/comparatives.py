"""Bound cues as data: what a comparative does to the number it qualifies, in each language.

GT: low, exclusive; GE: low, inclusive; LT: high, exclusive; LE: high, inclusive. Inclusivity
follows the words: "ou égal", "or equal", "at least", "no more than", "au plus", "au moins" are
inclusive; "more than", "plus de", "moins de" are strict.
"""

from __future__ import annotations

# What a cue does to the number it qualifies. GT: low, exclusive; GE: low, inclusive; LT: high,
# exclusive; LE: high, inclusive.
GT, GE, LT, LE = "gt", "ge", "lt", "le"
# Where the cue stands: before the number ("up to $5bn"), after it ("$5bn or more"), or either
# ("10 milliards au moins", "au moins 10 milliards").
PRE, POST, EITHER = "pre", "post", "either"

BOUND_CUES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "up to": (LE, PRE), "as much as": (LE, PRE), "as high as": (LE, PRE),
        "as many as": (LE, PRE), "at most": (LE, EITHER), "at the most": (LE, EITHER),
        "no more than": (LE, PRE), "not more than": (LE, PRE), "no higher than": (LE, PRE),
        "a maximum of": (LE, PRE), "maximum of": (LE, PRE), "maximum": (LE, EITHER),
        "max": (LE, EITHER), "capped at": (LE, PRE), "not exceeding": (LE, PRE),
        "does not exceed": (LE, PRE), "or less": (LE, POST), "or below": (LE, POST),
        "and below": (LE, POST), "or under": (LE, POST), "≤": (LE, PRE), "<=": (LE, PRE),
        "more than": (GT, PRE), "over": (GT, PRE), "above": (GT, PRE), "exceeding": (GT, PRE),
        "exceeds": (GT, PRE), "exceeded": (GT, PRE), "exceed": (GT, PRE),
        "in excess of": (GT, PRE), "upwards of": (GT, PRE), "upward of": (GT, PRE),
        "north of": (GT, PRE), "greater than": (GT, PRE), "higher than": (GT, PRE),
        "larger than": (GT, PRE), "topping": (GT, PRE), "tops": (GT, PRE),
        "topped": (GT, PRE), "surpassing": (GT, PRE), "surpasses": (GT, PRE),
        "beyond": (GT, PRE), "plus": (GT, POST), "+": (GT, POST), ">": (GT, PRE),
        "at least": (GE, EITHER), "a minimum of": (GE, PRE), "minimum of": (GE, PRE),
        "minimum": (GE, EITHER), "min": (GE, EITHER), "no less than": (GE, PRE),
        "not less than": (GE, PRE), "no fewer than": (GE, PRE), "as little as": (GE, PRE),
        "or more": (GE, POST), "or above": (GE, POST), "and above": (GE, POST),
        "and up": (GE, POST), "or higher": (GE, POST), "≥": (GE, PRE), ">=": (GE, PRE),
        "less than": (LT, PRE), "fewer than": (LT, PRE), "under": (LT, PRE),
        "below": (LT, PRE), "lower than": (LT, PRE), "smaller than": (LT, PRE),
        "south of": (LT, PRE), "sub": (LT, PRE), "short of": (LT, PRE), "<": (LT, PRE),
    },
    "fr": {
        "jusqu’à": (LE, PRE), "jusqu’au": (LE, PRE), "jusque": (LE, PRE), "jusqu à": (LE, PRE),
        "au plus": (LE, EITHER), "tout au plus": (LE, EITHER), "au maximum": (LE, EITHER),
        "au grand maximum": (LE, EITHER), "pas plus de": (LE, PRE),
        "maximum de": (LE, PRE), "plafonné à": (LE, PRE), "plafonnée à": (LE, PRE),
        "dans la limite de": (LE, PRE), "ne dépassant pas": (LE, PRE),
        "ne dépasse pas": (LE, PRE), "ou moins": (LE, POST),
        "plus de": (GT, PRE), "au-delà de": (GT, PRE), "au-dessus de": (GT, PRE),
        "dépasse": (GT, PRE), "dépassant": (GT, PRE), "dépasser": (GT, PRE),
        "dépassé": (GT, PRE), "dépassent": (GT, PRE), "excède": (GT, PRE),
        "excédant": (GT, PRE), "supérieur à": (GT, PRE), "supérieure à": (GT, PRE),
        "supérieurs à": (GT, PRE), "supérieures à": (GT, PRE), "franchir": (GT, PRE),
        "franchit": (GT, PRE), "franchi": (GT, PRE), "franchissant": (GT, PRE),
        "passer la barre": (GT, PRE), "passe la barre": (GT, PRE),
        "au moins": (GE, EITHER), "au minimum": (GE, EITHER), "pas moins de": (GE, PRE),
        "minimum de": (GE, PRE), "ou plus": (GE, POST), "et plus": (GE, POST),
        "de plus de": (GT, PRE), "de moins de": (LT, PRE), "moins de": (LT, PRE), "inférieur à": (LT, PRE), "inférieure à": (LT, PRE),
        "inférieurs à": (LT, PRE), "inférieures à": (LT, PRE), "sous": (LT, PRE),
        "sous la barre": (LT, PRE), "en dessous de": (LT, PRE), "en-dessous de": (LT, PRE),
        "au-dessous de": (LT, PRE), "en deçà de": (LT, PRE),
    },
}

def _or_equal(bounds: dict[str, tuple[str, str]]) -> None:
    """The inclusive comparatives are general rules of each language, not a list of phrasings:
    English "less than or equal to", "equal to or greater than", "at or above", "or greater";
    French "inférieur ou égal à", "égales ou supérieures à" in every gender and number."""
    en, fr = bounds["en"], bounds["fr"]
    for strict, inclusive, words in ((GT, GE, ("more", "greater", "higher", "larger", "bigger")),
                                     (LT, LE, ("less", "fewer", "lower", "smaller"))):
        for word in words:
            en.setdefault(f"{word} than or equal to", (inclusive, PRE))
            en.setdefault(f"{word} or equal to", (inclusive, PRE))
            en.setdefault(f"equal to or {word} than", (inclusive, PRE))
            en.setdefault(f"equal or {word} than", (inclusive, PRE))
            en.setdefault(f"or {word}", (inclusive, POST))
            en.setdefault(f"and {word}", (inclusive, POST))
            # "no greater than" caps: the negation of a strict bound is the opposite inclusive one.
            opposite = LE if strict == GT else GE
            en.setdefault(f"no {word} than", (opposite, PRE))
            en.setdefault(f"not {word} than", (opposite, PRE))
    for place, bound in (("above", GE), ("over", GE), ("below", LE), ("under", LE)):
        en.setdefault(f"at or {place}", (bound, PRE))
        en.setdefault(f"and {place}", (bound, POST))
        en.setdefault(f"or {place}", (bound, POST))
    for stem, strict, inclusive in (("supérieur", GT, GE), ("inférieur", LT, LE)):
        for ending, equal in (("", "égal"), ("e", "égale"), ("s", "égaux"), ("es", "égales")):
            adjective = stem + ending
            for to in ("à", "au", "aux"):
                fr.setdefault(f"{adjective} {to}", (strict, PRE))
                fr.setdefault(f"{adjective} ou {equal} {to}", (inclusive, PRE))
                fr.setdefault(f"{equal} ou {adjective} {to}", (inclusive, PRE))
            fr.setdefault(f"au moins {equal} à", (GE, PRE))
            fr.setdefault(f"au plus {equal} à", (LE, PRE))
    for more, less in (("plus", "moins"),):
        fr.setdefault(f"{more} que", (GT, PRE))
        fr.setdefault(f"{less} que", (LT, PRE))
        fr.setdefault(f"pas {more} que", (LE, PRE))
        fr.setdefault(f"pas {less} que", (GE, PRE))
        fr.setdefault(f"et {less}", (LE, POST))


BOUND_CUES["en"].update({
    "at a minimum": (GE, EITHER), "at the least": (GE, EITHER), "at the very least": (GE, EITHER),
    "at the very most": (LE, EITHER), "not to exceed": (LE, PRE), "and upwards": (GE, POST),
    "or upwards": (GE, POST), "⩽": (LE, PRE), "⩾": (GE, PRE), "=<": (LE, PRE), "=>": (GE, PRE),
})
BOUND_CUES["fr"].update({
    "ou davantage": (GE, POST), "et davantage": (GE, POST), "au bas mot": (GE, EITHER),
    "au minimum de": (GE, PRE), "au maximum de": (LE, PRE),
})
_or_equal(BOUND_CUES)

# A modal verb and a bound in one: "pourrait atteindre 50 milliards" = at most 50, maybe; "could
# top $50bn" = more than 50, maybe. They set `hedged` as well as the bound.
MODAL_BOUND_CUES: dict[str, dict[str, str]] = {
    "en": {
        "could reach": LE, "may reach": LE, "might reach": LE, "could hit": LE, "may hit": LE,
        "might hit": LE, "could total": LE, "could rise to": LE, "may rise to": LE,
        "could top": GT, "may top": GT, "might top": GT, "could exceed": GT, "may exceed": GT,
        "might exceed": GT, "could surpass": GT,
    },
    "fr": {
        "pourrait atteindre": LE, "pourraient atteindre": LE, "peut atteindre": LE,
        "peuvent atteindre": LE, "pourrait s’élever à": LE, "pourrait grimper à": LE,
        "pourrait se monter à": LE, "pourrait dépasser": GT, "pourraient dépasser": GT,
        "peut dépasser": GT, "pourrait franchir": GT, "peut franchir": GT,
    },
}
