"""Store stage, read model: the web app's views, paged in SQL.

Each function answers one page of one view with a bounded number of small statements
(``LIMIT``/``OFFSET``, or a ``WHERE`` on one document or entity), so a page costs the same on
ten documents and on ten thousand. The few corpus-wide aggregates (counts, actor ranking,
outlets, the network) live in ``Snapshot``, computed once per state of the store and reused
until a build or a curation decision changes it (``Reader.snapshot``).

Answers are typed in ``types.py``; their rows keep the store's column names, as the JSON API
has always returned them; offsets index the document body.
"""
from __future__ import annotations

import json
import threading
import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, case, distinct, func, literal, or_, select, union_all

from storyline.store import schema as S
from storyline.store import search as fts
from storyline.vocab import ATTENTION_STATUSES, STATUS_RANK
from storyline.store.db import Store, in_slices
from storyline.store.read.lookups import figures
from storyline.store.read.tables import number
from storyline.store.read.types import (DocumentComparison, DocumentView, EntityView, NetworkView, OutletComparison,
                                        Overview, SearchView)

PAGE_SIZE = 50  # rows per page unless the request asks for fewer
MAX_PAGE = 200  # the most rows one request may ask for
NETWORK_NODES = 60  # actors drawn by default; the biggest by mentions
CONTEXT = 90  # characters either side of a hit when no sentence is stored
STAMP_TTL = 0.5  # seconds a read of the store's state is trusted (see Reader.stamp)


@dataclass(frozen=True)
class Page:
    """One page of a listing: its rows and where the neighbours start."""

    items: list[dict[str, Any]]
    offset: int
    limit: int
    has_more: bool
    total: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "offset": self.offset, "limit": self.limit, "has_more": self.has_more,
                "total": self.total}


SEARCH_DEPTH = 10_000  # the deepest search result one may page to
MAX_OFFSET = 2 ** 31  # far past any real listing, and inside every database's integer range


def clamp(limit: int | None, offset: int | None) -> tuple[int, int]:
    return max(1, min(limit or PAGE_SIZE, MAX_PAGE)), min(max(0, offset or 0), MAX_OFFSET)


def _page(rows: list[dict], limit: int, offset: int, total: int | None = None) -> Page:
    """Rows fetched with ``LIMIT limit + 1``: the extra row only says there is a next page."""
    return Page(rows[:limit], offset, limit, len(rows) > limit, total)


def _cut(body: str, sentences: list[tuple[int, int]], start: int, end: int) -> dict[str, Any]:
    """The sentence (sorted (start, end) bounds) holding ``start`` cut around [start, end), or
    a window of ``CONTEXT`` characters either side when no sentence holds it."""
    i = bisect_right(sentences, (start, float("inf"))) - 1
    row = sentences[i] if i >= 0 and sentences[i][0] <= start < sentences[i][1] else None
    a, b = row if row else (max(0, start - CONTEXT), end + CONTEXT)
    b = max(b, end)
    text = body[a:b]
    first, last = start - a, min(end, a + len(text)) - a
    return {"before": text[:first], "match": text[first:last], "after": text[last:],
            "clipped_left": a > 0 and not row, "clipped_right": not row}


VERDICT_ORDER = {"conflicting": 0, "shared": 1, "unique": 2}


def _sides(names: dict[str, dict], a: set[str], b: set[str]) -> dict[str, list[dict]]:
    """Actors both sides name and each side's own, by name (an actor gone from the store since the
    page was asked for is listed by its id)."""
    def named(ids: set[str]) -> list[dict]:
        return sorted((names.get(i, {"id": i, "name": i, "type": "OTHER"}) for i in ids),
                      key=lambda e: (e["name"].lower(), e["id"]))

    return {"shared": named(a & b), "only_a": named(a - b), "only_b": named(b - a)}


def _verdict(fact: dict) -> str:
    """How two sides report one fact: the same figures, different ones, or only one side."""
    if not (fact["a"] and fact["b"]):
        return "unique"
    return "shared" if figures(fact["a"]) == figures(fact["b"]) else "conflicting"


@dataclass
class Snapshot:
    """Corpus-wide aggregates for one state of the store."""

    stamp: tuple
    counts: dict[str, int]
    outlets: list[dict[str, Any]]  # {"outlet", "documents"}, biggest first
    by_date: list[dict[str, Any]]  # {"date", "documents"}, in date order
    ranking: list[dict[str, Any]]  # every entity: id, name, type, mentions, documents; biggest first
    types: list[str]
    networks: dict[tuple, dict] = field(default_factory=dict)  # cached network per filter


class Reader:
    """Read-only queries over one store; thread-safe (one engine, short connections)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine
        self._snapshot: Snapshot | None = None
        self._stamp_value: tuple | None = None
        self._stamp_read = 0.0
        self._generation = 0
        self._lock = threading.Lock()
        self._building = threading.Lock()  # one snapshot build at a time

    # --- the cached aggregates ------------------------------------------------------------
    def _stamp(self, conn: Connection) -> tuple:
        """Changes whenever a build starts or finishes or a curation decision is recorded or reversed."""
        run = conn.execute(select(func.max(S.runs.c.id), func.max(S.runs.c.finished))).first()
        cur = conn.execute(select(func.count(), func.max(S.curation.c.created), func.max(S.curation.c.reverted),
                                  func.max(S.curation.c.status))).first()
        return tuple(run) + tuple(cur)

    def stamp(self) -> tuple:
        """The store's state, read at most once per ``STAMP_TTL`` seconds: under load, every
        request would otherwise pay two statements to learn that nothing changed. A change by
        this server (``invalidate``) is seen at once, one by another process within the TTL."""
        now = time.monotonic()
        with self._lock:
            if self._stamp_value is not None and now - self._stamp_read < STAMP_TTL:
                return self._stamp_value
            generation = self._generation
        with self.engine.connect() as conn:
            value = self._stamp(conn)
        with self._lock:
            if generation == self._generation:  # a read begun before an invalidate is not kept
                self._stamp_value, self._stamp_read = value, now
        return value

    def invalidate(self) -> None:
        with self._lock:
            self._snapshot = None
            self._stamp_value = None
            self._generation += 1

    def snapshot(self) -> Snapshot:
        """The corpus-wide aggregates for the store's state now. One thread builds them; threads
        asking meanwhile wait for that one instead of each building the same (after a build, every
        page being rendered asks at once)."""
        stamp = self.stamp()
        with self._lock:
            if self._snapshot is not None and self._snapshot.stamp == stamp:
                return self._snapshot
        with self._building:
            with self._lock:
                if self._snapshot is not None and self._snapshot.stamp == stamp:
                    return self._snapshot
            with self.engine.connect() as conn:
                snap = self._build_snapshot(conn, stamp)
            with self._lock:
                self._snapshot = snap
        return snap

    def _build_snapshot(self, conn: Connection, stamp: tuple) -> Snapshot:
        counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar() or 0
                  for t in (S.documents, S.entities, S.mentions, S.quotes, S.quantities, S.dates, S.relations,
                            S.facts, S.failures, S.stories)}
        for status in STATUS_RANK:
            counts[f"facts_{status}"] = conn.execute(
                select(func.count()).select_from(S.facts).where(S.facts.c.status == status)).scalar() or 0
        outlets = [{"outlet": o, "documents": n} for o, n in conn.execute(
            select(S.documents.c.outlet, func.count()).group_by(S.documents.c.outlet)
            .order_by(func.count().desc(), S.documents.c.outlet))]
        by_date = [{"date": d, "documents": n} for d, n in conn.execute(
            select(S.documents.c.published, func.count()).where(S.documents.c.published.is_not(None))
            .group_by(S.documents.c.published).order_by(S.documents.c.published))]
        stats = {eid: (n, d) for eid, n, d in conn.execute(
            select(S.mentions.c.entity_id, func.count(), func.count(distinct(S.mentions.c.document_id)))
            .where(S.mentions.c.entity_id.is_not(None)).group_by(S.mentions.c.entity_id))}
        ranking = [{"id": i, "name": n, "type": t, "mentions": stats.get(i, (0, 0))[0],
                    "documents": stats.get(i, (0, 0))[1]}
                   for i, n, t in conn.execute(select(S.entities.c.id, S.entities.c.name, S.entities.c.type))]
        ranking.sort(key=lambda e: (-e["documents"], -e["mentions"], e["name"].lower(), e["id"]))
        types = sorted({e["type"] for e in ranking})
        return Snapshot(stamp, counts, outlets, by_date, ranking, types)

    # --- helpers --------------------------------------------------------------------------
    def _contexts(self, conn: Connection, rows: list[dict]) -> None:
        """Set each row's ``context``: its sentence cut around it (see ``_cut``), for any
        number of rows in two statements (the sentence bounds, then the bodies of the documents
        concerned), not two per row."""
        docs = sorted({r["document_id"] for r in rows})
        if not docs:
            return
        st = S.sentences.c
        bounds: dict[str, list[tuple[int, int]]] = defaultdict(list)
        bodies: dict[str, str] = {}
        for part in in_slices(docs):
            for doc_id, a, b in conn.execute(select(st.document_id, st.start, st.end)
                                             .where(st.document_id.in_(part))):
                bounds[doc_id].append((a, b))
            for doc_id, body in conn.execute(select(S.documents.c.id, S.documents.c.body)
                                             .where(S.documents.c.id.in_(part))):
                bodies[doc_id] = body or ""
        for spans in bounds.values():
            spans.sort()
        for r in rows:
            r["context"] = _cut(bodies.get(r["document_id"], ""), bounds.get(r["document_id"], []),
                                r["start"], r["end"])

    def _doc_meta(self, conn: Connection, ids: Iterable[str]) -> dict[str, dict]:
        ids = sorted(set(ids))
        if not ids:
            return {}
        d = S.documents.c
        return {r.id: {"id": r.id, "title": r.title, "outlet": r.outlet, "published": r.published}
                for r in conn.execute(select(d.id, d.title, d.outlet, d.published).where(d.id.in_(ids)))}

    def _names(self, conn: Connection, ids: Iterable[str | None]) -> dict[str, dict]:
        ids = sorted({i for i in ids if i})
        if not ids:
            return {}
        e = S.entities.c
        return {r.id: {"id": r.id, "name": r.name, "type": r.type}
                for r in conn.execute(select(e.id, e.name, e.type).where(e.id.in_(ids)))}

    # --- overview ---------------------------------------------------------------------------
    def overview(self) -> Overview:
        snap = self.snapshot()
        with self.engine.connect() as conn:
            attention = self.facts(status=None, limit=8, offset=0, attention_only=True, conn=conn)
            d = S.documents.c
            latest = [dict(r._mapping) for r in conn.execute(
                select(d.id, d.title, d.outlet, d.published, d.duplicate_of)
                .order_by(d.published.desc(), d.id).limit(10))]
        return {"counts": snap.counts, "outlets": snap.outlets[:20], "outlets_total": len(snap.outlets),
                "by_date": snap.by_date[-60:], "dates_total": len(snap.by_date),
                "top_actors": snap.ranking[:15], "attention": attention.items,
                "attention_more": attention.has_more, "latest": latest}

    # --- documents --------------------------------------------------------------------------
    def documents(self, limit: int | None = None, offset: int | None = None, outlet: str | None = None,
                  date: str | None = None) -> Page:
        limit, offset = clamp(limit, offset)
        d = S.documents.c
        q = select(d.id, d.title, d.outlet, d.published, d.language, d.duplicate_of, d.source)
        if outlet:
            q = q.where(d.outlet == outlet)
        if date:
            q = q.where(d.published.like(date + "%"))
        q = q.order_by(d.published.desc(), d.id).limit(limit + 1).offset(offset)
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
        return _page(rows, limit, offset)

    def document(self, doc_id: str) -> DocumentView | None:
        """One document with every row extracted from it (all bounded by the document)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.documents).where(S.documents.c.id == doc_id)).first()
            if row is None:
                return None
            doc = dict(row._mapping)

            def rows(table: Any) -> list[dict]:
                return [dict(r._mapping) for r in conn.execute(
                    select(table).where(table.c.document_id == doc_id).order_by(table.c.position))]

            mentions, quotes, relations = rows(S.mentions), rows(S.quotes), rows(S.relations)
            names = self._names(conn, [m["entity_id"] for m in mentions] + [q["speaker_entity"] for q in quotes]
                                + [r["subject_entity"] for r in relations] + [r["object_entity"] for r in relations])
            c = S.claims.c
            claims = [dict(r._mapping) for r in conn.execute(
                select(c.fact_id, c.start, c.end, c.text, c.value, c.low, c.high, c.qualifier,
                       S.facts.c.description, S.facts.c.status)
                .join(S.facts, S.facts.c.id == c.fact_id).where(c.document_id == doc_id).order_by(c.start))]
            dup = self._doc_meta(conn, [doc["duplicate_of"]]) if doc["duplicate_of"] else {}
            stories = [dict(r._mapping) for r in conn.execute(
                select(S.stories.c.id, S.stories.c.label).join(
                    S.story_documents, S.story_documents.c.story_id == S.stories.c.id)
                .where(S.story_documents.c.document_id == doc_id).order_by(S.stories.c.id))]
            return {"document": doc, "sentences": rows(S.sentences), "removed_lines": rows(S.removed_lines),
                    "mentions": mentions, "quotes": quotes, "quantities": rows(S.quantities),
                    "dates": rows(S.dates), "relations": relations, "claims": claims, "entities": names,
                    "duplicate_of": dup.get(doc["duplicate_of"]), "stories": stories}

    # --- entities ---------------------------------------------------------------------------
    def entities(self, limit: int | None = None, offset: int | None = None, type_: str | None = None) -> Page:
        limit, offset = clamp(limit, offset)
        ranking = self.snapshot().ranking
        if type_:
            ranking = [e for e in ranking if e["type"] == type_]
        return _page(ranking[offset:offset + limit + 1], limit, offset, len(ranking))

    def entity(self, eid: str, limit: int | None = None, offset: int | None = None) -> EntityView | None:
        """One actor: aliases with the outlets that write them, mentions in context (paged),
        quotes by and about, relations, numbers near it, documents (paged)."""
        limit, offset = clamp(limit or 20, offset)
        m, d, q = S.mentions.c, S.documents.c, S.quotes.c
        with self.engine.connect() as conn:
            row = conn.execute(select(S.entities).where(S.entities.c.id == eid)).first()
            if row is None:
                return None
            ent = dict(row._mapping)
            ent["reasons"] = json.loads(ent["reasons"] or "[]")
            aliases: dict[str, dict[str, int]] = defaultdict(dict)
            for text, outlet, n in conn.execute(
                    select(m.text, d.outlet, func.count()).join(S.documents, d.id == m.document_id)
                    .where(m.entity_id == eid).group_by(m.text, d.outlet)):
                aliases[text][outlet or "unknown outlet"] = n
            for (alias,) in conn.execute(select(S.entity_aliases.c.alias).where(S.entity_aliases.c.entity_id == eid)):
                aliases.setdefault(alias, {})
            alias_rows = sorted(({"alias": a, "outlets": [{"outlet": o, "mentions": n} for o, n in sorted(
                outs.items(), key=lambda x: (-x[1], x[0]))], "mentions": sum(outs.values())}
                for a, outs in aliases.items()), key=lambda a: (-a["mentions"], a["alias"]))
            total = conn.execute(select(func.count(), func.count(distinct(m.document_id)))
                                 .where(m.entity_id == eid)).first()
            mention_rows = [dict(r._mapping) for r in conn.execute(
                select(m.document_id, m.start, m.end, m.text, d.outlet, d.published, d.title)
                .join(S.documents, d.id == m.document_id).where(m.entity_id == eid)
                .order_by(d.published, m.document_id, m.start).limit(limit + 1).offset(offset))]
            self._contexts(conn, mention_rows)
            mentions = _page(mention_rows, limit, offset, total[0])
            docs = [dict(r._mapping) for r in conn.execute(
                select(m.document_id, func.count().label("mentions"), d.title, d.outlet, d.published)
                .join(S.documents, d.id == m.document_id).where(m.entity_id == eid)
                .group_by(m.document_id, d.title, d.outlet, d.published)
                .order_by(d.published, m.document_id).limit(100))]
            by = self._quotes(conn, select(S.quotes).where(q.speaker_entity == eid))
            inner = S.mentions.alias("inner_m")
            about = self._quotes(conn, select(S.quotes).where(and_(
                or_(q.speaker_entity.is_(None), q.speaker_entity != eid),
                select(literal(1)).where(and_(inner.c.document_id == q.document_id, inner.c.entity_id == eid,
                                              inner.c.start >= q.start, inner.c.start < q.end)).exists())))
            r_ = S.relations.c
            relations = [dict(x._mapping) for x in conn.execute(
                select(S.relations).where(or_(r_.subject_entity == eid, r_.object_entity == eid))
                .order_by(r_.document_id, r_.position).limit(100))]
            names = self._names(conn, [x[k] for x in relations for k in ("subject_entity", "object_entity")])
            for x in relations:
                x["subject_name"] = names.get(x["subject_entity"], {}).get("name")
                x["object_name"] = names.get(x["object_entity"], {}).get("name")
            self._contexts(conn, relations)
            numbers = self._numbers(conn, eid)
        return {"entity": ent, "aliases": alias_rows, "mentions_total": total[0], "documents_total": total[1],
                "mentions": mentions.as_dict(), "documents": docs, "quotes_by": by, "quotes_about": about,
                "relations": relations, "numbers": numbers}

    def _quotes(self, conn: Connection, query: Any, limit: int = 50) -> list[dict]:
        q = S.quotes.c
        rows = [dict(r._mapping) for r in conn.execute(query.order_by(q.document_id, q.position).limit(limit))]
        meta = self._doc_meta(conn, [r["document_id"] for r in rows])
        names = self._names(conn, [r["speaker_entity"] for r in rows])
        for r in rows:
            r["doc"] = meta.get(r["document_id"], {})
            r["speaker_name"] = names.get(r["speaker_entity"], {}).get("name")
        rows.sort(key=lambda r: (r["doc"].get("published") or "~", r["document_id"], r["position"]))
        return rows

    def _numbers(self, conn: Connection, eid: str, limit: int = 50) -> list[dict]:
        """Quantities in the sentences that name the entity, with the fact each belongs to."""
        m, s, qt, c = S.mentions.c, S.sentences.c, S.quantities.c, S.claims.c
        sent = (select(s.document_id, s.start, s.end).join(S.mentions, and_(
            m.document_id == s.document_id, m.start >= s.start, m.start < s.end)).where(m.entity_id == eid)
            .distinct().subquery())
        rows = [dict(r._mapping) for r in conn.execute(
            select(qt.document_id, qt.start, qt.end, qt.text, qt.value, qt.low, qt.high, qt.qualifier, qt.counted,
                   c.fact_id, S.facts.c.status, S.facts.c.description)
            .join(sent, and_(sent.c.document_id == qt.document_id, qt.start >= sent.c.start, qt.start < sent.c.end))
            .outerjoin(S.claims, and_(c.document_id == qt.document_id, c.start == qt.start))
            .outerjoin(S.facts, S.facts.c.id == c.fact_id)
            .order_by(qt.document_id, qt.start).limit(limit))]
        meta = self._doc_meta(conn, [r["document_id"] for r in rows])
        for r in rows:
            r["doc"] = meta.get(r["document_id"], {})
            for k in ("value", "low", "high"):
                r[k] = number(r[k])
        return rows

    # --- facts ------------------------------------------------------------------------------
    def facts(self, status: str | None = None, limit: int | None = None, offset: int | None = None,
              attention_only: bool = False, conn: Connection | None = None) -> Page:
        """Facts with their claims side by side, conflicts first."""
        limit, offset = clamp(limit, offset)
        f = S.facts.c
        rank = case(*((f.status == k, v) for k, v in STATUS_RANK.items()), else_=9)
        q = select(f.id, f.description, f.status)
        if status:
            q = q.where(f.status == status)
        elif attention_only:
            q = q.where(f.status.in_(ATTENTION_STATUSES))
        q = q.order_by(rank, f.id).limit(limit + 1).offset(offset)
        if conn is None:
            with self.engine.connect() as own:
                return self._facts(own, q, limit, offset)
        return self._facts(conn, q, limit, offset)

    def fact(self, fid: str) -> dict | None:
        f = S.facts.c
        with self.engine.connect() as conn:
            page = self._facts(conn, select(f.id, f.description, f.status).where(f.id == fid), 1, 0)
        return page.items[0] if page.items else None

    def _facts(self, conn: Connection, query: Any, limit: int, offset: int) -> Page:
        rows = [dict(r._mapping) for r in conn.execute(query)]
        ids = [r["id"] for r in rows[:limit]]
        c, d = S.claims.c, S.documents.c
        claims: dict[str, list[dict]] = defaultdict(list)
        if ids:
            for r in conn.execute(
                    select(c.fact_id, c.document_id, c.start, c.end, c.text, c.value, c.low, c.high, c.qualifier,
                           d.outlet, d.published, d.title)
                    .join(S.documents, d.id == c.document_id).where(c.fact_id.in_(ids))
                    # in date order, undated claims last: they are never placed at a guessed day
                    .order_by(c.fact_id, d.published.is_(None), d.published, d.outlet, c.document_id, c.start)):
                claim = dict(r._mapping)
                for k in ("value", "low", "high"):
                    claim[k] = number(claim[k])
                claims[claim["fact_id"]].append(claim)
            self._contexts(conn, [c for group in claims.values() for c in group])
        for r in rows:
            r["claims"] = claims.get(r["id"], [])
        return _page(rows, limit, offset)

    # --- timeline ---------------------------------------------------------------------------
    def timeline(self, limit: int | None = None, offset: int | None = None, since: str | None = None,
                 until: str | None = None) -> Page:
        """Dates mentioned in the articles and publication dates, in date order."""
        limit, offset = clamp(limit, offset)
        dt, d = S.dates.c, S.documents.c
        mentioned = select(dt.normalized.label("day"), literal("mentioned").label("kind"),
                           dt.document_id.label("document_id"), dt.start.label("start"), dt.end.label("end"),
                           dt.text.label("text")).where(dt.normalized.is_not(None))
        published = select(d.published.label("day"), literal("published").label("kind"), d.id.label("document_id"),
                           literal(-1).label("start"), literal(-1).label("end"),
                           func.coalesce(d.title, "").label("text")).where(d.published.is_not(None))
        if since:
            mentioned, published = mentioned.where(dt.normalized >= since), published.where(d.published >= since)
        if until:
            mentioned = mentioned.where(dt.normalized <= until + "~")
            published = published.where(d.published <= until + "~")
        u = union_all(mentioned, published).subquery()
        q = (select(u).order_by(u.c.day, u.c.kind.desc(), u.c.document_id, u.c.start)
             .limit(limit + 1).offset(offset))
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
            meta = self._doc_meta(conn, [r["document_id"] for r in rows[:limit]])
            for r in rows[:limit]:
                r["doc"] = meta.get(r["document_id"], {})
            self._contexts(conn, [r for r in rows[:limit] if r["kind"] == "mentioned"])
        return _page(rows, limit, offset)

    # --- search -----------------------------------------------------------------------------
    def search(self, query: str, limit: int | None = None, offset: int | None = None) -> SearchView:
        """Entities by name or alias, then documents and quotes having every word (full text)."""
        limit, offset = clamp(limit or 20, offset)
        offset = min(offset, SEARCH_DEPTH)  # the store's search has no offset: it fetches offset + limit rows
        words = fts.query_words(query)
        out: SearchView = {"query": query, "words": words, "entities": [], "documents": [], "quotes": [],
                               "offset": offset, "limit": limit, "has_more": False}
        if not query.strip():
            return out
        with self.engine.connect() as conn:
            e, a = S.entities.c, S.entity_aliases.c
            pattern = "%" + query.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            hit = or_(func.lower(e.name).like(pattern, escape="\\"), e.id.in_(
                select(a.entity_id).where(func.lower(a.alias).like(pattern, escape="\\"))))
            out["entities"] = [dict(r._mapping) for r in conn.execute(
                select(e.id, e.name, e.type).where(hit).order_by(func.length(e.name), e.name, e.id).limit(20))]
            if not words:
                return out
            # the store's search has no offset: ask for one page more than needed and slice
            doc_ids = fts.document_ids(self.engine, query, offset + limit + 1)
            keys = fts.quote_keys(self.engine, query, offset + limit + 1)
            out["has_more"] = len(doc_ids) > offset + limit or len(keys) > offset + limit
            doc_ids, keys = doc_ids[offset:offset + limit], keys[offset:offset + limit]
            meta = self._doc_meta(conn, doc_ids + [k[0] for k in keys])
            d = S.documents.c
            for doc_id in doc_ids:
                body = conn.execute(select(d.body).where(d.id == doc_id)).scalar() or ""
                start, end = fts.locate(body, words)
                a_, b_ = max(0, start - CONTEXT), min(len(body), end + CONTEXT)
                # widen to whole words so the snippet never starts or ends inside one
                while a_ > 0 and not body[a_ - 1].isspace():
                    a_ -= 1
                while b_ < len(body) and not body[b_].isspace():
                    b_ += 1
                out["documents"].append({**meta.get(doc_id, {"id": doc_id}), "start": start, "end": end,
                                         "snippet": body[a_:b_], "clipped_left": a_ > 0,
                                         "clipped_right": b_ < len(body)})
            q = S.quotes.c
            for doc_id, pos in keys:
                r = conn.execute(select(S.quotes).where(and_(q.document_id == doc_id, q.position == pos))).first()
                if r is not None:
                    quote = dict(r._mapping)
                    quote["doc"] = meta.get(doc_id, {})
                    out["quotes"].append(quote)
            names = self._names(conn, [x["speaker_entity"] for x in out["quotes"]])
            for x in out["quotes"]:
                x["speaker_name"] = names.get(x["speaker_entity"], {}).get("name")
        return out

    # --- network ----------------------------------------------------------------------------
    def network(self, type_: str | None = None, outlet: str | None = None, size: int | None = None) -> NetworkView:
        """The biggest actors (optionally one type, one outlet's documents) and the edges
        between them: relations stated in a sentence, and co-mention in one document."""
        size = max(2, min(size or NETWORK_NODES, 200))
        snap = self.snapshot()
        key = (type_, outlet, size)
        if key in snap.networks:
            return snap.networks[key]
        m, d, r = S.mentions.c, S.documents.c, S.relations.c
        with self.engine.connect() as conn:
            if outlet:
                nodes = [dict(x._mapping) for x in conn.execute(
                    select(S.entities.c.id, S.entities.c.name, S.entities.c.type,
                           func.count().label("mentions"), func.count(distinct(m.document_id)).label("documents"))
                    .join(S.mentions, m.entity_id == S.entities.c.id).join(S.documents, d.id == m.document_id)
                    .where(d.outlet == outlet, *([S.entities.c.type == type_] if type_ else []))
                    .group_by(S.entities.c.id, S.entities.c.name, S.entities.c.type)
                    .order_by(func.count(distinct(m.document_id)).desc(), func.count().desc(), S.entities.c.id)
                    .limit(size))]
            else:
                nodes = [e for e in snap.ranking if not type_ or e["type"] == type_][:size]
            ids = [n["id"] for n in nodes]
            edges: dict[tuple[str, str], dict] = {}
            if ids:
                pairs = select(m.document_id, m.entity_id).where(m.entity_id.in_(ids)).distinct()
                if outlet:
                    pairs = pairs.join(S.documents, d.id == m.document_id).where(d.outlet == outlet)
                a, b = pairs.subquery("a"), pairs.subquery("b")
                for x, y, n in conn.execute(
                        select(a.c.entity_id, b.c.entity_id, func.count())
                        .join(b, and_(a.c.document_id == b.c.document_id, a.c.entity_id < b.c.entity_id))
                        .group_by(a.c.entity_id, b.c.entity_id)):
                    edges[(x, y)] = {"source": x, "target": y, "comentions": n, "relations": []}
                rel = select(r.subject_entity, r.predicate, r.object_entity, func.count()).where(
                    r.subject_entity.in_(ids), r.object_entity.in_(ids), r.subject_entity != r.object_entity)
                if outlet:
                    rel = rel.join(S.documents, d.id == r.document_id).where(d.outlet == outlet)
                for s_, p_, o_, n in conn.execute(rel.group_by(r.subject_entity, r.predicate, r.object_entity)):
                    k = (min(s_, o_), max(s_, o_))
                    edge = edges.setdefault(k, {"source": k[0], "target": k[1], "comentions": 0, "relations": []})
                    edge["relations"].append({"subject": s_, "predicate": p_, "object": o_, "count": n})
        result = {"nodes": nodes, "edges": sorted(edges.values(), key=lambda e: (e["source"], e["target"])),
                  "types": snap.types, "outlets": [o["outlet"] for o in snap.outlets if o["outlet"]][:100],
                  "filter": {"type": type_, "outlet": outlet, "size": size}}
        snap.networks[key] = result
        return result

    # --- compare ----------------------------------------------------------------------------
    def compare(self, a: str, b: str) -> DocumentComparison | None:
        """Two documents: actors and facts both report, those that conflict, and each one's own."""
        da, db_ = self.document(a), self.document(b)
        if da is None or db_ is None:
            return None
        ents = {k: {m["entity_id"] for m in x["mentions"] if m["entity_id"]} for k, x in (("a", da), ("b", db_))}
        names = {**da["entities"], **db_["entities"]}

        facts: dict[str, dict] = {}
        for side, x in (("a", da), ("b", db_)):
            for c in x["claims"]:
                fact = facts.setdefault(c["fact_id"], {"id": c["fact_id"], "description": c["description"],
                                                      "status": c["status"], "a": [], "b": []})
                fact[side].append({k: number(c[k]) if k in ("value", "low", "high") else c[k]
                                   for k in ("start", "end", "text", "value", "low", "high", "qualifier")})
        verdict: dict[str, str] = {}
        for fid, f in facts.items():
            verdict[fid] = f["verdict"] = _verdict(f)
        order = VERDICT_ORDER
        return {"a": da, "b": db_,
                "entities": _sides(names, ents["a"], ents["b"]),
                "facts": sorted(facts.values(), key=lambda f: (order[f["verdict"]], f["description"], f["id"])),
                "verdict": verdict, "shared_entities": ents["a"] & ents["b"]}

    def compare_outlets(self, a: str, b: str, limit: int = 1000) -> OutletComparison | None:
        """Two outlets: the facts both report (same figure or not), each one's own, and the
        actors each names (the 300 in most of its documents)."""
        known = {o["outlet"]: o["documents"] for o in self.snapshot().outlets if o["outlet"]}
        if a not in known or b not in known:
            return None
        c, d, f, m = S.claims.c, S.documents.c, S.facts.c, S.mentions.c
        with self.engine.connect() as conn:
            facts: dict[str, dict] = {}
            for r in conn.execute(
                    select(c.fact_id, d.outlet, c.document_id, c.start, c.end, c.text, c.value, c.low, c.high,
                           c.qualifier, d.published, f.description, f.status)
                    .join(S.documents, d.id == c.document_id).join(S.facts, f.id == c.fact_id)
                    .where(d.outlet.in_([a, b])).order_by(c.fact_id, d.published, c.document_id).limit(limit)):
                fact = facts.setdefault(r.fact_id, {"id": r.fact_id, "description": r.description,
                                                    "status": r.status, "a": [], "b": []})
                claim = {"document_id": r.document_id, "start": r.start, "end": r.end, "text": r.text,
                         "value": number(r.value), "low": number(r.low), "high": number(r.high),
                         "qualifier": r.qualifier, "published": r.published}
                for side, outlet in (("a", a), ("b", b)):
                    if r.outlet == outlet:
                        fact[side].append(claim)
            actors = {}
            for side, outlet in (("a", a), ("b", b)):
                actors[side] = {eid: n for eid, n in conn.execute(
                    select(m.entity_id, func.count(distinct(m.document_id)))
                    .join(S.documents, d.id == m.document_id).where(d.outlet == outlet, m.entity_id.is_not(None))
                    .group_by(m.entity_id).order_by(func.count(distinct(m.document_id)).desc(), m.entity_id)
                    .limit(300))}
            names = self._names(conn, list(actors["a"]) + list(actors["b"]))
        for fact in facts.values():
            fact["verdict"] = _verdict(fact)

        sa, sb = set(actors["a"]), set(actors["b"])
        return {"a": {"outlet": a, "documents": known[a]}, "b": {"outlet": b, "documents": known[b]},
                "facts": sorted(facts.values(), key=lambda x: (VERDICT_ORDER[x["verdict"]], x["description"], x["id"])),
                "entities": _sides(names, sa, sb),
                "truncated": sum(len(x["a"]) + len(x["b"]) for x in facts.values()) >= limit, "claims_limit": limit}

    # --- curation log -----------------------------------------------------------------------
    def decisions(self, limit: int = 50) -> list[dict]:
        c = S.curation.c
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(
                select(S.curation).order_by(c.created.desc(), c.id).limit(limit))]
        for r in rows:
            r["args"] = json.loads(r["args"])
        return rows
