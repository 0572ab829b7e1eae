"""Closed-class word lists for names: titles, particles, head nouns, junk entity strings.

Kept as data so that the rules in analyze/ and resolve/ stay free of scattered literals."""
from __future__ import annotations

# Honorifics and offices that precede a name; stripped when building a name key
# ("Mr Hamron", "President Sobirali Hamron" -> the person, not the office).
TITLES: frozenset[str] = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady
    president vice-president premier chancellor minister secretary governor mayor senator sen. rep.
    representative congressman congresswoman judge justice general gen. colonel col. major maj.
    captain capt. lieutenant lt. sergeant sgt. admiral commander chief inspector officer
    king queen prince princess sheikh emir sultan pope cardinal bishop archbishop rabbi imam father rev.
    ambassador spokesman spokeswoman spokesperson deputy foreign interior defence defense prime
    st. saint""".split()
)

# Strings the statistical NER tags as names on scraped pages that are never actors.
JUNK_NAMES: frozenset[str] = frozenset(
    """tags tag abroad home share related comments comment advertisement subscribe newsletter menu
    login log sign search more next previous prev read reply leave photo video watch listen live
    update updated breaking opinion analysis editorial copyright reuters afp ap""".split()
)

# Entity labels we keep from the NER and how they map onto the export contract's types.
LABEL_MAP: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "NORP": "NORP",
    "FAC": "FAC",
    "EVENT": "EVENT",
}

# Particles inside personal and place names that outlets write, hyphenate or leave out
# (al-Rashidi / Rashidi, Ursula von der Leyen / von der Leyen, Mohammed bin Salman).
NAME_PARTICLES: frozenset[str] = frozenset(
    """al el ad ag ar as ash at az an ud bin ibn bint ben de del della der den di da do dos das du
    van von ter ten""".split()
)

# Head nouns that say what kind of actor a name is, whatever the model typed ("Harlan Group" is
# an organisation, "... Hospital" a facility, "... Province" a place). Read from the last word,
# or the first of "Ministry of Health".
ORG_HEADS: frozenset[str] = frozenset(
    """ministry department agency authority office committee commission council service services
    company corporation corp inc ltd group holding holdings bank party movement front union
    association organisation organization institute foundation army police force forces
    brigade brigades court parliament assembly government administration bureau directorate
    network press news times post university college""".split()
)
FAC_HEADS: frozenset[str] = frozenset(
    """hospital clinic hall arena stadium theatre theater airport station bridge dam plant mine
    school mosque church cathedral synagogue temple prison museum hotel tower centre center
    mall market port harbour harbor""".split()
)
PLACE_HEADS: frozenset[str] = frozenset(
    """province region oblast district county state city town village municipality governorate
    prefecture territory island islands strip peninsula river lake sea bay gulf valley mountain
    mountains coast desert""".split()
)
# Administrative units: "Harlow County" or "Selden City" is another place than "Harlow" or "Selden",
# so a bare name never stands for them (natural features do: "Koktal" for "Koktal Dam").
ADMIN_HEADS: frozenset[str] = frozenset(
    "province region oblast district county state city town village municipality governorate "
    "prefecture territory republic".split()
)
# The form of a state in a country's long name: "Russian Federation", "Republic of Korea".
STATE_FORMS: frozenset[str] = frozenset(
    "federation republic kingdom emirate emirates sultanate principality commonwealth".split()
)

# Links of compound place names: "Newport-on-Tay", "Frankfurt am Main", "Stratford-upon-Avon".
LOCATIVE_LINKS: frozenset[str] = frozenset("on upon am an sur en im".split())

# Words that only say what type of organisation a name is: "Harlan Group", "Harlan Private
# Military Company" and "PMC Harlan" are one organisation.
ORG_TYPE_WORDS: frozenset[str] = frozenset(
    "group company corporation corp co inc ltd llc plc limited holding holdings private military".split()
)

# Heads whose short form is the bare name before them: "the Koktal" for "Koktal Dam", "Harlan"
# for "Harlan Group", "Corvan" for "Corvan Strip".
SHORT_FORM_HEADS: frozenset[str] = frozenset(
    """river dam lake reservoir sea bay gulf strait island islands mountain mountains range valley
    desert canal plant station mine bridge airport port square street avenue strip peninsula
    company corporation corp group holding holdings bank party movement front university
    institute agency""".split()
)

# Generic heads of place, facility and organisation names: "Koktal Dam" is often just "Koktal".
FEATURE_HEADS: frozenset[str] = frozenset(
    """river dam lake reservoir sea bay gulf strait island islands mountain mountains range valley
    desert canal plant station mine bridge airport port square street avenue district region province
    oblast county city town village state republic company corporation corp group holding holdings
    bank party movement front university institute agency""".split()
)

# Lowercase nouns that make the name before them a place: "the Sarybel region", "Orzhan river".
NATURAL_FEATURES: frozenset[str] = frozenset(
    "river lake sea valley mountains mountain desert basin gorge reservoir coast plain steppe".split())
PLACE_NOUNS: frozenset[str] = NATURAL_FEATURES | frozenset(
    "region province district oblast county city town village state republic capital municipality".split())

# Words that only grade a facility when they open its name ("National ... Hospital", "Central ...
# Hospital"): outlets add or drop them, and a translated article may put one where the name has
# none. Set aside when a facility's name is compared with its other forms, as long as a modifier
# and the head remain ("National Cardiac Hospital" ~ "Cardiac Hospital"; "National Hospital" keeps
# its word). Inside a name the word is part of it ("Harlow General Hospital" is not "Harlow
# Hospital"), so only the opening word counts.
GENERIC_QUALIFIERS: frozenset[str] = frozenset("national central main public".split())
