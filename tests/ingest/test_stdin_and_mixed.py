"""Ingest from stdin (text, JSON lines, a feed) and a build over every kind of source at once."""
from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

from local_http import FAST, LocalServer
from storyline.ingest import iter_inputs
from storyline.ingest.fetch import FetchOptions
from storyline.model import Failure, RawArticle
from test_warc import write_warc

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOTE = ("Bridge to close for repairs\n\nThe old river bridge in Ormoz will close on 3 June for six weeks of repairs, "
        "the roads agency said on Friday. Buses will use the ring road.\n")


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, NOTE.encode("utf-8"))
    (result,) = list(iter_inputs(["-"], fetch=FetchOptions(enabled=False)))
    assert isinstance(result, RawArticle) and result.format == "text" and "ring road" in result.content


def test_stdin_json_lines_one_article_per_record(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [json.dumps({"title": "Bridge to close", "text": NOTE, "date": "2026-05-29", "source": "Drava Daily"}),
             json.dumps({"headline": "Buses rerouted", "body": "Line 7 buses will use the ring road from June."}),
             "{broken"]
    _stdin(monkeypatch, ("\n".join(lines) + "\n").encode("utf-8"))
    first, second, broken = list(iter_inputs(["-"], fetch=FetchOptions(enabled=False)))
    assert isinstance(first, RawArticle) and first.source == "<stdin>#1"
    assert (first.title, first.published, first.outlet) == ("Bridge to close", "2026-05-29", "Drava Daily")
    assert isinstance(second, RawArticle) and second.title == "Buses rerouted"
    assert isinstance(broken, Failure) and broken.reason.startswith("<stdin> line 3: malformed JSON")


def test_stdin_feed_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (FIXTURES / "ingest" / "city_desk.atom").read_bytes())
    results = list(iter_inputs(["-"], fetch=FetchOptions(enabled=False)))
    assert [r.source for r in results] == ["<stdin>#1", "<stdin>#2"]


def test_build_over_mixed_sources_accounts_for_every_input(server: LocalServer, tmp_path: Path) -> None:
    from storyline.pipeline import build

    page = (FIXTURES / "clean" / "harbour_strike.html").read_bytes()
    server.routes["/port/strike"] = (200, "text/html; charset=utf-8", page)
    server.routes["/logo.png"] = (200, "image/png", b"\x89PNG\r\n\x1a\n")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "clean" / "valley_flood.txt", folder / "valley_flood.txt")
    shutil.copy(FIXTURES / "ingest" / "city_desk.atom", folder / "city_desk.atom")  # 2 entries
    write_warc(folder / "crawl.warc.gz", compress=True)  # 2 pages
    write_warc(tmp_path / "whole.warc", compress=False)
    whole = (tmp_path / "whole.warc").read_bytes()
    (folder / "broken.warc").write_bytes(whole[: whole.index(b"iso-8859-1") + 200])  # 1 page + 1 failure
    (folder / "empty.txt").write_bytes(b"")
    links = tmp_path / "links.txt"
    links.write_text(f"# sources for the strike story\n{server.url('/port/strike')}\n{server.url('/gone')}\n"
                     f"{server.url('/logo.png')}\nnot a url\n", encoding="utf-8")
    summary = build([str(folder), server.url("/port/strike?amp=1")], str(tmp_path / "kb.db"), urls=[str(links)],
                    fetch=FAST)
    # folder: 1 + 2 + 2 + 2 + 1 = 8; the URL path: 1; the list: 4 lines = 13 inputs
    assert summary.inputs == 13
    assert summary.documents + len(summary.failures) == summary.inputs
    reasons = " | ".join(f.reason for f in summary.failures)
    assert "broken.warc: corrupt or truncated WARC" in reasons and "empty.txt: empty file" in reasons
    assert f"{server.url('/gone')}: HTTP 404" in reasons and "unsupported content type image/png" in reasons
    assert "not an http(s) URL" in reasons
    assert len(summary.failures) == 5
