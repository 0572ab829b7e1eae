"""A fact's timeline chart (report/chart.py): one mark per claim with a figure, undated claims in
their own column, conflict marks only where claims of the same or next day cannot both hold,
every text escaped, and well-formed SVG."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from storyline.present.chart import claim_point, conflicting, layout, timeline_svg

SVG_NS = "{http://www.w3.org/2000/svg}"


def claim(value=None, published="2024-03-04", outlet="Harbour Gazette", qualifier="exact", low=None, high=None,
          text=""):
    return {"value": value, "low": low, "high": high, "qualifier": qualifier, "published": published,
            "outlet": outlet, "text": text}


def svg_of(markup: str) -> ET.Element:
    """The <svg> element of the chart's <figure>, parsed as XML: unescaped text would not parse."""
    figure = ET.fromstring(str(markup))
    return figure.find(SVG_NS + "svg")


def marks(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(SVG_NS + "g") if "mark" in (g.get("class") or "").split()]


def test_one_mark_per_claim_with_a_figure():
    claims = [claim(12), claim(12, outlet="Valley Courier"), claim(15, published="2024-03-05"),
              claim(low=20, high=30, qualifier="range", published="2024-03-09"), claim(None, qualifier="vague")]
    root = svg_of(timeline_svg(claims, "evolving"))
    assert len(marks(root)) == 4
    shapes = [g.get("class").split()[1] for g in marks(root)]
    assert shapes.count("mark-range") == 1 and shapes.count("mark-point") == 3
    assert "without a figure" in ET.tostring(ET.fromstring(str(timeline_svg(claims))), encoding="unicode")


def test_same_day_same_figure_marks_do_not_hide_each_other():
    chart = layout([claim_point(claim(40, outlet=f"Outlet {i}")) for i in range(5)])
    xs = sorted(m.x for m in chart.marks)
    assert all(b - a >= 8 for a, b in zip(xs, xs[1:]))


def test_unknown_dates_are_drawn_apart_never_on_a_guessed_day():
    claims = [claim(7, published="2024-03-01"), claim(9, published="2024-03-10"), claim(8, published=None),
              claim(8, published="2024-03")]  # a month alone is not a day either
    chart = layout([claim_point(c) for c in claims])
    dated = [m for m in chart.marks if m.dated]
    undated = [m for m in chart.marks if not m.dated]
    assert len(dated) == 2 and len(undated) == 2
    right = chart.plot[2]
    assert all(m.x < right for m in dated) and all(m.x > right for m in undated)
    root = svg_of(timeline_svg(claims))
    assert any(t.text == "date unknown" for t in root.iter(SVG_NS + "text"))
    assert sum("mark-undated" in g.get("class") for g in marks(root)) == 2


def test_conflict_only_between_claims_of_the_same_or_next_day():
    points = [claim_point(c) for c in (
        claim(30, published="2024-05-01"), claim(45, published="2024-05-02", outlet="Valley Courier"),
        claim(30, published="2024-05-01", qualifier="more_than", outlet="North Wire"),  # compatible with 45
        claim(80, published="2024-05-09"),  # a week later: a change, not a contradiction
        claim(12, published=None), claim(99, published=None))]  # undated: no moment to contradict
    assert conflicting(points) == [True, True, False, False, False, False]
    ranges = [claim_point(claim(low=10, high=20, qualifier="range")), claim_point(claim(15)),
              claim_point(claim(16, qualifier="approx"))]
    assert conflicting(ranges) == [False, False, False]


def test_conflict_marks_only_on_conflict_facts():
    claims = [claim(30), claim(45, outlet="Valley Courier")]
    red = [g for g in marks(svg_of(timeline_svg(claims, "conflict"))) if "mark-conflict" in g.get("class")]
    assert len(red) == 2
    assert not [g for g in marks(svg_of(timeline_svg(claims, "agree"))) if "mark-conflict" in g.get("class")]


def test_hostile_outlet_and_claim_text_stay_text():
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    claims = [claim(3, outlet=evil, text=evil), claim(4, outlet="javascript:alert(3)", published=evil)]
    markup = str(timeline_svg(claims, "conflict", href=lambda c: "/documents/d1#at-0"))
    assert "<script" not in markup and "<img" not in markup and "onerror=" not in markup.replace("onerror=alert", "")
    root = svg_of(markup)
    titles = [t.text for t in root.iter(SVG_NS + "title")]
    assert any(evil in (t or "") for t in titles)  # shown verbatim, as text
    assert all(a.get("href") == "/documents/d1#at-0" for a in root.iter(SVG_NS + "a"))


def test_no_chart_without_figures():
    assert str(timeline_svg([claim(None, qualifier="vague")])) == ""
    assert str(timeline_svg([])) == ""


def test_garbage_rows_from_an_untrusted_export_do_not_break_it():
    rows = [{"value": "12"}, {"value": float("nan")}, {"value": True}, {"low": 5}, {"value": 1e15, "published": 3}]
    root = svg_of(timeline_svg(rows))
    assert len(marks(root)) == 2  # the lone bound and the huge figure


def test_an_evolving_fact_draws_its_trend_through_each_day():
    claims = [claim(10, published="2024-03-01"), claim(14, published="2024-03-01", outlet="Valley Courier"),
              claim(30, published="2024-03-04"), claim(55, published="2024-03-09"), claim(60, published=None)]
    root = svg_of(timeline_svg(claims, "evolving"))
    trend = [p for p in root.iter(SVG_NS + "polyline") if p.get("class") == "tl-trend"]
    assert len(trend) == 1 and len(trend[0].get("points").split()) == 3  # three dated days, undated left out
    assert not [p for p in svg_of(timeline_svg(claims, "agree")).iter(SVG_NS + "polyline")]
