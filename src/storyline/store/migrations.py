"""Store stage: named, ordered schema migrations, recorded in the ``migrations`` table.

Opening a store runs the migrations it has not seen yet, so a knowledge base written by an
older storyline is brought up to date in place. Every migration is idempotent on its own
(``IF NOT EXISTS`` / ``checkfirst``): a process killed between a migration's DDL and its ledger
row simply runs it again. A released migration is never edited; a change is a new one."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import Connection, Engine, func, insert, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from storyline.store import schema as S

# one advisory lock key for "a storyline migration is running" (PostgreSQL only)
PG_MIGRATION_LOCK = 0x5707_1E7E

# SQLite full-text tables: standalone FTS5 tables kept in step with their source by triggers.
# Standalone (not external-content) because the source tables have no stable integer key:
# VACUUM may renumber an implicit rowid, which would silently corrupt an external-content index.
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
    "document_id UNINDEXED, title, body, tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
    "document_id UNINDEXED, position UNINDEXED, text, tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(document_id, title, body) VALUES (new.id, coalesce(new.title, ''), new.body); END",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN "
    "DELETE FROM documents_fts WHERE document_id = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_update AFTER UPDATE OF title, body ON documents BEGIN "
    "DELETE FROM documents_fts WHERE document_id = old.id; "
    "INSERT INTO documents_fts(document_id, title, body) VALUES (new.id, coalesce(new.title, ''), new.body); END",
    "CREATE TRIGGER IF NOT EXISTS quotes_fts_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(document_id, position, text) VALUES (new.document_id, new.position, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS quotes_fts_delete AFTER DELETE ON quotes BEGIN "
    "DELETE FROM quotes_fts WHERE document_id = old.document_id AND position = old.position; END",
)
# an old store's rows are indexed once, when the migration first runs
SQLITE_FTS_FILL = (
    "DELETE FROM documents_fts",
    "INSERT INTO documents_fts(document_id, title, body) SELECT id, coalesce(title, ''), body FROM documents",
    "DELETE FROM quotes_fts",
    "INSERT INTO quotes_fts(document_id, position, text) SELECT document_id, position, text FROM quotes",
)
# PostgreSQL: GIN indexes over the very expressions the search queries use (store/search.py)
PG_DOCUMENT_VECTOR = "to_tsvector('english', coalesce(title, '') || ' ' || body)"
PG_QUOTE_VECTOR = "to_tsvector('english', text)"
PG_FTS = (
    f"CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents USING GIN ({PG_DOCUMENT_VECTOR})",
    f"CREATE INDEX IF NOT EXISTS ix_quotes_fts ON quotes USING GIN ({PG_QUOTE_VECTOR})",
)

LOOKUP_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_quotes_speaker ON quotes (speaker_entity)",
    "CREATE INDEX IF NOT EXISTS ix_relations_subject ON relations (subject_entity)",
    "CREATE INDEX IF NOT EXISTS ix_relations_object ON relations (object_entity)",
    "CREATE INDEX IF NOT EXISTS ix_claims_document ON claims (document_id)",
    "CREATE INDEX IF NOT EXISTS ix_mentions_document_entity ON mentions (document_id, entity_id)",
)


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Connection], None]


def _base_tables(conn: Connection) -> None:
    S.metadata.create_all(conn, tables=list(S.V1_TABLES), checkfirst=True)
    if conn.execute(select(func.count()).select_from(S.schema_info)).scalar() == 0:
        conn.execute(insert(S.schema_info).values(version=S.SCHEMA_VERSION, applied=_now()))


def _curation(conn: Connection) -> None:
    S.metadata.create_all(conn, tables=[S.curation], checkfirst=True)


def _full_text(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for sql in SQLITE_FTS + SQLITE_FTS_FILL:
            conn.exec_driver_sql(sql)
    elif conn.dialect.name == "postgresql":
        for sql in PG_FTS:
            conn.exec_driver_sql(sql)


def _lookup_indexes(conn: Connection) -> None:
    for sql in LOOKUP_INDEXES:
        conn.exec_driver_sql(sql)


def _resolution_nodes(conn: Connection) -> None:
    S.metadata.create_all(conn, tables=[S.entity_nodes, S.node_blocks], checkfirst=True)


def _dedup_signatures(conn: Connection) -> None:
    S.metadata.create_all(conn, tables=[S.document_signatures, S.document_bands], checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_base_tables", _base_tables),
    Migration("0002_curation_decisions", _curation),
    Migration("0003_full_text_search", _full_text),
    Migration("0004_lookup_indexes", _lookup_indexes),
    Migration("0005_resolution_nodes", _resolution_nodes),
    Migration("0006_dedup_signatures", _dedup_signatures),
)


def _now() -> str:
    return S.now()


def applied(engine: Engine) -> list[str]:
    """Names of the migrations this store has run, in order."""
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(S.migrations.c.name).order_by(S.migrations.c.name)).scalars())
    except (OperationalError, ProgrammingError):
        return []  # no ledger yet: a store from before named migrations, or an empty one


def migrate(engine: Engine) -> list[str]:
    """Run every pending migration; returns the names run now (empty when up to date)."""
    done = set(applied(engine))
    pending = [m for m in MIGRATIONS if m.name not in done]
    if not pending:
        return []
    ran = []
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # two processes opening one new store: the second waits, then finds nothing to do
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")
        S.metadata.create_all(conn, tables=[S.migrations], checkfirst=True)
        done = set(conn.execute(select(S.migrations.c.name)).scalars())
        for m in MIGRATIONS:
            if m.name in done:
                continue
            m.apply(conn)
            conn.execute(insert(S.migrations).values(name=m.name, applied=_now()))
            ran.append(m.name)
    return ran
