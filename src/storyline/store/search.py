"""Store stage: full-text search over document bodies and quotes, one behaviour on two engines.

SQLite answers from the FTS5 tables (porter stemmer), PostgreSQL from GIN-indexed
``to_tsvector('english', ...)`` expressions (Snowball stemmer). Both get the same query: the
words of the user's text, stop words dropped, all required. Hits are cited in Python — the
first matching word's offsets in the body — so a result looks the same on either engine."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, text

from storyline.store.migrations import PG_DOCUMENT_VECTOR, PG_QUOTE_VECTOR

WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_CONTEXT = 70  # characters either side of the first hit

# PostgreSQL's 'english' configuration drops these from a query; SQLite's FTS5 has no stop
# list, so they are dropped here too, for both engines to require the same words
STOP_WORDS: frozenset[str] = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own s same she should so some such t than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with you your yours yourself yourselves""".split()
)


@dataclass(frozen=True)
class Hit:
    kind: str  # document | quote
    document_id: str
    position: int | None  # the quote's position in its document; None for a document hit
    start: int  # the first matching word, in the document body
    end: int
    snippet: str


def query_words(query: str) -> list[str]:
    """The words a query requires, lower-cased, stop words and duplicates dropped."""
    seen: list[str] = []
    for w in WORD.findall(query.lower()):
        if w not in STOP_WORDS and w not in seen:
            seen.append(w)
    return seen


def _fts5_query(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _matches(engine: Engine, query: str, limit: int, sqlite_sql: str, postgres_sql: str) -> list[tuple]:
    """Rows of the dialect's full-text query for every word of ``query`` (none without words)."""
    words = query_words(query)
    if not words:
        return []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            return list(conn.execute(text(sqlite_sql), {"q": _fts5_query(words), "n": limit}))
        return list(conn.execute(text(postgres_sql), {"q": " ".join(words), "n": limit}))


def document_ids(engine: Engine, query: str, limit: int = 50) -> list[str]:
    """Ids of the documents whose title or body has every query word, best first."""
    rows = _matches(
        engine, query, limit,
        "SELECT document_id FROM documents_fts WHERE documents_fts MATCH :q "
        "ORDER BY bm25(documents_fts), document_id LIMIT :n",
        f"SELECT id FROM documents WHERE {PG_DOCUMENT_VECTOR} @@ plainto_tsquery('english', :q) "
        f"ORDER BY ts_rank({PG_DOCUMENT_VECTOR}, plainto_tsquery('english', :q)) DESC, id COLLATE \"C\" "
        "LIMIT :n")
    return [r[0] for r in rows]


def quote_keys(engine: Engine, query: str, limit: int = 50) -> list[tuple[str, int]]:
    """(document id, position) of the quotes whose words have every query word, best first."""
    rows = _matches(
        engine, query, limit,
        "SELECT document_id, position FROM quotes_fts WHERE quotes_fts MATCH :q "
        "ORDER BY bm25(quotes_fts), document_id, position LIMIT :n",
        f"SELECT document_id, position FROM quotes WHERE {PG_QUOTE_VECTOR} @@ plainto_tsquery('english', :q) "
        f"ORDER BY ts_rank({PG_QUOTE_VECTOR}, plainto_tsquery('english', :q)) DESC, "
        "document_id COLLATE \"C\", position LIMIT :n")
    return [(r[0], int(r[1])) for r in rows]


def locate(body: str, words: list[str], start: int = 0, end: int | None = None) -> tuple[int, int]:
    """Offsets of the first word in ``body[start:end]`` that begins with a query word (the
    engines stem, so "floods" finds "flooding"); the span start when none is found."""
    end = len(body) if end is None else end
    best: tuple[int, int] | None = None
    for w in words:
        stem = w[:max(3, len(w) - 2)]  # a crude stem: enough to point at the hit, not to decide it
        m = re.compile(r"\b" + re.escape(stem) + r"\w*", re.IGNORECASE).search(body, start, end)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end())
    return best or (start, min(end, start + 1))


def snippet(body: str, start: int, end: int) -> str:
    a, b = max(0, start - SNIPPET_CONTEXT), min(len(body), end + SNIPPET_CONTEXT)
    text_ = " ".join(body[a:b].split())
    return ("…" if a else "") + text_ + ("…" if b < len(body) else "")
