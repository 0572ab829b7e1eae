"""Analyze stage: the minimal name span inside what the statistical NER marked.

Gold conventions name an actor by its minimal span, possessive dropped. The model's spans on news
text often carry more or less than that; these rules fix the recurring cases:
- a name inside a hyphenated modifier is the name: "pro-Valdria", "Redmark-run", "Kesvarian-language";
- a hyphenated place name is one name: "Ashby-on-Wold", "Stratford-upon-Avon";
- a role word the span ran over is not part of the name: "Selden Spokesman" -> "Selden";
- a legal form closing a company name is dropped: "Acme Industries Co" -> "Acme Industries";
- "Name/Platform" (a handle glued to a name) keeps the name; "Vell's Kessel" is two names;
- a name followed by "region" or "oblast" names the region: "the Kesvar region"; a name that is
  not a place followed by a facility noun names the facility: "the al-Nasr hospital"; "the Selden
  fire" names an event.
"""
from __future__ import annotations

import re

from storyline.resources.entity_types import (BODY_HEADS, DISASTER_NOUNS, FACILITY_HEADS, HYPHEN_PREFIXES, LEGAL_FORMS,
                                              MINISTRY_PORTFOLIOS, NAME_HEADS, ORG_HEADS, POSSESSOR_NOUNS,
                                              REGION_NOUNS, ROLE_WORDS)
from storyline.resources.names import TITLES

_LEADING_PARTICLE = re.compile(r"^[a-z]{1,3}-[A-Z]")  # al-Hakimi, ad-Din: the particle is part of the name
_PREFIX = re.compile(r"^([a-z]+)-(?=[A-Z])")
_SUFFIX = re.compile(r"-[a-z][a-z\-]*$")
_HYPHEN_PLACE = re.compile(
    r"[A-Z][\w’']*(?:-(?:on|upon|sur|sous|am|an|en|de|di|la|le|les|du|in|by|under|over)-[A-Z][\w’']*)+")
_INNER_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
_REGION_AFTER = re.compile(r"\s+(" + "|".join(sorted(REGION_NOUNS)) + r")\b", re.IGNORECASE)
_FACILITY_AFTER = re.compile(r"\s+((?:refugee\s+)?(?:" + "|".join(sorted(FACILITY_HEADS)) + r"))\b")
_DISASTER_AFTER = re.compile(r"\s+(" + "|".join(sorted(DISASTER_NOUNS)) + r")\b")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+(?:[a-z]+(?<!est)\s+)?$")  # "the deadly Selden fire", not "the deadliest"
_DATELINE_AFTER = re.compile(r"\s*(?:,|\(|\s[-–—]\s)")
# "the health ministry", "Valdria health ministry" (a name glued before it), "Valdria's foreign ministry",
# "the Redmark-run health ministry"
_PORTFOLIO = "|".join(sorted(MINISTRY_PORTFOLIOS))
# "France's military intelligence directorate": a directorate is named the same way, and a
# portfolio may take two words.
_LOWER_BODIES = ("ministry", "directorate")  # the heads of a body named in lower case (the pattern's anchors)
_MINISTRY = re.compile(r"(?:(?<![\w-])([A-Z]\w*(?:-[A-Z]\w*)*)\s+|\b[Tt]he\s+|['’]s\s+|-[a-z]+\s+)"
                       r"((?:(?:" + _PORTFOLIO + r")\w*\s+){1,2}(?:" + "|".join(_LOWER_BODIES) + r"))\b")
_DATELINE = re.compile(r"(?m)^([A-Z][A-Z'\-]{2,}(?: [A-Z][A-Z'\-]+){0,2})(?=[,.] )")
_DATELINE_AGENCY = re.compile(r"[/(]([A-Z][A-Za-z]{1,20})[/)]")
_BODY = re.compile(r"(?<![\w\-’'])((?:[A-Z][a-z]+\s+){1,4}(?:" + "|".join(sorted(w.title() for w in BODY_HEADS))
                   + r"))\b")
# facility heads that are rarely a surname ("Stuart Hall", "Jim Bridge" are people)
_NAMED_FACILITY_HEADS = ("Hospital", "Clinic", "Infirmary", "Airport", "Airfield", "Aerodrome", "Airbase", "Stadium",
                         "Arena", "Dam", "Prison", "Jail", "Penitentiary", "Cathedral", "Mosque", "Temple", "Synagogue",
                         "Palace", "Refinery")
_NAME_WORD = r"(?:[A-Z][\w’'\-]*|[a-z]{1,3}-[A-Z][\w\-]*)"
_FACILITY = re.compile(r"(?<![\w\-’'])((?:" + _NAME_WORD + r"\s+){1,4}(?:" + "|".join(_NAMED_FACILITY_HEADS)
                       + r"))\b")
_LOWER_FACILITY_HEADS = tuple(w.lower() for w in _NAMED_FACILITY_HEADS)
_FACILITY_LOWER = re.compile(r"(?<![\w’'])((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){2,3})(" + "|".join(
    _LOWER_FACILITY_HEADS) + r")\b")
_CREDIT = re.compile(r"\b(?:Credit|Credits|Photo|Photos|Picture|Image|Photograph|Photography)\s*:[^\n]*")
_PLACE_ON_PLACE = re.compile(r"^([A-Z][\w’']+) (?:on|in) ([A-Z][\w’']+)$")
_TRAILING_CREDIT = re.compile(r"(?<=[.”\"’] )([A-Z]{2,}(?:/[A-Z]{2,})*)[\s.]*\Z")
_FUNCTION_WORDS = frozenset({"of", "the", "for", "and"})


def starts_like_name(text: str) -> bool:
    """Capitalised, or an Arabic-style particle before a capitalised name ('al-Hakimi')."""
    return text[:1].isupper() or bool(_LEADING_PARTICLE.match(text))


def trim_hyphen_affix(text: str, start: int) -> tuple[str, int]:
    """'pro-Valdria' -> 'Valdria', 'Redmark-run' -> 'Redmark'; 'al-Hakimi' and 'Ashby-on-Wold' stay."""
    m = _PREFIX.match(text)
    if m and m.group(1) in HYPHEN_PREFIXES:
        text, start = text[m.end():], start + m.end()
    if not _HYPHEN_PLACE.fullmatch(text):
        m = _SUFFIX.search(text)
        if m and m.start() > 0:
            text = text[:m.start()]
    return text, start


def strip_role_tail(text: str) -> str | None:
    """Drop role words closing a name ('Selden Spokesman' -> 'Selden'); None when the span is
    nothing but roles and titles ('Rear Admiral'). 'Office of the President' keeps its last word."""
    words = text.split()
    if all(w.lower().rstrip(".") in ROLE_WORDS or w.lower() in TITLES for w in words):
        return None
    while len(words) > 1 and words[-1].lower().rstrip(".") in ROLE_WORDS and words[-2].lower() not in _FUNCTION_WORDS:
        words.pop()
    return " ".join(words)


def strip_legal_form(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[-1].lower().strip(".,") in LEGAL_FORMS:
        words.pop()
    return " ".join(words).rstrip(",")


def split_pieces(text: str, start: int) -> list[tuple[str, int]]:
    """'Name/X' keeps 'Name' (not 'POW/MIA Agency'); 'Vell's Kessel' gives 'Vell' and 'Kessel' (a possessor and a name),
    while "Harbour Workers' Union" is one name; 'Port Selden on Vell' is two."""
    head, slash, tail = text.partition("/")
    if slash and " " not in tail:  # "Name/X" (a handle); "POW/MIA Accounting Agency" is one name
        text = head.rstrip()
    m = _PLACE_ON_PLACE.match(text)  # "Port Selden on Vell": a town and its island
    if m and m.group(1).lower() not in NAME_HEADS:  # "Committee on Religion" is one name
        return [(m.group(1), start), (m.group(2), start + m.start(2))]
    m = _INNER_POSSESSIVE.search(text)
    if m and m.start() > 1 and text[:m.start()].split()[-1].lower() not in POSSESSOR_NOUNS:
        return [(text[:m.start()], start), (text[m.end():], start + m.end())]
    return [(text, start)] if text else []


def refine(text: str, start: int) -> list[tuple[str, int]]:
    """The minimal name spans inside one cleaned model span, as (text, start) pairs."""
    text, start = trim_hyphen_affix(text, start)
    out = []
    for piece, at in split_pieces(text, start):
        piece = strip_role_tail(piece)
        if piece is None:
            continue
        piece = strip_legal_form(piece)
        if len(piece) >= 2:
            out.append((piece, at))
    return out


def hyphenated_place(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The hyphenated place name ('Ashby-on-Wold') a span lies inside, when it is longer."""
    lo = max(0, start - 40)
    for m in _HYPHEN_PLACE.finditer(text, lo, min(len(text), end + 40)):
        if m.start() <= start and end <= m.end() and m.end() - m.start() > end - start:
            return m.start(), m.end()
    return None


def region_end(text: str, end: int) -> int | None:
    """End of 'Name region' when a region noun follows the name ('the Dorva region')."""
    m = _REGION_AFTER.match(text, end)
    return m.end() if m else None


def facility_end(text: str, end: int) -> int | None:
    """End of 'Name hospital' when a lowercase facility noun follows a name ('the al-Nasr
    hospital', 'the al-Sarwa refugee camp'): name and noun are the facility's name."""
    m = _FACILITY_AFTER.match(text, end)
    return m.end() if m else None


def event_end(text: str, start: int, end: int) -> int | None:
    """End of 'the Name fire' ('the Selden fire', 'the deadly Vell wildfires'): a definite name
    followed by a disaster noun names one event. 'the deadliest US wildfire' is no name."""
    m = _DISASTER_AFTER.match(text, end)
    if m and not text[start:end].isupper() and _THE_BEFORE.search(text, max(0, start - 20), start):
        return m.end()
    return None


def is_dateline(text: str, start: int, end: int) -> bool:
    """'PORT SELDEN, Valdria (Reuters) -': a capitalised word opening a paragraph before a comma,
    a bracket or a dash is the dateline's place."""
    at_line_start = start == 0 or text[start - 1] == "\n"
    return at_line_start and text[start:end].isupper() and bool(_DATELINE_AFTER.match(text, end))


def lowercase_ministries(text: str) -> list[tuple[int, int]]:
    """Spans of ministries named in lower case ('the health ministry'); a capitalised name glued
    right before it belongs to it ('Valdria health ministry'), a possessor does not."""
    out: list[tuple[int, int]] = []
    if not any(head in text for head in _LOWER_BODIES):  # the pattern's literals: a cheap test first
        return out
    for m in _MINISTRY.finditer(text):
        start = m.start(1) if m.group(1) and m.group(1) not in ("The", "A", "An") else m.start(2)
        out.append((start, m.end(2)))
    return out


def dateline_spans(text: str) -> list[tuple[int, int, str]]:
    """'SELDEN, May 9. /NORPRESS/.' opening a paragraph: the place (GPE) and the agency in
    slashes or brackets right after it (ORG)."""
    out = []
    for m in _DATELINE.finditer(text):
        out.append((m.start(1), m.end(1), "GPE"))
        agency = _DATELINE_AGENCY.search(text, m.end(1), min(len(text), m.end(1) + 30))
        if agency:
            out.append((agency.start(1), agency.end(1), "ORG"))
    return out


def _capitalised_names(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Spans of group 1 of ``pattern`` of two words or more; a sentence-opening article is not
    part of the name."""
    out = []
    for m in pattern.finditer(text):
        start = m.start(1)
        first = m.group(1).split()[0]
        if first in ("The", "A", "An", "This", "That"):
            start += len(first) + 1
        if len(text[start:m.end(1)].split()) >= 2:
            out.append((start, m.end(1)))
    return out


def body_names(text: str) -> list[tuple[int, int]]:
    """Capitalised names of public bodies ('Standards Committee', 'Emergency Management Agency')."""
    return _capitalised_names(_BODY, text)


def facility_names(text: str) -> list[tuple[int, int]]:
    """Capitalised facility names ('Al-Noor Mercy Hospital', 'Kestrel Airport')."""
    return _capitalised_names(_FACILITY, text)


def facility_names_lower(text: str) -> list[tuple[int, int]]:
    """'the Christian-run Nour Arab hospital': two or three capitalised words before a lowercase
    facility noun name the facility; a sentence-opening article is not part of them."""
    out: list[tuple[int, int]] = []
    if not any(head in text for head in _LOWER_FACILITY_HEADS):  # the pattern's literal: a cheap test first
        return out
    for m in _FACILITY_LOWER.finditer(text):
        start, words = m.start(1), m.group(1).split()
        if words[0] in ("The", "A", "An", "This", "That"):
            start, words = start + len(words[0]) + 1, words[1:]
        if len(words) >= 2:
            out.append((start, m.end(2)))
    return out


def credit_spans(text: str) -> list[tuple[int, int]]:
    """'Credit: Jane Roe/Agency', 'Photo: AP': a photo credit names photographers and agencies,
    not actors of the story; so does an all-capitals agency closing the text ('... said. REUTERS')."""
    spans = [(m.start(), m.end()) for m in _CREDIT.finditer(text)]
    tail = _TRAILING_CREDIT.search(text)
    if tail:
        spans.append((tail.start(1), tail.end(1)))
    return spans


# "the Kesvarian embassy in Port Selden", "the US consulate": a country's diplomatic mission named in
# lower case after the country's adjective (or its initials) is an organisation; the adjective is
# part of that name, not a separate group mention.
_MISSION_HEADS = ("embassy", "consulate", "high commission")  # the pattern's literals
_MISSION = re.compile(r"(?<![\w\-’'])([A-Z][a-z]+|U\.?S\.?|UK|EU)\s+(" + "|".join(_MISSION_HEADS) + r")\b")
# "using the nom de guerre Karim Sayed", "under the pseudonym Jan Vell": a cue that the two or three
# capitalised words after it are a person's name (the model often leaves such names untagged). One
# word after "alias" is more often a handle ("alias Tee-222") and a code name a product's.
_PSEUDONYM_CUES = ("nom de guerre", "noms de guerre", "pseudonym", "pen name", "alias")
_PSEUDONYM = re.compile(r"\b(?:" + "|".join(_PSEUDONYM_CUES) + r")\s+"
                        r"([A-Z][a-z][\w’'\-]*(?:\s+[A-Z][a-z][\w’'\-]*){1,2})")


def lowercase_missions(text: str, is_adjective) -> list[tuple[int, int]]:
    """Spans of '<Adjective> embassy' / '<Adjective> consulate' where ``is_adjective`` accepts the
    capitalised word (a country's adjective) or it is a country's initials ('US', 'UK')."""
    out: list[tuple[int, int]] = []
    if not any(head in text for head in _MISSION_HEADS):  # a cheap test first, as for the other patterns
        return out
    for m in _MISSION.finditer(text):
        word = m.group(1)
        if word.isupper() or "." in word or is_adjective(word):
            out.append((m.start(1), m.end(2)))
    return out


def pseudonym_names(text: str) -> list[tuple[int, int]]:
    """Names of two or three capitalised words right after 'nom de guerre', 'pseudonym', 'pen name', 'alias'."""
    if not any(cue in text for cue in _PSEUDONYM_CUES):
        return []
    return [(m.start(1), m.end(1)) for m in _PSEUDONYM.finditer(text)]


def descriptor_split(name: str) -> int | None:
    """'American SITE Intelligence Group': a group adjective before an organisation's name that opens
    with an all-capitals word and ends in an organisation's head word describes its nationality, it
    is not part of the name ('European HDTV Summit' is no organisation of that shape). Returns the
    offset where the name proper starts."""
    words = name.split()
    if (len(words) >= 3 and words[1].isupper() and words[1].isalpha() and len(words[1]) >= 2
            and words[-1].lower() in ORG_HEADS):
        return len(words[0]) + 1
    return None
