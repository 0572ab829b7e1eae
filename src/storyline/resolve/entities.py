"""Resolve stage: cluster the actors of every document into one entity per real-world actor.

Input: each document's mention groups (the analyze stage already attached surnames, titles and
declared aliases to the fullest name inside the document). Candidates for a merge come from
blocking keys only (never all pairs): the transliteration key of a name, its declared and
well-known aliases, a person's surname, an organisation's initials. Every merge records the rule
and the evidence, so an analyst can ask why two names are one entity."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from storyline.ids import stable_id
from storyline.model import Entity
from storyline.resolve.names import (RUSSIFIED_SUFFIX, acronym_of, name_key, singular_key, skeleton,
                                    translit_key)
from rapidfuzz.distance import Levenshtein

from storyline.resources.names import FEATURE_HEADS, KNOWN_ALIASES

PLACE = {"GPE", "LOC", "FAC"}
SPELLING_MIN = 0.8  # per-word similarity of two romanisations of one name (Abdurakhmonov ~ Abdurahmanov)


@dataclass
class Node:
    """One actor inside one document: the mentions sharing a key."""

    document: str
    key: str
    labels: Counter = field(default_factory=Counter)
    forms: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return self.labels.most_common(1)[0][0]


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
    """Group mention rows (document_id, key, label, text, aliases list) into per-document nodes."""
    nodes: dict[tuple[str, str], Node] = {}
    for m in mentions:
        node = nodes.setdefault((m["document_id"], m["key"]), Node(m["document_id"], m["key"]))
        node.labels[m["label"]] += 1
        node.forms[m["text"]] += 1
        node.aliases.update(m.get("aliases") or ())
    return list(nodes.values())


def _family(label: str) -> str:
    return "PLACE" if label in PLACE else label


def _compatible(a: Node, b: Node) -> bool:
    fa, fb = _family(a.label), _family(b.label)
    if fa == fb:
        return True
    # one-word names are the model's weakest typing: the same word is the same actor
    return len(a.key.split()) == 1 and len(b.key.split()) == 1 and "PERSON" not in (fa, fb)


def cluster(nodes: list[Node]) -> _UnionFind:
    uf = _UnionFind(len(nodes))
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        k = translit_key(n.key)
        by_key[k].append(i)
        if n.label == "NORP":
            by_key.setdefault(singular_key(k), [])

    def link(i: int, key: str, reason: str) -> None:
        for j in by_key.get(key, ()):
            if j != i and _compatible(nodes[i], nodes[j]):
                uf.union(i, j, reason)

    shared_surnames = _shared_surnames(nodes)
    # 1. the same name after folding case, script, diacritics and romanisation
    for key, members in by_key.items():
        if key in shared_surnames:
            continue  # "Abdurakhmonov" alone, when two Abdurakhmonovs are in the news: leave apart
        for j in members[1:]:
            a, b = nodes[members[0]], nodes[j]
            if _compatible(a, b):
                rule = "same name" if name_key(a.key) == name_key(b.key) else "transliteration variant"
                uf.union(members[0], j, f"{rule}: '{a.key}' ({a.document}) ~ '{b.key}' ({b.document})")
    # 2. singular and plural of a group name (Tajik / Tajiks)
    norp: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        if n.label == "NORP":
            norp[singular_key(translit_key(n.key))].append(i)
    for members in norp.values():
        for j in members[1:]:
            uf.union(members[0], j, f"singular/plural: '{nodes[members[0]].key}' ~ '{nodes[j].key}'")
    # 3. aliases an article declares ("Islamic State Khorasan Province (ISKP)") and well-known ones
    known = {translit_key(form): row for row in KNOWN_ALIASES for form in row}
    for i, n in enumerate(nodes):
        for alias in n.aliases:
            key = translit_key(alias)
            if key in shared_surnames or (n.label == "PERSON" and len(key.split()) < 2):
                continue  # "Mr Abdurakhmonov" is a way to write the name, not evidence to merge on
            link(i, key, f"declared alias in {n.document}: '{alias}' for '{n.key}'")
        row = known.get(translit_key(n.key))
        if row:
            for form in row:
                link(i, translit_key(form), f"well-known alias: '{form}' for '{row[0]}'")
    _spelling_variants(nodes, uf)
    _surnames(nodes, uf)
    _acronyms(nodes, uf)
    _feature_names(nodes, uf)
    return uf


def _shared_surnames(nodes: list[Node]) -> set[str]:
    """Surnames that two or more different full-name people in the corpus carry."""
    people: dict[str, set[str]] = defaultdict(set)
    for n in nodes:
        words = translit_key(n.key).split()
        if n.label == "PERSON" and len(words) > 1:
            people[words[-1]].add(" ".join(words))
    return {s for s, names in people.items() if len(names) > 1}


def _spelling_variants(nodes: list[Node], uf: _UnionFind) -> None:
    """Romanisations the fixed folds miss (Yusupova/Jusupova, Abdurakhmonov/Abdurahmanov):
    candidates share a consonant skeleton; every word must then be near-identical."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        if n.label == "PERSON" and len(n.key.split()) == 1:
            continue  # surname-only people are matched by the surname rule, which checks ambiguity
        if n.label in ("PERSON", "ORG") or _family(n.label) == "PLACE":
            blocks[(_family(n.label), skeleton(n.key))].append(i)
    for members in blocks.values():
        for a_pos, i in enumerate(members):
            for j in members[a_pos + 1:]:
                wa, wb = translit_key(nodes[i].key).split(), translit_key(nodes[j].key).split()
                if len(wa) != len(wb) or uf.find(i) == uf.find(j):
                    continue
                if all(Levenshtein.normalized_similarity(x, y) >= SPELLING_MIN for x, y in zip(wa, wb)):
                    uf.union(i, j, f"spelling variant: '{nodes[i].key}' ({nodes[i].document}) ~ "
                                   f"'{nodes[j].key}' ({nodes[j].document})")


def _feature_names(nodes: list[Node], uf: _UnionFind) -> None:
    """'Koktal' joins 'Koktal Dam' when exactly one named feature starts with that word."""
    by_first: dict[str, set[int]] = defaultdict(set)
    for i, n in enumerate(nodes):
        words = n.key.split()
        if n.label != "PERSON" and len(words) == 2 and words[1].lower() in FEATURE_HEADS:
            by_first[translit_key(words[0])].add(i)
    for i, n in enumerate(nodes):
        if n.label == "PERSON" or len(n.key.split()) != 1:
            continue
        hits = by_first.get(translit_key(n.key), set())
        if len({uf.find(j) for j in hits}) == 1:
            j = next(iter(hits))
            uf.union(i, j, f"short form of a named feature: '{n.key}' ({n.document}) = '{nodes[j].key}'")


def _surnames(nodes: list[Node], uf: _UnionFind) -> None:
    """A surname-only person joins the one full-name person in the corpus with that surname."""
    full: dict[str, set[int]] = defaultdict(set)
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        if n.label != "PERSON" and len(n.key.split()) == 1:
            by_word[translit_key(n.key)].append(i)
    for i, n in enumerate(nodes):
        words = translit_key(n.key).split()
        if n.label == "PERSON" and len(words) > 1:
            full[words[-1]].add(i)
    for i, n in enumerate(nodes):
        words = translit_key(n.key).split()
        if n.label != "PERSON" or len(words) != 1:
            continue
        surname = words[0]
        hits, rule = full.get(surname, set()), "surname only"
        if not hits:
            stem = RUSSIFIED_SUFFIX.sub("", surname)
            hits, rule = full.get(stem, set()) if stem != surname else set(), "russified surname form (-ov/-ev)"
        people = {uf.find(j) for j in hits}
        if len(people) == 1:
            j = next(iter(hits))
            uf.union(i, j, f"{rule}: '{n.key}' ({n.document}) = '{nodes[j].key}', the only such person")
        elif not hits:  # no person has this name: the model mistyped a group or place name
            for j in by_word.get(surname, ()):
                uf.union(i, j, f"type repair: one-word '{n.key}' ({n.document}) is the {nodes[j].label} "
                               f"'{nodes[j].key}' elsewhere, and no person is called so")
                break


def _acronyms(nodes: list[Node], uf: _UnionFind) -> None:
    """An all-capitals organisation name joins the one organisation whose initials spell it."""
    by_initials: dict[str, set[int]] = defaultdict(set)
    for i, n in enumerate(nodes):
        if n.label == "ORG" and len(n.key.split()) > 1:
            by_initials[acronym_of(n.key)].add(i)
    for i, n in enumerate(nodes):
        if n.label != "ORG" or not n.key.isupper() or len(n.key) < 2:
            continue
        hits = by_initials.get(n.key.replace(".", ""), set())
        if len({uf.find(j) for j in hits}) == 1:
            j = next(iter(hits))
            uf.union(i, j, f"acronym: '{n.key}' = initials of '{nodes[j].key}'")


def canonical_name(forms: Counter, label: str) -> str:
    """The fullest well-formed form: most words (initials aside), then the spelling most other
    mentions agree with ("Rahmon" x8 backs "Emomali Rahmon" over "Emomalii Rachmon"), then
    frequency. Group names (NORP) read as groups: "Russian" -> "Russians"."""
    def support(form: str) -> int:
        words = set(form.split())
        return sum(c for f, c in forms.items() if set(f.split()) <= words)

    def rank(form: str) -> tuple:
        words = [w for w in form.split() if len(w.rstrip(".")) > 1]
        plural = label == "NORP" and form.endswith("s")
        return (not form.isupper(), len(words), plural, support(form), forms[form], form)

    best = max(forms, key=rank)
    if label == "NORP" and best.endswith("an") and best[:1].isupper():
        return best + "s"  # demonyms in -an name their people in the plural
    return best


def resolve_entities(mentions: list[dict]) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """Entities and a map (document_id, key) -> entity id."""
    nodes = build_nodes(mentions)
    uf = cluster(nodes)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        members[uf.find(i)].append(i)
    entities, owner, used = [], {}, set()
    for root, idx in sorted(members.items(), key=lambda kv: min((nodes[i].document, nodes[i].key) for i in kv[1])):
        labels, forms, docs = Counter(), Counter(), set()
        for i in idx:
            labels.update(nodes[i].labels)
            forms.update(nodes[i].forms)
            forms[nodes[i].key] += 0
            docs.add(nodes[i].document)
        label = _type_vote(labels, forms)
        name = canonical_name(Counter({f: c for f, c in forms.items()}), label)
        eid = stable_id("ent", label, name_key(name))
        if eid in used:  # two actors sharing a name (two different Putins) stay two entities
            first = min((nodes[i].document, nodes[i].key) for i in idx)
            eid = stable_id("ent", label, name_key(name), *first)
        used.add(eid)
        aliases = sorted(({f for f in forms} | {a for i in idx for a in nodes[i].aliases}) - {name})
        entities.append(Entity(eid, name, label, aliases, sorted(docs), list(uf.reasons.get(root, []))))
        for i in idx:
            owner[(nodes[i].document, nodes[i].key)] = eid
    entities.sort(key=lambda e: (-len(e.documents), e.name))
    return entities, owner


def _type_vote(labels: Counter, forms: Counter) -> str:
    if labels["PERSON"] and any(len(f.split()) > 1 for f in forms) and labels["PERSON"] >= labels["ORG"]:
        return "PERSON"
    return labels.most_common(1)[0][0]
