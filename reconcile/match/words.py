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
# Countries and regions that companies add to the name of a subsidiary or branch, with
# their two-letter codes where the code is no word of its own (not "de", "it", "no").
_PLACES = """
netherlands: netherlands | nederland | holland | nl | niederlande | pays bas | paises bajos
belgium: belgium | belgique | belgie | belgien | belgio | belgica
germany: germany | deutschland | allemagne | alemania | germania
france: france | frankreich | francia | fr
uk: uk | gb | united kingdom | great britain | britain | england | royaume uni
ireland: ireland | irlande | irland | eire | ie
us: us | usa | united states | united states of america | america | etats unis
canada: canada | kanada | ca
mexico: mexico | mexique | mx
brazil: brazil | brasil | bresil | br
argentina: argentina | argentine
chile: chile | chili
spain: spain | espana | espagne | spanien | spagna
portugal: portugal | pt
italy: italy | italia | italie | italien
switzerland: switzerland | schweiz | suisse | svizzera | suiza | ch
austria: austria | osterreich | oesterreich | autriche
sweden: sweden | sverige | suede | schweden | svezia
norway: norway | norge | norvege | norwegen
denmark: denmark | danmark | danemark | daenemark | dk
finland: finland | suomi | finlande | finnland | fi
poland: poland | polska | pologne | polen | pl
europe: europe | europa
benelux: benelux
nordic: nordic | nordics | scandinavia
emea: emea
asia: asia | asie | asien
pacific: pacific | asia pacific | apac
africa: africa | afrique
south africa: south africa | za
middle east: middle east
americas: americas
north america: north america
latin america: latin america | south america
india: india | inde | indien
china: china | chine | prc | cn
hong kong: hong kong | hk
taiwan: taiwan | tw
japan: japan | japon | nippon | jp
korea: korea | coree | republic of korea | kr
singapore: singapore | singapour | sg
australia: australia | australie | australien | au
new zealand: new zealand | nz
israel: israel
turkey: turkey | turkiye | turquie
russia: russia | russie | russland | ru
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


def place_names(bits: int) -> list[str]:
    """The canonical places of a bit set of :func:`place_bits` (for explanations)."""
    return [p for p in PLACE_NAMES if bits & _PLACE_BITS[p]]


# --- what a mention may add after the name ------------------------------------------------
# A mention, unlike a canonical name, often carries where the company sits or which part of
# it acted: "Philips Electronics N.V. te Eindhoven", "... B.V. Groenewoudseweg 1", "Bayer
# Antwerp", "Unilever N.V. Companhia Holandesa". These words are set aside at the end of a
# mention only (never of an entity name: a listed "Bayer Antwerp" is not every Bayer), so
# the name in front of them can be matched as it is. General vocabulary only.

# Large cities of the countries above (folded; "|" separates spellings of one city).
_CITIES = """
amsterdam | rotterdam | den haag | s gravenhage | the hague | utrecht | eindhoven | groningen
tilburg | almere | breda | nijmegen | arnhem | haarlem | enschede | maastricht | leiden | delft
brussels | bruxelles | brussel | antwerp | antwerpen | anvers | ghent | gent | liege | luik
charleroi | bruges | brugge | leuven | louvain | namur | mechelen | luxembourg
berlin | hamburg | munich | munchen | muenchen | cologne | koln | koeln | frankfurt | stuttgart
dusseldorf | duesseldorf | dortmund | essen | leipzig | bremen | dresden | hannover | hanover
nuremberg | nurnberg | nuernberg | duisburg | bochum | bonn | mannheim | karlsruhe
wiesbaden | aachen | darmstadt | erlangen | ludwigshafen | leverkusen
paris | marseille | lyon | toulouse | nantes | strasbourg | montpellier | bordeaux | lille
rennes | grenoble
london | birmingham | manchester | glasgow | edinburgh | liverpool | leeds | bristol
sheffield | cambridge | oxford | cardiff | belfast | dublin | cork
new york | los angeles | chicago | houston | philadelphia | san francisco | boston | seattle
detroit | atlanta | dallas | san diego | san jose | denver | miami | minneapolis | pittsburgh
cleveland | cincinnati | baltimore | toronto | montreal | vancouver | calgary | ottawa
mexico city | monterrey | guadalajara | sao paulo | rio de janeiro | buenos aires | santiago
madrid | barcelona | valencia | sevilla | seville | bilbao | zaragoza | lisbon | lisboa | porto
rome | roma | milan | milano | turin | torino | naples | napoli | genoa | genova | bologna
florence | firenze | zurich | geneva | geneve | genf | basel | bale | bern | berne | lausanne
vienna | wien | graz | linz | salzburg | stockholm | gothenburg | goteborg | malmo | uppsala
oslo | bergen | stavanger | trondheim | copenhagen | kobenhavn | aarhus | arhus | helsinki
espoo | tampere | warsaw | warszawa | krakow | lodz | wroclaw | poznan | gdansk
mumbai | bombay | delhi | new delhi | bangalore | bengaluru | chennai | hyderabad | kolkata
pune | beijing | peking | shanghai | shenzhen | guangzhou | tianjin | hangzhou | wuhan
chengdu | nanjing | taipei | hsinchu | taichung | kaohsiung | tokyo | osaka | kyoto | yokohama
nagoya | kobe | seoul | busan | incheon | suwon | sydney | melbourne | brisbane | perth
adelaide | auckland | tel aviv | jerusalem | haifa | istanbul | ankara | izmir | moscow
moskva | st petersburg | saint petersburg | johannesburg | cape town | durban
"""
# Nationality adjectives, which a mention may add after the name ("a Dutch Limited Co").
_NATIONALITIES = """
dutch nederlandse nederlandsche neerlandaise hollandaise holandesa holandes olandese
niederlandische belgian belge belgische german deutsche allemande alemana tedesca french
francaise francais francesa british english irish american americaine americana americano
canadian swiss suisse schweizerische austrian italian italiana italiano italienne spanish
espanola espanol swedish svenska norwegian norske danish danske finnish polish japanese
chinese korean indian european europeenne europaische
"""
# What a part of a company calls itself, and the word "company" in other languages.
_DESCRIPTORS = """
research laboratories laboratory labs division divisions department companhia compania
compagnie compagnia gesellschaft maatschappij
"""
# Street words; a compound ending in one names a street ("Groenewoudseweg"). A street
# counts only next to a house number: on its own, "way" or "ring" may be a name.
_STREETS = """
street road avenue boulevard lane drive rue straat strasse weg laan plein platz kade gracht
singel dijk allee gasse via calle avenida
"""
# Dutch and German streets are one word: "Groenewoudseweg", "Hauptstrasse".
_STREET_SUFFIXES = ("straat", "strasse", "weg", "laan", "plein", "platz", "kade", "gracht",
                    "singel", "dijk", "allee", "gasse")
# Dutch "te" (at: "N.V. te Eindhoven"): the one or two words after it name the place.
_AT = "te"
_TAIL_STOPWORDS = frozenset("a an at te".split())  # "a Dutch Limited Co"
_QUALIFIERS: set[tuple[str, ...]] = set(_SPELLINGS)
for _w in _CITIES.replace("\n", "|").split("|"):
    if _w.split():
        _QUALIFIERS.add(tuple(_w.split()))
_QUALIFIERS.update((w,) for w in (_NATIONALITIES + _DESCRIPTORS).split())
_LONGEST_Q = max(len(s) for s in _QUALIFIERS)
_STREET_WORDS = frozenset(_STREETS.split())


def _is_street(token: str) -> bool:
    return token in _STREET_WORDS or any(
        token.endswith(s) and len(token) >= len(s) + 3 for s in _STREET_SUFFIXES)


def qualifier_cuts(tokens: list[str]) -> list[int]:
    """Where the name may end in a *mention* key that goes on with qualifiers: the token
    positions, latest first, after which only such words follow.

    Qualifiers: the places of :data:`PLACE_NAMES`, cities, nationality adjectives, the
    descriptors of a part of a company ("research", "division") or the word "company" in
    another language, a street with its house number ("groenewoudseweg 1", "carel van
    bylandtlaan 30"), and Dutch "te" with the one or two words after it ("te heerlen").
    Stop words ("a Dutch ...") may stand between them but are no qualifier on their own;
    a place or descriptor after "of"/"de" belongs to the name ("Bank of America"); the
    first word is always kept.
    """
    cuts: list[int] = []
    end = len(tokens)
    while end > 1:
        tok = tokens[end - 1]
        if tok.isdigit() and end >= 3 and _is_street(tokens[end - 2]):  # "...weg 1"
            end -= 2
            if end >= 3 and tokens[end - 1] in _BINDING:  # "carel van bylandtlaan"
                end -= 2
            cuts.append(end)
            continue
        for n in range(min(_LONGEST_Q, end - 1), 0, -1):  # longest spelling first
            if tuple(tokens[end - n:end]) in _QUALIFIERS and tokens[end - n - 1] not in _BINDING:
                end -= n
                cuts.append(end)
                break
        else:
            if tok not in _TAIL_STOPWORDS or not cuts:
                break
            end -= 1
            cuts.append(end)  # "maasland | a dutch" as well as "maasland a | dutch"
    for back in (2, 3):  # "dsm | te heerlen"
        if len(tokens) - back >= 1 and tokens[-back] == _AT:
            cuts.append(len(tokens) - back)
    return sorted(set(cuts), reverse=True)
