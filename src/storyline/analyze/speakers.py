"""Analyze stage, quotes: who a source is (speaker attribution and roles).

``Names`` indexes the names of one document that can speak (PERSON/ORG/GPE/NORP entities and
capitalised names the tagger missed) with their fullest form, role and gender; ``resolve``
turns the subject of a reporting verb into a ``Speaker``: a named PERSON/ORG/GPE/NORP points at
the fullest mention of that name in the body; a pronoun points at the nearest earlier name that
was the subject of a sentence or spoke before; a description ("the president") at the last
speaker or person so described; anything else is kept as an unnamed description with no
offsets. Roles come from appositives and titles written before the name.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.analyze.quotemarks import find_quotations
from storyline.analyze.reporting import QUOTE_PAIRS, REPORTING_VERBS, SPEAKER_LABELS
from storyline.analyze.doctext import text_of
from storyline.analyze.doctokens import capitalised_proper_nouns
from storyline.resources.people import (
    FEMALE_HONORIFICS,
    FEMALE_PRONOUNS,
    GROUP_PRONOUNS,
    HONORIFICS,
    MALE_HONORIFICS,
    MALE_PRONOUNS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
)

_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Punctuation and quote marks trimmed off the ends of a speaker phrase or a reported clause.
PHRASE_EDGE = " \t\n\u00a0\u202f,;:\u2014\u2013-\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a"
# How many sentences (not counting ones led by the same pronoun) to look back for a name.
_ANTECEDENT_SENTENCES = 5


@dataclass(frozen=True)
class Speaker:
    """A quotation's source: the name as written (or a description), its offsets in the body
    when it is named there, and its role."""

    text: str
    start: int | None
    end: int | None
    role: str | None
    key: str | None  # the name key for named speakers


def _clean_phrase(doc: Doc, lo: int, hi: int) -> str | None:
    """The text of tokens ``lo..hi`` (exclusive) without edge punctuation."""
    if hi <= lo:
        return None
    text = doc[lo:hi].text.strip(PHRASE_EDGE)
    return text or None


def _name_span(span: Span) -> Span | None:
    """A name without honorifics, a leading "the" and a possessive ending."""
    a, b = span.start, span.end
    doc = span.doc
    while a < b and (doc[a].lower_ in HONORIFICS or doc[a].lower_ == "the"):
        a += 1
    while b > a and (doc[b - 1].tag_ == "POS" or doc[b - 1].is_punct):
        b -= 1
    return doc[a:b] if b > a else None


def _title_before(span: Span) -> str | None:
    """Title words written before a name: "Russian President Vladimir Putin" -> "Russian President"."""
    doc, inside = span.doc, set(range(span.start, span.end))
    i = span.start - 1
    while i >= 0:
        tok = doc[i]
        if (tok.is_punct or tok.lower_ in HONORIFICS or tok.dep_ not in ("compound", "amod", "nmod")
                or any(c in QUOTE_PAIRS or c == "'" for c in tok.text)):
            break
        if tok.head.i not in inside:
            break
        inside.add(i)
        i -= 1
    # Titles are written capitalised ("Russian President"); a lowercase run is a common-noun
    # phrase ("the nom de guerre Furkan Falistini"), not a role.
    if not any(t.is_title for t in doc[i + 1:span.start]):
        return None
    return _clean_phrase(doc, i + 1, span.start)


def _role_text(text: str | None) -> str | None:
    """A role without a second, stacked appositive (", a moderate opposition group …") and
    without the sentence's closing period."""
    if not text:
        return None
    text = re.split(r",\s+(?:a|an)\s", text, maxsplit=1)[0].rstrip(" .,;")
    return text or None


def _appositive(span: Span) -> str | None:
    """The appositive describing a name ("Edward Lemon, an international relations professor …")
    or the description the name stands in apposition to ("her mother, Muyassar Zargarova")."""
    root, doc = span.root, span.doc
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            return _role_text(_clean_phrase(doc, child.left_edge.i, child.right_edge.i + 1))
    head = root.head
    if root.dep_ == "appos" and head.i < span.start and head.pos_ == "NOUN":
        return _role_text(_clean_phrase(doc, head.left_edge.i, span.start))
    return None


def _tagged_names(doc: Doc) -> list[tuple[Span, str]]:
    """Names with their types: the entity stage's repaired mentions when it ran before us
    (a person span trimmed out of 'Kazgaria Nurlan Abdurakhmanov', types fixed by vote), else
    the statistical tagger's."""
    mentions = doc._.storyline_mentions if Doc.has_extension("storyline_mentions") else None
    if not mentions:
        return [(e, e.label_) for e in doc.ents]
    out = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            out.append((span, m.label))
    return out


class Names:
    """The speaker-capable names of one document: name keys, fullest forms, roles, genders."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.by_token: dict[int, tuple[Span, str]] = {}
        self.mentions: list[tuple[Span, str, str]] = []  # span, key, label
        self.quoted: set[int] = set()  # token starts of names inside quotations: never a speaker
        ents = [(s, label) for e, label in _tagged_names(doc) if label in SPEAKER_LABELS
                for s in [_name_span(e)] if s is not None and not _demonym(s, label)]
        ents = sorted(ents + _untagged_names(doc), key=lambda x: x[0].start)
        quoted = [(q.open, q.close) for q in find_quotations(text_of(doc))]
        surnames = {s[-1].lower_ for s, label in ents if label == "PERSON"}
        for span, label in ents:
            # A short name that repeats a person's surname is that person, whatever the tagger said.
            if label != "PERSON" and len(span) <= 2 and span[-1].lower_ in surnames:
                label = "PERSON"
            self._add(span, label, any(a <= span.start_char < b for a, b in quoted))
        self.full: dict[str, Span] = {}
        self.gender: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        for span, key, _ in self.mentions:
            if key not in self.full or len(span) > len(self.full[key]):
                self.full[key] = span
            before = doc[span.start - 1].lower_ if span.start > 0 else ""
            if before in MALE_HONORIFICS or before in FEMALE_HONORIFICS:
                self.gender.setdefault(key, "f" if before in FEMALE_HONORIFICS else "m")
            if key not in self.roles and key.startswith("p:"):
                role = _appositive(span) or _title_before(span)
                if role:
                    self.roles[key] = role
        self.spoken: list[tuple[int, str]] = []  # (offset, key) of attributed named speakers

    def _add(self, span: Span, label: str, quoted: bool) -> None:
        key = ("p:" + span[-1].lower_) if label == "PERSON" else ("o:" + span.text.lower())
        self.mentions.append((span, key, label))
        if quoted:
            self.quoted.add(span.start)
        for tok in span:
            self.by_token[tok.i] = (span, key)

    def name_at(self, tok: Token) -> tuple[Span, str] | None:
        """The name a token belongs to; a capitalised word the tagger missed counts as a name."""
        if tok.i in self.by_token:
            return self.by_token[tok.i]
        if tok.pos_ == "PROPN" and tok.is_title:
            lo = min([c.i for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok.i])
            span = self.doc[lo:tok.i + 1]
            key = "p:" + tok.lower_
            return span, key if key in self.full else "o:" + span.text.lower()
        return None

    def named(self, span: Span, key: str, role: str | None) -> Speaker:
        full = self.full.get(key, span)
        return Speaker(full.text, full.start_char, full.end_char, role or self.roles.get(key), key)

    def antecedent(self, pronoun: Token, context_start: int) -> Speaker | None:
        """The name a pronoun stands for: the nearest earlier compatible name in its own
        sentence, else in earlier sentences the nearest one that was a subject or a speaker."""
        lower = pronoun.lower_
        want_person = lower in PERSON_PRONOUNS
        gender = "m" if lower in MALE_PRONOUNS else "f" if lower in FEMALE_PRONOUNS else None
        spoken = {k for _, k in self.spoken}

        def fits(key: str, label: str) -> bool:
            if want_person != key.startswith("p:"):
                return False
            return gender is None or self.gender.get(key, gender) == gender

        before = [(s, k) for s, k, label in self.mentions
                  if s.end_char <= pronoun.idx and fits(k, label) and s.start not in self.quoted
                  and not _modifier(s)]
        own = [(s, k) for s, k in before if s.start_char >= context_start]
        if own:
            return self.named(*own[-1], None)
        sents = [s for s in self.doc.sents if s.end_char <= context_start]
        looked = 0
        for sent in reversed(sents):
            lead = [c for c in sent.root.children if c.dep_ in _SUBJECT_DEPS]
            if lead and lead[0].lower_ in (lower, "he" if gender == "m" else "she"):
                continue  # "He conceded X …": same pronoun, same person; look further back
            looked += 1
            if looked > _ANTECEDENT_SENTENCES:
                break
            here = [(s, k) for s, k in before if sent.start_char <= s.start_char < sent.end_char]
            # Someone already quoted, else the first subject (the main clause's), else the
            # nearest name: "Sella admitted he was impressed by Delaigue. But he told …" -> Sella.
            pick = ([x for x in here if x[1] in spoken] or [x for x in here if _in_subject(x[0].root)][:1]
                    or here)
            if pick:
                return self.named(*pick[-1], None)
        return None

    def described(self, noun: Token) -> Speaker | None:
        """The person a definite description ("the president") refers to: the latest speaker
        whose role has that word, else the latest person so described."""
        word = noun.lemma_.lower()

        def has(key: str) -> bool:
            # The title may sit inside the tagged name itself ("Archbishop Desmond Tutu").
            full = self.full.get(key)
            described_as = self.roles.get(key, "") + " " + (full.text if full is not None else "")
            return word in re.findall(r"\w+", described_as.lower())

        for _, key in reversed([(o, k) for o, k in self.spoken if o < noun.idx][-4:]):
            if key in self.full and has(key):  # a speaker the tagger never named has no full form
                return self.named(self.full[key], key, None)
        for span, key, _ in reversed(self.mentions):
            if span.end_char <= noun.idx and key.startswith("p:") and has(key):
                return self.named(span, key, None)
        return None


def _demonym(span: Span, label: str) -> bool:
    """The small model often tags "Tajik"/"Tajiks" as a person: a one-word PERSON in the plural or
    modifying a common noun ("Tajik prisons") is a group adjective, not a person."""
    if label != "PERSON" or len(span) != 1:
        return False
    tok = span[0]
    return tok.tag_ == "NNPS" or "-" in tok.text or (tok.dep_ in ("amod", "compound") and tok.head.pos_ == "NOUN")


def _modifier(span: Span) -> bool:
    """A name used as a modifier of another noun ("Putin administration") is not an antecedent."""
    root = span.root
    return root.dep_ in ("amod", "compound") and root.head.i >= span.end and root.head.pos_ == "NOUN"


def _untagged_names(doc: Doc) -> list[tuple[Span, str]]:
    """Runs of two or more capitalised proper nouns the tagger left out ("Furkan Falistini").
    The model misses unfamiliar names; two capitalised proper nouns in a row outside any
    entity are, in news text, nearly always a person."""
    tagged = {t.i for e in doc.ents for t in e}
    # read the tags in one go: the run search below looks at most tokens several times
    untagged_name = [name and i not in tagged for i, name in enumerate(capitalised_proper_nouns(doc))]
    out: list[tuple[Span, str]] = []
    n = len(doc)
    i = 0
    while i < n:
        j = i
        while j < n and untagged_name[j]:
            j += 1
        # A run written right before a tagged name is its title ("Health Minister Tomasz
        # Wrona"), not a second person who could be a pronoun's antecedent.
        titles_name = j < n and j in tagged
        if j - i >= 2 and doc[i].sent == doc[j - 1].sent and not titles_name:
            out.append((doc[i:j], "PERSON"))
        i = max(j, i + 1)
    return out


def _in_subject(tok: Token) -> bool:
    """Whether a token sits inside the subject phrase of its clause."""
    while tok.head.i != tok.i:
        if tok.dep_ in _SUBJECT_DEPS:
            return True
        if tok.pos_ in ("VERB", "AUX") and tok.morph.get("VerbForm", []) == ["Fin"]:
            return False
        tok = tok.head
    return False


def _description(doc: Doc, subj: Token) -> str | None:
    """A short phrase for an unnamed source: the subject head with its left modifiers and
    short prepositional phrases ("one online poster", "officials from the ministry")."""
    hi = subj.i + 1
    for child in subj.rights:
        if child.dep_ in ("prep", "compound", "amod", "nummod") and child.right_edge.i - subj.left_edge.i < 10:
            hi = child.right_edge.i + 1
        else:
            break
    return _clean_phrase(doc, subj.left_edge.i, hi)


def resolve(names: Names, subj: Token, context_start: int) -> Speaker | None:
    """Who a subject token names: a name, a name in apposition, a pronoun's antecedent, a
    described person, or an unnamed description."""
    doc = names.doc
    found = names.name_at(subj)
    if found is not None:
        span, key = found
        role = (_appositive(span) or _title_before(span)) if key.startswith("p:") else None
        return names.named(span, key, role)
    for child in subj.children:
        if child.dep_ == "appos" and names.name_at(child) is not None:
            span, key = names.name_at(child)  # type: ignore[misc]
            return names.named(span, key, _clean_phrase(doc, subj.left_edge.i, span.start))
    lower = subj.lower_
    if lower in PERSON_PRONOUNS:
        # No name to point at: keep the pronoun as written rather than guess.
        return names.antecedent(subj, context_start) or Speaker(subj.text, None, None, None, None)
    if lower == "it":
        return _previous_subject(names, context_start)
    if lower in GROUP_PRONOUNS:
        return Speaker(subj.text, None, None, None, None)  # unresolved: say so, invent nobody
    if subj.pos_ == "PRON":
        return None
    text = _description(doc, subj)
    if text is None:
        return None
    # "the minister" (singular, lowercase, definite) can only be someone already introduced.
    if subj.is_lower and subj.tag_ not in ("NNS", "NNPS") and any(c.lower_ == "the" for c in subj.lefts):
        person = names.described(subj)
        if person is not None:
            return Speaker(person.text, person.start, person.end, text, person.key)
    return Speaker(text, None, None, text, None)


def _previous_subject(names: Names, context_start: int) -> Speaker | None:
    """What "it" stands for as a source: the subject of the sentence before ("Mr Crosby's
    statement said: … It added: …")."""
    sents = [s for s in names.doc.sents if s.end_char <= context_start]
    if not sents:
        return None
    subj = next((c for c in sents[-1].root.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ == "PRON":
        return None
    return resolve(names, subj, sents[-1].start_char)


def subject_of(verb: Token, passive: bool = True,
               quoted: Sequence[tuple[int, int]] = ()) -> Token | None:
    """The grammatical subject of a reporting verb (or of the verb it is coordinated with), or
    the agent of a passive one. ``passive=False`` refuses a passive subject: in "no date has
    been announced" the subject is what was reported, not who reported it. No token starting
    inside one of the character spans ``quoted`` (quotations, marks included) is taken."""
    deps = ("nsubj", "nsubjpass") if passive else ("nsubj",)
    def usable(tok: Token) -> bool:
        # The small model reads a guillemet it rarely saw as a noun and hangs it as the
        # subject ("«…,» said the minister"): a punctuation mark never says anything, and
        # neither do the quoted words (a mark the tokenizer left glued on: "winter,›").
        return not _is_mark(tok) and not any(lo <= tok.idx < hi for lo, hi in quoted)

    # "The RAC welcomed the news, calling it …": a participle shares its head verb's subject.
    shares = verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
    for tok in (verb, verb.head if shares else None):
        if tok is None:
            continue
        for child in tok.children:
            if child.dep_ in deps and usable(child):
                # "Mr Richards, who added …": the relative pronoun stands for the name it follows.
                if child.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                    return tok.head
                return child
        for child in tok.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj" and usable(c)]
                if objs:
                    return objs[0]
    # "…,” said Edward Lemon": some parses hang the inverted subject as an object.
    for child in verb.rights:
        if (child.dep_ in ("dobj", "attr", "npadvmod", "dep") and child.pos_ in ("PROPN", "NOUN")
                and usable(child)):
            return child
    return None


def _is_mark(tok: Token) -> bool:
    """A punctuation token, whatever part of speech the tagger gave it."""
    return tok.is_punct or all(c in PHRASE_EDGE for c in tok.text)


def is_reporting(tok: Token) -> bool:
    """Whether a token is a reporting verb ("said", "told", "warned")."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS
