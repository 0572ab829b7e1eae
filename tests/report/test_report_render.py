"""The offline HTML report: sections, links, escaping, no network, determinism, robustness."""
from __future__ import annotations

import base64
import json
import hashlib
import re
from html import unescape
from typing import Any

import pytest
from report_page import scan

from storyline.report import render_report, write_report
from storyline.present.highlight import anchor_id

SECTIONS = ("overview", "facts", "actors", "quotes", "quantities", "timeline", "documents", "failures")
HOSTILE = ("<script>alert(1)</script> said the minister. "
           "See <img src=x onerror=alert(1)> and <a href=\"javascript:alert(2)\">this link</a>. "
           "Template {{ 7*7 }} and {% if true %}x{% endif %} stay text.")


@pytest.fixture
def html(sample_export: dict[str, Any]) -> str:
    return render_report(sample_export)


def test_every_section_is_present_and_in_the_table_of_contents(html: str) -> None:
    page = scan(html)
    for section in SECTIONS:
        assert section in page.ids
        assert f"#{section}" in page.hrefs


def test_every_internal_link_has_a_target(html: str) -> None:
    page = scan(html)
    ids = set(page.ids)
    internal = [h for h in page.hrefs if h.startswith("#")]
    assert len(internal) > 40
    assert [h for h in internal if h[1:] not in ids] == []
    assert len(ids) == len(page.ids), "element ids must be unique"


def test_every_extracted_item_has_an_anchor_and_a_link(sample_export: dict[str, Any], html: str) -> None:
    page = scan(html)
    ids, hrefs = set(page.ids), set(page.hrefs)
    for key in ("mentions", "quotes", "quantities", "dates"):
        for item in sample_export[key]:
            assert anchor_id(item["document"], item["start"]) in ids, (key, item)
    for key in ("quotes", "quantities", "dates"):
        for item in sample_export[key]:
            assert "#" + anchor_id(item["document"], item["start"]) in hrefs, (key, item)
    assert sample_export["facts"]
    for fact in sample_export["facts"]:
        assert f"fact-{fact['id']}" in ids
        for claim in fact["claims"]:
            start = claim.get("start", sample_export_body(sample_export, claim["document"]).find(claim["text"]))
            assert "#" + anchor_id(claim["document"], start) in hrefs


def sample_export_body(export: dict[str, Any], doc_id: str) -> str:
    return next(d["body"] for d in export["documents"] if d["id"] == doc_id)


def test_highlighted_bodies_reproduce_the_text_exactly(sample_export: dict[str, Any], html: str) -> None:
    # Documents are listed by date; the rendered text must equal each body character for character.
    page = scan(html)
    bodies = sorted(d["body"] for d in sample_export["documents"])
    assert sorted(page.bodies) == bodies


def test_quote_and_mention_in_body_are_marked_with_classes(html: str) -> None:
    assert re.search(r'<mark class="hl hl-quote"[^>]*>We heard the sirens', html)
    assert re.search(r'<mark class="hl hl-mention"[^>]*>Ilse Varga</mark>', html)
    assert re.search(r'<mark class="hl hl-quote hl-date"[^>]*>2019</mark>', html)


def test_conflicts_come_first_and_are_flagged_in_the_overview(html: str) -> None:
    facts = html[html.index('<section id="facts">'):html.index('<section id="actors">')]
    assert facts.index("People evacuated from Vellmark") < facts.index("People killed in the Korsa Dam breach")
    assert facts.index("People killed in the Korsa Dam breach") < facts.index("When the engineer")
    overview = html[html.index('<section id="overview">'):html.index('<section id="facts">')]
    assert "badge-conflict" in overview and "4,000 · 6,000" in overview
    assert "When the engineer" not in overview  # single-source facts need no attention


def test_actors_are_ordered_by_reach_and_show_aliases_and_reasons(html: str) -> None:
    actors = html[html.index('<section id="actors">'):html.index('<section id="quotes">')]
    assert actors.index("Ilse Varga") < actors.index("Tomas Brenner")
    assert "Mayor Varga" in actors and "NWA" in actors
    assert "<details class=\"reasons\">" in actors and "acronym of" in actors


def test_unnamed_speaker_is_shown_with_its_description(html: str) -> None:
    quotes = html[html.index('<section id="quotes">'):html.index('<section id="quantities">')]
    assert '<em class="unnamed">a resident who asked not to be named</em>' in quotes
    assert 'href="#ent-e-varga"' in quotes


def _hostile_export(sample_export: dict[str, Any]) -> dict[str, Any]:
    doc = sample_export["documents"][0]
    doc.update(body=HOSTILE, title="<script>alert('t')</script>", outlet="<b onmouseover=alert(3)>Evil</b>",
               source="javascript:alert(4)", removed_lines=["<script>alert(5)</script>"])
    start = HOSTILE.index("<script>")
    sample_export.update(
        mentions=[{"entity": "e-x", "document": doc["id"], "start": start, "end": start + 8, "text": "<script>"}],
        entities=[{"id": "e-x", "name": "<script>alert(6)</script>", "type": "PERSON",
                   "aliases": ["<img src=x onerror=alert(7)>"], "documents": [doc["id"]],
                   "reasons": ["<script>alert(8)</script>"]}],
        quotes=[], quantities=[], dates=[], relations=[], facts=[],
        failures=[{"source": "javascript:alert(9)", "reason": "<img src=y onerror=alert(10)>"}],
    )
    return sample_export


def test_hostile_article_text_renders_as_inert_text(sample_export: dict[str, Any]) -> None:
    html = render_report(_hostile_export(sample_export))
    page = scan(html)
    assert "<script>alert" not in html
    assert "<img" not in html and "<b onmouseover" not in html
    assert page.tags.count("script") == 1  # ours only
    assert page.srcs == []
    assert not [h for h in page.hrefs if h.strip().lower().startswith("javascript:")]
    assert "alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{{ 7*7 }}" in html and "{% if true %}x{% endif %}" in html  # not evaluated as a template
    assert HOSTILE in page.bodies  # the reader still sees exactly what the article said


def test_no_network_references(html: str) -> None:
    assert not re.search(r"""\bsrc\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"""<link\b[^>]*href\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(https?:)?//""", html, re.I)  # CSS fetches
    assert "@import" not in html
    # A document source URL is shown as text, never followed.
    assert "https://courier.example/vellmark-toll" in html
    assert not any("courier.example" in h for h in scan(html).hrefs)


def test_content_security_policy_admits_exactly_the_inline_assets(html: str) -> None:
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "default-src 'none'" in csp
    for tag in ("style", "script"):
        inner = re.search(rf"<{tag}>(.*?)</{tag}>", html, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(inner.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_rendering_is_deterministic(sample_export: dict[str, Any]) -> None:
    assert render_report(sample_export) == render_report(sample_export)


def test_aliases_differing_only_in_case_are_ordered_by_the_text_not_by_the_set(sample_export: dict[str, Any]) -> None:
    """A set's order changes with the process's hash seed; the page must not: of two spellings
    that differ only in case, the capitalised one comes first, every time."""
    words = ("ministry", "army", "council", "police", "court", "senate", "agency", "navy")
    export = json.loads(json.dumps(sample_export))
    export["entities"][0]["aliases"] = [w for word in words for w in (word, word.title())]
    page = render_report(export)
    assert all(page.index(f">{w.title()}<") < page.index(f">{w}<") for w in words)


def test_write_report_writes_utf8_file(sample_export: dict[str, Any], tmp_path) -> None:
    target = tmp_path / "report.html"
    write_report(sample_export, target)
    assert target.read_text(encoding="utf-8") == render_report(sample_export)


@pytest.mark.parametrize("export", [{}, {"documents": []}, {"documents": None, "facts": "oops"}])
def test_empty_or_malformed_exports_still_render(export: dict[str, Any]) -> None:
    page = scan(render_report(export))
    for section in SECTIONS:
        assert section in page.ids


def test_bad_offsets_do_not_crash_or_dangle(sample_export: dict[str, Any]) -> None:
    doc_id = sample_export["documents"][0]["id"]
    sample_export["quotes"].append({"document": doc_id, "start": 10_000, "end": 10_050, "text": "gone",
                                    "kind": "direct", "speaker": None, "speaker_text": None, "speaker_role": None})
    sample_export["quantities"].append({"document": "no-such-doc", "start": 3, "end": 9, "text": "x",
                                        "value": 1, "low": None, "high": None, "qualifier": "exact", "counted": None})
    sample_export["mentions"].append({"entity": "e-varga", "document": doc_id, "start": 9, "end": 4, "text": ""})
    page = scan(render_report(sample_export))
    ids = set(page.ids)
    assert [h for h in page.hrefs if h.startswith("#") and h[1:] not in ids] == []


def test_duplicate_and_removed_lines_are_shown(sample_export: dict[str, Any]) -> None:
    sample_export["documents"][2]["duplicate_of"] = "doc-courier"
    html = render_report(sample_export)
    original = next(d for d in sample_export["documents"] if d["id"] == "doc-courier")
    label = original.get("outlet") or original.get("title")
    assert f'Near-duplicate of <a href="#doc-doc-courier">{label}</a>' in html  # named, not an id
    assert "Sign up for our morning newsletter" in html
    assert "2 lines removed as boilerplate" in html


def test_given_sentence_boundaries_are_used(sample_export: dict[str, Any]) -> None:
    # With one "sentence" covering the whole first paragraph, the cited context is that paragraph.
    body = sample_export_body(sample_export, "doc-ledger")
    end = body.index("overnight.") + len("overnight.")
    sample_export["sentences"] = [{"document": "doc-ledger", "start": 0, "end": end}]
    html = render_report(sample_export)
    assert "<b>About 4,000 residents</b> were evacuated overnight.</q>" in html
    assert "VELLMARK — The Korsa Dam gave way" in html.split("<b>About 4,000 residents</b>")[0].rsplit("<q", 1)[1]


def test_claim_without_offsets_links_to_the_matching_extraction() -> None:
    body = "Repairs were promised in 2019. By Sunday the toll rose to 19, officials said."
    start = body.index(" 19,") + 1
    export = {
        "documents": [{"id": "a1", "source": "a1.txt", "body": body, "published": "2024-01-02"}],
        "quantities": [{"document": "a1", "start": start, "end": start + 2, "text": "19", "value": 19,
                        "low": None, "high": None, "qualifier": "exact", "counted": "deaths"}],
        "facts": [{"id": "f1", "description": "Deaths", "status": "single",
                   "claims": [{"document": "a1", "text": "19", "value": 19, "low": None, "high": None}]}],
    }
    facts = render_report(export).split('<section id="facts">')[1].split("</section>")[0]
    assert f'href="#d-a1-{start}"' in facts
    assert "By Sunday the toll rose to <b>19</b>, officials said." in facts


def test_actor_network_carries_its_data_inert_and_links_to_actors(sample_export: dict[str, Any]) -> None:
    sample_export["entities"][0]["name"] = "</div><script>alert('n')</script>"
    html = render_report(sample_export)
    raw = re.search(r"data-network='([^']*)'", html).group(1)
    assert "<" not in raw and "</script>" not in html.split("<script>")[0]
    data = json.loads(unescape(raw))
    ids = {n["id"] for n in data["nodes"]}
    assert ids == {e["id"] for e in sample_export["entities"]}
    assert all(n["href"] == "#ent-" + n["id"] for n in data["nodes"])
    assert ("e-korsa", "e-brenner") not in {(e["source"], e["target"]) for e in data["edges"]}
    relation = next(e for e in data["edges"] if e["relations"])
    assert {relation["source"], relation["target"]} == {"e-brenner", "e-korsa"}
    varga_vellmark = next(e for e in data["edges"] if {e["source"], e["target"]} == {"e-varga", "e-vellmark"})
    assert varga_vellmark["comentions"] == 3  # named together in all three reports
