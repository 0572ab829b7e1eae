"""Closed-class word lists for names: titles, junk entity strings, well-known aliases.

Kept as data so that the rules in analyze/ and resolve/ stay free of scattered literals."""
from __future__ import annotations

# Honorifics and offices that precede a name; stripped when building a name key
# ("Mr Rahmon", "President Emomali Rahmon" -> the person, not the office).
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

# Widely used alternative names for the same actor, for aliases no article spells out.
# Each row is one actor: the canonical name first. Kept short and uncontroversial.
KNOWN_ALIASES: tuple[tuple[str, ...], ...] = (
    ("Islamic State", "IS", "ISIS", "ISIL", "Daesh", "Islamic State of Iraq and Syria",
     "Islamic State of Iraq and the Levant"),
    ("United States", "US", "U.S.", "USA", "U.S.A.", "United States of America", "America"),
    ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    ("United Nations", "UN", "U.N."),
    ("European Union", "EU", "E.U."),
    ("North Atlantic Treaty Organization", "NATO", "Nato", "North Atlantic Treaty Organisation"),
    ("Soviet Union", "USSR", "U.S.S.R."),
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
