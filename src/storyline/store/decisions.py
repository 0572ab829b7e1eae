"""Store stage: analysts' curation decisions as rows of the ``curation`` table.

What a decision means and how resolution applies it is ``storyline/curation.py``; here they are
recorded, reversed (kept, marked reverted), listed in the order they apply, and given the outcome
the last resolution found (applied / not found)."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select, update

from storyline.curation import Decision, check
from storyline.errors import StorylineError
from storyline.ids import stable_id
from storyline.store import schema as S
from storyline.store.db import Store


def record(store: Store, action: str, args: dict[str, Any], note: str | None = None) -> Decision:
    """Store a decision (the same decision twice is one row; recording a reverted one puts it
    back in force). Takes effect at the next resolution."""
    check(action, args)
    payload = json.dumps(args, sort_keys=True, ensure_ascii=False)
    did = stable_id("cur", action, payload)
    with store.engine.begin() as conn:
        row = conn.execute(select(S.curation).where(S.curation.c.id == did)).first()
        if row is None:
            conn.execute(insert(S.curation).values(id=did, action=action, args=payload, note=note, created=S.now()))
        elif row.reverted is not None:
            conn.execute(update(S.curation).where(S.curation.c.id == did).values(
                reverted=None, created=S.now(), note=note or row.note))
    return get(store, did)


def reverse(store: Store, decision_id: str) -> Decision:
    """Take a decision out of force (kept, marked reverted); effective at the next resolution."""
    decision = get(store, decision_id)
    if decision.reverted is None:
        with store.engine.begin() as conn:
            conn.execute(update(S.curation).where(S.curation.c.id == decision.id).values(reverted=S.now()))
    return get(store, decision.id)


def get(store: Store, decision_id: str) -> Decision:
    """The one decision whose id starts with ``decision_id``."""
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


def set_status(store: Store, statuses: dict[str, str]) -> None:
    """Record each decision's outcome at the last resolution (decision id -> applied / not found)."""
    if statuses:
        with store.engine.begin() as conn:
            for did, status in statuses.items():
                conn.execute(update(S.curation).where(S.curation.c.id == did).values(status=status))

