"""Presentation (web app and report): turn a body plus overlapping extraction spans into flat, renderable pieces.

Extractions overlap freely (a mention inside a quote, a quantity inside a quote, a quote that runs
across two sentences), and HTML elements must nest. Rather than trying to nest arbitrary spans we
flatten them: every span boundary and every sentence boundary cuts the body, and each resulting
piece carries the set of spans covering it. Pieces never overlap, so the HTML is always well
formed, and the concatenated piece texts are exactly the body (offsets are preserved).

Nothing here produces HTML: the template renders the pieces, so escaping stays with Jinja2.
"""
from __future__ import annotations

from dataclasses import dataclass

from storyline.present.sentences import SentenceIndex

# Paint order of span kinds; also the order their classes and labels appear on a piece.
KIND_ORDER: tuple[str, ...] = ("quote", "mention", "quantity", "date", "claim", "relation")


@dataclass(frozen=True)
class Span:
    """One extraction to mark in a body: offsets, a kind (CSS class) and a hover label."""

    start: int
    end: int
    kind: str
    label: str


@dataclass(frozen=True)
class Piece:
    """A run of body text covered by the same set of spans; ``anchor`` is set where spans begin."""

    text: str
    start: int
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    anchor: str | None = None


@dataclass(frozen=True)
class Segment:
    """A sentence (``sentence`` True) or the text between sentences, as a list of pieces."""

    start: int
    end: int
    sentence: bool
    pieces: tuple[Piece, ...]


def anchor_id(doc_key: str, start: int) -> str:
    """The element id of the extraction starting at ``start``; links use ``#`` + this."""
    return f"d-{doc_key}-{start}"


def valid_spans(spans: list[Span], length: int) -> list[Span]:
    """Spans that fit inside a body of ``length`` characters and are not empty, in paint order."""
    kept = [s for s in spans if 0 <= s.start < s.end <= length]
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(set(kept), key=lambda s: (s.start, -s.end, rank.get(s.kind, len(rank)), s.label))


def _boundaries(length: int, spans: list[Span], sentences: list[tuple[int, int]]) -> list[int]:
    points = {0, length}
    for span in spans:
        points.update((span.start, span.end))
    for start, end in sentences:
        points.update((start, end))
    return sorted(points)


def _pieces(body: str, doc_key: str, spans: list[Span], cuts: list[int]) -> list[Piece]:
    """Sweep the cut points once, keeping the spans that cover each run between two cuts."""
    pieces: list[Piece] = []
    active: list[Span] = []
    pending = 0  # index of the next span (spans are sorted by start) not yet opened
    for left, right in zip(cuts, cuts[1:]):
        active = [s for s in active if s.end > left]
        opened = False
        while pending < len(spans) and spans[pending].start == left:
            active.append(spans[pending])
            pending += 1
            opened = True
        covering = _cover_order(active)
        pieces.append(
            Piece(
                text=body[left:right],
                start=left,
                kinds=tuple(dict.fromkeys(s.kind for s in covering)),
                labels=tuple(dict.fromkeys(s.label for s in covering if s.label)),
                anchor=anchor_id(doc_key, left) if opened else None,
            )
        )
    return pieces


def _cover_order(spans: list[Span]) -> list[Span]:
    """Spans covering one piece, by kind first so a piece's classes read the same everywhere."""
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(spans, key=lambda s: (rank.get(s.kind, len(rank)), s.start, -s.end, s.label))


def segment_body(body: str, doc_key: str, spans: list[Span], sentences: SentenceIndex) -> list[Segment]:
    """Cut ``body`` into sentence segments made of pieces; see the module docstring."""
    good = valid_spans(spans, len(body))
    pieces = _pieces(body, doc_key, good, _boundaries(len(body), good, sentences.spans))
    segments: list[Segment] = []
    for piece in pieces:
        bounds = sentences.around(piece.start)
        start, end = bounds if bounds else (piece.start, piece.start + len(piece.text))
        last = segments[-1] if segments else None
        if last is not None and last.sentence == bool(bounds) and (last.start, last.end) == (start, end):
            segments[-1] = Segment(start, end, last.sentence, last.pieces + (piece,))
        else:
            segments.append(Segment(start, end, bool(bounds), (piece,)))
    return segments


def emitted_anchors(segments: list[Segment]) -> set[str]:
    """Every anchor id the rendered body will contain."""
    return {p.anchor for seg in segments for p in seg.pieces if p.anchor}
