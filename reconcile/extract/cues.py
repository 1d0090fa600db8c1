"""The words news writing uses to say who said a thing, about whom, and when (French, English).

Folded forms (lower case, no accents, straight apostrophes), as `reconcile.sentences.fold_word`
gives them. These are the extract stage's vocabulary, as `normalize/vocabulary.py` is the
normalize stage's: general newsroom language, nothing about any one article.
"""

from __future__ import annotations

# Words before the source: "selon Reuters", "d'après The Information", "according to Bloomberg",
# "a person familiar with the matter told the Financial Times", "publiée par X", "citing X".
SOURCE_BEFORE = (
    "selon", "d'apres", "toujours d'apres", "toujours selon", "a en croire", "rapporte par",
    "publiee par", "publie par", "revele par", "revelee par", "cite par", "citee par",
    "according to", "told", "reported by", "published by", "citing", "said to",
)
# Participles before "par"/"by" and a word or two: "publiée mercredi par The Information".
PUBLISHED_BY = frozenset({"publiee", "publie", "revelee", "revele", "rapportee", "rapporte",
                          "published", "reported", "revealed", "first reported"})
# Verbs after the source: "Reuters a révélé que", "des rumeurs indiquant que", "X reported".
SOURCE_VERBS = frozenset({
    "revele", "revelait", "a revele", "rapporte", "a rapporte", "indique", "indiquant",
    "a indique", "avance", "affirme", "a affirme", "assure", "ecrit", "a ecrit", "explique",
    "precise", "croit savoir", "annonce", "a annonce", "officialise", "avait officialise",
    "a officialise", "confirme", "a confirme", "avait annonce", "estime", "souligne",
    "reported", "reports", "said", "says", "wrote", "writes", "revealed", "reveals",
    "announced", "announces", "confirmed", "confirms", "disclosed", "discloses", "stated",
    "noted", "added",
})
# Verbs by which a company states a thing about itself: its own announcement is the source.
ANNOUNCE_VERBS = frozenset({
    "annonce", "officialise", "confirme", "devoile", "announced", "announces", "confirmed",
    "confirms", "disclosed", "discloses", "unveiled", "said", "says", "stated",
})
# Words that refer back to the outlet named before: "Du moins selon le média".
OUTLET_BACKREFS = (
    "le media", "le journal", "le quotidien", "le site", "l'agence", "le magazine", "le titre",
    "la publication", "la meme source", "le meme media", "l'hebdomadaire",
    "the newspaper", "the paper", "the outlet", "the publication", "the agency",
    "the news agency", "the site", "the magazine", "the daily", "the same source",
    "the report", "the news outlet", "the newswire",
)
# Words for a statement a company issued: "selon le communiqué", "the filing shows".
DOCUMENT_BACKREFS = (
    "le communique", "le meme texte", "le texte", "le document", "le prospectus", "la lettre",
    "le document d'enregistrement", "the statement", "the filing", "the prospectus",
    "the press release", "the release", "the company's statement", "the document",
    "a statement", "a filing", "its filing", "its prospectus", "son prospectus", "son communique",
    "un communique",
)
DOCUMENT_WORDS = frozenset({"communique", "prospectus", "filing", "statement", "release",
                            "document", "texte", "lettre", "letter"})
# A source nobody named: the article's own reporting stands behind it.
ANONYMOUS_SOURCES = (
    "une source", "des sources", "plusieurs sources", "une personne", "des personnes",
    "deux sources", "trois sources", "un proche", "des proches", "nos informations",
    "a person", "people", "sources", "a source", "two people", "three people", "one person",
    "persons", "insiders", "an insider",
)
# Words of French reported speech (the conditional of journalism) and of English hearsay: a
# sentence with no source of its own that uses them carries the source named before.
REPORTED_ENDINGS = ("rait", "raient", "rais")
REPORTED_WORDS = frozenset({
    "would", "could", "might", "reportedly", "allegedly", "possibly", "may",
    "pourra", "pourront", "injectera", "investira", "apparemment", "visiblement",
})
FUTURE_ENDINGS = ("era", "eront", "ira", "iront")

# Words that stand for an entity named before: "l'entreprise", "il", "the company".
REFERENCES = frozenset({
    "il", "elle", "lui", "celui-ci", "celle-ci", "ce dernier", "cette derniere", "son", "sa",
    "ses", "leur", "leurs", "l'entreprise", "la societe", "le groupe", "la firme", "la start-up",
    "la startup", "le geant", "le conglomerat", "l'editeur", "le fabricant", "le constructeur",
    "l'americain", "le groupe americain", "la jeune pousse", "le champion", "l'operateur",
    "it", "its", "the company", "the firm", "the group", "the startup", "the start-up",
    "the conglomerate", "the giant", "the maker", "the lab", "the chipmaker", "the retailer",
    "the company's", "the firm's", "the group's", "the startup's", "the investor",
})
# "il" and "it" that stand for nobody.
IMPERSONAL = ("il faut", "il y a", "il s'agit", "il est", "il semble", "il reste", "it is",
              "it's", "it was", "it seems", "it remains")
# Nouns that make a name describe its maker: "the ChatGPT maker", "le créateur de Claude".
AGENT_NOUNS = frozenset({"maker", "developer", "owner", "creator", "parent", "operator",
                         "designer", "publisher", "createur", "editeur", "proprietaire",
                         "fabricant", "concepteur", "maison-mere"})
# Nouns an amount may be of and still be the attribute carried from before ("son enveloppe").
CARRIED_NOUNS = frozenset({"montant", "somme", "enveloppe", "total", "cheque", "ticket",
                           "amount", "sum", "figure", "check", "cheque", "tranche", "ligne"})
# A sentence that opens with these continues the one before: its time and its subject.
CONTINUATIONS = ("ce qui", "ce que", "cela", "ceci", "which", "this", "that")

# Words after which an entity is the object of a relation: "dans OpenAI", "stake in Arm".
OBJECT_MARKERS = frozenset({
    "dans", "in", "into", "avec", "with", "capital", "capital d'", "au capital de",
    "du capital de", "stake in", "share of", "part de", "participation dans", "aupres de",
})
# Attributes that relate two entities (an investor and a company): the others are about one.
RELATIONS = frozenset({"investment", "stake", "compute_deal"})
# A valuation cue with one of these in its sentence is the valuation of that event.
QUALIFIED_VALUATION = {
    "ipo_valuation": ("introduction en bourse", "entree en bourse", "ipo", "cotation",
                      "listing", "public offering", "flotation", "going public"),
    "round_valuation": ("operation", "tour de table", "levee", "round", "financing",
                        "funding round", "post-money", "this deal"),
}
VALUATION_ATTRIBUTES = frozenset({"valuation"})
# A fundraising target that is already raised is the round's total: "a levé", "raised".
TARGET_ATTRIBUTES = {"raise_target": "round_total"}
DONE_FORMS = frozenset({"raised", "leve", "leves", "levait"})
DONE_BEFORE = frozenset({"a", "ont", "avait", "avaient", "apres une", "apres sa", "apres la",
                         "has", "had", "have", "after a", "after its", "following a"})
# Verbs of buying: a stake when the amount is a percentage, an investment when it is money.
BUY_VERBS = frozenset({
    "bought", "buy", "buys", "buying", "acquire", "acquired", "acquires", "acquiring", "took",
    "take", "takes", "taking", "purchase", "purchased", "purchases", "rachete", "racheter",
    "rachetera", "rachetee", "achete", "acheter", "achetera", "achetee", "acquiert", "acquis",
    "acquise", "acquerir", "prend", "prendre", "prendra", "pris", "prise", "prennent",
})
BUY_ATTRIBUTES = {"percent": "stake", "currency": "investment"}

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
QUARTERS = {
    "premier": 1, "1er": 1, "deuxieme": 2, "second": 2, "2e": 2, "troisieme": 3, "3e": 3,
    "quatrieme": 4, "4e": 4, "first": 1, "third": 3, "fourth": 4,
}
# Words that set an amount against the one before it, of the same thing at another time.
COMPARED = ("contre", "versus", "vs", "compare a", "comparee a", "compared with", "compared to",
            "up from", "down from", "from a previous")
# Words that say a value holds now, whatever period the sentence names elsewhere.
NOW_WORDS = frozenset({"now", "currently", "today", "desormais", "actuellement", "aujourd'hui",
                       "aujourd", "presently"})
# Periods said relative to the publication day.
LAST_YEAR = ("last year", "l'an dernier", "l'annee derniere", "l'an passe", "l'annee passee")
LAST_MONTH = ("last month", "le mois dernier", "le mois passe")
# Words that put a period ahead: "prévue en 2027", "by 2030" (a forecast, not a past value).
FUTURE_MARKERS = frozenset({
    "prevue", "prevu", "prevues", "prevus", "d'ici", "horizon", "by", "expected", "planned",
    "next", "prochain", "prochaine", "forecast", "target", "vise", "viser",
})
