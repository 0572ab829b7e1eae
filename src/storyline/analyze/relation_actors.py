"""Analyze stage, relations: the actors and words a relation is built from.

``Actors`` answers which actor mention a token of the parse stands for (directly, through an
apposition, a relative pronoun or a conjunct); ``asserted`` says whether a clause states a fact;
``noun_word`` words a role or bridge noun with the modifiers that change its meaning. Shared by
the clause rules in ``relations.py`` and the role and title rules in ``relation_roles.py``.
"""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from storyline.model import Mention
from storyline.analyze.doctext import text_of
from storyline.resources.relations import (
    ACTOR_LABELS,
    CONDITIONAL_MARKERS,
    MODAL_AUXILIARIES,
    NAME_HONORIFICS,
    NAME_TITLES,
    NEGATIONS,
    NON_FACTUAL_HEADS,
    RELATIVE_LABELS,
    ROLE_MODIFIERS,
)

_WORD_EDGE = " \t\n\"'“”‘’«»()[]{},.;:!?"


# --- actors by token --------------------------------------------------------------------------
class Actors:
    """The actor mentions of a document, looked up by token."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.doc = doc
        self.mentions: list[Mention] = []
        self.by_token: dict[int, Mention] = {}
        for m in mentions:
            span = span_of(doc, m)
            if m.label not in ACTOR_LABELS or span is None or _partial_name(span) or not _nominal(span, m):
                continue
            self.mentions.append(m)
            for tok in span:
                self.by_token.setdefault(tok.i, m)

    def at(self, tok: Token) -> Mention | None:
        return self.by_token.get(tok.i)

    def of(self, tok: Token, verb: Token | None = None) -> list[Mention]:
        """The actors a subject or object token stands for: the mention covering it, a name in
        apposition to it ("the group, NLF-S"), the antecedent of a relative pronoun; and the
        same for each of its conjuncts ("X and Y")."""
        out: list[Mention] = []
        # conjuncts only of a name ("X and Y"), not of a noun standing for one
        for t in [tok, *conjuncts(tok)] if self.at(tok) is not None else [tok]:
            m = self._one(t, verb)
            if m is not None and m not in out:
                out.append(m)
        return out

    def _one(self, tok: Token, verb: Token | None) -> Mention | None:
        m = self.at(tok)
        if m is not None:
            return m
        if tok.lower_ in RELATIVE_LABELS and verb is not None and verb.dep_ == "relcl":
            m = self._one(verb.head, None)
            return m if m is not None and m.label in RELATIVE_LABELS[tok.lower_] else None
        if tok.pos_ == "NOUN" and not any(c.dep_ == "nummod" for c in tok.children):
            # "the group, NLF-S": but "440 megawatts (MW)" is an amount, not an actor
            if tok.dep_ == "appos" and self.at(tok.head) is not None:
                return self.at(tok.head)
            named = [self.at(c) for c in tok.children
                     if c.dep_ == "appos" and self.at(c) and _punct_between(tok, c)]
            if len(named) == 1:
                return named[0]
            person = appos_after_of(tok)
            if person is not None and self.at(person) is not None:
                return self.at(person)
        return None


def _punct_between(a: Token, b: Token) -> bool:
    """A true apposition is set off by a comma, dash or bracket ("the group, NLF-S"), or is a
    close one after a determined noun ("his ally X", "the winger X"); run-together headlines
    ("new India plant South Korea's Hyundai") are neither."""
    lo, hi = sorted((a.i, b.i))
    return any(t.is_punct for t in a.doc[lo + 1:hi]) or any(c.dep_ in ("det", "poss") for c in a.children)


def appos_after_of(role: Token) -> Token | None:
    """"The mayor of Varna, Ivan Dobrev," is parsed with the name in apposition to "Varna";
    the name belongs to the role noun. Returns the name's token."""
    for prep in role.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"):
            appos = [c for c in pobj.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ == "PERSON"]
            if len(appos) == 1 and pobj.ent_type_ != "PERSON":
                return appos[0]
    return None


def _nominal(span: Span, mention: Mention) -> bool:
    """The parse agrees that the mention is a name ("Hide and Seek" tags "Seek" a verb)."""
    allowed = {"PROPN", "NOUN"} | ({"ADJ"} if mention.label == "NORP" else set())
    return any(t.pos_ in allowed for t in span)


def _partial_name(span: Span) -> bool:
    """True when the mention is a piece of a longer proper name ("State" of "the Islamic
    State"): relating the piece would name the wrong actor. Titles in front do not count."""
    for tok in span:
        linked = [*tok.children, tok.head]
        for other in linked:
            if span.start <= other.i < span.end or other.pos_ != "PROPN":
                continue
            if other.lower_.rstrip(".") in NAME_TITLES | ROLE_MODIFIERS | NAME_HONORIFICS:
                continue
            if (other.dep_ in ("compound", "flat") and other.head.i == tok.i) or \
                    (tok.dep_ in ("compound", "flat") and tok.head.i == other.i):
                return True
    return False


def conjuncts(tok: Token) -> list[Token]:
    """Every token coordinated with ``tok``, however deep the chain ("X, Y and Z")."""
    out, frontier = [], [tok]
    while frontier:
        t = frontier.pop()
        for c in t.children:
            if c.dep_ == "conj":
                out.append(c)
                frontier.append(c)
    return out


def span_of(doc: Doc, mention: Mention) -> Span | None:
    """The tokens a mention covers, widened to whole tokens."""
    return doc.char_span(mention.start, mention.end, alignment_mode="expand")


# --- clause guard and role wording ---------------------------------------------------------------
def asserted(verb: Token) -> bool:
    """False for a negated, modal, conditional or questioned clause."""
    for c in verb.children:
        if c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ in ("advmod", "det")):
            return False
        if c.dep_ in ("aux", "auxpass") and c.lower_ in MODAL_AUXILIARIES:
            return False
        if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKERS:
            return False
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in NON_FACTUAL_HEADS:
        return False
    if verb.dep_ in ("conj", "xcomp", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
        return asserted(verb.head)
    return not _in_question(verb)


_QUESTIONS = "storyline_questions"


def _in_question(tok: Token) -> bool:
    """Whether the token's sentence ends with a question mark. Computed for the whole document
    at once: finding one token's sentence walks the parse, and ``asserted`` asks for every verb."""
    doc = tok.doc
    flags = doc.user_data.get(_QUESTIONS)
    if flags is None:
        flags = doc.user_data[_QUESTIONS] = _question_flags(doc)
    return flags[tok.i]


def _question_flags(doc: Doc) -> list[bool]:
    text, flags = text_of(doc), [False] * len(doc)
    for sent in doc.sents:
        if text[sent.start_char:sent.end_char].rstrip().endswith("?"):  # sent.text, without rebuilding it
            flags[sent.start:sent.end] = [True] * len(sent)
    return flags


def noun_word(noun: Token, singular: bool = False) -> str:
    """A role or bridge noun with the modifiers that change its meaning ("former", "chief");
    roles in the singular ("members of" -> "member of")."""
    mods = list(dict.fromkeys(_written(c) for c in noun.children  # "ex-chief" covers "ex" and "chief"
                              if c.dep_ in ("amod", "compound") and c.i < noun.i and keeps_meaning(c)))
    word = noun.lemma_.lower() if singular and noun.tag_ == "NNS" else _written(noun)
    return " ".join([*mods, word])


def keeps_meaning(mod: Token) -> bool:
    """Modifiers that change what a role says: rank and tense ("former", "chief") and rank
    among peers ("fourth-largest": "Japan's fourth-largest bank" is not "bank of Japan")."""
    return mod.lower_ in ROLE_MODIFIERS or mod.tag_ == "JJS" or _written(mod).endswith("est")


def _written(tok: Token) -> str:
    """The whole hyphenated word a token belongs to ("son-in-law", "ex-chief"), lower case."""
    text = text_of(tok.doc)
    lo, hi = tok.idx, tok.idx + len(tok)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    word = text[lo:hi].strip(_WORD_EDGE)
    parts = word.split("-")
    if len(parts) > 1 and tok.text in parts and all(w.isalpha() and w.islower() for w in parts):
        return word
    return tok.lower_
