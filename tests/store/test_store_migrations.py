"""Named migrations: idempotent, recorded, and an old single-version store brought up to date."""
from __future__ import annotations

import shutil
import sqlite3

import pytest
from store_helpers import EXAMPLES, comparable
from sqlalchemy import inspect

from storyline.export.contract import build_export
from storyline.kb import KnowledgeBase
from storyline.store.db import Store
from storyline.store.migrations import MIGRATIONS, applied, migrate

NEW_OBJECTS = ("migrations", "curation", "documents_fts", "quotes_fts")


@pytest.fixture(scope="module")
def built(quick_build, tmp_path_factory):
    db = tmp_path_factory.mktemp("mig") / "sample.db"
    quick_build([str(EXAMPLES)], str(db))
    return db


def as_version_1(src, dst) -> None:
    """A copy of ``src`` as storyline 0.1 wrote it: one schema_info row, no migration ledger,
    no curation table, no full-text index."""
    shutil.copy(src, dst)
    con = sqlite3.connect(dst)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index') "
                               "AND (name LIKE '%fts%' OR name LIKE 'ix_%')").fetchall():
        if name not in ("ix_mentions_entity", "ix_mentions_key"):
            con.execute(f'DROP {"TRIGGER" if "fts_" in name and not name.startswith("ix_") else "INDEX"} "{name}"')
    for table in NEW_OBJECTS:
        con.execute(f'DROP TABLE IF EXISTS "{table}"')
    con.commit()
    con.close()


def test_a_new_store_records_every_migration_in_order(tmp_path):
    store = Store(str(tmp_path / "new.db"))
    assert store.migrated == [m.name for m in MIGRATIONS]
    assert applied(store.engine) == sorted(m.name for m in MIGRATIONS)


def test_migrating_twice_changes_nothing(tmp_path):
    store = Store(str(tmp_path / "twice.db"))
    tables = set(inspect(store.engine).get_table_names())
    assert migrate(store.engine) == []
    assert Store(str(tmp_path / "twice.db")).migrated == []
    assert set(inspect(store.engine).get_table_names()) == tables


def test_an_old_store_is_migrated_on_open_and_keeps_its_data(built, tmp_path):
    old = tmp_path / "v1.db"
    as_version_1(built, old)
    con = sqlite3.connect(old)
    assert con.execute("SELECT version FROM schema_info").fetchall() == [(1,)]
    assert not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'migrations'").fetchall()
    con.close()

    store = Store(str(old), create=False)
    assert store.migrated == [m.name for m in MIGRATIONS]  # the ledger starts; 0001 finds its tables there
    assert comparable(build_export(store)) == comparable(build_export(Store(str(built), create=False)))
    kb = KnowledgeBase(str(old))
    hits = {h["document"] for h in kb.search("Koktal dam") if h["kind"] == "document"}
    assert hits == {h["document"] for h in KnowledgeBase(str(built)).search("Koktal dam") if h["kind"] == "document"}
    assert hits and kb.decisions() == []


def test_full_text_index_follows_rewritten_and_deleted_documents(built, tmp_path):
    from sqlalchemy import delete

    from storyline.store import schema as S
    from storyline.store.search import document_ids

    db = tmp_path / "fts.db"
    shutil.copy(built, db)
    store = Store(str(db))
    target = document_ids(store.engine, "Vostok United")
    assert len(target) == 1  # the unrelated football article
    with store.engine.begin() as conn:
        for table in S.PER_DOCUMENT + (S.claims, S.story_documents):
            conn.execute(delete(table).where(table.c.document_id == target[0]))
        conn.execute(delete(S.documents).where(S.documents.c.id == target[0]))
    assert document_ids(store.engine, "Vostok United") == []
