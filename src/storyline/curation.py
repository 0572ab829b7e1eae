"""Curation: analysts' corrections of the machine, stored as their own rows and re-applied.

A decision (merge two entities, split an alias off one, rename, retype, mark a claim or a
relation as wrong) is one row of the ``curation`` table. While any exist, resolution rebuilds
everything from the per-document rows on every build, then applies the decisions in force, oldest first, so a
correction survives new articles; reversing one marks it reverted (the row stays, for the
record) and the next resolution simply stops applying it. Entities are named in a decision by id
*and* name: ids can change when new articles change an actor's fullest name, so a decision
whose id is gone finds its entity by name or alias instead."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from storyline.errors import StorylineError
from storyline.ids import stable_id
from storyline.model import Entity
from storyline.resolve.names import name_key
from storyline.vocab import TYPE_CODES

ENTITY_ACTIONS = ("merge", "split", "rename", "retype")
ROW_ACTIONS = ("wrong-claim", "wrong-relation")
ACTIONS = ENTITY_ACTIONS + ROW_ACTIONS
APPLIED, NOT_FOUND = "applied", "not found"


@dataclass(frozen=True)
class Decision:
    id: str
    action: str
    args: dict[str, Any]
    note: str | None = None
    created: str = ""
    reverted: str | None = None
    status: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "action": self.action, "args": self.args, "note": self.note,
                "created": self.created, "reverted": self.reverted, "status": self.status}


def ref(entity: dict | Entity) -> dict[str, str]:
    """How a decision names an entity: its id now and its name now."""
    if isinstance(entity, Entity):
        return {"id": entity.id, "name": entity.name}
    return {"id": entity["id"], "name": entity["name"]}


# --- recording -------------------------------------------------------------------------------
def check(action: str, args: dict[str, Any]) -> None:
    """Refuse a decision that cannot be applied, naming what is wrong."""
    if action not in ACTIONS:
        raise StorylineError(f"unknown curation action {action!r}: use one of {', '.join(ACTIONS)}")
    if action == "merge" and args["source"]["id"] == args["target"]["id"]:
        raise StorylineError("merge needs two different entities")
    if action == "retype" and args["type"] not in TYPE_CODES:
        raise StorylineError(f"unknown entity type {args['type']!r}: use one of {', '.join(TYPE_CODES)}")
    if action == "rename" and not args["name"].strip():
        raise StorylineError("rename needs a non-empty name")
    if action == "split" and name_key(args["alias"]) == name_key(args["entity"]["name"]):
        raise StorylineError(f"{args['alias']!r} is the entity's own name: rename it first, then split the old name off")


# --- applying to entities ----------------------------------------------------------------------
@dataclass
class _State:
    entities: dict[str, Entity]
    owner: dict[tuple[str, str], str]
    keys_of: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        for k, eid in self.owner.items():
            self.keys_of[eid].add(k)

    def find(self, r: dict[str, str]) -> Entity | None:
        """By id; failing that, the one entity with that name, or else with it as an alias."""
        if r["id"] in self.entities:
            return self.entities[r["id"]]
        key = name_key(r["name"])
        for pick in (lambda e: name_key(e.name) == key, lambda e: key in {name_key(a) for a in e.aliases}):
            hits = [e for e in self.entities.values() if pick(e)]
            if len(hits) == 1:
                return hits[0]
        return None

    def move(self, keys: Iterable[tuple[str, str]], to: str) -> None:
        for k in list(keys):
            self.keys_of[self.owner[k]].discard(k)
            self.owner[k] = to
            self.keys_of[to].add(k)


def _documents(state: _State, eid: str) -> list[str]:
    return sorted({doc for doc, _ in state.keys_of[eid]})


def _merge(state: _State, d: Decision) -> bool:
    src, dst = state.find(d.args["source"]), state.find(d.args["target"])
    if src is None or dst is None or src.id == dst.id:
        return False
    state.move(state.keys_of[src.id], dst.id)
    dst.aliases = sorted((set(dst.aliases) | set(src.aliases) | {src.name}) - {dst.name})
    dst.documents = _documents(state, dst.id)
    dst.reasons.extend(src.reasons)
    dst.reasons.append(f"curation {d.id}: analyst merged '{src.name}' ({src.id}) into '{dst.name}'")
    del state.entities[src.id]
    return True


def _split(state: _State, d: Decision) -> bool:
    ent = state.find(d.args["entity"])
    alias = d.args["alias"]
    if ent is None:
        return False
    keys = [k for k in state.keys_of[ent.id] if name_key(k[1]) == name_key(alias)]
    if not keys or name_key(alias) == name_key(ent.name):
        return False
    new_id = stable_id("ent", ent.type, name_key(alias), "split", ent.id)
    state.entities[new_id] = Entity(new_id, alias, ent.type, [], [], [
        f"curation {d.id}: analyst split '{alias}' off '{ent.name}' ({ent.id})"])
    state.move(keys, new_id)
    state.entities[new_id].documents = _documents(state, new_id)
    ent.aliases = [a for a in ent.aliases if name_key(a) != name_key(alias)]
    ent.documents = _documents(state, ent.id)
    ent.reasons.append(f"curation {d.id}: analyst split '{alias}' off as {new_id}")
    return True


def _rename(state: _State, d: Decision) -> bool:
    ent = state.find(d.args["entity"])
    if ent is None:
        return False
    new = d.args["name"].strip()
    if new != ent.name:
        ent.aliases = sorted((set(ent.aliases) | {ent.name}) - {new})
        ent.reasons.append(f"curation {d.id}: analyst renamed '{ent.name}' to '{new}'")
        ent.name = new
    return True


def _retype(state: _State, d: Decision) -> bool:
    ent = state.find(d.args["entity"])
    if ent is None:
        return False
    if ent.type != d.args["type"]:
        ent.reasons.append(f"curation {d.id}: analyst retyped {ent.type} to {d.args['type']}")
        ent.type = d.args["type"]
    return True


_ENTITY_APPLY = {"merge": _merge, "split": _split, "rename": _rename, "retype": _retype}


def apply_entity_decisions(decisions: Iterable[Decision], entities: list[Entity],
                           owner: dict[tuple[str, str], str]
                           ) -> tuple[list[Entity], dict[tuple[str, str], str], dict[str, str]]:
    """The automatic entities and mention owners with every entity decision in ``decisions``
    (those in force, oldest first) applied in order; and each decision's outcome (applied /
    not found), for the store to record."""
    active = [d for d in decisions if d.action in ENTITY_ACTIONS]
    if not active:
        return entities, owner, {}
    state = _State({e.id: e for e in entities}, dict(owner))
    statuses = {d.id: APPLIED if _ENTITY_APPLY[d.action](state, d) else NOT_FOUND for d in active}
    order = {e.id: i for i, e in enumerate(entities)}
    kept = sorted(state.entities.values(), key=lambda e: (order.get(e.id, len(order)), e.id))
    return kept, state.owner, statuses


# --- claims and relations marked wrong -------------------------------------------------------
def drop_wrong_claims(decisions: Iterable[Decision], claims: list[Any]) -> tuple[list[Any], dict[str, str]]:
    """Claims (anything with ``document`` and ``start``) minus those an analyst marked wrong:
    they take no part in any fact. Also each such decision's outcome."""
    marked = [d for d in decisions if d.action == "wrong-claim"]
    if not marked:
        return claims, {}
    wrong = {(d.args["document"], int(d.args["start"])): d.id for d in marked}
    present = {(c.document, c.start) for c in claims}
    statuses = {did: APPLIED if key in present else NOT_FOUND for key, did in wrong.items()}
    return [c for c in claims if (c.document, c.start) not in wrong], statuses


def drop_wrong_relations(decisions: Iterable[Decision], relations: Iterable[dict[str, Any]],
                         rel_ends: dict[tuple[str, int], tuple[str | None, str | None]]
                         ) -> tuple[dict[tuple[str, int], tuple[str | None, str | None]], dict[str, str]]:
    """Relation ends ((document, position) -> (subject, object) entity ids) with the relations an
    analyst marked wrong left unresolved, so that no export shows them; ``relations`` are the
    stored relation rows (document_id, position, start, predicate). Also each decision's outcome."""
    marked = [d for d in decisions if d.action == "wrong-relation"]
    if not marked:
        return rel_ends, {}
    out = dict(rel_ends)
    statuses = {d.id: NOT_FOUND for d in marked}
    for r in relations:
        for d in marked:
            a = d.args
            if (r["document_id"] == a["document"] and r["start"] == int(a["start"])
                    and a.get("predicate") in (None, r["predicate"])):
                out[(r["document_id"], r["position"])] = (None, None)
                statuses[d.id] = APPLIED
    return out, statuses
