"""Analyze stage: evidence about a name's type that holds in general, read from the name and its parse.

The statistical NER is right most of the time; these rules override it only where the text itself
says otherwise:
- the head word of a multiword name says its kind ("... Hospital" is a facility, "... Ministry" an
  organisation, "... Region" a GPE, "... National Park" a location);
- a one-word name used as a modifier or in the plural is a group of people (NORP) only when the
  word looks like a demonym or group word ("Kesvarian", "Maoists"), never for an organisation
  used as a modifier ("Redmark fighters", "Viber channel") or a band ("the Beatles");
- a one-word name listed with places ("Dorva, Kessa and Marvik") or after "in" is a place.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from storyline.resources.entity_types import (FACILITY_HEADS, GROUP_SUFFIXES, GROUP_WORDS, LOCATION_HEADS,
                                              LOCATIVE_PREPOSITIONS, ORG_HEADS, PLACE_LIST_NOUNS, REGION_HEADS,
                                              SURNAME_HEADS)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# model labels a list of places may carry for one of its members
_RETYPABLE = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART"})


def looks_like_group(word: str) -> bool:
    """A demonym, faith or movement word, singular or plural: 'Kesvarian', 'Kesvarians', 'Kurdish',
    'Maoists', 'Pakistani'. Country names ('Dovrastan') and organisations ('Redmark') are not."""
    w = word.lower().strip(".’'")
    for form in {w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w}:
        if form in GROUP_WORDS:
            return True
        if any(form.endswith(s) and len(form) > len(s) + 2 for s in GROUP_SUFFIXES):
            return True
    return False


def head_label(text: str, label: str) -> str | None:
    """The type a multiword name's head word gives it, when that differs from the model's:
    '... Hospital' / '... Airport' FAC, '... Region' / '... County' GPE, '... National Park' LOC,
    '... Ministry' / '... Brigades' ORG. A person keeps a head that is also a surname."""
    words = text.split()
    if len(words) < 2:
        return None
    head = words[-1].lower().strip(".,’'")
    if label == "PERSON" and head in SURNAME_HEADS:
        return None
    for heads, kind in ((FACILITY_HEADS, "FAC"), (REGION_HEADS, "GPE"), (LOCATION_HEADS, "LOC"), (ORG_HEADS, "ORG")):
        if head in heads:
            if kind == "ORG" and not words[-1][:1].isupper():
                return None  # "the Vell police" may be any force; a capitalised head names one
            if kind == label or (kind == "ORG" and label == "EVENT"):
                return None
            return kind
    return None


def _first_conjunct(tok: Token) -> Token:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _full_name(tok: Token) -> bool:
    """Part of a multiword person or organisation name: lists of those are not lists of places."""
    if tok.ent_type_ not in ("PERSON", "ORG"):
        return False
    doc = tok.doc
    return tok.ent_iob_ == "I" or (tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I")


def list_of_places(members) -> str | None:
    """GPE (or LOC) when a coordination names two or more places and no full person or
    organisation name: its one-word members the model typed otherwise are places too."""
    labels = Counter(t.ent_type_ for t in members if t.ent_type_)
    places = labels["GPE"] + labels["LOC"]
    if places < 2 or any(_full_name(t) for t in members):
        return None
    return "LOC" if labels["LOC"] > labels["GPE"] else "GPE"


def place_by_context(ent: Span, label: str) -> str | None:
    """GPE or LOC for a one-word PERSON/ORG/NORP/PRODUCT name that the sentence lists with places
    (see ``list_of_places``), or a person's name
    right after a locative preposition ('in Kessa'), where a person is almost never found."""
    if label not in _RETYPABLE or len(ent) != 1 or not ent[0].is_title:
        return None
    root = ent.root
    kind = list_of_places(root.conjuncts)
    if kind:
        return kind
    first = _first_conjunct(root)
    if _listed_under_place_noun(first):
        return "GPE"
    # a person, or a "group" no demonym ending marks, right after "in" is a place
    unlikely_there = label == "PERSON" or (label == "NORP" and not looks_like_group(ent.text))
    if unlikely_there and first.dep_ == "pobj" and first.head.lower_ in LOCATIVE_PREPOSITIONS:
        return "GPE"
    return None


def _listed_under_place_noun(tok: Token) -> bool:
    """'the province of X', 'north-east of X', 'provinces (impacted) including X', 'provinces: X, Y':
    X names one of them."""
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        noun = tok.head.head  # the preposition's head, or the noun a participle after it modifies
        return noun.lemma_.lower() in PLACE_LIST_NOUNS or (
            noun.dep_ in ("acl", "amod") and noun.head.lemma_.lower() in PLACE_LIST_NOUNS)
    return tok.dep_ == "appos" and tok.head.lemma_.lower() in PLACE_LIST_NOUNS


def unlabelled_list_places(ents: list[Span]) -> list[Span]:
    """Title-case proper nouns the model left untyped inside a list of four or more members that
    is a list of places ('Marvik, Dorva, Kessa, ...'): each is a one-word place name too."""
    out, seen = [], set()
    for ent in ents:
        if ent.label_ != "GPE" or len(ent) != 1 or ent.root.i in seen:
            continue
        group = [ent.root] + list(ent.root.conjuncts)
        seen.update(t.i for t in group)
        if len(group) < 4 or list_of_places(group) is None:
            continue
        doc = ent.doc
        out.extend(doc[t.i:t.i + 1] for t in group
                   if not t.ent_type_ and t.pos_ == "PROPN" and t.is_title and t.is_alpha)
    return out
