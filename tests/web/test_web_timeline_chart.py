"""End-to-end on a dev-set build: the facts board, a fact's page and the offline report draw each
fact's timeline chart, one mark per claim with a figure, undated claims apart (Debian chromium via
Playwright). The story is built as a crawl gives it, one JSON record per article (text, url,
outlet, published), as ``../shared/eval/devset.sh`` does. Without the dev set the test fails,
saying where it should be: it is never skipped."""
from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest
from web_helpers import live_server, screenshot

pytest.importorskip("fastapi", reason="the web app needs fastapi and uvicorn (storyline's dependencies: pip install -e .)")
from storyline.web import create_app

ROOT = Path(__file__).resolve().parents[2]
DEVSET = Path(os.environ.get("STORYLINE_DEVSET", ROOT.parent / "shared" / "devset"))


def _story_dir() -> Path:
    """The first dev-set story (any story will do: the test reads its facts from the build)."""
    stories = sorted(p for p in DEVSET.glob("*/articles.json")) if DEVSET.is_dir() else []
    if not stories:
        pytest.fail(f"the dev set is missing: expected story folders with articles.json under {DEVSET} "
                    "(../shared/devset beside the checkout, or set STORYLINE_DEVSET)", pytrace=False)
    return stories[0].parent


@pytest.fixture(scope="module")
def devset_db(tmp_path_factory) -> str:
    from storyline.pipeline import build

    story = _story_dir()
    folder = tmp_path_factory.mktemp("devset-story")
    records = folder / "in"
    records.mkdir()
    for a in json.loads((story / "articles.json").read_text(encoding="utf-8")):
        rec = {"text": (story / a["file"]).read_text(encoding="utf-8"), "url": a.get("url"),
               "outlet": a.get("outlet"), "published": a.get("published")}
        (records / f"{a['id']}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    db = str(folder / "kb.db")
    build([str(records)], db, workers=1)
    return db


def _json(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path) as r:  # our own server on 127.0.0.1
        return json.load(r)


def _figured(claims: list[dict]) -> list[dict]:
    return [c for c in claims if any(c.get(k) is not None for k in ("value", "low", "high"))]


def test_facts_board_and_fact_page_chart_every_claim(page, devset_db):
    with live_server(create_app(devset_db)) as base:
        facts = _json(base, "/api/facts?limit=25")["items"]
        charted = [f for f in facts if len(f["claims"]) > 1 and _figured(f["claims"])]
        assert charted, "the dev-set story gave no fact with two claims to chart"
        page.goto(base + "/facts")
        page.wait_for_load_state("networkidle")
        screenshot(page, "facts-timeline")
        assert not page.errors, page.errors
        for f in charted:  # the board: one chart per fact with claims to compare, a mark per claim
            card = page.locator(f"article#fact-{f['id']}")
            assert card.locator("svg.tl-chart").count() == 1
            assert card.locator("svg.tl-chart .mark").count() == len(_figured(f["claims"])), f["description"]
        fact = max(charted, key=lambda f: len(f["claims"]))
        page.goto(f"{base}/facts/{fact['id']}")
        page.wait_for_load_state("networkidle")
        screenshot(page, "fact-timeline")
        chart = page.locator("svg.tl-chart")
        assert chart.count() == 1 and chart.is_visible()
        figured = _figured(fact["claims"])
        assert chart.locator(".mark").count() == len(figured)
        undated = [c for c in figured if not c.get("published")]
        assert chart.locator(".mark.mark-undated").count() == len(undated)
        assert (chart.locator("text.tl-unknown").count() == 1) == bool(undated)
        # every mark names its outlet and links to the claim's sentence
        titles = chart.locator(".mark title").all_text_contents()
        assert sorted(t.split(" · ")[0] for t in titles) == sorted(c["outlet"] or "unknown outlet" for c in figured)
        hrefs = chart.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert sorted(hrefs) == sorted(f"/documents/{c['document_id']}#at-{c['start']}" for c in figured)
        box = chart.bounding_box()
        assert box["width"] >= 400 and box["height"] >= 100  # legible, not a thumbnail


def test_offline_report_charts_the_same_facts(page, devset_db, tmp_path):
    from storyline.export.contract import build_export
    from storyline.report.render import write_report
    from storyline.store.db import Store

    export = build_export(Store(devset_db, create=False))
    report = tmp_path / "report.html"
    write_report(export, report)
    page.goto(report.as_uri())
    page.wait_for_load_state("networkidle")
    assert not page.errors, page.errors
    charted = [f for f in export["facts"] if len(f["claims"]) > 1 and _figured(f["claims"])]
    assert charted  # a dev-set story has facts with several figured claims
    for f in charted:
        anchor = "fact-" + "".join(ch if ch.isalnum() or ch in "_.:-" else "_" for ch in str(f["id"]))
        marks = page.locator(f"[id='{anchor}'] svg.tl-chart .mark")
        assert marks.count() == len(_figured(f["claims"])), f["description"]
    screenshot(page, "report-timeline")
