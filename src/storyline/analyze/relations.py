"""Analyze stage: relations between two actors of one document, with their evidence sentence.

Reads the actor mentions set by ``storyline_entities`` and the dependency parse, and states a
relation only where the sentence itself says it, in three shapes:

- clauses: subject - verb - object, read through passives ("X was criticised by Y" -> Y
  criticised X), particles ("took over"), prepositional objects ("met with", "signed for") and a
  short noun bridge ("called for the resignation of", "supported Rahmon's government");
- roles: appositives and copulas ("X, a professor at Y", "X is the capital of Y", "Y's foreign
  minister, X") and family ties whose possessor is a named person ("his son X");
- titles before a name: "Tajikistan President X", "President of Tajikistan X", "Apple boss X".

Precision over recall: negated, modal, conditional and quoted clauses say nothing as fact, and a
reporting verb ("said", "told") relates a speaker to words, not to another actor.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from storyline.analyze.quotemarks import find_quotations
from storyline.model import Mention, Relation

Doc.set_extension("storyline_relations", default=None, force=True)

# --- data tables ------------------------------------------------------------------------------
ACTOR_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})

# Verbs that relate a speaker to words or carry no actor-actor meaning on their own.
SKIP_VERBS: frozenset[str] = frozenset(
    """say tell add note write quote cite explain comment remark reply respond answer ask
    maintain insist argue admit acknowledge concede contend assert reiterate stress emphasise
    emphasize warn suggest think believe hint reveal
    be seem appear do get let make include""".split()
)

# A clause under these auxiliaries or markers is a possibility, not a reported fact.
MODAL_AUXILIARIES: frozenset[str] = frozenset({"might", "may", "could", "would", "should", "must"})
CONDITIONAL_MARKERS: frozenset[str] = frozenset({"if", "unless", "whether"})
NEGATIONS: frozenset[str] = frozenset({"not", "n't", "never", "no"})

# Prepositions that attach an actor to a verb or a role ("met with", "professor at").
RELATION_PREPOSITIONS: frozenset[str] = frozenset(
    {"of", "at", "for", "with", "to", "from", "in", "on", "against", "into", "over", "by", "as"}
)

# Prepositions through which a noun between verb and actor still states the relation
# ("strengthened its base in X"); "from" on a noun only describes it ("workers from X").
NOUN_PREPOSITIONS: frozenset[str] = frozenset({"of", "in", "on", "with", "against", "to", "for", "into"})

# Words kept in front of a role noun because they change what the role means.
ROLE_MODIFIERS: frozenset[str] = frozenset(
    """former ex acting interim deputy vice outgoing incoming late chief head executive prime
    foreign interior defence defense finance assistant managing general co founding senior
    director secretary attorney""".split()
)

# Titles written in front of a name: "Tajikistan President X", "Apple chief executive X".
NAME_TITLES: frozenset[str] = frozenset(
    """president minister premier chancellor leader chairman chairwoman chair ceo boss chief
    executive director head spokesman spokeswoman spokesperson ambassador governor mayor king
    queen prince coach manager captain secretary founder owner editor commander envoy
    striker midfielder defender goalkeeper player""".split()
)

# Ministerial portfolios: "Home Secretary X" or "Secretary of State" name a brief, not an
# organisation the NER may have tagged ("New Home", "State").
PORTFOLIO_WORDS: frozenset[str] = frozenset(
    """home foreign interior state defence defense health education trade industry culture
    transport environment justice energy agriculture labour work pensions finance economy
    economic""".split()
)

# Verbs that report a belief, a wish or a denial: a clause under them is not stated as fact
# ("suggested Germany saw the EU as an empire", "plans to build", "denied that X paid Y").
NON_FACTUAL_HEADS: frozenset[str] = frozenset(
    """suggest claim allege believe think argue fear hope deny doubt speculate suspect wonder
    predict expect want plan intend aim seek try threaten propose consider urge demand ask
    call warn insist imagine question dispute reject""".split()
)

# Verbs whose "as" phrase labels the object ("sees X as an enemy", "designated X as ...").
AS_COMPLEMENT_VERBS: frozenset[str] = frozenset(
    """see regard view describe designate consider treat list name brand label recognise
    recognize classify identify portray present depict""".split()
)

# Honorifics in front of a name, not part of it.
HONORIFICS: frozenset[str] = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady"})

# Titles a country owns when its name stands in front ("Kazgaria President X"); other roles
# after a country name give a beat or an edition ("US editor X", "UK economist X").
STATE_TITLES: frozenset[str] = frozenset(
    """president minister premier chancellor leader king queen prince governor mayor
    ambassador envoy coach captain manager secretary commander chief""".split()
)

# Roles an organisation or country name in front can own: "EU member", "Labour leader".
COMPOUND_ROLES: frozenset[str] = NAME_TITLES | frozenset({"member", "members", "official", "officials", "general"})

# Personal ties: "his son X", "her ally X", "its leader, X" relate X to the possessor, so a
# possessive pronoun in front of them is worth resolving to a named actor.
TIE_NOUNS: frozenset[str] = frozenset(
    """son daughter father mother brother sister wife husband cousin uncle aunt nephew niece
    grandson granddaughter grandfather grandmother widow widower stepson stepdaughter
    stepfather stepmother ally friend rival partner associate adviser advisor aide deputy
    successor predecessor lawyer""".split()
) | NAME_TITLES

# Nouns that name an amount rather than a thing: "paid nine million euros for X" is "paid for".
AMOUNT_NOUNS: frozenset[str] = frozenset(
    """euro euros dollar dollars pound pounds rouble roubles ruble rubles yen yuan franc francs
    rupee rupees som million billion thousand hundred percent per cent""".split()
)

# Verbs that take their relation's object through a copula-like complement: "X is the head of Y".
COPULAS: frozenset[str] = frozenset({"be", "become", "remain"})

# Possessive pronouns and the actor labels they can stand for.
POSSESSIVE_PRONOUNS: dict[str, frozenset[str]] = {
    "his": frozenset({"PERSON"}),
    "her": frozenset({"PERSON", "GPE"}),
    "its": frozenset({"ORG", "GPE", "FAC"}),
    "their": frozenset({"ORG"}),
}

# Relative pronouns and the actor labels they can refer back to ("Ketmenia, who ..." is a misparse).
RELATIVE_LABELS: dict[str, frozenset[str]] = {
    "who": frozenset({"PERSON", "ORG", "NORP"}),
    "which": frozenset({"ORG", "GPE", "LOC", "FAC"}),
    "that": ACTOR_LABELS,
}

# Comparative correlatives ("the more X ties Y to Z, ...") state a hypothetical, not an event.
COMPARATIVES: frozenset[str] = frozenset({"more", "less", "fewer"})

_MAX_PREDICATE_WORDS = 6
_FORMER = frozenset({"former", "ex", "late", "then"})
_WORD_EDGE = " \t\n\"'“”‘’«»()[]{},.;:!?"


# --- mentions by token -------------------------------------------------------------------------
class _Actors:
    """The actor mentions of a document, looked up by token."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.doc = doc
        self.mentions: list[Mention] = []
        self.by_token: dict[int, Mention] = {}
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if m.label not in ACTOR_LABELS or span is None or _partial_name(span) or not _nominal(span, m):
                continue
            self.mentions.append(m)
            for tok in span:
                self.by_token.setdefault(tok.i, m)

    def at(self, tok: Token) -> Mention | None:
        return self.by_token.get(tok.i)

    def of(self, tok: Token, verb: Token | None = None) -> list[Mention]:
        """The actors a subject or object token stands for: the mention covering it, a name in
        apposition to it ("the group, ISIS-K"), the antecedent of a relative pronoun; and the
        same for each of its conjuncts ("X and Y")."""
        out: list[Mention] = []
        # conjuncts only of a name ("X and Y"), not of a noun standing for one
        for t in [tok, *_conjuncts(tok)] if self.at(tok) is not None else [tok]:
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
            # "the group, ISIS-K": but "440 megawatts (MW)" is an amount, not an actor
            if tok.dep_ == "appos" and self.at(tok.head) is not None:
                return self.at(tok.head)
            named = [self.at(c) for c in tok.children
                     if c.dep_ == "appos" and self.at(c) and _punct_between(tok, c)]
            if len(named) == 1:
                return named[0]
            person = _appos_after_of(tok)
            if person is not None and self.at(person) is not None:
                return self.at(person)
        return None


def _punct_between(a: Token, b: Token) -> bool:
    """A true apposition is set off by a comma, dash or bracket ("the group, ISIS-K"), or is a
    close one after a determined noun ("his ally X", "the winger X"); run-together headlines
    ("new India plant South Korea's Hyundai") are neither."""
    lo, hi = sorted((a.i, b.i))
    return any(t.is_punct for t in a.doc[lo + 1:hi]) or any(c.dep_ in ("det", "poss") for c in a.children)


def _appos_after_of(role: Token) -> Token | None:
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
            if other.lower_.rstrip(".") in NAME_TITLES | ROLE_MODIFIERS | HONORIFICS:
                continue
            if (other.dep_ in ("compound", "flat") and other.head.i == tok.i) or \
                    (tok.dep_ in ("compound", "flat") and tok.head.i == other.i):
                return True
    return False


def _conjuncts(tok: Token) -> list[Token]:
    out, frontier = [], [tok]
    while frontier:
        t = frontier.pop()
        for c in t.children:
            if c.dep_ == "conj":
                out.append(c)
                frontier.append(c)
    return out


# --- guards ----------------------------------------------------------------------------------
def _asserted(verb: Token) -> bool:
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
        return _asserted(verb.head)
    return not verb.sent.text.rstrip().endswith("?")


def _sentence(tok: Token) -> tuple[int, int]:
    """The evidence sentence, kept inside the token's paragraph and trimmed of white space."""
    text, sent = tok.doc.text, tok.sent
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


def _noun_word(noun: Token, singular: bool = False) -> str:
    """A role or bridge noun with the modifiers that change its meaning ("former", "chief");
    roles in the singular ("members of" -> "member of")."""
    mods = list(dict.fromkeys(_written(c) for c in noun.children  # "ex-chief" covers "ex" and "chief"
                              if c.dep_ in ("amod", "compound") and c.i < noun.i and _keeps_meaning(c)))
    word = noun.lemma_.lower() if singular and noun.tag_ == "NNS" else _written(noun)
    return " ".join([*mods, word])


def _keeps_meaning(mod: Token) -> bool:
    """Modifiers that change what a role says: rank and tense ("former", "chief") and rank
    among peers ("fourth-largest": "Japan's fourth-largest bank" is not "bank of Japan")."""
    return mod.lower_ in ROLE_MODIFIERS or mod.tag_ == "JJS" or _written(mod).endswith("est")


def _written(tok: Token) -> str:
    """The whole hyphenated word a token belongs to ("son-in-law", "ex-chief"), lower case."""
    text = tok.doc.text
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


def _complement(verb: Token) -> list[str]:
    """What the subject makes of the object: "sees X as an enemy" -> "as enemy",
    "called X a traitor" -> "traitor"."""
    for c in verb.children:
        if c.dep_ == "oprd" and c.pos_ == "NOUN":
            return [_noun_word(c)]
        if c.dep_ == "prep" and c.lower_ == "as" and verb.lemma_.lower() in AS_COMPLEMENT_VERBS:
            pobj = next((g for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"), None)
            if pobj is not None:
                return ["as", _noun_word(pobj), *_of_phrase(pobj)]
    return []


def _of_phrase(noun: Token) -> list[str]:
    """A short "of ..." that completes a label ("a country of particular concern")."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of" and c.right_edge.i - c.i <= 3:
            return [t.lower_ for t in c.doc[c.i:c.right_edge.i + 1] if t.is_alpha]
    return []


def _objects(verb: Token, actors: _Actors) -> Iterator[tuple[list[str], Token]]:
    """(words after the verb, object token) for each way an actor hangs off the verb: dobj;
    prep+pobj ("met with"); dobj noun + prep ("sent rescuers to"); dobj noun + possessor
    ("supported Rahmon's government" -> "supported government of"); prep + noun + "of"
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
                lead = [_noun_word(bridge[0])] if len(bridge) == 1 else []
                yield [*lead, p.lower_], pobj
            elif pobj.pos_ == "NOUN":
                yield from _through_noun([p.lower_], pobj, actors, frozenset({"of"}))


def _near(verb: Token, prep: Token, bridge: list[Token]) -> bool:
    """Only particles, adverbs and the verb's own object stand between verb and preposition."""
    inside = {t.i for d in bridge for t in d.subtree}
    lo, hi = sorted((verb.i, prep.i))
    return all(t.i in inside or t.dep_ in ("prt", "advmod", "neg") or t.pos_ == "ADV"
               or (t.dep_ in ("aux", "auxpass") and prep.i < verb.i) for t in verb.doc[lo + 1:hi])


def _through_noun(lead: list[str], noun: Token, actors: _Actors,
                  preps: frozenset[str]) -> Iterator[tuple[list[str], Token]]:
    """One common noun between the verb and the actor: "<noun> of X" or "X's <noun>"."""
    word = [] if noun.lower_ in AMOUNT_NOUNS else [_noun_word(noun)]
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


def _agents(verb: Token, actors: _Actors) -> list[Mention]:
    for c in verb.children:
        if c.dep_ == "agent":
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    return actors.of(pobj)
    return []


def clause_relations(doc: Doc, actors: _Actors,
                     quoted: Sequence[tuple[int, int]]) -> Iterator[tuple[Mention, str, Mention, Token]]:
    """Subject - verb phrase - object triples between two actors."""
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() in SKIP_VERBS:
            continue
        if not _asserted(verb) or _inside(verb.idx, quoted):
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


# --- roles -----------------------------------------------------------------------------------
def _role_targets(role: Token, actors: _Actors) -> Iterator[tuple[str, Mention]]:
    """What a role noun attaches its holder to: "<role> of/at X", "X's <role>", "X <role>",
    "its/his <role>" when the pronoun resolves to a named actor."""
    word = _noun_word(role, singular=True)
    for c in role.children:
        if c.dep_ == "prep" and c.lower_ in RELATION_PREPOSITIONS and c.lower_ not in ("by", "as"):
            for pobj in (g for g in c.children if g.dep_ == "pobj"):
                for m in actors.of(pobj):
                    if not (m.label == "NORP" and c.lower_ == "in") and not _portfolio(m):
                        yield f"{word} {c.lower_}", m
        elif c.dep_ == "poss":
            owner = actors.at(c)
            if owner is None and c.lower_ in POSSESSIVE_PRONOUNS and role.lemma_.lower() in TIE_NOUNS:
                owner = _pronoun_antecedent(c, actors)
            if owner is not None and not _portfolio(owner):
                yield f"{_owned_role(role)} of", owner
        elif c.dep_ == "compound" and c.i < role.i and _compound_owner(role, c, actors):
            yield f"{_owned_role(role)} of", actors.at(c)


def _owned_role(role: Token) -> str:
    """The role with the common nouns in front of it: "Brazil's airport authority chief" is
    the chief of an authority, not of Brazil."""
    nouns = [t for c in role.children
             if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < role.i and not _keeps_meaning(c)
             for t in c.subtree if t.pos_ == "NOUN"]
    base = _noun_word(role, singular=True)
    return " ".join([*(t.lower_ for t in sorted(nouns, key=lambda t: t.i)), base]) if nouns else base


def _compound_owner(role: Token, name: Token, actors: _Actors) -> bool:
    """"EU member", "CBI director general" own the role; "US editor" after "Screen
    International's" or "UK economist" name a beat, not an employer."""
    owner = actors.at(name)
    if owner is None or owner.label not in ("ORG", "GPE", "FAC") or role.lower_ not in COMPOUND_ROLES:
        return False
    if _portfolio(owner):
        return False
    if owner.label == "GPE":
        return role.lower_ in STATE_TITLES and not any(c.dep_ == "poss" for c in role.children)
    return True


def _pronoun_antecedent(pron: Token, actors: _Actors) -> Mention | None:
    """The named actor a possessive pronoun stands for: the only actor of a fitting type named
    earlier in its sentence, else the subject of that sentence or of the one before."""
    labels = POSSESSIVE_PRONOUNS[pron.lower_]
    sent = pron.sent
    before = {m.key: m for m in actors.mentions
              if m.label in labels and sent.start_char <= m.start and m.end <= pron.idx}
    if len(before) == 1:
        return next(iter(before.values()))
    if before:
        return None
    prev = pron.doc[sent.start - 1].sent if sent.start > 0 else None
    for s in (sent, prev):
        if s is None:
            continue
        subj = next((t for t in s.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        found = actors.of(subj) if subj is not None and subj.i < pron.i else []
        if len(found) == 1 and found[0].label in labels:
            return found[0]
    return None


def _role_noun(tok: Token) -> bool:
    """A common noun, or a capitalised title ("Chief Secretary to the Treasury")."""
    return tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.lower_ in NAME_TITLES)


def _roles_of(tok: Token, actors: _Actors) -> list[Token]:
    """Role nouns stated for the name at ``tok``: "X, a professor at Y", "the minister, X",
    "his son X" (the role parsed as a compound of the name)."""
    roles = [c for c in tok.children if c.dep_ == "appos" and _role_noun(c)]
    roles += [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "NOUN"
              and c.lemma_.lower() in TIE_NOUNS]
    if tok.dep_ == "appos" and tok.head.pos_ == "NOUN" and actors.at(tok.head) is None:
        roles.append(tok.head)
    elif tok.dep_ == "appos" and tok.head.dep_ == "pobj" and tok.head.head.head.pos_ == "NOUN" \
            and _appos_after_of(tok.head.head.head) == tok:
        roles.append(tok.head.head.head)
    return roles


def role_relations(doc: Doc, actors: _Actors) -> Iterator[tuple[Mention, str, Mention, Token]]:
    """Roles stated by apposition or copula: "X, leader of Y", "Y's minister, X", "X is head of Y"."""
    for tok in doc:
        holder = actors.at(tok)
        roles: list[Token] = []
        if holder is not None and tok.dep_ != "compound":
            roles = _roles_of(tok, actors)
        elif tok.pos_ in ("AUX", "VERB") and tok.lemma_.lower() in COPULAS and _asserted(tok):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            found = actors.of(subj, tok) if subj is not None else []
            holder = found[0] if len(found) == 1 else None
            roles = [c for c in tok.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        if holder is None:
            continue
        for role in [r for base in roles for r in (base, *_conjuncts(base)) if _role_noun(r)]:
            for pred, obj in _role_targets(role, actors):
                yield holder, pred, obj, tok


def title_relations(doc: Doc, actors: _Actors) -> Iterator[tuple[Mention, str, Mention, Token]]:
    """Titles written in front of a person's name: "Kazgaria President X", "Apple boss X",
    "Kazgaria's President X"."""
    for m in actors.mentions:
        if m.label != "PERSON":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.start == 0:
            continue
        i = span.start - 1
        title: list[Token] = []
        while i >= 0 and doc[i].lower_.rstrip(".") in NAME_TITLES | ROLE_MODIFIERS and actors.at(doc[i]) is None:
            title.insert(0, doc[i])
            i -= 1
        if not title or title[-1].lower_ not in NAME_TITLES:
            continue
        if i >= 0 and doc[i].lower_ in ("'s", "’s"):
            i -= 1
        owner = actors.at(doc[i]) if i >= 0 else None
        if owner is None or owner.label not in ("ORG", "GPE", "FAC") or _portfolio(owner):
            continue
        if owner.label == "GPE" and (title[-1].lower_ not in STATE_TITLES or _after_possessive(doc, owner)):
            continue  # "Screen International's US editor X"
        words = [t.lower_ for t in title]
        # "former US President X": the tense of the role sits in front of the owner
        before = doc.char_span(owner.start, owner.end, alignment_mode="expand")
        if before is not None and before.start > 0 and doc[before.start - 1].lower_ in _FORMER:
            words.insert(0, doc[before.start - 1].lower_)
        yield m, " ".join(words) + " of", owner, span[0]


def _after_possessive(doc: Doc, m: Mention) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].tag_ == "POS"


def _portfolio(owner: Mention) -> bool:
    return owner.text.split()[-1].split("-")[-1].lower() in PORTFOLIO_WORDS


# --- assembly ----------------------------------------------------------------------------------
def extract_relations(doc: Doc, mentions: Sequence[Mention]) -> list[Relation]:
    """Actor-actor relations stated in ``doc``; both ends are mentions from ``mentions``."""
    actors = _Actors(doc, mentions)
    quoted = [(q.open, q.close + 1) for q in find_quotations(doc.text)]
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
        if "\n" in doc.text[lo:hi]:
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
    def component(doc: Doc) -> Doc:
        doc._.storyline_relations = extract_relations(doc, doc._.storyline_mentions or [])
        return doc

    return component
