"""The adversarial corpus (tests/data/values_adversarial.yaml) and a grammar of comparatives,
ranges and scales: a reading is right, or refused, and never silently wrong."""

from __future__ import annotations

from decimal import Decimal

import yaml
from hypothesis import given, settings, strategies as st

from reconcile.errors import UnreadableValue
from reconcile.normalize import _read_value_uncached
from test_normalize import DATA, _expected, _options  # the same folder, as pytest imports it

ADVERSARIAL = DATA.parent / "values_adversarial.yaml"
CASES = yaml.safe_load(ADVERSARIAL.read_text(encoding="utf-8"))


def _verdict(case: dict) -> tuple[str, str]:
    """("right" | "refused" | "wrong", what was read)."""
    try:
        got = _read_value_uncached(case["text"], **_options(case))
    except UnreadableValue as exc:
        return ("right" if "error" in case else "refused"), exc.reason
    if "error" in case:
        return "wrong", repr(got)
    return ("right" if got == _expected(case) else "wrong"), repr(got)


def test_adversarial_corpus_is_never_silently_wrong(capsys):
    assert len(CASES) >= 1000
    assert all(c.get("source") for c in CASES), "every case says where its phrasing comes from"
    counts = {"right": 0, "refused": 0, "wrong": 0}
    wrong, refused = [], []
    for case in CASES:
        verdict, shown = _verdict(case)
        counts[verdict] += 1
        (wrong if verdict == "wrong" else refused if verdict == "refused" else []).append(
            f"{case['text']!r}: {shown}")
    with capsys.disabled():
        print(f"\nadversarial corpus: {len(CASES)} cases: right {counts['right']}, refused "
              f"{counts['refused']}, silently wrong {counts['wrong']}")
    assert not wrong, "silently wrong:\n" + "\n".join(wrong)
    assert counts["right"] >= 0.95 * len(CASES), "refused:\n" + "\n".join(refused)


# --- a small grammar of comparatives, ranges and scales, with the interval it states ----------
EN_CUES = {"more than": "gt", "over": "gt", "at least": "ge", "no less than": "ge",
           "greater than or equal to": "ge", "up to": "le", "at most": "le", "no more than": "le",
           "less than or equal to": "le", "less than": "lt", "under": "lt"}
EN_POST = {"or more": "ge", "or greater": "ge", "or less": "le", "and above": "ge"}
FR_CUES = {"plus de": "gt", "supérieur à": "gt", "au moins": "ge", "supérieur ou égal à": "ge",
           "jusqu’à": "le", "au plus": "le", "inférieure ou égale à": "le", "moins de": "lt",
           "inférieur à": "lt", "plus que": "gt"}
FR_POST = {"ou plus": "ge", "ou moins": "le", "et plus": "ge"}
EN_SCALES = {"": 0, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
FR_SCALES = {"": 0, "millions": 6, "milliards": 9}
EN_CURS = [("", "", "number"), ("$", "", "USD"), ("€", "", "EUR"), ("£", "", "GBP"),
           ("", " dollars", "USD"), ("", " euros", "EUR")]
FR_CURS = [("", "number"), (" de dollars", "USD"), (" d’euros", "EUR"), (" €", "EUR")]


@st.composite
def _mantissas(draw, lang):
    whole = draw(st.integers(1, 999))
    tenth = draw(st.sampled_from([None, None, 5, 2]))
    value = Decimal(whole) if tenth is None else Decimal(f"{whole}.{tenth}")
    text = str(value) if lang == "en" else str(value).replace(".", ",")
    return text, value


@st.composite
def phrasings(draw):
    """(text, lang, (low, high, low_inclusive, high_inclusive), unit)."""
    lang = draw(st.sampled_from(["en", "fr"]))
    scale_word, exp = draw(st.sampled_from(sorted((EN_SCALES if lang == "en" else FR_SCALES).items())))
    m = Decimal(10) ** exp
    if lang == "en":
        pre, post, unit = draw(st.sampled_from(EN_CURS))
        amount = lambda n: f"{pre}{n}{' ' + scale_word if scale_word else ''}{post}"
        bare = lambda n: f"{pre}{n}"
    else:
        post, unit = draw(st.sampled_from(FR_CURS))
        if not scale_word and post.startswith(" d"):
            post = {" de dollars": " dollars", " d’euros": " euros"}[post]
        amount = lambda n: f"{n}{' ' + scale_word if scale_word else ''}{post}"
        bare = lambda n: n
    shape = draw(st.sampled_from(["point", "pre", "post", "range", "two_sided"]))
    (a_text, a), (_, b) = draw(_mantissas(lang)), draw(_mantissas(lang))
    if shape == "point":
        return amount(a_text), lang, (a * m, a * m, True, True), unit
    if shape in ("pre", "post"):
        table = (EN_CUES if lang == "en" else FR_CUES) if shape == "pre" else (EN_POST if lang == "en" else FR_POST)
        cue, kind = draw(st.sampled_from(sorted(table.items())))
        text = f"{cue} {amount(a_text)}" if shape == "pre" else f"{amount(a_text)} {cue}"
        v = a * m
        bounds = {"gt": (v, None, False, False), "ge": (v, None, True, False),
                  "lt": (None, v, False, False), "le": (None, v, False, True)}[kind]
        return text, lang, bounds, unit
    lo, hi = sorted((a, b))
    if lo == hi:
        hi = lo + 1
    lo_text, hi_text = (str(x) if lang == "en" else str(x).replace(".", ",") for x in (lo, hi))
    if shape == "range":
        form = draw(st.sampled_from(["between {} and {}", "from {} to {}", "{}-{}"] if lang == "en"
                                    else ["entre {} et {}", "de {} à {}"]))
        return form.format(bare(lo_text), amount(hi_text)), lang, (lo * m, hi * m, True, True), unit
    low_cue, low_kind = draw(st.sampled_from(
        [("more than", "gt"), ("at least", "ge"), ("no less than", "ge")] if lang == "en"
        else [("plus de", "gt"), ("au moins", "ge"), ("supérieur à", "gt")]))
    high_cue, high_kind = draw(st.sampled_from(
        [("less than", "lt"), ("at most", "le"), ("no more than", "le")] if lang == "en"
        else [("moins de", "lt"), ("au plus", "le"), ("inférieur ou égal à", "le")]))
    join = " and " if lang == "en" else " et "
    if draw(st.booleans()):
        text = f"{low_cue} {bare(lo_text)}{join}{high_cue} {amount(hi_text)}"
    else:
        text = f"{high_cue} {bare(hi_text)}{join}{low_cue} {amount(lo_text)}"
    return text, lang, (lo * m, hi * m, low_kind == "ge", high_kind == "le"), unit


@settings(max_examples=600, deadline=None)
@given(phrasings())
def test_the_grammar_reads_what_it_states_or_refuses(phrasing):
    text, lang, (low, high, low_inc, high_inc), unit = phrasing
    try:
        got = _read_value_uncached(text, lang=lang)
    except UnreadableValue:
        return
    want_unit = "number" if unit == "number" else "currency"
    assert (got.low, got.high, got.low_inclusive, got.high_inclusive) == (low, high, low_inc, high_inc), text
    assert (got.unit, got.currency) == (want_unit, None if unit == "number" else unit), text
