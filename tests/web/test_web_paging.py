"""A 10,000-document store, written straight into the tables (no spaCy): every page reads a
bounded slice of it. Checked by the statements each request sends, not by timing."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi and uvicorn (storyline's dependencies: pip install -e .)")
from fastapi.testclient import TestClient
from sqlalchemy import event, insert

from storyline.store import schema as S
from storyline.store.db import Store
from storyline.web import create_app

DOCS = 10_000
OUTLETS = ("Harbour Gazette", "Inland Courier", "Morning Wire", "Coastal Times", "Valley Post")
PEOPLE = [f"Person {i:03d}" for i in range(300)]
BODY = ("{who} told reporters in Norrvik on {day} that {n} people had been evacuated. "
        "\"We are doing everything we can,\" {who} said. The river rose 3 metres overnight.")


def _rows(n: int) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {k: [] for k in ("documents", "sentences", "mentions", "quotes", "quantities",
                                                  "dates", "claims")}
    for i in range(n):
        doc = f"doc{i:05d}"
        who, day = PEOPLE[i % len(PEOPLE)], f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        count = 1000 + (i % 7) * 500
        body = BODY.format(who=who, day=day, n=f"{count:,}")
        rows["documents"].append({"id": doc, "source": f"/synthetic/{doc}.txt", "outlet": OUTLETS[i % len(OUTLETS)],
                                  "title": f"Flood update {i}", "published": day, "language": "en", "body": body})
        first = body.index(". ") + 1
        rows["sentences"] += [{"document_id": doc, "position": 0, "start": 0, "end": first},
                              {"document_id": doc, "position": 1, "start": first + 1, "end": len(body)}]
        at = [m.start() for m in re.finditer(re.escape(who), body)]
        rows["mentions"] += [{"document_id": doc, "position": k, "start": s, "end": s + len(who), "text": who,
                              "label": "PERSON", "key": who.lower(), "aliases": "[]",
                              "entity_id": f"ent{i % len(PEOPLE):03d}"} for k, s in enumerate(at)]
        norr = body.index("Norrvik")
        rows["mentions"].append({"document_id": doc, "position": len(at), "start": norr, "end": norr + 7,
                                 "text": "Norrvik", "label": "GPE", "key": "norrvik", "aliases": "[]",
                                 "entity_id": "ent-norrvik"})
        q = body.index("We are")
        quote = "We are doing everything we can,"
        rows["quotes"].append({"document_id": doc, "position": 0, "start": q, "end": q + len(quote), "text": quote,
                               "kind": "direct", "speaker_text": who, "speaker_entity": f"ent{i % len(PEOPLE):03d}"})
        s = body.index(f"{count:,}")
        rows["quantities"].append({"document_id": doc, "position": 0, "start": s, "end": s + len(f"{count:,}"),
                                   "text": f"{count:,}", "value": count, "qualifier": "exact", "counted": "people"})
        d = body.index(day)
        rows["dates"].append({"document_id": doc, "position": 0, "start": d, "end": d + len(day), "text": day,
                              "normalized": day})
        rows["claims"].append({"fact_id": f"fact{i % 2000:04d}", "document_id": doc, "start": s,
                               "end": s + len(f"{count:,}"), "text": f"{count:,}", "value": count,
                               "qualifier": "exact"})
    return rows


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("big") / "big.db")
    store = Store(db)
    rows = _rows(DOCS)
    with store.engine.begin() as conn:
        for name, table in (("documents", S.documents), ("sentences", S.sentences), ("mentions", S.mentions),
                            ("quotes", S.quotes), ("quantities", S.quantities), ("dates", S.dates)):
            conn.execute(insert(table), rows[name])
        conn.execute(insert(S.entities), [{"id": f"ent{i:03d}", "name": p, "type": "PERSON", "reasons": "[]"}
                                          for i, p in enumerate(PEOPLE)]
                     + [{"id": "ent-norrvik", "name": "Norrvik", "type": "GPE", "reasons": "[]"}])
        conn.execute(insert(S.facts), [{"id": f"fact{i:04d}", "description": f"people evacuated ({i})",
                                        "status": ("conflict", "evolving", "agree", "single")[i % 4]}
                                       for i in range(2000)])
        conn.execute(insert(S.claims), rows["claims"])
    store.close()
    return db


@pytest.fixture(scope="module")
def big(big_db):
    app = create_app(big_db)
    statements: list[str] = []
    event.listen(app.state.reader.engine, "before_cursor_execute",
                 lambda conn, cursor, sql, params, context, many: statements.append(sql))
    return TestClient(app), statements


CORPUS_TABLES = ("documents", "mentions", "quotes", "quantities", "dates", "claims", "sentences", "relations")
# A statement that reads a corpus table is bounded when it pages, or when it is pinned to
# one document, one entity or a handful of keys.
BOUNDED = re.compile(r"\bLIMIT\b|document_id = \?|\.id = \?|entity_id = \?|\bIN \(|fact_id IN|"
                     r"documents_fts MATCH|quotes_fts MATCH", re.IGNORECASE)


def _unbounded(statements: list[str]) -> list[str]:
    bad = []
    for sql in statements:
        flat = " ".join(sql.split())
        if not flat.upper().startswith("SELECT") or not any(f"FROM {t}" in flat or f"JOIN {t}" in flat
                                                             for t in CORPUS_TABLES):
            continue
        if not BOUNDED.search(flat):
            bad.append(flat)
    return bad


def test_pages_read_bounded_slices_of_a_10k_store(big):
    client, statements = big
    client.get("/api/overview")  # the first request computes the cached aggregates
    pages = ["/", "/documents", "/documents?offset=9950", "/documents/doc04321", "/entities", "/entities/ent007",
             "/facts", "/facts?offset=1000", "/facts/fact0042", "/timeline", "/timeline?offset=5000",
             "/search?q=evacuated", "/search?q=Person+007", "/network", "/compare?a=doc00001&b=doc00002",
             "/api/documents?limit=200", "/api/entities/ent-norrvik", "/api/timeline"]
    for path in pages:
        statements.clear()
        r = client.get(path)
        assert r.status_code == 200, path
        assert len(r.content) < 400_000, (path, len(r.content))
        assert len(statements) < 400, (path, len(statements))
        assert not _unbounded(statements), (path, _unbounded(statements))


def test_corpus_aggregates_are_computed_once_per_store_state(big):
    client, statements = big
    client.get("/")
    statements.clear()
    client.get("/")
    client.get("/network")
    assert not [s for s in statements if "GROUP BY" in s.upper()], "aggregates recomputed"


def test_listings_page_through_the_whole_corpus(big):
    client, _ = big
    last = client.get(f"/api/documents?limit=50&offset={DOCS - 50}").json()
    assert len(last["items"]) == 50 and not last["has_more"]
    assert client.get("/api/documents?limit=50").json()["has_more"]
    ent = client.get("/api/entities/ent-norrvik?limit=20&offset=100").json()
    assert ent["mentions_total"] == DOCS and len(ent["mentions"]["items"]) == 20
    facts = client.get("/api/facts?limit=10").json()["items"]
    assert [f["status"] for f in facts] == ["conflict"] * 10


def test_the_statement_check_catches_a_whole_table_read(big):
    client, statements = big
    statements.clear()
    client.app.state.kb.documents()  # the Python API's full listing: exactly what pages must not do
    assert _unbounded(statements)
