"""Analyze stage, relations: roles and titles that tie a person or place to an actor.

- roles: appositives and copulas ("X, a professor at Y", "X is the capital of Y", "Y's foreign
  minister, X") and family ties whose possessor is a named person ("his son X");
- titles before a name: "Kazakhstan President X", "President of Kazakhstan X", "Apple boss X".

Each rule yields (holder, predicate, owner, anchor token); ``relations.extract_relations``
filters and records them.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from storyline.analyze.doctokens import indices_tagged
from storyline.analyze.relation_actors import (
    Actors,
    appos_after_of,
    asserted,
    conjuncts,
    keeps_meaning,
    noun_word,
    span_of,
)
from storyline.model import Mention
from storyline.resources.people import POSSESSIVE_PRONOUNS
from storyline.resources.relations import (
    COMPOUND_ROLES,
    COPULAS,
    FORMER_MARKERS,
    NAME_TITLES,
    PORTFOLIO_WORDS,
    RELATION_PREPOSITIONS,
    ROLE_MODIFIERS,
    STATE_TITLES,
    TIE_NOUNS,
)


# --- roles -----------------------------------------------------------------------------------
def _role_targets(role: Token, actors: Actors) -> Iterator[tuple[str, Mention]]:
    """What a role noun attaches its holder to: "<role> of/at X", "X's <role>", "X <role>",
    "its/his <role>" when the pronoun resolves to a named actor."""
    word = noun_word(role, singular=True)
    for c in role.children:
        if c.dep_ == "prep" and c.lower_ in RELATION_PREPOSITIONS and c.lower_ not in ("by", "as"):
            for pobj in (g for g in c.children if g.dep_ == "pobj"):
                for m in actors.of(pobj):
                    if not (m.label == "NORP" and c.lower_ == "in") and not _portfolio(m):
                        yield f"{word} {c.lower_}", m
        elif c.dep_ == "poss":
            owner = actors.at(c)
            if owner is None and c.lower_ in POSSESSIVE_PRONOUNS and role.lemma_.lower() in TIE_NOUNS:
                owner = _pronoun_antecedent(c, actors)
            if owner is not None and not _portfolio(owner):
                yield f"{_owned_role(role)} of", owner
        elif c.dep_ == "compound" and c.i < role.i and _compound_owner(role, c, actors):
            yield f"{_owned_role(role)} of", actors.at(c)


def _owned_role(role: Token) -> str:
    """The role with the common nouns in front of it: "Brazil's airport authority chief" is
    the chief of an authority, not of Brazil."""
    nouns = [t for c in role.children
             if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < role.i and not keeps_meaning(c)
             for t in c.subtree if t.pos_ == "NOUN"]
    base = noun_word(role, singular=True)
    return " ".join([*(t.lower_ for t in sorted(nouns, key=lambda t: t.i)), base]) if nouns else base


def _compound_owner(role: Token, name: Token, actors: Actors) -> bool:
    """"EU member", "CBI director general" own the role; "US editor" after "Screen
    International's" or "UK economist" name a beat, not an employer."""
    owner = actors.at(name)
    if owner is None or owner.label not in ("ORG", "GPE", "FAC") or role.lower_ not in COMPOUND_ROLES:
        return False
    if _portfolio(owner):
        return False
    if owner.label == "GPE":
        return role.lower_ in STATE_TITLES and not any(c.dep_ == "poss" for c in role.children)
    return True


def _pronoun_antecedent(pron: Token, actors: Actors) -> Mention | None:
    """The named actor a possessive pronoun stands for: the only actor of a fitting type named
    earlier in its sentence, else the subject of that sentence or of the one before."""
    labels = POSSESSIVE_PRONOUNS[pron.lower_]
    sent = pron.sent
    before = {m.key: m for m in actors.mentions
              if m.label in labels and sent.start_char <= m.start and m.end <= pron.idx}
    if len(before) == 1:
        return next(iter(before.values()))
    if before:
        return None
    prev = pron.doc[sent.start - 1].sent if sent.start > 0 else None
    for s in (sent, prev):
        if s is None:
            continue
        subj = next((t for t in s.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        found = actors.of(subj) if subj is not None and subj.i < pron.i else []
        if len(found) == 1 and found[0].label in labels:
            return found[0]
    return None


def _role_noun(tok: Token) -> bool:
    """A common noun, or a capitalised title ("Chief Secretary to the Treasury")."""
    return tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.lower_ in NAME_TITLES)


def _roles_of(tok: Token, actors: Actors) -> list[Token]:
    """Role nouns stated for the name at ``tok``: "X, a professor at Y", "the minister, X",
    "his son X" (the role parsed as a compound of the name)."""
    roles = [c for c in tok.children if c.dep_ == "appos" and _role_noun(c)]
    roles += [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "NOUN"
              and c.lemma_.lower() in TIE_NOUNS]
    if tok.dep_ == "appos" and tok.head.pos_ == "NOUN" and actors.at(tok.head) is None:
        roles.append(tok.head)
    elif tok.dep_ == "appos" and tok.head.dep_ == "pobj" and tok.head.head.head.pos_ == "NOUN" \
            and appos_after_of(tok.head.head.head) == tok:
        roles.append(tok.head.head.head)
    return roles


def role_relations(doc: Doc, actors: Actors) -> Iterator[tuple[Mention, str, Mention, Token]]:
    """Roles stated by apposition or copula: "X, leader of Y", "Y's minister, X", "X is head of Y"."""
    # only names and verbs can state a role: the other tokens need not be looked at
    for i in sorted(actors.by_token.keys() | set(indices_tagged(doc, ("AUX", "VERB")))):
        tok = doc[i]
        holder = actors.at(tok)
        roles: list[Token] = []
        if holder is not None and tok.dep_ != "compound":
            roles = _roles_of(tok, actors)
        elif tok.pos_ in ("AUX", "VERB") and tok.lemma_.lower() in COPULAS and asserted(tok):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            found = actors.of(subj, tok) if subj is not None else []
            holder = found[0] if len(found) == 1 else None
            roles = [c for c in tok.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        if holder is None:
            continue
        for role in [r for base in roles for r in (base, *conjuncts(base)) if _role_noun(r)]:
            for pred, obj in _role_targets(role, actors):
                yield holder, pred, obj, tok


def title_relations(doc: Doc, actors: Actors) -> Iterator[tuple[Mention, str, Mention, Token]]:
    """Titles written in front of a person's name: "Kazgaria President X", "Apple boss X",
    "Kazgaria's President X"."""
    for m in actors.mentions:
        if m.label != "PERSON":
            continue
        span = span_of(doc, m)
        if span is None or span.start == 0:
            continue
        i = span.start - 1
        title: list[Token] = []
        while i >= 0 and doc[i].lower_.rstrip(".") in NAME_TITLES | ROLE_MODIFIERS and actors.at(doc[i]) is None:
            title.insert(0, doc[i])
            i -= 1
        if not title or title[-1].lower_ not in NAME_TITLES:
            continue
        if i >= 0 and doc[i].lower_ in ("'s", "’s"):
            i -= 1
        owner = actors.at(doc[i]) if i >= 0 else None
        if owner is None or owner.label not in ("ORG", "GPE", "FAC") or _portfolio(owner):
            continue
        if owner.label == "GPE" and (title[-1].lower_ not in STATE_TITLES or _after_possessive(doc, owner)):
            continue  # "Screen International's US editor X"
        words = [t.lower_ for t in title]
        # "former US President X": the tense of the role sits in front of the owner
        before = span_of(doc, owner)
        if before is not None and before.start > 0 and doc[before.start - 1].lower_ in FORMER_MARKERS:
            words.insert(0, doc[before.start - 1].lower_)
        yield m, " ".join(words) + " of", owner, span[0]


def _after_possessive(doc: Doc, m: Mention) -> bool:
    span = span_of(doc, m)
    return span is not None and span.start > 0 and doc[span.start - 1].tag_ == "POS"


def _portfolio(owner: Mention) -> bool:
    return owner.text.split()[-1].split("-")[-1].lower() in PORTFOLIO_WORDS
