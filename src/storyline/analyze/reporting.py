"""Data tables for the quote stage (analyze): reporting verbs, attribution cues, quote marks.

Kept apart from the algorithm in ``quotes.py``, ``speakers.py`` and ``quotemarks.py`` so that the
word lists can be reviewed and extended without touching the code. Every entry is a lower-case
lemma or surface form. Honorifics and pronouns, shared with the relation stage, are in
``resources/people.py``.
"""
from __future__ import annotations

# Verbs that introduce someone's words, direct or reported ("said", "told", "warned", "wrote").
REPORTING_VERBS: frozenset[str] = frozenset(
    """
    say tell add note warn write read state explain claim argue insist admit acknowledge announce
    declare comment remark reply respond answer ask continue recall estimate predict report confirm
    deny allege contend stress emphasize emphasise conclude concede assert maintain observe testify
    tweet post complain mention reveal caution wonder quip joke shout cry whisper boast demand plead
    propose recommend advise forecast speculate lament inform tell urge suggest believe think
    describe call agree promise vow pledge threaten designate refer label brand dub term accuse
    blame predict recount exclaim interject muse yell scream chant sing proclaim affirm reiterate
    retort counter acknowledge disclose signal underline highlight liken compare speak charge
    condemn decry denounce dismiss hail praise slam criticise criticize characterise characterize
    portray attribute indicate
    """.split()
)

# Reporting verbs that also govern a reported clause without quote marks ("X said that ...").
# Narrower than REPORTING_VERBS: "call", "describe" or "agree" do not report a statement.
INDIRECT_VERBS: frozenset[str] = frozenset(
    """
    say tell acknowledge admit claim argue insist note warn explain add state announce report
    suggest estimate confirm deny allege contend stress emphasize emphasise concede assert
    believe think indicate predict reveal disclose reiterate testify conclude write
    """.split()
)

# Verbs that label something with a quoted word rather than report speech; a quoted fragment
# that is their object is attributed to their subject ("designated X as a 'country of concern'").
LABELLING_VERBS: frozenset[str] = frozenset(
    """
    call describe designate refer label brand dub term liken compare condemn decry denounce dismiss
    hail praise slam criticise criticize characterise characterize portray attribute
    """.split()
)

# Forms of reporting verbs that end a source phrase after a quotation ("…,” the statement read.);
# read as a cue even where the tagger took them for nouns.
CUE_FORMS: frozenset[str] = frozenset("said says told added adds read reads wrote writes stated noted".split())

# Multi-word source cues: "according to X", "in the words of X".
SOURCE_PREPOSITIONS: tuple[tuple[str, ...], ...] = (
    ("according", "to"),
    ("in", "the", "words", "of"),
    ("quoted", "by"),
)

# Opening mark -> closing marks it may pair with. ASCII marks pair with themselves; their
# direction is read from the surrounding characters.
QUOTE_PAIRS: dict[str, str] = {
    "\u201c": "\u201d\u201c\"",  # “ ” (and the German „ “ closing style handled below)
    "\u201e": "\u201c\u201d",  # „ “ / „ ”
    "\u00ab": "\u00bb",  # « »
    "\u00bb": "\u00ab",  # » « (Danish / German style)
    "\u2039": "\u203a",  # ‹ ›
    "\u203a": "\u2039",  # › ‹ (German style)
    "\u2018": "\u2019'",  # ‘ ’ (and a straight closing mark, as scrapers mix styles)
    "\u201a": "\u2018\u2019",  # ‚ ‘
    "\u201d": "\u201d",  # ” ” (Finnish and Swedish style)
    '"': '"\u201d',
    "'": "'\u2019",
}
DOUBLE_OPENERS: str = "\u201c\u201e\u00ab"
SINGLE_OPENERS: str = "\u2018\u201a\u2039"

# Opening marks that are never an apostrophe nor a closing mark when no quotation is open:
# they open wherever words follow them, whatever stands before.
UNAMBIGUOUS_OPENERS: str = "\u201c\u201e\u00ab\u201a\u2039"

# Closing marks written as two single ones ("’’", "''"), as typewriter-era copy and some
# scrapers do: they close a double quotation.
DOUBLED_CLOSERS: tuple[str, ...] = ("\u2019\u2019", "''")

# Closing marks that never open a quotation nor stand for an apostrophe: one with no opening
# mark before it in its paragraph is a quotation whose opening mark was lost.
UNAMBIGUOUS_CLOSERS: str = "\u201d"

# Guillemets: French typography puts a space inside them (« comme ça »), so a space after the
# opening one or before the closing one does not stop them pairing.
SPACED_MARKS: str = "\u00ab\u00bb\u2039\u203a"

# Marks a paragraph may open with to carry on a quotation left open in the paragraph before:
# the opening mark itself, and for guillemets also the closing one (older French usage).
CONTINUATION_MARKS: dict[str, str] = {"\u00ab": "\u00ab\u00bb", "\u2039": "\u2039\u203a"}

# Nouns before a quoted Title Case phrase that make it a name or title, not speech.
TITLE_CUES: frozenset[str] = frozenset(
    """
    called named dubbed titled entitled nicknamed codenamed branch magazine newspaper book film
    song album show programme program series operation campaign slogan hashtag brand so-called
    """.split()
)

# Entity labels that can speak.
SPEAKER_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "NORP"})

# A quote with at least this many words, or one opening a sentence, is a full quotation; shorter
# embedded ones are fragments and need a syntactic link to a reporting verb.
FULL_QUOTE_MIN_WORDS: int = 6

# How many tokens after a closing mark the reporting verb may sit ("," said X / the president said /
# "," a statement published on the committee's channel read); the words before it must all be
# its subject.
TRAILING_CUE_WINDOW: int = 16
