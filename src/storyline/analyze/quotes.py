"""Analyze stage: quotations and who said them (direct and reported speech).

``extract_quotes`` is the algorithm, a pure function ``Doc -> list[Quote]``; the
``storyline_quotes`` component only stores its result on ``doc._.storyline_quotes``.

Direct quotes: every stretch between quotation marks (``find_quotations``) that can be tied to
a source by a reporting verb right after it ("…,” said X", "…,” the president said), a
reporting verb before it (``X told reporters: “…”``), a syntactic link for embedded fragments
(ideas come from “dubious” schools, inside what "he said"), "according to X", a "X: “…”" cue,
or the speaker of the quotation just before it (a quote continued in the next sentence or
paragraph). Quoted words without any of these are scare quotes or names and are dropped.

Speakers: a named PERSON/ORG/GPE/NORP points at the fullest mention of that name in the body;
a pronoun points at the nearest earlier name that was the subject of a sentence or spoke
before; a description ("the president") at the last speaker or person so described; anything
else is kept as an unnamed description with no offsets. Roles come from appositives and titles.
Indirect quotes: the clause governed by a reporting verb ("X said that …", "…, experts say",
"according to X, …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyline.analyze.reporting import (
    FEMALE_HONORIFICS,
    FEMALE_PRONOUNS,
    FULL_QUOTE_MIN_WORDS,
    GROUP_PRONOUNS,
    HONORIFICS,
    INDIRECT_VERBS,
    LABELLING_VERBS,
    MALE_HONORIFICS,
    MALE_PRONOUNS,
    PERSON_PRONOUNS,
    QUOTE_PAIRS,
    REPORTING_VERBS,
    SOURCE_PREPOSITIONS,
    SPEAKER_LABELS,
    TITLE_CUES,
    TRAILING_CUE_WINDOW,
)
from storyline.model import Quote

Doc.set_extension("storyline_quotes", default=None, force=True)

# --- quotation marks ------------------------------------------------------------------------
_PARAGRAPH = re.compile(r"[^\n]+")
# Characters that may sit right before an opening mark / right after a closing one.
_BEFORE_OPEN = " \t([{\u2014\u2013-/"
_AFTER_CLOSE = " \t.,;:!?)]}\u2014\u2013-\u2026"


@dataclass(frozen=True)
class Quotation:
    """One quoted stretch inside a paragraph. ``open``/``close`` bound the marks (``close`` is
    the paragraph end when the quotation runs on into the next paragraph); ``start``/``end``
    bound the words inside, trimmed of white space."""

    open: int
    close: int
    start: int
    end: int
    continues: bool = False  # this piece carries on a quotation opened in an earlier paragraph
    runs_on: bool = False  # this piece is left open and carries on in the next paragraph


def _opens(text: str, i: int) -> bool:
    """Whether the mark at ``i`` stands where an opening mark stands: after a space, at the
    start of a line or after a bracket/dash, and before a non-space."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return (before in _BEFORE_OPEN or before == "\n") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """Whether the mark at ``i`` can close: after a non-space and before a space, punctuation or
    the end of the line (so that the apostrophe in "Russia’s" or "didn’t" never closes)."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return not before.isspace() and (after in _AFTER_CLOSE or after == "\n" or after in "\"”’»")


def _is_opener(text: str, i: int) -> bool:
    char = text[i]
    if char not in QUOTE_PAIRS:
        return False
    if char in "\u201c\u201e\u00ab\u201a":
        return not (i + 1 < len(text) and text[i + 1].isspace())
    # ‘ " and » double as closing marks or apostrophes: read the direction from the context.
    return _opens(text, i)


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _scan_paragraph(text: str, lo: int, hi: int, opener: str | None) -> tuple[list[Quotation], str | None]:
    """Quotations in ``text[lo:hi]``. ``opener`` is the mark of a quotation left open at the end
    of the previous paragraph (only passed when this paragraph starts with a mark of the same
    kind). Returns the quotations and the mark left open at the paragraph end, if any."""
    found: list[Quotation] = []
    open_at, mark, continues = -1, None, False
    if opener is not None:
        open_at, mark, continues = lo, opener, True
    i = lo + 1 if opener is not None else lo
    while i < hi:
        char = text[i]
        if mark is None:
            if _is_opener(text, i):
                open_at, mark, continues = i, char, False
        elif char in QUOTE_PAIRS[mark] and _closes(text, i) and i > open_at + 1:
            a, b = _trimmed(text, open_at + 1, i)
            if b > a:
                found.append(Quotation(open_at, i + 1, a, b, continues))
            mark = None
        elif char == mark and _is_opener(text, i) and mark in "\"\u201c":
            # An opening mark of the same kind while one is open: the closing mark went missing
            # when paragraphs were merged ('... Michalak. "He does ...'); end the first one here.
            a, b = _trimmed(text, open_at + 1, i)
            if b > a:
                found.append(Quotation(open_at, i, a, b, continues))
            open_at, continues = i, False
        i += 1
    if mark is None:
        return found, None
    a, b = _trimmed(text, open_at + 1, hi)
    if b > a:
        found.append(Quotation(open_at, hi, a, b, continues, runs_on=True))
    return found, mark


def find_quotations(text: str) -> list[Quotation]:
    """All top-level quotations in ``text``, in order, split at paragraph breaks.

    A quotation left open at a paragraph end is kept only when the next paragraph opens with a
    mark of the same kind (the newspaper convention for quotes running over paragraphs)."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    out: list[Quotation] = []
    carried: str | None = None
    for n, (lo, hi) in enumerate(paragraphs):
        lead = lo
        while lead < hi and text[lead].isspace():
            lead += 1
        if carried is not None and not (lead < hi and text[lead] == carried):
            carried = None
        found, left_open = _scan_paragraph(text, lead, hi, carried)
        nxt = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else None
        runs_on = left_open is not None and nxt is not None and text[nxt:nxt + 1] == left_open
        if left_open is not None and not runs_on:
            found = [q for q in found if not q.runs_on]  # a stray mark, not a quotation
        out.extend(found)
        carried = left_open if runs_on else None
    return out


# --- names and roles in the document --------------------------------------------------------
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# A fragment's link up to its reporting verb may not pass through these: a quoted word inside
# the speaker's own description ("X, leader of a party outlawed as “extremist”, said") is a
# label the writer repeats, not something X said.
_BLOCKING_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "appos", "relcl", "acl", "poss"})
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|vs))(?<!\bMrs)[.!?\u2026](?=\s)")
_EDGE = " \t\n,;:\u2014\u2013-\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"
_FUNCTION_WORDS = frozenset("of the and de del la le al el in on for a an to at".split())
# How many sentences (not counting ones led by the same pronoun) to look back for a name.
_ANTECEDENT_SENTENCES = 5


@dataclass(frozen=True)
class _Speaker:
    text: str
    start: int | None
    end: int | None
    role: str | None
    key: str | None  # the name key for named speakers


def _clean_phrase(doc: Doc, lo: int, hi: int) -> str | None:
    """The text of tokens ``lo..hi`` (exclusive) without edge punctuation."""
    if hi <= lo:
        return None
    text = doc[lo:hi].text.strip(_EDGE)
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


class _Names:
    """The speaker-capable names of one document: name keys, fullest forms, roles, genders."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.by_token: dict[int, tuple[Span, str]] = {}
        self.mentions: list[tuple[Span, str, str]] = []  # span, key, label
        self.quoted: set[int] = set()  # token starts of names inside quotations: never a speaker
        ents = [(s, e.label_) for e in doc.ents if e.label_ in SPEAKER_LABELS
                for s in [_name_span(e)] if s is not None and not _demonym(s, e.label_)]
        ents = sorted(ents + _untagged_names(doc), key=lambda x: x[0].start)
        quoted = [(q.start, q.end) for q in find_quotations(doc.text)]
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

    def named(self, span: Span, key: str, role: str | None) -> _Speaker:
        full = self.full.get(key, span)
        return _Speaker(full.text, full.start_char, full.end_char, role or self.roles.get(key), key)

    def antecedent(self, pronoun: Token, context_start: int) -> _Speaker | None:
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

    def described(self, noun: Token) -> _Speaker | None:
        """The person a definite description ("the president") refers to: the latest speaker
        whose role has that word, else the latest person so described."""
        word = noun.lemma_.lower()

        def has(key: str) -> bool:
            # The title may sit inside the tagged name itself ("Archbishop Desmond Tutu").
            described_as = self.roles.get(key, "") + " " + self.full[key].text
            return word in re.findall(r"\w+", described_as.lower())

        for _, key in reversed([(o, k) for o, k in self.spoken if o < noun.idx][-4:]):
            if has(key):
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
    out: list[tuple[Span, str]] = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and j not in tagged:
            j += 1
        if j - i >= 2 and doc[i].sent == doc[j - 1].sent:
            out.append((doc[i:j], "PERSON"))
        i = max(j, i + 1)
    return out


def _in_subject(tok: Token) -> bool:
    """Whether a token sits inside the subject phrase of its clause."""
    while tok.head.i != tok.i:
        if tok.dep_ in _SUBJECT_DEPS:
            return True
        if tok.pos_ in ("VERB", "AUX") and tok.morph.get("VerbForm") == ["Fin"]:
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


def _resolve(names: _Names, subj: Token, context_start: int) -> _Speaker | None:
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
        return names.antecedent(subj, context_start) or _Speaker(subj.text, None, None, None, None)
    if lower == "it":
        return _previous_subject(names, context_start)
    if lower in GROUP_PRONOUNS:
        return _Speaker(subj.text, None, None, None, None)  # unresolved: say so, invent nobody
    if subj.pos_ == "PRON":
        return None
    text = _description(doc, subj)
    if text is None:
        return None
    # "the minister" (singular, lowercase, definite) can only be someone already introduced.
    if subj.is_lower and subj.tag_ not in ("NNS", "NNPS") and any(c.lower_ == "the" for c in subj.lefts):
        person = names.described(subj)
        if person is not None:
            return _Speaker(person.text, person.start, person.end, text, person.key)
    return _Speaker(text, None, None, text, None)


def _previous_subject(names: _Names, context_start: int) -> _Speaker | None:
    """What "it" stands for as a source: the subject of the sentence before ("Mr Crosby's
    statement said: … It added: …")."""
    sents = [s for s in names.doc.sents if s.end_char <= context_start]
    if not sents:
        return None
    subj = next((c for c in sents[-1].root.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ == "PRON":
        return None
    return _resolve(names, subj, sents[-1].start_char)


def _subject_of(verb: Token, passive: bool = True) -> Token | None:
    """The grammatical subject of a reporting verb (or of the verb it is coordinated with), or
    the agent of a passive one. ``passive=False`` refuses a passive subject: in "no date has
    been announced" the subject is what was reported, not who reported it."""
    deps = ("nsubj", "nsubjpass") if passive else ("nsubj",)
    # "The RAC welcomed the news, calling it …": a participle shares its head verb's subject.
    shares = verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
    for tok in (verb, verb.head if shares else None):
        if tok is None:
            continue
        for child in tok.children:
            if child.dep_ in deps:
                # "Mr Richards, who added …": the relative pronoun stands for the name it follows.
                if child.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                    return tok.head
                return child
        for child in tok.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return objs[0]
    # "…,” said Edward Lemon": some parses hang the inverted subject as an object.
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "dep") and child.pos_ in ("PROPN", "NOUN"):
            return child
    return None


def _is_reporting(tok: Token) -> bool:
    return tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS


# --- direct quotes --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Frame:
    """Where to look for a quotation's source: the paragraph, and the stretches of its
    sentence before the opening mark and after the closing mark."""

    para: int
    para_start: int
    lead: tuple[int, int]
    trail: tuple[int, int]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def _frames(text: str, quotes: list[Quotation]) -> list[_Frame]:
    paras = _paragraphs(text)
    frames: list[_Frame] = []
    for n, q in enumerate(quotes):
        p = next(i for i, (a, b) in enumerate(paras) if a <= q.open < b or (a <= q.start < b))
        pa, pb = paras[p]
        prev = quotes[n - 1].close if n and quotes[n - 1].close > pa else pa
        nxt = quotes[n + 1].open if n + 1 < len(quotes) and quotes[n + 1].open < pb else pb
        ends = [m.end() for m in _SENTENCE_END.finditer(text, prev, q.open)]
        lead = (max([prev] + ends), q.open)
        stop = _SENTENCE_END.search(text, q.close, nxt)
        trail = (q.close, stop.end() if stop else nxt)
        frames.append(_Frame(p, pa, lead, trail))
    return frames


def _tokens(doc: Doc, lo: int, hi: int) -> list[Token]:
    span = doc.char_span(lo, hi, alignment_mode="contract")
    return list(span) if span is not None else []


def _looks_like_title(text: str, q: Quotation) -> bool:
    """A quoted name or title ("‘Khorasan’", “The Voice of Khorasan”) rather than speech."""
    inner = text[q.start:q.end]
    words = re.findall(r"[^\W\d_][\w'’\-]*", inner)
    if not words or len(words) > 6 or inner[-1] in ".,!?;:\u2026":
        return False
    before = re.findall(r"[\w\-]+", text[max(0, q.open - 30):q.open].lower())
    if before and before[-1] in TITLE_CUES:
        return True
    return all(w[0].isupper() or w.lower() in _FUNCTION_WORDS for w in words)


def _is_full(text: str, q: Quotation, frame: _Frame) -> bool:
    """A full quotation opens its sentence or runs long; the rest are embedded fragments."""
    if q.continues or len(text[q.start:q.end].split()) >= FULL_QUOTE_MIN_WORDS:
        return True
    starts_sentence = not text[frame.lead[0]:q.open].strip() or text[:q.open].rstrip()[-1:] in ":,"
    return starts_sentence and text[q.start].isupper()


def _trailing_cue(doc: Doc, names: _Names, q: Quotation, frame: _Frame) -> _Speaker | None:
    """“…,” said X / “…,” X said / “…”, he says in the video / “…” the article reads."""
    text = doc.text
    toks = [t for t in _tokens(doc, *frame.trail) if not t.is_space]
    words = [t for t in toks if not t.is_punct][:TRAILING_CUE_WINDOW]
    verb = next((t for t in words if _is_reporting(t)), None)
    if verb is None:
        return None
    detached = text[q.end - 1] in ",.!?\u2026:;-\u2014" or text[q.close:].lstrip()[:1] in ",\u2014\u2013-"
    if not detached and verb.i != words[0].i:
        return None
    if text[q.end - 1] in ".!?\u2026" and words[0].is_title:
        # The quotation closed its sentence and a new one starts ("… offer.” Inter are reported
        # to …"); only a short "Smith asked." after "?"/"!" still belongs to the quotation.
        if text[q.end - 1] == "." or len(words) > 4 or words[-1].i != verb.i and len(
                [t for t in _tokens(doc, *frame.trail) if not t.is_punct]) > 4:
            return None
    subj = _subject_of(verb)
    allowed = set()
    if subj is not None:
        allowed = {t.i for t in subj.subtree}
    allowed |= {c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod")}
    if any(t.i not in allowed for t in words if t.i < verb.i):
        return None
    return _resolve(names, subj, frame.lead[0]) if subj is not None else None


def _governing_verb(doc: Doc, q: Quotation) -> Token | None:
    """The reporting verb a quotation hangs from in the parse, when the path up to it does not
    pass through a subject, appositive or relative clause."""
    toks = _tokens(doc, q.start, q.end)
    inside = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    if not roots:
        return None
    tok = roots[0]
    while tok.head.i != tok.i:
        if tok.dep_ in _BLOCKING_DEPS:
            return None
        tok = tok.head
        if tok.i not in inside and (_is_reporting(tok) or tok.lemma_.lower() in LABELLING_VERBS):
            return tok
    return None


def _leading_cue(doc: Doc, names: _Names, q: Quotation, frame: _Frame, full: bool) -> _Speaker | None:
    """X said: “…” / X told reporters, “…” (full quotations), or a reporting verb governing the
    quotation in the parse (fragments: ideas come from “dubious” schools, as he said)."""
    candidates = [_governing_verb(doc, q)]
    if full and doc.text[frame.lead[0]:frame.lead[1]].rstrip()[-1:] in ":,":
        verbs = [t for t in _tokens(doc, *frame.lead) if t.pos_ == "VERB"]
        if verbs and _is_reporting(verbs[-1]):
            candidates.append(verbs[-1])
    for verb in candidates:
        # "it has been called “…”": a passive subject is the thing named, not who named it.
        subj = _subject_of(verb, passive=False) if verb is not None else None
        speaker = _resolve(names, subj, frame.lead[0]) if subj is not None else None
        if speaker is not None:
            return speaker
    return None


def _according_to(doc: Doc, names: _Names, lo: int, hi: int) -> _Speaker | None:
    """according to X / in the words of X, anywhere in the stretch."""
    toks = _tokens(doc, lo, hi)
    for i, tok in enumerate(toks):
        for cue in SOURCE_PREPOSITIONS:
            words = [t.lower_ for t in toks[i:i + len(cue)]]
            if tuple(words) == cue:
                objs = [c for c in toks[i + len(cue) - 1].children if c.dep_ == "pobj"]
                if objs:
                    return _resolve(names, objs[0], lo)
    return None


def _colon_cue(doc: Doc, names: _Names, frame: _Frame) -> _Speaker | None:
    """X: “…” — a name right before the colon that opens the quotation."""
    toks = [t for t in _tokens(doc, *frame.lead) if not t.is_space]
    if len(toks) >= 2 and toks[-1].text == ":":
        found = names.name_at(toks[-2])
        if found is not None and found[1].startswith("p:"):
            return names.named(found[0], found[1], None)
    return None


def _direct_quotes(doc: Doc, names: _Names) -> list[tuple[Quotation, _Speaker]]:
    text = doc.text
    quotes = find_quotations(text)
    frames = _frames(text, quotes)
    out: list[tuple[Quotation, _Speaker]] = []
    last: dict[int, _Speaker] = {}  # paragraph -> its latest attributed speaker
    ends_with_quote: dict[int, bool] = {}
    for q, frame in zip(quotes, frames):
        if not q.continues and _looks_like_title(text, q):
            continue
        full = _is_full(text, q, frame)
        speaker = (_trailing_cue(doc, names, q, frame)
                   or _leading_cue(doc, names, q, frame, full)
                   or _according_to(doc, names, frame.lead[0], frame.trail[1])
                   or _colon_cue(doc, names, frame))
        if speaker is None and full:
            speaker = last.get(frame.para)
            opens_para = not text[frame.para_start:q.open].strip()
            if speaker is None and opens_para and ends_with_quote.get(frame.para - 1):
                speaker = last.get(frame.para - 1)
        ends_with_quote[frame.para] = speaker is not None and not text[frame.trail[1]:].split("\n", 1)[0].strip()
        if speaker is None:
            continue
        last[frame.para] = speaker
        if speaker.key is not None and speaker.start is not None:
            names.spoken.append((q.start, speaker.key))
        out.append((q, speaker))
    return out


# --- indirect quotes ------------------------------------------------------------------------
_OBJECT_CONTROL_VERBS = frozenset({"urge", "ask", "advise", "encourage", "call"})


def _reported_clause(verb: Token) -> tuple[int, int] | None:
    """Token range of what a reporting verb reports: its clausal complement ("said (that) …"),
    the clause it is tacked onto ("…, experts say"), or "urged X to …"."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ == "ccomp":
            lo = child.left_edge.i
            while lo < child.i and doc[lo].dep_ == "mark":
                lo += 1
            return lo, child.right_edge.i + 1
    head = verb.head
    if verb.dep_ in ("parataxis", "ccomp", "advcl") and head.i < verb.i:
        # "…, experts say.": a short source clause after a comma, closing the sentence.
        sent, lo = verb.sent, verb.left_edge.i
        after = [t for t in doc[verb.right_edge.i + 1:sent.end] if not t.is_punct]
        if not after and lo > sent.start and doc[lo - 1].text == "," and verb.right_edge.i - lo < 8:
            return sent.start, lo
    if verb.lemma_ in _OBJECT_CONTROL_VERBS:
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        comps = [c for c in verb.children if c.dep_ == "xcomp"]
        if objs and comps:
            return objs[0].left_edge.i, comps[0].right_edge.i + 1
    return None


def _indirect_quotes(doc: Doc, names: _Names, taken: list[tuple[int, int]]) -> list[Quote]:
    out: list[Quote] = []

    def covered(lo: int, hi: int) -> bool:
        # A clause that is (or swallows) a full direct quotation repeats it; one that only
        # embeds a quoted fragment ("the attackers are “radical Islamists”") is kept.
        for a, b in taken:
            overlap = max(0, min(hi, b) - max(lo, a))
            if overlap and (len(doc.text[a:b].split()) >= FULL_QUOTE_MIN_WORDS
                            or len((doc.text[lo:a] + doc.text[b:hi]).split()) < 3):
                return True
        return False

    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in INDIRECT_VERBS | _OBJECT_CONTROL_VERBS:
            continue
        if any(a <= tok.idx < b for a, b in taken) or any(c.dep_ == "neg" for c in tok.children):
            continue
        if any(c.tag_ == "TO" for c in tok.children):
            continue  # "wanted people to believe that …" reports nobody's statement
        rng = _reported_clause(tok)
        subj = _subject_of(tok, passive=False)
        if rng is None or subj is None or subj.lower_ in ("i", "you", "we"):
            continue
        if subj.i > tok.i and rng[1] > tok.i:
            continue  # a subject after its verb only in "…, said X" order; otherwise a misparse
        quote = _indirect_record(doc, names, rng, subj, covered, taken)
        if quote is not None:
            out.append(quote)
    out.extend(_according_to_clauses(doc, names, taken, covered))
    # "said he believed the minister would …": keep the outer report, not the clause inside it.
    return [q for q in out if not any(o is not q and o.start <= q.start and q.end <= o.end
                                          and o.speaker_text == q.speaker_text for o in out)]


def _indirect_record(doc: Doc, names: _Names, rng: tuple[int, int], subj: Token,
                     covered: Callable[[int, int], bool], taken: list[tuple[int, int]]) -> Quote | None:
    span = doc[rng[0]:rng[1]]
    text = span.text.strip(_EDGE)
    if len(text.split()) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    start = span.start_char + span.text.index(text)
    end = start + len(text)
    for a, b in taken:  # a quoted fragment cut by the clause edge keeps both its marks
        if start <= a < end < b:
            end = b
        if a < start < b <= end:
            start = a
    text = doc.text[start:end]
    if covered(start, end):
        return None
    speaker = _resolve(names, subj, span.sent.start_char)
    if speaker is None:
        return None
    return Quote(start, end, text, "indirect", speaker.text, speaker.start, speaker.end,
                 speaker.role)


def _according_to_clauses(doc: Doc, names: _Names, taken: list[tuple[int, int]],
                          covered: Callable[[int, int], bool]) -> Iterable[Quote]:
    """"Tajikistan holds 1,000 prisoners, according to X" -> the rest of the sentence."""
    for sent in doc.sents:
        if any(sent.start_char <= a < sent.end_char for a, _ in taken):
            continue
        toks = list(sent)
        for i in range(len(toks) - 1):
            if toks[i].lower_ != "according" or toks[i + 1].lower_ != "to":
                continue
            phrase_end = max([t.i for t in toks[i + 1].subtree]) + 1
            if phrase_end >= sent.end - 1:  # the cue closes the sentence
                rng = (sent.start, toks[i].i)
            elif i == 0 or (i == 1 and toks[0].is_punct):
                rng = (phrase_end, sent.end)
            else:
                continue
            objs = [c for c in toks[i + 1].children if c.dep_ == "pobj"]
            if objs:
                quote = _indirect_record(doc, names, rng, objs[0], covered, taken)
                if quote is not None:
                    yield quote


# --- the extractor and the component --------------------------------------------------------
def extract_quotes(doc: Doc) -> list[Quote]:
    """Direct and indirect quotations in a parsed ``Doc`` with their speakers, in text order.

    Offsets index ``doc.text``; ``text`` is the quoted words without the marks."""
    names = _Names(doc)
    direct = _direct_quotes(doc, names)
    out = [Quote(q.start, q.end, doc.text[q.start:q.end], "direct", s.text, s.start, s.end, s.role)
           for q, s in direct]
    taken = [(q.open, q.close) for q in find_quotations(doc.text)]
    out.extend(_indirect_quotes(doc, names, taken))
    return sorted(out, key=lambda r: (r.start, r.end, r.kind))


@Language.factory(
    "storyline_quotes",
    requires=["token.dep", "token.lemma", "doc.ents", "doc.sents"],
    assigns=["doc._.storyline_quotes"],
)
def make_quotes(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Pipeline component: stores ``extract_quotes(doc)`` on ``doc._.storyline_quotes``."""

    def quotes_component(doc: Doc) -> Doc:
        doc._.storyline_quotes = extract_quotes(doc)
        return doc

    return quotes_component
