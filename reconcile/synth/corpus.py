"""Synthetic corpora: entities, outlets, claims and the ground truth, for tests and benchmarks.

`write_corpus(out, claims=N, entities=M, outlets=K, seed=S)` writes

    out/seeds/entities.csv            ids, names, aliases and tickers
    out/seeds/claims/day-NNNNN.jsonl  the claims, one file per publication day
    out/extra/day-NNNNN.jsonl         `holdout` more claims of the same world (a later day)
    out/rules/*.yaml                  outlet trust, attributes and units, resolution, matching
    out/truth.jsonl                   the true value of every key, the true entity of every mention

With `euros=F`, a share F of the money claims on dollar keys is written in euros instead, at
the European Central Bank's rate of the claim's publication day (as a French outlet restates a
dollar figure), so that those keys need conversion to resolve.

Same arguments, same bytes: everything is drawn from one `random.Random(seed)` in a fixed order.
The value phrasings live in `reconcile.synth_values`; the test suite reads every one of them
back with `reconcile.normalize.read_value`.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from random import Random

from reconcile.core import period_end
from reconcile.exchange import rate
from reconcile.rules import builtin_rules
from reconcile.synth.values import ATTRIBUTES, Truth, phrase, true_value, weighted, wrong_value

CLAIMS_PER_FILE = 1000
START_DAY = 19723  # 2024-01-01 as days since 1970-01-01

_ONSETS = ["b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "h", "j",
           "br", "dr", "gr", "tr", "st", "pl", "cr", "qu"]
_VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o", "ia", "y"]
_CODAS = ["", "", "", "", "n", "r", "l", "s", "x", "m"]
_DESCRIPTORS = ["Systems", "Energy", "Capital", "Labs", "Robotics", "Pharma", "Motors", "Foods",
                "Networks", "Logistics", "Materials", "Analytics", "Biotech", "Semiconductors",
                "Airlines", "Bank", "Insurance", "Media", "Mining", "Software", "Group",
                "Holdings", "Technologies", "Industries", "Partners", "Ventures"]
_LEGAL = ["Inc.", "Corp.", "Corporation", "Ltd", "Limited", "SA", "S.A.", "AG", "GmbH", "plc",
          "N.V.", "SAS", "LLC", "Co., Ltd.", "S.p.A."]
_ACCENTS = {"e": "é", "a": "à", "o": "ö", "u": "ü", "i": "ï", "E": "É"}
_EN_WORDS = (["Daily", "Financial", "Global", "Market", "Business", "Tech", "Capital", "Morning",
              "Evening", "Weekly", "Street", "City", "Pacific", "Atlantic", "Northern"],
             ["Wire", "Herald", "Ledger", "Times", "Journal", "Post", "Observer", "Gazette",
              "Tribune", "Review", "Insider", "Chronicle", "Dispatch", "Monitor", "Bulletin"])
_FR_WORDS = (["Le Courrier", "Le Journal", "Le Quotidien", "L’Écho", "Le Moniteur", "Le Messager",
              "L’Observateur", "La Gazette", "La Tribune", "La Lettre"],
             ["Financier", "Économique", "des Affaires", "de la Bourse", "du Soir", "du Matin",
              "de l’Industrie", "des Marchés", "de la Tech"])


@dataclass(frozen=True)
class SynthEntity:
    id: str
    name: str
    aliases: tuple[str, ...]
    ticker: str


@dataclass(frozen=True)
class Outlet:
    name: str
    alias: str | None
    lang: str
    trust: float
    p_wrong: float  # how often it gets a value wrong
    relay: bool  # an aggregator: mostly relays what others reported
    style: str  # how it writes company names when it does not use the plain name
    house: float  # its house style for amounts (synth_values.amount's `pick`)


@dataclass
class Key:
    subject: int  # entity index, or -1 - n for the n-th unknown company
    attribute: str
    object: int | None
    as_of: str | None
    truth: Truth
    size: int  # claims planned on this key


def write_corpus(out: Path | str, *, claims: int, entities: int, outlets: int = 50, seed: int = 0,
                 holdout: int = 0, per_file: int = CLAIMS_PER_FILE, euros: float = 0.0
                 ) -> dict[str, int]:
    """Write a corpus under `out` (see the module docstring); returns what was written."""
    if claims < 1 or entities < 2 or outlets < 2:
        raise ValueError("need at least 1 claim, 2 entities and 2 outlets")
    if not 0 <= euros <= 1:
        raise ValueError("euros is a share, between 0 and 1")
    out = Path(out)
    rng = Random(seed)
    ents = _entities(rng, entities)
    unknown = [_company_name(rng, set()) for _ in range(max(1, entities // 200))]
    outs = _outlets(rng, outlets)
    total = claims + holdout
    keys = _keys(rng, total, len(ents), len(unknown))
    rows = _claims(rng, keys, outs, total, euros)
    days = max(1, math.ceil(claims / per_file))
    by_day: dict[int, list[str]] = {}
    truth_claims = []
    for n, (key_index, outlet_index, via, value, correct) in enumerate(rows):
        key = keys[key_index]
        day = rng.randrange(days) if n < claims else days
        claim_id = f"c{n + 1:08d}"
        o = outs[outlet_index]
        subject, subject_id = _mention(rng, key.subject, o, ents, unknown)
        record = {"id": claim_id, "outlet": o.alias if o.alias and rng.random() < 0.2 else o.name,
                  "subject": subject, "attribute": _attribute_name(rng, key.attribute, o.lang)}
        object_id = None
        if key.object is not None:
            record["object"], object_id = _mention(rng, key.object, o, ents, unknown)
        record["value"] = _in_euros(rng, value, key.as_of, START_DAY + day) \
            if isinstance(value, tuple) else value
        if via is not None:
            record["via"] = outs[via].name
        if o.lang == "fr" and rng.random() < 0.8:
            record["lang"] = "fr"
        record["published"] = _iso_day(START_DAY + day)
        if key.as_of:
            record["as_of"] = key.as_of
        if rng.random() < 0.3:
            record["url"] = f"https://{_slug(o.name)}.example/{claim_id}"
        by_day.setdefault(day, []).append(json.dumps(record, ensure_ascii=False))
        truth_claims.append({"kind": "claim", "id": claim_id, "key": key_index,
                             "subject": subject, "subject_id": subject_id,
                             "object": record.get("object"), "object_id": object_id,
                             "correct": correct, "holdout": n >= claims})
    _write_seeds(out, ents, by_day, days)
    _write_rules(out, outs)
    with open(out / "truth.jsonl", "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps({"kind": "meta", "claims": claims, "entities": entities,
                            "outlets": outlets, "seed": seed, "holdout": holdout}) + "\n")
        for i, key in enumerate(keys):
            f.write(json.dumps({"kind": "key", "index": i, **_key_json(key, ents)},
                               ensure_ascii=False) + "\n")
        for row in truth_claims:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {"claims": claims, "holdout": holdout, "entities": len(ents), "outlets": len(outs),
            "keys": len(keys), "files": len(by_day)}


# --- the world ----------------------------------------------------------------------------

def _word(rng: Random, syllables: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                   for _ in range(syllables)).capitalize()


def _company_name(rng: Random, taken: set[str]) -> str:
    while True:
        shape = rng.random()
        if shape < 0.3:
            name = _word(rng, 3)
        elif shape < 0.75:
            name = f"{_word(rng, 2)} {_word(rng, rng.choice((2, 3)))}"
        else:
            name = f"{_word(rng, rng.choice((2, 3)))} {rng.choice(_DESCRIPTORS)}"
        folded = name.lower()
        if folded not in taken:
            taken.add(folded)
            return name


def _entities(rng: Random, n: int) -> list[SynthEntity]:
    taken: set[str] = set()
    tickers: set[str] = set()
    out = []
    for i in range(n):
        name = _company_name(rng, taken)
        letters = "".join(w[0] for w in name.split()) + name.replace(" ", "")[1:]
        ticker = ""
        for length in (4, 3, 5):
            candidate = "".join(c for c in letters.upper() if c.isalpha())[:length]
            if len(candidate) == length and candidate not in tickers:
                ticker = candidate
                break
        while not ticker or ticker in tickers:
            ticker = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(5))
        tickers.add(ticker)
        aliases = [f"{name} {rng.choice(_LEGAL)}"]
        if " " in name and name.split()[-1] in _DESCRIPTORS and rng.random() < 0.5:
            aliases.append(name.rsplit(" ", 1)[0])
        aliases.append(ticker)
        out.append(SynthEntity(f"{_slug(name)}-{i + 1}", name, tuple(aliases), ticker))
    return out


def _outlets(rng: Random, n: int) -> list[Outlet]:
    taken: set[str] = set()
    out = []
    for i in range(n):
        lang = "fr" if i % 10 in (1, 4, 7) else "en"  # three outlets in ten write in French
        first, second = _FR_WORDS if lang == "fr" else _EN_WORDS
        name = (f"{rng.choice(first)} {rng.choice(second)}" if lang == "fr"
                else f"The {rng.choice(first)} {rng.choice(second)}")
        if name in taken:
            name = f"{name} {i + 1}"
        taken.add(name)
        tier = rng.random()
        if tier < 0.2:
            trust, p_wrong, relay = rng.uniform(0.85, 0.95), 0.02, False
        elif tier < 0.7:
            trust, p_wrong, relay = rng.uniform(0.6, 0.8), 0.06, False
        elif tier < 0.9:
            trust, p_wrong, relay = rng.uniform(0.35, 0.55), 0.3, False
        else:
            trust, p_wrong, relay = 0.5, 0.1, True
        alias = f"{name} ({'édition' if lang == 'fr' else 'online'})" if rng.random() < 0.3 else None
        style = weighted(rng, _STYLES)
        out.append(Outlet(name, alias, lang, round(trust, 2), p_wrong, relay, style, rng.random()))
    if not any(not o.relay for o in out):
        o = out[0]
        out[0] = Outlet(o.name, o.alias, o.lang, 0.9, 0.02, False, o.style, o.house)
    return out


# An outlet's house style for company names, and how many outlets have each.
_STYLES = [("name", 30), ("legal", 20), ("own_form", 10), ("upper", 5), ("lower", 3),
           ("accents", 7), ("ticker", 10), ("cashtag", 2), ("possessive", 5), ("short", 8)]


def _keys(rng: Random, total: int, n_entities: int, n_unknown: int) -> list[Key]:
    """Keys with skewed claim counts (most keys a few claims, one in 2000 a few hundred)."""
    keys, planned = [], 0
    attributes = sorted(ATTRIBUTES)
    while planned < total:
        size = rng.randint(100, 500) if rng.random() < 0.0005 else 1 + int(rng.expovariate(0.25))
        attribute = rng.choice(attributes)
        subject = -1 - rng.randrange(n_unknown) if rng.random() < 0.005 \
            else rng.randrange(n_entities)
        obj = None
        if ATTRIBUTES[attribute].relation:
            obj = rng.randrange(n_entities - 1)
            obj += obj >= subject >= 0
        as_of = None
        if rng.random() < 0.3:
            year = rng.choice((2023, 2024, 2025))
            as_of = rng.choice((f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                                f"{year}-Q{rng.randint(1, 4)}"))
        keys.append(Key(subject, attribute, obj, as_of, true_value(rng, attribute), size))
        planned += size
    return keys


def _claims(rng: Random, keys: list[Key], outs: list[Outlet], total: int, euros: float = 0.0):
    """(key, outlet, via, value, correct) rows: each key's claims in turn, then shuffled.

    A value to restate in euros is left as (truth, language, house, wrong) for the caller to
    write once the claim's day is drawn."""
    reporters = [i for i, o in enumerate(outs) if not o.relay]
    relays = [i for i, o in enumerate(outs) if o.relay] or reporters
    rows = []
    for k, key in enumerate(keys):
        size = min(key.size, total - len(rows))
        disputed = rng.random() < 0.03
        made: list[tuple[int, str, bool]] = []
        for _ in range(size):
            if made and rng.random() < 0.15:  # a relay: an earlier claim, read second-hand
                outlet, value, correct = rng.choice(made)
                via = rng.choice([r for r in relays if r != outlet] or relays)
                rows.append((k, outlet, via, value, correct))
                continue
            outlet = rng.choice(reporters)
            o = outs[outlet]
            wrong = rng.random() < (0.5 if disputed and o.trust >= 0.6 else o.p_wrong)
            if rng.random() < 0.003:
                value, correct = rng.choice(("undisclosed", "non divulgué", "not disclosed")), False
            else:
                said = wrong_value(rng, key.truth) if wrong else key.truth
                correct = not wrong
                if euros and key.truth.currency == "USD" and rng.random() < euros:
                    value = (said, o.lang, o.house, wrong)
                else:
                    value = phrase(rng, said, o.lang, wrong=wrong, house=o.house)
            made.append((outlet, value, correct))
            rows.append((k, outlet, None, value, correct))
        if len(rows) >= total:
            break
    rng.shuffle(rows)
    return rows


def _in_euros(rng: Random, deferred: tuple, as_of: str | None, published: int) -> str:
    """A dollar value written in euros at the ECB rate of the claim's date: the end of its
    `as_of` period, else its publication day (days since 1970-01-01), as the resolve stage
    converts it back; in dollars still when the ECB has no rate for that day."""
    said, lang, house, wrong = deferred
    truth, side = said if isinstance(said, tuple) else (said, None)
    day = period_end(as_of) if as_of else date(1970, 1, 1) + timedelta(days=published)
    per_euro = _usd_per_euro(day)
    if per_euro is None:
        return phrase(rng, said, lang, wrong=wrong, house=house)
    amount = truth.value / per_euro  # three figures, as a newsroom rounds a converted amount
    amount = amount.quantize(Decimal(1).scaleb(amount.adjusted() - 2)).normalize()
    euro = Truth(amount, truth.unit, "EUR")
    return phrase(rng, (euro, side) if side else euro, lang, wrong=wrong, house=house)


@lru_cache(maxsize=None)
def _usd_per_euro(day: date) -> Decimal | None:
    found = rate(builtin_rules(), "EUR", "USD", day)
    return None if found is None else found[0]


def _mention(rng: Random, index: int, outlet: Outlet, ents, unknown) -> tuple[str, str | None]:
    """How an outlet writes a company: the plain name, or its house style; rarely a typo or
    the words in another order."""
    if index < 0:
        return unknown[-1 - index], None
    e = ents[index]
    style = outlet.style if rng.random() < 0.5 else "name"
    words = e.name.split()
    if style == "legal":
        text = e.aliases[0]  # the legal name the entities file lists
    elif style == "own_form":  # a legal form the entities file does not list
        text = f"{e.name} {_LEGAL[index % len(_LEGAL)]}"
    elif style in ("upper", "lower"):
        text = e.name.upper() if style == "upper" else e.name.lower()
    elif style == "accents":
        text = "".join(_ACCENTS.get(c, c) if i == _first_vowel(e.name) else c
                       for i, c in enumerate(e.name))
    elif style in ("ticker", "cashtag"):
        text = e.ticker if style == "ticker" else f"${e.ticker}"
    elif style == "possessive":
        text = f"d’{e.name}" if e.name[0] in "AEIOUY" and outlet.lang == "fr" else f"{e.name}’s"
    elif style == "short" and len(e.aliases) > 2:
        text = e.aliases[1]
    else:
        text = e.name
    if len(words) > 1 and rng.random() < 0.003:
        text = " ".join(words[1:] + words[:1])
    elif rng.random() < 0.01 and style not in ("ticker", "cashtag"):
        text = _typo(rng, text)
    return text, e.id


def _first_vowel(name: str) -> int:
    return next((i for i, c in enumerate(name) if c in "aeiou"), -1)


def _typo(rng: Random, text: str) -> str:
    words = text.split(" ")
    w = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[w]
    if len(word) < 6:
        return text
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:i] + word[i + 1:]  # a letter dropped
    elif kind == 1:
        word = word[:i] + word[i] + word[i:]  # a letter doubled
    else:
        word = word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]  # two letters swapped
    words[w] = word
    return " ".join(words)


def _attribute_name(rng: Random, attribute: str, lang: str) -> str:
    spec = ATTRIBUTES[attribute]
    names = spec.fr if lang == "fr" else spec.en
    return rng.choice(names) if names and rng.random() < 0.6 else attribute


# --- files ----------------------------------------------------------------------------------

def _write_seeds(out: Path, ents: list[SynthEntity], by_day: dict[int, list[str]],
                 days: int) -> None:
    claims_dir, extra_dir = out / "seeds" / "claims", out / "extra"
    for d in (claims_dir, extra_dir):
        d.mkdir(parents=True, exist_ok=True)
    with open(out / "seeds" / "entities.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("id", "name", "type", "aliases"))
        writer.writerows((e.id, e.name, "company", "|".join(e.aliases)) for e in ents)
    for day in sorted(by_day):
        folder = extra_dir if day >= days else claims_dir
        with open(folder / f"day-{day + 1:05d}.jsonl", "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(by_day[day]) + "\n")


def _write_rules(out: Path, outs: list[Outlet]) -> None:
    rules = out / "rules"
    rules.mkdir(parents=True, exist_ok=True)
    lines = ["# Outlet trust: how often each outlet's figures hold up (generated).", "outlets:"]
    for o in outs:
        aliases = f", aliases: [{json.dumps(o.alias, ensure_ascii=False)}]" if o.alias else ""
        lines.append(f"  {json.dumps(o.name, ensure_ascii=False)}: {{trust: {o.trust}{aliases}}}")
    lines.append("default_trust: 0.5")
    (rules / "outlets.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["attributes:"]
    for name in sorted(ATTRIBUTES):
        spec = ATTRIBUTES[name]
        aliases = ", ".join(json.dumps(a, ensure_ascii=False) for a in spec.en + spec.fr)
        lines.append(f"  {name}: [{aliases}]")
    lines.append("units:")
    lines += [f"  {name}: {ATTRIBUTES[name].unit}" for name in sorted(ATTRIBUTES)]
    (rules / "attributes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (rules / "resolution.yaml").write_text(
        "resolution:\n  default:\n    strategy: intersect\n    min_trust: 0.3\n"
        "    approx_tolerance: 0.10\n    settle_margin: 0.2\n    hedged_trust_factor: 1.0\n"
        "matching:\n  threshold: 88\n  review_threshold: 75\n  margin: 5\n", encoding="utf-8")


def _key_json(key: Key, ents: list[SynthEntity]) -> dict:
    t = key.truth
    return {"subject_id": ents[key.subject].id if key.subject >= 0 else None,
            "attribute": key.attribute,
            "object_id": ents[key.object].id if key.object is not None else None,
            "as_of": key.as_of, "value": _number(t.value), "unit": t.unit,
            "currency": t.currency}


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() and c.isascii() else "-" for c in name.lower()).strip("-")


def _iso_day(days: int) -> str:
    from datetime import date, timedelta
    return (date(1970, 1, 1) + timedelta(days=days)).isoformat()
