"""Name keys: the one normalization applied to entity names, aliases and mentions alike.

A name key is what is left of a company name once everything that varies between two
spellings of the same company is taken out: script and accents, case, punctuation, the
connector between two names ("&", "and", "et", "und"), legal forms in the common
jurisdictions, English possessives, French elision, a leading article, and the address or
qualifier that follows a legal form ("CARGILL B.V., BERGEN OP ZOOM, NL").

Design choices, compared with the libraries that do parts of this:

- ``cleanco.basename`` strips legal forms only at the end of a name, leaves ``Co.`` in
  "Samsung Electronics Co., Ltd.", keeps prefix forms ("N.V. Philips"), does not fold
  accents or elision, and turns a name that is all legal form ("Inc.", "S.p.A.") into "".
- ``fingerprints.generate`` replaces forms by abbreviations instead of removing them
  ("Siemens Aktiengesellschaft" -> "ag siemens"), needs PyICU (a C++ build against ICU),
  and splits CJK names into one token per syllable.

Neither serves on its own, so the forms are a plain table here (general lists only, no
names taken from any data set), and the guard that both libraries lack is built in: when
removing forms would leave nothing, the words are kept ("Inc." -> "inc").
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from anyascii import anyascii

from .words import GENERIC_WORDS, place_bits, trailing_places

# --- legal forms -------------------------------------------------------------------------
# Written as they look after folding: lower case, punctuation gone, runs of single letters
# joined ("S.p.A." -> "spa", "N. V." -> "nv", "A/S" -> "as"). A multi-word form is matched
# as a whole phrase, longest first, so "kg auf aktien" goes before "kg".
_FORM_WORDS = """
inc incorporated corp corpn corporation co cos company ltd ltda limited llc llp lllp lp pllc
plc pty pte bhd
sa sas sasu sarl eurl snc se scs
gmbh mbh ag kg kgaa ohg aktiengesellschaft kommanditgesellschaft
nv bv cv vof bvba vzw cvba
spa srl sapa sl slu
ab publ asa as aps oy oyj aktiebolag aktiebolaget aktieselskab aksjeselskap osakeyhtio
kk kabushikigaisha sro
"""
_FORM_PHRASES = """
public limited company | limited liability company | limited liability partnership |
limited partnership | private limited | sdn bhd | co ltd | co inc |
societe anonyme | societe par actions simplifiee | societe a responsabilite limitee |
societe en nom collectif | societe europeenne | societas europaea |
gesellschaft mit beschrankter haftung | kommanditgesellschaft auf aktien | kg auf aktien |
gesellschaft mbh | naamloze vennootschap | naamlooze vennootschap | besloten vennootschap |
commanditaire vennootschap | met beperkte aansprakelijkheid |
societa per azioni | societa a responsabilita limitata | sociedad anonima | sociedad limitada |
sa de cv | kabushiki kaisha | yugen kaisha | godo kaisha | anonim sirketi | spol sro | sp zoo
"""
# Tokens that join two names ("Johnson & Johnson", "Procter and Gamble", "Moët et Chandon").
_CONNECTORS = frozenset({"and", "et", "und"})
# Web suffix written as a word ("Amazon.com" -> "amazon com"): dropped at the end of a name.
_WEB_SUFFIXES = frozenset({"com"})
# CJK legal forms are removed before transliteration: anyascii writes a Chinese or Japanese
# name as one run of syllables ("HuaWeiJiShuYouXianGongSi") where a form can no longer be found.
_CJK_FORMS = (
    "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "有限会社",
    "合同会社", "주식회사", "유한회사", "(주)", "（주）", "㈜", "公司",
)
# Common descriptors in Chinese, Japanese and Korean company names, written in English
# before transliteration, the way those companies write them in English ("集团" is "Group"
# in "Alibaba Group"): a transliterated "JiTuan" would never meet the English name.
_CJK_WORDS = {
    "集团": "group", "集團": "group", "グループ": "group", "그룹": "group",
    "控股": "holdings", "ホールディングス": "holdings", "홀딩스": "holdings",
    "技术": "technology", "技術": "technology", "科技": "technology", "テクノロジー": "technology",
    "电子": "electronics", "電子": "electronics", "전자": "electronics",
    "自動車": "motor", "汽车": "motor", "자동차": "motor",
    "银行": "bank", "銀行": "bank", "은행": "bank",
    "国际": "international", "國際": "international",
    "ジャパン": "japan", "日本": "japan", "中国": "china", "中國": "china",
}


LEGAL_FORMS = frozenset(_FORM_WORDS.split())
# Runs of single letters that end in a form are split again: "D.S.M. N.V." -> "dsm nv".
_SHORT_FORMS = tuple(sorted((f for f in LEGAL_FORMS if len(f) <= 3), key=len, reverse=True))
# longest first, so that "kg auf aktien" is taken whole before any shorter overlap
LEGAL_PHRASES = tuple(
    sorted(
        {tuple(p.split()) for p in _FORM_PHRASES.split("|") if p.split()},
        key=lambda p: (-len(p), p),
    )
)
_PHRASES_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _p in LEGAL_PHRASES:
    _PHRASES_BY_FIRST[_p[0]] = _PHRASES_BY_FIRST.get(_p[0], ()) + (_p,)


# --- regular expressions -----------------------------------------------------------------
_APOSTROPHES = re.compile(r"[\u2018\u2019\u201b\u02bc\u02b9\u0060\u00b4\u2032]")
# French elision at the start of a word: "d'Amazon", "l'entreprise", "qu'Airbus"; not after
# "&": "AT&T's" is a possessive.
_ELISION = re.compile(r"(?<![\w&])(?:jusqu|lorsqu|puisqu|qu|[dljnsctm])'(?=[a-z0-9])")
# English possessive: "Nvidia's" -> "nvidia", "Philips'" -> "philips".
_POSSESSIVE = re.compile(r"(?<=[a-z0-9])'s\b|(?<=s)'(?![a-z0-9])")
# "AT&T", "P&G", "S & P": an ampersand between two short parts is part of an abbreviation.
_AMP_ABBREV = re.compile(r"\b([a-z0-9]{1,2}) ?& ?([a-z0-9]{1,2})\b")
# Parenthesised qualifiers: "(Nederland)", "(publ)", "(& Co.)".
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SEGMENT_SPLIT = re.compile(r"[,;]")
# "N,V," is "N.V." typed with commas: a comma between two single letters is not a break.
_LETTER_COMMA = re.compile(r"\b([a-z]),(?=[a-z]\b)")
# HTML entities left in scraped names ("PHARMACIA &AMP;", "Procter &amp; Gamble").
_ENTITY = re.compile(r"&(?:amp|AMP);?|&#0*38;|&[a-zA-Z]+;|&#\d+;")
_NON_WORD = re.compile(r"[^a-z0-9&]+")
# Patent offices write a letter with a diacritic as markup: "M{umlaut over (u)}nchen".
_DIACRITIC_MARKUP = re.compile(r"\{[A-Za-z ]{1,20}over \(([A-Za-z])\)\}")
# French "société dite" (the company called): "Societe Dite Alcatel", "S.A. dite: Alcatel".
_CALLED = (("societe", "dite"), ("dite",))
_ALNUM = re.compile(r"[a-z0-9]")
_TICKER = re.compile(r"^\$?([A-Z0-9]{1,6}(?:[.\-/][A-Z0-9]{1,3})?)$")


def is_ticker(alias: str) -> bool:
    """Whether an alias looks like a ticker or exchange code ("AMZN", "BRK.B", "9984").

    Ticker-shaped aliases are matched only as written (case-sensitive): compared through
    their name key, "ALL", "NOW" or "IT" would match the common words "all", "now", "it".
    """
    text = alias.strip()
    return bool(_TICKER.match(text)) and (text.upper() == text)


def ticker_form(mention: str) -> str | None:
    """The ticker a mention is written as ("AMZN", "$AMZN" -> "AMZN"), or None."""
    m = _TICKER.match(mention.strip())
    return m.group(1) if m else None


def _fold(text: str) -> str:
    """Unicode to lower-case ASCII, keeping apostrophes (they carry elision and possessives)."""
    if "{" in text:
        text = _DIACRITIC_MARKUP.sub(r"\1", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0).lower()), text)
    for form in _CJK_FORMS if not text.isascii() else ():
        if form in text:
            rest = text.replace(form, " ")
            if rest.strip():  # a name that is all legal form keeps it
                text = rest
    if text.isascii():  # the common case: no folding to do
        return text.lower()
    for word, english in _CJK_WORDS.items():
        if word in text:
            text = text.replace(word, f" {english} ")
    text = _APOSTROPHES.sub("'", text)
    return anyascii(text).lower()


def _words(segment: str) -> list[str]:
    """Split a folded segment into word tokens, joining runs of single letters ("n v" -> "nv")."""
    # each substitution only when its trigger character is there: this runs for every
    # distinct mention, and most have neither apostrophe nor ampersand
    if "'" in segment:
        segment = _ELISION.sub("", segment)
        segment = _POSSESSIVE.sub("", segment)
        segment = segment.replace("'", "")  # O'Reilly -> oreilly
    if "&" in segment:
        segment = _AMP_ABBREV.sub(r"\1\2", segment).replace("&", " & ")
    tokens = _NON_WORD.sub(" ", segment).split()
    return _join_letters(["and" if t == "&" else t for t in tokens])


def _join_letters(tokens: list[str]) -> list[str]:
    """Join runs of single letters ("d s m" -> "dsm"); split a trailing form off again."""
    if not any(len(t) == 1 for t in tokens):
        return tokens
    out: list[str] = []
    run: list[str] = []
    for tok in tokens + [""]:
        if len(tok) == 1 and tok.isalpha():
            run.append(tok)
            continue
        if run:
            joined = "".join(run)
            for form in _SHORT_FORMS:  # "dsmnv" from "D.S.M. N.V." -> "dsm" + "nv"
                if len(joined) - len(form) >= 2 and joined.endswith(form):
                    out.extend((joined[: -len(form)], form))
                    break
            else:
                if out and joined[:-1] in LEGAL_FORMS and joined[-1] == "a":
                    out.extend((joined[:-1], "a"))  # "Maasland N.V. a Dutch company"
                else:
                    out.append(joined)
            run = []
        if tok:
            out.append(tok)
    return out


def _strip_forms(tokens: list[str]) -> list[str]:
    """Remove legal-form words and phrases wherever they stand ("BOSCH GMBH ROBERT")."""
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        for phrase in _PHRASES_BY_FIRST.get(tokens[i], ()):
            k = len(phrase)
            if tuple(tokens[i : i + k]) == phrase:
                i += k
                break
        else:
            if tokens[i] not in LEGAL_FORMS:
                out.append(tokens[i])
            i += 1
    return out


def _has_form(tokens: list[str]) -> bool:
    return len(_strip_forms(tokens)) < len(tokens)


def _clean(tokens: list[str]) -> list[str]:
    """Forms, connectors, a leading article and a trailing web suffix out; never empty."""
    core = [t for t in _strip_forms(tokens) if t not in _CONNECTORS]
    if core and core[0] == "the":  # "The Coca-Cola Company"; "The Company" falls back below
        core = core[1:]
    for called in _CALLED:  # "Societe Dite Alcatel"; "Dite" alone falls back below
        if tuple(core[:len(called)]) == called:
            core = core[len(called):]
            break
    while len(core) > 1 and core[-1] in _WEB_SUFFIXES:
        core = core[:-1]
    if core:
        return core
    # all legal form (or connectors): keep the words rather than return an empty key
    words = [t for t in tokens if t not in _CONNECTORS] or tokens
    return words


@lru_cache(maxsize=1 << 18)
def name_key(name: str) -> str:
    """The normalized key of a company name or mention; the same function serves both sides.

    >>> name_key("Softbank Group Corp.")
    'softbank group'
    >>> name_key("d'Amazon")
    'amazon'
    >>> name_key("S.p.A.")
    'spa'

    Steps: CJK legal forms out, anyascii folding, lower case, French elision and English
    possessives, "&"/and/et/und dropped between names, parenthesised qualifiers dropped,
    single letters joined ("N. V." -> "nv"), legal forms removed wherever they stand, text
    after the comma that follows a legal form dropped (an address), a leading "the" and a
    trailing ".com" dropped. The key is never empty for a name with a letter or digit: a
    name that is all legal form keeps its words. A name with no letter or digit keys to its
    folded text, and blank input to "".
    """
    folded = _fold(name)
    unbracketed = folded
    if "(" in folded or "[" in folded:
        unbracketed = _PARENS.sub(" ", folded)
        if not _ALNUM.search(unbracketed):
            unbracketed = folded  # "(Inc.)" alone: keep what was bracketed
    if "," in unbracketed or ";" in unbracketed:
        unbracketed = _LETTER_COMMA.sub(r"\1.", unbracketed)
        segments = [w for w in map(_words, _SEGMENT_SPLIT.split(unbracketed)) if w]
    else:
        segments = [_words(unbracketed)]
    # A comma after a legal form ends the name: what follows is an address or a qualifier
    # ("CARGILL B.V., BERGEN OP ZOOM, NL", "NAAMLOZE VENNOOTSCHAP NUTRICIA, ZOETERMEER").
    # Unless the next segment is a country branch with its own form: "Hitachi Global
    # Storage Technologies Inc, Netherlands B.V." is the Dutch company.
    kept: list[str] = []
    for seg, after in zip(segments, segments[1:] + [[]]):
        kept.extend(seg)
        if len(segments) > 1 and _has_form(seg) and _strip_forms(kept) and not (
                _has_form(after) and _all_places(_strip_forms(after))):
            break
    if not kept:
        return " ".join(folded.split())
    return " ".join(_join_letters(_clean(_one_name(kept))))


def bracketed_places(mention: str) -> int:
    """The places a mention writes in brackets, as place bits ("Hitachi Global Storage
    Technology (Netherlands) Co." -> the Netherlands; "Foo (UK) Ltd" -> the UK).

    :func:`name_key` drops brackets, so that "Du Pont de Nemours (Nederland)" keys as the
    listed "Du Pont de Nemours"; but a bracketed place still says which branch is meant,
    and fuzzy scoring may use it as the mention's trailing place qualifier (to set aside
    the same place at the end of an entity's name). 0 when no bracket holds only places.
    """
    if "(" not in mention and "[" not in mention:
        return 0
    found: set[str] = set()
    for m in _PARENS.finditer(_fold(mention)):
        tokens = _strip_forms(_words(m.group(0)[1:-1]))
        if _all_places(tokens):
            found |= trailing_places(["x", *tokens])[1]
    return place_bits(frozenset(found))


def _all_places(tokens: list[str]) -> bool:
    return bool(tokens) and trailing_places(["x", *tokens])[0] == len(tokens)


def _one_name(tokens: list[str]) -> list[str]:
    """One name written twice with two legal forms ("Unilever PLC Unilever N.V.", the
    two companies of a dual listing) is that name once."""
    names, name = [], []
    for tok in tokens + ["plc"]:  # a form closes the last name
        if tok in LEGAL_FORMS:
            if name:
                names.append(name)
            name = []
        else:
            name.append(tok)
    if len(names) > 1 and not name and all(n == names[0] for n in names):
        return names[0]
    return tokens


def sorted_key(key: str) -> str:
    """Tokens in alphabetical order: ratio() on sorted keys is token_sort_ratio()."""
    return " ".join(sorted(key.split()))


def compact_key(key: str) -> str:
    """The key without spaces: "gist brocades" and "gistbrocades" become equal."""
    return key.replace(" ", "")


def initials(key: str) -> str:
    """First letters of a multi-word key ("international business machines" -> "ibm")."""
    tokens = key.split()
    return "".join(t[0] for t in tokens) if len(tokens) > 1 else ""


@lru_cache(maxsize=1 << 16)
def core_parts(key: str) -> tuple[str, int, int]:
    """The core key and the descriptors set aside: (core, generic bits, place bits).

    The core is the key without generic descriptors and honorifics ("koninklijke philips
    electronics" -> "philips electronics") and without a trailing run of place qualifiers
    ("whirlpool europe" -> "whirlpool"); see :mod:`.words`. Never empty: a key that is
    all descriptors is its own core. The bit sets serve a vectorised subset test.
    """
    tokens = key.split()
    kept = [t for t in tokens if t not in GENERIC_WORDS]
    n_places, places = trailing_places(kept)
    kept = kept[: len(kept) - n_places]
    if not kept:
        return key, 0, 0
    gmask = 0
    for t in tokens:
        gmask |= _GENERIC_BITS.get(t, 0)
    return " ".join(kept), gmask, place_bits(places)


def core_key(key: str) -> str:
    """The key without descriptors and trailing places ("kpmg international" -> "kpmg")."""
    return core_parts(key)[0]


_GENERIC_BITS = {w: 1 << i for i, w in enumerate(sorted(GENERIC_WORDS))}
assert len(_GENERIC_BITS) < 63


def distinctive_key(key: str, common: frozenset[str]) -> str:
    """The key without its common words (generic descriptors, words many entities share).

    When every word is common ("Star Holdings" in a list where many names have "star"),
    only the generic descriptors go; the key itself when nothing else is left.
    """
    tokens = [t for t in key.split() if t not in common]
    if not tokens:
        tokens = [t for t in key.split() if t not in GENERIC_WORDS]
    return " ".join(tokens) if tokens else key
