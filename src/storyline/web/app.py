"""Web stage: the FastAPI application behind ``storyline serve``.

Every view is a bookmarkable HTML page (``/``, ``/search?q=``, ``/entities/{id}``, ``/network``,
``/timeline``, ``/facts``, ``/compare?a=&b=``, ``/documents/{id}``) rendered server-side from the
same data its JSON twin under ``/api/`` returns; OpenAPI at ``/openapi.json``. Pages work
without scripts except the network drawing; scripts only enhance (curation forms, the graph).
Curation endpoints exist only in an app created with ``allow_edits=True``.
"""
from __future__ import annotations

import re
import threading
from importlib import resources
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from storyline import __version__, vocab
from storyline.errors import StorylineError
from storyline.present.chart import timeline_svg
from storyline.present.numbers import format_number, value_text
from storyline.web import body as bodies
from storyline.web.cache import AnswerCache
from storyline.store.read.pages import Reader
from storyline.web.security import guard

# Package data served under /static/: the report's stylesheet is shared, not copied.
STATIC: dict[str, tuple[str, str, str]] = {
    "report.css": ("storyline.report", "report.css", "text/css; charset=utf-8"),
    "web.css": ("storyline.web", "static/web.css", "text/css; charset=utf-8"),
    "web.js": ("storyline.web", "static/web.js", "text/javascript; charset=utf-8"),
    "network.js": ("storyline.web", "static/network.js", "text/javascript; charset=utf-8"),
}
EDIT_ACTIONS = ("merge", "split", "rename", "retype", "wrong-claim", "wrong-relation", "undo")
STEM_MIN = 3


class CurationRequest(BaseModel):
    """One curation decision; which fields matter depends on the action."""

    entity: str | None = Field(None, description="entity id (split, rename, retype) or the entity merged away (merge)")
    target: str | None = Field(None, description="merge: the entity id kept")
    alias: str | None = Field(None, description="split: the alias to split off")
    name: str | None = Field(None, description="rename: the new name")
    type: str | None = Field(None, description="retype: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT or OTHER")
    document: str | None = Field(None, description="wrong-claim / wrong-relation: the document id")
    start: int | None = Field(None, description="wrong-claim / wrong-relation: the item's start offset")
    predicate: str | None = None
    decision: str | None = Field(None, description="undo: the decision id")
    note: str | None = Field(None, description="why; kept with the decision")


class Problem(BaseModel):
    """Why a request was refused (FastAPI's error body)."""

    detail: str


def _documented(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error answers a route gives, so clients (and the schema fuzz test)
    know every status code it may return."""
    what = {400: "the decision cannot be applied (unknown entity, alias, claim or decision)",
            404: "no such item"}
    return {code: {"model": Problem, "description": what[code]} for code in codes}


# Answers from the guard middleware, before any route: plain text.
GUARD_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "the Host header names a host this server does not serve",
          "content": {"text/plain": {"schema": {"type": "string"}}}},
    401: {"description": "a token is needed (servers on a non-loopback address)",
          "content": {"text/plain": {"schema": {"type": "string"}}}},
}
EDIT_REFUSED: dict[int | str, dict[str, Any]] = {
    403: {"description": "an edit without the X-Storyline-Edit header, a JSON body or this server's own Origin",
          "content": {"text/plain": {"schema": {"type": "string"}}}},
}


def _environment() -> jinja2.Environment:
    # Autoescape everything: article text, titles, names and outlets are all untrusted input.
    env = jinja2.Environment(loader=jinja2.PackageLoader("storyline.web", "templates"), autoescape=True,
                             undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = format_number
    env.filters["value"] = value_text
    env.filters["marks"] = marks
    env.globals["timeline"] = fact_timeline
    return env


def fact_timeline(fact: dict[str, Any]) -> Any:
    """A fact's claims charted over publication date, each mark linking to its sentence."""
    return timeline_svg(fact.get("claims") or [], str(fact.get("status") or ""),
                        href=lambda c: f"/documents/{c['document_id']}#at-{c['start']}")


def marks(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_hit) around words starting like a query word (search
    stems, so "flood" also marks "flooding"); the template marks the hits."""
    stems = [re.escape(w[:max(STEM_MIN, len(w) - 2)]) for w in words if w]
    if not stems or not text:
        return [(text or "", False)]
    out, last = [], 0
    for m in re.finditer(r"\b(?:" + "|".join(stems) + r")\w*", text, re.IGNORECASE):
        if m.start() > last:
            out.append((text[last:m.start()], False))
        out.append((m.group(0), True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


def _static(name: str) -> Response:
    if name not in STATIC:
        raise HTTPException(404, "no such file")
    package, path, media = STATIC[name]
    text = resources.files(package).joinpath(path).read_text(encoding="utf-8")
    if name == "report.css":
        text = vocab.stylesheet() + text  # the types' and statuses' colours, defined once as data
    return Response(text, media_type=media, headers={"Cache-Control": "no-cache"})


class _Middleware:
    """Adapts a plain ASGI middleware factory (``factory(app) -> app``) to ``add_middleware``."""

    def __init__(self, app: Any, factory: Any) -> None:
        self._app = factory(app)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        await self._app(scope, receive, send)


def create_app(db: str, allow_edits: bool = False, token: str | None = None,
               allowed_hosts: tuple[str, ...] | None = None) -> FastAPI:
    """The web app over knowledge base ``db`` (a SQLite path or a postgresql:// URL).

    ``allow_edits`` adds the curation endpoints; ``token`` makes every request present it;
    ``allowed_hosts`` refuses requests whose Host header names another host."""
    from storyline.kb import KnowledgeBase

    kb = KnowledgeBase(db)
    reader = Reader(kb.store)
    env = _environment()
    edit_lock = threading.Lock()
    app = FastAPI(title="storyline", version=__version__, docs_url=None, redoc_url=None, responses=GUARD_RESPONSES,
                  description="The knowledge base behind `storyline serve`: every view's data as JSON. "
                              "Offsets index each document's cleaned body.")
    answers = AnswerCache(reader.stamp)
    # the last middleware added runs first: the guard decides before any kept answer is served
    app.add_middleware(_Middleware, factory=answers.middleware)
    app.add_middleware(_Middleware, factory=guard(token, allowed_hosts))
    app.state.reader, app.state.kb, app.state.allow_edits, app.state.answers = reader, kb, allow_edits, answers

    def page(request: Request, template: str, title: str, **context: Any) -> HTMLResponse:
        def url(path: str, **params: Any) -> str:
            kept = {k: v for k, v in params.items() if v not in (None, "", 0)}
            return path + ("?" + urlencode(kept) if kept else "")

        html = env.get_template(template).render(
            title=title, edits=allow_edits, path=request.url.path, url=url, q=request.query_params.get("q", ""),
            version=__version__, **context)
        return HTMLResponse(html)

    def missing(what: str) -> HTTPException:
        return HTTPException(404, f"no {what}")

    # --- JSON API --------------------------------------------------------------------------
    @app.get("/api/overview", tags=["views"], summary="The story at a glance")
    def api_overview() -> dict:
        return reader.overview()

    @app.get("/api/search", tags=["views"], summary="Entities, documents and quotes matching a query")
    def api_search(q: str = Query("", description="words, all required; stemmed"), offset: int = 0,
                   limit: int = 20) -> dict:
        return reader.search(q, limit, offset)

    @app.get("/api/entities", tags=["views"], summary="Actors, most documents first (paged)")
    def api_entities(type: str | None = None, offset: int = 0, limit: int = 50) -> dict:
        return reader.entities(limit, offset, type).as_dict()

    @app.get("/api/entities/{eid}", tags=["views"], summary="One actor: aliases, mentions, quotes, relations, numbers",
             responses=_documented(404))
    def api_entity(eid: str, offset: int = 0, limit: int = 20) -> dict:
        result = reader.entity(eid, limit, offset)
        if result is None:
            raise missing("entity " + eid)
        return result

    @app.get("/api/network", tags=["views"], summary="The biggest actors and their relations and co-mentions")
    def api_network(type: str | None = None, outlet: str | None = None, size: int = 60) -> dict:
        return reader.network(type or None, outlet or None, size)

    @app.get("/api/timeline", tags=["views"], summary="Dated events and publication dates in date order (paged)")
    def api_timeline(since: str | None = None, until: str | None = None, offset: int = 0, limit: int = 50) -> dict:
        return reader.timeline(limit, offset, since or None, until or None).as_dict()

    @app.get("/api/facts", tags=["views"], summary="Facts with their claims, conflicts first (paged)")
    def api_facts(status: str | None = None, offset: int = 0, limit: int = 50) -> dict:
        return reader.facts(status or None, limit, offset).as_dict()

    @app.get("/api/facts/{fid}", tags=["views"], summary="One fact with every claim", responses=_documented(404))
    def api_fact(fid: str) -> dict:
        result = reader.fact(fid)
        if result is None:
            raise missing("fact " + fid)
        return result

    @app.get("/api/compare", tags=["views"],
             summary="Two documents (ids) or two outlets (names): shared, conflicting and unique facts and actors",
             responses=_documented(404))
    def api_compare(a: str, b: str) -> dict:
        result = reader.compare(a, b)
        if result is not None:
            return {"kind": "documents", **{k: v for k, v in result.items() if k != "shared_entities"}}
        outlets = reader.compare_outlets(a, b)
        if outlets is None:
            raise missing(f"document or outlet {a!r} / {b!r}")
        return {"kind": "outlets", **outlets}

    @app.get("/api/documents", tags=["views"], summary="Documents, newest first (paged)")
    def api_documents(outlet: str | None = None, date: str | None = None, offset: int = 0, limit: int = 50) -> dict:
        return reader.documents(limit, offset, outlet or None, date or None).as_dict()

    @app.get("/api/documents/{doc_id}", tags=["views"], summary="One document with every extraction", responses=_documented(404))
    def api_document(doc_id: str) -> dict:
        result = reader.document(doc_id)
        if result is None:
            raise missing("document " + doc_id)
        return result

    @app.get("/api/curation", tags=["curation"], summary="Analysts' decisions, newest first")
    def api_decisions() -> list:
        return reader.decisions()

    if allow_edits:
        @app.post("/api/curation/{action}", tags=["curation"],
                  summary="Record a decision (merge, split, rename, retype, wrong-claim, wrong-relation, undo)",
                  responses={**_documented(400, 404), **EDIT_REFUSED})
        def api_curate(action: str, req: CurationRequest) -> dict:
            if action not in EDIT_ACTIONS:
                raise HTTPException(404, f"no action {action!r}: use one of {', '.join(EDIT_ACTIONS)}")
            with edit_lock:
                try:
                    decision, location = _apply(kb, action, req)
                except (StorylineError, KeyError, TypeError) as exc:
                    raise HTTPException(400, str(exc)) from exc
                finally:
                    reader.invalidate()
            return {"decision": decision.as_dict(), "location": location}

    # --- pages -----------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request) -> HTMLResponse:
        return page(request, "overview.html", "Overview", o=reader.overview())

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, q: str = "", offset: int = 0) -> HTMLResponse:
        return page(request, "search.html", f"Search: {q}" if q else "Search", r=reader.search(q, 20, offset))

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities(request: Request, type: str | None = None, offset: int = 0) -> HTMLResponse:
        return page(request, "entities.html", "Actors", p=reader.entities(50, offset, type or None),
                    types=reader.snapshot().types, type=type or "")

    @app.get("/entities/{eid}", response_class=HTMLResponse, include_in_schema=False)
    def entity(request: Request, eid: str, offset: int = 0) -> HTMLResponse:
        e = reader.entity(eid, 20, offset)
        if e is None:
            raise missing("entity " + eid)
        return page(request, "entity.html", e["entity"]["name"], e=e, types=_types())

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network(request: Request, type: str | None = None, outlet: str | None = None, size: int = 60) -> HTMLResponse:
        n = reader.network(type or None, outlet or None, size)
        return page(request, "network.html", "Actor network", n=n)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline(request: Request, since: str | None = None, until: str | None = None,
                 offset: int = 0) -> HTMLResponse:
        return page(request, "timeline.html", "Timeline", p=reader.timeline(100, offset, since, until),
                    since=since or "", until=until or "")

    @app.get("/facts", response_class=HTMLResponse, include_in_schema=False)
    def facts(request: Request, status: str | None = None, offset: int = 0) -> HTMLResponse:
        return page(request, "facts.html", "Facts", p=reader.facts(status or None, 25, offset),
                    status=status or "", counts=reader.snapshot().counts)

    @app.get("/facts/{fid}", response_class=HTMLResponse, include_in_schema=False)
    def fact(request: Request, fid: str) -> HTMLResponse:
        f = reader.fact(fid)
        if f is None:
            raise missing("fact " + fid)
        return page(request, "fact.html", f["description"] or fid, f=f)

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare(request: Request, a: str = "", b: str = "") -> HTMLResponse:
        c = reader.compare(a, b) if a and b else None
        o = reader.compare_outlets(a, b) if a and b and c is None else None
        segments = {}
        if c is not None:
            segments = {side: bodies.compare_segments(c[side], c["verdict"], c["shared_entities"]) for side in "ab"}
        recent = reader.documents(100, 0).items
        outlets = [x["outlet"] for x in reader.snapshot().outlets if x["outlet"]][:200]
        return page(request, "compare.html", "Compare", c=c, o=o, segments=segments, a=a, b=b, recent=recent,
                    outlets=outlets, not_found=bool(a and b and c is None and o is None))

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents(request: Request, outlet: str | None = None, date: str | None = None,
                  offset: int = 0) -> HTMLResponse:
        return page(request, "documents.html", "Documents", p=reader.documents(50, offset, outlet, date),
                    outlet=outlet or "", date=date or "")

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document(request: Request, doc_id: str) -> HTMLResponse:
        d = reader.document(doc_id)
        if d is None:
            raise missing("document " + doc_id)
        return page(request, "document.html", d["document"]["title"] or doc_id, d=d,
                    segments=bodies.document_segments(d))

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        return _static(name)

    return app


def _types() -> tuple[str, ...]:
    return vocab.TYPE_CODES


def _entity_location(kb: Any, name: str) -> str | None:
    """Where an entity now lives: ids follow names, so a rename or merge can move it."""
    hits = kb.find_entities(name)
    return f"/entities/{hits[0]['id']}" if hits else None


def _apply(kb: Any, action: str, r: CurationRequest) -> tuple[Any, str | None]:
    if action == "merge":
        target = kb.entity(r.target)["entity"]["name"]
        return kb.merge(r.entity, r.target, r.note), _entity_location(kb, target)
    if action == "split":
        name = kb.entity(r.entity)["entity"]["name"]
        return kb.split(r.entity, r.alias or "", r.note), _entity_location(kb, name)
    if action == "rename":
        return kb.rename(r.entity, r.name or "", r.note), _entity_location(kb, r.name or "")
    if action == "retype":
        name = kb.entity(r.entity)["entity"]["name"]
        return kb.retype(r.entity, r.type or "", r.note), _entity_location(kb, name)
    if action == "wrong-claim":
        return kb.mark_claim_wrong(r.document, int(r.start), r.note), None
    if action == "wrong-relation":
        return kb.mark_relation_wrong(r.document, int(r.start), r.predicate, r.note), None
    return kb.undo(r.decision or ""), None


def app_from_environment() -> FastAPI:
    """A read-only app over ``$STORYLINE_DB``, for ``uvicorn --factory --workers N``: each worker
    process builds its own (bench/load.py serves this way; ``storyline serve`` runs one)."""
    import os

    db = os.environ.get("STORYLINE_DB")
    if not db:
        raise StorylineError("set STORYLINE_DB to the knowledge base to serve")
    return create_app(db)
