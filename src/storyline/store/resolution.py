"""Store stage: what a resolution run reads from the store and writes back.

The run itself (``storyline/resolution.py``) decides what to recompute and calls the pure steps of
``resolve/``; every statement it needs is here, so the steps never see SQL. The write is one
transaction: an interrupted resolution leaves the previous one in place."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update

from storyline.store import schema as S
from storyline.store.db import Store, execute_many, in_slices

Row = dict[str, Any]


# --- reads -------------------------------------------------------------------------------------
def needs_full(store: Store) -> bool:
    """Whether only a full rebuild is sound: curation decisions exist (they act on the whole
    finished clustering), or actors were resolved before node tables existed."""
    with store.engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(S.curation)).scalar():
            return True
        if conn.execute(select(S.entity_nodes.c.id).limit(1)).first() is not None:
            return False
        # no node rows: a new store (incremental = full) or one resolved before node tables existed
        return conn.execute(select(S.mentions.c.document_id).where(S.mentions.c.entity_id.is_not(None))
                            .limit(1)).first() is not None


def document_states(store: Store) -> dict[str, Row]:
    """Every document's id, the document it reprints (if any) and its publication date."""
    d = S.documents.c
    with store.engine.connect() as conn:
        return {r.id: {"id": r.id, "duplicate_of": r.duplicate_of, "published": r.published}
                for r in conn.execute(select(d.id, d.duplicate_of, d.published))}


def unresolved_documents(store: Store) -> set[str]:
    """Documents with mentions no resolution has given an actor yet."""
    with store.engine.connect() as conn:
        return set(conn.execute(select(S.mentions.c.document_id).distinct()
                                .where(S.mentions.c.entity_id.is_(None))).scalars())


def node_figures(store: Store) -> tuple[int, int]:
    """How many actor nodes are stored, and the id the next new node takes."""
    n = S.entity_nodes
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(n)).scalar() or 0
        return total, (conn.execute(select(func.max(n.c.id))).scalar() or 0) + 1


def nodes_under(store: Store, blocks: Iterable[str]) -> set[int]:
    """Ids of the stored nodes filed under any of these blocking keys."""
    ids: set[int] = set()
    for part in in_slices(blocks):
        with store.engine.connect() as conn:
            ids.update(conn.execute(select(S.node_blocks.c.node).where(S.node_blocks.c.block.in_(part))).scalars())
    return ids


def entity_counts(store: Store) -> Iterator[tuple[str, str | None, int]]:
    """(document, entity, mentions) for every document's stored actors."""
    m = S.mentions.c
    with store.engine.connect() as conn:
        yield from conn.execute(select(m.document_id, m.entity_id, func.count()).group_by(m.document_id, m.entity_id))


def bodies(store: Store, ids: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(id, body) of these documents, read slice by slice (never every body at once)."""
    d = S.documents.c
    with store.engine.connect() as conn:
        for part in in_slices(ids):
            yield from conn.execute(select(d.id, d.body).where(d.id.in_(part)))


def _in_documents(store: Store, table: Any, docs: Iterable[str]) -> list[Row]:
    """The rows of ``table`` in these documents, in document order."""
    return store.rows_in(table, table.c.document_id, docs, table.c.document_id, table.c.position)


def mentions_in(store: Store, docs: Iterable[str]) -> list[Row]:
    return _in_documents(store, S.mentions, docs)


def quotes_in(store: Store, docs: Iterable[str]) -> list[Row]:
    return _in_documents(store, S.quotes, docs)


def relations_in(store: Store, docs: Iterable[str]) -> list[Row]:
    return _in_documents(store, S.relations, docs)


def sentences_in(store: Store, docs: Iterable[str]) -> list[Row]:
    return _in_documents(store, S.sentences, docs)


def quantities_in(store: Store, docs: Iterable[str]) -> list[Row]:
    return _in_documents(store, S.quantities, docs)


def every_relation(store: Store) -> Iterator[Row]:
    """Every stored relation in document order (the analyst's 'wrong' marks are checked on all)."""
    return store.per_document(S.relations)


def nodes_of_documents(store: Store, docs: Iterable[str]) -> list[Row]:
    """The stored actor nodes of these documents (a re-read document replaces them)."""
    return store.rows_in(S.entity_nodes, S.entity_nodes.c.document_id, docs)


def nodes_by_id(store: Store, ids: Iterable[int]) -> list[Row]:
    return store.rows_in(S.entity_nodes, S.entity_nodes.c.id, ids)


def nodes_with_base(store: Store, bases: Iterable[str]) -> list[Row]:
    """The stored nodes whose actor took one of these base ids."""
    return store.rows_in(S.entity_nodes, S.entity_nodes.c.base, bases)


def stored_entities(store: Store) -> list[Row]:
    return list(store.rows(S.entities))


def story_labels(store: Store) -> dict[str, str]:
    """Every stored story's id -> its label (kept when a story comes back unchanged)."""
    return {r["id"]: r["label"] for r in store.rows(S.stories)}


# --- the write ---------------------------------------------------------------------------------
@dataclass
class ResolutionRows:
    """Everything one resolution changes, as rows; ``full`` replaces what is stored."""

    full: bool
    mentions: list[Row] = field(default_factory=list)  # {"d", "p", "e"}: a mention's actor
    quotes: list[Row] = field(default_factory=list)  # {"d", "p", "e"}: a quote's speaker
    relations: list[Row] = field(default_factory=list)  # {"d", "p", "s", "o"}: a relation's ends
    stale_nodes: set[int] = field(default_factory=set)  # node rows of documents analysed again
    moved_nodes: list[Row] = field(default_factory=list)  # {"i", "e", "b"}: a node's actor and base
    nodes: list[Row] = field(default_factory=list)  # new entity_nodes rows
    node_blocks: list[Row] = field(default_factory=list)  # their {"block", "node"} rows
    replaced_entities: set[str] = field(default_factory=set)  # entity ids to delete before inserting
    entities: list[Row] = field(default_factory=list)  # {"id", "name", "type", "reasons"}
    entity_aliases: list[Row] = field(default_factory=list)  # {"entity_id", "alias"}
    gone_stories: list[str] = field(default_factory=list)
    stories: list[Row] = field(default_factory=list)  # new {"id", "label"}
    story_documents: list[Row] = field(default_factory=list)  # their {"story_id", "document_id"}
    relabelled_stories: list[Row] = field(default_factory=list)  # {"i", "l"}
    fact_documents: set[str] = field(default_factory=set)  # documents whose facts were recomputed
    facts: list[Row] = field(default_factory=list)  # {"id", "description", "status"}
    claims: list[Row] = field(default_factory=list)


def write_resolution(store: Store, rows: ResolutionRows) -> None:
    """One transaction: an interrupted resolution leaves the previous one in place."""
    with store.engine.begin() as conn:
        for table, values, changed in ((S.mentions, {"entity_id": bindparam("e")}, rows.mentions),
                                       (S.quotes, {"speaker_entity": bindparam("e")}, rows.quotes),
                                       (S.relations, {"subject_entity": bindparam("s"),
                                                      "object_entity": bindparam("o")}, rows.relations)):
            if changed:
                execute_many(conn, _by_position(table).values(**values), changed)
        _write_nodes(conn, rows)
        _write_entities(conn, rows)
        _write_stories(conn, rows)
        _write_facts(conn, rows)


def _by_position(table: Any) -> Any:
    """One UPDATE by (document_id, position), run once for all rows (executemany)."""
    return update(table).where((table.c.document_id == bindparam("d")) & (table.c.position == bindparam("p")))


def _delete_in(conn: Any, ids: Iterable[Any], *columns: Any) -> None:
    """Delete the rows whose ``column`` is one of ``ids``, table by table in the order given
    (rows that refer to others first), in slices small enough for any database's bind limit."""
    for part in in_slices(ids):
        for column in columns:
            conn.execute(delete(column.table).where(column.in_(part)))


def _write_nodes(conn: Any, rows: ResolutionRows) -> None:
    n, b = S.entity_nodes, S.node_blocks
    if rows.full:
        conn.execute(delete(b))
        conn.execute(delete(n))
    else:
        _delete_in(conn, rows.stale_nodes, b.c.node, n.c.id)
    execute_many(conn, update(n).where(n.c.id == bindparam("i")).values(entity_id=bindparam("e"), base=bindparam("b")),
                 rows.moved_nodes)
    execute_many(conn, insert(n), rows.nodes)
    execute_many(conn, insert(b), rows.node_blocks)


def _write_entities(conn: Any, rows: ResolutionRows) -> None:
    if rows.full:
        conn.execute(delete(S.entity_aliases))
        conn.execute(delete(S.entities))
    else:
        _delete_in(conn, rows.replaced_entities, S.entity_aliases.c.entity_id, S.entities.c.id)
    execute_many(conn, insert(S.entities), rows.entities)
    execute_many(conn, insert(S.entity_aliases), rows.entity_aliases)


def _write_stories(conn: Any, rows: ResolutionRows) -> None:
    _delete_in(conn, rows.gone_stories, S.story_documents.c.story_id, S.stories.c.id)
    execute_many(conn, insert(S.stories), rows.stories)
    execute_many(conn, insert(S.story_documents), rows.story_documents)
    execute_many(conn, update(S.stories).where(S.stories.c.id == bindparam("i")).values(label=bindparam("l")),
                 rows.relabelled_stories)


def _write_facts(conn: Any, rows: ResolutionRows) -> None:
    gone: set[str] = set()
    for part in in_slices(rows.fact_documents):
        gone.update(conn.execute(select(S.claims.c.fact_id).distinct()
                                 .where(S.claims.c.document_id.in_(part))).scalars())
    _delete_in(conn, gone, S.claims.c.fact_id, S.facts.c.id)
    execute_many(conn, insert(S.facts), rows.facts)
    execute_many(conn, insert(S.claims), rows.claims)
