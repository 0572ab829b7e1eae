"""Closed-class words about people shared by the analyze extractors: honorifics and pronouns.

One table each, so that the quote and relation stages agree on what "Mrs", "his" or "who" means.
Every entry is a lower-case surface form."""
from __future__ import annotations

# Honorifics that say the gender of the name after them, and are not a role.
MALE_HONORIFICS: frozenset[str] = frozenset({"mr", "mr.", "sir", "lord"})
FEMALE_HONORIFICS: frozenset[str] = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady"})
HONORIFICS: frozenset[str] = MALE_HONORIFICS | FEMALE_HONORIFICS | frozenset({"dr", "dr."})

# Pronouns as speakers, with the kind of antecedent they can stand for.
PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her"})
MALE_PRONOUNS: frozenset[str] = frozenset({"he", "him", "his"})
FEMALE_PRONOUNS: frozenset[str] = frozenset({"she", "her", "hers"})
GROUP_PRONOUNS: frozenset[str] = frozenset({"they", "them", "it", "we"})

# Possessive pronouns and the actor labels they can stand for ("its" a country or a company).
POSSESSIVE_PRONOUNS: dict[str, frozenset[str]] = {
    "his": frozenset({"PERSON"}),
    "her": frozenset({"PERSON", "GPE"}),
    "its": frozenset({"ORG", "GPE", "FAC"}),
    "their": frozenset({"ORG"}),
}

# Relative pronouns: in "Mr Okoro, who added …" the pronoun stands for the name it follows.
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which", "that"})

# Role words that say the gender of the person they describe ("the spokeswoman", "his widow").
FEMALE_ROLE_WORDS: frozenset[str] = frozenset(
    """
    spokeswoman chairwoman congresswoman businesswoman policewoman councilwoman actress mother wife
    widow sister daughter queen princess duchess grandmother niece aunt girl woman lady
    """.split()
)
MALE_ROLE_WORDS: frozenset[str] = frozenset(
    """
    spokesman chairman congressman businessman policeman councilman father husband widower brother
    son king prince duke grandfather nephew uncle boy man
    """.split()
)

# Nouns for an organisation of no particular kind: "the group said" stands for the organisation
# named nearest before it, whatever its name says.
GENERIC_ORG_NOUNS: frozenset[str] = frozenset(
    "group organisation organization movement militia outfit body network faction coalition".split()
)

# Nouns for someone or something that speaks for an owner: "a Norland Rail spokesman", "a statement by the
# ministry", "the company's press office" speak for the organisation (or the person, for
# documents: "the minister's statement") named inside the phrase.
VOICE_NOUNS: frozenset[str] = frozenset(
    """
    spokesman spokeswoman spokesperson representative official source delegation envoy office
    service channel account website statement report document assessment release communique
    communiqué post message letter video tweet remarks comment interview speech address notice
    bulletin filing announcement broadcast
    """.split()
)
# The subset of VOICE_NOUNS that are documents, whose owner may be a person.
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """
    statement report document assessment release communique communiqué post message letter video
    tweet remarks comment interview speech address notice bulletin filing announcement broadcast
    """.split()
)
