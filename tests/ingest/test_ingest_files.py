"""Ingest: every input becomes a RawArticle or a Failure whose reason names it."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from storyline.ingest import iter_inputs, parse_date
from storyline.model import Failure, RawArticle

ARTICLE = ("Council votes to keep the ferry running\n\n"
           "The county council voted on Monday to keep the island ferry running for another year.\n")


def _one(path: Path, **kwargs: object) -> RawArticle | Failure:
    results = list(iter_inputs([str(path)], **kwargs))  # type: ignore[arg-type]
    assert len(results) == 1
    return results[0]


def _assert_failure(result: RawArticle | Failure, name: str, words: str) -> None:
    assert isinstance(result, Failure), result
    assert name in result.source and name in result.reason
    assert words in result.reason
    assert "\n" not in result.reason


def test_plain_text_file_becomes_text_article(tmp_path: Path) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = _one(path)
    assert isinstance(result, RawArticle)
    assert result.format == "text" and result.source == str(path) and "island ferry" in result.content


@pytest.mark.parametrize("data, words", [
    (b"", "empty file"),
    (b"   \n\t\n  ", "only whitespace"),
    (b"%PDF-1.4\x00\x01\x02binary stream\x00\xff", "binary file, not text"),
    (bytes(range(128, 256)) * 4, "undecodable"),
])
def test_bad_bytes_fail_with_reason(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(data)
    _assert_failure(_one(path), "broken.txt", words)


def test_too_big_file_fails_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 400, encoding="utf-8")
    _assert_failure(_one(path, max_bytes=1000), "huge.txt", "too big")


def test_legacy_encodings_are_detected(tmp_path: Path) -> None:
    text = "Der Bürgermeister grüßt die Bürger und öffnet die Straße für Fußgänger. " * 3
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(text.encode("utf-16"))
    results = list(iter_inputs([str(tmp_path)]))
    assert [r.content.strip() for r in results if isinstance(r, RawArticle)] == [text.strip()] * 2


def test_jsonl_records_malformed_line_and_missing_text(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"headline": "Ferry saved", "body": "The ferry will keep running.",
                    "published_at": "2026-03-02T10:00:00Z", "site_name": "Island Post",
                    "link": "https://islandpost.example/ferry"}),
        '{"title": "broken", "text": "no closing brace"',
        "",
        json.dumps({"title": "Only a title", "url": "https://x.example/a"}),
        json.dumps({"raw_html": "<html><body><p>Harbour news.</p></body></html>"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    first, malformed, no_text, html = list(iter_inputs([str(path)]))
    assert isinstance(first, RawArticle)
    assert (first.source, first.title, first.published, first.outlet, first.url) == (
        f"{path}#1", "Ferry saved", "2026-03-02", "Island Post", "https://islandpost.example/ferry")
    _assert_failure(malformed, "dump.jsonl", "line 2: malformed JSON")
    assert malformed.source == f"{path}#2"
    _assert_failure(no_text, "dump.jsonl", "no article text")
    assert isinstance(html, RawArticle) and html.format == "html" and html.source == f"{path}#5"


def test_json_list_and_field_map(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{"story": "Text one.", "meta": {"when": "14 March 2026"}},
                                {"story": "Text two.", "meta": {"when": "Sat, 14 Mar 2026 09:12:00 GMT"}},
                                "not an object"]), encoding="utf-8")
    results = list(iter_inputs([str(path)], field_map={"text": "story", "published": "meta.when"}))
    assert [r.source for r in results] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert [r.published for r in results[:2]] == ["2026-03-14", "2026-03-14"]  # type: ignore[union-attr]
    _assert_failure(results[2], "export.json", "not an object")


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page.dat").write_text("<!DOCTYPE html><html><body><p>Hi there.</p></body></html>")
    (tmp_path / "note.dat").write_text("Harbour reopens after storm.\n\nBoats left at dawn.")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7 whatever")
    note, html, pdf = list(iter_inputs([str(tmp_path)]))  # sorted by name
    assert isinstance(html, RawArticle) and html.format == "html"
    assert isinstance(note, RawArticle) and note.format == "text"
    _assert_failure(pdf, "scan.pdf", "unsupported format")


def test_folder_walk_is_sorted_recursive_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARTICLE)
    (tmp_path / "one.txt").write_text(ARTICLE)
    (tmp_path / "skip.txt").write_text(ARTICLE)
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    results = list(iter_inputs([str(tmp_path)], include=["*.txt"], exclude=["skip*"]))
    assert [Path(r.source).name for r in results] == ["one.txt", "two.txt"]  # a folder's files, then its subfolders


def test_missing_path_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_failure(_one(tmp_path / "nowhere.txt"), "nowhere.txt", "no such file")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8"))))
    (result,) = list(iter_inputs(["-"]))
    assert isinstance(result, RawArticle) and result.source == "<stdin>" and result.format == "text"


def test_parse_date_forms() -> None:
    assert parse_date("2026-03-14T23:30:00+01:00") == "2026-03-14"
    assert parse_date("March 14, 2026") == "2026-03-14"
    assert parse_date(1773446400) == "2026-03-14"
    assert parse_date("03/04/2026") is None  # day-first or month-first: cannot tell
    assert parse_date("sometime soon") is None


def test_month_names_with_dotless_or_dotted_i_are_read_not_crashed_on():
    """A case-insensitive pattern takes 'aprıl' (Turkish dotless ı) and 'APRİL' for April; the
    month lookup must agree instead of raising and losing the article."""
    from storyline.ingest.dates import find_dates

    assert [d for _, _, d in find_dates("Published 14 aprıl 2026; updated 3 APRİL 2026")] == [
        "2026-04-14", "2026-04-03"]
