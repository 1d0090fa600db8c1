"""The values of synthetic claims: true values, wrong ones, and how newsrooms write them.

Every phrasing here is one `reconcile.normalize.read_value` reads (tests/test_synth.py reads them
all back): exact amounts, approximations, bounds, ranges and hedges, in English and French, in
several scales (thousands to trillions) and currencies, and percentages.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from random import Random

D = Decimal


@dataclass(frozen=True)
class AttributeSpec:
    unit: str  # currency | percent
    relation: bool  # has an object entity (investor -> company)
    en: tuple[str, ...]  # aliases English outlets use
    fr: tuple[str, ...]


ATTRIBUTES = {
    "investment": AttributeSpec("currency", True, ("stake purchase",), ("investissement",)),
    "stake": AttributeSpec("percent", True, ("shareholding",), ("participation",)),
    "compute_deal": AttributeSpec("currency", True, (), ("accord informatique",)),
    "valuation": AttributeSpec("currency", False, (), ("valorisation",)),
    "round_total": AttributeSpec("currency", False, (), ("tour de table",)),
    "raise_target": AttributeSpec("currency", False, ("fundraising target",), ("levée",)),
    "revenue": AttributeSpec("currency", False, ("sales",), ("chiffre d’affaires",)),
}


@dataclass(frozen=True)
class Truth:
    value: Decimal
    unit: str
    currency: str | None


_CURRENCIES = [("USD", 70), ("EUR", 18), ("GBP", 6), ("CHF", 3), ("JPY", 3)]
_EN_AMOUNT = {  # currency -> how an English outlet writes "<number> <scale>" in it
    "USD": ("${n}{s}", "${n} {S}", "{n} {S} dollars", "USD {n} {S}", "US${n}{s}"),
    "EUR": ("€{n}{s}", "{n} {S} euros", "EUR {n} {S}"),
    "GBP": ("£{n}{s}", "{n} {S} pounds"),
    "CHF": ("CHF {n}{s}", "{n} {S} Swiss francs"),
    "JPY": ("¥{n}{s}", "JPY {n} {S}"),
}
_FR_AMOUNT = {
    "USD": ("{n} {S} de dollars", "{n} {S} de dollars américains", "{n} Md$"),
    "EUR": ("{n} {S} d’euros", "{n} Md€"),
    "GBP": ("{n} {S} de livres sterling",),
    "CHF": ("{n} {S} de francs suisses",),
    "JPY": ("{n} {S} de yen", "{n} {S} de JPY"),
}
_SMALL = {
    "en": {"USD": "${n}", "EUR": "€{n}", "GBP": "£{n}", "CHF": "CHF {n}", "JPY": "¥{n}"},
    "fr": {"USD": "{n} dollars", "EUR": "{n} euros", "GBP": "{n} livres sterling",
           "CHF": "{n} francs suisses", "JPY": "{n} yen"},
}
_EN_SCALES = [(12, "tn", "trillion"), (9, "bn", "billion"), (6, "m", "million"), (0, "", "")]
_FR_SCALES = [(9, "Md", "milliards"), (6, "M", "millions"), (0, "", "")]

# kind -> templates; {A} is an amount, {L}/{H} the low and high of a range
_TEMPLATES = {
    "en": {
        "exact": ("{A}", "{A}", "reportedly {A}", "{A}, possibly", "a total of {A}"),
        "approx": ("about {A}", "around {A}", "roughly {A}", "some {A}", "approximately {A}",
                   "an estimated {A}"),
        "low": ("more than {A}", "over {A}", "at least {A}", "upwards of {A}", "could top {A}",
                "north of {A}", "in excess of {A}"),
        "high": ("up to {A}", "as much as {A}", "no more than {A}", "could reach {A}",
                 "less than {A}", "a maximum of {A}"),
        "range": ("between {L} and {H}", "{L} to {H}", "from {L} to {H}"),
    },
    "fr": {
        "exact": ("{A}", "{A}", "serait de {A}", "un montant de {A}"),
        "approx": ("environ {A}", "près de {A}", "quelque {A}", "autour de {A}",
                   "de l’ordre de {A}"),
        "low": ("plus de {A}", "au moins {A}", "au-delà de {A}", "pourrait dépasser {A}",
                "dépasse {A}"),
        "high": ("jusqu’à {A}", "au maximum {A}", "pourrait atteindre {A}", "moins de {A}",
                 "pas plus de {A}"),
        "range": ("entre {L} et {H}", "de {L} à {H}"),
    },
}
_KINDS = [("exact", 35), ("approx", 20), ("low", 15), ("high", 15), ("range", 15)]


def true_value(rng: Random, attribute: str) -> Truth:
    if ATTRIBUTES[attribute].unit == "percent":
        value = D(rng.randint(2, 60)) + (D("0.5") if rng.random() < 0.2 else 0)
        return Truth(value, "percent", None)
    currency = weighted(rng, _CURRENCIES)
    if rng.random() < 0.5:  # newsrooms report round figures most often
        digits = rng.choice((10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 80))
    else:
        digits = rng.randint(10, 99) if rng.random() < 0.8 else rng.randint(100, 999)
    exponent = rng.randint(6, 11) - (1 if digits >= 100 else 0)
    return Truth(D(digits).scaleb(exponent), "currency", currency)


def wrong_value(rng: Random, truth: Truth) -> tuple[Truth, str]:
    """A value an unreliable outlet gets wrong, and on which side of the truth it lies."""
    if truth.unit == "currency" and rng.random() < 0.25:
        factor = D(1000) if rng.random() < 0.5 else D("0.001")  # a slip of scale
    else:
        factor = D(rng.choice(("0.25", "0.4", "0.5", "2", "2.5", "3", "4")))
    return Truth(truth.value * factor, truth.unit, truth.currency), \
        "above" if factor > 1 else "below"


def phrase(rng: Random, truth: Truth, lang: str, *, wrong: bool = False,
           house: float | None = None) -> str:
    """A text whose interval holds `truth.value` (for a wrong Truth: excludes the true value).

    `house` in [0, 1) is the outlet's house style for amounts ("$30bn" or "30 billion dollars").
    """
    value, side = (truth[0].value, truth[1]) if isinstance(truth, tuple) else (truth.value, None)
    truth = truth[0] if isinstance(truth, tuple) else truth
    kinds = [(k, w) for k, w in _KINDS
             if not (side == "above" and k == "high") and not (side == "below" and k == "low")]
    kind = weighted(rng, kinds)
    template = rng.choice(_TEMPLATES[lang][kind])
    if kind == "low":
        low = _nice(value * D(rng.choice(("0.5", "0.6", "0.7", "0.8", "0.9"))), down=True)
        if wrong:
            low = max(low, _nice(value * D("0.9"), down=True))
        if low >= value:
            return amount(rng, value, truth, lang, house)
        return template.format(A=amount(rng, low, truth, lang, house))
    if kind == "high":
        high = _nice(value * D(rng.choice(("1.2", "1.3", "1.5", "2"))), down=False)
        if wrong:
            high = min(high, _nice(value * D("1.1"), down=False))
        if high <= value:
            return amount(rng, value, truth, lang, house)
        return template.format(A=amount(rng, high, truth, lang, house))
    if kind == "range":
        low = _nice(value * D(rng.choice(("0.8", "0.9"))), down=True)
        high = _nice(value * D(rng.choice(("1.1", "1.2", "1.5"))), down=False)
        small = truth.unit == "currency" and not _scale(low, lang)[2]
        if small or not low < value < high:  # no scale word to share: one amount
            return amount(rng, value, truth, lang, house)
        return _range(rng, template, low, high, truth, lang, house)
    return template.format(A=amount(rng, value, truth, lang, house))


def amount(rng: Random, value: Decimal, truth: Truth, lang: str, pick: float | None = None,
           bare: bool = True) -> str:
    """An amount as written: "$37bn", "37 milliards d’euros", "11 %".

    `pick` in [0, 1) chooses the written form, so both ends of a range share it.
    """
    pick = rng.random() if pick is None else pick
    if truth.unit == "percent":
        n = _number(value, lang)
        forms = (f"{n} %", f"{n} pour cent", f"{n}\u00a0%") if lang == "fr" \
            else (f"{n}%", f"{n} percent", f"{n} per cent")
        return forms[int(pick * len(forms))]
    exponent, short, word = _scale(value, lang)
    n = _number(value.scaleb(-exponent), lang)
    if not word:  # a small amount, no scale word: "$37,000", "37 000 euros"
        return _SMALL[lang][truth.currency].format(n=n)
    if lang == "fr":
        if bare and truth.currency == "USD" and rng.random() < 0.05:
            return f"{n} {word}"  # a bare amount: the attribute's unit says it is money
        forms = [f for f in _FR_AMOUNT[truth.currency] if exponent == 9 or "Md" not in f]
        return forms[int(pick * len(forms))].format(n=n, S=word)
    forms = _EN_AMOUNT[truth.currency]
    return forms[int(pick * len(forms))].format(n=n, s=short, S=word)


def _range(rng, template, low, high, truth, lang, house) -> str:
    pick = rng.random() if house is None else house
    if truth.unit == "percent" or lang == "en":
        return template.format(L=amount(rng, low, truth, lang, pick, bare=False),
                               H=amount(rng, high, truth, lang, pick, bare=False))
    # French: the low end without its currency, "entre 810 millions et 1,1 milliard de dollars"
    exponent, _, word = _scale(low, lang)
    low_text = _number(low.scaleb(-exponent), lang) + (f" {word}" if word else "")
    if _scale(high, lang)[0] == exponent and rng.random() < 0.7:
        low_text = _number(low.scaleb(-exponent), lang)  # "entre 25 et 35 milliards"
    return template.format(L=low_text, H=amount(rng, high, truth, lang, pick, bare=False))


def _scale(value: Decimal, lang: str) -> tuple[int, str, str]:
    for exponent, short, word in _FR_SCALES if lang == "fr" else _EN_SCALES:
        if value >= D(10) ** exponent:
            return exponent, short, word
    return 0, "", ""


def _number(value: Decimal, lang: str) -> str:
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    sep = "," if lang == "en" else " "
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    whole = sep.join([whole, *groups])
    if not frac:
        return whole
    return f"{whole}{'.' if lang == 'en' else ','}{frac}"


def _nice(value: Decimal, *, down: bool) -> Decimal:
    """Two significant digits, rounded towards `down`."""
    if value <= 0:
        return value
    exponent = value.adjusted() - 1
    scaled = value.scaleb(-exponent)
    rounded = scaled.to_integral_value(rounding="ROUND_FLOOR" if down else "ROUND_CEILING")
    return rounded.scaleb(exponent)


def weighted(rng: Random, choices):
    """One item of [(item, weight)], drawn by weight."""
    total = sum(w for _, w in choices)
    pick = rng.random() * total
    for item, w in choices:
        pick -= w
        if pick < 0:
            return item
    return choices[-1][0]
