"""From text to items: fold the text, cut it into tokens with one regular expression, then name
each token (or run of tokens) with the vocabulary tables.

The items are language-neutral: "billion" carries both its English and its French value, and a
number keeps its digits as written, so one lexing serves both `detect_lang` and the parser.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from reconcile.normalize import vocabulary as V

# --- item kinds -----------------------------------------------------------------------------
NUM = "num"            # digits as written: "1 234,5"
SCALE = "scale"        # (exp_en, exp_fr, abbreviated, plural)
SCALED_CUR = "scaled_cur"  # "G$": (exp, currency)
CARD = "card"          # a cardinal word: 5
ARTICLE = "article"    # a, an, un, une
HUNDRED = "hundred"
FRACTION = "fraction"  # (numerator, denominator)
AND_HALF = "and_half"
VAGUE = "vague"        # (low, high, high_inclusive)
ROUND = "round"        # a round quantity read as approximate: 10 for "dizaine"
CUR = "cur"            # ISO code, or the default-dollar / yen-sign markers
PCT = "pct"
BOUND = "bound"        # (gt|ge|lt|le, position, hedged)
APPROX = "approx"      # (around|below|above, position)
HEDGE = "hedge"
OPEN = "open"          # between, entre, from, de
JOIN = "join"          # to, à, and, et
FILLER = "filler"
REFUSAL = "refusal"    # reason
DASH = "dash"          # a dash between two things: a range, or "-plus"
MINUS = "minus"
SEP = "sep"            # , ; : / ( )
DECLINE = "decline"    # a fall stated as a positive number
MULTIPLE = "multiple"  # a multiple of another quantity: "twice", "fois"
WORD = "word"          # any other word


class Item(NamedTuple):
    kind: str
    data: object
    key: str  # the folded words, space-separated
    start: int  # where it stands in the folded text
    end: int


# --- folding --------------------------------------------------------------------------------
# Accents go (people type "jusqu'a" and "deja"), apostrophes become one, every space used to
# group digits becomes a plain space, every dash a hyphen (a minus sign reads as a dash or a
# sign from its position, as a hyphen does).
_FOLD = str.maketrans({
    **{c: "a" for c in "àáâãäå"}, **{c: "e" for c in "èéêë"}, **{c: "i" for c in "ìíîï"},
    **{c: "o" for c in "òóôõö"}, **{c: "u" for c in "ùúûü"}, "ç": "c", "ñ": "n", "ÿ": "y",
    "œ": "oe", "æ": "ae",
    **{c: "'" for c in "’‘‛`´ʼ′"},
    **{c: " " for c in "\u00a0\u202f\u2009\u2007\u2008\u200a\u2002\u2003\u3000\t\n\r\f\v"},
    **{c: "-" for c in "‐‑‒–—―−﹣－"},
    "\u200b": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
})


def fold(text: str) -> str:
    """Lower-case, strip accents and unify apostrophes, spaces and dashes."""
    text = text.lower()
    return text if text.isascii() else text.translate(_FOLD)


# --- tokens ---------------------------------------------------------------------------------
def _symbols(lettered: bool) -> list[str]:
    """Signs: "$", "€", "%", "≤", "<=", "~"...; lettered: those that start with letters, "us$"."""
    signs = set(V.CURRENCY_SYMBOLS) | set(V.SCALED_CURRENCY_SYMBOLS) | {"%"}
    for table in (V.BOUND_CUES, V.APPROX_CUES):
        for part in table.values():
            signs.update(p for p in part if not p[0].isalpha())
    # Lettered signs made of letters only ("musd") are words the word pattern already matches.
    return sorted((fold(s) for s in signs if s[0].isalpha() == lettered
                   and not (lettered and s.isalpha())), key=len, reverse=True)


# One pass over the text, most frequent tokens first. Words: the lettered signs ("us$", "hk$",
# "g$"), else letters (items_of drops digits glued after letters, Q3 or A380, unless the
# letters are a currency, USD1.2bn). Numbers: 3-digit groups with one consistent separator
# ("1 234 567", "1,234.5", "1.234,5"), else digits with an optional decimal part ("1,5", "30",
# ".5"). Words come first: re then skips most positions on their first character.
_LETTERED_SIGN = re.compile("|".join(re.escape(s) for s in _symbols(lettered=True)))
_TOKEN = re.compile(
    r"(?P<w>" + "".join(re.escape(s) + "|" for s in _symbols(lettered=True)) + r"[a-z]+'?)"
    r"|(?P<n>[0-9]{1,3}(?P<g>[ ,.])[0-9]{3}(?:(?P=g)[0-9]{3})*(?:[.,][0-9]+)?(?![0-9])"
    r"|[0-9]+(?:[.,][0-9]+)?|\.[0-9]+)"
    r"|(?P<s>" + "|".join(re.escape(s) for s in _symbols(lettered=False)) + ")"
    r"|(?P<d>-)"
    r"|(?P<p>[,;:/()\[\]])"
)


def tokens(folded: str) -> list[tuple[str, str, int, int]]:
    """(type, text, start, end) for each token; type is n (number), s (sign), w (word),
    d (dash), m (minus sign) or p (punctuation)."""
    toks = [(m.lastgroup, m.group(), *m.span()) for m in _TOKEN.finditer(folded)]
    if "$" in folded and _LETTERS_THEN_DOLLAR.search(folded):
        toks = _dollar_prefixes(toks)
    return _classify_dashes(folded, toks) if "-" in folded else toks


# Where a dollar sign may take the letters before it: glued letters that are not a known sign
# ("zz$", "aud$"; "hk$" is already one token), or a known prefix then a space ("c $", "hk $");
# "up to $5bn" and "HK$5bn" never need the pass below.
_DOLLAR_PREFIXES = sorted((re.escape(fold(s)[:-1]) for s in V.CURRENCY_SYMBOLS
                           if len(s) > 1 and s.endswith("$")), key=len, reverse=True)
_LETTERS_THEN_DOLLAR = re.compile(
    r"(?<![a-z])(?!(?:" + "|".join(_DOLLAR_PREFIXES) + r")\$)[a-z]+\$"
    r"|(?<![a-z])(?:" + "|".join(p for p in _DOLLAR_PREFIXES if p not in V.ARTICLES | {"s"})
    + r") \$")


def _dollar_prefixes(toks: list) -> list:
    """Letters before "$" name the dollar: "C $" is CAD and "HK $" HKD, as "C$" and "HK$" are.
    Glued letters the lexicon does not know ("ZZ$") are an unknown currency (type x), never
    the default dollar; a spaced article or word stays itself ("a $5bn deal", "it's $5bn")."""
    out: list = []
    for tok in toks:
        prev = out[-1] if out else None
        if tok[1] == "$" and prev is not None and prev[0] == "w" and prev[1][-1] != "$":
            gap = tok[2] - prev[3]
            sign = prev[1] + "$"
            before = out[-2] if len(out) > 1 else None
            alone = before is None or before[0] != "w"
            if sign in _KNOWN_SIGNS and gap <= 1 and alone and prev[1] not in V.ARTICLES | {"s"}:
                out[-1] = ("w", sign, prev[2], tok[3])
                continue
            if gap == 0 and prev[1] not in _SINGLE and prev[1] not in _TRIE:
                out[-1] = ("x", sign, prev[2], tok[3])
                continue
        out.append(tok)
    return out


def _classify_dashes(folded: str, toks: list) -> list:
    """A dash is a range ("20-50", "$20bn-$50bn"), a sign ("-5 %") or a hyphen inside a
    compound, which is dropped ("vingt-cinq", "sub-$10bn", "au-delà", "a $10-billion deal",
    "a billion-dollar deal"); digits hyphenated to a word the lexicon does not know are a name
    ("COVID-19", "Boeing-737")."""
    out = []
    name_next = False
    for tok in toks:
        if name_next:
            name_next = False
            if tok[0] == "n":
                tok = ("w", tok[1], tok[2], tok[3])
        if tok[0] == "d":
            start, end = tok[2], tok[3]
            before = folded[start - 1] if start else " "
            after = folded[end] if end < len(folded) else " "
            if after.isalpha() and _compound(folded, start, end):
                continue  # "$10-billion", "billion-dollar": one amount
            if before.isalpha() and after != " ":
                word = _word_before(folded, start)
                if word not in _AMOUNT_WORDS:
                    name_next = after.isdigit() and word not in _TRIE
                    continue
            if (after.isdigit() or after in "$€£¥." or _LETTERED_SIGN.match(folded, end)) \
                    and not _ends_amount(folded, start):
                tok = ("m", "-", start, end)  # after a space, "(", "~", "≤", a prefix "$": a sign
        out.append(tok)
    return out


def _ends_amount(folded: str, dash: int) -> bool:
    """Whether what stands before a dash ends an amount, making the dash a range: a digit or a
    letter ("20-30", "20bn-30bn"), "%", a currency sign after digits ("20€-30€"; "$-5bn" has
    the "$" before its digits)."""
    before = folded[dash - 1] if dash else " "
    if before.isalnum() or before in "%.,'":
        return True
    return before in "$€£¥" and dash > 1 and folded[dash - 2].isalnum()




def _word_before(folded: str, end: int) -> str:
    start = end
    while start and folded[start - 1].isalpha():
        start -= 1
    return folded[start:end]


def _compound(folded: str, dash: int, end: int) -> bool:
    """Digits then a scale word ("$10-billion"), or a scale word then a scale or currency word
    ("billion-dollar", "10-million-euro"). Scale words, not letters: "CHF 1M–CHF 1B" and
    "10–CNY 1M" stay ranges."""
    after = _word_after(folded, end)
    if dash and folded[dash - 1].isdigit():
        return after in _SCALE_WORDS
    return _word_before(folded, dash) in _SCALE_WORDS and after in _AMOUNT_WORDS


def _word_after(folded: str, start: int) -> str:
    end = start
    while end < len(folded) and folded[end].isalpha():
        end += 1
    return folded[start:end]


# Filled once the phrase tables are built (the dash pass runs on the tables' phrases too):
# words that end an amount, after which a dash is a range ("$20bn-$50bn") or a suffix ("-plus");
# and the trie of phrases, described where it is built.
_AMOUNT_WORDS: set[str] = set()
_SCALE_WORDS: set[str] = set()
_TRIE: dict[str, dict] = {}


# --- phrase tables --------------------------------------------------------------------------
def _key(phrase: str) -> tuple[str, ...]:
    return tuple(t[1] for t in tokens(fold(phrase)))


PHRASES: dict[tuple[str, ...], tuple[str, object]] = {}


def _add(phrase: str, kind: str, data: object = None) -> None:
    # First definition wins: the tables below are added from the most specific meaning down.
    PHRASES.setdefault(_key(phrase), (kind, data))


def _build() -> None:
    for phrase in V.NOT_CUES:
        _add(phrase, WORD)
    for phrase in V.DECLINE_WORDS:
        _add(phrase, DECLINE)
    for phrase in V.MULTIPLE_WORDS:
        _add(phrase, MULTIPLE)
    for phrase, reason in V.REFUSALS.items():
        _add(phrase, REFUSAL, reason)
    for words in V.PERCENT_WORDS.values():
        for phrase in words:
            _add(phrase, PCT)
    for table in V.MODAL_BOUND_CUES.values():
        for phrase, bound in table.items():
            _add(phrase, BOUND, (bound, V.PRE, True))
    for table in V.BOUND_CUES.values():
        for phrase, (bound, position) in table.items():
            _add(phrase, BOUND, (bound, position, False))
            if phrase.endswith(" de"):  # elision and contraction: "plus d'un", "au-delà des"
                for tail in (" d’", " des", " du"):
                    _add(phrase[:-3] + tail, BOUND, (bound, position, False))
    for table in V.APPROX_CUES.values():
        for phrase, (approx, position) in table.items():
            _add(phrase, APPROX, (approx, position))
            if phrase.endswith(" de"):
                for tail in (" d’", " des", " du"):
                    _add(phrase[:-3] + tail, APPROX, (approx, position))
    for words in V.HEDGES.values():
        for phrase in words:
            _add(phrase, HEDGE)
    for phrase in V.AND_A_HALF:
        _add(phrase, AND_HALF)
    for table in V.VAGUE.values():
        for phrase, span in table.items():
            _add(phrase, VAGUE, span)
    for table in V.ROUND_QUANTITIES.values():
        for phrase, value in table.items():
            _add(phrase, ROUND, value)
    for phrase, (exp, code) in V.SCALED_CURRENCY_SYMBOLS.items():
        _add(phrase, SCALED_CUR, (exp, code))
    for phrase, code in V.CURRENCY_SYMBOLS.items():
        _add(phrase, CUR, code)
    for table in V.CURRENCY_WORDS.values():
        for phrase, code in table.items():
            _add(phrase, CUR, code)
    words = set(V.SCALES["en"]) | set(V.SCALES["fr"])
    for word in words:
        en = V.SCALES["en"].get(word, V.SCALES["fr"].get(word))
        fr = V.SCALES["fr"].get(word, en)
        abbreviated = word in V.ABBREVIATED_SCALES
        _add(word, SCALE, (en, fr, abbreviated, False))
        if not abbreviated and word != "mille":
            _add(word + "s", SCALE, (en, fr, False, True))
    for table in V.CARDINALS.values():
        for word, value in table.items():
            _add(word, CARD, value)
    for word in V.ARTICLES:
        _add(word, ARTICLE, 1)
    for word in V.HUNDREDS:
        _add(word, HUNDRED, 100)
    for word, value in V.FRACTIONS.items():
        numerator, denominator = value.split("/")
        _add(word, FRACTION, (Decimal(numerator), Decimal(denominator)))
    for words in V.RANGE_OPENERS.values():
        for word in words:
            _add(word, OPEN)
    for words in V.RANGE_JOINERS.values():
        for word in words:
            if word != "-":
                _add(word, JOIN)
    for word in V.MINUS_WORDS:
        _add(word, MINUS)
    for phrases in V.FILLERS.values():
        for phrase in phrases:
            _add(phrase, FILLER)


_build()

# The phrases as a trie of words: one dict look-up per token, and a longer walk only where a
# phrase may continue. A node's _END entry is the meaning of the phrase ending there.
_END = ""
for _words, _meaning in PHRASES.items():
    _node = _TRIE
    for _word in _words:
        _node = _node.setdefault(_word, {})
    _node[_END] = _meaning
_KNOWN_SIGNS = frozenset(fold(s) for s in V.CURRENCY_SYMBOLS)
_SOLO = {word: node[_END] for word, node in _TRIE.items() if list(node) == [_END]}
_SINGLE = {k[0]: v for k, v in PHRASES.items() if len(k) == 1}
_AMOUNT_WORDS.update(w for w, (kind, _) in _SINGLE.items() if kind in (SCALE, CUR, PCT) and w.isalpha())
_SCALE_WORDS.update(w for w, (kind, data) in _SINGLE.items() if kind == SCALE and not data[2])


def _set(table: dict[str, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(_key(w)[-1] for part in table.values() for w in part)


MONTHS = _set(V.MONTHS)
DATE_WORDS = _set(V.DATE_WORDS)
TIME_UNITS = _set(V.TIME_UNITS)
CURRENCY_LINKS = frozenset(_key(w)[-1] for w in V.CURRENCY_LINKS)
# Words glued to digits that keep the number a number ("30bn", "5m", "10k€"); any other letters
# make it an identifier ("5G", "3rd", "2x").
_GLUE_OK = frozenset(w for w, (kind, _) in _SINGLE.items()
                     if kind in (SCALE, CUR, PCT, SCALED_CUR, BOUND, APPROX))


_new_item = tuple.__new__  # Item(...) through its generated __new__ costs a Python call


def items_of(toks: list[tuple[str, str, int, int]]) -> list[Item]:
    """Name the tokens of a folded text: the longest phrase of the lexicon starting at each
    token (a walk down the trie of phrases), else the token alone."""
    out: list[Item] = []
    append = out.append
    n = len(toks)
    i = 0
    while i < n:
        kind, key, start, end = toks[i]
        solo = _SOLO.get(key)
        if solo is not None:  # most words: a meaning, and no longer phrase to try
            append(_new_item(Item, (solo[0], solo[1], key, start, end)))
            i += 1
            continue
        node = _TRIE.get(key)
        if node is None:
            if kind == "n":
                nxt = toks[i + 1] if i + 1 < n else None
                if nxt is not None and nxt[2] == end and nxt[0] == "w" and nxt[1] not in _GLUE_OK:
                    i += 2  # "5g", "3rd": an identifier or an ordinal, not an amount
                    continue
                prev = toks[i - 1] if i else None
                if prev is not None and prev[3] == start and prev[0] == "w" and prev[1] not in _GLUE_OK:
                    i += 1  # "Q3", "A380", "FY2025": a name
                    continue
                append(_new_item(Item, (NUM, key, key, start, end)))
            elif kind == "x":
                reason = f"{V.AMBIGUOUS}unknown currency sign {key!r}: give its ISO code"
                append(_new_item(Item, (CUR, reason, key, start, end)))
            else:
                append(_new_item(Item, (_OTHER_KINDS[kind], None, key, start, end)))
            i += 1
            continue
        found, last = node.get(_END), i
        j = i + 1
        while j < n:
            node = node.get(toks[j][1])
            if node is None:
                break
            if _END in node:
                found, last = node[_END], j
            j += 1
        if found is None:  # the start of longer phrases only
            append(_new_item(Item, (_OTHER_KINDS[kind], None, key, start, end)))
        elif last == i:
            append(_new_item(Item, (found[0], found[1], key, start, end)))
        else:
            key = " ".join(t[1] for t in toks[i:last + 1])
            append(_new_item(Item, (found[0], found[1], key, start, toks[last][3])))
        i = last + 1
    return out


_OTHER_KINDS = {"p": SEP, "w": WORD, "d": DASH, "m": MINUS, "s": WORD}
