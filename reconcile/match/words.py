"""Word lists for name keys: descriptors, honorifics and place qualifiers.

General lists only, in the languages of the legal-form table; no word here comes from a
data set. They feed the *core* key of a name (the name without its descriptors), which is
a second key for fuzzy scoring next to the name key itself.

- Descriptors ("Group", "Holdings", "International") and honorifics ("Royal",
  "Koninklijke") are added to or dropped from the same company's name by writers and
  registries alike ("KPMG International" / "KPMG", "Koninklijke Philips" / "Philips").
- Place qualifiers name the country or region of a subsidiary or branch at the end of a
  name ("Whirlpool Europe", "ASML Holland", "Philips Electronics UK"). Synonyms share one
  canonical place ("holland", "nederland" -> "netherlands"), so two spellings of the same
  place are one qualifier. At the start of a name a place is part of the name itself
  ("China Mobile", "American Express"), so only a trailing run is a qualifier, and never
  after "of"/"de" ("Bank of America").
"""

from __future__ import annotations

GENERIC_WORDS = frozenset(
    "group groupe gruppe groep grupo gruppo holding holdings international internationale "
    "internacional internazionale intl global worldwide "
    # honorifics granted to long-established companies, often left out
    "royal koninklijke koninklijk".split()
)

# Canonical place: its spellings, "|"-separated (folded: lower-case ASCII, words spaced).
# Countries and regions that companies add to the name of a subsidiary or branch.
_PLACES = """
netherlands: netherlands | nederland | holland | nl | niederlande | pays bas | paises bajos
belgium: belgium | belgique | belgie | belgien | belgio | belgica
germany: germany | deutschland | allemagne | alemania | germania
france: france | frankreich | francia
uk: uk | gb | united kingdom | great britain | britain | england | royaume uni
ireland: ireland | irlande | irland | eire
us: us | usa | united states | united states of america | america | etats unis
canada: canada | kanada
mexico: mexico | mexique
brazil: brazil | brasil | bresil
argentina: argentina | argentine
chile: chile | chili
spain: spain | espana | espagne | spanien | spagna
portugal: portugal
italy: italy | italia | italie | italien
switzerland: switzerland | schweiz | suisse | svizzera | suiza
austria: austria | osterreich | oesterreich | autriche
sweden: sweden | sverige | suede | schweden | svezia
norway: norway | norge | norvege | norwegen
denmark: denmark | danmark | danemark | daenemark
finland: finland | suomi | finlande | finnland
poland: poland | polska | pologne | polen
europe: europe | europa
benelux: benelux
nordic: nordic | nordics | scandinavia
emea: emea
asia: asia | asie | asien
pacific: pacific | asia pacific | apac
africa: africa | afrique
south africa: south africa
middle east: middle east
americas: americas
north america: north america
latin america: latin america | south america
india: india | inde | indien
china: china | chine | prc
hong kong: hong kong
taiwan: taiwan
japan: japan | japon | nippon
korea: korea | coree | republic of korea
singapore: singapore | singapour
australia: australia | australie | australien
new zealand: new zealand
israel: israel
turkey: turkey | turkiye | turquie
russia: russia | russie | russland
puerto rico: puerto rico
"""
_SPELLINGS: dict[tuple[str, ...], str] = {}  # spelling as a word tuple -> canonical place
for _line in _PLACES.strip().splitlines():
    _canon, _rest = _line.split(":")
    for _spelling in _rest.split("|"):
        _SPELLINGS[tuple(_spelling.split())] = _canon.strip()
_LONGEST = max(len(s) for s in _SPELLINGS)
PLACE_NAMES = tuple(sorted(set(_SPELLINGS.values())))
_PLACE_BITS = {p: 1 << i for i, p in enumerate(PLACE_NAMES)}
assert len(_PLACE_BITS) < 63
# words after which a place belongs to the name ("Bank of America", "Kisses From Italy")
_BINDING = frozenset("of de du des del della van von from the in for".split())
# Short function words of the languages above ("Sara Lee DE te Utrecht", "Du Pont de
# Nemours"): never evidence that two names are the same, however few names have them.
STOPWORDS = _BINDING | frozenset(
    "a an and at by on to te der den het le la les el il di da do dos das du y e et und"
    .split())


def trailing_places(tokens: list[str]) -> tuple[int, frozenset[str]]:
    """How many tokens at the end of a key are place qualifiers, and which places.

    The run stops before the first token, before a place written after "of"/"de", and
    wherever a token is not a place; a key that is all places keeps its first one.
    """
    places: set[str] = set()
    end = len(tokens)
    while end > 1:
        for n in range(min(_LONGEST, end - 1), 0, -1):  # longest spelling first
            canon = _SPELLINGS.get(tuple(tokens[end - n:end]))
            if canon is not None and tokens[end - n - 1] not in _BINDING:
                places.add(canon)
                end -= n
                break
        else:
            break
    return len(tokens) - end, frozenset(places)


def place_bits(places: frozenset[str]) -> int:
    """Canonical places as a bit set (for a vectorised subset test)."""
    mask = 0
    for p in places:
        mask |= _PLACE_BITS[p]
    return mask
