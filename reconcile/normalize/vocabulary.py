"""The words newsrooms use around numbers, as data: one table per meaning, one part per language.

Every phrase is written as a reader would write it (accents, curly or straight apostrophes,
hyphens); `reconcile.normalize.lexer` folds and tokenizes them exactly as it folds the text it
reads, so a table entry matches "jusqu’à", "jusqu'à" and "JUSQU'A" alike. Adding a phrasing is
adding a row here; no regular expression needs to change.
"""

from __future__ import annotations

# The currency and comparative tables live in their own modules; they are read through this one.
from reconcile.normalize.comparatives import (  # noqa: F401
    BOUND_CUES,
    EITHER,
    GE,
    GT,
    LE,
    LT,
    MODAL_BOUND_CUES,
    POST,
    PRE,
)
from reconcile.normalize.currencies import (  # noqa: F401
    AMBIGUOUS,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DEFAULT_DOLLAR,
    DOLLARS,
    SCALED_CURRENCY_SYMBOLS,
    YEN_SIGN,
)

# --- scales ---------------------------------------------------------------------------------
# Powers of ten. French "billion" is 10^12 (long scale); abbreviations such as "bn" or "B" keep
# their English value in French text too, because French newsrooms write "Md"/"Mds" instead.
SCALES: dict[str, dict[str, int]] = {
    "en": {
        "thousand": 3, "k": 3,
        "million": 6, "mn": 6, "mln": 6, "mio": 6, "m": 6,
        "billion": 9, "bn": 9, "bln": 9, "b": 9,
        "trillion": 12, "tn": 12, "trn": 12, "t": 12,
        # South Asian scales: "12 lakh rupees" is 1.2 million, "2 crore" 20 million.
        "lakh": 5, "lac": 5, "crore": 7,
    },
    "fr": {
        "mille": 3, "k": 3,
        "million": 6, "m": 6,
        "milliard": 9, "md": 9, "mds": 9, "mrd": 9, "mrds": 9, "mdr": 9, "mdrs": 9,
        "billion": 12,
    },
}

# Scale words that may only follow digits ("30bn", "30 Md"): alone, "m" or "t" mean nothing.
ABBREVIATED_SCALES = frozenset(
    {"k", "m", "mn", "mln", "mio", "b", "bn", "bln", "t", "tn", "trn",
     "md", "mds", "mrd", "mrds", "mdr", "mdrs"})

# Plural forms are generated for full words ("milliards", "billions"); a plural scale with no
# number before it is a vague quantity ("des milliards", "billions of dollars"), read as
# [2, 1000) times the scale.
PLURAL_SCALE_ALONE = (2, 1000, False)

# --- number words ---------------------------------------------------------------------------
CARDINALS: dict[str, dict[str, int]] = {
    "en": {
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90,
    },
    "fr": {
        "zéro": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
        "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
        "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
        "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70, "huitante": 80,
        "octante": 80, "nonante": 90,
    },
}

# "a", "an", "un", "une" count as 1 only before a scale or another number word ("a billion",
# "un milliard", "une centaine"); elsewhere they are articles ("un accord de 10 milliards").
ARTICLES = frozenset({"a", "an", "un", "une"})

# Multiply what precedes them (1 when nothing does): "two hundred", "deux cents", "a hundred".
HUNDREDS = frozenset({"hundred", "cent", "cents"})

# Fractions multiply a scale: "half a billion", "un demi-milliard", "a quarter billion". Alone
# ("two thirds", "la moitié", "a quarter of the company") they are a share of something
# unnamed, which the reader refuses rather than guess it is a percentage.
FRACTIONS: dict[str, str] = {
    "half": "1/2", "halves": "1/2", "demi": "1/2", "demie": "1/2", "moitié": "1/2",
    "third": "1/3", "thirds": "1/3", "tiers": "1/3", "quarter": "1/4", "quarters": "1/4",
    "quart": "1/4", "quarts": "1/4", "fifth": "1/5", "fifths": "1/5", "cinquième": "1/5",
    "cinquièmes": "1/5",
}

# Fractions that are a share even without a number before them ("half", "la moitié"); alone,
# "tiers" are third parties and a "quarter" a period.
LONE_FRACTIONS = frozenset({"half", "moitie"})

# Add one half of the last unit: "one and a half billion", "un milliard et demi".
AND_A_HALF = ("and a half", "et demi", "et demie")

# Joiners inside spelled-out numbers: "one hundred and fifty", "vingt et un".
NUMBER_JOINERS = frozenset({"and", "et"})

# --- vague quantities -----------------------------------------------------------------------
# Multiples of what follows (a scale or nothing): (low, high, high inclusive). "several
# billion" is at least two and fewer than ten billion; "tens of billions" at least ten and
# fewer than a hundred.
VAGUE: dict[str, dict[str, tuple[int, int, bool]]] = {
    "en": {
        "several": (2, 10, False), "a few": (2, 10, False), "few": (2, 10, False),
        "a couple of": (2, 3, True),
        "tens of": (10, 100, False), "dozens of": (24, 100, False),
        "hundreds of": (100, 1000, False), "thousands of": (1000, 1_000_000, False),
    },
    "fr": {
        "plusieurs": (2, 10, False), "quelques": (2, 10, False),
        "dizaines": (10, 100, False), "douzaines": (24, 100, False),
        "centaines": (100, 1000, False), "milliers": (1000, 1_000_000, False),
    },
}

# About a round number: an approximate point ("une dizaine de milliards" ≈ 10 billion).
ROUND_QUANTITIES: dict[str, dict[str, int]] = {
    "en": {"dozen": 12},
    "fr": {
        "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
        "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
        "millier": 1000,
    },
}

# --- currencies: in currencies.py, imported above -------------------------------------------

# --- percentages ----------------------------------------------------------------------------
PERCENT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("%", "percent", "per cent", "pct", "percentage points", "percentage point"),
    "fr": ("pour cent", "pourcent", "pourcents", "pour cents", "points de pourcentage",
           "point de pourcentage"),
}
# "forty percentage" and "per cent of 35" say percent as surely as "%" does; a percent word
# before its number needs "of"/"de" after it.
PERCENT_WORDS["en"] += ("percentage", "percentages", "pc")
PERCENT_PREFIX_LINKS = frozenset({"of", "de"})

# A spelled sign before a number: "minus eight percent", "moins 3 %" ("moins de" is a bound).
MINUS_WORDS = ("minus", "negative", "moins")

# A fall stated as a positive number: "a 3 % decline", "en baisse de 5 %". Whether the value is
# -3 or 3 depends on what the attribute measures, so the reader refuses to pick a sign.
DECLINE_WORDS = (
    "decline", "declines", "declined", "declining", "drop", "drops", "dropped", "fall", "falls",
    "fell", "decrease", "decreases", "decreased", "slump", "slumped", "plunge", "plunged",
    "shrank", "shrink", "contraction", "baisse", "recul", "recule", "recule de", "chute",
    "diminution", "repli", "a baisse", "ont baisse", "en baisse de", "en recul de",
)

# Spelled decimal marks: "three point five million", "trois virgule cinq millions". The reader
# refuses them (write the digits) rather than read two numbers.
DECIMAL_WORDS = frozenset({"point", "virgule"})

# A multiple of another quantity, not a value: "trois fois plus", "twice as much as $5bn",
# "double the $5bn". The reader refuses rather than report the quantity multiplied.
MULTIPLE_WORDS = ("times", "twice", "thrice", "double", "doubled", "doubles", "doubling",
                  "triple", "tripled", "triples", "quadruple", "quadrupled", "fois", "doublé",
                  "doublée", "doubler", "triplé", "triplée", "tripler", "quadruplé")

# Currency subunits that add to a whole amount: "seven dollars and twenty cents" is 7.20.
SUBUNITS = frozenset({"cents", "cent", "centimes", "centime", "pence", "penny"})

# --- bounds: in comparatives.py, imported above ----------------------------------------------

# --- approximation --------------------------------------------------------------------------
AROUND, BELOW, ABOVE = "around", "below", "above"  # X ± tol, [X·(1−tol), X], [X, X·(1+tol)]

APPROX_CUES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "about": (AROUND, PRE), "around": (AROUND, PRE), "approximately": (AROUND, EITHER),
        "approx": (AROUND, EITHER), "roughly": (AROUND, PRE), "some": (AROUND, PRE),
        # Not "c." or "ca.": "Series C", and French "ça" folds to "ca".
        "close to": (AROUND, PRE), "circa": (AROUND, PRE), "an estimated": (AROUND, PRE),
        "in the region of": (AROUND, PRE), "in the order of": (AROUND, PRE),
        "on the order of": (AROUND, PRE), "of the order of": (AROUND, PRE),
        "more or less": (AROUND, EITHER), "give or take": (AROUND, EITHER),
        "or so": (AROUND, POST), "ish": (AROUND, POST), "~": (AROUND, PRE), "≈": (AROUND, PRE),
        "nearly": (BELOW, PRE), "almost": (BELOW, PRE), "just under": (BELOW, PRE),
        "just below": (BELOW, PRE), "just shy of": (BELOW, PRE), "shy of": (BELOW, PRE),
        "slightly less than": (BELOW, PRE), "slightly under": (BELOW, PRE),
        "a little under": (BELOW, PRE), "a little less than": (BELOW, PRE),
        "not quite": (BELOW, PRE), "approaching": (BELOW, PRE),
        "just over": (ABOVE, PRE), "just above": (ABOVE, PRE), "just more than": (ABOVE, PRE),
        "slightly more than": (ABOVE, PRE), "slightly over": (ABOVE, PRE),
        "slightly above": (ABOVE, PRE), "a little over": (ABOVE, PRE),
        "a little more than": (ABOVE, PRE), "just north of": (ABOVE, PRE),
    },
    "fr": {
        "environ": (AROUND, EITHER), "env": (AROUND, PRE), "autour de": (AROUND, PRE),
        "aux alentours de": (AROUND, PRE), "quelque": (AROUND, PRE),
        "de l’ordre de": (AROUND, PRE), "près de": (AROUND, PRE),
        "à peu près": (AROUND, EITHER), "approximativement": (AROUND, EITHER),
        "grosso modo": (AROUND, EITHER), "plus ou moins": (AROUND, EITHER),
        "dans les": (AROUND, PRE), "avoisinant": (AROUND, PRE), "avoisine": (AROUND, PRE),
        "presque": (BELOW, PRE), "quasiment": (BELOW, PRE), "quasi": (BELOW, PRE),
        "un peu moins de": (BELOW, PRE), "légèrement moins de": (BELOW, PRE),
        "légèrement inférieur à": (BELOW, PRE), "légèrement inférieure à": (BELOW, PRE),
        "pas loin de": (BELOW, PRE), "frôle": (BELOW, PRE), "frôlant": (BELOW, PRE),
        "frôler": (BELOW, PRE),
        "un peu plus de": (ABOVE, PRE), "légèrement plus de": (ABOVE, PRE),
        "légèrement supérieur à": (ABOVE, PRE), "légèrement supérieure à": (ABOVE, PRE),
        "un peu au-dessus de": (ABOVE, PRE), "tout juste au-dessus de": (ABOVE, PRE),
    },
}

# --- hedging --------------------------------------------------------------------------------
# Modal or reported-as-possible wording anywhere in the text sets `hedged`; the interval is
# unchanged and the rules decide what hedging costs. French reported speech uses the
# conditional ("serait", "aurait"), hence its place here.
HEDGES: dict[str, tuple[str, ...]] = {
    "en": ("could", "may", "might", "would", "possibly", "potentially", "possible",
           "potential", "perhaps", "maybe", "reportedly", "rumoured", "rumored", "mooted",
           "is said to", "are said to", "said to be", "is thought to", "are thought to"),
    "fr": ("pourrait", "pourraient", "peut", "peuvent", "pouvant", "possible", "possibles",
           "possiblement", "éventuel", "éventuelle", "éventuels", "éventuelles",
           "éventuellement", "envisagé", "envisagée", "envisagés", "envisagées", "envisage",
           "envisagent", "potentiel", "potentielle", "potentiels", "potentielles",
           "potentiellement", "serait", "seraient", "aurait", "auraient", "devrait",
           "devraient", "susceptible", "susceptibles", "probablement", "vraisemblablement",
           "dépasserait", "atteindrait"),
}

# --- ranges ---------------------------------------------------------------------------------
# "between X and Y", "from X to Y", "entre X et Y", "de X à Y"; X–Y and "X to Y" need no opener.
RANGE_OPENERS: dict[str, tuple[str, ...]] = {"en": ("between", "from"), "fr": ("entre", "de", "d’")}
RANGE_JOINERS: dict[str, tuple[str, ...]] = {"en": ("to", "-", "and", "through"), "fr": ("à", "et")}
# "and"/"et" join a range only after "between"/"entre"; "up to"/"jusqu'à" only after from/de.
OPENER_ONLY_JOINERS = frozenset({"and", "et"})

# --- words that may stand between a cue and its number -------------------------------------
# Read as one neutral word, so that "franchir la barre des 20 milliards" reaches its number.
FILLERS: dict[str, tuple[str, ...]] = {
    "en": ("a total of", "the sum of", "the mark of", "the threshold of"),
    "fr": ("la barre des", "la barre de", "la barre", "le cap des", "le cap de", "le seuil des",
           "le seuil de", "la barre symbolique des", "la somme de", "un total de",
           "à hauteur de", "un montant de", "un montant total de"),
}
# Between a number (or its scale) and a currency word: "30 milliards de dollars".
CURRENCY_LINKS = frozenset({"de", "d’", "of", "in"})

# Phrases that look like cues but are not: longest match swallows them first.
NOT_CUES: tuple[str, ...] = ("plus tard", "plus tôt", "au plus tard", "au plus tôt", "non plus")

# --- what is not the value ------------------------------------------------------------------
# Bare numbers next to these are dates or durations, dropped when the text holds another amount.
MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
           "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre", "janv", "févr", "avr", "juil", "déc"),
}
DATE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("in", "since", "until", "by", "early", "late", "mid", "end", "year", "fiscal", "fy"),
    "fr": ("en", "depuis", "fin", "début", "mi", "année", "exercice", "ici", "jusqu’en"),
}
TIME_UNITS: dict[str, tuple[str, ...]] = {
    "en": ("year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days",
           "hour", "hours", "decade", "decades", "quarters"),
    "fr": ("ans", "année", "années", "mois", "semaine", "semaines", "jour", "jours", "heure",
           "heures", "décennie", "décennies", "trimestre", "trimestres"),
}

# Refusals: the text says the value is not known. Read only when no amount is stated.
REFUSALS: dict[str, str] = {
    "undisclosed": "the value is undisclosed", "not disclosed": "the value is undisclosed",
    "non disclosed": "the value is undisclosed", "withheld": "the value is undisclosed",
    "confidential": "the value is undisclosed", "kept secret": "the value is undisclosed",
    "non divulgué": "the value is undisclosed (non divulgué)",
    "non divulguée": "the value is undisclosed (non divulgué)",
    "non divulgués": "the value is undisclosed (non divulgué)",
    "non divulguées": "the value is undisclosed (non divulgué)",
    "non communiqué": "the value is undisclosed (non communiqué)",
    "non communiquée": "the value is undisclosed (non communiqué)",
    "non dévoilé": "the value is undisclosed (non dévoilé)",
    "non dévoilée": "the value is undisclosed (non dévoilé)",
    "non précisé": "the value is undisclosed (non précisé)",
    "non précisée": "the value is undisclosed (non précisé)",
    "non révélé": "the value is undisclosed (non révélé)",
    "confidentiel": "the value is undisclosed (confidentiel)",
    "tenu secret": "the value is undisclosed (tenu secret)",
    "n/a": "the value is marked N/A", "n.a": "the value is marked N/A", "na": "the value is marked N/A",
    "n/c": "the value is marked N/C (non communiqué)", "nc": "the value is marked N/C (non communiqué)",
    "n.c": "the value is marked N/C (non communiqué)", "nd": "the value is marked N/D (non disponible)",
    "n/d": "the value is marked N/D (non disponible)", "non disponible": "the value is marked N/D (non disponible)",
    "tbd": "the value is to be determined", "tba": "the value is to be announced",
    "unknown": "the value is unknown", "inconnu": "the value is unknown (inconnu)",
    "inconnue": "the value is unknown (inconnu)", "unspecified": "the value is unspecified",
    "not specified": "the value is unspecified",
}

# Words that only one language uses, beyond the tables above, for detect_lang.
FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("the", "of", "and", "an", "than", "deal", "worth", "valued", "at", "between",
           "from", "to", "its", "with", "for", "is", "was", "will", "be", "up", "least"),
    "fr": ("de", "des", "du", "le", "la", "les", "et", "un", "une", "d’", "l’", "qu’", "est",
           "avec", "pour", "dans", "sur", "par", "accord", "levée", "investissement", "entre",
           "au", "aux", "ce", "cette", "son", "sa", "ses"),
}
