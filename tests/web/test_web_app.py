"""The web app through its HTTP interface (no browser): every view, the JSON API, escaping,
and the rules for edits, tokens and hosts."""
from __future__ import annotations

import re
from html import unescape

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi and uvicorn (storyline's dependencies: pip install -e .)")
from fastapi.testclient import TestClient

from storyline.web import create_app
from storyline.web.app import marks

EDIT = {"X-Storyline-Edit": "1"}


@pytest.fixture(scope="module")
def client(sample_db) -> TestClient:
    return TestClient(create_app(sample_db))


@pytest.fixture(scope="module")
def ids(client) -> dict:
    docs = client.get("/api/documents").json()["items"]
    ents = client.get("/api/entities").json()["items"]
    facts = client.get("/api/facts").json()["items"]
    return {"docs": [d["id"] for d in docs], "entity": ents[0], "fact": facts[0]}


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_every_view_answers_with_its_page_and_its_json(client, ids):
    a, b = ids["docs"][:2]
    pages = ["/", "/search?q=dam", "/entities", f"/entities/{ids['entity']['id']}", "/network", "/timeline",
             "/facts", f"/facts/{ids['fact']['id']}", f"/compare?a={a}&b={b}", "/documents", f"/documents/{a}"]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in r.headers["content-security-policy"]
    spec = client.get("/openapi.json").json()
    for api in ("/api/overview", "/api/search", "/api/entities/{eid}", "/api/network", "/api/timeline",
                "/api/facts", "/api/compare", "/api/documents/{doc_id}"):
        assert api in spec["paths"], api
    assert not any(p.startswith("/api/curation/") for p in spec["paths"])  # read-only server


def test_overview_puts_conflicts_first_and_counts_the_corpus(client):
    o = client.get("/api/overview").json()
    assert o["counts"]["documents"] == 7
    assert o["attention"] and o["attention"][0]["status"] == "conflict"
    assert all(f["status"] in ("conflict", "evolving") for f in o["attention"])
    assert sum(x["documents"] for x in o["outlets"]) == 7


def test_facts_board_orders_by_status_and_pages(client):
    first = client.get("/api/facts?limit=5").json()
    assert len(first["items"]) == 5 and first["has_more"]
    rank = {"conflict": 0, "evolving": 1, "agree": 2, "single": 3}
    statuses = [f["status"] for f in client.get("/api/facts?limit=200").json()["items"]]
    assert statuses == sorted(statuses, key=rank.get)
    second = client.get("/api/facts?limit=5&offset=5").json()
    assert {f["id"] for f in first["items"]}.isdisjoint(f["id"] for f in second["items"])
    for claim in first["items"][0]["claims"]:
        ctx = claim["context"]
        assert ctx["match"] and claim["text"].startswith(ctx["match"][:5])


def test_entity_page_lists_aliases_with_outlets_and_mentions_in_context(client):
    ent = client.get("/api/search?q=Abdurakhmonov").json()["entities"][0]
    e = client.get(f"/api/entities/{ent['id']}").json()
    assert e["entity"]["name"].endswith("Abdurakhmonov")
    assert any(o["outlet"] for a in e["aliases"] for o in a["outlets"])
    for m in e["mentions"]["items"]:
        assert m["context"]["match"] == m["text"]
    html = client.get(f"/entities/{ent['id']}").text
    assert "Names and who uses them" in html and "Mentions in context" in html


def test_search_marks_hits_and_finds_quotes_and_documents(client):
    r = client.get("/api/search?q=dam").json()
    assert r["documents"] and all(h["snippet"] for h in r["documents"])
    html = client.get("/search?q=dam").text
    assert re.search(r'<mark class="hit">[Dd]am\w*</mark>', html)


def test_marks_cut_text_around_stemmed_hits():
    assert marks("Floods hit; flooding spread", ["flood"]) == [
        ("Floods", True), (" hit; ", False), ("flooding", True), (" spread", False)]
    assert marks("nothing here", []) == [("nothing here", False)]


def test_document_view_links_mentions_to_entities_and_keeps_the_body(client, ids):
    doc = client.get(f"/api/documents/{ids['docs'][0]}").json()
    html = client.get(f"/documents/{ids['docs'][0]}").text
    body = re.search(r'<div class="body">(.*?)</div>', html, re.DOTALL).group(1)
    assert text_of(body) == doc["document"]["body"]
    linked = {m["entity_id"] for m in doc["mentions"] if m["entity_id"]}
    assert linked and all(f'href="/entities/{e}"' in html for e in linked)


def test_compare_sorts_facts_into_shared_conflicting_unique(client):
    docs = client.get("/api/documents?limit=10").json()["items"]
    pairs = [(a["id"], b["id"]) for a in docs for b in docs if a["id"] < b["id"]]
    verdicts = set()
    for a, b in pairs:
        c = client.get(f"/api/compare?a={a}&b={b}").json()
        for f in c["facts"]:
            verdicts.add(f["verdict"])
            assert (f["verdict"] == "unique") == (not f["a"] or not f["b"])
        shared = {e["id"] for e in c["entities"]["shared"]}
        assert shared.isdisjoint(e["id"] for e in c["entities"]["only_a"])
    assert {"shared", "unique"} <= verdicts
    assert client.get("/api/compare?a=nope&b=nope").status_code == 404


def test_network_nodes_are_the_biggest_actors_and_edges_join_them(client):
    n = client.get("/api/network?size=10").json()
    ids = {x["id"] for x in n["nodes"]}
    assert len(ids) == 10
    assert n["edges"] and all(e["source"] in ids and e["target"] in ids for e in n["edges"])
    people = client.get("/api/network?type=PERSON").json()
    assert people["nodes"] and all(x["type"] == "PERSON" for x in people["nodes"])
    outlet = n["outlets"][0]
    scoped = client.get("/api/network", params={"outlet": outlet}).json()
    assert scoped["nodes"] and scoped["filter"]["outlet"] == outlet


def test_timeline_is_in_date_order_with_publications(client):
    items = client.get("/api/timeline?limit=200").json()["items"]
    days = [i["day"] for i in items]
    assert days == sorted(days)
    assert {"mentioned", "published"} <= {i["kind"] for i in items}


def test_unknown_ids_are_404(client):
    for path in ("/entities/nope", "/documents/nope", "/facts/nope", "/api/entities/nope", "/static/../kb.py"):
        assert client.get(path).status_code == 404, path


# --- hostile text --------------------------------------------------------------------------
def test_hostile_article_is_escaped_in_every_view(evil_db):
    client = TestClient(create_app(evil_db))
    doc_id = client.get("/api/documents").json()["items"][0]["id"]
    body = client.get(f"/api/documents/{doc_id}").json()["document"]["body"]
    assert "<script>alert(1)</script>" in body  # the text really carries the payload
    fact = client.get("/api/facts").json()["items"]
    pages = ["/", "/search?q=alert", "/search?q=engineer", f"/documents/{doc_id}", "/timeline", "/documents",
             "/facts", "/entities", "/network", f"/compare?a={doc_id}&b={doc_id}"]
    pages += [f"/facts/{f['id']}" for f in fact[:3]]
    for path in pages:
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert 'href="javascript:' not in html, path
        assert "49" not in text_of(html).replace("2024", ""), path  # {{ 7*7 }} was not evaluated
    html = client.get(f"/documents/{doc_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in text_of(html)


# --- edits, tokens, hosts --------------------------------------------------------------------
def test_read_only_server_has_no_edit_endpoints(client, ids):
    r = client.post("/api/curation/rename", json={"entity": ids["entity"]["id"], "name": "X"}, headers=EDIT)
    assert r.status_code in (404, 405)


def test_rename_through_the_api_moves_the_entity(sample_copy):
    client = TestClient(create_app(sample_copy, allow_edits=True))
    ent = client.get("/api/entities").json()["items"][0]
    r = client.post("/api/curation/rename", json={"entity": ent["id"], "name": "Renamed Actor", "note": "test"},
                    headers=EDIT)
    assert r.status_code == 200, r.text
    assert r.json()["decision"]["action"] == "rename"
    location = r.json()["location"]
    assert client.get(location).status_code == 200
    assert client.get("/api/" + location.lstrip("/")).json()["entity"]["name"] == "Renamed Actor"
    assert client.get("/api/curation").json()[0]["note"] == "test"
    html = client.get(location).text
    assert 'data-action="rename"' in html and 'data-action="merge"' in html


def test_edits_refuse_cross_site_requests(sample_copy):
    client = TestClient(create_app(sample_copy, allow_edits=True))
    eid = client.get("/api/entities").json()["items"][0]["id"]
    body = {"entity": eid, "name": "Nope"}
    assert client.post("/api/curation/rename", json=body).status_code == 403  # no custom header
    assert client.post("/api/curation/rename", data={"entity": eid, "name": "Nope"},
                       headers=EDIT).status_code == 403  # a form post, not JSON
    assert client.post("/api/curation/rename", json=body,
                       headers={**EDIT, "Origin": "http://evil.example"}).status_code == 403
    assert client.post("/api/curation/rename", json={"entity": eid, "name": " "}, headers=EDIT).status_code == 400
    assert client.get(f"/api/entities/{eid}").status_code == 200  # nothing changed


def test_token_is_required_and_swapped_for_a_cookie(sample_db):
    client = TestClient(create_app(sample_db, token="s3cret"), follow_redirects=False)
    assert client.get("/").status_code == 401
    assert client.get("/api/overview", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/overview", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    r = client.get("/facts?token=s3cret&status=conflict")
    assert r.status_code == 303 and r.headers["location"] == "/facts?status=conflict"
    assert "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
    assert client.get("/facts?status=conflict").status_code == 200  # the cookie now carries it


def test_unknown_host_is_refused_when_hosts_are_pinned(sample_db):
    client = TestClient(create_app(sample_db, allowed_hosts=("127.0.0.1", "localhost")))
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200


def test_compare_two_outlets(client):
    outlets = [o["outlet"] for o in client.get("/api/overview").json()["outlets"] if o["outlet"]]
    a, b = outlets[:2]
    c = client.get("/api/compare", params={"a": a, "b": b}).json()
    assert c["kind"] == "outlets" and c["a"]["outlet"] == a
    assert c["facts"] and all(f["a"] or f["b"] for f in c["facts"])
    assert all((f["verdict"] == "unique") == (not f["a"] or not f["b"]) for f in c["facts"])
    html = client.get("/compare", params={"a": a, "b": b}).text
    assert "Only in" in html and "verdict-" in html
    assert "Neither two documents nor two outlets" in client.get("/compare?a=x&b=y").text
