"""Clean stage: the boilerplate rules that read a line's place among the other lines.

* the headline (see ``headline``): matched to the URL, else the best headline-shaped line above
  the lead; its copies go;
* repetition: a paragraph printed twice in a row (a scraper's double print), a deck or pull
  quote that repeats one to three sentences of a longer paragraph, lines shared with other
  documents at the file's edges;
* teasers: the headline printed under a bare "Read more:" label, a summary cut off after a
  function word ("... where the chief launched an...");
* position: short non-sentences above the first or below the last sentence (kickers, author
  names), captions and kickers between a removed headline or deck and the lead, a lead-in
  ("How to help:") whose list was removed to the end of the file, interface strings in another
  script than the article's. Between the lead and the last sentence nothing is removed on shape
  alone, so subheadings, bullets and one-line quotes survive.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence

from storyline.clean.headline import (clean_title, matches_slug, reads_like_standfirst, slug_overlap,
                                      slug_words)
from storyline.clean.lines import (HEADLINE_MAX_WORDS, canonical, is_sentence, is_title_copy,
                                   looks_like_headline, word_count)

FULL_HEADLINE = 1.0  # _title_score of a headline of four words or more, not a masthead in capitals
BODY_SENTENCE_MIN_WORDS = 8  # the first line this long that ends like a sentence opens the body
DUPLICATE_MIN_WORDS = 5  # shorter repeats ("Yes.") can be legitimate
DECK_MIN_WORDS = 6
DECK_MAX_SENTENCES = 3  # a deck or pull quote repeats at most this many sentences
HEADER_FRAGMENT_MAX_WORDS = 6
FOOTER_FRAGMENT_MAX_WORDS = 8
LEAD_IN_MAX_WORDS = 12
TEASER_LABEL_MAX_WORDS = 4
# Lines that open the page's header: what follows them up to the lead is header too.
HEADER_REASONS = frozenset({"headline", "repeated headline", "deck (repeats the body)"})
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9])")
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for with by from into and or but as that which who whom whose where "
    "when while his her their its our is was are were has have had be been".split())
_CUT_OFF = re.compile(r"(\w+)\s*(?:\.{3}|…)$")
_BULLET = re.compile(r"^\s*[•●▪◦*·–—-]\s")  # a summary bullet under the headline is article text
# Words by which a caption names the picture it sits under.
_PICTURE_WORDS = re.compile(r"\b(?:photo|photograph|picture|pictured|image|video|footage|file|handout|"
                            r"seen here|poses?|posing)\b|\((?:L|R|C|left|right|centre|center)\)", re.I)
SCRIPT_SAMPLE_LETTERS = 2000
OTHER_SCRIPT_MAX_WORDS = 8
OTHER_SCRIPT_SHARE = 0.8


def _copies(text: str, texts: Sequence[str]) -> int:
    key = canonical(text)
    return sum(1 for t in texts if canonical(t) == key)


def _title_score(text: str, texts: Sequence[str]) -> float:
    """How headline-like a header line is: printed more than once, several words, not a
    one-word section label ("World") or an all-capitals masthead ("STEPPE PRESS AGENCY")."""
    words = word_count(text)
    return 3 * (_copies(text, texts) > 1) + min(words, 12) / 4 - 3 * (words <= 2) - 2 * text.isupper()


def _header_rank(i: int, texts: Sequence[str]) -> tuple[bool, bool, float, int]:
    """A headline printed twice wins; else the first full headline (captions come under it);
    else the best of the short ones."""
    score = _title_score(texts[i], texts)
    full = score >= FULL_HEADLINE
    return _copies(texts[i], texts) > 1, full, -i if full else score, -i


def _body_start(texts: Sequence[str], reasons: Sequence[str | None]) -> int | None:
    return next((i for i, t in enumerate(texts) if reasons[i] is None and is_sentence(t)
                 and word_count(t) >= BODY_SENTENCE_MIN_WORDS), None)


def take_title(texts: Sequence[str], reasons: list[str | None], title: str | None,
               url: str | None = None) -> str | None:
    """The headline; its line is marked "headline". A known ``title`` is kept as given."""
    if title is not None:
        return title
    kept = [i for i, r in enumerate(reasons) if r is None]
    if not kept:
        return None
    slug = slug_words(url)
    named = [i for i in kept if looks_like_headline(texts[i]) and matches_slug(texts[i], slug)]
    if named:
        best = max(named, key=lambda i: (slug_overlap(texts[i], slug), -i))
        reasons[best] = "headline"
        return clean_title(texts[best])
    body = _body_start(texts, reasons)
    header = [i for i in kept if (body is None or i < body) and looks_like_headline(texts[i])]
    if body is None and header:
        header = header[:1] if header[0] + 1 < len(texts) else []
    if not header:
        return None
    best = max(header, key=lambda i: _header_rank(i, texts))
    if _title_score(texts[best], texts) <= 0 and best != kept[0]:
        return None
    if slug and slug_overlap(texts[best], slug) < 2 and _copies(texts[best], texts) == 1 \
            and reads_like_standfirst(texts[best]):
        return None  # the URL names another headline: this summary sentence is the standfirst
    reasons[best] = "headline"
    return clean_title(texts[best])


def _sentence_runs(text: str) -> set[str]:
    """Canonical forms of every run of 1..DECK_MAX_SENTENCES sentences of a paragraph, when the
    paragraph holds more than the run (a run equal to the whole paragraph is no excerpt)."""
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    runs = set()
    for start in range(len(sentences)):
        for size in range(1, DECK_MAX_SENTENCES + 1):
            if size < len(sentences) and start + size <= len(sentences):
                runs.add(canonical(" ".join(sentences[start:start + size])))
    return runs


def mark_repeats(texts: Sequence[str], reasons: list[str | None], title: str | None,
                 shared: Collection[str], edges: Sequence[bool]) -> None:
    """Title copies, back-to-back duplicates, decks and pull quotes, lines shared with other
    documents. A paragraph printed twice far apart stays twice: a standfirst that equals the
    lead cannot be told from a recap, and a kept copy costs less than a cut paragraph."""
    excerpts: set[str] = set()
    for i, text in enumerate(texts):
        if reasons[i] is None and word_count(text) > DECK_MIN_WORDS:
            excerpts |= _sentence_runs(text)
    previous: str | None = None
    for i, text in enumerate(texts):
        if reasons[i] is not None:
            continue
        key = canonical(text)
        if title and is_title_copy(text, title):
            reasons[i] = "repeated headline"
        elif key == previous and word_count(text) >= DUPLICATE_MIN_WORDS:
            reasons[i] = "duplicate paragraph"
        elif word_count(text) >= DECK_MIN_WORDS and key in excerpts:
            reasons[i] = "deck (repeats the body)"
        elif edges[i] and key in shared:
            reasons[i] = "repeated across documents"
        else:
            previous = key


def mark_teasers(texts: Sequence[str], reasons: list[str | None]) -> None:
    """The headline under a bare teaser label, and summaries cut off after a function word."""
    for i, text in enumerate(texts):
        if reasons[i] == "teaser" and word_count(text) <= TEASER_LABEL_MAX_WORDS and i + 1 < len(texts):
            nxt = texts[i + 1]
            if reasons[i + 1] is None and looks_like_headline(nxt) and not is_sentence(nxt):
                reasons[i + 1] = "teaser"
        elif reasons[i] is None:
            cut = _CUT_OFF.search(text.rstrip())
            if cut and cut.group(1).lower() in _FUNCTION_WORDS:
                reasons[i] = "teaser (cut off)"


def _is_header_line(text: str) -> bool:
    """A non-sentence under the headline that is a kicker or caption, not a standfirst: short,
    or naming the picture it describes. A long summary line stays body (the standfirst)."""
    if is_sentence(text) or word_count(text) > HEADLINE_MAX_WORDS or _BULLET.match(text):
        return False
    return not reads_like_standfirst(text) or bool(_PICTURE_WORDS.search(text))


def mark_positions(texts: Sequence[str], reasons: list[str | None]) -> None:
    """Header and footer fragments, header lines after a removed headline, a trailing lead-in."""
    sentences = [i for i, t in enumerate(texts) if reasons[i] is None and is_sentence(t) and word_count(t) >= 3]
    if not sentences:
        return
    header_open = False
    for i in range(sentences[0]):
        if reasons[i] in HEADER_REASONS:
            header_open = True
        elif reasons[i] is None and header_open and _is_header_line(texts[i]):
            reasons[i] = "header line (caption or kicker)"
    for i in range(sentences[0]):
        if reasons[i] is None and word_count(texts[i]) <= HEADER_FRAGMENT_MAX_WORDS:
            reasons[i] = "header fragment"
    for i in range(sentences[-1] + 1, len(texts)):
        if reasons[i] is None and word_count(texts[i]) <= FOOTER_FRAGMENT_MAX_WORDS:
            reasons[i] = "footer fragment"
    _mark_lead_in(texts, reasons)


def _mark_lead_in(texts: Sequence[str], reasons: list[str | None]) -> None:
    """A short line ending in a colon whose list was removed, to the end of the file."""
    last = max((i for i, r in enumerate(reasons) if r is None), default=None)
    if last is not None and last + 1 < len(texts) and texts[last].rstrip().endswith(":") \
            and word_count(texts[last]) <= LEAD_IN_MAX_WORDS:
        reasons[last] = "lead-in to removed lines"


def _script(ch: str) -> str:
    """The Unicode script of a letter, by its name's first word (LATIN, CYRILLIC, ARABIC...)."""
    return unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]


def _dominant_script(texts: Sequence[str], reasons: Sequence[str | None]) -> str | None:
    counts: Counter[str] = Counter()
    for text, reason in zip(texts, reasons):
        if reason is None:
            counts.update(_script(ch) for ch in text if ch.isalpha())
            if sum(counts.values()) >= SCRIPT_SAMPLE_LETTERS:
                break
    return counts.most_common(1)[0][0] if counts else None


def mark_other_script(texts: Sequence[str], reasons: list[str | None]) -> None:
    """Short lines above the first or below the last sentence written in another script than
    the article: the page's own interface strings ("Заголовок открываемого материала" under an
    English article). Inside the body such a line is a name or a quote in its own language."""
    sentences = [i for i, t in enumerate(texts) if reasons[i] is None and is_sentence(t) and word_count(t) >= 3]
    if not sentences:
        return
    candidates = [i for i, t in enumerate(texts) if reasons[i] is None and not sentences[0] <= i <= sentences[-1]
                  and word_count(t) <= OTHER_SCRIPT_MAX_WORDS]
    if not candidates:
        return
    main = _dominant_script(texts, reasons)
    for i in candidates:
        letters = [_script(ch) for ch in texts[i] if ch.isalpha()]
        if letters and main and sum(1 for s in letters if s != main) >= OTHER_SCRIPT_SHARE * len(letters):
            reasons[i] = "interface string in another script"
