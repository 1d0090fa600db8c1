"""The normalize stage: read how newsrooms write numbers (English and French) into intervals.

    read_value("jusqu’à 30 milliards de dollars")
        → high 30000000000 (inclusive), low None, unit "currency", currency "USD"
    format_interval(read_value("between $20bn and $50bn")) → "$20–50B"
    read_value("$5bn, possibly $8bn") → UnreadableValue: "... split it into two claims"

How it reads, in four steps (each its own module):
- `lexer`: fold the text (case, accents, apostrophes, spaces, dashes), cut it into tokens with
  one regular expression, and name tokens and phrases from the `vocabulary` tables;
- `amounts`: read each amount (digits or number words, scale, currency or percent);
- `parse`: set dates aside, pair a range, attach bound and approximation cues, refuse what
  cannot be read honestly;
- `display`: the compact display string, which reads back to the same interval.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import pairwise

from reconcile.core import Interval
from reconcile.errors import UnreadableValue
from reconcile.normalize.currencies import ISO_CODES
from reconcile.normalize.display import format_interval
from reconcile.normalize.hints import LANG_HINTS, PLURAL_SCALES
from reconcile.normalize.lexer import fold, items_of, tokens
from reconcile.normalize.parse import interval_of

__all__ = ["UnreadableValue", "detect_lang", "format_interval", "read_value"]

LANGS = ("en", "fr")
DEFAULT_TOLERANCE = Decimal("0.10")
CACHE_SIZE = 1 << 18  # distinct (text, options) readings kept; a pipeline repeats values a lot

# French typography the words may not show: accents, a decimal comma, a space before "%" or a
# currency sign,
# the narrow no-break space that French typesetting puts between digit groups.
_FRENCH_MARKS = re.compile(r"[àâçéèêëîïôûùœ]|\d,\d{1,2}(?!\d)|\d[ \u00a0\u202f][%$€]|\u202f",
                           re.IGNORECASE)
# One dot before exactly three digits, then a currency glued or a code: continental
# placement, where the dot groups thousands, but nothing says the text is French ("1.250€").
_DOT_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])(?:[€$£¥]| ?(?:"
                            + "|".join(ISO_CODES) + r"|euros?|dollars?)\b)")


def detect_lang(text: str) -> str:
    """"en" or "fr": a cheap guess from the words only one language uses, then typography.

    Used when `read_value` is given no language. English wins ties: the readings differ only on
    "billion" (10^9 or 10^12) and on a lone comma before three digits ("1,200").
    """
    return _lang_of(text, tokens(fold(text)))


def _lang_of(text: str, toks) -> str:
    hints = [LANG_HINTS.get(t[1]) for t in toks]
    fr, en = hints.count("fr"), hints.count("en")
    if fr == en and (_FRENCH_MARKS.search(text) or any(
            a[0] == "n" and b[1] in PLURAL_SCALES for a, b in pairwise(toks))):
        fr += 1
    return "fr" if fr > en else "en"


def read_value(text: str, *, lang: str | None = None, tolerance: Decimal = DEFAULT_TOLERANCE,
               default_currency: str = "USD", yen_currency: str = "JPY") -> Interval:
    """The interval of values `text` allows.

    lang: "en" or "fr" (None: `detect_lang`). tolerance: how far "about X" reaches, as a
    fraction of X. default_currency: what a bare "$" or "dollars" means; yen_currency: what
    "¥" means. Raises UnreadableValue (and nothing else) with a reason when the text states no
    readable value: empty, undisclosed, N/A, no number, or two amounts that are not a range.
    Readings are cached per distinct argument tuple; `_read_value_uncached` bypasses the cache.
    """
    try:
        result = _read_cached(text, lang, tolerance, default_currency, yen_currency)
    except TypeError:  # an unhashable argument: read it without the cache
        result = _read_cached.__wrapped__(text, lang, tolerance, default_currency, yen_currency)
    if type(result) is str:
        raise UnreadableValue(result)  # a fresh exception each time: no traceback piles up
    return result


@lru_cache(maxsize=CACHE_SIZE)
def _read_cached(text, lang, tolerance, default_currency, yen_currency) -> Interval | str:
    # Refusals are cached too (as their reason): unreadable values repeat like any other.
    try:
        return _read_value_uncached(text, lang=lang, tolerance=tolerance,
                                    default_currency=default_currency, yen_currency=yen_currency)
    except UnreadableValue as exc:
        return exc.reason


def _read_value_uncached(text: str, *, lang: str | None = None,
                         tolerance: Decimal = DEFAULT_TOLERANCE, default_currency: str = "USD",
                         yen_currency: str = "JPY") -> Interval:
    """`read_value` without the cache (benchmarks, and callers that read each value once)."""
    if not isinstance(text, str):
        return _read_non_text(text)
    if not text or text.isspace():
        raise UnreadableValue("empty value")
    tolerance = _tolerance(tolerance)
    folded = fold(text)
    toks = tokens(folded)
    if lang is None:
        lang = _lang_of(text, toks)
        if lang == "en" and "." in folded and _DOT_THOUSANDS.search(folded) \
                and not any(t[1] in LANG_HINTS for t in toks):
            shown = re.match(r"[\d.]+", _DOT_THOUSANDS.search(folded).group()).group()
            raise UnreadableValue(f"{shown!r} is {shown.rstrip('0')} in English and "
                                  f"{shown.replace('.', '')} in "
                                  f"French, and no word says which: give the language")
    elif lang not in LANGS:
        lang = _lang_option(lang)
    return interval_of(folded, items_of(toks), lang, tolerance, default_currency, yen_currency)


read_value.cache_clear = _read_cached.cache_clear  # type: ignore[attr-defined]
read_value.cache_info = _read_cached.cache_info  # type: ignore[attr-defined]
read_value.__wrapped__ = _read_value_uncached  # type: ignore[attr-defined]


def _read_non_text(value) -> Interval:
    """A claim file may hold a bare number (YAML, JSON): read it as that exact number."""
    if value is None:
        raise UnreadableValue("empty value")
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise UnreadableValue(f"not a text or a number: {type(value).__name__}")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise UnreadableValue(f"not a finite number: {value!r}") from None
    if not number.is_finite():
        raise UnreadableValue(f"not a finite number: {value!r}")
    return Interval.exact(number)


def _tolerance(tolerance) -> Decimal:
    if tolerance is DEFAULT_TOLERANCE:
        return tolerance
    if not isinstance(tolerance, Decimal):
        try:
            tolerance = Decimal(str(tolerance))
        except (InvalidOperation, ValueError):
            raise UnreadableValue(f"tolerance must be a number, not {tolerance!r}") from None
    if not (tolerance.is_finite() and 0 <= tolerance < 1):
        raise UnreadableValue(f"tolerance must be in [0, 1), not {tolerance}")
    return tolerance


def _lang_option(lang) -> str:
    """Accept "FR", "fr-CA", "en_GB" for the two languages read."""
    short = str(lang).strip().lower()[:2]
    if short in LANGS:
        return short
    raise UnreadableValue(f"unsupported language {lang!r}: expected one of {', '.join(LANGS)}")
