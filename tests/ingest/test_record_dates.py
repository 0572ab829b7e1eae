"""Ingest + clean: a record's publication date from its metadata, else the page, else the URL;
unknown stays unknown."""
from __future__ import annotations

import json

from storyline.clean import clean_article
from storyline.ingest.records import read_json, record_to_article
from storyline.model import CleanDocument, RawArticle

BODY = ("The harbour board of Brennick voted on Tuesday to close the old ferry pier for repairs, "
        "the board's chair said after the meeting.\n\nWork is due to start in June and last a year.")


def _published(record: dict) -> str | None:
    raw = record_to_article(record, "rec.json")
    assert isinstance(raw, RawArticle)
    doc = clean_article(raw)
    assert isinstance(doc, CleanDocument)
    return doc.published


def test_metadata_date_keys_of_common_scrapers() -> None:
    assert _published({"text": BODY, "publishedAt": "2026-04-02T08:00:00Z"}) == "2026-04-02"
    assert _published({"text": BODY, "pubDate": "Thu, 02 Apr 2026 08:00:00 GMT"}) == "2026-04-02"
    assert _published({"text": BODY, "metadata": {"published": "2 April 2026"}}) == "2026-04-02"


def test_metadata_wins_over_page_and_url() -> None:
    record = {"text": "Published 3 April 2026\n\n" + BODY, "published": "2026-04-02",
              "url": "https://pier.example/2026/04/01/pier-closes"}
    assert _published(record) == "2026-04-02"


def test_page_then_url_then_unknown() -> None:
    url = "https://pier.example/2026/04/01/pier-closes"
    assert _published({"text": "Published 3 April 2026\n\n" + BODY, "url": url}) == "2026-04-03"
    assert _published({"text": BODY, "url": url}) == "2026-04-01"
    assert _published({"text": BODY, "url": "https://pier.example/news/pier-closes"}) is None
    assert _published({"text": BODY, "published": "not a date"}) is None


def test_json_list_records_keep_their_own_dates() -> None:
    records = [{"text": BODY, "date": "2026-04-02"}, {"text": BODY + "\n\nMore later.", "date": None}]
    raws = list(read_json("batch.json", json.dumps(records)))
    assert [r.published for r in raws] == ["2026-04-02", None]
