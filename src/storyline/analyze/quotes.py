"""Analyze stage: quotations and who said them (direct and reported speech).

``extract_quotes`` is the algorithm, a pure function ``Doc -> list[Quote]``; the
``storyline_quotes`` component only stores its result on ``doc._.storyline_quotes``.

Direct quotes: every stretch between quotation marks (``quotemarks.find_quotations``) that can be
tied to a source by a reporting verb right after it ("…,” said X", "…,” the president said), a
reporting verb before it (``X told reporters: “…”``), a syntactic link for embedded fragments
(the plan was “reckless”, inside what "he said"), "according to X", a "X: “…”" cue,
or the speaker of the quotation just before it (a quote continued in the next sentence or
paragraph); a quotation paragraph with none of these carries on the source of the paragraph
before, and a lead quotation opening its paragraph may be given by the named subject of the
sentence after it. A quotation whose opening mark was lost (an orphan) is kept only when a
source follows it. Quoted words without any of these are scare quotes or names and are dropped.

Indirect quotes: the clause governed by a reporting verb ("X said that …", "…, experts say",
"according to X, …").

Who the source is (names, pronouns, descriptions, roles) is worked out in ``speakers``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from storyline.analyze.quotemarks import Quotation, find_quotations, paragraph_spans
from storyline.analyze.reporting import (
    CUE_FORMS,
    FULL_QUOTE_MIN_WORDS,
    INDIRECT_VERBS,
    LABELLING_VERBS,
    SOURCE_PREPOSITIONS,
    TITLE_CUES,
    TRAILING_CUE_WINDOW,
)
from storyline.analyze.speakers import (
    PHRASE_EDGE,
    Names,
    Speaker,
    is_reporting,
    resolve,
    subject_of,
    verb_first_object,
)
from storyline.model import Quote
from storyline.analyze.doctext import text_of
from storyline.analyze.doctokens import tokens_tagged

Doc.set_extension("storyline_quotes", default=None, force=True)

# A fragment's link up to its reporting verb may not pass through these: a quoted word inside
# the speaker's own description ("X, leader of a party outlawed as “extremist”, said") is a
# label the writer repeats, not something X said.
_BLOCKING_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "appos", "poss"})
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|vs))(?<!\bMrs)[.!?\u2026](?=\s)")
_FUNCTION_WORDS = frozenset("of the and de del la le al el in on for a an to at".split())


# --- direct quotes --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Frame:
    """Where to look for a quotation's source: the paragraph, and the stretches of its
    sentence before the opening mark and after the closing mark."""

    para: int
    para_start: int
    prev_start: int  # where the paragraph before starts (this one's start for the first)
    lead: tuple[int, int]
    trail: tuple[int, int]


def _frames(text: str, quotes: list[Quotation]) -> list[_Frame]:
    paras = paragraph_spans(text)
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
        frames.append(_Frame(p, pa, paras[p - 1][0] if p else pa, lead, trail))
    return frames


def _tokens(doc: Doc, lo: int, hi: int) -> list[Token]:
    span = doc.char_span(lo, hi, alignment_mode="contract")
    return list(span) if span is not None else []


def _looks_like_title(text: str, q: Quotation) -> bool:
    """A quoted name or title ("‘Nightfall’", “The Voice of the Coast”) rather than speech."""
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


def _trailing_cue(doc: Doc, names: Names, q: Quotation, frame: _Frame,
                  quoted: list[tuple[int, int]]) -> Speaker | None:
    """“…,” said X / “…,” X said / “…”, he says in the video / “…” the article reads.
    ``quoted`` are the document's quotations, marks included: quoted words never name a source."""
    text = text_of(doc)
    toks = [t for t in _tokens(doc, *frame.trail) if not t.is_space]
    words = [t for t in toks if not t.is_punct][:TRAILING_CUE_WINDOW]
    verb = next((t for t in words if is_reporting(t)), None)
    if verb is None:
        return _glued_cue(names, words) or _misparsed_cue(names, words, frame)
    if verb.tag_ == "VBG":
        return None  # "…,” referring to X: a participle goes on with the sentence, names nobody
    detached = text[q.end - 1] in ",.!?\u2026:;-\u2014" or text[q.close:].lstrip()[:1] in ",\u2014\u2013-"
    if not detached and verb.i != words[0].i:
        return None
    new_sentence = False
    if text[q.end - 1] in ".!?\u2026" and words[0].is_title:
        # The quotation closed its sentence and a new one starts ("… offer.” The club are reported
        # to …"); only a short "Smith asked." after "?"/"!" still belongs to the quotation.
        new_sentence = text[q.end - 1] == "." or len(words) > 4 or words[-1].i != verb.i and len(
            [t for t in _tokens(doc, *frame.trail) if not t.is_punct]) > 4
    subj = subject_of(verb, quoted=quoted)
    if new_sentence and not _names_next_speaker(names, q, frame, subj):
        return None
    allowed = set()
    if subj is not None:
        allowed = {t.i for t in subj.subtree}
    allowed |= {c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod", "expl")
                or (c.dep_ == "nsubjpass" and c.lower_ == "it")}  # “…,” it was said by X
    if any(t.i not in allowed for t in words if t.i < verb.i):
        return None
    return resolve(names, subj, frame.lead[0]) if subj is not None else None


def _names_next_speaker(names: Names, q: Quotation, frame: _Frame, subj: Token | None) -> bool:
    """A quotation opening its paragraph, followed by a sentence whose named subject speaks
    (“…” Russian President Ivan Petrov spoke on Friday of …): the lead quote of a report."""
    text = text_of(names.doc)
    return (subj is not None and subj.dep_ == "nsubj" and names.name_at(subj) is not None
            and not text[frame.para_start:q.open].strip())


_GLUED_CUE = re.compile(r"(?:" + "|".join(sorted(CUE_FORMS)) + r")(?=[A-Z][^\W\d_])")


def _glued_cue(names: Names, words: list[Token]) -> Speaker | None:
    """“…,” saidMaria Lopez: a scraper dropped the space between the verb and the name. The
    name starts inside the verb's token and runs over the capitalised words after it."""
    if not words:
        return None
    glued = _GLUED_CUE.match(words[0].text)
    if glued is None:
        return None
    doc, first = names.doc, words[0]
    last = first.i
    while last + 1 < len(doc) and doc[last + 1].is_title and doc[last + 1].pos_ == "PROPN":
        last += 1
    start, end = first.idx + glued.end(), doc[last].idx + len(doc[last].text)
    key = "p:" + (doc[last].lower_ if last > first.i else first.text[glued.end():].lower())
    if key in names.full:
        return names.named(names.full[key], key, None)
    return Speaker(text_of(doc)[start:end], start, end, None, None)


def _misparsed_cue(names: Names, words: list[Token], frame: _Frame) -> Speaker | None:
    """“…,” a statement on the committee's channel read.: the small model sometimes reads the
    closing verb as a noun. A cue form ending the sentence, with everything before it one
    phrase, still names that phrase as the source."""
    if len(words) < 2 or words[-1].lower_ not in CUE_FORMS:
        return None
    cue = words[-1]
    nxt = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if nxt is not None and not (nxt.is_punct or nxt.is_space):
        return None
    inside = {t.i for t in words}
    heads = [t for t in words[:-1] if t.head.i not in inside]
    if len(heads) != 1 or heads[0].pos_ not in ("NOUN", "PROPN"):
        return None
    return resolve(names, heads[0], frame.lead[0])


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
        if tok.i not in inside and (is_reporting(tok) or tok.lemma_.lower() in LABELLING_VERBS):
            return tok
    return _tacked_on_report(tok, max(inside))


def _tacked_on_report(root: Token, after: int) -> Token | None:
    """"Columns were “crossing” the district, the governor said": the parser may make the
    reported clause the root and hang the report on it as a coordinated or paratactic verb."""
    for child in root.children:
        if (child.i > after and child.dep_ in ("conj", "parataxis", "ccomp") and is_reporting(child)
                and any(c.dep_ == "nsubj" for c in child.children)):
            return child
    return None


def _leading_cue(doc: Doc, names: Names, q: Quotation, frame: _Frame, full: bool,
                 quoted: list[tuple[int, int]]) -> Speaker | None:
    """X said: “…” / X told reporters, “…” (full quotations), or a reporting verb governing the
    quotation in the parse (fragments: the plan was “reckless”, as he said)."""
    candidates = [_governing_verb(doc, q)]
    if full and text_of(doc)[frame.lead[0]:frame.lead[1]].rstrip()[-1:] in ":,":
        verbs = [t for t in _tokens(doc, *frame.lead) if t.pos_ == "VERB"]
        if verbs and is_reporting(verbs[-1]):
            candidates.append(verbs[-1])
    if full:
        # "She denied Freedom movement “…”": a word-for-word translation puts the source behind the
        # verb, and the quotation right after it (speakers.verb_first_object).
        verbs = [t for t in _tokens(doc, *frame.lead) if is_reporting(t)]
        obj = verb_first_object(verbs[-1]) if verbs else None
        if obj is not None and not text_of(doc)[obj.idx + len(obj.text):q.open].strip():
            candidates.append(verbs[-1])
    for verb in candidates:
        # "it has been called “…”": a passive subject is the thing named, not who named it.
        subj = subject_of(verb, passive=False, quoted=quoted) if verb is not None else None
        speaker = resolve(names, subj, frame.lead[0]) if subj is not None else None
        if speaker is not None:
            return speaker
    return None


def _according_to(doc: Doc, names: Names, lo: int, hi: int) -> Speaker | None:
    """according to X / in the words of X, anywhere in the stretch."""
    toks = _tokens(doc, lo, hi)
    lowers = [t.lower_ for t in toks]  # read once, compared against every cue at every token
    for i, tok in enumerate(toks):
        for cue in SOURCE_PREPOSITIONS:
            if tuple(lowers[i:i + len(cue)]) == cue:
                objs = [c for c in toks[i + len(cue) - 1].children if c.dep_ == "pobj"]
                if objs:
                    return resolve(names, objs[0], lo)
    return None


def _colon_cue(doc: Doc, names: Names, frame: _Frame) -> Speaker | None:
    """X: “…” — a name right before the colon that opens the quotation."""
    toks = [t for t in _tokens(doc, *frame.lead) if not t.is_space]
    if len(toks) >= 2 and toks[-1].text == ":":
        found = names.name_at(toks[-2])
        if found is not None and found[1].startswith("p:"):
            return names.named(found[0], found[1], None)
    return None


def _fronted_quote_cue(doc: Doc, names: Names, q: Quotation, frame: _Frame) -> Speaker | None:
    """Following a period of “strong seismicity and rapid uplift of the summit” the Geological
    Survey has raised …: a long quotation (FULL_QUOTE_MIN_WORDS words or more, not a scare
    quote) inside the phrase that opens a sentence is the words of the named subject of the
    clause right after it. The name must follow the closing mark at once and a finite verb
    must follow the name (an acronym in brackets between them is allowed); the parser often
    hangs such a name on the quotation, so this is read from the word order."""
    text = text_of(doc)
    lead = text[frame.lead[0]:q.open]
    if not lead.strip() or not lead.strip()[0].isupper() or lead.rstrip()[-1:] in ":,":
        return None  # the quotation does not sit inside an opening phrase
    if len(text[q.start:q.end].split()) < FULL_QUOTE_MIN_WORDS or text[q.end - 1] in ".!?\u2026":
        return None
    if any(is_reporting(t) for t in _tokens(doc, frame.lead[0], q.open)):
        return None  # a reporting verb before it has had its say
    toks = [t for t in _tokens(doc, q.close, frame.trail[1]) if not t.is_space]
    i = 1 if toks and toks[0].lower_ == "the" else 0
    if i >= len(toks):
        return None
    found = names.name_at(toks[i])
    if found is None or names.label.get(found[1]) not in ("ORG", "PERSON"):
        return None
    span = found[0]
    j = next((k for k, t in enumerate(toks) if t.i >= span.end), None)
    if j is None or toks[i].i != span.start:
        return None
    if toks[j].text == "(":  # "the Geological Survey (GS) has raised"
        close = next((k for k in range(j, min(j + 6, len(toks))) if toks[k].text == ")"), None)
        j = close + 1 if close is not None else len(toks)
    if j >= len(toks) or toks[j].pos_ not in ("AUX", "VERB") or "Fin" not in toks[j].morph.get("VerbForm", []):
        return None
    return names.named(span, found[1], None)


def _direct_quotes(doc: Doc, names: Names) -> list[tuple[Quotation, Speaker]]:
    text = text_of(doc)
    quotes = find_quotations(text)
    frames = _frames(text, quotes)
    quoted = [(q.open, q.close) for q in quotes]
    out: list[tuple[Quotation, Speaker]] = []
    last: dict[int, Speaker] = {}  # paragraph -> its latest attributed speaker
    ends_with_quote: dict[int, bool] = {}
    # Opening paragraphs of a quotation running on with no source yet: the source is often
    # named only in its last paragraph ("“…\n\n“…,” he said.").
    waiting: list[Quotation] = []
    for q, frame in zip(quotes, frames):
        if not q.continues:
            waiting = []
        if not q.continues and _looks_like_title(text, q):
            continue
        full = _is_full(text, q, frame)
        if q.orphan:  # its opening mark was lost: a quotation only when the source follows it
            speaker = _trailing_cue(doc, names, q, frame, quoted)
            if speaker is not None:
                out.append((q, speaker))
                last[frame.para] = speaker
            continue
        speaker = (_trailing_cue(doc, names, q, frame, quoted)
                   or _leading_cue(doc, names, q, frame, full, quoted)
                   or _according_to(doc, names, *frame.lead) or _according_to(doc, names, *frame.trail)
                   or _colon_cue(doc, names, frame))
        if speaker is None and full and not q.continues:
            speaker = _fronted_quote_cue(doc, names, q, frame)
        if speaker is None and full:
            speaker = last.get(frame.para)
            opens_para = not text[frame.para_start:q.open].strip()
            if speaker is None and opens_para and ends_with_quote.get(frame.para - 1):
                speaker = last.get(frame.para - 1)
            if speaker is None and opens_para and not q.continues and not q.runs_on:
                # A quotation paragraph with no source of its own carries on the source of
                # the paragraph before ("X said the toll had risen.\n\n“…”").
                speaker = names.latest_source(q.open, reach=q.open - frame.prev_start)
        ends_with_quote[frame.para] = speaker is not None and not text[frame.trail[1]:].split("\n", 1)[0].strip()
        if speaker is None:
            if q.runs_on and full:
                waiting.append(q)
            continue
        last[frame.para] = speaker
        if speaker.key is not None and speaker.start is not None:
            names.spoken.append((q.start, speaker.key))
        out.extend((w, speaker) for w in waiting)
        waiting = []
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


def _indirect_quotes(doc: Doc, names: Names, taken: list[tuple[int, int]]) -> list[Quote]:
    out: list[Quote] = []

    def covered(lo: int, hi: int) -> bool:
        # A clause that is (or swallows) a full direct quotation repeats it; one that only
        # embeds a quoted fragment ("the attackers are “radical Islamists”") is kept.
        for a, b in taken:
            overlap = max(0, min(hi, b) - max(lo, a))
            if overlap and (len(text_of(doc)[a:b].split()) >= FULL_QUOTE_MIN_WORDS
                            or len((text_of(doc)[lo:a] + text_of(doc)[b:hi]).split()) < 3):
                return True
        return False

    for tok in tokens_tagged(doc, ("VERB",)):
        if tok.lemma_.lower() not in INDIRECT_VERBS | _OBJECT_CONTROL_VERBS:
            continue
        if any(a <= tok.idx < b for a, b in taken) or any(c.dep_ == "neg" for c in tok.children):
            continue
        if any(c.tag_ == "TO" for c in tok.children):
            continue  # "wanted people to believe that …" reports nobody's statement
        rng = _reported_clause(tok)
        subj = subject_of(tok, passive=False)
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


def _indirect_record(doc: Doc, names: Names, rng: tuple[int, int], subj: Token,
                     covered: Callable[[int, int], bool], taken: list[tuple[int, int]]) -> Quote | None:
    span = doc[rng[0]:rng[1]]
    text = span.text.strip(PHRASE_EDGE)
    if len(text.split()) < 3 or not any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    start = span.start_char + span.text.index(text)
    end = start + len(text)
    for a, b in taken:  # a quoted fragment cut by the clause edge keeps both its marks
        if start <= a < end < b:
            end = b
        if a < start < b <= end:
            start = a
    text = text_of(doc)[start:end]
    if covered(start, end):
        return None
    speaker = resolve(names, subj, span.sent.start_char)
    if speaker is None:
        return None
    return Quote(start, end, text, "indirect", speaker.text, speaker.start, speaker.end,
                 speaker.role)


def _according_to_clauses(doc: Doc, names: Names, taken: list[tuple[int, int]],
                          covered: Callable[[int, int], bool]) -> Iterable[Quote]:
    """"The region holds 1,000 prisoners, according to X" -> the rest of the sentence."""
    if "according" not in text_of(doc).lower():
        return  # no cue in the document: no need to read it sentence by sentence
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
    names = Names(doc)
    direct = _direct_quotes(doc, names)
    out = [Quote(q.start, q.end, text_of(doc)[q.start:q.end], "direct", s.text, s.start, s.end, s.role)
           for q, s in direct]
    taken = [(q.open, q.close) for q in find_quotations(text_of(doc))]
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
