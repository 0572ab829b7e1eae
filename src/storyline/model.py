"""The records passed between stages: ingest -> clean -> analyze -> resolve -> store.

Every record is a frozen dataclass of plain values so that it can cross a process boundary
unchanged. Offsets (``start``/``end``) always index the cleaned ``body`` of their document,
Python ``str`` indices, end exclusive: ``body[start:end] == text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


# --- ingest ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RawArticle:
    """One input as it arrived: text or HTML plus whatever metadata the source carried."""

    source: str  # path or URL, with "#N" appended for the N-th record of a multi-record file
    content: str
    format: str  # "text" | "html"
    title: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD when the source says
    outlet: str | None = None


@dataclass(frozen=True)
class Failure:
    """An input that did not become a document, with a one-line reason naming it."""

    source: str
    reason: str


# --- clean ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RemovedLine:
    text: str
    reason: str


@dataclass(frozen=True)
class CleanDocument:
    id: str
    source: str
    body: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    removed_lines: tuple[RemovedLine, ...] = ()
    duplicate_of: str | None = None
    # near-duplicate signature (clean/dedup.py), computed where the document is cleaned
    shingles: int = 0
    signature: bytes = b""


# --- analyze (per document) -----------------------------------------------------------------
@dataclass(frozen=True)
class Mention:
    """A name in the body. ``key`` is the fullest form of the actor within this document
    (within-document coreference: "Hamron" -> "Sobirali Hamron"); ``aliases`` are other names
    the document itself declares for it (acronyms, "known as", former names)."""

    start: int
    end: int
    text: str
    label: str  # PERSON|ORG|GPE|LOC|NORP|FAC|EVENT|OTHER
    key: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str  # the quoted words without the quote marks
    kind: str  # direct | indirect
    speaker_text: str | None = None  # the name or description of who said it, as written
    speaker_start: int | None = None  # offsets of a named speaker's mention, when there is one
    speaker_end: int | None = None
    speaker_role: str | None = None


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # exact|approx|at_least|more_than|at_most|less_than|range|vague
    counted: str | None = None


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    normalized: str | None  # YYYY | YYYY-MM | YYYY-MM-DD | YYYY/YYYY | None


@dataclass(frozen=True)
class Relation:
    subject_start: int
    subject_end: int
    predicate: str
    object_start: int
    object_end: int
    start: int  # the evidence sentence
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True)
class DocumentAnalysis:
    document_id: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    relations: tuple[Relation, ...] = ()
    errors: tuple[str, ...] = ()  # extractors that failed on this document, with the reason


# --- resolve (across documents) -------------------------------------------------------------
@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why its names were merged


@dataclass(frozen=True)
class Claim:
    document: str
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    published: str | None = None


@dataclass
class Fact:
    id: str
    description: str
    status: str  # agree|conflict|evolving|single
    claims: list[Claim] = field(default_factory=list)


@dataclass
class Story:
    id: str
    label: str
    documents: list[str] = field(default_factory=list)
