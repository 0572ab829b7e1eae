"""Answers kept per state of the store (web/cache.py): a repeated page costs no statement, a
change by another process is seen within the stamp's TTL, a curation decision at once, and a
kept answer is never served past the token check."""
from __future__ import annotations

import time

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi and uvicorn (storyline's dependencies: pip install -e .)")
from fastapi.testclient import TestClient
from sqlalchemy import event, update

from storyline.store import schema as S
from storyline.store.db import Store
from storyline.web import create_app
from storyline.store.read.pages import STAMP_TTL

EDIT = {"X-Storyline-Edit": "1"}


def _counting(app) -> list[str]:
    statements: list[str] = []
    event.listen(app.state.reader.engine, "before_cursor_execute",
                 lambda conn, cursor, sql, params, context, many: statements.append(sql))
    return statements


def test_a_repeated_page_is_served_without_a_statement(sample_copy):
    app = create_app(sample_copy)
    client, statements = TestClient(app), _counting(app)
    first = client.get("/facts")
    statements.clear()
    again = client.get("/facts")
    assert again.text == first.text and again.headers["content-type"] == first.headers["content-type"]
    # at most the two statements that read the store's state (when the TTL ran out meanwhile)
    assert not [sql for sql in statements if "FROM runs" not in sql and "FROM curation" not in sql], statements
    assert again.headers["x-content-type-options"] == "nosniff"  # the guard still dresses kept answers
    assert client.get("/facts?status=conflict").text != first.text  # the query is part of the key


def test_a_change_by_another_process_shows_within_the_ttl(sample_copy):
    client = TestClient(create_app(sample_copy))
    fact = client.get("/api/facts").json()["items"][0]
    other = Store(sample_copy)  # another writer: a build finishing changes the runs table
    with other.engine.begin() as conn:
        conn.execute(update(S.facts).where(S.facts.c.id == fact["id"]).values(description="relabelled figure"))
        conn.execute(update(S.runs).values(finished="2999-01-01T00:00:00+00:00"))
    other.close()
    time.sleep(STAMP_TTL + 0.1)
    assert client.get("/api/facts").json()["items"][0]["description"] == "relabelled figure"


def test_a_curation_decision_shows_at_once(sample_copy, monkeypatch):
    monkeypatch.setattr("storyline.store.read.pages.STAMP_TTL", 3600)  # only the decision itself may refresh it
    client = TestClient(create_app(sample_copy, allow_edits=True))
    ent = client.get("/api/entities").json()["items"][0]
    assert client.get(f"/entities/{ent['id']}").status_code == 200  # kept
    r = client.post("/api/curation/retype", json={"entity": ent["id"], "type": "EVENT"}, headers=EDIT)
    assert r.status_code == 200, r.text
    moved = client.get(r.json()["location"]).text
    assert "EVENT" in moved
    assert [e for e in client.get("/api/entities").json()["items"] if e["id"] == ent["id"]
            or e["name"] == ent["name"]][0]["type"] == "EVENT"


def test_a_kept_answer_is_not_served_without_the_token(sample_copy):
    client = TestClient(create_app(sample_copy, token="s3cret"))
    assert client.get("/api/overview", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/api/overview").status_code == 401
    assert client.get("/").status_code == 401


def test_concurrent_requests_for_one_page_render_it_once():
    import asyncio

    from storyline.web.cache import AnswerCache

    renders: list[str] = []

    async def slow_app(scope, receive, send):
        renders.append(scope["path"])
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"page " + scope["path"].encode()})

    serve = AnswerCache(lambda: ("state", 1)).middleware(slow_app)

    async def get(path: str, query: bytes = b"") -> bytes:
        sent: list[dict] = []

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": path, "query_string": query}
        await serve(scope, None, send)
        assert sent[0]["status"] == 200
        return b"".join(m.get("body", b"") for m in sent[1:])

    async def main():
        return await asyncio.gather(*(get("/facts") for _ in range(8)), get("/facts", b"b=2&a=1"),
                                    get("/facts", b"a=1&b=2"))

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # a thread of its own: the browser tests may hold a loop in this one
        answers = pool.submit(asyncio.run, main()).result()
    assert set(answers) == {b"page /facts"}
    assert renders == ["/facts", "/facts"]  # once per key; the query's order does not make a new key
