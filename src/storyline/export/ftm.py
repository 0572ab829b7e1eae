"""Export stage: FollowTheMoney entity lines (followthemoney library), loadable into Aleph
(``alephclient write-entities``) or any FtM tool.

Documents become ``Article``s; actors become the nearest FtM schema (Person, Organization,
Territory for places with a government, Address for other places, Event); each actor's name in
each document is a ``Mention`` tying the article to the resolved entity; relations become the
nearest FtM relationship (Directorship, Employment, Membership, Family, Associate,
Representation), else ``UnknownLink`` with the predicate as its role, each with the articles
that state it as ``proof``. Group names (NORP) and untyped names have no FtM schema and are
left out. Ids are storyline's own ids with "-" for "_" (FtM ids allow letters, digits, "." and
"-" only), so a re-export updates the same Aleph entities."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

from followthemoney import model

from storyline.ids import stable_id
from storyline.store.db import Store
from storyline.store.read import tables

# storyline entity type -> FtM schema; types missing here have no fitting schema
ENTITY_SCHEMATA: dict[str, str] = {
    "PERSON": "Person", "ORG": "Organization", "GPE": "Territory", "LOC": "Address", "FAC": "Address",
    "EVENT": "Event",
}
# role words in a relation's predicate -> (FtM schema, property for the subject, for the object);
# a predicate reads "SUBJECT <role> of/at OBJECT" ("Erlan Sadykov | chief executive of | ...")
FAMILY_WORDS = frozenset("""son daughter father mother brother sister wife husband cousin uncle aunt
    nephew niece grandson granddaughter grandfather grandmother widow widower stepson stepdaughter
    stepfather stepmother child parent sibling spouse""".split())
ASSOCIATE_WORDS = frozenset("ally friend rival partner associate adviser advisor aide deputy successor predecessor".split())
AGENT_WORDS = frozenset("lawyer attorney agent representative envoy".split())
DIRECTOR_WORDS = frozenset("""director chairman chairwoman chair ceo chief head president founder boss
    executive governor""".split())
MEMBER_WORDS = frozenset("member members".split())
PERSON_TO_PERSON = ((FAMILY_WORDS, ("Family", "relative", "person", "relationship")),
                    (ASSOCIATE_WORDS, ("Associate", "associate", "person", "relationship")),
                    (AGENT_WORDS, ("Representation", "agent", "client", "role")))
PERSON_TO_ORG = ((DIRECTOR_WORDS, ("Directorship", "director", "organization", "role")),
                 (MEMBER_WORDS, ("Membership", "member", "organization", "role")),
                 (AGENT_WORDS, ("Representation", "agent", "client", "role")))
EMPLOYMENT = ("Employment", "employee", "employer", "role")  # "hydrologist at X": some other role at X
UNKNOWN = ("UnknownLink", "subject", "object", "role")
ROLE_PREPOSITIONS = frozenset({"of", "at", "for", "with", "to"})


def relation_schema(predicate: str, subject_type: str, object_type: str) -> tuple[str, str, str, str]:
    """(schema, subject property, object property, property for the predicate text)."""
    words = predicate.lower().split()
    role = set(words[:-1]) if len(words) > 1 and words[-1] in ROLE_PREPOSITIONS else set()
    if subject_type == "PERSON" and object_type == "PERSON":
        for vocab, target in PERSON_TO_PERSON:
            if role & vocab:
                return target
    if subject_type == "PERSON" and object_type == "ORG":
        for vocab, target in PERSON_TO_ORG:
            if role & vocab:
                return target
        if role:
            return EMPLOYMENT
    return UNKNOWN


def fid(storyline_id: str) -> str:
    """A storyline id as an FtM id ("doc_1e48..." -> "doc-1e48...")."""
    return storyline_id.replace("_", "-")


def _make(schema: str, id_: str, **props: Any) -> Any:
    proxy = model.make_entity(schema)
    proxy.id = fid(id_)
    for prop, values in props.items():
        for v in values if isinstance(values, (list, tuple, set)) else [values]:
            if v not in (None, ""):
                proxy.add(prop, v)
    return proxy


def entities(store: Store) -> Iterator[Any]:
    """Every FtM entity of the knowledge base: articles, actors, mentions, relationships."""
    for d in sorted(tables.documents(store), key=lambda d: d["id"]):
        url = d["source"] if d["source"].startswith(("http://", "https://")) else None
        yield _make("Article", d["id"], title=d["title"] or d["source"], bodyText=d["body"],
                    publishedAt=d["published"], publisher=d["outlet"], language=d["language"], sourceUrl=url,
                    fileName=None if url else Path(d["source"].split("#")[0]).name)
    schema_of: dict[str, str] = {}
    types: dict[str, str] = {}
    for e in tables.entities(store):
        schema = ENTITY_SCHEMATA.get(e["type"])
        if schema is None:
            continue
        schema_of[e["id"]], types[e["id"]] = schema, e["type"]
        notes = [r for r in e["reasons"] if r.startswith("curation")]
        extra = {"full": e["name"]} if schema == "Address" else {}
        yield _make(schema, e["id"], name=e["name"], alias=e["aliases"], notes=notes, **extra)
    seen = set()
    for m in tables.mentions(store):
        key = (m["entity"], m["document"], m["text"])
        if m["entity"] in schema_of and key not in seen:
            seen.add(key)
            yield _make("Mention", stable_id("mention", *key), document=fid(m["document"]), resolved=fid(m["entity"]),
                        name=m["text"], detectedSchema=schema_of[m["entity"]])
    yield from _relationships(store, types)


def _relationships(store: Store, types: dict[str, str]) -> Iterator[Any]:
    proofs: dict[tuple[str, str, str, str, str, str, str], set[str]] = defaultdict(set)
    for r in tables.relations(store):
        a, b = r["subject"], r["object"]
        if a in types and b in types and a != b:
            schema, sp, op, rp = relation_schema(r["predicate"], types[a], types[b])
            proofs[(schema, sp, op, rp, a, b, r["predicate"])].add(r["document"])
    for (schema, sp, op, rp, a, b, predicate), docs in sorted(proofs.items()):
        yield _make(schema, stable_id("rel", schema, a, b, predicate), **{sp: fid(a), op: fid(b), rp: predicate},
                    proof=[fid(d) for d in sorted(docs)], summary=predicate)


def write_ftm(store: Store, path: Path) -> int:
    """Write one FtM entity per line (JSON); returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for proxy in entities(store):
            fh.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n
