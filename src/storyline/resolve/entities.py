"""Resolve stage: cluster the actors of every document into one entity per real-world actor.

Input: each document's mention groups (the analyze stage already attached surnames, titles and
declared aliases to the fullest name inside the document). Candidates for a merge come from
blocking keys only (never all pairs): the transliteration key of a name, its declared aliases,
the consonant skeletons of its words, a person's surname, initials, the words of a name with a
head noun. Every merge records the rule and the evidence, so an analyst can ask why two names are
one entity. No list of particular names is consulted: only closed-class words (titles, particles,
head nouns such as "Ministry" or "Hospital") and, for countries, a library's table of the world's
territories (resolve/territories.py: rigour)."""
from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from storyline.ids import stable_id
from storyline.model import Entity
from storyline.names import strip_titles
from storyline.resolve.names import (
    RUSSIFIED_SUFFIX,
    acronym_key,
    acronym_of,
    drop_particles,
    head_kind,
    is_acronym,
    is_place_name,
    match_words,
    name_key,
    ordered_words,
    singular_key,
    skeleton,
    translit_key,
    word_skeletons,
)
from storyline.resolve.territories import (
    country_of_initials,
    country_of_name,
    english_name,
    is_initials,
    official_spelling,
    territory_of_qualifier,
)
from storyline.resources.names import (
    FAC_HEADS,
    GENERIC_QUALIFIERS,
    LOCATIVE_LINKS,
    ORG_HEADS,
    ORG_TYPE_WORDS,
    PLACE_HEADS,
    SHORT_FORM_HEADS,
    STATE_FORMS,
)

HEAD_NOUNS = ORG_HEADS | FAC_HEADS | PLACE_HEADS

PLACE = {"GPE", "LOC", "FAC"}
SPELLING_BLOCK_MAX = 200  # distinct names sharing one skeleton compared all against all up to this
SPELLING_WINDOW = 20  # beyond it, each name meets its sorted neighbours only
SPELLING_MIN = 0.8  # per-word similarity of two romanisations of one name (Abdurakhmonov ~ Abdurahmanov)


@dataclass
class Node:
    """One actor inside one document: the mentions sharing a key."""

    document: str
    key: str
    labels: Counter = field(default_factory=Counter)
    forms: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    position: int = 0  # of its first mention: nodes are clustered in (document, position) order
    doc_orgs: frozenset[str] = frozenset()  # folded names of the organisations its document names
    _label: str | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        if self._label is None:  # read once its mentions are all counted
            self._label = self.labels.most_common(1)[0][0]
        return self._label


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.reasons: dict[int, list[str]] = defaultdict(list)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, reason: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.reasons[keep].extend(self.reasons.pop(gone, []))
        self.reasons[keep].append(reason)


def build_nodes(mentions: Iterable[dict]) -> list[Node]:
    """Group mention rows (document_id, key, label, text, aliases list, position) into
    per-document nodes."""
    nodes: dict[tuple[str, str], Node] = {}
    for m in mentions:
        node = nodes.get((m["document_id"], m["key"]))
        if node is None:
            node = nodes[(m["document_id"], m["key"])] = Node(m["document_id"], m["key"], position=m.get("position", 0))
        node.labels[m["label"]] += 1
        node.forms[m["text"]] += 1
        node.aliases.update(m.get("aliases") or ())
    orgs: dict[str, set[str]] = defaultdict(set)
    for node in nodes.values():
        if node.label == "ORG":
            orgs[node.document].add(translit_key(node.key))
    for node in nodes.values():
        node.doc_orgs = frozenset(orgs[node.document])
    return list(nodes.values())


def node_blocks(n: Node) -> set[str]:
    """Every blocking key under which a rule of ``cluster`` can compare this node with another
    (a superset is safe). Two nodes sharing none are never compared, so groups of nodes
    connected through these keys can be clustered apart: what incremental resolution relies on.

    ``t:``, ``sg:``, ``sp:`` and ``in:`` keys are symmetric. The others have two sides: a node
    that asks (``?``: a surname alone, an acronym, a one-word name, a shorter name) and the nodes
    that may answer (``!``: full names, initials, longer names); answers only matter where
    somebody asks."""
    tkey = node_key(n)
    words, fam = tkey.split(), _fam(n)
    blocks = {"t:" + tkey}
    blocks.update("t:" + translit_key(a) for a in n.aliases)
    if n.label == "NORP":
        blocks.add("sg:" + singular_key(tkey))
    if not (n.label == "PERSON" and len(words) == 1):
        blocks.add(f"sp:{_ident_fam(n)}:{len(words)}:" + word_skeletons(n.key))
    if n.label == "PERSON" and words:
        blocks |= _person_blocks(n, words)
    if n.label != "PERSON":
        blocks |= _name_blocks(n, tkey, words, fam)
    return blocks


def _person_blocks(n: Node, words: list[str]) -> set[str]:
    """A person's keys: by surname (asked by a surname alone), by a shorter form of the name, and
    by the surname inside its own document."""
    sur = skeleton(RUSSIFIED_SUFFIX.sub("", words[-1]))
    if len(words) == 1:
        return {"sur?" + sur}
    return {"sur!" + sur, f"pn?{sur}:{words[0]}",  # a shorter name asks the longer ones (Elena Duarte)
            *(f"pn!{sur}:{w}" for w in words[:-1]), f"in:{n.document}:" + word_skeletons(words[-1])}


def _name_blocks(n: Node, tkey: str, words: list[str], fam: str) -> set[str]:
    """The keys of any other name: acronyms, parts and cores of organisations' names, countries,
    short forms of features, events, ministries, and shorter names inside a longer one."""
    blocks: set[str] = set()
    if is_acronym(n.key):
        blocks.add("acr?" + acronym_key(n.key))
    if len(n.key.split()) > 1:
        blocks.add("acr!" + acronym_of(n.key))
    if n.label == "ORG" and len(words) > 1:
        blocks.update("part!" + w for w in words[1:])
    if country_core(n.key):
        blocks.add("lf:" + country_core(n.key)[:4])
    if len(words) == 1 and _family(n.label) == "PLACE":
        blocks.add("lf:" + name_key(n.key)[:4])
    if fam == "ORG" and len(words) > 1 and org_core(n.key):
        blocks.add("core:" + org_core(n.key))
    if n.label == "ORG" and len(words) == 1:
        blocks.add("part?" + tkey)
    if len(words) == 1:
        blocks.add("feat?" + tkey)
        blocks.add(f"in:{n.document}:" + tkey)
        blocks.add(f"in:{n.document}:" + word_skeletons(tkey))
    else:
        blocks.add(f"in:{n.document}:" + words[-1])
    if short_form_of(n):
        blocks.add("feat!" + short_form_of(n))
    if n.label == "EVENT":
        blocks.add(f"ev:{len(words)}:" + words[0])
    if country_code(n):
        blocks.add("cc:" + country_code(n))
    if ministry_key(n):
        blocks.add("min:" + ministry_key(n))
    mw = match_words(n.key)
    if fam in ("ORG", "PLACE") and len(mw) > 1:
        blocks.add(f"ct?{fam}:{mw[-1]}:{mw[0]}")  # a shorter name asks by its first word
        blocks.update(f"ct!{fam}:{mw[-1]}:{w}" for w in mw[:-1])
    return blocks


ASKING_KEYS = ("sur", "pn", "acr", "part", "feat", "ct")  # the two-sided blocking keys


def block_side(block: str) -> tuple[str, str | None]:
    """('sur?x' -> ('sur:x', '?')), ('sur!x' -> ('sur:x', '!')), ('t:x' -> ('t:x', None))."""
    for head in ASKING_KEYS:
        if block.startswith(head) and block[len(head):len(head) + 1] in ("?", "!"):
            return f"{head}:{block[len(head) + 1:]}", block[len(head)]
    return block, None


def node_key(n: Node) -> str:
    """The folded name a node is matched by. Outside person names a capitalised article opens
    the name and is dropped too ('Al Qaeda' = 'al-Qaeda'); 'Al Gore' keeps his first name."""
    return _labelled_key(n.label == "PERSON", n.key)


@lru_cache(maxsize=1 << 18)
def _labelled_key(person: bool, key: str) -> str:
    if not person:
        words = key.split()
        if len(words) == 2 and words[0] in ("Al", "El") and words[1][:1].isupper():
            return translit_key(words[1])
    return translit_key(key)


def _family(label: str) -> str:
    return "PLACE" if label in PLACE else label


def _fam(n: Node) -> str:
    """The family a node is compared in: what the head noun of its name says ("Harlan Group" is
    an organisation, "St Anselm Hospital" a facility, whatever the model typed), else its label's."""
    return _name_family(n.label, n.key)


@lru_cache(maxsize=1 << 18)
def _name_family(label: str, key: str) -> str:
    kind = head_kind(key)
    if kind == "PLACE" and label == "ORG":
        return "ORG"  # an organisation named after its territory ("... Sahel Province")
    if kind:
        return "ORG" if kind == "ORG" else "PLACE"
    return _family(label)


def _ident_fam(n: Node) -> str:
    """The family in which a name must be the same to be the same actor. A name of two words or
    more without a head noun ("Dmitri Orlov", "Saudi Arabia") means one actor whatever label the
    model gave it in one sentence; one word ("Jordan") does not."""
    return _ident_family(n.label, n.key)


@lru_cache(maxsize=1 << 18)
def _ident_family(label: str, key: str) -> str:
    if label != "NORP" and len(translit_key(key).split()) > 1 and head_kind(key) is None:
        return "NAME"
    return _name_family(label, key)


def _compatible(a: Node, b: Node) -> bool:
    fa, fb = _fam(a), _fam(b)
    if fa == fb or _ident_fam(a) == _ident_fam(b) == "NAME":
        return True
    # one-word names are the model's weakest typing: the same word is the same actor
    return len(a.key.split()) == 1 and len(b.key.split()) == 1 and "PERSON" not in (fa, fb)


def _is_anaphor(n: Node, tkey: str) -> bool:
    """A bare head noun ("the Ministry", "the Strip") refers inside its article, not across."""
    return n.label != "PERSON" and " " not in tkey and name_key(n.key) in HEAD_NOUNS


def cluster(nodes: list[Node]) -> _UnionFind:
    """Union-find over the nodes. Rule 1 joins every node with the same folded name and type;
    the other rules then run on one representative per distinct (name, type), so their cost
    grows with the number of distinct names, not with the number of documents."""
    uf = _UnionFind(len(nodes))
    tkey = [node_key(n) for n in nodes]
    anaphor = [_is_anaphor(n, tkey[i]) for i, n in enumerate(nodes)]
    reps = _same_names(nodes, tkey, anaphor, uf)
    by_key: dict[str, list[int]] = defaultdict(list)  # folded name -> one representative per type
    for (key, _), i in reps.items():
        by_key[key].append(i)
    rep_ids = sorted(reps.values())
    _one_word_types(nodes, by_key, uf)
    _group_plurals(nodes, tkey, rep_ids, uf)
    _declared_aliases(nodes, by_key, uf)
    _anaphors(nodes, tkey, anaphor, uf)
    _spelling_variants(nodes, tkey, rep_ids, uf)
    _shorter_person_names(nodes, tkey, rep_ids, uf)
    _surnames(nodes, tkey, rep_ids, uf)
    _acronyms(nodes, rep_ids, uf)
    _country_names(nodes, rep_ids, uf)
    _ministries(nodes, rep_ids, uf)
    _shorter_names(nodes, rep_ids, uf)
    _org_cores(nodes, rep_ids, uf)
    _long_country_names(nodes, tkey, rep_ids, uf)
    short_forms = _feature_names(nodes, tkey, rep_ids, uf)
    _event_variants(nodes, tkey, rep_ids, uf)
    _mistyped_surnames(nodes, tkey, anaphor, short_forms, uf)
    _name_parts(nodes, tkey, uf)
    return uf


def _same_names(nodes: list[Node], tkey: list[str], anaphor: list[bool], uf: _UnionFind
                ) -> dict[tuple[str, str], int]:
    """Rule 1: the same folded name of the same kind is one actor. Returns one representative
    per (name, kind); a lone surname and an anaphor are left to the rules that read the corpus."""
    reps: dict[tuple[str, str], int] = {}
    for i, n in enumerate(nodes):
        ident = (tkey[i], _ident_fam(n))
        surname_only = n.label == "PERSON" and len(tkey[i].split()) == 1
        if surname_only or anaphor[i]:
            continue  # who "Hamron" is depends on the corpus: decided by the surname rule below
        if ident in reps:
            a = nodes[reps[ident]]
            rule = "same name" if name_key(a.key) == name_key(n.key) else "transliteration variant"
            if a.label != n.label and ident[1] == "NAME":
                rule += ", other type"
            uf.union(reps[ident], i, f"{rule}: '{a.key}' ({a.document}) ~ '{n.key}' ({n.document})")
            if n.label == "PERSON" and a.label != "PERSON":
                reps[ident] = i  # the person rules below look for a person
        else:
            reps[ident] = i
    return reps


def _one_word_types(nodes: list[Node], by_key: dict[str, list[int]], uf: _UnionFind) -> None:
    """Rule 1b: one-word names typed differently in different documents ("Kesvarian" ORG / NORP)."""
    for key, members in by_key.items():
        if len(key.split()) == 1:
            for j in members[1:]:
                if _compatible(nodes[members[0]], nodes[j]):
                    uf.union(members[0], j, f"same name, other type: '{nodes[j].key}' ({nodes[j].document})")


def _group_plurals(nodes: list[Node], tkey: list[str], rep_ids: list[int], uf: _UnionFind) -> None:
    """Rule 2: singular and plural of a group name (Kesvarian / Kesvarians)."""
    norp: dict[str, int] = {}
    for i in rep_ids:
        if nodes[i].label == "NORP":
            first = norp.setdefault(singular_key(tkey[i]), i)
            if first != i:
                uf.union(first, i, f"singular/plural: '{nodes[first].key}' ~ '{nodes[i].key}'")


def _declared_aliases(nodes: list[Node], by_key: dict[str, list[int]], uf: _UnionFind) -> None:
    """Rule 3: aliases an article declares ("Northern Liberation Front (NLF)")."""
    for i, n in enumerate(nodes):
        for alias in n.aliases:
            key = translit_key(alias)
            if n.label == "PERSON" and len(key.split()) < 2:
                continue  # "Mr Abdurakhmonov" is a way to write the name, not evidence to merge on
            reason = f"declared alias in {n.document}: '{alias}' for '{n.key}'"
            for j in by_key.get(key, ()):
                if j != i and _compatible(n, nodes[j]):
                    uf.union(i, j, reason)


def _event_word(a: str, b: str) -> bool:
    """Words of two names of one event: the same word, singular or plural, or a compound and
    its head ('wildfires' / 'fire', 'earthquake' / 'quake')."""
    a, b = singular_key(a), singular_key(b)
    short, long = sorted((a, b), key=len)
    return same_word(a, b) or (len(short) >= 4 and long.endswith(short))


def _event_variants(nodes: list[Node], tkey: list[str], reps: list[int], uf: _UnionFind) -> None:
    """'Dunmore fire' / 'Dunmore wildfire', 'Kelso fires' / 'Kelso wildfires': event names of as
    many words, the first the same, the others the same word or a compound and its head. Another
    place or year makes another event."""
    blocks: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i in reps:
        if nodes[i].label == "EVENT" and " " in tkey[i]:
            words = tkey[i].split()
            blocks[(len(words), words[0])].append(i)
    for members in blocks.values():
        if len(members) > SPELLING_BLOCK_MAX:
            continue
        for a, i in enumerate(members):
            for j in members[a + 1:]:
                if uf.find(i) != uf.find(j) and all(_event_word(x, y) for x, y in
                                                    zip(tkey[i].split()[1:], tkey[j].split()[1:])):
                    uf.union(i, j, f"same event: '{nodes[i].key}' ({nodes[i].document}) ~ '{nodes[j].key}' "
                                   f"({nodes[j].document})")


def _anaphors(nodes: list[Node], tkey: list[str], anaphor: list[bool], uf: _UnionFind) -> None:
    """A bare head noun ('Strip', 'Ministry') joins the one longer name of its own article that
    ends with it ('Corvan Strip', 'Defence Ministry'); with none or several it stays on its own."""
    ending: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        words = tkey[i].split()
        if n.label != "PERSON" and len(words) > 1:
            ending[(n.document, words[-1])].append(i)
    for i, n in enumerate(nodes):
        if anaphor[i]:
            hits = ending.get((n.document, tkey[i]), [])
            if len(hits) == 1:
                uf.union(hits[0], i, f"short reference in its article: '{n.key}' = '{nodes[hits[0]].key}' "
                                     f"({n.document})")


def _mistyped_surnames(nodes: list[Node], tkey: list[str], anaphor: list[bool], short_forms: set[str],
                       uf: _UnionFind) -> None:
    """A one-word name typed as a group, place or organisation that is the surname (or a spelling
    of it) of the one person its own article names in full: the model mistyped that mention
    ("Kostrovin" ORG beside "Anton Kostrovin"). A word that is the short form of a longer
    non-person name ('Harlan' of 'Harlan Group') is left to that rule."""
    surnames: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        words = tkey[i].split()
        if n.label == "PERSON" and len(words) > 1:
            surnames[(n.document, word_skeletons(words[-1]))].append(i)
    votes: dict[str, Counter] = defaultdict(Counter)  # one-word name -> mentions read as a person or not
    for i, n in enumerate(nodes):
        if " " not in tkey[i]:
            for label, k in n.labels.items():
                votes[tkey[i]]["person" if label == "PERSON" else "other"] += k
    for i, n in enumerate(nodes):
        word = tkey[i]
        if n.label == "PERSON" or anaphor[i] or " " in word or word in short_forms or is_acronym(n.key):
            continue
        if votes[word]["other"] > max(1, votes[word]["person"]):
            continue  # mostly an organisation or place by that name ('Ford' beside 'Henry Ford')
        hits = [j for j in surnames.get((n.document, word_skeletons(word)), ())
                if same_word(word, tkey[j].split()[-1])]
        if len({uf.find(j) for j in hits}) == 1:
            uf.union(hits[0], i, f"mistyped surname: '{n.key}' ({n.label}, {n.document}) is '{nodes[hits[0]].key}' "
                                 f"of the same article")


def _name_parts(nodes: list[Node], tkey: list[str], uf: _UnionFind) -> None:
    """A one-word organisation name ('Sahel') joins the one longer organisation name that
    contains it and also contains an organisation its own article names ('Islamic State', the
    'IS' of 'the IS branch ‘Sahel’') — so 'Voice of Sahel' is not a candidate."""
    containing: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        words = tkey[i].split()
        if n.label == "ORG" and len(words) > 1:
            for w in set(words[1:]):
                containing[w].append(i)
    for i, n in enumerate(nodes):
        if n.label != "ORG" or len(tkey[i].split()) != 1 or tkey[i] not in containing:
            continue
        context = {k for k in n.doc_orgs if len(k.split()) > 1 and tkey[i] not in k.split()}
        hits = {uf.find(j) for j in containing[tkey[i]]
                if any(f" {k} " in f" {tkey[j]} " for k in context)}
        if len(hits) == 1:
            j = next(j for j in containing[tkey[i]] if uf.find(j) in hits)
            uf.union(i, j, f"part of a longer name: '{n.key}' ({n.document}) in '{nodes[j].key}', which also "
                           f"names an organisation of the same article")


def same_word(a: str, b: str) -> bool:
    """Two romanisations of one name word: near-identical, or equal once a russified ending
    is dropped (Hamronov / Hamron)."""
    if a == b or Levenshtein.normalized_similarity(a, b) >= SPELLING_MIN:
        return True
    if len(a) == len(b) and a[-1] == b[-1] and a.replace("o", "a") == b.replace("o", "a"):
        return True  # unstressed Cyrillic "o" romanised as "a" (Vano/Vana); the ending is kept apart

    sa, sb = RUSSIFIED_SUFFIX.sub("", a), RUSSIFIED_SUFFIX.sub("", b)
    return (sa != a or sb != b) and (sa == sb or Levenshtein.normalized_similarity(sa, sb) >= SPELLING_MIN)


def _spelling_variants(nodes: list[Node], tkey: list[str], reps: list[int], uf: _UnionFind) -> None:
    """Romanisations and misspellings the fixed folds miss (Yusupova/Jusupova, Kostrovin/
    Kostrosvin): candidates share the first consonants of every word; every word must then be
    near-identical. A very common key is compared only between neighbours in sorted order
    (bounded work)."""
    blocks: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for i in reps:
        n = nodes[i]
        words = tkey[i].split()
        if n.label == "PERSON" and len(words) == 1:
            continue  # surname-only people are matched by the surname rule, which checks ambiguity
        blocks[(_ident_fam(n), len(words), word_skeletons(n.key))].append(i)
    for members in blocks.values():
        members.sort(key=lambda i: tkey[i])
        window = len(members) if len(members) <= SPELLING_BLOCK_MAX else SPELLING_WINDOW
        for a_pos, i in enumerate(members):
            for j in members[a_pos + 1:a_pos + 1 + window]:
                if uf.find(i) == uf.find(j):
                    continue
                if all(same_word(x, y) for x, y in zip(tkey[i].split(), tkey[j].split())):
                    uf.union(i, j, f"spelling variant: '{nodes[i].key}' ({nodes[i].document}) ~ "
                                   f"'{nodes[j].key}' ({nodes[j].document})")


def short_form_of(n: Node) -> str:
    """The bare name a longer name is often shortened to: 'Koktal' for 'Koktal Dam', 'Harlan' for
    'Harlan Group', 'Stratford' for 'Stratford-upon-Avon' (a place named after its river or region by a
    locative link); empty for other names."""
    if n.label == "PERSON":
        return ""
    raw = n.key.split()
    if len(raw) == 2 and raw[1].lower() in SHORT_FORM_HEADS:
        return translit_key(raw[0])
    words = name_key(n.key).split()
    if _family(n.label) == "PLACE" and len(words) >= 3 and words[1] in LOCATIVE_LINKS:
        return translit_key(words[0])
    return ""


def _feature_names(nodes: list[Node], tkey: list[str], reps: list[int], uf: _UnionFind) -> set[str]:
    """'Koktal' joins 'Koktal Dam' (and 'Harlan' 'Harlan Group') when exactly one named feature
    or organisation starts with that word. An administrative unit is another place than the bare
    name ('Harlow County', 'Selden City'), so those heads are not short forms. Returns the bare words
    that have such a longer name."""
    by_first: dict[str, set[int]] = defaultdict(set)
    for i in reps:
        first = short_form_of(nodes[i])
        if first:
            by_first[first].add(i)
    for i in reps:
        if nodes[i].label == "PERSON" or len(nodes[i].key.split()) != 1:
            continue
        hits = by_first.get(tkey[i], set())
        if len({uf.find(j) for j in hits}) == 1:
            j = next(iter(hits))
            uf.union(i, j, f"short form of a named feature: '{nodes[i].key}' ({nodes[i].document}) = "
                           f"'{nodes[j].key}'")
    return set(by_first)


def _grouped(reps: list[int], key_of: Callable[[int], str | None]) -> dict[str, list[int]]:
    """Representatives by a key, in their order; those whose key is empty are left out."""
    out: dict[str, list[int]] = defaultdict(list)
    for i in reps:
        key = key_of(i)
        if key:
            out[key].append(i)
    return out


def _person_words(nodes: list[Node], tkey: list[str], reps: list[int]) -> dict[str, list[int]]:
    """Multi-word person names by the skeleton of their surname."""
    by_skeleton: dict[str, list[int]] = defaultdict(list)
    for i in reps:
        words = tkey[i].split()
        if nodes[i].label == "PERSON" and len(words) > 1:
            by_skeleton[skeleton(RUSSIFIED_SUFFIX.sub("", words[-1]))].append(i)
    return by_skeleton


def _in_order(short: list[str], long: list[str]) -> bool:
    """Every word of ``short`` matches a word of ``long``, in the same order."""
    pos = 0
    for w in short:
        while pos < len(long) and not same_word(w, long[pos]):
            pos += 1
        if pos == len(long):
            return False
        pos += 1
    return True


def _shorter_person_names(nodes: list[Node], tkey: list[str], reps: list[int], uf: _UnionFind) -> None:
    """'Elena Duarte' joins 'Maria Elena Duarte': a person name of two words or more whose
    words, in order and ending with the surname, are part of the one longer person name of the
    corpus with that surname (its first word written the same, for blocking). Two such longer
    names: it stays apart."""
    by_word: dict[tuple[str, str], list[int]] = defaultdict(list)  # (surname skeleton, a given name)
    people = []
    for i in reps:
        words = tkey[i].split()
        if nodes[i].label == "PERSON" and len(words) > 1:
            people.append(i)
            sk = skeleton(RUSSIFIED_SUFFIX.sub("", words[-1]))
            for w in set(words[:-1]):
                by_word[(sk, w)].append(i)
    for i in sorted(people, key=lambda i: (-len(tkey[i].split()), i)):
        short = tkey[i].split()
        cands = by_word[(skeleton(RUSSIFIED_SUFFIX.sub("", short[-1])), short[0])]
        if len(cands) > SPELLING_BLOCK_MAX:
            continue  # a first name and surname this common identify nobody
        hits = [j for j in cands if len(tkey[j].split()) > len(short)
                and same_word(short[-1], tkey[j].split()[-1]) and _in_order(short, tkey[j].split())]
        roots = {uf.find(j) for j in hits}
        if len(roots) == 1 and uf.find(i) not in roots:
            j = hits[0]
            uf.union(i, j, f"shorter form of a name: '{nodes[i].key}' ({nodes[i].document}) in "
                           f"'{nodes[j].key}' ({nodes[j].document}), the only such person")


def _surnames(nodes: list[Node], tkey: list[str], reps: list[int], uf: _UnionFind) -> None:
    """A surname-only person joins the one person in the corpus whose surname it is (spelling
    variants and russified endings included). Two people sharing it: the mention stays apart,
    unresolved. Nobody with that name: it is one person known by surname only, or — when the
    same word names a group or place elsewhere — the model mistyped that group or place."""
    by_skeleton = _person_words(nodes, tkey, reps)
    by_word: dict[str, list[int]] = defaultdict(list)
    for i in reps:
        words = tkey[i].split()
        if nodes[i].label != "PERSON" and len(words) == 1:
            by_word[tkey[i]].append(i)
    unknown: dict[str, int] = {}
    for i, n in enumerate(nodes):
        surname = tkey[i]
        if n.label != "PERSON" or len(surname.split()) != 1:
            continue
        hits = [j for j in by_skeleton.get(skeleton(RUSSIFIED_SUFFIX.sub("", surname)), ())
                if same_word(surname, tkey[j].split()[-1])]
        people = {uf.find(j) for j in hits}
        if len(people) == 1:
            j = hits[0]
            rule = "surname only" if tkey[j].split()[-1] == surname else "surname only, spelling variant"
            uf.union(i, j, f"{rule}: '{n.key}' ({n.document}) = '{nodes[j].key}', the only such person")
        elif not people:
            if by_word.get(surname):
                j = by_word[surname][0]
                uf.union(i, j, f"type repair: one-word '{n.key}' ({n.document}) is the {nodes[j].label} "
                               f"'{nodes[j].key}' elsewhere, and no person is called so")
            elif surname in unknown:
                uf.union(unknown[surname], i, f"same name: '{n.key}' ({n.document}), known by surname only")
            else:
                unknown[surname] = i


def _acronyms(nodes: list[Node], reps: list[int], uf: _UnionFind) -> None:
    """Initials ('NFSA', 'U.S.') join the one organisation or place whose capitalised words
    they spell ('National Food Safety Agency', 'United States')."""
    by_initials: dict[str, set[int]] = defaultdict(set)
    for i in reps:
        if nodes[i].label != "PERSON" and len(nodes[i].key.split()) > 1:
            by_initials[acronym_of(nodes[i].key)].add(i)
    for i in reps:
        n = nodes[i]
        if n.label == "PERSON" or not is_acronym(n.key):
            continue
        hits = {j for j in by_initials.get(acronym_key(n.key), set()) if _compatible_acronym(n, nodes[j])}
        if len({uf.find(j) for j in hits}) == 1:
            j = next(iter(hits))
            uf.union(i, j, f"acronym: '{n.key}' = initials of '{nodes[j].key}'")


def org_core(name: str) -> str:
    """'Harlan Private Military Company' and 'PMC Harlan' -> 'harlan': an organisation's name
    without the words that only say what type of organisation it is, nor initials made of them.
    Empty when nothing was dropped or nothing is left."""
    raw = [w for w in re.split(r"[\s\-]+", drop_particles(name)) if w]
    core = [w for w in raw if w.lower() not in ORG_TYPE_WORDS and not _type_initials(w)]
    if not core or len(core) == len(raw):
        return ""
    return translit_key(" ".join(core))


def _type_initials(word: str) -> bool:
    """'PMC', 'LLC': capitals each of which starts a type word."""
    return 2 <= len(word) <= 4 and word.isupper() and all(c in _TYPE_LETTERS for c in word.lower())


_TYPE_LETTERS = frozenset(w[0] for w in ORG_TYPE_WORDS)


def _org_cores(nodes: list[Node], reps: list[int], uf: _UnionFind) -> None:
    """Names of one organisation with and without their type words ('Harlan Group', 'Harlan
    Private Military Company', 'PMC Harlan'): organisation names whose cores are the same join."""
    def core_of(i: int) -> str:
        n = nodes[i]
        return org_core(n.key) if n.label != "PERSON" and _fam(n) == "ORG" and len(n.key.split()) > 1 else ""

    for core, members in _grouped(reps, core_of).items():
        for j in members[1:]:
            uf.union(members[0], j, f"same organisation without its type words ('{core}'): "
                                    f"'{nodes[members[0]].key}' ~ '{nodes[j].key}' ({nodes[j].document})")


def country_core(name: str) -> str:
    """'Russian Federation' -> 'russian', 'Islamic Republic of Iran' -> 'iran': the word naming
    the country in a long name made of a form of state; empty for other names."""
    words = name_key(name).split()
    if len(words) < 2 or not any(w in STATE_FORMS for w in words):
        return ""
    if "of" in words[:-1]:
        rest = [w for w in words[words.index("of") + 1:] if w != "the"]
        return rest[-1] if len(rest) == 1 else ""
    return words[0] if len(words) == 2 and words[1] in STATE_FORMS else ""


def _country_matches(core: str, country: str) -> bool:
    """'russian' / 'russia', 'italian' / 'italy', 'czech' / 'czechia', 'iran' / 'iran'."""
    if core == country:
        return True
    stem = country[:-1] if len(country) > 4 else country
    return (core.startswith(stem) and len(core) - len(country) <= 3) or \
        (country.startswith(core) and len(country) - len(core) <= 2 and len(core) >= 4)


def _long_country_names(nodes: list[Node], tkey: list[str], reps: list[int], uf: _UnionFind) -> None:
    """'Russian Federation' joins 'Russia', 'Republic of Korea' 'Korea': a long name made of a
    form of state and the country's name or adjective joins the one place of that name."""
    places: dict[str, list[int]] = defaultdict(list)
    for i in reps:
        if _family(nodes[i].label) == "PLACE" and " " not in tkey[i]:
            places[name_key(nodes[i].key)[:4]].append(i)
    for i in reps:
        core = country_core(nodes[i].key) if nodes[i].label != "PERSON" else ""
        if not core:
            continue
        adjective = " of " not in f" {name_key(nodes[i].key)} "
        hits = [j for j in places.get(core[:4], ()) if _country_matches(core, name_key(nodes[j].key))
                and not (adjective and name_key(nodes[j].key) == core)]  # 'Russian' typed as a place
        if len({uf.find(j) for j in hits}) == 1:
            uf.union(i, hits[0], f"long name of a country: '{nodes[i].key}' ({nodes[i].document}) = "
                                 f"'{nodes[hits[0]].key}'")


def country_code(n: Node) -> str:
    """The territory-table code of a node that names a country or territory by one of its strong
    names or initials ('Czech Republic', 'Czechia', 'U.S.'), typed as a place; empty otherwise. Groups,
    organisations and people are never read as a country."""
    if n.label not in ("GPE", "LOC"):
        return ""
    return (country_of_initials(n.key) if is_initials(n.key) else country_of_name(n.key)) or ""


def _country_names(nodes: list[Node], reps: list[int], uf: _UnionFind) -> None:
    """'Czech Republic' / 'Czechia', 'USA' / 'United States': two names of one country that no spelling
    rule relates (an English name and the country's own or new official name, initials of a long
    name) join when the territory table (rigour) gives both as strong names of the same country.
    General world knowledge: the table is the library's, not made from any corpus."""
    for code, members in _grouped(reps, lambda i: country_code(nodes[i])).items():
        for j in members[1:]:
            if uf.find(j) != uf.find(members[0]):
                uf.union(members[0], j, f"one country in the territory table ({code}): '{nodes[members[0]].key}' "
                                        f"({nodes[members[0]].document}) ~ '{nodes[j].key}' ({nodes[j].document})")


MINISTRY_HEADS = frozenset({"ministry"})


def _ministry_parts(n: Node) -> tuple[str, str, str, str] | None:
    """(territory code, folded portfolio words, the qualifier, the portfolio words) of a ministry's name whose
    qualifier names a territory: 'Kenyan Ministry of Health' -> ('ke', 'health ministry',
    'kenyan', 'health ministry'), 'Kenya Health Ministry' -> ('ke', 'health ministri', 'kenya', ...)."""
    if n.label == "PERSON" or _fam(n) != "ORG":
        return None
    ow = ordered_words(n.key)
    if len(ow) < 3 or ow[-1] not in MINISTRY_HEADS:
        return None
    found = territory_of_qualifier(ow)
    if not found:
        return None
    code, start, end = found
    mw = match_words(n.key)
    portfolio = mw[:start] + mw[end:]
    if len(portfolio) < 2:
        return None
    return code, " ".join(portfolio), " ".join(ow[start:end]), " ".join(ow[:start] + ow[end:])


def ministry_key(n: Node) -> str:
    parts = _ministry_parts(n)
    return f"{parts[0]}:{parts[1]}" if parts else ""


def _ministries(nodes: list[Node], reps: list[int], uf: _UnionFind) -> None:
    """'Kenyan Ministry of Health' / 'Kenya Health Ministry', 'Czech Interior Ministry' /
    'Interior Ministry of Czechia': outlets name a government's ministry by the country's name,
    its adjective or a place standing for it. Two ministry names join when their portfolio words
    are the same (head and word order folded: "Ministry of Health" = "Health Ministry") and
    their qualifiers name the same territory in the territory table (rigour: strong and weak
    names, adjectives, and the places it gives for a territory). Another country's ministry of
    the same portfolio ('Ugandan Health Ministry') has another code and stays apart."""
    for members in _grouped(reps, lambda i: ministry_key(nodes[i])).values():
        first = _ministry_parts(nodes[members[0]])
        for j in members[1:]:
            if uf.find(j) == uf.find(members[0]):
                continue
            other = _ministry_parts(nodes[j])
            uf.union(members[0], j, f"same ministry of one territory: '{nodes[members[0]].key}' "
                                    f"({nodes[members[0]].document}) ~ '{nodes[j].key}' ({nodes[j].document}); "
                                    f"'{first[2]}' and '{other[2]}' name '{first[0]}' in the territory table, "
                                    f"same portfolio '{first[3]}'")


def country_display_name(forms: Iterable[str], label: str) -> tuple[str, str] | None:
    """(name, code) for an actor typed as a country and written only as initials ('US', 'U.S.'):
    its name from the territory table ('United States'), else None."""
    if label != "GPE":
        return None
    codes = {country_of_initials(f) if is_initials(f) else None for f in forms}
    if len(codes) != 1 or None in codes:
        return None
    code = codes.pop()
    name = english_name(code)
    return (name, code) if name else None


def _compatible_acronym(short: Node, full: Node) -> bool:
    """Initials typed as a place stand for a place, as an organisation for an organisation; the
    model types bare initials poorly, so a group label (NORP) matches either."""
    return short.label == "NORP" or _fam(short) == _fam(full) or _ident_fam(full) == "NAME"


def _shorter_names(nodes: list[Node], reps: list[int], uf: _UnionFind) -> None:
    """A name with and without a qualifier: 'Popular Front' joins 'Kesvarian Popular Front',
    'Health Ministry' 'Selden Health Ministry', 'Al Noor Hospital' 'Al-Noor Central Hospital' — an
    organisation or place whose words (particles and "of" aside, "Ministry of Health" read as
    "Health Ministry") all appear, in order and with the same head word, in exactly one longer
    name of the same kind in the corpus (the first word written the same, for blocking). Added
    words after the head make another actor ('Islamic
    State' / 'Islamic State Sahel Province'); two longer candidates (a Selden and a Kesvarian
    ministry) leave the short name apart. Longer names are joined first."""
    posting: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    words: dict[int, tuple[str, ...]] = {}
    for i in reps:
        n = nodes[i]
        mw = match_words(n.key)
        if n.label == "PERSON" or _fam(n) not in ("ORG", "PLACE") or len(mw) < 2 or is_acronym(n.key):
            continue
        words[i] = mw
        for w in set(mw[:-1]):
            posting[(_fam(n), mw[-1], w)].append(i)
    for i in sorted(words, key=lambda i: (-len(words[i]), i)):
        mw, fam = words[i], _fam(nodes[i])
        posted = posting[(fam, mw[-1], mw[0])]
        if len(posted) > SPELLING_BLOCK_MAX:
            continue  # so many names share these words that the short one identifies none
        cands = {j for j in posted if j != i and len(words[j]) >= len(mw) and words[j] != mw}
        hits = [j for j in sorted(cands) if _in_order(list(mw[:-1]), list(words[j][:-1]))]
        roots = {uf.find(j) for j in hits} | {uf.find(i)}
        if len(roots) == 2:
            j = next(j for j in hits if uf.find(j) != uf.find(i))
            graded = sorted({w for w in name_key(nodes[i].key).split() if w in GENERIC_QUALIFIERS} - set(mw))
            note = f", its grading word '{graded[0]}' set aside" if graded else ""
            uf.union(i, j, f"shorter form of a name: '{nodes[i].key}' ({nodes[i].document}) in "
                           f"'{nodes[j].key}' ({nodes[j].document}), the only such name{note}")


def canonical_name(forms: Counter, label: str) -> str:
    """The fullest well-formed form: most words (initials aside), then the spelling most other
    mentions agree with ("Hamron" x8 backs "Sobirali Hamron" over "Sobiralii Chamron"), then
    frequency. Group names (NORP) read as groups: "Russian" -> "Russians"."""
    def support(form: str) -> int:
        words = set(form.split())
        return sum(c for f, c in forms.items() if set(f.split()) <= words)

    def rank(form: str) -> tuple:
        bare = strip_titles(form)
        words = [w for w in bare.split() if len(w.rstrip(".")) > 1]
        plural = label == "NORP" and form.endswith("s")
        return (not form.isupper(), len(words), bare == form, plural, support(form), forms[form], form)

    best = max(forms, key=rank)
    if label == "NORP" and best.endswith("an") and best[:1].isupper():
        return best + "s"  # demonyms in -an name their people in the plural
    return best


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Resolution allocates millions of small acyclic objects; the cyclic collector's repeated
    full scans made a million mentions take twice as long per mention as a hundred thousand."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def resolve_entities(mentions: list[dict]) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Entities and a map (document_id, key) -> entity id."""
    entities, owner, _ = resolve_nodes(build_nodes(mentions))
    return entities, owner


def entity_base(label: str, name: str) -> str:
    """The id an entity gets unless another actor has the same type and name."""
    return stable_id("ent", label, name_key(name))


def resolve_nodes(nodes: list[Node]) -> tuple[list[Entity], dict[tuple[str, str], str], dict[str, str]]:
    """Entities, a map (document_id, key) -> entity id, and each entity's base id (see
    ``entity_base``). ``nodes`` in (document, position) order: the order decides which node
    represents a name and is quoted in the reasons."""
    with _gc_paused():
        return _resolve_nodes(nodes)


def _resolve_nodes(nodes: list[Node]) -> tuple[list[Entity], dict[tuple[str, str], str], dict[str, str]]:
    uf = cluster(nodes)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        members[uf.find(i)].append(i)
    entities, owner, used, bases = [], {}, set(), {}
    for root, idx in sorted(members.items(), key=lambda kv: min((nodes[i].document, nodes[i].key) for i in kv[1])):
        labels, forms, docs = Counter(), Counter(), set()
        for i in idx:
            labels.update(nodes[i].labels)
            forms.update(nodes[i].forms)
            forms[nodes[i].key] += 0
            docs.add(nodes[i].document)
        label = _type_vote(labels, forms)
        name = canonical_name(Counter({f: c for f, c in forms.items()}), label)
        reasons = list(uf.reasons.get(root, []))
        country = country_display_name(forms, label)
        if country:
            reasons.append(f"country name from the territory table ({country[1]}): "
                           f"'{name}' = '{country[0]}'")
            name = country[0]
        elif label in ("GPE", "LOC"):
            official = official_spelling(forms)
            if official and official[0] != name:
                reasons.append(f"official spelling from ISO 3166-2 ({official[1]}): '{name}' = '{official[0]}'")
                name = official[0]
        eid = base = entity_base(label, name)
        if eid in used:  # two actors sharing a name (two different Putins) stay two entities
            first = min((nodes[i].document, nodes[i].key) for i in idx)
            eid = stable_id("ent", label, name_key(name), *first)
        used.add(eid)
        bases[eid] = base
        aliases = sorted(({f for f in forms} | {a for i in idx for a in nodes[i].aliases}) - {name})
        entities.append(Entity(eid, name, label, aliases, sorted(docs), reasons))
        for i in idx:
            owner[(nodes[i].document, nodes[i].key)] = eid
    entities.sort(key=lambda e: (-len(e.documents), e.name))
    return entities, owner, bases


def _type_vote(labels: Counter, forms: Counter) -> str:
    """The type of a merged actor: the model's labels across documents vote, a person's full
    name wins over organisation readings, and the head noun of its names overrides the votes
    ("... Hospital" is a facility, "... Group" an organisation, "... Province" a place)."""
    if labels["PERSON"] and any(len(f.split()) > 1 for f in forms) and labels["PERSON"] >= labels["ORG"]:
        if not any(head_kind(f) for f in forms):
            return "PERSON"
    kinds = Counter()
    for form, n in forms.items():
        kind = "PLACE" if country_core(form) else head_kind(form)
        if kind:
            kinds[kind] += n + 1
    if kinds:
        kind = kinds.most_common(1)[0][0]
        if kind != "PLACE":
            return kind
        if labels["ORG"] <= labels["GPE"] + labels["LOC"] + labels["PERSON"] + labels["NORP"]:
            return "LOC" if labels["LOC"] > labels["GPE"] else "GPE"
    top = labels.most_common(1)[0][0]
    if top == "NORP" and all(is_place_name(f) for f in forms):
        return "GPE"  # a country is never a group of people
    return top
