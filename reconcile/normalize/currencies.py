"""Currencies as data: signs, ISO codes and names, and the scale-and-code words of finance.

"$" and a bare "dollars" mean the rules' default currency; "¥" means the rules' yen currency.
A word that names several currencies ("pesos", "kroner", "dinars") maps to an AMBIGUOUS
reason: the reader refuses it rather than pick a country.
"""

from __future__ import annotations

DEFAULT_DOLLAR = "$"
YEN_SIGN = "¥"
AMBIGUOUS = "?"  # prefix of a reason: a currency word that does not say which country's
# A bare dollar gives way to a named one ("US$30bn dollars" is USD), never to another currency.
DOLLARS = frozenset({"USD", "CAD", "AUD", "HKD", "NZD", "SGD", "TWD", "MXN", "BRL"})

CURRENCY_SYMBOLS: dict[str, str] = {
    "$": DEFAULT_DOLLAR, "us$": "USD", "c$": "CAD", "ca$": "CAD", "can$": "CAD", "a$": "AUD",
    "au$": "AUD", "$us": "USD", "$a": "AUD", "hk$": "HKD", "nz$": "NZD", "s$": "SGD", "sg$": "SGD", "nt$": "TWD",
    "r$": "BRL", "mx$": "MXN", "€": "EUR", "£": "GBP", "¥": YEN_SIGN, "cn¥": "CNY", "₹": "INR",
    "₩": "KRW", "₣": "CHF", "₽": "RUB", "₺": "TRY", "₪": "ILS", "₦": "NGN", "₱": "PHP",
    "฿": "THB", "₴": "UAH",
    # A cent sign states hundredths of a currency it does not name.
    "¢": AMBIGUOUS + "a cent sign ('¢') does not say of which currency: state the amount in it",
}

# ISO 4217 codes read as words ("USD 5bn", "5bn EUR"). Codes that are also common English or
# French words ("try", "all", "pen", "top", "cup", "mad") are left out: a verb is no currency.
ISO_CODES = (
    "usd", "eur", "gbp", "jpy", "cny", "chf", "cad", "aud", "hkd", "nzd", "sgd", "inr", "krw",
    "sek", "nok", "dkk", "brl", "mxn", "zar", "rub", "pln", "czk", "huf", "ils", "sar", "aed",
    "thb", "idr", "myr", "php", "twd", "ars", "clp", "cop", "ngn", "egp", "uah", "qar", "kwd",
    "vnd", "pkr", "bdt", "xof", "xaf",
)

# Québec writes "10 G$" for ten billion dollars and "500 M$" for 500 million: the letter is a
# scale glued to the sign. M$ and k$ fall out of the general rules; G is only a scale here.
# Finance writes a scale letter glued to an ISO code: "12 MUSD", "85 MEUR", "300 kEUR".
SCALED_CURRENCY_SYMBOLS: dict[str, tuple[int, str]] = {
    "g$": (9, DEFAULT_DOLLAR), "g€": (9, "EUR"),
    **{prefix + code: (exp, code.upper()) for code in ISO_CODES
       for prefix, exp in (("k", 3), ("m", 6), ("mn", 6), ("mio", 6), ("bn", 9), ("md", 9),
                           ("mrd", 9))},
}

_PESO = AMBIGUOUS + "'{}' names the currency of several countries: give its ISO code"

CURRENCY_WORDS: dict[str, dict[str, str]] = {
    "en": {
        **{code: code.upper() for code in ISO_CODES},
        "dollar": DEFAULT_DOLLAR, "dollars": DEFAULT_DOLLAR, "bucks": DEFAULT_DOLLAR,
        "quid": "GBP", "rs": "INR", "rupee": "INR", "rm": "MYR",
        "us dollars": "USD", "u.s. dollars": "USD", "american dollars": "USD",
        "canadian dollars": "CAD", "australian dollars": "AUD", "hong kong dollars": "HKD",
        "new zealand dollars": "NZD", "singapore dollars": "SGD", "taiwan dollars": "TWD",
        "euro": "EUR", "euros": "EUR",
        "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
        "pounds sterling": "GBP", "british pounds": "GBP",
        "yen": "JPY", "rmb": "CNY", "yuan": "CNY",
        "renminbi": "CNY", "swiss francs": "CHF", "swiss franc": "CHF",
        "rupees": "INR", "indian rupees": "INR",
        "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
        "reais": "BRL", "brazilian reais": "BRL", "rand": "ZAR", "zloty": "PLN", "zlotys": "PLN",
        "zlotych": "PLN", "forint": "HUF", "forints": "HUF", "koruna": "CZK", "korunas": "CZK",
        "shekel": "ILS", "shekels": "ILS", "baht": "THB", "rupiah": "IDR", "ringgit": "MYR",
        "naira": "NGN", "hryvnia": "UAH", "hryvnias": "UAH", "turkish lira": "TRY",
        "turkish liras": "TRY", "mexican pesos": "MXN", "argentine pesos": "ARS",
        "philippine pesos": "PHP", "chilean pesos": "CLP", "colombian pesos": "COP",
        "swedish kronor": "SEK", "norwegian kroner": "NOK", "danish kroner": "DKK",
        "swedish crowns": "SEK", "norwegian crowns": "NOK", "danish crowns": "DKK",
        "chinese yuan": "CNY", "japanese yen": "JPY", "hong kong dollar": "HKD",
        "south korean won": "KRW", "korean won": "KRW", "saudi riyals": "SAR",
        "uae dirhams": "AED", "egyptian pounds": "EGP",
        **{w: _PESO.format(w) for w in (
            "peso", "pesos", "krona", "kronor", "krone", "kroner", "crowns", "dinar", "dinars",
            "riyal", "riyals", "rial", "rials", "dirham", "dirhams", "lira", "liras", "lire",
            "francs", "franc")},
    },
    "fr": {
        "dollars américains": "USD", "dollars us": "USD", "dollars canadiens": "CAD",
        "dollars australiens": "AUD", "dollars de hong kong": "HKD",
        "dollars néo-zélandais": "NZD", "dollars de singapour": "SGD",
        "livre sterling": "GBP", "livres sterling": "GBP", "yuans": "CNY", "yens": "JPY",
        "franc suisse": "CHF", "francs suisses": "CHF", "roupie": "INR", "roupies": "INR",
        "roupies indiennes": "INR", "rouble russe": "RUB", "roubles russes": "RUB",
        "réaux": "BRL", "rands": "ZAR", "zlotys": "PLN",
        "livres turques": "TRY", "livre turque": "TRY", "wons": "KRW", "couronnes suédoises": "SEK",
        "couronnes norvégiennes": "NOK", "couronnes danoises": "DKK", "pesos mexicains": "MXN",
        "pesos argentins": "ARS", "dinars algériens": "DZD", "dirhams marocains": "MAD",
        "francs cfa": _PESO.format("francs cfa"),
        **{w: _PESO.format(w) for w in ("couronne", "couronnes")},
    },
}
