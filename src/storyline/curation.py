"""Curation: analysts' corrections of the machine, stored as their own rows and re-applied.

A decision (merge two entities, split an alias off one, rename, retype, mark a claim or a
relation as wrong) is one row of the ``curation`` table. While any exist, resolution rebuilds
everything from the per-document rows on every build, then applies the decisions in force, oldest first, so a
correction survives new articles; reversing one marks it reverted (the row stays, for the
record) and the next resolution simply stops applying it. Entities are named in a decision by id
*and* name: ids can change when new articles change an actor's fullest name, so a decision
whose id is gone finds its entity by name or alias instead."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from sqlalchemy import insert, select, update

from storyline.errors import StorylineError
from storyline.ids import stable_id
from storyline.vocab import TYPE_CODES
from storyline.model import Entity
from storyline.resolve.names import name_key
from storyline.store import schema as S
from storyline.store.db import Store, now

ENTITY_ACTIONS = ("merge", "split", "rename", "retype")
ROW_ACTIONS = ("wrong-claim", "wrong-relation")
ACTIONS = ENTITY_ACTIONS + ROW_ACTIONS
ENTITY_TYPES = TYPE_CODES  # the vocabulary is defined once, in storyline/vocab.py
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
def _check(action: str, args: dict[str, Any]) -> None:
    if action not in ACTIONS:
        raise StorylineError(f"unknown curation action {action!r}: use one of {', '.join(ACTIONS)}")
    if action == "merge" and args["source"]["id"] == args["target"]["id"]:
        raise StorylineError("merge needs two different entities")
    if action == "retype" and args["type"] not in ENTITY_TYPES:
        raise StorylineError(f"unknown entity type {args['type']!r}: use one of {', '.join(ENTITY_TYPES)}")
    if action == "rename" and not args["name"].strip():
        raise StorylineError("rename needs a non-empty name")
    if action == "split" and name_key(args["alias"]) == name_key(args["entity"]["name"]):
        raise StorylineError(f"{args['alias']!r} is the entity's own name: rename it first, then split the old name off")


def record(store: Store, action: str, args: dict[str, Any], note: str | None = None) -> Decision:
    """Store a decision (the same decision twice is one row; recording a reverted one puts it
    back in force). Takes effect at the next resolution."""
    _check(action, args)
    payload = json.dumps(args, sort_keys=True, ensure_ascii=False)
    did = stable_id("cur", action, payload)
    with store.engine.begin() as conn:
        row = conn.execute(select(S.curation).where(S.curation.c.id == did)).first()
        if row is None:
            conn.execute(insert(S.curation).values(id=did, action=action, args=payload, note=note, created=now()))
        elif row.reverted is not None:
            conn.execute(update(S.curation).where(S.curation.c.id == did).values(
                reverted=None, created=now(), note=note or row.note))
    return get(store, did)


def reverse(store: Store, decision_id: str) -> Decision:
    """Take a decision out of force (kept, marked reverted); effective at the next resolution."""
    decision = get(store, decision_id)
    if decision.reverted is None:
        with store.engine.begin() as conn:
            conn.execute(update(S.curation).where(S.curation.c.id == decision.id).values(reverted=now()))
    return get(store, decision.id)


def get(store: Store, decision_id: str) -> Decision:
    found = [d for d in decisions(store, active_only=False) if d.id.startswith(decision_id)]
    if len(found) != 1:
        raise StorylineError(f"no single curation decision {decision_id!r} ({len(found)} match): "
                             f"see `storyline curate list`")
    return found[0]


def decisions(store: Store, active_only: bool = True) -> list[Decision]:
    """Decisions in the order they are applied (oldest first)."""
    out = [Decision(r["id"], r["action"], json.loads(r["args"]), r["note"], r["created"], r["reverted"], r["status"])
           for r in store.rows(S.curation, S.curation.c.created, S.curation.c.id)]
    return [d for d in out if d.reverted is None] if active_only else out


def _set_status(store: Store, statuses: dict[str, str]) -> None:
    if statuses:
        with store.engine.begin() as conn:
            for did, status in statuses.items():
                conn.execute(update(S.curation).where(S.curation.c.id == did).values(status=status))


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


def apply_entity_decisions(store: Store, entities: list[Entity], owner: dict[tuple[str, str], str]
                           ) -> tuple[list[Entity], dict[tuple[str, str], str]]:
    """The automatic entities and mention owners, with every entity decision in force applied
    in order; records each decision's outcome (applied / not found)."""
    active = [d for d in decisions(store) if d.action in ENTITY_ACTIONS]
    if not active:
        return entities, owner
    state = _State({e.id: e for e in entities}, dict(owner))
    statuses = {d.id: APPLIED if _ENTITY_APPLY[d.action](state, d) else NOT_FOUND for d in active}
    _set_status(store, statuses)
    order = {e.id: i for i, e in enumerate(entities)}
    kept = sorted(state.entities.values(), key=lambda e: (order.get(e.id, len(order)), e.id))
    return kept, state.owner


# --- claims and relations marked wrong -------------------------------------------------------
def _row_decisions(store: Store, action: str) -> list[Decision]:
    return [d for d in decisions(store) if d.action == action]


def drop_wrong_claims(store: Store, claims: list[Any]) -> list[Any]:
    """Claims (anything with ``document`` and ``start``) minus those an analyst marked wrong:
    they take no part in any fact."""
    marked = _row_decisions(store, "wrong-claim")
    if not marked:
        return claims
    wrong = {(d.args["document"], int(d.args["start"])): d.id for d in marked}
    present = {(c.document, c.start) for c in claims}
    _set_status(store, {did: APPLIED if key in present else NOT_FOUND for key, did in wrong.items()})
    return [c for c in claims if (c.document, c.start) not in wrong]


def drop_wrong_relations(store: Store, rel_ends: dict[tuple[str, int], tuple[str | None, str | None]]
                         ) -> dict[tuple[str, int], tuple[str | None, str | None]]:
    """Relation ends ((document, position) -> (subject, object) entity ids) with the relations an
    analyst marked wrong left unresolved, so that no export shows them."""
    marked = _row_decisions(store, "wrong-relation")
    if not marked:
        return rel_ends
    out = dict(rel_ends)
    statuses = {d.id: NOT_FOUND for d in marked}
    for r in store.per_document(S.relations):
        for d in marked:
            a = d.args
            if (r["document_id"] == a["document"] and r["start"] == int(a["start"])
                    and a.get("predicate") in (None, r["predicate"])):
                out[(r["document_id"], r["position"])] = (None, None)
                statuses[d.id] = APPLIED
    _set_status(store, statuses)
    return out


def export_rows(store: Store) -> list[dict[str, Any]]:
    """Every decision, reverted ones included, for the exports' ``curation`` key."""
    return [d.as_dict() for d in decisions(store, active_only=False)]
