"""Flattening overlapping extraction spans into non-overlapping, offset-exact pieces."""
from __future__ import annotations

from storyline.present.highlight import Span, emitted_anchors, segment_body
from storyline.present.sentences import SentenceIndex

BODY = "“Water rose fast,” said Ana Petrov of Dunmore. About 300 homes flooded.\nNo one was hurt."


def _segments(spans: list[Span]):
    return segment_body(BODY, "d1", spans, SentenceIndex(BODY))


def _at(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def test_pieces_concatenate_to_the_body_exactly() -> None:
    spans = [Span(*_at("Water rose fast"), "quote", "q"), Span(*_at("Ana Petrov"), "mention", "m"),
             Span(*_at("About 300 homes"), "quantity", "n")]
    segments = _segments(spans)
    assert "".join(p.text for s in segments for p in s.pieces) == BODY
    for seg in segments:
        for piece in seg.pieces:
            assert BODY[piece.start:piece.start + len(piece.text)] == piece.text


def test_crossing_spans_are_flattened_with_both_kinds_on_the_overlap() -> None:
    # A quote and a mention that cross (neither contains the other) cannot nest in HTML.
    q, m = _at("rose fast"), _at("fast,” said Ana")
    pieces = [p for s in _segments([Span(*q, "quote", "q"), Span(*m, "mention", "m")]) for p in s.pieces]
    kinds = {p.text: p.kinds for p in pieces if p.kinds}
    assert kinds == {"rose ": ("quote",), "fast": ("quote", "mention"), ",” said Ana": ("mention",)}


def test_one_anchor_per_distinct_start_even_when_spans_share_it() -> None:
    start, end = _at("Ana Petrov")
    spans = [Span(start, end, "mention", "m"), Span(start, start + 3, "quote", "q"),
             Span(*_at("Dunmore"), "mention", "m2")]
    anchors = emitted_anchors(_segments(spans))
    assert anchors == {f"d-d1-{start}", f"d-d1-{BODY.index('Dunmore')}"}


def test_spans_crossing_a_sentence_boundary_are_split_per_sentence() -> None:
    span = Span(*_at("flooded.\nNo one"), "quote", "q")
    # The newline between the sentences belongs to no sentence: it is its own gap segment.
    segments = [s for s in _segments([span]) if any(p.kinds for p in s.pieces)]
    assert [s.sentence for s in segments] == [True, False, True]
    marked = [p for s in segments for p in s.pieces if p.kinds]
    assert marked[0].anchor == f"d-d1-{span.start}" and [p.anchor for p in marked[1:]] == [None, None]


def test_invalid_spans_are_ignored() -> None:
    spans = [Span(-3, 2, "mention", "x"), Span(5, 5, "mention", "x"), Span(40, 10_000, "date", "x"),
             Span(9, 4, "quote", "x")]
    segments = _segments(spans)
    assert emitted_anchors(segments) == set()
    assert all(not p.kinds for s in segments for p in s.pieces)
