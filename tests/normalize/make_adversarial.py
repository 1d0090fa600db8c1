"""Writes tests/data/values_adversarial.yaml: families of phrasings with the interval their words
state, computed here from the family's parts (never by asking the reader).

    python tests/normalize/make_adversarial.py

Each family crosses cues × numbers × scales × currencies in one language, with a seeded choice
of combinations so that every cue meets several scales and currencies without the file growing
into every product. The `source:` of a case names the public convention its phrasing follows.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "values_adversarial.yaml"
TOL = Decimal("0.1")

AP = "AP Stylebook numerals and money (\"$5 million\", \"5 percent\"), written from the public conventions"
REUTERS = "Reuters Handbook of Journalism abbreviations (\"bln\", \"mln\", \"pct\"), from its public conventions"
AFP = "AFP / Imprimerie nationale French typography (\"30 milliards de dollars\", \"45 %\", \"12 Md€\")"
OQLF = "Office québécois de la langue française money style (\"10 G$\", \"500 M$\")"
DUCKLING = "shape of facebook/duckling AmountOfMoney EN/FR corpora (phrasings written anew)"
MSRT = "shape of microsoft/Recognizers-Text NumberWithUnit currency specs (tokenized \"c $ 16.4 million\")"
BOOKS = "shared/benchmarks/truth/books author lists (AbeBooks, Yin et al. KDD'07) and their identifiers"
FINANCE = "financial statements' scale-and-code columns (\"MUSD\", \"MEUR\", \"kEUR\")"
INDIA = "Indian English newspapers' lakh and crore (e.g. \"Rs 5 crore\")"
FRWORDS = "French number-word grammar (dix-sept, quatre-vingt-un), as in scrapinghub/number-parser fr data"

cases: list[dict] = []


def add(text, low=None, high=..., lo_inc=True, hi_inc=True, unit="number", source=AP, **kw):
    case = {"text": text}
    high = low if high is ... else high
    if "error" in kw:
        case["error"] = kw.pop("error")
    else:
        lo = "-inf" if low is None else _e(low)
        hi = "inf" if high is None else _e(high)
        case["iv"] = f"{'[' if lo_inc and low is not None else '('}{lo}, {hi}{']' if hi_inc and high is not None else ')'}"
        if unit != "number":
            case["unit"] = unit
    case.update(kw)
    case["source"] = source
    cases.append(case)


def _e(d: Decimal) -> str:
    d = Decimal(d).normalize()
    return format(d, "f") if abs(d.adjusted()) < 6 else f"{d.scaleb(-d.adjusted())}e{d.adjusted()}"


def bound(text, value, cue, unit, source, **kw):
    if cue == "gt":
        add(text, value, None, False, False, unit, source, **kw)
    elif cue == "ge":
        add(text, value, None, True, False, unit, source, **kw)
    elif cue == "lt":
        add(text, None, value, False, False, unit, source, **kw)
    else:
        add(text, None, value, False, True, unit, source, **kw)


# --- amounts: (text, value, unit) per language ----------------------------------------------
EN_NUMS = [("2.5", Decimal("2.5")), ("40", Decimal(40)), ("450", Decimal(450)), ("1.2", Decimal("1.2")),
           ("75", Decimal(75)), ("3", Decimal(3))]
EN_SCALES = [("billion", 9), ("bn", 9), ("million", 6), ("m", 6), ("mn", 6), ("trillion", 12),
             ("bln", 9), ("mln", 6)]
EN_CURS = [("$", "", "USD"), ("US$", "", "USD"), ("€", "", "EUR"), ("£", "", "GBP"), ("C$", "", "CAD"),
           ("A$", "", "AUD"), ("HK$", "", "HKD"), ("CHF ", "", "CHF"), ("", " dollars", "USD"),
           ("", " euros", "EUR"), ("", " pounds", "GBP"), ("", " yen", "JPY"), ("USD ", "", "USD"),
           ("EUR ", "", "EUR"), ("", " Swiss francs", "CHF"), ("R$", "", "BRL"), ("", " roubles", "RUB")]
FR_NUMS = [("30", Decimal(30)), ("1,5", Decimal("1.5")), ("250", Decimal(250)), ("12", Decimal(12)),
           ("2,75", Decimal("2.75")), ("100", Decimal(100))]
FR_SCALES = [("milliards", 9), ("millions", 6), ("Md", 9), ("Mds", 9), ("milliers", None)]
FR_CURS = [(" de dollars", "USD"), (" d’euros", "EUR"), (" de livres sterling", "GBP"), (" €", "EUR"),
           (" de francs suisses", "CHF"), (" de yens", "JPY"), (" de dollars canadiens", "CAD"),
           (" de roubles", "RUB"), (" de yuans", "CNY"), ("", "number"), (" $", "USD")]


def en_amount(rng):
    num, v = rng.choice(EN_NUMS)
    sc, exp = rng.choice(EN_SCALES)
    pre, post, code = rng.choice(EN_CURS)
    glue = "" if sc in ("bn", "m", "mn") and not post else " "
    return f"{pre}{num}{glue}{sc}{post}", v * Decimal(10) ** exp, code


def fr_amount(rng):
    num, v = rng.choice(FR_NUMS)
    sc, exp = rng.choice([s for s in FR_SCALES if s[1]])
    cur, code = rng.choice(FR_CURS)
    if sc in ("Md", "Mds"):
        cur, code = rng.choice([(" €", "EUR"), (" $", "USD"), ("€", "EUR")])
    elif cur.startswith(" d") and sc.startswith("milliard") and v < 2:
        sc = "milliard"
    if cur.startswith(" d") and v < 2 and sc == "millions":
        sc = "million"
    return f"{num} {sc}{cur}", v * Decimal(10) ** exp, code


EN_PRE = [("more than", "gt"), ("over", "gt"), ("above", "gt"), ("in excess of", "gt"),
          ("greater than", "gt"), ("upwards of", "gt"), ("at least", "ge"), ("no less than", "ge"),
          ("not less than", "ge"), ("a minimum of", "ge"), ("greater than or equal to", "ge"),
          ("more than or equal to", "ge"), ("equal to or greater than", "ge"), ("at or above", "ge"),
          ("no lower than", "ge"), ("up to", "le"), ("at most", "le"), ("no more than", "le"),
          ("not more than", "le"), ("as much as", "le"), ("less than or equal to", "le"),
          ("equal to or less than", "le"), ("no greater than", "le"), ("at or below", "le"),
          ("a maximum of", "le"), ("not to exceed", "le"), ("less than", "lt"), ("under", "lt"),
          ("below", "lt"), ("lower than", "lt")]
EN_POST = [("or more", "ge"), ("or greater", "ge"), ("and above", "ge"), ("and more", "ge"),
           ("or higher", "ge"), ("and over", "ge"), ("or less", "le"), ("or lower", "le"),
           ("and below", "le"), ("and under", "le")]
FR_PRE = [("plus de", "gt"), ("plus que", "gt"), ("au-delà de", "gt"), ("supérieur à", "gt"),
          ("supérieure à", "gt"), ("supérieurs à", "gt"), ("supérieures à", "gt"), ("dépassant", "gt"),
          ("supérieur ou égal à", "ge"), ("supérieure ou égale à", "ge"), ("supérieurs ou égaux à", "ge"),
          ("supérieures ou égales à", "ge"), ("égal ou supérieur à", "ge"), ("égale ou supérieure à", "ge"),
          ("au moins", "ge"), ("pas moins de", "ge"), ("au minimum", "ge"), ("jusqu’à", "le"),
          ("au plus", "le"), ("au maximum", "le"), ("pas plus de", "le"), ("inférieur ou égal à", "le"),
          ("inférieure ou égale à", "le"), ("inférieurs ou égaux à", "le"), ("inférieures ou égales à", "le"),
          ("égal ou inférieur à", "le"), ("inférieur à", "lt"), ("inférieure à", "lt"), ("moins de", "lt"),
          ("moins que", "lt"), ("en dessous de", "lt")]
FR_POST = [("ou plus", "ge"), ("et plus", "ge"), ("ou davantage", "ge"), ("ou moins", "le")]


def comparatives(rng):
    for cue, kind in EN_PRE:
        for _ in range(8):
            text, v, code = en_amount(rng)
            bound(f"{cue} {text}", v, kind, code, rng.choice([AP, REUTERS, DUCKLING]))
        for p, v in ((rng.choice(["11", "4.5", "30"]), None),):
            bound(f"{cue} {p}%", Decimal(p), kind, "%", AP)
            bound(f"{cue} {p} percent", Decimal(p), kind, "%", AP)
    for cue, kind in EN_POST:
        for _ in range(8):
            text, v, code = en_amount(rng)
            bound(f"{text} {cue}", v, kind, code, rng.choice([AP, DUCKLING]))
        bound(f"three hundred {cue}", Decimal(300), kind, "number", DUCKLING)
        bound(f"25% {cue}", Decimal(25), kind, "%", AP)
    for cue, kind in FR_PRE:
        for _ in range(8):
            text, v, code = fr_amount(rng)
            bound(f"{cue} {text}", v, kind, code, AFP)
        p = rng.choice(["45", "12,5", "3"])
        bound(f"{cue} {p} %", Decimal(p.replace(",", ".")), kind, "%", AFP)
    for cue, kind in FR_POST:
        for _ in range(8):
            text, v, code = fr_amount(rng)
            bound(f"{text} {cue}", v, kind, code, AFP)


def two_sided(rng):
    en_pairs = [("more than", "gt", "less than", "lt"), ("no less than", "ge", "no more than", "le"),
                ("at least", "ge", "at most", "le"), ("above", "gt", "below", "lt"),
                ("over", "gt", "under", "lt"), ("greater than or equal to", "ge", "less than or equal to", "le")]
    fr_pairs = [("supérieur à", "gt", "inférieur à", "lt"), ("au moins", "ge", "au plus", "le"),
                ("plus de", "gt", "moins de", "lt"), ("supérieur ou égal à", "ge", "inférieur ou égal à", "le"),
                ("pas moins de", "ge", "pas plus de", "le")]
    for lang, pairs, scales, curs in (
            ("en", en_pairs, [("billion", 9), ("million", 6)], [("$", "", "USD"), ("", " euros", "EUR"), ("", "", "number")]),
            ("fr", fr_pairs, [("milliards", 9), ("millions", 6)], [("", " de dollars", "USD"), ("", " d’euros", "EUR"), ("", "", "number")])):
        join = " and " if lang == "en" else " et "
        src = AP if lang == "en" else AFP
        for lo_cue, lo_k, hi_cue, hi_k in pairs:
            for (sc, exp), (pre, post, code) in [(s, c) for s in scales for c in curs]:
                a, b = rng.choice([(2, 3), (150, 400), (30, 80), (10, 25)])
                m = Decimal(10) ** exp
                # the scale at the end applies to both numbers
                add(f"{lo_cue} {pre}{a}{join}{hi_cue} {pre}{b} {sc}{post}", a * m, b * m, lo_k == "ge",
                    hi_k == "le", code, src)
                add(f"{hi_cue} {pre}{b} {sc}{join}{lo_cue} {pre}{a} {sc}{post}", a * m, b * m, lo_k == "ge",
                    hi_k == "le", code, src)
            add(f"{lo_cue} 80{join}{hi_cue} 30", error="contradictory", source=src)
        add(f"{pairs[0][0]} 5{join}{pairs[0][0]} 8", error="split", source=src)


def ranges_and_words():
    words = [("mille", 1000), ("mille deux cents", 1200), ("deux cents", 200), ("trois cents", 300),
             ("deux mille", 2000), ("deux mille cinq cents", 2500), ("cinq cents", 500), ("vingt", 20),
             ("trente", 30), ("quatre-vingts", 80), ("quatre-vingt-dix", 90), ("soixante-dix", 70),
             ("cent", 100), ("cent cinquante", 150)]
    for i, (a, va) in enumerate(words):
        for b, vb in words[i + 1:i + 4]:
            if vb > va:
                add(f"de {a} à {b}", Decimal(va), Decimal(vb), source=DUCKLING)
                add(f"entre {a} et {b} millions d’euros", Decimal(va) * 10**6, Decimal(vb) * 10**6,
                    unit="EUR", source=AFP)
    en_words = [("two hundred", 200), ("three hundred", 300), ("twenty-five", 25),
                ("fifty", 50), ("one hundred and fifty", 150), ("seventy-five", 75), ("twelve", 12)]
    for i, (a, va) in enumerate(en_words):
        for b, vb in en_words[i + 1:]:
            if vb > va:
                add(f"from {a} to {b}", Decimal(va), Decimal(vb), source=DUCKLING)
                add(f"between {a} and {b} million dollars", Decimal(va) * 10**6, Decimal(vb) * 10**6,
                    unit="USD", source=AP)
    for a, b, sc, exp in ((20, 50, "billion", 9), (1, 3, "million", 6), (100, 250, "million", 6)):
        m = Decimal(10) ** exp
        add(f"${a}-{b} {sc}", a * m, b * m, unit="USD", source=AP)
        add(f"between ${a} {sc} and ${b} {sc}", a * m, b * m, unit="USD", source=AP)
        add(f"from €{a}{sc[0]} to €{b}{sc[0]}", a * m, b * m, unit="EUR", source=REUTERS)
        add(f"de {a} à {b} {'milliards' if exp == 9 else 'millions'} de dollars", a * m, b * m, unit="USD", source=AFP)
        add(f"entre {a} et {b} {'milliards' if exp == 9 else 'millions'} d’euros", a * m, b * m, unit="EUR", source=AFP)


def separators():
    for text, v in (("87.500", 87500), ("1.250.000", 1250000), ("12.500", 12500), ("3.200", 3200),
                    ("450.000", 450000), ("2.500.000", 2500000), ("999.999", 999999)):
        add(f"{text} €", Decimal(v), unit="EUR", source=AFP)
        add(f"{text} $", Decimal(v), unit="USD", source=AFP)
        add(f"{text} euros", Decimal(v), unit="EUR", lang="fr", source=AFP)
        add(f"un montant de {text} euros", Decimal(v), unit="EUR", source=AFP)
    for text, v in (("1.5", "1.5"), ("2.75", "2.75"), ("0.125", "0.125"), ("1.250", "1.25")):
        add(text, Decimal(v), Decimal(v), source=AP, lang="en")
        add(f"${text} billion", Decimal(v) * 10**9, Decimal(v) * 10**9, unit="USD", source=AP)
    for text in ("1.250€", "12.500 EUR", "87.500€", "3.200 USD"):
        add(text, error="no word says which", source=AFP)
    for text, v in (("1,250,000", 1250000), ("87,500", 87500), ("12,000", 12000)):
        add(f"${text}", Decimal(v), unit="USD", source=AP)
        add(f"{text} dollars", Decimal(v), unit="USD", source=AP, lang="en")
    for text, v in (("1 250 000", 1250000), ("87\u202f500", 87500), ("12\u00a0000", 12000)):
        add(f"{text} €", Decimal(v), unit="EUR", source=AFP)


def currencies():
    G = Decimal(10) ** 9
    M = Decimal(10) ** 6
    for num in ("40", "12", "85", "2.5"):
        v = Decimal(num)
        for code in ("USD", "EUR", "GBP", "CHF", "JPY", "CAD"):
            add(f"{num} {code.lower()} million", v * M, v * M, unit=code, source=FINANCE)
            add(f"{num} M{code}", v * M, v * M, unit=code, source=FINANCE)
            add(f"{num} k{code}", v * 1000, v * 1000, unit=code, source=FINANCE)
            add(f"{code} {num} billion", v * G, v * G, unit=code, source=REUTERS)
    for sign, code in (("c $", "CAD"), ("hk $", "HKD"), ("us $", "USD"), ("C $", "CAD"), ("HK $", "HKD"),
                       ("a $", "USD"), ("AUD$", "AUD"), ("NZ$", "NZD"), ("NT$", "TWD"), ("R$", "BRL"),
                       ("S$", "SGD")):
        for num in ("2.5", "3", "16.4"):
            v = Decimal(num)
            add(f"{sign} {num} billion", v * G, v * G, unit=code, source=MSRT)
            add(f"{sign} {num} million", v * M, v * M, unit=code, source=MSRT)
    for word, code in (("roubles", "RUB"), ("zlotys", "PLN"), ("rupees", "INR"), ("yuans", "CNY"),
                       ("rands", "ZAR"), ("yens", "JPY"), ("wons", "KRW")):
        add(f"50 milliards de {word}", 50 * G, 50 * G, unit=code, source=AFP)
    for word, code in (("rubles", "RUB"), ("shekels", "ILS"), ("ringgit", "MYR"), ("baht", "THB"),
                       ("Brazilian reais", "BRL"), ("Mexican pesos", "MXN"), ("rand", "ZAR")):
        add(f"12 billion {word}", 12 * G, 12 * G, unit=code, source=DUCKLING)
    for text in ("50 pesos", "10 dinars", "20 riyals", "5 kroner", "100 couronnes", "3 milliards de pesos",
                 "ZZ$ 50", "40 francs", "12 billion lira", "XY$5bn"):
        add(text, error="", source=DUCKLING)
    for num in ("10", "3,5"):
        v = Decimal(num.replace(",", "."))
        add(f"{num} G$", v * G, v * G, unit="USD", source=OQLF)
        add(f"{num} M$", v * M, v * M, unit="USD", source=OQLF)


def units_and_signs():
    for num, v in (("25", 25), ("forty", 40), ("12,5", "12.5"), ("trois", 3), ("seven", 7)):
        v = Decimal(v)
        if num[0].isdigit() or num in ("trois",):
            add(f"{num} pourcents", v, v, unit="%", source=AFP)
            add(f"{num} pour cent", v, v, unit="%", source=AFP)
        if not num.startswith("trois") and "," not in num:
            add(f"{num} percentage", v, v, unit="%", source=AP)
            add(f"{num} percent", v, v, unit="%", source=AP)
            add(f"per cent of {num}", v, v, unit="%", source=AP)
            add(f"{num} pct", v, v, unit="%", source=REUTERS)
    for num, v in (("eight", 8), ("3.5", "3.5"), ("two", 2), ("12", 12)):
        v = -Decimal(v)
        add(f"minus {num} percent", v, v, unit="%", source=AP)
        add(f"negative {num} percent", v, v, unit="%", source=AP)
    for num, v in (("3", 3), ("0,5", "0.5"), ("8", 8)):
        v = -Decimal(v)
        add(f"moins {num} %", v, v, unit="%", source=AFP)
    for text in ("a 3 % decline", "a 3% drop", "sales fell 5%", "en baisse de 5 %", "un recul de 2 %",
                 "une chute de 10 %", "a 12 percent decrease", "shares dropped 4.5%", "une diminution de 3 %"):
        add(text, error="sign", source=REUTERS if text[0] in "as" else AFP)
    for text, v in (("-4.5%", "-4.5"), ("−3 %", "-3"), ("-$2bn", "-2e9")):
        unit = "%" if "%" in text else "USD"
        add(text, Decimal(v), Decimal(v), unit=unit, source=AP)


def compounds():
    for whole, wv in (("seven", 7), ("twenty", 20), ("12", 12), ("one hundred", 100)):
        for cents, cv in (("twenty", 20), ("43", 43), ("five", 5), ("99", 99)):
            v = Decimal(wv) + Decimal(cv) / 100
            add(f"{whole} dollars and {cents} cents", v, v, unit="USD", source=DUCKLING)
    for whole, cents in ((5, 50), (12, 30)):
        v = Decimal(whole) + Decimal(cents) / 100
        add(f"{whole} euros et {cents} centimes", v, v, unit="EUR", source=DUCKLING)
        add(f"{whole} pounds and {cents} pence", v, v, unit="GBP", source=DUCKLING)
    for num, v in (("12", 12), ("1.5", "1.5"), ("50", 50), ("two", 2)):
        v = Decimal(v)
        add(f"{num} lakh rupees", v * 10**5, v * 10**5, unit="INR", source=INDIA)
        add(f"{num} crore", v * 10**7, v * 10**7, source=INDIA)
        add(f"Rs {num} crore" if False else f"₹{num} crore", v * 10**7, v * 10**7, unit="INR", source=INDIA)
        add(f"{num} crore rupees", v * 10**7, v * 10**7, unit="INR", source=INDIA)


def strays():
    for text in ("11-Dec", "Dec-11", "3-Jan", "28-févr", "12/dec", "28 janvier", "5 mai", "Jan 12",
                 "Li, Qing, 1971-", "Knuth, Donald E., 1938-", "Smith, John, 1950-2010",
                 "( isbn 1558607137)", "ISBN 0201853949", "isbn: 0-201-85394-9", "D&#146;Hers",
                 "O&#39;Reilly", "Müller&#8217;s 2", "Route 66", "Boeing 737", "Windows 95",
                 "Volume 3", "page 12", "Tome 2", "édition 2005", "in 2025", "depuis 1998",
                 "Fascicle 3", "Chapter 11", "Apollo 13", "1971-", "Gordon, Moore, 1929-",
                 "Vol. 4, Fascicle 3", "Smith J 1999", "Patterson, David A. (2005)", "Dupont, 3e éd.",
                 "Art of Computer Programming, Volume 4", "ed. 2, 2003", "Hennessy &amp; Patterson 5"):
        add(text, error="", source=BOOKS)
    for text in ("undisclosed", "non divulgué", "N/A", "$5bn, possibly $8bn", "TBD", "the value",
                 "between $5bn", "entre 5 et", "50 cents of it", "about half", "la moitié"):
        add(text, error="", source=AP)


def tricky():
    """One-offs that trip readers: glued signs, mixed scales, ratios, names with numbers."""
    G, M = Decimal(10) ** 9, Decimal(10) ** 6
    add("$5 billion-plus", 5 * G, None, False, False, "USD", AP)
    add("Rs 500 crore", 500 * 10 ** 7, unit="INR", source=INDIA)
    add("Rs 20", Decimal(20), unit="INR", source=DUCKLING)
    add("42 bucks", Decimal(42), unit="USD", source=DUCKLING)
    add("EUR1.2bn", Decimal("1.2") * G, unit="EUR", source=REUTERS)
    add("3 bn USD", 3 * G, unit="USD", source=REUTERS)
    add("3.14US$", Decimal("3.14"), unit="USD", source=DUCKLING)
    add("between 5% and 7%", Decimal(5), Decimal(7), unit="%", source=AP)
    add("a $10-billion deal", 10 * G, unit="USD", source=AP)
    add("10 % ou plus", Decimal(10), None, True, False, "%", AFP)
    add("more than 1 dollar and forty-two cents", Decimal("1.42"), None, False, False, "USD", DUCKLING)
    add("under seven euros", None, Decimal(7), False, False, "EUR", DUCKLING)
    add("five hundred thousand", Decimal(500000), source=AP)
    add("2 millions 500 mille euros", Decimal("2.5") * M, unit="EUR", source=AFP)
    add("a million and a half dollars", Decimal("1.5") * M, unit="USD", source=AP)
    add("£1.2bn-£1.5bn", Decimal("1.2") * G, Decimal("1.5") * G, unit="GBP", source=REUTERS)
    add("£20 million-£25 million", 20 * M, 25 * M, unit="GBP", source=REUTERS)
    add("around $5-6 billion", Decimal("4.5") * G, Decimal("6.6") * G, unit="USD", approx=True, source=DUCKLING)
    add("pourrait dépasser 5 %", Decimal(5), None, False, False, "%", AFP, hedged=True)
    for text in ("10¢", "trois virgule cinq millions", "three point five million", "Boeing 737 MAX", "#1",
                 "1.5 billion euros ($1.6 billion)", "$1.2bn (€1.1bn)", "20 dollars 43 cents",
                 "1 1/2 billion", "Vol. 3", "the first 100 days", "top 10", "no. 1", "5 of 10",
                 "3 out of 4", "3:1", "24/7", "9/11", "1/3 of the company", "401(k)", "G7", "F-16",
                 "COVID-19", "4e trimestre", "n° 5", "Airbus A380", "iPhone 15", "Highway 101"):
        add(text, error="", source=MSRT if text[0].isdigit() else BOOKS)


def probed():
    """Phrasings that were read wrong before a rule of the language covered them."""
    for text, v in (("quatre-vingt-un", 81), ("dix-sept mille", 17000), ("soixante-dix-sept", 77),
                    ("quatre-vingt-dix-neuf millions", 99 * 10**6), ("cent un", 101),
                    ("deux cent une", 201), ("vingt et un milliards", 21 * 10**9),
                    ("soixante et onze millions", 71 * 10**6), ("dix-huit", 18),
                    ("mille deux cents millions", 1200 * 10**6)):
        add(text, Decimal(v), source=FRWORDS)
    for text in ("le chiffre d’affaires a progressé de 5 % à 10 milliards", "trois fois plus",
                 "twice as much as $5bn", "double the $5bn", "5 de moins", "5 million ten",
                 "a 20% stake worth $3bn", "revenue rose 5% to $10bn", "one in five", "un sur cinq",
                 "50 milliards de kwanzas", "3 millions de personnes", "5 billion of shares",
                 "12 milliards de nairas", "no more than 3 billion and no less than 2",
                 "moins 5 milliards de dollars", "au plus 8 milliards et au moins 5"):
        add(text, error="", source=REUTERS if text.isascii() else AFP)


def approximations(rng):
    en = ["about", "around", "approximately", "roughly", "some", "circa"]
    fr = ["environ", "autour de", "près de", "quelque", "aux alentours de", "de l’ordre de"]
    for cue in en:
        for _ in range(10):
            text, v, code = en_amount(rng)
            add(f"{cue} {text}", v * (1 - TOL), v * (1 + TOL), unit=code, point=_e(v), approx=True,
                source=rng.choice([AP, REUTERS]))
    for cue in fr:
        for _ in range(10):
            text, v, code = fr_amount(rng)
            add(f"{cue} {text}", v * (1 - TOL), v * (1 + TOL), unit=code, point=_e(v), approx=True,
                source=AFP)


def points(rng):
    seen = set()
    for make, n in ((en_amount, 90), (fr_amount, 90)):
        for _ in range(n):
            text, v, code = make(rng)
            if text in seen:
                continue
            seen.add(text)
            add(text, v, v, unit=code, source=AFP if make is fr_amount else rng.choice([AP, REUTERS]))


def main():
    rng = random.Random(2026)
    comparatives(rng)
    two_sided(rng)
    ranges_and_words()
    separators()
    currencies()
    units_and_signs()
    compounds()
    strays()
    tricky()
    probed()
    approximations(rng)
    points(rng)
    seen, unique = set(), []
    for c in cases:
        key = (c["text"], c.get("lang"))
        if key not in seen:
            seen.add(key)
            unique.append(c)
    lines = ["# Adversarial phrasings: families of comparatives × scales × currencies × languages,",
             "# written by tests/normalize/make_adversarial.py (regenerate, do not edit by hand).",
             "# Same fields as values.yaml, plus source: the public convention the phrasing follows.",
             "# error: \"\" means the reading must refuse, whatever its reason.", ""]
    for c in unique:
        lines.append("- {" + ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in c.items()) + "}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(unique)} cases written to {OUT}")


if __name__ == "__main__":
    main()
