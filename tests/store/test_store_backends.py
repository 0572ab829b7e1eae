"""SQLite and PostgreSQL: the same build gives the same knowledge base and the same answers."""
from __future__ import annotations

import pytest
from store_helpers import EXAMPLES, comparable

from storyline.export.contract import build_export
from storyline.kb import KnowledgeBase
from storyline.store.db import Store

QUERIES = ("Koktal dam", "death toll", "warnings ignored", "Vostok coach", "hydropower company", "evacuated")


@pytest.fixture(scope="module")
def stores(quick_build, postgres, tmp_path_factory):
    lite = str(tmp_path_factory.mktemp("lite") / "sample.db")
    pg = postgres.new_database("sample")
    quick_build([str(EXAMPLES)], lite)
    quick_build([str(EXAMPLES)], pg)
    return KnowledgeBase(lite), KnowledgeBase(pg)


def test_the_store_really_is_postgresql(stores):
    assert stores[0].store.dialect == "sqlite" and stores[1].store.dialect == "postgresql"


def test_same_build_gives_identical_contract_exports(stores):
    lite, pg = (build_export(kb.store) for kb in stores)
    assert lite["documents"] and lite["entities"] and lite["facts"]
    assert comparable(lite) == comparable(pg)


@pytest.mark.parametrize("query", QUERIES)
def test_full_text_search_finds_the_same_documents_and_quotes(stores, query):
    lite, pg = (kb.search(query, limit=100) for kb in stores)
    docs = [{h["document"] for h in hits if h["kind"] == "document"} for hits in (lite, pg)]
    quotes = [{(h["document"], h["start"]) for h in hits if h["kind"] == "quote"} for hits in (lite, pg)]
    assert docs[0] == docs[1]
    assert quotes[0] == quotes[1]


def test_search_hits_cite_a_word_of_the_query(stores):
    lite = stores[0]
    bodies = {d["id"]: d["body"] for d in lite.documents()}
    hits = [h for h in lite.search("evacuated villages") if h["kind"] == "document"]
    assert hits
    for h in hits:
        assert bodies[h["document"]][h["start"]:h["end"]].lower().startswith(("evacuat", "villag"))


def test_search_needs_every_word(stores):
    lite = stores[0]
    dam = {h["document"] for h in lite.search("dam") if h["kind"] == "document"}
    football = {h["document"] for h in lite.search("Vostok") if h["kind"] == "document"}
    assert dam and football and not {h["document"] for h in lite.search("dam Vostok")} - (dam & football)
    assert lite.search("the of and") == []  # stop words only: nothing is required, nothing is found


def test_postgresql_store_reopens_without_migrating(stores):
    assert Store(stores[1].store.db).migrated == []
