"""How a value was read, step by step: which words made which part, and the rule that combined
them (`reconcile normalize --explain`).

The story is told from the same pieces the reader uses (lexer items, amounts, the range and
bound rules), after the reading: explaining costs nothing when nobody asks for it.
"""

from __future__ import annotations

from decimal import Decimal

from reconcile.errors import UnreadableValue
from reconcile.normalize import (
    _lang_of,
    _read_value_uncached,
    format_interval,
    parse,
    vocabulary as V,
)
from reconcile.normalize.lexer import (
    AND_HALF,
    APPROX,
    ARTICLE,
    BOUND,
    CARD,
    CUR,
    CURRENCY_LINKS,
    DASH,
    DECLINE,
    FILLER,
    FRACTION,
    HEDGE,
    HUNDRED,
    JOIN,
    MINUS,
    NUM,
    OPEN,
    PCT,
    REFUSAL,
    ROUND,
    SCALE,
    SCALED_CUR,
    SEP,
    VAGUE,
    WORD,
    fold,
    items_of,
    tokens,
)
from reconcile.normalize.twosided import two_sided

ROLES = {
    NUM: "number", CARD: "number word", HUNDRED: "number word", ARTICLE: "article",
    FRACTION: "fraction", AND_HALF: "and a half", VAGUE: "vague quantity", ROUND: "round quantity",
    SCALE: "scale", SCALED_CUR: "scale and currency", CUR: "currency", PCT: "percent",
    BOUND: "comparative", APPROX: "approximation", HEDGE: "hedge", OPEN: "range opener",
    JOIN: "range joiner", DASH: "dash", MINUS: "sign", DECLINE: "decline", FILLER: "filler",
    REFUSAL: "refusal", SEP: "punctuation", WORD: "word",
}
_BOUNDS = {V.GT: "> (exclusive low)", V.GE: "≥ (inclusive low)", V.LT: "< (exclusive high)",
           V.LE: "≤ (inclusive high)"}
_APPROX = {V.AROUND: "about", V.BELOW: "just below", V.ABOVE: "just above"}


def explain(text: str, *, lang: str | None = None, tolerance: Decimal = Decimal("0.10"),
            default_currency: str = "USD", yen_currency: str = "JPY") -> dict:
    """{"input", "lang", "tokens": [{"text", "role", "meaning"}], "amounts": [...], "rule",
    "reading" or "error"} for one value text."""
    folded = fold(text) if isinstance(text, str) else str(text)
    toks = tokens(folded)
    items = items_of(toks)
    detected = lang is None
    lang = _lang_of(text, toks) if detected else str(lang).lower()[:2]
    out: dict = {"input": text, "lang": lang + (" (detected)" if detected else ""),
                 "tokens": [_token(it, lang) for it in items]}
    if isinstance(text, str) and len(folded) == len(text):  # show the words as written
        for tok, it in zip(out["tokens"], items):
            tok["text"] = text[it.start:it.end]
    try:
        found = parse._amounts(items, lang)
        out["amounts"] = [_amount(folded, items, a) for a in found]
        for a in found:  # "de" in "30 milliards de dollars" links the scale to the currency
            for k in range(a.start, a.end):
                if items[k].key in CURRENCY_LINKS:
                    out["tokens"][k]["role"] = "currency link"
        same = isinstance(text, str) and len(folded) == len(text)
        out["rule"] = _rule(items, found, lambda it: text[it.start:it.end] if same else it.key)
    except UnreadableValue as exc:
        out["amounts"], out["rule"] = [], f"refused while reading the amounts: {exc.reason}"
    try:
        iv = _read_value_uncached(text, lang=lang, tolerance=tolerance,
                                  default_currency=default_currency, yen_currency=yen_currency)
        out["reading"] = format_interval(iv)
    except UnreadableValue as exc:
        out["error"] = exc.reason
        out["rule"] += f"; refused: {exc.reason}"
    return out


def _token(it, lang: str) -> dict:
    meaning = ""
    if it.kind == NUM:
        meaning = it.data
    elif it.kind == CARD:
        meaning = str(it.data)
    elif it.kind == SCALE:
        meaning = f"×10^{it.data[1] if lang == 'fr' else it.data[0]}" + (" (plural)" if it.data[3] else "")
    elif it.kind == SCALED_CUR:
        meaning = f"×10^{it.data[0]} {it.data[1]}"
    elif it.kind == CUR:
        code = it.data
        meaning = ("the default dollar" if code == V.DEFAULT_DOLLAR else "the yen sign"
                   if code == V.YEN_SIGN else code.lstrip(V.AMBIGUOUS))
    elif it.kind == BOUND:
        meaning = _BOUNDS[it.data[0]] + {V.PRE: ", before the number", V.POST: ", after the number",
                                         V.EITHER: ""}[it.data[1]] + (", hedged" if it.data[2] else "")
    elif it.kind == APPROX:
        meaning = _APPROX[it.data[0]]
    elif it.kind == VAGUE:
        meaning = f"[{it.data[0]}, {it.data[1]}{']' if it.data[2] else ')'}"
    elif it.kind == ROUND:
        meaning = f"about {it.data}"
    elif it.kind == REFUSAL:
        meaning = it.data
    return {"text": it.key, "role": ROLES.get(it.kind, it.kind), "meaning": meaning}


def _amount(folded: str, items, a) -> dict:
    shown = folded[items[a.start].start:items[a.end - 1].end]
    what = "percent" if a.percent else a.currency or "number"
    if what == V.DEFAULT_DOLLAR:
        what = "default dollar"
    value = (f"{_plain(a.point)}" if a.point is not None and a.low == a.high
             else f"[{_plain(a.low)}, {_plain(a.high)}{']' if a.high_inclusive else ')'}")
    return {"text": shown, "value": value, "unit": what, "approx": a.approx}


def _rule(items, found, shown) -> str:
    kinds = {it.kind for it in items}
    amounts = parse._set_dates_aside(items, found, REFUSAL in kinds)
    aside = len(found) - len(amounts)
    note = f" ({aside} date or count set aside)" if aside else ""
    if not amounts:
        return "no amount" + note
    if len(amounts) == 1:
        bound, approx = parse._cues(items, found, amounts[0], amounts[0])
        parts = ["one amount"]
        if bound is not None:
            cue = next(it for it in items if it.kind == BOUND and it.key == bound[1])
            parts.append(f"bound {shown(cue)!r}: {_BOUNDS[bound[0]]}")
        if approx is not None:
            parts.append(f"approximation: {_APPROX[approx]} (widened by the tolerance)")
        return ", ".join(parts) + note
    if len(amounts) == 2 and parse._forms_range(items, *amounts):
        return "a range: two amounts joined by " + repr(shown(items[amounts[0].end])) \
            + " (a scale, currency or percent stated once applies to both ends)" + note
    if len(amounts) == 2 and (two := two_sided(items, *amounts)) is not None:
        return (f"a two-sided bound: {shown(two[1])!r} gives the low end, {shown(two[3])!r} the high end "
                f"(a scale stated at the end applies to both numbers)" + note)
    return f"{len(amounts)} amounts that do not form a range" + note


def _plain(d) -> str:
    return "-inf" if d is None else format(parse._clean(d), "f")


def story_text(s: dict) -> str:
    """The story of `explain` as indented lines, for a terminal."""
    width = max((len(t["text"]) for t in s["tokens"]), default=0) + 2
    lines = [f"{s['input']}", f"  lang: {s['lang']}", "  tokens:"]
    lines += [f"    {t['text']!s:<{width}}{t['role']:<14}{t['meaning']}".rstrip() for t in s["tokens"]]
    lines += [f"  amount: {a['text']!r} = {a['value']} {a['unit']}" + (" (approx)" if a["approx"] else "")
              for a in s["amounts"]]
    lines.append(f"  rule: {s['rule']}")
    lines.append(f"  reading: {s['reading']}" if "reading" in s else f"  ERROR: {s['error']}")
    return "\n".join(lines)
