"""Hostile characters in article text: a build never aborts, and what is stored is what is shown.

A lone surrogate (a JSON escape such as "\\ud800", or a file name that is not UTF-8) cannot be
encoded: it must become U+FFFD, not abort the run. Bidirectional overrides and zero-width
characters are removed from bodies and titles (the audit records how many), so a reader never
sees text that differs from the stored, cited text.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyline.clean.article import clean_article
from storyline.ids import document_id, stable_id
from storyline.ingest import iter_inputs
from storyline.ingest.fetch import FetchOptions
from storyline.ingest.sanitize import INVISIBLE, REMOVED_REASON
from storyline.model import CleanDocument, Failure, RawArticle

OFFLINE = FetchOptions(enabled=False)
STORY = ("The river authority opened the new flood gates at Marrow Bend on Monday, two weeks after "
         "the spring floods, its director Hana Oduya said.")


def _jsonl(path: Path, texts: list[str]) -> None:
    # json.dumps escapes a lone surrogate as "\ud800": exactly what a scraper writes
    path.write_text("".join(json.dumps({"title": f"Flood gates {i}", "text": t}) + "\n" for i, t in enumerate(texts)),
                    encoding="ascii")


def test_lone_surrogate_escape_in_jsonl_becomes_a_document_and_the_build_completes(tmp_path: Path) -> None:
    from storyline.pipeline import build

    feed = tmp_path / "crawl.jsonl"
    _jsonl(feed, [STORY, STORY.replace("Monday", "Monday \ud800 and \udfff"), STORY.replace("river", "lake")])
    summary = build([str(feed)], str(tmp_path / "kb.db"), workers=1, fetch=OFFLINE)
    assert summary.documents == 3 and not summary.failures
    (second,) = [r for r in iter_inputs([str(feed)], fetch=OFFLINE) if "Monday" in r.content and "\ufffd" in r.content]
    assert "Monday \ufffd and \ufffd" in second.content  # type: ignore[union-attr]


def test_file_name_that_is_not_utf8_is_read_and_labelled(tmp_path: Path) -> None:
    from storyline.pipeline import build

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "ok.txt").write_text(STORY, encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as fh:  # latin-1 name
        fh.write(STORY.replace("Monday", "Tuesday").encode("utf-8"))
    summary = build([str(folder)], str(tmp_path / "kb.db"), workers=1, fetch=OFFLINE)
    assert summary.documents == 2 and not summary.failures
    labels = [r.source for r in iter_inputs([str(folder)], fetch=OFFLINE)]
    assert any(label.endswith("caf\ufffd.txt") for label in labels)


def test_stable_id_accepts_a_lone_surrogate() -> None:
    assert stable_id("doc", "a\ud800b") == stable_id("doc", "a\ud800b") != stable_id("doc", "a\ufffdb")
    assert document_id("x \ud800") .startswith("doc_")


@pytest.mark.parametrize("fmt, content", [
    ("text", "Sluice \u202eetad\u202c works\n\n" + STORY.replace("gates", "ga\u200btes\u2066 \u2069")),
    ("html", "<html><head><title>Sluice &#x202e;etad&#x202c; works</title></head><body><article><h1>Sluice "
             "&#x202E;etad&#x202C; works</h1><p>" + STORY.replace("gates", "ga&#8203;tes\u00ad") + "</p>"
             "<p>" + STORY.replace("Monday", "Friday") + "</p></article></body></html>"),
])
def test_bidi_overrides_and_zero_width_characters_are_removed_and_audited(fmt: str, content: str) -> None:
    doc = clean_article(RawArticle(source=f"sluice.{fmt}", content=content, format=fmt))
    assert isinstance(doc, CleanDocument), doc
    shown = "".join([doc.body, doc.title or "", doc.outlet or ""])
    assert not set(shown) & INVISIBLE
    assert "flood gates at Marrow Bend" in doc.body
    assert doc.title is not None and "etad" in doc.title
    audit = [r.text for r in doc.removed_lines if r.reason == REMOVED_REASON]
    assert len(audit) == 1 and "U+202E RIGHT-TO-LEFT OVERRIDE x" in audit[0]


def test_nul_and_controls_in_json_text_never_reach_the_store(tmp_path: Path) -> None:
    feed = tmp_path / "dump.jsonl"
    _jsonl(feed, [STORY.replace("Monday", "Mon\x00day\x1b[31m")])
    (raw,) = list(iter_inputs([str(feed)], fetch=OFFLINE))
    assert isinstance(raw, RawArticle) and "\x00" not in raw.content
    doc = clean_article(raw)
    assert isinstance(doc, CleanDocument) and "\x00" not in doc.body and "\x1b" not in doc.body
    assert not isinstance(doc, Failure)
