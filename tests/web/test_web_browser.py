"""End-to-end: Debian's chromium, driven by Playwright, on a live server over the sample corpus
(one test per view), a hostile article, and curation through the UI."""
from __future__ import annotations

import json
import urllib.request

import pytest
from web_helpers import live_server, screenshot

pytest.importorskip("fastapi", reason="the web app needs fastapi and uvicorn (storyline's dependencies: pip install -e .)")
from storyline.web import create_app


def _json(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path) as r:  # our own server on 127.0.0.1
        return json.load(r)


@pytest.fixture(scope="module")
def ids(sample_server) -> dict:
    docs = _json(sample_server, "/api/documents")["items"]
    return {"docs": [d["id"] for d in docs], "facts": _json(sample_server, "/api/facts")["items"],
            "top": _json(sample_server, "/api/entities")["items"][0]}


def visit(page, url: str, name: str):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    assert not page.errors, page.errors
    assert not page.dialogs
    return page


def test_overview(page, sample_server):
    visit(page, sample_server + "/", "overview")
    assert page.locator("h1").inner_text() == "The story at a glance"
    assert page.locator(".counts .count-documents dd").inner_text() == "7"
    first = page.locator(".attention li").first
    assert first.locator(".badge").inner_text().lower() == "conflict"
    first.locator("a").click()
    page.wait_for_url("**/facts/*")
    assert page.locator(".fact .claim").count() >= 2


def test_search_highlights_hits(page, sample_server):
    visit(page, sample_server + "/", "search-start")
    page.fill(".searchbox input", "dam collapse")
    page.press(".searchbox input", "Enter")
    page.wait_for_url("**/search?q=dam+collapse")
    screenshot(page, "search")
    hits = page.locator(".hits mark.hit").all_inner_texts()
    assert hits and all(h.lower().startswith(("dam", "collaps")) for h in hits)


def test_entity_page(page, sample_server, ids):
    visit(page, f"{sample_server}/entities/{ids['top']['id']}", "entity")
    assert page.locator("h1").inner_text().startswith(ids["top"]["name"])
    assert page.locator("table.aliases tr").count() >= 2
    assert page.locator("table.mentions q.sentence b").count() >= 1
    assert page.locator(".curation").count() == 0  # read-only server: no curation forms


def test_network_draws_and_clicks_through(page, sample_server):
    visit(page, sample_server + "/network?type=PERSON", "network")
    nodes = page.locator("#network svg g.node")
    assert nodes.count() >= 3
    assert page.locator("#network svg line.link").count() >= 1
    name = nodes.first.locator("text").text_content()
    eid = nodes.first.get_attribute("data-id")
    nodes.first.focus()
    page.keyboard.press("Enter")  # the keyboard path; a click on a node does the same
    page.wait_for_url(f"**/entities/{eid}")
    assert page.locator("h1").inner_text().startswith(name)


def test_timeline(page, sample_server):
    visit(page, sample_server + "/timeline", "timeline")
    days = page.locator(".timeline .when").all_inner_texts()
    assert days == sorted(days) and page.locator("li.tl-published").count() == 7


def test_facts_board(page, sample_server):
    visit(page, sample_server + "/facts", "facts")
    badges = page.locator(".fact h3 .badge").all_inner_texts()
    rank = {"conflict": 0, "evolving": 1, "agree": 2, "single": 3}
    assert badges[0].lower() == "conflict" and [rank[b.lower()] for b in badges] == sorted(rank[b.lower()] for b in badges)
    assert page.locator(".fact").first.locator(".claim").count() >= 2


def test_compare(page, sample_server, ids):
    # the pair of documents with the most actors in common: two reports of the same event
    pairs = [(a, b) for a in ids["docs"] for b in ids["docs"] if a < b]
    a, b = max(pairs, key=lambda p: len(_json(sample_server, f"/api/compare?a={p[0]}&b={p[1]}")["entities"]["shared"]))
    visit(page, f"{sample_server}/compare?a={a}&b={b}", "compare")
    assert page.locator(".side-by-side article").count() == 2
    assert page.locator(".side-by-side .hl-cmp-actor-shared").count() >= 2
    assert page.locator(".compare-facts tbody tr, .compare-facts tr.v-shared, .compare-facts tr.v-unique").count() >= 1


def test_document_view(page, sample_server, ids):
    doc = _json(sample_server, f"/api/documents/{ids['docs'][-1]}")
    visit(page, f"{sample_server}/documents/{ids['docs'][-1]}", "document")
    assert page.locator(".body").inner_text().split() == doc["document"]["body"].split()
    assert page.locator(".body a.hl-mention").count() >= 3
    removed = page.locator("details.removed")
    if doc["removed_lines"]:
        assert not removed.locator("li").first.is_visible()
        removed.locator("summary").click()
        assert removed.locator("li").first.is_visible()
    page.locator(".body a.hl-mention").first.click()
    page.wait_for_url("**/entities/*")


def test_hostile_article_runs_nothing_and_reads_as_text(browser, evil_db, page):
    with live_server(create_app(evil_db)) as base:
        doc_id = _json(base, "/api/documents")["items"][0]["id"]
        for path in ("/", f"/documents/{doc_id}", "/search?q=alert", "/timeline", "/facts", "/network",
                     "/documents", f"/compare?a={doc_id}&b={doc_id}"):
            visit(page, base + path, "hostile" + path.replace("/", "-").split("?")[0])
        page.goto(f"{base}/documents/{doc_id}")
        page.locator("details.removed summary").click()  # the dropped header lines carry payloads too
        text = page.locator("article.document").inner_text()
        for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '<a href="javascript:alert(3)">',
                        "{{ 7*7 }}", '<script>alert("title")</script>'):
            assert payload in text, payload
        assert page.locator("a[href^='javascript']").count() == 0 and page.locator("img").count() == 0
        page.goto(f"{base}/search?q=alert")
        assert page.locator("mark.hit").count() >= 1
        assert not page.dialogs, page.dialogs


def test_rename_from_the_entity_page(browser, sample_copy, page):
    from playwright.sync_api import expect

    with live_server(create_app(sample_copy, allow_edits=True)) as base:
        top = _json(base, "/api/entities")["items"][0]
        visit(page, f"{base}/entities/{top['id']}", "entity-editing")
        page.fill("form[data-action=rename] input[name=name]", "Renamed In Browser")
        page.fill("[data-note]", "checked against the ministry's list")
        page.click("form[data-action=rename] button")
        expect(page.locator("h1")).to_contain_text("Renamed In Browser")  # after the reload
        decisions = _json(base, "/api/curation")
        assert decisions[0]["action"] == "rename" and decisions[0]["note"] == "checked against the ministry's list"
