"""Who may reach the server and what its pages may do: the token guards every route (pages, API,
OpenAPI, static files), edits exist only with allow_edits, every answer carries the security
headers, and hostile text in every field that comes from an article (title, outlet, url, body,
quote, entity name) stays inert text in every page and in the offline report."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi and uvicorn (storyline's dependencies: pip install -e .)")
from fastapi.testclient import TestClient
from starlette.routing import Route

from storyline.web import create_app
from storyline.web.app import EDIT_ACTIONS

EDIT = {"X-Storyline-Edit": "1"}
TOKEN = "t0ken-for-tests"


def _concrete(path: str) -> str:
    """A route's path with every {parameter} filled in."""
    return re.sub(r"\{[^}]+\}", "x", path).replace("/static/x", "/static/web.css")


def _routes(app) -> list[tuple[str, str]]:
    out = []
    for r in app.routes:
        if isinstance(r, Route):
            for method in sorted(r.methods or {"GET"}):
                if method != "HEAD":
                    out.append((method, _concrete(r.path)))
    return out


def test_the_token_guards_every_route(sample_copy):
    app = create_app(sample_copy, allow_edits=True, token=TOKEN)
    routes = _routes(app)
    paths = {p for _, p in routes}
    assert {"/", "/api/facts", "/openapi.json", "/static/web.css", "/api/curation/x"} <= paths
    client = TestClient(app, follow_redirects=False)
    for method, path in routes:
        r = client.request(method, path, json={} if method == "POST" else None, headers=EDIT)
        assert r.status_code == 401, (method, path, r.status_code)
        assert "alert" not in r.text
        wrong = client.request(method, path, json={} if method == "POST" else None,
                               headers={**EDIT, "Authorization": "Bearer not-" + TOKEN})
        assert wrong.status_code == 401, (method, path)
        right = client.request(method, path, json={} if method == "POST" else None,
                               headers={**EDIT, "Authorization": f"Bearer {TOKEN}"})
        assert right.status_code != 401, (method, path)
    assert client.get("/static/web.css", headers={"X-Storyline-Token": TOKEN}).status_code == 200


def test_without_allow_edits_no_route_changes_anything(sample_copy):
    app = create_app(sample_copy)
    assert [p for m, p in _routes(app) if m not in ("GET", "HEAD")] == []
    client = TestClient(app)
    eid = client.get("/api/entities").json()["items"][0]["id"]
    before = client.get(f"/api/entities/{eid}").json()
    for action in EDIT_ACTIONS:
        r = client.post(f"/api/curation/{action}", json={"entity": eid, "name": "Changed", "type": "ORG"},
                        headers={**EDIT, "Content-Type": "application/json"})
        assert r.status_code in (404, 405), action
    assert client.get(f"/api/entities/{eid}").json() == before
    html = client.get(f"/entities/{eid}").text
    assert "data-action=" not in html and "data-edits" not in html


def test_every_answer_carries_the_security_headers(sample_db):
    client = TestClient(create_app(sample_db))
    for path in ("/", "/facts", "/api/facts", "/openapi.json", "/static/web.css", "/static/nope", "/entities/nope"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp, path
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert h["x-content-type-options"] == "nosniff", path
        assert h["x-frame-options"] == "DENY", path
    refused = TestClient(create_app(sample_db, token=TOKEN)).get("/")
    assert refused.status_code == 401 and refused.headers["x-content-type-options"] == "nosniff"
    css = client.get("/static/web.css")
    assert css.headers["content-type"].startswith("text/css")


# --- hostile text in every article-derived field -------------------------------------------
HOSTILE_TITLE = "<img src=x onerror=alert('title')> Flood <script>alert('title2')</script>"
HOSTILE_OUTLET = "<script>alert('outlet')</script>The Marsh <b onmouseover=alert('outlet2')>Herald</b>"
HOSTILE_URL = "javascript:alert('url')//<svg onload=alert('url2')>"
# the source a document came from (a path here: the record's url is read for its date only)
HOSTILE_FILE = "<svg onload=alert('src')>javascript:alert('src2')"
HOSTILE_QUOTE = "<script>alert('quote')</script> we will rebuild every <a href=javascript:alert('q2')>house</a>"
HOSTILE_NAME = "<svg onload=alert('name')>Anna</svg> <iframe src=javascript:alert('name2')>"
HOSTILE_BODY = f"""Floods cut off Marshton after river bursts its banks

MARSHTON, 6 May 2024 - Floods cut off the town of Marshton on Monday. <script>alert('body')</script>

"{HOSTILE_QUOTE}," said Mayor Anna Petrova on Monday. At least 12 people were killed, officials said.

The regional council said 15 people were killed <img src=x onerror=alert('body2')> and 3,000 were evacuated.
"""


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> str:
    from storyline.pipeline import build

    folder = tmp_path_factory.mktemp("hostile")
    for i, (outlet, killed) in enumerate(((HOSTILE_OUTLET, "12"), ("Valley Courier", "15"))):
        rec = {"text": HOSTILE_BODY.replace("At least 12", f"At least {killed}"), "url": HOSTILE_URL + str(i),
               "outlet": outlet, "title": HOSTILE_TITLE, "published": f"2024-05-0{6 + i}"}
        (folder / (f"{HOSTILE_FILE}.json" if i == 0 else "r1.json")).write_text(json.dumps(rec), encoding="utf-8")
    db = str(folder / "kb.db")
    build([str(folder)], db, workers=1)
    # an entity name carrying markup (a curated name, as a hostile analyst or a bad extraction could give)
    client = TestClient(create_app(db, allow_edits=True))
    person = next(e for e in client.get("/api/entities?limit=200").json()["items"] if e["type"] == "PERSON")
    r = client.post("/api/curation/rename", json={"entity": person["id"], "name": HOSTILE_NAME}, headers=EDIT)
    assert r.status_code == 200, r.text
    return db


class Scan(HTMLParser):
    """Everything in a page that could run or load something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k.lower(): v or "" for k, v in attrs}
        if tag in ("iframe", "object", "embed", "img", "base", "form") and not (
                tag == "form" and attr.get("action", "/").startswith("/")):
            self.bad.append(f"<{tag}>")
        if tag == "script" and not (attr.get("src", "").startswith("/static/") or "src" not in attr):
            self.bad.append(f"script src={attr.get('src')}")
        if tag == "svg" and "tl-chart" not in attr.get("class", ""):
            self.bad.append("<svg> not drawn by us")
        if tag == "meta" and attr.get("http-equiv", "").lower() == "refresh":
            self.bad.append("meta refresh")
        for k, v in attr.items():
            if k.startswith("on"):
                self.bad.append(f"<{tag} {k}=>")
            if k in ("href", "src", "action", "xlink:href") and re.sub(r"\s", "", v).lower().startswith(
                    ("javascript:", "data:text", "vbscript:")):
                self.bad.append(f"<{tag} {k}={v}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _inert(html: str) -> Scan:
    s = Scan()
    s.feed(html)
    s.close()
    inline = [m for m in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S | re.I) if m.strip()]
    s.inline_scripts = inline
    return s


def test_hostile_fields_stay_text_in_every_page(hostile_db):
    client = TestClient(create_app(hostile_db))
    docs = client.get("/api/documents").json()["items"]
    facts = client.get("/api/facts").json()["items"]
    ents = client.get("/api/entities?limit=200").json()["items"]
    named = next(e for e in ents if e["name"] == HOSTILE_NAME)
    doc = client.get(f"/api/documents/{docs[0]['id']}").json()
    assert any("<script>alert('quote')" in q["text"] for q in doc["quotes"])  # the quote really carries it
    assert {d["outlet"] for d in docs} >= {HOSTILE_OUTLET} and all(d["title"] == HOSTILE_TITLE for d in docs)
    pages = ["/", "/search?q=flood", "/search?q=rebuild", "/search?q=Anna", "/entities", f"/entities/{named['id']}",
             "/network", "/timeline", "/facts", "/documents", *(f"/documents/{d['id']}" for d in docs),
             f"/compare?a={docs[0]['id']}&b={docs[1]['id']}",
             f"/compare?a={HOSTILE_OUTLET}&b=Valley Courier"]
    pages += [f"/facts/{f['id']}" for f in facts]
    seen = ""
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        scan = _inert(r.text)
        assert not scan.bad, (path, scan.bad)
        assert not scan.inline_scripts, path
        seen += "".join(scan.text)
    for field in (HOSTILE_TITLE, HOSTILE_OUTLET, HOSTILE_NAME, HOSTILE_FILE, "<script>alert('quote')</script>"):
        assert field in seen, field  # shown verbatim, as text


def test_hostile_fields_stay_text_in_the_report(hostile_db):
    from storyline.export.contract import build_export
    from storyline.report.render import render_report
    from storyline.store.db import Store

    html = render_report(build_export(Store(hostile_db, create=False)))
    scan = _inert(html)
    assert not scan.bad, scan.bad
    assert len(scan.inline_scripts) == 1  # the report's own script, admitted by its hash
    text = "".join(scan.text)
    for field in (HOSTILE_TITLE, HOSTILE_OUTLET, HOSTILE_NAME, HOSTILE_FILE, "<script>alert('quote')</script>"):
        assert field in text, field
