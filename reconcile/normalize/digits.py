"""Digits as written, read by the conventions of each language."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache


@lru_cache(maxsize=8192)
def number(raw: str, lang: str) -> Decimal:
    """Digits as written, read by the language's conventions.

    Spaces only group digits. With both "," and ".", the last one is the decimal mark. A lone
    comma before exactly three digits groups thousands in English ("1,200") and is a decimal
    comma in French ("1,200" = 1.2); a lone dot before exactly three digits groups thousands in
    French ("87.500") and is a decimal point in English; otherwise a lone "," or "." is a
    decimal mark.
    """
    if raw.isdigit():
        return Decimal(raw)
    if " " in raw:
        return Decimal(raw.replace(" ", "").replace(",", "."))
    comma, dot = raw.rfind(","), raw.rfind(".")
    if comma >= 0 and dot >= 0:
        if comma > dot:
            return Decimal(raw.replace(".", "").replace(",", "."))
        return Decimal(raw.replace(",", ""))
    sep = "," if comma >= 0 else "."
    if raw.count(sep) > 1:
        return Decimal(raw.replace(sep, ""))
    head, _, tail = raw.partition(sep)
    # A lone separator before exactly three digits groups thousands in the language that does
    # not use it as its decimal mark: "1,200" in English, "87.500" in French.
    if len(tail) == 3 and head not in ("", "0") and sep == ("," if lang == "en" else "."):
        return Decimal(head + tail)
    return Decimal(head + "." + tail)
