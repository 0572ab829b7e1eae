"""Word lists for the relations extractor (analyze stage): verbs, prepositions, role nouns.

Kept as data so that the rules in ``analyze/relations.py`` and ``analyze/relation_roles.py`` stay
free of scattered literals. Every entry is a lower-case lemma or surface form; honorifics and
pronouns shared with the quote stage live in ``resources/people.py``."""
from __future__ import annotations

from storyline.resources.people import HONORIFICS

ACTOR_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})

# Verbs that relate a speaker to words or carry no actor-actor meaning on their own.
SKIP_VERBS: frozenset[str] = frozenset(
    """say tell add note write quote cite explain comment remark reply respond answer ask
    maintain insist argue admit acknowledge concede contend assert reiterate stress emphasise
    emphasize warn suggest think believe hint reveal
    be seem appear do get let make include""".split()
)

# A clause under these auxiliaries or markers is a possibility, not a reported fact.
MODAL_AUXILIARIES: frozenset[str] = frozenset({"might", "may", "could", "would", "should", "must"})
CONDITIONAL_MARKERS: frozenset[str] = frozenset({"if", "unless", "whether"})
NEGATIONS: frozenset[str] = frozenset({"not", "n't", "never", "no"})

# Prepositions that attach an actor to a verb or a role ("met with", "professor at").
RELATION_PREPOSITIONS: frozenset[str] = frozenset(
    {"of", "at", "for", "with", "to", "from", "in", "on", "against", "into", "over", "by", "as"}
)

# Prepositions through which a noun between verb and actor still states the relation
# ("strengthened its base in X"); "from" on a noun only describes it ("workers from X").
NOUN_PREPOSITIONS: frozenset[str] = frozenset({"of", "in", "on", "with", "against", "to", "for", "into"})

# Words kept in front of a role noun because they change what the role means.
ROLE_MODIFIERS: frozenset[str] = frozenset(
    """former ex acting interim deputy vice outgoing incoming late chief head executive prime
    foreign interior defence defense finance assistant managing general co founding senior
    director secretary attorney""".split()
)

# Titles written in front of a name: "Kazakhstan President X", "Apple chief executive X".
NAME_TITLES: frozenset[str] = frozenset(
    """president minister premier chancellor leader chairman chairwoman chair ceo boss chief
    executive director head spokesman spokeswoman spokesperson ambassador governor mayor king
    queen prince coach manager captain secretary founder owner editor commander envoy
    striker midfielder defender goalkeeper player""".split()
)

# Ministerial portfolios: "Home Secretary X" or "Secretary of State" name a brief, not an
# organisation the NER may have tagged ("New Home", "State").
PORTFOLIO_WORDS: frozenset[str] = frozenset(
    """home foreign interior state defence defense health education trade industry culture
    transport environment justice energy agriculture labour work pensions finance economy
    economic""".split()
)

# Verbs that report a belief, a wish or a denial: a clause under them is not stated as fact
# ("suggested Germany saw the EU as an empire", "plans to build", "denied that X paid Y").
NON_FACTUAL_HEADS: frozenset[str] = frozenset(
    """suggest claim allege believe think argue fear hope deny doubt speculate suspect wonder
    predict expect want plan intend aim seek try threaten propose consider urge demand ask
    call warn insist imagine question dispute reject""".split()
)

# Verbs whose "as" phrase labels the object ("sees X as an enemy", "designated X as ...").
AS_COMPLEMENT_VERBS: frozenset[str] = frozenset(
    """see regard view describe designate consider treat list name brand label recognise
    recognize classify identify portray present depict""".split()
)

# Honorifics in front of a name, not part of it; compared without their period. Relations also
# pass over "prof", which the quote stage keeps as part of a speaker's name.
NAME_HONORIFICS: frozenset[str] = frozenset(h.rstrip(".") for h in HONORIFICS) | frozenset({"prof"})

# Titles a country owns when its name stands in front ("Kazgaria President X"); other roles
# after a country name give a beat or an edition ("US editor X", "UK economist X").
STATE_TITLES: frozenset[str] = frozenset(
    """president minister premier chancellor leader king queen prince governor mayor
    ambassador envoy coach captain manager secretary commander chief""".split()
)

# Roles an organisation or country name in front can own: "EU member", "Labour leader".
COMPOUND_ROLES: frozenset[str] = NAME_TITLES | frozenset({"member", "members", "official", "officials", "general"})

# Personal ties: "his son X", "her ally X", "its leader, X" relate X to the possessor, so a
# possessive pronoun in front of them is worth resolving to a named actor.
TIE_NOUNS: frozenset[str] = frozenset(
    """son daughter father mother brother sister wife husband cousin uncle aunt nephew niece
    grandson granddaughter grandfather grandmother widow widower stepson stepdaughter
    stepfather stepmother ally friend rival partner associate adviser advisor aide deputy
    successor predecessor lawyer""".split()
) | NAME_TITLES

# Nouns that name an amount rather than a thing: "paid nine million euros for X" is "paid for".
AMOUNT_NOUNS: frozenset[str] = frozenset(
    """euro euros dollar dollars pound pounds rouble roubles ruble rubles yen yuan franc francs
    rupee rupees som million billion thousand hundred percent per cent""".split()
)

# Verbs that take their relation's object through a copula-like complement: "X is the head of Y".
COPULAS: frozenset[str] = frozenset({"be", "become", "remain"})

# Relative pronouns and the actor labels they can refer back to ("Ketmenia, who ..." is a misparse).
RELATIVE_LABELS: dict[str, frozenset[str]] = {
    "who": frozenset({"PERSON", "ORG", "NORP"}),
    "which": frozenset({"ORG", "GPE", "LOC", "FAC"}),
    "that": ACTOR_LABELS,
}

# Comparative correlatives ("the more X ties Y to Z, ...") state a hypothetical, not an event.
COMPARATIVES: frozenset[str] = frozenset({"more", "less", "fewer"})

# Words before an owner's name that date the role after it: "former US President X".
FORMER_MARKERS: frozenset[str] = frozenset({"former", "ex", "late", "then"})
