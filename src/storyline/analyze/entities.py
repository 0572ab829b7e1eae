"""Analyze stage: actor mentions in one document.

Starts from the statistical NER and repairs what it gets wrong on news text:
- junk filtering (lowercase fragments, section words such as "Tags"), possessives and titles;
- aliases the article declares: "Valdrian Liberation Front Northern Wing (VPFN)", "VPFN, or VPF-N",
  "known as", "formerly", "changed his surname to";
- within-document name coreference: a surname, a first name or "Mr X" attaches to the full name
  introduced in the same article, so every mention carries the fullest form as its ``key``;
- type repair on general evidence only (analyze/entity_typing.py): head words, demonym endings,
  lists of places, "in X", datelines; one key gets one type, by vote, a full name typed PERSON
  outvotes its surname-only mentions, and a name that matches a person's surname stays a person;
- minimal spans (analyze/entity_spans.py): hyphen affixes, "X-on-Y" places, role tails, legal
  forms, "X region", "the X fire", lower-case ministries, public bodies the model missed; names
  in photo credits are no mentions;
- recall: every later occurrence of a name form the article already established is a mention,
  even where the model missed it; so are untagged surnames of persons named in full and typos or
  transliterations of a name (analyze/mention_recall.py), capitalised facility names ("... Hospital",
  "Name Name hospital"), "X police" for a place X, and words after "the" that open a body's name;
- short forms inside the document: a multiword body or facility name that ends exactly one longer
  one ("the Mercy Hospital", "the health ministry") is that body; acronyms declared in square
  brackets count even when their initials are another language's, and so does a one-word name in
  brackets after a body ("... Movement (Name)"), unless the model calls it a place.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

from storyline.analyze.doctext import text_of
from storyline.analyze.entity_spans import (body_names, credit_spans, dateline_spans, descriptor_split, event_end, facility_end,
                                            lowercase_missions, pseudonym_names,
                                            facility_names, facility_names_lower, hyphenated_place, is_dateline,
                                            lowercase_ministries, refine, region_end, starts_like_name)
from storyline.analyze.entity_typing import head_label, looks_like_group, place_by_context, unlabelled_list_places
from storyline.analyze.mention_recall import recover, surname_index, variant_target
from storyline.model import Mention
from storyline.names import strip_titles as _strip_person_titles
from storyline.resources.entity_types import (BODY_HEADS, FACILITY_HEADS, HYPHEN_PREFIXES, JUNK_WORDS, LOCATION_HEADS,
                                              MINISTRY_PORTFOLIOS, ORG_HEADS, STORM_WORDS)
from storyline.resources.names import FEATURE_HEADS, LABEL_MAP, NATURAL_FEATURES, PLACE_NOUNS, TITLES

Doc.set_extension("storyline_mentions", default=None, force=True)

_POSSESSIVE = re.compile(r"(?:['’]s?|['’])$")
_EDGE_PUNCT = " \t\n\"'“”‘’«»„()[]{},.;:!?–—-"
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&.\-]*[A-Z0-9]$|^[A-Z]{2,}$")
# "Long Name (ACR)", "Long Name [ACR]" and "ACR (Long Name)"
_PAREN = re.compile(r"([A-Z][\w&.’'\- ]{2,80}?)\s*(?:\(([^()\n]{2,60})\)|\[([^\[\]\n]{2,60})\])")
# "Name of a Body [ACR]": an editor's bracket declares the acronym even in another language's initials
_BRACKET = re.compile(r"([A-Z][\w&.’'\- ]{2,80}?)\s*\[([A-Z][A-Z0-9&\-]{2,9})\]")
_BODY_LABELS = frozenset({"ORG", "FAC"})
_BODY_HEAD_WORDS = ORG_HEADS | FACILITY_HEADS
_PLACE_POLICE = re.compile(r"(?<![\w\-’'])([A-Z][a-z]+(?: [A-Z][a-z]+)?) police\b")
_CAPS_AFTER_THE = re.compile(r"(?<![\w\-])the ((?:[A-Z][a-z]*(?:-[A-Z][a-z]*)?\s){1,3})")
# "the Popular Liberation Movement (Tahrir)": a body's name and the one-word name it goes by;
# not an agency credit closing a dateline ("(Reuters) -")
_NAMED_SHORT = re.compile(r"([A-Z][\w&.’'\- ]{2,80}?)\s*\(([A-Z][a-z]{2,15})\)(?!\s*[-–—])")
_NAME_JOINERS = frozenset({"and", "of", "for", "the", "on", "&"})
# "X, or Y", "X, also known as Y", "known as X", "formerly X", "changed his name to Y"
_OR_ALIAS = re.compile(r"\(?([A-Z][\w&\-]{1,15})\)?,?\s+or\s+([A-Z][\w&\-]{1,15})\b")
_KNOWN_AS = re.compile(
    r"([A-Z][\w&.’'\-]*(?: [A-Z][\w&.’'\-]*)*)(?:,| \()\s*(?:also\s+)?(?:known|referred to)\s+as\s+(?:the\s+)?"
    r"([A-Z][\w&.’'\-]*(?: [A-Z][\w&.’'\-]*)*)")
# "the Front's branch ‘Sarvan’", "its armed wing, known as “Al-Mansour”": a quoted name of a part of
# an organisation is an organisation, though the model rarely tags quoted names.
_BRANCH_WORDS = ("branch", "affiliate", "wing", "faction", "offshoot", "franchise", "cell", "chapter", "division",
                 "subsidiary")
_QUOTED_BRANCH = re.compile(
    r"\b(?:" + "|".join(_BRANCH_WORDS) + r")"
    r",?\s+(?:(?:called|named|known as)\s+)?[‘'\"“«]([A-Z][\w\-]+(?: [A-Z][\w\-]+){0,3})[’'\"”»]")
_NAME = r"[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*"
_RENAMED = re.compile(
    rf"changed\s+(?:his|her|its|their)\s+(?:sur)?name\s+(?:from\s+({_NAME})\s+)?to\s+(?:the\s+[\w\- ]*?)?({_NAME})")
_WORD_BEFORE_HYPHEN = re.compile(r"(?<![\w-])([a-z]+)-$")
_HYPHEN_NAME_GOES_ON = re.compile(r"[a-z]+-[A-Z]")
_FORMERLY = re.compile(r"([A-Z][\w&.\- ]{1,60}?),?\s+\(?formerly(?: known as)?\s+([A-Z][\w&.\- ]{1,60})")


@dataclass
class _Candidate:
    start: int
    end: int
    text: str
    label: str
    votes: bool = True  # False for occurrences we added: only the model's own typing votes
    modifier: bool = False  # used as an adjective ("Kesvarian workers"): evidence for NORP
    hint: str | None = None  # the longer name this shortened form stands for


@dataclass
class _Group:
    """All the mentions of one actor inside the document."""

    key: str
    labels: Counter = field(default_factory=Counter)
    key_labels: Counter = field(default_factory=Counter)  # the model's types for the full key itself
    modifiers: int = 0
    forms: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    words: tuple[str, ...] = field(init=False)  # of the key, split once: _attach compares them often

    def __post_init__(self) -> None:
        self.words = tuple(self.key.split())


def clean_span(text: str, start: int) -> tuple[str, int] | None:
    """Strip edge punctuation, a leading "the" and a possessive; None when nothing name-like is left."""
    lead = len(text) - len(text.lstrip(_EDGE_PUNCT))
    text, start = text[lead:], start + lead
    if text[:4].lower() == "the ":
        text, start = text[4:], start + 4
    text = _POSSESSIVE.sub("", text).rstrip(_EDGE_PUNCT)
    if "\n" in text:
        text = text.split("\n", 1)[0].rstrip(_EDGE_PUNCT)
    if len(text) < 2 or not starts_like_name(text) or text.lower() in JUNK_WORDS:
        return None
    if not any(c.isalpha() for c in text) or text.lower() in TITLES:
        return None
    return text, start


def strip_titles(name: str) -> str:
    """Titles off a person's name ("Mr Roe", "Defence Minister Jane Roe"); a portfolio word opening
    a body's name stays: "Defense Ministry" is not "Ministry"."""
    stripped = _strip_person_titles(name)
    if stripped != name and " " not in stripped and stripped.lower() in ORG_HEADS:
        return name
    return stripped


def initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w and w[0].isupper())


def _is_modifier(ent) -> bool:
    """A one-word name used as an adjective: "Kesvarian workers", "French President"."""
    if len(ent) != 1 or ent.text.isupper():
        return False
    tok = ent[0]
    return tok.dep_ == "amod" or tok.tag_ == "JJ" or (
        tok.dep_ == "compound" and tok.head.i != tok.i and tok.head.text[:1].islower())


def _group_use(ent) -> bool:
    """A one-word demonym or group word used as an adjective ("Kesvarian workers") or in the plural
    ("the Kesvarians"): evidence for NORP. An organisation used as a modifier ("Redmark fighters",
    "Nordpress news agency") or a plural band name ("the Beatles") is not."""
    if len(ent) != 1 or not looks_like_group(ent.text):
        return False
    return _is_modifier(ent) or ent[0].tag_ in ("NNPS", "NNS")


def _syntactic_label(ent, label: str) -> str:
    """Correct the model's type from how a one-word name is used: a demonym used as an
    adjective or in the plural names a group of people (NORP); a name before a lowercase place
    noun ("the Sarybel region", "Orzhan river") is a place, whatever the model guessed; a
    "group" that no ending or word list marks as a people is kept only as the tagger's adjective."""
    if len(ent) != 1 or label not in ("PERSON", "ORG", "NORP"):
        return label
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    demonym = looks_like_group(ent.text)  # "Faroese islands", "Kesvarian regions": an adjective
    if nxt is not None and not demonym and (nxt.text in PLACE_NOUNS or nxt.text in LOCATION_HEADS):
        return "GPE" if nxt.text in PLACE_NOUNS and nxt.text not in NATURAL_FEATURES else "LOC"
    if _group_use(ent) or (ent[0].tag_ in ("NNPS", "NNS") and label == "PERSON"):
        return "NORP"  # a person's name is never plural
    if label == "NORP" and ent[0].tag_ != "JJ" and not looks_like_group(ent.text):
        return "GPE"  # no demonym ending, no adjective: the model's "group" is a place ("Port Selden")
    return label


def _model_candidates(doc: Doc, text: str) -> list[_Candidate]:
    out = []
    for ent in doc.ents:
        label = LABEL_MAP.get(ent.label_)
        place = place_by_context(ent, label or ent.label_)
        if label is None and place is None:
            continue
        cleaned = clean_span(ent.text, ent.start_char)
        if cleaned is None:
            continue
        base = place or _syntactic_label(ent, label)
        modifier = base != "GPE" and _is_modifier(ent) and looks_like_group(ent.text)
        for piece, start in refine(*cleaned):
            out.append(_typed_candidate(text, piece, start, base, modifier))
    out.extend(_Candidate(s.start_char, s.end_char, s.text, "GPE") for s in unlabelled_list_places(doc.ents))
    out = _with_text_spans(_dedupe(out), text)
    taken = [(c.start, c.end) for c in out]
    for s, e in body_names(text):  # public bodies the model left untagged
        if not any(s < b and a < e for a, b in taken):
            out.append(_Candidate(s, e, text[s:e], "ORG"))
    out = _untagged_facilities(out, text)
    for s, e in pseudonym_names(text):  # "the nom de guerre Karim Sayed"
        if not any(s < c.end and c.start < e for c in out):
            out.append(_Candidate(s, e, text[s:e], "PERSON"))
    out.sort(key=lambda c: c.start)
    out = _join_listed_portfolios(_split_descriptors(out), text)
    return _police_of_place(_org_of_place(out, text), text)


def _split_descriptors(cands: list[_Candidate]) -> list[_Candidate]:
    """'American SITE Intelligence Group': the group adjective is a NORP mention of its own and the
    organisation's name starts at the all-capitals word (entity_spans.descriptor_split)."""
    out = []
    for c in cands:
        at = descriptor_split(c.text) if c.label == "ORG" else None
        if at and looks_like_group(c.text[:at - 1]):
            out.append(_Candidate(c.start, c.start + at - 1, c.text[:at - 1], "NORP", modifier=True))
            out.append(_Candidate(c.start + at, c.end, c.text[at:], "ORG"))
        else:
            out.append(c)
    return out


def _join_listed_portfolios(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """'Committee on Religion, the Regulation of Traditions, Celebrations and Ceremonies': a body
    named for its remit ('<Committee> on|for ...') goes on over ', the' and a capitalised remit the
    model typed as a name of its own, unless that has a body's head word (then it is another body)."""
    out: list[_Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (prev and prev.label == "ORG" and c.label == "ORG" and text[prev.end:c.start] in (", the ", ", ")
                and re.search(r"\b(?:on|for) [A-Z]", prev.text)
                and prev.text.split()[0].lower() in BODY_HEADS
                and not any(w.lower() in BODY_HEADS | ORG_HEADS for w in c.text.split())):
            out[-1] = _Candidate(prev.start, c.end, text[prev.start:c.end], "ORG")
            continue
        out.append(c)
    return out


def _police_of_place(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """'Kenora police said': a place the document names (or the place of its 'Kenora Police
    Service'), then "police", is that place's police force (ORG), and the short form of its
    'Kenora Police Department' or 'Kenora Police Service' when the document names exactly one."""
    forces = [c.text for c in cands if c.label == "ORG" and " Police " in c.text]
    places = {c.text for c in cands if c.label in ("GPE", "LOC")} | {f.split(" Police ")[0] for f in forces}
    found = [m for m in _PLACE_POLICE.finditer(text) if m.group(1) in places] if " police" in text else []
    if not found:
        return cands
    out = [c for c in cands if not any(c.start < m.end() and m.start() < c.end for m in found)]
    for m in found:
        named = {f for f in forces if f.startswith(m.group(1) + " Police ")}
        hint = named.pop() if len(named) == 1 else None
        out.append(_Candidate(m.start(), m.end(), m.group(), "ORG", hint=hint))
    out.sort(key=lambda c: c.start)
    return out


def _untagged_facilities(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """Facility names the model left untagged. Model spans that open the name (a group adjective:
    "the Anglican Al-Noor Mercy Hospital") stay and the name starts after them; a group word
    inside it ("Nour Arab hospital") is part of the name; a name overlapping any other span is left."""
    out = list(cands)
    for s, e in facility_names(text) + facility_names_lower(text):
        leading = True
        while leading:
            leading = False
            for c in out:
                if c.start == s and c.end < e:
                    s, leading = min(e, c.end + 1), True
        inner = [c for c in out if s < c.end and c.start < e]
        if len(text[s:e].split()) < 2 or any(c.label != "NORP" or not (s <= c.start and c.end <= e) for c in inner):
            continue
        out = [c for c in out if c not in inner]
        out.append(_Candidate(s, e, text[s:e], "FAC"))
    return out


def _org_of_place(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """'the National Guard' + ' of ' + 'Russia': a body's name followed by "of" and a place
    is one name ("National Guard of Valdria")."""
    out: list[_Candidate] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        head = c.text.split()[-1].lower()
        if (nxt and c.label == "ORG" and head in BODY_HEADS and nxt.label == "GPE"
                and text[c.end:nxt.start] == " of "):
            out.append(_Candidate(c.start, nxt.end, text[c.start:nxt.end], "ORG"))
            i += 2
            continue
        out.append(c)
        i += 1
    return out


def _with_text_spans(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """Names read from the text's own patterns win over the model's spans they overlap: a
    dateline's place and agency ("SELDEN, May 9. /NORPRESS/."), a ministry named in lower case
    ("the health ministry", "Valdria health ministry")."""
    spans = (dateline_spans(text) + [(s, e, "ORG") for s, e in lowercase_ministries(text)]
             + [(s, e, "ORG") for s, e in lowercase_missions(text, looks_like_group)])
    if not spans:
        return cands
    kept = [c for c in cands if not any(c.start < e and s < c.end for s, e, _ in spans)]
    # a dateline's text is its key; a ministry may be the short form of a longer name (see _attach_body)
    kept.extend(_Candidate(s, e, text[s:e], label, hint=text[s:e] if label == "GPE" else None) for s, e, label in spans
                if text[s:e].lower() not in JUNK_WORDS)
    kept.sort(key=lambda c: c.start)
    return kept


def _typed_candidate(text: str, piece: str, start: int, label: str, modifier: bool) -> _Candidate:
    """One span's candidate with the type its own words give it: a hyphenated place
    ("Ashby-on-Wold"), "Name region" or a dateline is a GPE, "Name hospital" a FAC, "the Name fire"
    or "Hurricane Name" an EVENT, a name's head word its kind."""
    end = start + len(piece)
    joined = hyphenated_place(text, start, end)
    if joined:
        start, end = joined
        return _Candidate(start, end, text[start:end], "GPE")
    region = region_end(text, end) if len(piece.split()) == 1 and label != "PERSON" else None
    if region:
        return _Candidate(start, region, text[start:region], "GPE")
    event = event_end(text, start, end) if label != "NORP" else None
    if event:
        return _Candidate(start, event, text[start:event], "EVENT")
    if piece.split()[0].lower() in STORM_WORDS and len(piece.split()) > 1:
        return _Candidate(start, end, piece, "EVENT")
    if is_dateline(text, start, end):
        return _Candidate(start, end, piece, "GPE")
    facility = facility_end(text, end) if label not in ("GPE", "LOC", "NORP") else None
    if facility:  # "a Valdria hospital" is a hospital in a place; "the al-Nasr hospital" is named
        return _Candidate(start, facility, text[start:facility], "FAC")
    return _Candidate(start, end, piece, head_label(piece, label) or label, modifier=modifier)


def _dedupe(cands: list[_Candidate]) -> list[_Candidate]:
    """One candidate per span: joining hyphenated names may give two fragments the same span."""
    seen, out = set(), []
    for c in cands:
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            out.append(c)
    return out


def _trim_place_prefix(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """'Kazgaria Nurlan Abdurakhmanov' (translated 'minister of emergency situations of Kazgaria
    Nurlan Abdurakhmanov'): a span that starts with a place named elsewhere in the article starts
    after it; right after an office ('minister of ... of Kazgaria'), what follows is a person."""
    places = {c.text for c in cands if c.label in ("GPE", "LOC", "NORP")}
    out = []
    for c in cands:
        first, _, rest = c.text.partition(" ")
        if first in places and len(rest.split()) >= 2 and c.label in ("PERSON", "ORG"):
            before = text[max(0, c.start - 60):c.start].lower().split()
            office = any(w.strip(",.") in TITLES for w in before[-8:]) and _person_like(rest)
            if c.label == "PERSON" or office:
                offset = len(first) + 1
                c = _Candidate(c.start + offset, c.end, rest, "PERSON", c.votes, c.modifier)
        out.append(c)
    return out


def _split_conjoined_people(cands: list[_Candidate]) -> list[_Candidate]:
    """'Keller and Brandt' typed as one name: two people when both are surnames of people the
    document names in full ('Trinidad and Tobago', named by nobody's surname, stays one)."""
    surnames = {c.text.split()[-1] for c in cands if c.label == "PERSON" and len(c.text.split()) > 1}
    out = []
    for c in cands:
        first, sep, second = c.text.partition(" and ")
        if sep and first in surnames and second in surnames:
            out.append(_Candidate(c.start, c.start + len(first), first, "PERSON"))
            out.append(_Candidate(c.end - len(second), c.end, second, "PERSON"))
        else:
            out.append(c)
    return out


def _person_like(name: str) -> bool:
    """Two or three capitalised words, none of them the head of a place or organisation name."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w.isalpha() and w[0].isupper() and w.lower() not in FEATURE_HEADS
                                        for w in words)


def _quoted_branches(text: str) -> list[_Candidate]:
    if not any(word in text for word in _BRANCH_WORDS):  # the pattern's literal anchor: a cheap test first
        return []
    return [_Candidate(m.start(1), m.end(1), m.group(1), "ORG") for m in _QUOTED_BRANCH.finditer(text)]


def _extend_truncated(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """'Selden' in 'the professor at Selden A&T': the model cut a longer name the article already
    used ('Selden A&T University'). A candidate that the text continues with the next words of a
    longer organisation or facility name becomes that shortened form of it."""
    label_of = {c.text: c.label for c in cands if c.label in ("ORG", "FAC") and len(c.text.split()) >= 3}
    long_names = sorted(label_of, key=len, reverse=True)
    out = []
    for c in cands:
        for name in long_names:
            words = name.split()
            if c.text == name or not name.startswith(c.text + " "):
                continue
            for k in range(len(words) - 1, len(c.text.split()), -1):
                prefix = " ".join(words[:k])
                if text.startswith(prefix, c.start) and not text[c.start + len(prefix):][:1].isalnum():
                    c = _Candidate(c.start, c.start + len(prefix), prefix, label_of[name], hint=name)
                    break
        out.append(c)
    # one candidate per span: extensions may now overlap later fragments of the same name
    out.sort(key=lambda c: (c.start, -c.end))
    kept: list[_Candidate] = []
    for c in out:
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept


def declared_aliases(text: str) -> list[tuple[str, str]]:
    """Pairs (name, alias) the article itself declares."""
    pairs: list[tuple[str, str]] = []
    # Each pattern but "or" needs a literal (a bracket, "known", "formerly", "changed"): a
    # substring test first skips the scan from every capital letter when it is absent.
    brackets = "(" in text, "[" in text
    for m in (_PAREN.finditer(text) if any(brackets) else ()):
        outer, inner = m.group(1).strip(), (m.group(2) or m.group(3)).strip()
        if _ACRONYM.match(inner) and _matches_initials(outer, inner):
            pairs.append((_trim_to_initials(outer, inner), inner))
        elif _ACRONYM.match(outer.split()[-1]) and _matches_initials(inner, outer.split()[-1]):
            pairs.append((inner, outer.split()[-1]))
    for m in (_NAMED_SHORT.finditer(text) if brackets[0] else ()):
        name = _capitalised_tail(m.group(1))
        if name and len(name.split()) >= 3 and name.split()[-1].lower() in ORG_HEADS:
            pairs.append((name, m.group(2)))
    for m in (_BRACKET.finditer(text) if brackets[1] else ()):
        name = _capitalised_tail(m.group(1))
        if name and not _matches_initials(name, m.group(2)) and name.split()[-1].lower() in ORG_HEADS:
            pairs.append((name, m.group(2)))
    for m in _OR_ALIAS.finditer(text):
        a, b = m.group(1), m.group(2)
        if _ACRONYM.match(a) and _ACRONYM.match(b):
            pairs.append((a, b))
    for rx, anchors in ((_KNOWN_AS, ("known", "referred to")), (_FORMERLY, ("formerly",))):
        for m in (rx.finditer(text) if any(a in text for a in anchors) else ()):
            pairs.append((m.group(1).strip(), m.group(2).strip()))
    for m in (_RENAMED.finditer(text) if "changed" in text else ()):
        if m.group(1):
            pairs.append((m.group(2), m.group(1)))
    return pairs


def _capitalised_tail(text: str) -> str | None:
    """The trailing run of capitalised words (and joiners inside it) of ``text``: 'the Flood and
    Coastal Defence Authority' -> 'Flood and Coastal Defence Authority'."""
    words = text.split()
    i = len(words)
    while i > 0 and (words[i - 1][:1].isupper() or words[i - 1].lower() in _NAME_JOINERS):
        if words[i - 1] == "the" and (i < 2 or words[i - 2].lower() not in _NAME_JOINERS):
            break  # "on Monday the Liberation Front": "the" opens the name; "Ministry of the Interior" goes on
        i -= 1
    tail = words[i:]
    while tail and (tail[0].lower() in _NAME_JOINERS or tail[0] in ("The", "A", "An")):
        tail = tail[1:]
    return " ".join(tail) if len(tail) >= 2 else None


def _place_for_body(label_of: dict[str, Counter], name: str, alias: str) -> bool:
    """'Ministry of the Interior (Kabul)': a bracketed place after a body is where it is, not its name."""
    kinds = label_of.get(alias)
    place = bool(kinds) and kinds.most_common(1)[0][0] in ("GPE", "LOC", "NORP")
    return place and name.split()[-1].lower() in ORG_HEADS


def _alias_map(aliases: list[tuple[str, str]]) -> dict[str, str]:
    """alias -> the name it finally stands for, following chains (VPF-N -> VPFN -> full name)."""
    direct = {strip_titles(alias): strip_titles(name) for name, alias in aliases}
    resolved = {}
    for alias in direct:
        seen, name = {alias}, direct[alias]
        while name in direct and name not in seen:
            seen.add(name)
            name = direct[name]
        if name != alias:
            resolved[alias] = name
    return resolved


def _matches_initials(long: str, acronym: str) -> bool:
    letters = re.sub(r"[^A-Z]", "", acronym.upper())
    return len(letters) >= 2 and letters in initials(long).upper()


def _trim_to_initials(long: str, acronym: str) -> str:
    """'the affiliate known as the Valdrian Liberation Front Northern Wing' + 'VPFN' -> the shortest
    trailing run of capitalised words whose initials spell the acronym."""
    words = long.split()
    letters = re.sub(r"[^A-Z]", "", acronym.upper())
    for i in range(len(words) - 1, -1, -1):
        tail = " ".join(words[i:])
        if initials(tail).upper().startswith(letters) or initials(tail).upper() == letters:
            return tail
    return long


def _occurrences(text: str, form: str) -> list[int]:
    """Starts of ``form`` as a whole word (no word character or hyphen on either side), left to
    right without overlaps. A plain search: compiling one pattern per form and document cost
    more than the scans themselves."""
    if len(form) < 2:
        return []
    starts = []
    start = text.find(form)
    while start != -1:
        end = start + len(form)
        if not (_joined_before(text, start) or _joined_after(text, end)):
            starts.append(start)
            start = text.find(form, end)
        else:
            start = text.find(form, start + 1)
    return starts


def _joined_before(text: str, start: int) -> bool:
    """Whether the name at ``start`` continues a longer word; after a prefix such as "pro-" or
    "anti-" it is a mention of its own ("pro-Valdria")."""
    if start > 0 and text[start - 1] == "-":
        m = _WORD_BEFORE_HYPHEN.search(text, max(0, start - 8), start)
        return not (m and m.group(1) in HYPHEN_PREFIXES)
    return _joins_word(text, start - 1)


def _joined_after(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` continues a longer word; before a lowercase suffix
    ("Redmark-run", "Valdria-backed") it is a mention, inside "Ashby-on-Wold" it is not."""
    if end < len(text) and text[end] == "-" and text[end + 1:end + 2].islower():
        return bool(_HYPHEN_NAME_GOES_ON.match(text, end + 1))
    return _joins_word(text, end)


def _joins_word(text: str, i: int) -> bool:
    """Whether the character at ``i`` makes a name part of a longer word: a letter, digit,
    underscore or hyphen (what the regex classes word-and-hyphen match)."""
    if not 0 <= i < len(text):
        return False
    ch = text[i]
    return ch.isalnum() or ch in "_-"


def _attach(forms_by_key: dict[str, _Group], cand: str, label: str) -> str | None:
    """The fuller name this short form refers to, if exactly one candidate fits."""
    words = tuple(cand.split())
    if label != "PERSON" and len(words) > 1:
        return _attach_body(forms_by_key, words, label)
    fits = []
    for key, group in forms_by_key.items():
        ktoks = group.words
        if len(ktoks) <= len(words):
            continue
        shorter = words[0] in (ktoks[-1], ktoks[0]) if len(words) == 1 else words == ktoks[-len(words):]
        # the vote is the dearer test, and only matters for a key the form fits
        if shorter and group.labels.most_common(1)[0][0] == "PERSON":
            fits.append(key)
    return fits[0] if len(fits) == 1 else None


def _extend_body_left(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """'the Al Noor Mercy Hospital' where the model took only 'Mercy Hospital': after a
    lowercase "the", the capitalised words right before an organisation or facility name belong
    to it. A name tagged there stays as it is."""
    taken = [(c.start, c.end) for c in cands]
    out = []
    for c in cands:
        m = None
        if c.label in _BODY_LABELS and " " in c.text and c.text.split()[-1].lower() in _BODY_HEAD_WORDS:
            m = _CAPS_AFTER_THE.search(text, max(0, c.start - 60), c.start)
        if m and m.end() == c.start and not any(a < c.start and m.start(1) < b for a, b in taken):
            name = text[m.start(1):c.end]
            c = _Candidate(m.start(1), c.end, name, head_label(name, c.label) or c.label, c.votes, c.modifier, c.hint)
        out.append(c)
    return out


def _attach_body(groups: dict[str, _Group], words: tuple[str, ...], label: str) -> str | None:
    """'the Mercy Hospital' after 'the Al Sadiq Mercy Hospital', 'Health Ministry' after
    'Valdria Health Ministry': a multiword organisation or facility name that ends exactly one longer
    organisation or facility name of the document is its short form, in any case ("the health
    ministry" after "the Valdria Health Ministry")."""
    if label not in _BODY_LABELS or words[-1].lower() not in _BODY_HEAD_WORDS:
        return None
    low = tuple(w.lower() for w in words)
    fits = [key for key, g in groups.items() if len(g.words) > len(words)
            and tuple(w.lower() for w in g.words[-len(words):]) == low
            and g.labels and g.labels.most_common(1)[0][0] in _BODY_LABELS]
    return fits[0] if len(fits) == 1 else None


def extract_mentions(doc: Doc) -> list[Mention]:
    """Actor mentions of one document, each keyed by the fullest form of its actor."""
    text = text_of(doc)
    cands = _extend_truncated(text, _trim_place_prefix(_model_candidates(doc, text), text) + _quoted_branches(text))
    cands = _split_conjoined_people(cands)
    aliases = declared_aliases(text)

    # Add every occurrence of declared alias forms and of established names the model missed.
    taken = [(c.start, c.end) for c in cands]
    label_of: dict[str, Counter] = defaultdict(Counter)
    for c in cands:
        label_of[c.text][c.label] += 1
    aliases = [(n, a) for n, a in aliases if not _place_for_body(label_of, n, a)]
    alias_label = {}
    for name, alias in aliases:
        lab = (label_of.get(name) or label_of.get(alias) or Counter({"ORG": 1})).most_common(1)[0][0]
        alias_label[name] = alias_label[alias] = lab
    forms = {c.text: c.label for c in cands if len(c.text) > 2}
    forms.update(alias_label)
    declared = {n for pair in aliases for n in pair}
    for form, label in sorted(forms.items(), key=lambda kv: -len(kv[0])):
        for start in _occurrences(text, form):
            end = start + len(form)
            if form in declared:  # a declared full name wins over shorter model spans inside it
                inside = [c for c in cands if start <= c.start and c.end <= end and (c.start, c.end) != (start, end)]
                for c in inside:
                    cands.remove(c)
                    taken.remove((c.start, c.end))
            if any(s < end and start < e for s, e in taken):
                continue
            cands.append(_Candidate(start, end, form, label, votes=False))
            taken.append((start, end))
    cands.extend(_recovered(text, cands, _alias_map(aliases)))
    cands = _extend_body_left(cands, text)
    cands.sort(key=lambda c: (c.start, -c.end))
    credits = credit_spans(text)
    if credits:
        cands = [c for c in cands if not any(s <= c.start and c.end <= e for s, e in credits)]

    # Group: the fullest name first, then short forms attach to it.
    groups: dict[str, _Group] = {}
    alias_to_name = _alias_map(aliases)
    keys: list[str] = []
    for c in sorted(cands, key=lambda c: -len(strip_titles(c.text).split())):
        base = strip_titles(c.text)
        key = c.hint or alias_to_name.get(base) or _attach(groups, base, c.label) or base
        group = groups.setdefault(key, _Group(key))
        group.labels[c.label] += 1 if c.votes else 0
        group.key_labels[c.label] += 1 if c.votes and base == key else 0
        group.modifiers += c.modifier
        group.forms.add(c.text)
    for alias, name in alias_to_name.items():
        if name in groups:
            groups[name].aliases.add(alias)

    _titled_aliases(doc, cands, groups, alias_to_name)
    _russified_forms(text, cands, groups)
    for group in groups.values():
        inverted = inverted_body_name(group.key)
        if inverted is not None:
            group.aliases.add(inverted)

    # Type repair: a short form that is a person's surname is that person even when typed ORG/GPE.
    result = []
    for c in cands:
        base = strip_titles(c.text)
        key = (c.hint or alias_to_name.get(base) or _attach(groups, base, "PERSON")
               or _attach(groups, base, c.label) or _russified_owner(groups, base) or base)
        group = groups.get(key) or groups.setdefault(key, _Group(key, Counter({c.label: 1})))
        label = _vote(group)
        keys.append(key)
        result.append(Mention(c.start, c.end, c.text, label, key, tuple(sorted(group.aliases))))
    return result


# Heads of public bodies whose names English writes both ways: "Ministry of Health" and
# "Health Ministry", "Directorate of Military Intelligence" and "military intelligence directorate".
_INVERTIBLE_HEADS = frozenset({"ministry", "directorate", "department"})
_ADJECTIVE_PORTFOLIOS = frozenset({"foreign", "economic", "military"})
_HEAD_OF = re.compile(r"^(?P<pre>(?:\S+\s+)*?)(?P<head>\S+)\s+of\s+(?:the\s+)?(?P<rest>[^\W\d_][\w\s\-]*)$")


def inverted_body_name(name: str) -> str | None:
    """The other word order of a public body's name: "Kesvarian Ministry of Health" ->
    "Kesvarian Health Ministry", "military intelligence directorate" -> "directorate of
    military intelligence", "Port Selden Health Ministry" -> "Port Selden Ministry of Health". In news
    writing both orders name the same body; only the portfolio words (the ones right before the
    head that name a field, MINISTRY_PORTFOLIOS) move behind "of", so a place or an owner
    written before them stays in front."""
    words = name.split()
    if len(words) < 2:
        return None
    m = _HEAD_OF.match(name)
    if m is not None and m.group("head").lower() in _INVERTIBLE_HEADS:
        rest = m.group("rest").split()
        if not rest or len(rest) > 3 or any(w.lower() in ("of", "and", "for") for w in rest):
            return None
        return " ".join(m.group("pre").split() + rest + [m.group("head")])
    head = words[-1]
    if head.lower() not in _INVERTIBLE_HEADS:
        return None
    i = len(words) - 1
    while i > 0 and words[i - 1].lower() in MINISTRY_PORTFOLIOS:
        i -= 1
    if i == len(words) - 1 or words[-2].lower() in _ADJECTIVE_PORTFOLIOS:
        return None  # "Foreign Ministry" is no "Ministry of Foreign"
    return " ".join(words[:i] + [head, "of"] + words[i:-1])


def _recovered(text: str, cands: list[_Candidate], alias_to_name: dict[str, str]) -> list[_Candidate]:
    """Surnames, typos and transliterations of established names the model left untagged
    (analyze/mention_recall.py), each keyed by the name it stands for."""
    persons = sorted({n for n in (strip_titles(c.text) for c in cands if c.label == "PERSON") if " " in n})
    surnames = surname_index(persons)
    name_words: dict[str, tuple[str, str]] = {s: (n, "PERSON") for s, n in surnames.items()}
    other: set[str] = set()
    for c in cands:
        base = strip_titles(c.text)
        words = base.split()
        if c.label != "PERSON" and (len(words) > 1 or base not in surnames):
            other.update(w for w in words if w[:1].isupper())
        if len(words) == 1 and base not in name_words:
            key = surnames.get(base) or c.hint or alias_to_name.get(base) or base
            name_words[base] = (key, "PERSON" if base in surnames else c.label)
    for c in cands:  # "Rowe" misspelt and tagged alone (as a person or, often, an organisation)
        if c.label in ("PERSON", "ORG") and not c.hint and " " not in c.text and c.text not in surnames:
            target = variant_target(c.text, {s: name_words[s] for s in surnames})
            c.hint = target[0] if target else None
    taken = [(c.start, c.end) for c in cands]
    return [_Candidate(r.start, r.end, r.text, r.label, votes=False, hint=r.key)
            for r in recover(text, taken, persons, name_words, other)]


def _titled_aliases(doc: Doc, cands: list[_Candidate], groups: dict[str, _Group],
                    alias_to_name: dict[str, str]) -> None:
    """'Mr Kovar', 'President Lind': the titled form is how readers search for the person."""
    text = text_of(doc)
    for c in cands:
        before = text[max(0, c.start - 16):c.start]
        m = re.search(r"([A-Z][a-z]{1,12}\.?)\s$", before)
        if m and m.group(1).lower() in TITLES:
            base = strip_titles(c.text)
            key = alias_to_name.get(base) or _attach(groups, base, c.label) or base
            if key in groups:
                groups[key].aliases.add(f"{m.group(1)} {c.text}")


def _russified_forms(text: str, cands: list[_Candidate], groups: dict[str, _Group]) -> None:
    """A person's surname with or without the Russian -ov/-ev ending ("Kovarov" for "Kovar",
    dropped by de-Russification decrees) is the same person; add those occurrences."""
    taken = [(c.start, c.end) for c in cands]
    for key, group in list(groups.items()):
        words = key.split()
        if len(words) < 2 or group.labels.most_common(1)[0][0] != "PERSON":
            continue
        surname = words[-1]
        variants = [surname + "ov", surname + "ev"] if not surname.endswith(("ov", "ev")) else [surname[:-2]]
        for form in variants:
            for start in _occurrences(text, form):
                end = start + len(form)
                if not any(s < end and start < e for s, e in taken):
                    cands.append(_Candidate(start, end, form, "PERSON", votes=False))
                    taken.append((start, end))
                    group.forms.add(form)
    cands.sort(key=lambda c: (c.start, -c.end))


def _russified_owner(groups: dict[str, _Group], form: str) -> str | None:
    return next((k for k, g in groups.items() if form in g.forms and k != form), None)


def _vote(group: _Group) -> str:
    """One type per actor. A full name the model calls a person is a person whatever its
    surname-only mentions were typed ("Harwood said" as ORG); otherwise the majority, with
    places preferred for a name never used as a demonym."""
    if not +group.labels:
        return "ORG"
    full = (+group.key_labels).most_common(1)
    person = group.labels["PERSON"] >= group.labels["ORG"] or (full and full[0][0] == "PERSON")
    if group.labels["PERSON"] and len(group.key.split()) > 1 and person:
        return "PERSON"
    places = group.labels["GPE"] + group.labels["LOC"]
    best, _ = group.labels.most_common(1)[0]
    if places and best in ("GPE", "LOC", "NORP") and not group.modifiers:
        # a name the model also calls a place, never used as an adjective, is a place
        return "GPE" if group.labels["GPE"] >= group.labels["LOC"] else "LOC"
    return best


@Language.factory("storyline_entities", requires=["doc.ents", "token.dep", "token.tag", "token.lemma"],
                  assigns=["doc._.storyline_mentions"])
def make_entities(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def component(doc: Doc) -> Doc:
        doc._.storyline_mentions = extract_mentions(doc)
        return doc

    return component
