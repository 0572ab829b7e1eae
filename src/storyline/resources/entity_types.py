"""Closed-class words that say what kind of actor a name is: heads of names, demonym endings.

Kept as data so the typing rules in analyze/entity_typing.py stay free of scattered literals.
Every entry is lower case."""
from __future__ import annotations

# Strings the statistical NER tags as names on scraped pages that are never actors: section and
# widget words. (A copy of resources/names.JUNK_NAMES without the news agencies: "told Reuters",
# "according to AFP" name an organisation, and credit lines are boilerplate the cleaner removes.)
JUNK_WORDS: frozenset[str] = frozenset(
    """tags tag abroad home share related comments comment advertisement subscribe newsletter menu
    login log sign search more next previous prev read reply leave photo video watch listen live
    update updated breaking opinion analysis editorial copyright""".split()
)

# Endings of words naming a people, a faith or a movement ("Kesvarian", "Sudanese", "Kurdish",
# "Pakistani", "Islamic", "Maoist", "Shiite", "Western"), singular; a plural adds "s".
GROUP_SUFFIXES: tuple[str, ...] = ("ian", "ean", "can", "ese", "ish", "ic", "ist", "ite", "ern", "ani", "eli", "aqi")

# Demonyms and group words no ending gives away.
GROUP_WORDS: frozenset[str] = frozenset(
    """tajik uzbek kazakh kyrgyz turkmen afghan thai greek turk kurd arab jew serb croat czech pole dane
    swede finn scot swiss dutch french welsh basque sikh hindu sunni shia shi'ite druze maori inuit roma
    saudi kuwaiti qatari bahraini emirati somali bengali nepali punjabi yemeni omani
    soviet nazi slav celt muslim moslem protestant orthodox catholic quaker mormon yazidi copt bedouin
    hutu tutsi uyghur uighur tatar pashtun hazara baloch rohingya houthi
    democrat republican tory tories liberal conservative labour""".split()
)

# Heads of facility names: "Selden Airport", "Dorva Solar Plant", "Carnegie Hall".
FACILITY_HEADS: frozenset[str] = frozenset(
    """hospital clinic infirmary airport airfield aerodrome airbase stadium arena bridge dam hall plant
    reactor station terminal tower prison jail penitentiary cathedral mosque temple synagogue
    palace canal highway motorway expressway tunnel pier harbour harbor pipeline refinery mine factory
    mall camp base barracks""".split()
)
# Heads of natural or regional features that are locations: "Vell Highlands National Park".
LOCATION_HEADS: frozenset[str] = frozenset(
    """park river lake sea ocean island islands mountain mountains valley desert gulf bay strait coast
    peninsula forest volcano canyon hill hills plateau basin delta glacier""".split()
)
# Heads of administrative areas, which are GPEs: "Dorva Region", "Vell County".
REGION_HEADS: frozenset[str] = frozenset(
    """region province oblast county district governorate prefecture municipality krai canton
    republic""".split()
)
# Heads of organisation names: "Abu Sarwa Martyrs Brigades", "Valdria Press". Not "bank", "front"
# or "union", which also head places and events ("Left Bank", "Western Front", "Commonwealth Union").
ORG_HEADS: frozenset[str] = frozenset(
    """ministry agency department committee commission council court office bureau service police army
    forces force brigade brigades battalion regiment party movement group company corporation corp inc
    ltd fund foundation institute institution university college association
    organisation organization authority guard parliament assembly government administration network
    news press times post herald tribune channel television radio media monitor technologies industries
    systems airlines airways motors holdings partners pharmaceuticals laboratories""".split()
)
# Heads that are also common surnames ("Stuart Hall", "Robert Plant"): they never retype a person.
SURNAME_HEADS: frozenset[str] = frozenset(
    """hall hill hills park plant bridge tower lake bay forest mountain station camp base mine post
    press times guard force""".split()
)
# Lowercase nouns after a name that make name + noun the name of a region ("the Kesvar region").
REGION_NOUNS: frozenset[str] = frozenset({"region", "oblast"})

# Legal-form words that close company names and are not part of the minimal name span.
LEGAL_FORMS: frozenset[str] = frozenset({"co", "inc", "ltd", "llc", "plc", "corp", "gmbh", "ag", "sa"})

# Lowercase prefixes before a hyphen that leave the name after them a mention ("pro-Valdria").
HYPHEN_PREFIXES: frozenset[str] = frozenset({"pro", "anti", "non", "ex", "post", "pre", "neo", "pan", "mid"})

# Prepositions after which a one-word name is a place rather than a person ("shelling in Kessa").
LOCATIVE_PREPOSITIONS: frozenset[str] = frozenset({"in", "near", "across", "throughout", "outside", "inside"})

# Words for a person's role that end a span the model stretched over them ("Selden Spokesman").
ROLE_WORDS: frozenset[str] = frozenset(
    """spokesman spokeswoman spokesperson admiral general minister president governor mayor secretary
    chief commander ambassador senator chairman chairwoman director official envoy rear vice acting
    attorney""".split()
)

# Nouns whose "of"/"including" phrase or apposition names places ("the province of X", "mayor of
# X", "north-east of X", "ten cities including X", "provinces: X, Y and Z"), as lemmas.
PLACE_LIST_NOUNS: frozenset[str] = frozenset(
    """province city town village region district county state country capital municipality oblast
    governorate prefecture island mayor outskirts suburb resident north south east west northeast
    northwest southeast southwest""".split()
)

# Lowercase nouns of disasters: "the Selden fire", "the Vell wildfires" name one event.
DISASTER_NOUNS: frozenset[str] = frozenset(
    """fire fires wildfire wildfires blaze earthquake earthquakes quake quakes flood floods flooding
    eruption tsunami landslide blast explosion""".split()
)
# Words that open the name of a storm, which is an event: "Hurricane Selma".
STORM_WORDS: frozenset[str] = frozenset({"hurricane", "typhoon", "cyclone", "storm", "tropical"})

# Common nouns that open names with a possessive ("People's Accord", "Children's Hospital",
# "St. Mary's Hospital"): there the possessive is inside one name, not between two.
POSSESSOR_NOUNS: frozenset[str] = frozenset(
    "people children women men workers veterans farmers citizens nations st st. saint".split())

# Lowercase words naming a ministry's portfolio: "the health ministry", "Valdria's foreign ministry".
MINISTRY_PORTFOLIOS: frozenset[str] = frozenset(
    """health defence defense foreign interior justice finance education economy economic energy
    agriculture transport environment labour labor culture trade emergency emergencies information
    communications housing welfare intelligence military""".split()
)

# Heads of the names of public bodies, which capitalised before them name one even where the
# model tagged nothing ("the country's Standards Committee").
BODY_HEADS: frozenset[str] = frozenset(
    """committee agency ministry council commission department directorate service authority office
    bureau guard""".split()
)

# Every head word above: a name that starts with one ("Committee on Religion") is one name.
NAME_HEADS: frozenset[str] = FACILITY_HEADS | LOCATION_HEADS | REGION_HEADS | ORG_HEADS | BODY_HEADS
