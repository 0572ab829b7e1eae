"""Analyze stage: relations between two actors of one document, with their evidence sentence.

Reads the actor mentions set by ``storyline_entities`` and the dependency parse, and states a
relation only where the sentence itself says it, in three shapes:

- clauses (here): subject - verb - object, read through passives ("X was criticised by Y" -> Y
  criticised X), particles ("took over"), prepositional objects ("met with", "signed for") and a
  short noun bridge ("called for the resignation of", "supported Hamron's government");
- roles and titles (``relation_roles``): "X, a professor at Y", "his son X", "Apple boss X".

Precision over recall: negated, modal, conditional and quoted clauses say nothing as fact, and a
reporting verb ("said", "told") relates a speaker to words, not to another actor. Which actor a
token stands for is worked out in ``relation_actors``; the word lists are in
``resources/relations.py``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Token

from storyline.analyze.quotemarks import find_quotations
from storyline.analyze.relation_actors import Actors, asserted, noun_word
from storyline.analyze.relation_roles import role_relations, title_relations
from storyline.model import Mention, Relation
from storyline.analyze.doctext import text_of
from storyline.analyze.doctokens import tokens_tagged
from storyline.resources.relations import (
    AMOUNT_NOUNS,
    AS_COMPLEMENT_VERBS,
    COMPARATIVES,
    NOUN_PREPOSITIONS,
    RELATION_PREPOSITIONS,
    SKIP_VERBS,
)

Doc.set_extension("storyline_relations", default=None, force=True)

_MAX_PREDICATE_WORDS = 6


# --- evidence --------------------------------------------------------------------------------
def _sentence(tok: Token) -> tuple[int, int]:
    """The evidence sentence, kept inside the token's paragraph and trimmed of white space."""
    text, sent = text_of(tok.doc), tok.sent
    lo = max(sent.start_char, text.rfind("\n", 0, tok.idx) + 1)
    nl = text.find("\n", tok.idx)
    hi = min(sent.end_char, nl if nl >= 0 else len(text))
    chunk = text[lo:hi]
    lo += len(chunk) - len(chunk.lstrip())
    return lo, lo + len(text[lo:hi].rstrip())


def _inside(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


# --- clauses -----------------------------------------------------------------------------------
def _verb_words(verb: Token) -> list[str]:
    """The verb as written plus its particle ("took over"), with "will" kept for the future."""
    words = [verb.lower_]
    if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll") for c in verb.children):
        words.insert(0, "will")
    words += [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return words


def _complement(verb: Token) -> list[str]:
    """What the subject makes of the object: "sees X as an enemy" -> "as enemy",
    "called X a traitor" -> "traitor"."""
    for c in verb.children:
        if c.dep_ == "oprd" and c.pos_ == "NOUN":
            return [noun_word(c)]
        if c.dep_ == "prep" and c.lower_ == "as" and verb.lemma_.lower() in AS_COMPLEMENT_VERBS:
            pobj = next((g for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"), None)
            if pobj is not None:
                return ["as", noun_word(pobj), *_of_phrase(pobj)]
    return []


def _of_phrase(noun: Token) -> list[str]:
    """A short "of ..." that completes a label ("a country of particular concern")."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of" and c.right_edge.i - c.i <= 3:
            return [t.lower_ for t in c.doc[c.i:c.right_edge.i + 1] if t.is_alpha]
    return []


def _objects(verb: Token, actors: Actors) -> Iterator[tuple[list[str], Token]]:
    """(words after the verb, object token) for each way an actor hangs off the verb: dobj;
    prep+pobj ("met with"); dobj noun + prep ("sent rescuers to"); dobj noun + possessor
    ("supported Hamron's government" -> "supported government of"); prep + noun + "of"
    ("called for the resignation of")."""
    dobjs = [c for c in verb.children if c.dep_ == "dobj"]
    named = [d for d in dobjs if actors.of(d)]
    if named:
        # "signed X from Y": the prepositions describe the object, not a second relation.
        for d in named:
            yield _complement(verb), d
        return
    if any(d.pos_ != "NOUN" for d in dobjs):
        return  # an object we cannot name ("signed X from Y" with X unrecognised)
    for d in dobjs:
        if d.pos_ == "NOUN":
            yield from _through_noun([], d, actors, NOUN_PREPOSITIONS)
    bridge = [d for d in dobjs if d.pos_ == "NOUN" and d.lower_ not in AMOUNT_NOUNS]
    for p in verb.children:
        if p.dep_ != "prep" or p.lower_ not in RELATION_PREPOSITIONS or p.lower_ in ("by", "as"):
            continue
        if not _near(verb, p, bridge):
            continue  # a preposition far from its verb was likely attached to it wrongly
        for pobj in (c for c in p.children if c.dep_ == "pobj"):
            if actors.of(pobj):
                if bridge and p.lower_ not in NOUN_PREPOSITIONS:
                    continue  # "blamed workers from X": X describes the workers
                lead = [noun_word(bridge[0])] if len(bridge) == 1 else []
                yield [*lead, p.lower_], pobj
            elif pobj.pos_ == "NOUN":
                yield from _through_noun([p.lower_], pobj, actors, frozenset({"of"}))


def _near(verb: Token, prep: Token, bridge: list[Token]) -> bool:
    """Only particles, adverbs and the verb's own object stand between verb and preposition."""
    inside = {t.i for d in bridge for t in d.subtree}
    lo, hi = sorted((verb.i, prep.i))
    return all(t.i in inside or t.dep_ in ("prt", "advmod", "neg") or t.pos_ == "ADV"
               or (t.dep_ in ("aux", "auxpass") and prep.i < verb.i) for t in verb.doc[lo + 1:hi])


def _through_noun(lead: list[str], noun: Token, actors: Actors,
                  preps: frozenset[str]) -> Iterator[tuple[list[str], Token]]:
    """One common noun between the verb and the actor: "<noun> of X" or "X's <noun>"."""
    word = [] if noun.lower_ in AMOUNT_NOUNS else [noun_word(noun)]
    for c in noun.children:
        if c.dep_ == "poss" and actors.at(c) is not None:
            yield [*lead, *word, "of"], c
        elif c.dep_ == "prep" and c.lower_ in preps:
            for pobj in (g for g in c.children if g.dep_ == "pobj"):
                if actors.of(pobj):
                    yield [*lead, *word, c.lower_], pobj


def _subject_tokens(verb: Token) -> tuple[list[Token], bool]:
    """The subject of the verb and whether the clause is passive. A conjoined verb without a
    subject shares its head's ("X met Y and signed Z"); a participle modifying a noun takes it
    as subject ("the company operating the dam", "the attack claimed by IS")."""
    v = verb
    while True:
        for c in v.children:
            if c.dep_ == "nsubj":
                return [c], False
            if c.dep_ == "nsubjpass":
                return [c], True
        if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
            continue
        if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
            return [v.head], v.tag_ == "VBN"
        return [], False


def _noun_as_verb(verb: Token, subjects: list[Token]) -> bool:
    """"England lock Danny Grewcock": a bare present-tense verb wedged between a singular name
    and another name is usually a noun (a title) misread as a verb."""
    if verb.tag_ not in ("VBP", "VB") or any(c.dep_ == "aux" for c in verb.children) or len(subjects) != 1:
        return False
    subj = subjects[0]
    return subj.tag_ == "NNP" and subj.i == verb.i - 1 and verb.i + 1 < len(verb.doc) \
        and verb.doc[verb.i + 1].pos_ == "PROPN"


def _agents(verb: Token, actors: Actors) -> list[Mention]:
    for c in verb.children:
        if c.dep_ == "agent":
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    return actors.of(pobj)
    return []


def clause_relations(doc: Doc, actors: Actors,
                     quoted: Sequence[tuple[int, int]]) -> Iterator[tuple[Mention, str, Mention, Token]]:
    """Subject - verb phrase - object triples between two actors."""
    for verb in tokens_tagged(doc, ("VERB",)):
        if verb.lemma_.lower() in SKIP_VERBS:
            continue
        if not asserted(verb) or _inside(verb.idx, quoted):
            continue
        subj_toks, passive = _subject_tokens(verb)
        if any(c.lower_ in COMPARATIVES for t in subj_toks for c in t.children):
            continue
        subjects = [m for t in subj_toks for m in actors.of(t, verb)]
        if not subjects or _noun_as_verb(verb, subj_toks):
            continue
        words = _verb_words(verb)
        if passive:
            for agent in _agents(verb, actors):
                for subj in subjects:
                    yield agent, " ".join([*words, *_complement(verb)]), subj, verb
        for tail, obj_tok in _objects(verb, actors):
            for obj in actors.of(obj_tok):
                if obj.label == "NORP" and tail[-1:] == ["in"]:
                    continue  # "activity in Russian": a language, not an actor
                for subj in subjects:
                    yield subj, " ".join([*words, *tail]), obj, verb


# --- assembly ----------------------------------------------------------------------------------
def extract_relations(doc: Doc, mentions: Sequence[Mention]) -> list[Relation]:
    """Actor-actor relations stated in ``doc``; both ends are mentions from ``mentions``."""
    actors = Actors(doc, mentions)
    quoted = [(q.open, q.close + 1) for q in find_quotations(text_of(doc))]
    found: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    candidates: Iterable[tuple[Mention, str, Mention, Token]] = [
        *title_relations(doc, actors),
        *role_relations(doc, actors),
        *clause_relations(doc, actors, quoted),
    ]
    for subj, pred, obj, anchor in candidates:
        pred = " ".join(pred.lower().split())
        if _same_actor(subj, obj) or len(pred.split()) > _MAX_PREDICATE_WORDS:
            continue
        lo = min(subj.start, obj.start, anchor.idx)
        hi = max(subj.end, obj.end, anchor.idx + len(anchor))
        if "\n" in text_of(doc)[lo:hi]:
            continue  # a parse that runs across a paragraph break (a heading read as a subject)
        if (subj.key, pred, obj.key) in seen or _inside(anchor.idx, quoted):
            continue  # inside quotation marks it is the speaker's claim, not the article's
        seen.add((subj.key, pred, obj.key))
        # the evidence covers the sentence naming each end ("his" may point one sentence back)
        bounds = [_sentence(t) for t in (anchor, _token_at(doc, subj.start), _token_at(doc, obj.start))]
        start, end = min(b[0] for b in bounds), max(b[1] for b in bounds)
        found.append(Relation(subj.start, subj.end, pred, obj.start, obj.end, start, end))
    found.sort(key=lambda r: (r.start, r.subject_start, r.object_start))
    return found


def _token_at(doc: Doc, offset: int) -> Token:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else doc[0]


def _same_actor(a: Mention, b: Mention) -> bool:
    """One key, overlapping spans, or one organisation's name inside the other's ("Hyundai" and
    "Hyundai Motor"): likely one actor that coreference did not join."""
    if a.key == b.key or (a.start < b.end and b.start < a.end):
        return True
    wa, wb = set(a.key.lower().split()), set(b.key.lower().split())
    return "PERSON" not in (a.label, b.label) and (wa <= wb or wb <= wa)


@Language.factory("storyline_relations", requires=["doc._.storyline_mentions"],
                  assigns=["doc._.storyline_relations"])
def make_relations(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Pipeline component: stores ``extract_relations`` on ``doc._.storyline_relations``."""

    def component(doc: Doc) -> Doc:
        doc._.storyline_relations = extract_relations(doc, doc._.storyline_mentions or [])
        return doc

    return component
