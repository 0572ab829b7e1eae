"""Store stage: open the knowledge base, write documents and their analyses, read them back.

One writer; each chunk of documents is written in one transaction that first deletes their old
rows, so re-running on the same inputs changes nothing and an interrupted build loses at most
the chunk in flight.

``--db`` is a SQLite file path or a ``postgresql://`` URL (psycopg 3); opening a store runs its
pending migrations (``store/migrations.py``). Reads are ordered the same way on both engines
(NULLs first, byte-wise string order) so that exports are identical."""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlalchemy import (Column, Engine, Float, Integer, LargeBinary, String, Text, create_engine, delete, event, func,
                        insert, select, update)

from storyline.clean.dedup import Signature, signature
from storyline.errors import StoreNotFound
from storyline.model import CleanDocument, DocumentAnalysis, Failure
from storyline.store import schema as S
from storyline.store.schema import now
from storyline.store.faults import check_sqlite_file, pg_build_lock, sqlite_build_lock, translate
from storyline.store.migrations import migrate

# the driver behind a bare postgresql:// URL: psycopg 3 (SQLAlchemy would pick psycopg2)
PG_SCHEMES = ("postgresql://", "postgres://")


def _url(db: str) -> str:
    for scheme in PG_SCHEMES:
        if db.startswith(scheme):
            return "postgresql+psycopg://" + db[len(scheme):]
    return db if "://" in db else f"sqlite:///{db}"


def is_url(db: str) -> bool:
    return "://" in db


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


IN_SLICE = 5000  # values per IN (...) list: well under every engine's parameter limit


def in_slices(values: Iterable[Any]) -> Iterator[list[Any]]:
    """Distinct ``values``, sorted, in slices small enough for one IN (...) list."""
    ordered = sorted(set(values))
    for i in range(0, len(ordered), IN_SLICE):
        yield ordered[i:i + IN_SLICE]


# Column types whose values SQLite takes as they are: SQLAlchemy converts none of them there but
# LargeBinary, which it wraps in the driver's Binary (the same blob as the bytes themselves).
_DRIVER_TYPES = (String, Integer, Float, LargeBinary)  # Text is a String


def execute_many(conn: Any, statement: Any, rows: list[dict]) -> None:
    """``conn.execute(statement, rows)`` for many rows (an INSERT, or an UPDATE or DELETE with bind
    parameters), with the same SQL and the same values. On SQLite the statement is compiled once
    and the rows go to the driver's executemany as tuples: SQLAlchemy's per-row parameter
    processing was most of the time of a chunk's write. Elsewhere, or when a parameter would need
    a conversion or a default computed per row, SQLAlchemy runs it as usual."""
    if not rows:
        return
    plan = _driver_plan(conn, statement, list(rows[0])) if conn.dialect.name == "sqlite" else None
    if plan is None:
        conn.execute(statement, rows)
        return
    sql, names, fill = plan
    if fill:
        rows = [{**fill, **r} for r in rows]
    conn.exec_driver_sql(sql, [tuple(r[n] for n in names) for r in rows])


def _driver_plan(conn: Any, statement: Any, keys: list[str]) -> tuple[str, list[str], dict] | None:
    """The compiled SQL, its parameter names in order and the scalar defaults to fill in; None
    when a parameter's type or default needs SQLAlchemy."""
    compiled = statement.compile(dialect=conn.dialect, column_keys=keys)
    names = list(compiled.positiontup or ())
    if not names or getattr(compiled, "postfetch", None) or getattr(compiled, "returning", None):
        return None
    fill = {}
    for col in getattr(compiled, "insert_prefetch", ()) or ():
        if col.key in keys:
            continue
        if col.default is None or not col.default.is_scalar:
            return None
        fill[col.key] = col.default.arg
    if getattr(compiled, "update_prefetch", None):
        return None
    for name in names:
        bind = compiled.binds.get(name)
        if bind is None or (name not in keys and name not in fill) or bind.expanding:
            return None
        kind = bind.type
        if not isinstance(kind, _DRIVER_TYPES):
            return None
        if not isinstance(kind, LargeBinary) and kind.dialect_impl(conn.dialect).bind_processor(conn.dialect):
            return None
    return compiled.string, names, fill


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(record: Any) -> dict:
    """A flat record's fields as a dict (dataclasses.asdict deep-copies, several times slower)."""
    names = _FIELDS.get(type(record))
    if names is None:
        names = _FIELDS[type(record)] = tuple(f.name for f in fields(record))
    return {name: getattr(record, name) for name in names}


class Store:
    """The knowledge base behind ``--db``."""

    def __init__(self, db: str, create: bool = True) -> None:
        if "://" not in db and not create and not Path(db).exists():
            raise StoreNotFound(db)
        if "://" not in db:
            check_sqlite_file(db)  # a foreign or damaged file is refused before anything writes to it
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        self.db = db
        self.engine: Engine = create_engine(_url(db))
        event.listen(self.engine, "handle_error", self._fault)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrated = migrate(self.engine)  # names of the migrations this open ran

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def _fault(self, context: Any) -> None:
        """A full disk, a read-only file, a damaged file: raised as a StoreFault naming this store
        (after SQLAlchemy rolled back); any other database error stays as it is."""
        fault = translate(self.db, self.dialect, context.original_exception)
        if fault is not None:
            raise fault from context.original_exception

    @contextmanager
    def build_lock(self) -> Iterator[None]:
        """Held for a whole build: a second build on this store is refused (BuildLocked)."""
        lock = sqlite_build_lock(self.db) if self.dialect == "sqlite" else pg_build_lock(self.engine, self.db)
        with lock:
            yield

    # --- writing -------------------------------------------------------------------------
    def known_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(S.documents.c.id)).scalars())

    def write_documents(self, items: list[tuple[CleanDocument, DocumentAnalysis]]) -> None:
        """Write a batch of documents in one transaction (a chunk of the build), first deleting
        any rows they had: a statement per table for the batch, not per document."""
        if not items:
            return
        ids = [doc.id for doc, _ in items]
        rows: dict[Any, list[dict]] = {table: [] for table in S.PER_DOCUMENT}
        for doc, analysis in items:
            for table, records in ((S.removed_lines, doc.removed_lines), (S.sentences, analysis.sentences),
                                   (S.mentions, analysis.mentions), (S.quotes, analysis.quotes),
                                   (S.quantities, analysis.quantities), (S.dates, analysis.dates),
                                   (S.relations, analysis.relations)):
                out = rows[table]
                for i, record in enumerate(records):
                    row = _plain(record)
                    row["document_id"], row["position"] = doc.id, i
                    out.append(row)
        for row in rows[S.mentions]:
            row["aliases"] = json.dumps(list(row["aliases"]))
        signatures, bands = [], []
        for doc, _ in items:
            sig = (Signature.from_bytes(doc.shingles, doc.signature) if doc.shingles else signature(doc.body))
            signatures.append({"document_id": doc.id, "shingles": sig.shingles, "signature": sig.to_bytes(),
                               "checked": 0})
            bands.extend({"band": b, "document_id": doc.id} for b in sig.bands())
        with self.engine.begin() as conn:
            stored = conn.execute(select(S.documents.c.id).where(S.documents.c.id.in_(ids))).first()
            if stored is not None:  # written before (analysed again): its old rows go first
                for table in (*S.PER_DOCUMENT, S.document_bands, S.document_signatures):
                    conn.execute(delete(table).where(table.c.document_id.in_(ids)))
                conn.execute(delete(S.documents).where(S.documents.c.id.in_(ids)))
            execute_many(conn, insert(S.documents), [
                {"id": doc.id, "source": doc.source, "outlet": doc.outlet, "title": doc.title,
                 "published": doc.published, "language": doc.language, "body": doc.body,
                 "duplicate_of": doc.duplicate_of} for doc, _ in items])
            for table, table_rows in (*rows.items(), (S.document_signatures, signatures), (S.document_bands, bands)):
                execute_many(conn, insert(table), table_rows)
            conn.execute(delete(S.failures).where(S.failures.c.source.in_([doc.source for doc, _ in items])))

    def write_failure(self, failure: Failure) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(S.failures).where(S.failures.c.source == failure.source))
            conn.execute(insert(S.failures).values(source=failure.source, reason=failure.reason))

    def start_run(self, model: str, version: str) -> int:
        with self.engine.begin() as conn:
            return conn.execute(insert(S.runs).values(started=now(), model=model, version=version)).inserted_primary_key[0]

    def finish_run(self, run_id: int, inputs: int, documents: int, failures: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(S.runs).where(S.runs.c.id == run_id).values(
                finished=now(), inputs=inputs, documents=documents, failures=failures))
        if self.engine.dialect.name == "sqlite":
            # fold the write-ahead log into the file, so a copied .db file is complete
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- reading -------------------------------------------------------------------------
    def _order(self, col: Any) -> Any:
        """SQLite's order everywhere: NULLs first, strings byte-wise (PostgreSQL would put NULLs
        last and sort text by the server's locale)."""
        if self.dialect != "postgresql" or not isinstance(col, Column):
            return col
        if isinstance(col.type, (String, Text)):
            col = col.collate("C")
        return col.asc().nulls_first()

    def rows(self, table: Any, *order: Any, where: Any = None) -> Iterator[dict]:
        return self._fetch(select(table), order, where)

    def named(self, columns: dict[str, Any], *order: Any, where: Any = None) -> Iterator[dict]:
        """Only these columns, under these names (``{"document": mentions.c.document_id}``), in
        ``order``: a view's rows built by the database instead of renamed here row by row."""
        return self._fetch(select(*(col.label(name) for name, col in columns.items())), order, where)

    def _fetch(self, query: Any, order: tuple, where: Any) -> Iterator[dict]:
        if where is not None:
            query = query.where(where)
        if order:
            query = query.order_by(*(self._order(c) for c in order))
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield dict(row._mapping)

    def rows_in(self, table: Any, column: Any, values: Iterable[Any], *order: Any) -> list[dict]:
        """Rows whose ``column`` is one of ``values`` (read slice by slice), sorted by ``order``."""
        out: list[dict] = []
        for part in in_slices(values):
            out.extend(self.rows(table, where=column.in_(part)))
        keys = [c.name for c in order]
        out.sort(key=lambda r: tuple(r[k] for k in keys))
        return out

    def per_document(self, table: Any) -> Iterator[dict]:
        yield from self.rows(table, table.c.document_id, table.c.position)

    def count(self, table: Any) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(table)).scalar() or 0

    def count_duplicates(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(S.documents)
                                .where(S.documents.c.duplicate_of.is_not(None))).scalar() or 0

    def resolved_before(self, run_id: int) -> bool:
        """Whether the build before ``run_id`` finished, resolution included: documents are only
        written inside builds, so the store's resolution is then up to date with its documents."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.runs.c.finished).where(S.runs.c.id < run_id)
                               .order_by(S.runs.c.id.desc()).limit(1)).first()
            return row is not None and row[0] is not None

    def last_run(self) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(S.runs).order_by(S.runs.c.id.desc()).limit(1)).first()
            return dict(row._mapping) if row else None
