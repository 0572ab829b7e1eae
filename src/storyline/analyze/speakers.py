"""Analyze stage, quotes: who a source is (speaker attribution and roles).

``Names`` indexes the names of one document that can speak (PERSON/ORG/GPE/NORP entities and
capitalised names the tagger missed) with their fullest form, role, gender and the words the
document describes each with (titles, appositive heads, the noun an organisation's name
modifies). ``resolve`` turns the subject of a reporting verb into a ``Speaker``:

- a name points at the fullest mention of that name; a name in apposition to a description
  ("the governor of X, Erik Dahl") at that name;
- "he"/"she" at a compatible person in its sentence, else in the sentences before (the main
  subject first, then one already quoted, then the nearest); "it"/"they" at an organisation
  (or, for "they", a group or a plural description) that spoke lately or leads a sentence before;
- a voice ("a Norland Rail spokesman", "a statement published on the union's website") at the
  organisation, or for a document the person, named inside the phrase;
- a definite description ("the governor", "the ministry", "the group") at the person or
  organisation the document described with that word, before it or else after it; a generic
  organisation noun at the organisation that spoke last;
- a document with no owner ("the report", "the document") at whoever issued it: the body that
  reported what it says, or the issuer of the document mentioned before it;
- anything else stays an unnamed description with no offsets (speaker null, role kept).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from storyline.analyze.quotemarks import find_quotations
from storyline.analyze.reporting import QUOTE_PAIRS, REPORTING_VERBS, SPEAKER_LABELS
from storyline.analyze.doctext import text_of
from storyline.analyze.doctokens import capitalised_proper_nouns, tokens_tagged
from storyline.resources.people import (
    DOCUMENT_NOUNS,
    FEMALE_HONORIFICS,
    FEMALE_ROLE_WORDS,
    GENERIC_ORG_NOUNS,
    MALE_ROLE_WORDS,
    VOICE_NOUNS,
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
# How far back (characters) an organisation that spoke can be the "it"/"they" of a new source.
_GROUP_SOURCE_REACH = 600


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


def _title_start(span: Span) -> int:
    """Where the title words written before a name start ("Finnish President Aino Laakso",
    "regional governor Piet Brandsma"): the modifiers hanging on the name, up to punctuation,
    an honorific or a quotation mark."""
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
    return i + 1


def _title_before(span: Span) -> str | None:
    """Title words written before a name: "Finnish President Aino Laakso" -> "Finnish President"."""
    lo = _title_start(span)
    # Titles are written capitalised ("Russian President"); a lowercase run is a common-noun
    # phrase ("the nom de guerre Jarno Kettunen"), not a role.
    if not any(t.is_title for t in span.doc[lo:span.start]):
        return None
    return _clean_phrase(span.doc, lo, span.start)


def _role_heads(span: Span) -> set[str]:
    """The words a document describes a name with, for matching a later "the governor" or "the
    ministry": title words before it (capitalised or not), the head noun of an appositive on
    either side and the noun an organisation's name modifies ("the Ostrava news agency")."""
    doc, root = span.doc, span.root
    words = {t.lower_ for t in doc[_title_start(span):span.start] if t.is_alpha}
    nouns = [c for c in root.children if c.dep_ == "appos" and c.i >= span.end]
    anchor = _appos_anchor(root) if root.dep_ == "appos" else None
    if anchor is not None:
        nouns.append(anchor)
    if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i >= span.end:
        nouns.append(root.head)
    for noun in nouns:
        words.add(noun.lemma_.lower())
        words |= {c.lower_ for c in noun.children if c.dep_ == "compound" and c.is_alpha}
    return {_title_word(w) for w in words}


def _role_text(text: str | None) -> str | None:
    """A role without a second, stacked appositive (", a moderate opposition group …") and
    without the sentence's closing period."""
    if not text:
        return None
    text = re.split(r",\s+(?:a|an)\s", text, maxsplit=1)[0].rstrip(" .,;")
    return text or None


def _appos_anchor(tok: Token) -> Token | None:
    """The noun a name in apposition describes. The parser often hangs the name on the last
    noun of the description ("the governor of the state of Norland, Erik Dahl": on "Norland");
    climb the of-phrases back up to the description's head."""
    head = tok.head
    while head.dep_ in ("pobj", "prep") and head.head.i < head.i:
        head = head.head
    return head if head.pos_ == "NOUN" and head.i < tok.i else None


def _appositive(span: Span) -> str | None:
    """The appositive describing a name ("Hanna Berg, a professor of economics …")
    or the description the name stands in apposition to ("her mother, Lidia Moreau")."""
    root, doc = span.root, span.doc
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            return _role_text(_clean_phrase(doc, child.left_edge.i, child.right_edge.i + 1))
    head = _appos_anchor(root) if root.dep_ == "appos" else None
    if head is not None and head.i < span.start:
        return _role_text(_clean_phrase(doc, head.left_edge.i, span.start))
    return None


def _tagged_names(doc: Doc) -> list[tuple[Span, str]]:
    """Names with their types: the entity stage's repaired mentions when it ran before us
    (a person span trimmed out of 'Westbay Tomas Okonjo', types fixed by vote), else
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


def _words(text: str) -> set[str]:
    """Lower-case words of a name or role, "spokesman"/"spokeswoman"/"spokesperson" as one."""
    return {_title_word(w) for w in re.findall(r"[^\W\d_]+", text.lower())}


def _title_word(word: str) -> str:
    return "spokesperson" if word.startswith("spokes") else word


def _good_role(role: str | None) -> bool:
    """A role with a word in it: not a stray photo credit such as "(C-L"."""
    return role is not None and re.search(r"[^\W\d_]{3,}", role) is not None


class Names:
    """The speaker-capable names of one document: name keys, fullest forms, roles, genders, and
    the words (titles, appositives) the document describes each one with."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.by_token: dict[int, tuple[Span, str]] = {}
        self.mentions: list[tuple[Span, str, str]] = []  # span, key, label
        self.quoted: set[int] = set()  # token starts of names inside quotations: never a speaker
        ents = [(s, label) for e, label in _tagged_names(doc) if label in SPEAKER_LABELS
                for s in [_name_span(e)] if s is not None and not _demonym(s, label)]
        surnames = {s[-1].lower_ for s, label in ents if label == "PERSON" and len(s) > 1}
        taken = {t.i for span, _ in ents for t in span}
        ents = sorted(ents + _untagged_names(doc, surnames, taken), key=lambda x: x[0].start)
        quoted = [(q.open, q.close) for q in find_quotations(text_of(doc))]
        self.quotations = quoted
        surnames |= {s[-1].lower_ for s, label in ents if label == "PERSON"}
        for span, label in ents:
            # A short name that repeats a person's surname is that person, whatever the tagger said.
            if label != "PERSON" and len(span) <= 2 and _repeats_surname(span[-1].lower_, surnames):
                label = "PERSON"
            self._add(span, label, any(a <= span.start_char < b for a, b in quoted))
        self.starts = [s.start_char for s, _, _ in self.mentions]
        self.sents = list(doc.sents)
        self.sent_ends = [s.end_char for s in self.sents]
        self.full: dict[str, Span] = {}
        self.gender: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.label: dict[str, str] = {}
        self.titles: dict[str, set[str]] = {}
        for span, key, label in self.mentions:
            self._describe(span, key, label)
        self.spoken: list[tuple[int, str]] = []  # (offset, key) of attributed named speakers
        self._sources: list[tuple[int, str]] | None = None
        self._bodies: list[tuple[int, Token]] = []  # unnamed bodies that reported something
        self._verbs: dict[int, str] = {}  # offset of a source's reporting verb -> its lemma

    def _describe(self, span: Span, key: str, label: str) -> None:
        """Record a mention's fullest form, label, gender and descriptive words."""
        doc = self.doc
        if key not in self.full or len(span) > len(self.full[key]):
            self.full[key] = span
        self.label.setdefault(key, label)
        words = self.titles.setdefault(key, set())
        words |= _words(span.text)
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if before in MALE_HONORIFICS or before in FEMALE_HONORIFICS:
            self.gender.setdefault(key, "f" if before in FEMALE_HONORIFICS else "m")
        if span.start not in self.quoted:
            words |= _role_heads(span)
            if key.startswith("p:") and key not in self.roles:
                role = _appositive(span) or _title_before(span)
                if _good_role(role):
                    self.roles[key] = role  # type: ignore[assignment]
        if key.startswith("p:") and key not in self.gender:
            if words & FEMALE_ROLE_WORDS:
                self.gender[key] = "f"
            elif words & MALE_ROLE_WORDS:
                self.gender[key] = "m"

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

    def is_person(self, key: str) -> bool:
        return key.startswith("p:")

    # --- what came before a point of the text ------------------------------------------------
    def _before(self, offset: int, noun: Token | None = None) -> list[tuple[Span, str, str]]:
        """Mentions ending before ``offset`` that can be pointed back at (not quoted, not a
        modifier such as "Laakso administration"). With ``noun``, an organisation's name
        modifying an earlier noun of that word counts: "the Norvish Freedom movement" is what
        a later "the movement" points at; a person ("the Laakso administration"), a place or
        group ("the US company") and a modifier of ``noun`` itself ("the Sale player") do not."""
        n = bisect.bisect_left(self.starts, offset)
        return [m for m in self.mentions[:n] if m[0].end_char <= offset and m[0].start not in self.quoted
                and (not _modifier(m[0]) or (noun is not None and self._names_kind(m, noun)))]

    def _names_kind(self, mention: tuple[Span, str, str], noun: Token) -> bool:
        """Whether an organisation's name modifies an earlier noun of the same word as ``noun``."""
        span, key, label = mention
        head = span.root.head
        return (self.label.get(key, label) == "ORG" and head.i != noun.i and head.i < noun.i
                and _title_word(head.lemma_.lower()) == _title_word(noun.lemma_.lower()))

    def _sentences_before(self, offset: int) -> list[Span]:
        """The sentences that end at or before ``offset``."""
        return self.sents[:bisect.bisect_right(self.sent_ends, offset)]

    def sources(self) -> list[tuple[int, str]]:
        """(offset, key) of every named subject of a reporting verb and every "according to"
        name, in text order: who the document has let speak, quoted or not (computed once)."""
        if self._sources is None:
            found: list[tuple[int, str]] = []
            for tok in tokens_tagged(self.doc, ("VERB", "ADP")):
                subj = None
                if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS:
                    subj = subject_of(tok)
                elif tok.lower_ == "to" and tok.i > 0 and self.doc[tok.i - 1].lower_ == "according":
                    subj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                hit = self.voice_of(subj) if subj is not None else None
                if hit is not None or (subj is not None and _unnamed_body(subj)):
                    self._verbs[tok.idx] = tok.lemma_.lower()
                if hit is not None:
                    if hit[1] not in self.full:  # a capitalised name the tagger missed
                        self.full[hit[1]], self.label[hit[1]] = hit[0], "PERSON" if self.is_person(hit[1]) else "ORG"
                    found.append((tok.idx, hit[1]))
                elif subj is not None and _unnamed_body(subj):
                    self._bodies.append((tok.idx, subj))
            self._sources = found
        return self._sources

    def voice_of(self, subj: Token) -> tuple[Span, str] | None:
        """The name a subject phrase gives as its source: the name itself, a name in
        apposition inside it, or the owner of a voice ("a Norland Rail spokesman")."""
        return self.name_at(subj) or self.appositive_name(subj) or self.owner(subj)

    def appositive_name(self, subj: Token) -> tuple[Span, str] | None:
        """A person named in apposition to a description ("the governor of Norland, Erik Dahl")."""
        if subj.pos_ != "NOUN":
            return None
        for tok in subj.subtree:
            if tok.i > subj.i and tok.dep_ == "appos" and (tok.head.i == subj.i or _appos_anchor(tok) == subj):
                hit = self.name_at(tok)
                if hit is not None:
                    return hit
        return None

    def latest_source(self, offset: int, reach: int = 1500,
                      kinds: Sequence[str] = ("PERSON", "ORG", "GPE", "NORP")) -> Speaker | None:
        """The last named source before ``offset`` (quoted or reported), within ``reach``
        characters, of one of the entity labels ``kinds``."""
        heard = [(o, k) for o, k in self.sources() + self.spoken
                 if offset - reach <= o < offset and self.label.get(k) in kinds]
        if not heard:
            return None
        _, key = max(heard)
        return self.named(self.full[key], key, None)

    def issuer(self, document: Token, reach: int = 1500, depth: int = 2) -> Speaker | None:
        """Who issued a document written without its owner. With modifiers ("a weather bureau
        assessment"): the latest organisation, or body described but not named ("the Norland
        weather bureau"), that reported something shortly before and shares one of them.
        Definite and bare ("the document"): the document mentioned last before it, and who
        issued that one (its owner, or the source of the sentence naming it)."""
        words = _modifier_words(document)
        if words:
            heard = [h for h in self._heard(document.idx - reach, document.idx) if h[2] & words]
            return max(heard, key=lambda h: h[0])[1] if heard else None
        if not _definite(document) or depth == 0:
            return None
        earlier = self._earlier_document(document, reach)
        if earlier is None:
            # "…, Coast Radio reported. … said the report": the report is what was reported.
            lemma = document.lemma_.lower()
            heard = [h for h in self._heard(document.idx - reach, document.idx) if self._verbs.get(h[0]) == lemma]
            return max(heard, key=lambda h: h[0])[1] if heard else None
        owned = self.owner(earlier)
        if owned is not None:
            return self.named(owned[0], owned[1], None)
        sent = earlier.sent
        here = self._heard(sent.start_char, sent.end_char)
        found = self.issuer(earlier, reach, depth - 1)
        return found or (max(here, key=lambda h: h[0])[1] if here else None)

    def _heard(self, lo: int, hi: int) -> list[tuple[int, Speaker, set[str]]]:
        """Organisations and unnamed bodies that reported something between offsets lo and hi,
        with the words of their names."""
        heard: list[tuple[int, Speaker, set[str]]] = [
            (o, self.named(self.full[k], k, None), self.titles.get(k, set()))
            for o, k in self.sources() + self.spoken if self.label.get(k) == "ORG" and lo <= o < hi]
        heard += [(o, Speaker(_body_text(t), None, None, _body_text(t), None), _words(_body_text(t)))
                  for o, t in self._bodies if lo <= o < hi]
        return heard

    def _earlier_document(self, document: Token, reach: int) -> Token | None:
        """The last document noun written before ``document`` outside quotations."""
        doc = self.doc
        for i in range(document.i - 1, -1, -1):
            tok = doc[i]
            if tok.idx < document.idx - reach:
                return None
            if (tok.pos_ == "NOUN" and tok.lemma_.lower() in DOCUMENT_NOUNS
                    and not any(a <= tok.idx < b for a, b in self.quotations)):
                return tok
        return None

    # --- pronouns ----------------------------------------------------------------------------
    def antecedent(self, pronoun: Token, context_start: int) -> Speaker | None:
        """The person a "he"/"she" stands for: the nearest earlier compatible name in its own
        sentence, else, in earlier sentences, a compatible name inside the main subject, else
        one already quoted, else the nearest; a sentence led by the same pronoun is skipped
        (it is about the same person)."""
        lower = pronoun.lower_
        gender = "m" if lower in MALE_PRONOUNS else "f" if lower in FEMALE_PRONOUNS else None
        spoken = {k for _, k in self.spoken}

        def fits(key: str) -> bool:
            return self.is_person(key) and (gender is None or self.gender.get(key, gender) == gender)

        before = [(s, k) for s, k, _ in self._before(pronoun.idx) if fits(k)]
        own = [(s, k) for s, k in before if s.start_char >= context_start]
        if own:
            return self.named(*own[-1], None)
        looked = 0
        for sent in reversed(self._sentences_before(context_start)):
            lead = _main_subject(sent)
            if lead is not None and lead.lower_ in (lower, "he" if gender == "m" else "she"):
                continue  # "He conceded X …": same pronoun, same person; look further back
            looked += 1
            if looked > _ANTECEDENT_SENTENCES:
                break
            here = [(s, k) for s, k in before if sent.start_char <= s.start_char < sent.end_char]
            pick = ([x for x in here if _in_subject(x[0].root)][:1] or [x for x in here if x[1] in spoken]
                    or here)
            if pick:
                return self.named(*pick[-1], None)
            if lead is not None and lead.pos_ == "NOUN":
                person = self.described(lead)
                if person is not None and person.key is not None and fits(person.key):
                    return person
            if lead is not None and lead.pos_ == "PROPN" and lead.i not in self.by_token:
                # A surname the tagger missed, leading its sentence ("Kerr, the mayor, spoke …").
                hit = self.name_at(lead)
                if hit is not None:
                    return Speaker(hit[0].text, hit[0].start_char, hit[0].end_char, None, None)
        return None

    def group_antecedent(self, pronoun: Token, context_start: int) -> Speaker | None:
        """What a "they"/"it" source stands for: an organisation (or, for "they", a group or
        people) named earlier in its sentence, else the subject of one of the sentences before
        (the organisation inside "A Norland Rail spokesman said …", or a plural description such as
        "residents"), else the organisation named nearest before."""
        plural = pronoun.lower_ in ("they", "them")

        def fits(key: str, label: str) -> bool:
            return label == "ORG" or (label == "NORP" and plural) or (label == "GPE" and not plural)

        before = [(s, k) for s, k, label in self._before(pronoun.idx) if fits(k, self.label.get(k, label))]
        own = [(s, k) for s, k in before if s.start_char >= context_start]
        if own:
            return self.named(*own[-1], None)
        # "The ministry said … It added": the organisation that spoke last, when it did so lately.
        recent = self.latest_source(context_start, reach=_GROUP_SOURCE_REACH,
                                    kinds=("ORG", "NORP") if plural else ("ORG", "GPE"))
        if recent is not None:
            return recent
        for sent in list(reversed(self._sentences_before(context_start)))[:_ANTECEDENT_SENTENCES]:
            lead = _main_subject(sent)
            if lead is None or lead.pos_ == "PRON":
                continue
            if lead.tag_ in ("NNS", "NNPS") and plural and self.name_at(lead) is None:
                found = resolve(self, lead, sent.start_char)
                return found if found is not None and (found.key is None or not self.is_person(found.key)) else None
            found = resolve(self, lead, sent.start_char)
            if found is not None and found.key is not None and not self.is_person(found.key):
                return found
            here = [(s, k) for s, k in before if sent.start_char <= s.start_char < sent.end_char]
            if here:
                return self.named(*here[0], None)
            if found is not None and found.key is None and not plural and _definite(lead):
                return found  # "The ministry said … It added": the same unnamed body
        return None

    # --- descriptions ------------------------------------------------------------------------
    def described(self, noun: Token) -> Speaker | None:
        """Who a definite description ("the president", "the ministry", "the group") refers to:
        the latest speaker the document described with that word, else the nearest earlier
        name so described (by its title, appositive or own name: "Health Ministry"), else the
        first one after; a generic organisation noun ("the group") is the organisation named
        nearest before."""
        word = _title_word(noun.lemma_.lower())
        has = [k for k, words in self.titles.items() if word in words]
        for _, key in reversed([(o, k) for o, k in self.spoken if o < noun.idx][-4:]):
            if key in has and key in self.full:  # a speaker the tagger never named has no full form
                return self.named(self.full[key], key, None)
        earlier = [(s, k) for s, k, _ in self._before(noun.idx, noun) if k in has]
        if earlier:
            return self.named(*earlier[-1], None)
        later = [(s, k) for s, k, _ in self.mentions if k in has and s.start_char > noun.idx
                 and s.start not in self.quoted]
        if later:
            return self.named(*later[0], None)
        if word in GENERIC_ORG_NOUNS:
            source = self.latest_source(noun.idx, kinds=("ORG",))
            if source is not None:
                return source
            orgs = [(s, k) for s, k, label in self._before(noun.idx) if self.label.get(k, label) == "ORG"]
            if orgs:
                return self.named(*orgs[-1], None)
        return None

    def kind_of_name(self, noun: Token) -> Speaker | None:
        """A bare "Freedom movement" (no article, as translations and headlines write it): a
        generic organisation noun (GENERIC_ORG_NOUNS) whose capitalised modifiers all belong to
        the name of an organisation written before it with that noun ("the Norvish Freedom
        movement") stands for that organisation, as "the movement" would."""
        word = _title_word(noun.lemma_.lower())
        if (noun.pos_ != "NOUN" or noun.tag_ != "NN" or word not in GENERIC_ORG_NOUNS
                or any(c.dep_ == "det" for c in noun.children)):
            return None
        props = {c.lower_ for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.is_title}
        if not props or any(c.dep_ == "compound" and c.lower_ not in props for c in noun.children):
            return None
        fits = [(s, k) for s, k, label in self._before(noun.idx, noun)
                if self.label.get(k, label) == "ORG" and {word} | props <= self.titles.get(k, set())
                and not (s.start <= noun.i <= s.end)]
        return self.named(*fits[-1], None) if fits else None

    def owner(self, subj: Token) -> tuple[Span, str] | None:
        """The organisation a voice ("a Norland Rail spokesman", "a statement from the ministry") speaks
        for, or the person whose document it is ("the minister's statement", "a video posted by X")."""
        head = _title_word(subj.lemma_.lower())
        if head not in VOICE_NOUNS or subj.pos_ != "NOUN":
            return None
        document = head in DOCUMENT_NOUNS
        for tok in _owner_tokens(subj):
            hit = self.by_token.get(tok.i)
            if hit is None or hit[0].start in self.quoted:
                continue
            label = self.label.get(hit[1], "")
            if label == "ORG" or (document and label == "PERSON"):
                return hit
        return None


_OWNER_DEPS = frozenset({"compound", "poss", "amod", "nmod", "prep", "pobj", "agent", "acl"})
_OWNER_PREPOSITIONS = frozenset({"of", "from", "by", "on", "at", "for", "in", "with"})
# A document's acl naming its owner: "a statement published on X's channel", "made by X".
_PUBLISHING_VERBS = frozenset({"publish", "post", "issue", "release", "make", "send", "put", "sign",
                               "read", "deliver", "give", "share", "upload"})


def _owner_tokens(subj: Token, limit: int = 20) -> list[Token]:
    """The tokens of a voice phrase that can name its owner, nearest first: modifiers, "of /
    from / by / for" phrases and a publishing participle, not a second voice inside it ("an
    assessment, provided to reporters by a Senate source")."""
    out: list[Token] = []
    todo = [subj]
    while todo and len(out) < limit:
        tok = todo.pop(0)
        for child in tok.children:
            if child.dep_ not in _OWNER_DEPS:
                continue
            if child.dep_ == "prep" and child.lower_ not in _OWNER_PREPOSITIONS:
                continue
            if child.dep_ == "acl" and child.lemma_.lower() not in _PUBLISHING_VERBS:
                continue
            out.append(child)
            todo.append(child)
    return out


def _repeats_surname(word: str, surnames: set[str]) -> bool:
    """A surname of the document's people, or a long one spelt with one letter more or less
    inside it (transliterations vary within one article: "Kuznetsov" / "Kuznetzsov"). A letter
    added at the end makes another name ("Petrov" / "Petrova", "Smith" / "Smiths")."""
    if word in surnames:
        return True
    return len(word) >= 7 and any(abs(len(word) - len(s)) == 1 and _one_insertion(word, s) for s in surnames)


def _one_insertion(a: str, b: str) -> bool:
    """Whether the longer of two words is the shorter with one letter inserted before its end."""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return i < len(short) and short[i:] == long_[i + 1:]


def _demonym(span: Span, label: str) -> bool:
    """The small model often tags "Basque"/"Basques" as a person: a one-word PERSON in the plural or
    modifying a common noun ("Basque prisons") is a group adjective, not a person."""
    if label != "PERSON" or len(span) != 1:
        return False
    tok = span[0]
    return tok.tag_ == "NNPS" or "-" in tok.text or (tok.dep_ in ("amod", "compound") and tok.head.pos_ == "NOUN")


def _modifier(span: Span) -> bool:
    """A name used as a modifier of another noun ("Laakso administration") is not an antecedent."""
    root = span.root
    return root.dep_ in ("amod", "compound") and root.head.i >= span.end and root.head.pos_ == "NOUN"


def _untagged_names(doc: Doc, surnames: set[str], taken: set[int]) -> list[tuple[Span, str]]:
    """Runs of two or more capitalised proper nouns the tagger left out ("Jarno Kettunen"),
    and single ones that repeat the surname of a person the tagger did find ("Dahl fired
    back"). The model misses unfamiliar names; two capitalised proper nouns in a row outside
    any entity are, in news text, nearly always a person."""
    tagged = {t.i for e in doc.ents for t in e}
    # read the tags in one go: the run search below looks at most tokens several times
    capitalised = capitalised_proper_nouns(doc)
    untagged_name = [name and i not in tagged for i, name in enumerate(capitalised)]
    out: list[tuple[Span, str]] = []
    n = len(doc)
    i = 0
    while i < n:
        j = i
        while j < n and untagged_name[j]:
            j += 1
        # A run written right before a tagged name is its title ("Health Minister Ilse
        # Brandt"), not a second person who could be a pronoun's antecedent.
        titles_name = j < n and j in tagged
        if j - i >= 2 and doc[i].sent == doc[j - 1].sent and not titles_name:
            out.append((doc[i:j], "PERSON"))
        i = max(j, i + 1)
    run = {t.i for span, _ in out for t in span}
    for i, name in enumerate(capitalised):
        if name and i not in taken and i not in run and doc[i].lower_ in surnames:
            out.append((doc[i:i + 1], "PERSON"))
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
    short prepositional phrases ("one angry resident", "officials from the ministry")."""
    hi = subj.i + 1
    for child in subj.rights:
        if child.dep_ in ("prep", "compound", "amod", "nummod") and child.right_edge.i - subj.left_edge.i < 10:
            hi = child.right_edge.i + 1
        else:
            break
    return _clean_phrase(doc, subj.left_edge.i, hi)


def _modifier_words(noun: Token) -> set[str]:
    """Words that say whose or what kind a noun is: its proper-noun and noun modifiers
    ("EU audit" in "a confidential EU audit report")."""
    return {_title_word(c.lower_) for c in noun.children
            if c.dep_ in ("compound", "nmod", "amod") and c.pos_ in ("PROPN", "NOUN")}


_BODY_MODIFIER_TYPES = frozenset({"", "GPE", "NORP", "ORG", "LOC"})


def _unnamed_body(subj: Token) -> bool:
    """A subject that describes an unnamed organisation, not a person, a crowd or a document:
    a singular noun with a proper-noun modifier ("the EU audit office", "the
    Danish military")."""
    if subj.pos_ != "NOUN" or subj.tag_ != "NN" or subj.ent_type_ or subj.lemma_.lower() in VOICE_NOUNS:
        return False  # "Saturday evening" (a misparsed date) is no body either
    return any(c.dep_ in ("compound", "amod", "nmod", "poss") and c.ent_type_ in _BODY_MODIFIER_TYPES
               and (c.pos_ == "PROPN" or c.ent_type_) for c in subj.children)


def _body_text(subj: Token) -> str:
    return _clean_phrase(subj.doc, subj.left_edge.i, subj.i + 1) or subj.text


def _main_subject(sent: Span) -> Token | None:
    """The subject of a sentence's main verb."""
    return next((c for c in sent.root.children if c.dep_ in _SUBJECT_DEPS), None)


def _definite(subj: Token) -> bool:
    """"the minister", "the group": singular, lower-case, with a definite determiner; such a
    description can only be someone or something already (or soon) named."""
    return (subj.is_lower and subj.tag_ not in ("NNS", "NNPS")
            and any(c.lower_ in ("the", "this", "that") for c in subj.lefts))


def resolve(names: Names, subj: Token, context_start: int) -> Speaker | None:
    """Who a subject token names: a name, a name in apposition, a pronoun's antecedent, the
    organisation or person a voice speaks for, a described person or organisation, the latest
    source for an unowned document ("the report said"), or an unnamed description."""
    doc = names.doc
    found = names.name_at(subj)
    if found is not None:
        span, key = found
        role = (_appositive(span) or _title_before(span)) if key.startswith("p:") else None
        return names.named(span, key, role if _good_role(role) else None)
    appos = names.appositive_name(subj)
    if appos is not None:
        span, key = appos
        return names.named(span, key, _role_text(_clean_phrase(doc, subj.left_edge.i, span.start)))
    lower = subj.lower_
    if lower in PERSON_PRONOUNS:
        # No name to point at: keep the pronoun as written rather than guess.
        return names.antecedent(subj, context_start) or Speaker(subj.text, None, None, None, None)
    if lower in ("it", "they", "them"):
        return names.group_antecedent(subj, context_start) or Speaker(subj.text, None, None, None, None)
    if lower in GROUP_PRONOUNS:
        return Speaker(subj.text, None, None, None, None)  # unresolved: say so, invent nobody
    if subj.pos_ == "PRON":
        return None
    text = _description(doc, subj)
    if text is None:
        return None
    owned = names.owner(subj)
    if owned is not None:
        return names.named(owned[0], owned[1], text)
    named = names.described(subj) if _definite(subj) else names.kind_of_name(subj)
    if named is None and subj.lemma_.lower() in DOCUMENT_NOUNS:
        named = names.issuer(subj)  # a report is an organisation's
    if named is not None:
        return Speaker(named.text, named.start, named.end, text, named.key)
    return Speaker(text, None, None, text, None)


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

    for tok in _sharing_chain(verb):
        # "it was said by the chairman": the agent of a passive report is who spoke.
        for child in tok.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj" and usable(c)]
                if objs:
                    return objs[0]
        for child in tok.children:
            if child.dep_ in deps and usable(child):
                # "Mr Okoro, who added …": the relative pronoun stands for the name it follows.
                if child.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                    return tok.head
                return verb_first_object(tok) or child
    # "…,” said Hanna Berg": some parses hang the inverted subject as an object.
    for child in verb.rights:
        if (child.dep_ in ("dobj", "attr", "npadvmod", "dep") and child.pos_ in ("PROPN", "NOUN")
                and usable(child)):
            return child
    return None


# Reporting verbs whose object is what is reported, never a person addressed or blamed ("told
# Reuters", "warned Valdria", "accused the Front"): only behind these can a name be a translated subject.
_CONTENT_VERBS = frozenset(
    """deny confirm announce declare state affirm reiterate stress emphasize emphasise assert claim
    reveal disclose explain add say note report insist acknowledge admit allege""".split())


def verb_first_object(verb: Token) -> Token | None:
    """The source of a report translated word for word from a verb-first language: "She denied
    Freedom movement “The lies …”" (Arabic's feminine verb agreement rendered as "she", the
    subject left behind the verb without its article). A "he"/"she" right before a reporting
    verb whose bare, capitalised name object follows the verb and is followed by an opening
    quotation mark is such a subject: in English a quotation never stands in apposition to the
    name of whom one denies, confirms or announces something. Verbs whose object is addressed
    or labelled ("told Reuters “…”", "called the Front “…”") keep their subject."""
    if verb.lemma_.lower() not in _CONTENT_VERBS or verb.i == 0:
        return None
    doc = verb.doc
    if doc[verb.i - 1].lower_ not in ("he", "she") or doc[verb.i - 1].dep_ != "nsubj":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.i + 1 >= len(doc) or obj.left_edge.i != verb.i + 1:
        return None
    first = doc[verb.i + 1]
    if not (first.pos_ == "PROPN" and first.is_title):
        return None  # "denied the claims", "denied it": no name behind the verb
    if any(t.pos_ not in ("PROPN", "NOUN") for t in doc[verb.i + 1:obj.i + 1]):
        return None
    mark = doc[obj.i + 1].text[:1]
    return obj if mark in QUOTE_PAIRS and mark not in "\u201d\u2019" else None


def _sharing_chain(verb: Token, depth: int = 3) -> list[Token]:
    """The verb and the verbs whose subject it shares: "The union welcomed the news, calling it …"
    (a participle), "vowed to punish them, calling them …" (a chain of them), "rose and said"."""
    chain = [verb]
    while len(chain) <= depth:
        tok = chain[-1]
        if not (tok.dep_ in ("conj", "xcomp") or (tok.dep_ == "advcl" and tok.tag_ == "VBG")):
            break
        if tok.head.i == tok.i or any(c.dep_ in _SUBJECT_DEPS for c in tok.children):
            break
        chain.append(tok.head)
    return chain


def _is_mark(tok: Token) -> bool:
    """A punctuation token, whatever part of speech the tagger gave it."""
    return tok.is_punct or all(c in PHRASE_EDGE for c in tok.text)


def is_reporting(tok: Token) -> bool:
    """Whether a token is a reporting verb ("said", "told", "warned")."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS
