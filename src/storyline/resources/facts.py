"""Word classes for lining up numeric claims across outlets, kept as data.

A claim measures something: what is counted (KINDS: "people", "buildings"; or a UNIT: dollars,
kilometres) and what happened to it (EVENTS: killed, injured, missing, evacuated...). Outlets use
many words for one measure ("killed", "died", "death toll", "lost their lives"); these tables fold
them. They describe English news in general, not any one story."""
from __future__ import annotations


def _table(spec: dict[str, str]) -> dict[str, str]:
    return {w: cls for cls, words in spec.items() for w in words.split()}


# What happened to what is counted, by the words that say so (lowercase, as written).
EVENT_WORDS: dict[str, str] = _table({
    "death": "killed kill kills killing died die dies dead death deaths toll tolls perished fatalities fatality "
             "deceased martyrs martyred fatal",
    "injury": "injured injuring wounded wounding hurt injuries injury",
    "critical": "critical",
    "missing": "missing unaccounted",
    "located": "located accounted account",
    "recovered": "recovered retrieved identified identities found",
    "rescued": "rescued",
    "displaced": "evacuated evacuation evacuees displaced fled flee homeless relocated",
    "sheltered": "shelter shelters sheltering sheltered refuge",
    "detained": "detained detain arrested arrest arrests detention detentions warrants jailed custody "
                "suspects suspected accused blamed",
    "charged": "charged indicted prosecuted",
    "destroyed": "destroyed damaged destroying damaging collapsed razed flattened levelled leveled",
    "burned": "burned burnt scorched",
    "cost": "cost costs rebuild rebuilding damages losses",
    "paid": "allocated paid received funding financing funded pledged donated payments",
})

# Two-word phrases that name an event where each word alone does not ("lost their lives").
EVENT_PHRASES: dict[tuple[str, str], str] = {
    ("lost", "lives"): "death", ("lost", "life"): "death", ("claimed", "lives"): "death",
    ("their", "lives"): "death", ("found", "safe"): "located",
    ("found", "alive"): "rescued", ("lives", "lost"): "death", ("pulled", "alive"): "rescued",
}

# Event words that are also the counted noun ("17 deaths", "nine bodies"): the event a claim
# carries when no verb near it says otherwise.
IMPLIED_EVENT: dict[str, str] = _table({
    "death": "deaths dead fatalities fatality lives martyrs casualties deceased",
    "recovered": "bodies remains",
    "detained": "suspects detainees",
    "displaced": "evacuees refugees",
})

# Counted nouns, folded: generic people (and their roles) count as "people"; sub-groups that
# outlets count separately from the total (children, crew, passengers) keep their own kind.
KIND_WORDS: dict[str, str] = _table({
    "people": "people person persons case cases individual individuals resident residents civilian civilians citizen "
              "citizens inhabitant inhabitants villager villagers others victim victims fatalities fatality "
              "deaths dead lives martyrs casualties bodies remains names worker workers migrant migrants "
              "suspect suspects detainees employee employees prisoner prisoners refugee refugees evacuees "
              "student students patient patients man men woman women deceased",
    "children": "child children kid kids minors",
    "passengers": "passenger passengers",
    "crew": "crew",
    "fighters": "fighter fighters soldier soldiers troop troops mercenaries mercenary militants servicemen",
    "rescuers": "rescuers volunteers personnel",
    "buildings": "building buildings structure structures home homes house houses dwelling dwellings "
                 "apartments",
    "areas": "province provinces city cities region regions district districts locality localities town "
             "towns village villages",
    "earthquakes": "earthquake earthquakes quake quakes temblor temblors",
    "aftershocks": "aftershock aftershocks shocks",
    "families": "family families household households",
    "countries": "country countries nations",
})

# Units of measure: a figure in one unit is never the same fact as one in another (a conversion
# in brackets is reported beside the figure, not instead of it).
UNIT_WORDS: dict[str, str] = _table({
    "US dollars": "$ us$ usd dollar dollars",
    "roubles": "rouble roubles ruble rubles rub",
    "euros": "€ euro euros",
    "pounds sterling": "£",
    "km": "km kilometre kilometres kilometer kilometers",
    "miles": "mile miles",
    "metres": "m metre metres meter meters",
    "yards": "yard yards",
    "hectares": "hectare hectares ha",
    "acres": "acre acres",
    "kg": "kg kilogram kilograms kilo kilos",
    "tonnes": "tonne tonnes ton tons",
    "percent": "% percent per_cent percentage",
    "magnitude": "magnitude magnitudes",
    "years": "year years",
    "months": "month months",
    "weeks": "week weeks",
    "days": "day days",
    "hours": "hour hours",
    "minutes": "minute minutes",
    "seconds": "second seconds",
    "age": "age aged",
})

# Scale words a figure may be written with ("41.7 bln euros").
SCALE_WORDS: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}

# Units whose figures do not change with the news: two different values are two facts (or a
# conflict when close), never an evolving figure.
STATIC_UNITS: frozenset[str] = frozenset(
    "km miles metres yards hectares acres kg tonnes magnitude years months weeks days hours minutes seconds "
    "age percent".split())

# Words by which an article refers back to an earlier figure of the same measure ("down from",
# "previously"): two different values in one article are then one fact that changed.
REVISION_CUES: frozenset[str] = frozenset(
    "previously previous originally original initially initial revised revision "
    "dropped decrease decreased narrowed".split())
REVISION_PHRASES: tuple[tuple[str, str], ...] = (("down", "from"), ("up", "from"), ("last", "week"))

# Prepositions that make a place the scope of a count ("killed in Valdria", "across the country").
SCOPE_PREPOSITIONS: frozenset[str] = frozenset("in inside across throughout".split())

# How a fact's description names each measure (people counts by what happened to them).
EVENT_LABELS: dict[str, str] = {
    "death": "deaths", "injury": "injured", "critical": "people in critical condition",
    "missing": "people missing", "located": "people located safe", "recovered": "bodies recovered or identified",
    "rescued": "people rescued", "displaced": "people evacuated or displaced", "sheltered": "people in shelters",
    "detained": "people detained or accused", "charged": "people charged",
}
THING_EVENT_LABELS: dict[str, str] = {
    "destroyed": "destroyed or damaged", "burned": "burned", "cost": "cost", "paid": "paid",
    "death": "killed", "injury": "injured", "missing": "missing", "displaced": "evacuated",
    "detained": "detained", "charged": "charged", "rescued": "rescued",
    "recovered": "recovered", "located": "located", "critical": "in critical condition",
    "sheltered": "in shelters",
}

# Words that may stand between a count and the verb saying what happened to it ("1,740 people
# are still missing", "3,100 who were first listed as missing"): anything else ends the
# count's own clause ("14 people over flooded homes" says nothing about the 14).
CLAUSE_LINKS: frozenset[str] = frozenset(
    "are is were was have has had been be being remain remained remains still also now reportedly "
    "confirmed officially said reported believed feared presumed thought known to who that which as "
    "listed in of our their its these those with various serious minor severe more others other "
    "already so far being originally initially first".split())

# How a fact's description names a measure in a unit ("{}" is the unit).
UNIT_LABELS: dict[str, str] = {
    **{u: "distance ({})" for u in ("km", "miles", "metres", "yards")},
    **{u: "area ({})" for u in ("hectares", "acres")},
    **{u: "duration ({})" for u in ("years", "months", "weeks", "days", "hours", "minutes", "seconds")},
    **{u: "weight ({})" for u in ("kg", "tonnes")},
    **{u: "amount ({})" for u in ("US dollars", "roubles", "euros", "pounds sterling")},
    "percent": "share (percent)", "magnitude": "magnitude", "age": "age",
}
