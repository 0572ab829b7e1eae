"""Ingest from WARC archives: archived news pages become articles; a damaged archive fails by name."""
from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.clean import clean_articles
from storyline.ingest import iter_inputs
from storyline.model import CleanDocument, Failure, RawArticle

CAPTURED = "2026-03-05T06:12:44Z"
DATED_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Port strike ends | Velmora Harbour Wire</title>
<meta property="article:published_time" content="2026-03-02T18:40:00+01:00"></head>
<body><nav><a href="/">Home</a><a href="/port">Port</a></nav><article><h1>Port strike ends after pay deal</h1>
<p>Dockers at the port of Velmora voted on Monday evening to end a five-day strike after the port authority
raised its pay offer to 6 per cent, the union said.</p>
<p>"We have won what we came for," union leader Marta Ilić told members. About 1,200 workers are covered.</p>
</article><footer>© Velmora Harbour Wire</footer></body></html>"""
UNDATED_PAGE = """<html><head><title>Ferry crossings cut</title></head><body><main>
<h1>Ferry crossings cut from April</h1>
<p>The island ferry will run two fewer crossings a day from April, the operator Adria Lines said,
blaming fuel costs and a shortage of licensed crew.</p>
<p>Commuters' association chair Davor Kos said nurses on the early shift would no longer arrive on time.</p>
</main></body></html>"""


def _http(status: str, content_type: str, extra: list[tuple[str, str]] | None = None) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1")


def write_warc(path: Path, compress: bool) -> None:
    """A small crawl: two news pages among the records a crawler also keeps."""
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=compress)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test-crawler/1.0"}))
        w.write_record(w.create_warc_record("https://harbourwire.example/port/strike-ends", "request",
                                            payload=BytesIO(b"GET /port/strike-ends HTTP/1.1\r\n\r\n"),
                                            warc_headers_dict={"WARC-Date": CAPTURED}))
        w.write_record(w.create_warc_record("https://harbourwire.example/port/strike-ends", "response",
                                            payload=BytesIO(DATED_PAGE.encode("utf-8")),
                                            http_headers=_http("200 OK", "text/html; charset=utf-8"),
                                            warc_headers_dict={"WARC-Date": CAPTURED}))
        w.write_record(w.create_warc_record("https://harbourwire.example/old-url", "response", payload=BytesIO(b""),
                                            http_headers=_http("301 Moved Permanently", "text/html",
                                                               [("Location", "/port/strike-ends")])))
        w.write_record(w.create_warc_record("https://harbourwire.example/img/dock.jpg", "response",
                                            payload=BytesIO(b"\xff\xd8\xff\xe0" + b"\x00" * 200),
                                            http_headers=_http("200 OK", "image/jpeg")))
        w.write_record(w.create_warc_record("https://harbourwire.example/missing", "response",
                                            payload=BytesIO(b"<html><body>Not found</body></html>"),
                                            http_headers=_http("404 Not Found", "text/html")))
        # Served gzip-compressed, as most news sites do: the archived body must be decoded.
        w.write_record(w.create_warc_record("https://islandpost.example/ferry-crossings-cut", "response",
                                            payload=BytesIO(gzip.compress(UNDATED_PAGE.encode("latin-1"))),
                                            http_headers=_http("200 OK", "text/html; charset=iso-8859-1",
                                                               [("Content-Encoding", "gzip")]),
                                            warc_headers_dict={"WARC-Date": CAPTURED}))
        w.write_record(w.create_warc_record("https://islandpost.example/ferry-crossings-cut", "metadata",
                                            payload=BytesIO(b"outlinks: 12\n"),
                                            warc_content_type="application/warc-fields"))


@pytest.mark.parametrize("name, compress", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_become_articles(tmp_path: Path, name: str, compress: bool) -> None:
    path = tmp_path / name
    write_warc(path, compress)
    strike, ferry = list(iter_inputs([str(path)]))
    assert isinstance(strike, RawArticle) and isinstance(ferry, RawArticle)
    assert strike.source == f"{path}#3" and ferry.source == f"{path}#7"  # numbered by record
    assert strike.url == "https://harbourwire.example/port/strike-ends" and strike.format == "html"
    assert strike.published == "2026-03-02"  # the page's own date wins over the capture date
    assert ferry.published == "2026-03-05"  # no date on the page: WARC-Date
    assert "Davor Kos" in ferry.content
    docs = [d for d in clean_articles([strike, ferry]) if isinstance(d, CleanDocument)]
    assert len(docs) == 2 and "Marta Ilić" in docs[0].body and docs[1].outlet == "islandpost.example"


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_warc_keeps_earlier_pages_and_names_file_and_offset(tmp_path: Path, compress: bool) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, compress)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    # The download stopped inside the ferry page (its body is gzip-encoded, so no plain text to find).
    cut.write_bytes(data[: data.index(b"iso-8859-1") + 200] if not compress else data[: len(data) - 300])
    results = list(iter_inputs([str(cut)]))
    assert [type(r) for r in results] == [RawArticle, Failure]
    failure = results[1]
    assert failure.source == str(cut)  # type: ignore[union-attr]
    assert f"{cut}: corrupt or truncated WARC at record 7, byte offset " in failure.reason  # type: ignore[union-attr]
    assert "\n" not in failure.reason  # type: ignore[union-attr]


def test_garbage_and_empty_archives_fail(tmp_path: Path) -> None:
    (tmp_path / "notes.warc").write_text("Reporter's notes, not an archive.\nCall the port authority.\n")
    (tmp_path / "zero.warc.gz").write_bytes(b"")
    no_pages = tmp_path / "images.warc"
    with no_pages.open("wb") as fh:
        w = WARCWriter(fh, gzip=False)
        w.write_record(w.create_warc_record("https://x.example/a.png", "response", payload=BytesIO(b"\x89PNG"),
                                            http_headers=_http("200 OK", "image/png")))
    results = {Path(r.source).name: r.reason for r in iter_inputs([str(tmp_path)]) if isinstance(r, Failure)}
    assert set(results) == {"notes.warc", "zero.warc.gz", "images.warc"}
    assert "not a WARC file" in results["notes.warc"] and "not a WARC file" in results["zero.warc.gz"]
    assert "no archived HTML pages" in results["images.warc"]
