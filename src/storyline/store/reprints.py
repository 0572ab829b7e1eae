"""Store stage: which stored documents are near-duplicates (reprints) of which, found through the store.

Only documents written since the last decision are new here; the group of documents they match,
directly or through each other (found through stored LSH band keys), is decided again with
``dedup.decide``, and nothing else is read — not even the other documents' bodies. The result
is the one ``dedup.mark_duplicates`` gives over the whole store."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, insert, select, update

from storyline.clean.dedup import (
    THRESHOLD,
    Entry,
    Signature,
    decide,
    signature,
    similarity,
)
from storyline.store import schema as S
from storyline.store.db import Store, in_slices

def mark_reprints(store: Store) -> tuple[int, set[str]]:
    """How many stored documents are reprints now, and the documents whose status changed."""
    _sign_unsigned(store)
    sig = S.document_signatures
    with store.engine.connect() as conn:
        pending = set(conn.execute(select(sig.c.document_id).where(sig.c.checked == 0)).scalars())
    changed: set[str] = set()
    if pending:
        group = _match_group(store, pending)
        decided = decide(group.values(), THRESHOLD)
        with store.engine.begin() as conn:
            before = {}
            for part in in_slices(group):
                before.update(conn.execute(select(S.documents.c.id, S.documents.c.duplicate_of)
                                           .where(S.documents.c.id.in_(part))).all())
            changed = {d for d, original in decided.items() if before.get(d) != original}
            if changed:
                conn.execute(update(S.documents).where(S.documents.c.id == bindparam("d"))
                             .values(duplicate_of=bindparam("o")), [{"d": d, "o": decided[d]} for d in sorted(changed)])
            for part in in_slices(pending):
                conn.execute(update(sig).where(sig.c.document_id.in_(part)).values(checked=1))
    return store.count_duplicates(), changed


def _sign_unsigned(store: Store) -> None:
    """Signatures for documents stored before signatures were (a store from an older version)."""
    d, sig = S.documents, S.document_signatures
    query = select(d.c.id, d.c.body).where(~select(sig.c.document_id).where(sig.c.document_id == d.c.id).exists())
    with store.engine.begin() as conn:
        for doc_id, body in conn.execute(query).all():
            s = signature(body)
            conn.execute(insert(sig).values(document_id=doc_id, shingles=s.shingles, signature=s.to_bytes(), checked=0))
            bands = [{"band": b, "document_id": doc_id} for b in s.bands()]
            if bands:
                conn.execute(insert(S.document_bands), bands)


def _entries(store: Store, ids: Iterable[str]) -> dict[str, Entry]:
    sig, d = S.document_signatures, S.documents
    out = {}
    with store.engine.connect() as conn:
        for part in in_slices(ids):
            for doc_id, published, shingles, data in conn.execute(
                    select(sig.c.document_id, d.c.published, sig.c.shingles, sig.c.signature)
                    .join(d, d.c.id == sig.c.document_id).where(sig.c.document_id.in_(part))):
                out[doc_id] = Entry(doc_id, published, Signature.from_bytes(shingles, bytes(data)))
    return out


def _match_group(store: Store, pending: set[str]) -> dict[str, Entry]:
    """The pending documents and every stored document connected to them by a match."""
    group = _entries(store, pending)
    known = dict(group)  # every entry read so far, matched or not
    frontier = list(group.values())
    while frontier:
        wanted = {b: e for e in frontier for b in e.signature.bands()}
        sharing: dict[str, set[str]] = {}
        with store.engine.connect() as conn:
            for part in in_slices(wanted):
                for band, doc_id in conn.execute(select(S.document_bands.c.band, S.document_bands.c.document_id)
                                                 .where(S.document_bands.c.band.in_(part))):
                    sharing.setdefault(band, set()).add(doc_id)
        candidates = {doc for docs in sharing.values() for doc in docs}
        known.update(_entries(store, candidates - known.keys()))
        next_frontier = []
        for e in frontier:
            for band in e.signature.bands():
                for doc_id in sharing.get(band, ()):
                    c = known.get(doc_id)
                    if c is not None and doc_id not in group and similarity(e.signature, c.signature) >= THRESHOLD:
                        group[doc_id] = c
                        next_frontier.append(c)
        frontier = next_frontier
    return group

