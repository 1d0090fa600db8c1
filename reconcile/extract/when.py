"""When a value held: the past period a sentence names ("en décembre 2025", "in Q3 2024").

A period becomes the claim's `as_of` only when it is in the past: before the article's
publication when that is known, and never when a word puts it ahead ("prévue en 2027", "by
2030"). A period that is not clearly past is left out: `as_of` is part of the resolution key,
and a wrong one would file the value under another key.
"""

from __future__ import annotations

import re
from datetime import date

from reconcile.extract import cues as C
from reconcile.normalize.lexer import fold

_MONTH = "|".join(sorted(C.MONTHS, key=len, reverse=True))
_QUARTER = "|".join(sorted(C.QUARTERS, key=len, reverse=True))
_PATTERNS = (
    ("month", re.compile(rf"\b(?:en|in|au mois de|of|fin|debut|mi-)?\s*({_MONTH})\s+"
                         rf"(?:de\s+l'annee\s+)?((?:19|20)\d\d)\b")),
    ("quarter", re.compile(rf"\b(?:au|le|du|in the|the)?\s*({_QUARTER})\s+(?:trimestre|quarter)"
                           rf"\s+(?:de\s+|of\s+)?((?:19|20)\d\d)\b")),
    ("quarter", re.compile(r"\b(?:t|q)([1-4])\s*((?:19|20)\d\d)\b")),
    ("year", re.compile(r"\b(?:en|in|pour|for|during|durant|au cours de)\s+((?:19|20)\d\d)\b")),
)


def period_of(sentence: str, published: str | None) -> str | None:
    """The past period the sentence names, as `as_of` writes it ("2025-12", "2024-Q3"), or None.
    A period said relative to the publication ("last year", "en mars dernier") needs it."""
    folded = fold(sentence)
    if any(w.strip(".,;:") in C.NOW_WORDS for w in folded.split()):
        return None  # "now owns a stake of less than 5%": today's value
    relative = _relative(folded, published)
    if relative is not None:
        return relative
    for kind, pattern in _PATTERNS:
        m = pattern.search(folded)
        if not m:
            continue
        before = folded[max(0, m.start() - 20):m.start()].split()
        if any(w in C.FUTURE_MARKERS for w in before[-2:]):
            return None
        if kind == "month":
            year, month = int(m[2]), C.MONTHS[m[1]]
            as_of, last = f"{year}-{month:02d}", _month_end(year, month)
        elif kind == "quarter":
            q = C.QUARTERS.get(m[1]) or int(m[1])
            year = int(m[2])
            as_of, last = f"{year}-Q{q}", _month_end(year, 3 * q)
        else:
            year = int(m[1])
            as_of, last = str(year), date(year, 12, 31)
        if published is not None:
            try:
                if last >= date.fromisoformat(published[:10]):
                    return None
            except ValueError:
                return None
        return as_of
    return None


def _month_end(year: int, month: int) -> date:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(first_of_next.toordinal() - 1)


def _relative(folded: str, published: str | None) -> str | None:
    if published is None:
        return None
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return None
    if any(f" {w}" in f" {folded}" for w in C.LAST_YEAR):
        return str(day.year - 1)
    if any(f" {w}" in f" {folded}" for w in C.LAST_MONTH):
        year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
        return f"{year}-{month:02d}"
    m = re.search(rf"\b(?:last\s+({_MONTH})|({_MONTH})\s+dernier)\b", folded)
    if m:
        month = C.MONTHS[m[1] or m[2]]
        year = day.year if month < day.month else day.year - 1
        return f"{year}-{month:02d}"
    return None
