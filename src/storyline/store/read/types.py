"""Store stage, read model: the shapes of the rows every view reads, typed once.

Rows are dicts typed as ``TypedDict``s rather than dataclasses on purpose: every consumer turns
them into JSON (the export, the web API, ``--json``), a CSV line, a DataFrame or a template's
fields, and a dict is already each of those, so there is no conversion layer to keep in step
with the contract. The names are the export contract's (docs/export.md); offsets are character
offsets into the document's ``body``."""
from __future__ import annotations

from typing import Any, NotRequired, TypedDict

Number = float | int | None  # whole numbers read as ints (2000, not 2000.0)


class DocumentRow(TypedDict):
    id: str
    source: str
    outlet: str | None
    title: str | None
    published: str | None  # ISO date
    language: str | None
    body: str
    removed_lines: NotRequired[list[str]]  # the lines cleaning removed; not in lookups' answers
    duplicate_of: str | None


class EntityRow(TypedDict):
    id: str
    name: str
    type: str  # a code of vocab.ENTITY_TYPES
    aliases: list[str]
    documents: list[str]
    mentions_count: int
    reasons: list[str]  # why its names were merged, and analysts' decisions


class MentionRow(TypedDict):
    entity: str | None  # None: a name the resolution left unattached
    document: str
    start: int
    end: int
    text: str
    label: NotRequired[str]  # the type the document's reading gave it (Python API only)


class QuoteRow(TypedDict):
    document: str
    position: NotRequired[int]  # its order in the document (Python API only)
    start: int
    end: int
    text: str
    kind: str  # direct or indirect
    speaker: str | None
    speaker_text: str | None
    speaker_role: str | None


class NamedQuoteRow(QuoteRow):
    speaker_name: str | None


class _Figure(TypedDict):
    """A number as one article states it."""

    document: str
    start: int
    end: int
    text: str
    value: Number
    low: Number
    high: Number
    qualifier: str | None  # a code of the contract's qualifiers (exact, approx, at_least...)


class QuantityRow(_Figure):
    counted: str | None


class QuantityNear(QuantityRow):
    fact: str | None
    status: str | None


class DateRow(TypedDict):
    document: str
    start: int
    end: int
    text: str
    normalized: str | None


class RelationRow(TypedDict):
    document: str
    subject: str
    predicate: str
    object: str
    start: int
    end: int


class NamedRelationRow(RelationRow):
    subject_name: str | None
    object_name: str | None


class ClaimRow(_Figure):
    outlet: str | None
    published: str | None


class FactRow(TypedDict):
    id: str
    description: str
    status: str  # a code of vocab.FACT_STATUSES
    claims: list[ClaimRow]


class StoryRow(TypedDict):
    id: str
    label: str
    documents: list[str]


class FailureRow(TypedDict):
    source: str
    reason: str


class SentenceRow(TypedDict):
    document: str
    start: int
    end: int


class EntityProfile(TypedDict):
    entity: EntityRow
    documents: list[dict[str, Any]]  # id, title, outlet, published, mentions
    quotes_by: list[NamedQuoteRow]
    quotes_about: list[NamedQuoteRow]
    relations: list[NamedRelationRow]
    numbers: list[QuantityNear]


class Hit(TypedDict):
    kind: str  # document or quote
    document: str
    title: str | None
    outlet: str | None
    published: str | None
    start: int
    end: int
    snippet: str
    speaker: NotRequired[str | None]
    speaker_name: NotRequired[str | None]


class Side(TypedDict):
    """One side of a comparison: a document, or an outlet's documents."""

    id: str
    source: str | None
    outlet: str | None
    title: str | None
    published: str | None
    duplicate_of: str | None
    documents: list[str] | None  # an outlet's documents; None for one document


class Comparison(TypedDict):
    a: Side
    b: Side
    entities: dict[str, list[dict[str, Any]]]  # shared, only_a, only_b: id and name
    facts: dict[str, list[dict[str, Any]]]  # shared, only_a, only_b: the fact and each side's claims


# --- the web app's views (store/read/pages.py) ---------------------------------------------------
# The pages keep the store's own column names in their rows (``document_id``, ``speaker_entity``):
# the JSON API has answered under those names since it opened, and its clients read them.
StoredRow = dict[str, Any]


class PageDict(TypedDict):
    items: list[StoredRow]
    offset: int
    limit: int
    has_more: bool
    total: int | None


class Overview(TypedDict):
    counts: dict[str, int]  # rows per table, and facts per status (facts_conflict...)
    outlets: list[dict[str, Any]]  # outlet, documents: the 20 biggest
    outlets_total: int
    by_date: list[dict[str, Any]]  # date, documents: the last 60 dates
    dates_total: int
    top_actors: list[dict[str, Any]]  # id, name, type, mentions, documents
    attention: list[StoredRow]  # facts needing a look (conflicting, evolving), with claims
    attention_more: bool
    latest: list[StoredRow]


class DocumentView(TypedDict):
    document: StoredRow
    sentences: list[StoredRow]
    removed_lines: list[StoredRow]
    mentions: list[StoredRow]
    quotes: list[StoredRow]
    quantities: list[StoredRow]
    dates: list[StoredRow]
    relations: list[StoredRow]
    claims: list[StoredRow]  # with the fact's description and status
    entities: dict[str, dict[str, Any]]  # id -> id, name, type of every actor named
    duplicate_of: StoredRow | None
    stories: list[StoredRow]


class EntityView(TypedDict):
    entity: StoredRow
    aliases: list[dict[str, Any]]  # alias, mentions, outlets (outlet, mentions)
    mentions_total: int
    documents_total: int
    mentions: PageDict  # in context, paged
    documents: list[StoredRow]
    quotes_by: list[StoredRow]
    quotes_about: list[StoredRow]
    relations: list[StoredRow]
    numbers: list[StoredRow]


class SearchView(TypedDict):
    query: str
    words: list[str]
    entities: list[StoredRow]
    documents: list[StoredRow]
    quotes: list[StoredRow]
    offset: int
    limit: int
    has_more: bool


class NetworkView(TypedDict):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]  # source, target, comentions, relations
    types: list[str]
    outlets: list[str]
    filter: dict[str, Any]


class DocumentComparison(TypedDict):
    a: DocumentView
    b: DocumentView
    entities: dict[str, list[dict[str, Any]]]  # shared, only_a, only_b
    facts: list[dict[str, Any]]  # each with its claims on either side and a verdict
    verdict: dict[str, str]  # fact id -> shared, conflicting, unique
    shared_entities: set[str]


class OutletComparison(TypedDict):
    a: dict[str, Any]  # outlet, documents
    b: dict[str, Any]
    facts: list[dict[str, Any]]
    entities: dict[str, list[dict[str, Any]]]
    truncated: bool
    claims_limit: int
