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

# Relative pronouns: in "Mr Richards, who added …" the pronoun stands for the name it follows.
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "which", "that"})
