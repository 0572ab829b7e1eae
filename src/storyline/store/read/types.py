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


class QuantityRow(TypedDict):
    document: str
    start: int
    end: int
    text: str
    value: Number
    low: Number
    high: Number
    qualifier: str | None
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


class ClaimRow(TypedDict):
    document: str
    outlet: str | None
    published: str | None
    start: int
    end: int
    text: str
    value: Number
    low: Number
    high: Number
    qualifier: str | None


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
