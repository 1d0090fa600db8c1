"""The normalize stage: every phrasing in tests/data/values.yaml, and the properties that hold
for any text (never a crash), for displays (they read back) and for numbers (they scale)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from reconcile.core import Interval
from reconcile.errors import UnreadableValue
from reconcile.normalize import _read_value_uncached, detect_lang, format_interval, read_value

DATA = Path(__file__).parent.parent / "data" / "values.yaml"
CASES = yaml.safe_load(DATA.read_text(encoding="utf-8"))
_IV = re.compile(r"^([\[(])\s*(\S+)\s*,\s*(\S+)\s*([\])])$")


def _bound(text: str) -> Decimal | None:
    return None if text in ("inf", "-inf") else Decimal(text)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _case_id(case: dict) -> str:
    options = "".join(f" [{k}={case[k]}]" for k in ("lang", "tol", "dc", "yen") if k in case)
    return repr(case["text"]) + options


def _options(case: dict) -> dict:
    options = {}
    if "lang" in case:
        options["lang"] = case["lang"]
    if "tol" in case:
        options["tolerance"] = Decimal(str(case["tol"]))
    if "dc" in case:
        options["default_currency"] = case["dc"]
    if "yen" in case:
        options["yen_currency"] = case["yen"]
    return options


def _expected(case: dict) -> Interval:
    opening, low, high, closing = _IV.match(case["iv"]).groups()
    low, high = _bound(low), _bound(high)
    point = _decimal(case.get("point"))
    approx = case.get("approx", False)
    if "point" not in case and not approx and low is not None and low == high:
        point = low
    unit = case.get("unit", "number")
    currency = None
    if unit == "%":
        unit = "percent"
    elif unit != "number":
        unit, currency = "currency", unit
    return Interval(low, high, opening == "[" and low is not None, closing == "]" and high is not None,
                    point, approx, case.get("hedged", False), unit, currency)


def test_the_data_file_has_enough_cases():
    assert len(CASES) >= 300
    texts = [_case_id(c) for c in CASES]
    assert len(texts) == len(set(texts)), "a phrasing is listed twice"


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_reads(case):
    options = _options(case)
    if "error" in case:
        with pytest.raises(UnreadableValue) as caught:
            read_value(case["text"], **options)
        assert case["error"].lower() in caught.value.reason.lower()
        return
    got = read_value(case["text"], **options)
    assert got == _expected(case)
    if "display" in case:
        assert format_interval(got) == case["display"]


# --- display of intervals reconcile builds (not only of readings) ------------------------------
def _iv(low, high, lo_inc=True, hi_inc=True, currency="USD", **kw):
    unit = kw.pop("unit", "currency" if currency else "number")
    return Interval(None if low is None else Decimal(low), None if high is None else Decimal(high),
                    lo_inc, hi_inc, unit=unit, currency=currency, **kw)


@pytest.mark.parametrize("interval, shown", [
    (_iv("20e9", "50e9", False, True), "$20–50B"),  # half-open: the JSON carries inclusivity
    (_iv(None, "30e9", hi_inc=True), "≤ $30B"),
    (_iv(None, "10e9", hi_inc=False), "< $10B"),
    (_iv("10e9", None, lo_inc=False), "> $10B"),
    (_iv("10e9", None, lo_inc=True), "≥ $10B"),
    (_iv("747e9", "913e9", point=Decimal("830e9"), approx=True), "~$830B"),
    (_iv("41e9", "41e9", point=Decimal("41e9")), "$41B"),
    (_iv("9.9", "12.1", currency=None, unit="percent", point=Decimal(11), approx=True), "~11%"),
    (_iv("11.5", "11.5", currency=None, unit="percent"), "11.5%"),
    (_iv("1.5e9", "1.5e9", currency="EUR"), "€1.5B"),
    (_iv("200e6", "200e6", currency="GBP"), "£200M"),
    (_iv("10e9", "10e9", currency="CHF"), "CHF 10B"),
    (_iv("5e12", "5e12", currency="JPY"), "¥5T"),
    (_iv("1200", "1200", currency=None), "1,200"),
    (_iv("1e12", "1e12"), "$1T"),
    (_iv(None, "1e12"), "≤ $1T"),
    (_iv("1e12", None, lo_inc=False), "> $1T"),
    (_iv(None, None, False, False), "any"),
    (_iv("1234567", "1234567"), "$1,234,567"),
    (_iv("1234567", "2e9"), "$1,234,567–$2B"),
    (_iv("500e6", "1e9"), "$500M–$1B"),
    (_iv("-5e9", "3e9"), "-$5B to $3B"),
    (_iv("2e9", "10e9", True, False, approx=True), "$2–10B"),
    (_iv("9e9", "10e9", point=Decimal("10e9"), approx=True), "nearly $10B"),
    (_iv("10e9", "11e9", point=Decimal("10e9"), approx=True), "just over $10B"),
    (_iv("1e15", "1e15"), "$1,000T"),
    (_iv("0.5", "0.5"), "$0.5"),
])
def test_format_interval(interval, shown):
    assert format_interval(interval) == shown


# --- languages ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, lang", [
    ("jusqu’à 30 milliards de dollars", "fr"), ("up to $30 billion", "en"),
    ("environ 11 %", "fr"), ("about 11%", "en"), ("10 billions d'euros", "fr"),
    ("$10 billion", "en"), ("1,5", "fr"), ("1,200", "en"), ("", "en"), ("≤ $1T", "en"),
    ("plus de 10 milliards", "fr"), ("more than 10 billion", "en"), ("41 Mds€", "fr"),
    ("30 milliards", "fr"), ("2 billions", "fr"), ("2 billion", "en"), ("tens of billions", "en"),
    ("billions", "en"), ("CHF 10B", "en"), ("€1,5 Md", "fr"),
])
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


# --- the cache -----------------------------------------------------------------------------------
def test_cached_and_uncached_readings_agree_and_refusals_are_fresh_exceptions():
    text = "plus de 10 milliards de dollars"
    assert read_value(text) is read_value(text)  # the second comes from the cache
    assert read_value(text) == _read_value_uncached(text) == read_value.__wrapped__(text)
    errors = []
    for _ in range(2):
        with pytest.raises(UnreadableValue) as caught:
            read_value("undisclosed")
        errors.append(caught.value)
    assert errors[0] is not errors[1] and errors[0].reason == errors[1].reason


def test_non_text_values_and_bad_options():
    assert read_value(41000000000) == Interval.exact(Decimal(41000000000))
    assert read_value(1.5) == Interval.exact(Decimal("1.5"))
    for bad in (None, True, float("nan"), ["$5bn"]):
        with pytest.raises(UnreadableValue):
            read_value(bad)
    with pytest.raises(UnreadableValue, match="language"):
        read_value("$5bn", lang="de")
    assert read_value("2 billion", lang="FR-ca").high == Decimal(2 * 10**12)
    for tolerance in (Decimal("1.5"), Decimal("-0.1"), "ten", [0.1], float("inf")):
        with pytest.raises(UnreadableValue, match="tolerance"):
            read_value("about $5bn", tolerance=tolerance)
    assert read_value("about $5bn", tolerance=0.1) == read_value("about $5bn")


# --- properties ------------------------------------------------------------------------------------
VOCABULARY_BITS = st.sampled_from([
    "$", "€", "£", "¥", "%", " ", "\u00a0", "\u202f", "-", "–", "~", "≤", "<", ">", ",", ".", "’",
    "1", "20", "1 000", "2,5", "1.5", "bn", "m", "k", "B", "milliards", "billion", "million",
    "mille", "de", "d’", "à", "jusqu’à", "up to", "between", "and", "et", "entre", "plus de",
    "about", "environ", "nearly", "just over", "could", "pourrait", "a", "un", "half", "demi",
    "et demi", "several", "dizaines", "une dizaine", "undisclosed", "N/A", "May", "2025",
    "or more", "-plus", "sub-", "pour cent", "G$", "US$", "five", "vingt", "cent", "hundred",
])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(VOCABULARY_BITS, max_size=12).map("".join),
                 st.lists(st.one_of(VOCABULARY_BITS, st.text(max_size=3)), max_size=10).map(" ".join)))
@example("")
@example("1" * 5000 + " milliards")
@example("9" * 30 + " trillion trillion")
@example("$" + "-" * 10 + "5")
def test_any_text_reads_or_refuses_cleanly(text):
    for lang in (None, "en", "fr"):
        try:
            got = _read_value_uncached(text, lang=lang)
        except UnreadableValue as exc:
            assert exc.reason
            continue
        assert isinstance(got, Interval)
        assert got.unit in ("currency", "percent", "number")
        assert not got.is_empty()
        format_interval(got)  # never fails either
        assert _read_value_uncached(text, lang=lang) == got  # deterministic


CURRENCIES = st.sampled_from([None, "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "HKD", "CNY"])
# Values as reconcile prints them: a few significant digits at any magnitude, now and then
# negative (a loss, a fall in percent).
VALUES = st.builds(lambda digits, exp, sign: sign * Decimal(digits).scaleb(exp),
                   st.integers(1, 999_999), st.integers(-3, 12), st.sampled_from([1] * 9 + [-1]))
TOLERANCES = st.sampled_from([Decimal("0.10"), Decimal("0.05"), Decimal(0), Decimal("0.25")])


def _unit(currency, percent):
    if percent:
        return {"unit": "percent"}
    return {"unit": "currency", "currency": currency} if currency else {"unit": "number"}


@st.composite
def printed_intervals(draw):
    """Points, approximate points, closed ranges and one-sided bounds, as reconcile prints."""
    unit = _unit(draw(CURRENCIES), draw(st.booleans()))
    tol = draw(TOLERANCES)
    shape = draw(st.sampled_from(["point", "approx", "nearly", "just_over", "range", "low", "high"]))
    v = draw(VALUES)
    if shape == "point":
        return Interval.exact(v, **unit), tol
    if shape in ("approx", "nearly", "just_over"):
        lo, hi = sorted((v - v * tol, v + v * tol))
        # "nearly X" reaches from X toward zero, "just over X" away from it, whatever X's sign.
        if shape == "nearly" and tol:
            lo, hi = (lo, v) if v > 0 else (v, hi)
        elif shape == "just_over" and tol:
            lo, hi = (v, hi) if v > 0 else (lo, v)
        return Interval(_norm(lo), _norm(hi), point=v, approx=True, **unit), tol
    if shape == "range":
        w = draw(VALUES.filter(lambda w: w != v))
        return Interval(min(v, w), max(v, w), **unit), tol
    inclusive = draw(st.booleans())
    if shape == "low":
        return Interval(v, None, inclusive, False, **unit), tol
    return Interval(None, v, False, inclusive, **unit), tol


def _norm(d: Decimal) -> Decimal:
    i = d.to_integral_value()
    return i if i == d else d.normalize()


@settings(max_examples=1500)
@given(printed_intervals())
@example((Interval(Decimal("20e9"), Decimal("50e9"), unit="currency", currency="USD"), Decimal("0.1")))
@example((Interval(Decimal(1), Decimal("2e9"), unit="currency", currency="USD"), Decimal("0.1")))
@example((Interval(Decimal(500), Decimal("2e9"), unit="number"), Decimal("0.1")))
def test_displays_read_back_to_the_same_interval(printed):
    interval, tol = printed
    shown = format_interval(interval)
    assert read_value(shown, tolerance=tol) == interval, shown


TEMPLATES = [
    "{n} milliards de dollars", "jusqu’à {n} milliards", "plus de {n} milliards d’euros",
    "environ {n} %", "${n}bn", "up to ${n} billion", "about €{n}m", "between {n} and {m} billion",
    "entre {n} et {m} milliards", "nearly £{n}bn", "{n}", "au moins {n} millions de dollars",
    "CHF {n}bn or more", "une éventuelle levée de {n} milliards", "sub-${n}bn",
]


@settings(max_examples=500)
@given(st.sampled_from(TEMPLATES), st.integers(1, 99_999), st.integers(1, 9), st.sampled_from(["en", "fr"]))
def test_scaling_the_number_scales_the_interval(template, n, extra, lang):
    m = n + extra
    base = read_value(template.format(n=_spell(n, lang), m=_spell(m, lang)), lang=lang)
    tenfold = read_value(template.format(n=_spell(10 * n, lang), m=_spell(10 * m, lang)), lang=lang)
    scale = lambda d: None if d is None else d * 10
    assert (tenfold.low, tenfold.high, tenfold.point) == (scale(base.low), scale(base.high), scale(base.point))
    assert (tenfold.low_inclusive, tenfold.high_inclusive, tenfold.approx, tenfold.hedged, tenfold.unit,
            tenfold.currency) == (base.low_inclusive, base.high_inclusive, base.approx, base.hedged,
                                  base.unit, base.currency)


def _spell(n: int, lang: str) -> str:
    """n with the language's digit grouping: 12,345 or 12 345 (a no-break space)."""
    return f"{n:,}" if lang == "en" else f"{n:,}".replace(",", "\u202f")


@pytest.mark.parametrize("text, currency", [
    ("$US113 trillion", "USD"), ("$A5bn", "AUD"), ("7.5 million Danish crowns", "DKK"),
    ("7,199 Chinese yuan", "CNY"), ("RM79", "MYR"),
])
def test_currencies_news_writes_in_english(text, currency):
    assert read_value(text, lang="en").currency == currency
