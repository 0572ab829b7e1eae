"""Ingest from RSS/Atom/RDF feeds: one article per entry; teasers fetched; nothing silently dropped."""
from __future__ import annotations

import shutil
from pathlib import Path

from local_http import FAST, LocalServer
from storyline.clean import clean_articles
from storyline.ingest import iter_inputs
from storyline.ingest.fetch import FetchOptions
from storyline.model import CleanDocument, Failure, RawArticle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
OFFLINE = FetchOptions(enabled=False)
FERRY_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Ferry timetable changes from April</title></head>
<body><header><a href="/">Velmora Harbour Wire</a></header><main><article>
<h1>Ferry timetable changes from April</h1>
<p>The island ferry will run two fewer crossings a day from 1 April, the operator Adria Lines said on Tuesday,
blaming the cost of fuel and a shortage of licensed crew.</p>
<p>The first morning sailing, at 5.40, and the last evening return will be dropped. Commuters' association
chair Davor Kos said the change would leave nurses on the early shift at the mainland hospital with no way
to arrive on time.</p>
<p>The operator said it carried about 410,000 passengers last year, 8 per cent fewer than in 2024.</p>
</article></main><footer>Contact the newsroom</footer></body></html>"""


def _feed_with_server(tmp_path: Path, server: LocalServer, name: str = "harbour_wire.rss") -> Path:
    text = (FIXTURES / name).read_text(encoding="utf-8").replace("http://SERVER", server.url("").rstrip("/"))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rss_entries_carry_feed_metadata_and_full_content() -> None:
    first, teaser, empty = list(iter_inputs([str(FIXTURES / "harbour_wire.rss")], fetch=OFFLINE))
    assert isinstance(first, RawArticle)
    assert first.source.endswith("harbour_wire.rss#1") and first.format == "html"
    assert (first.title, first.published, first.outlet) == ("Dockers vote to end five-day strike", "2026-03-02",
                                                            "Velmora Harbour Wire")
    assert first.url == "http://SERVER/2026/03/02/dockers-vote"
    assert "Marta Ilić" in first.content and "300 ships" in first.content  # content:encoded, not the description
    # Offline, a teaser is the best text there is; an entry with neither text nor link fails.
    assert isinstance(teaser, RawArticle) and "two fewer crossings" in teaser.content
    assert isinstance(empty, Failure) and empty.source.endswith("#3")
    assert "harbour_wire.rss#3: feed entry has no text (and no link to fetch)" in empty.reason


def test_teaser_entries_are_fetched_from_their_link(server: LocalServer, tmp_path: Path) -> None:
    server.routes["/2026/03/03/ferry-timetable"] = (200, "text/html; charset=utf-8", FERRY_PAGE.encode("utf-8"))
    feed = _feed_with_server(tmp_path, server)
    first, ferry, empty = list(iter_inputs([str(feed)], fetch=FAST))
    assert server.hits["/2026/03/03/ferry-timetable"] == 1
    assert server.hits["/2026/03/02/dockers-vote"] == 0  # full content in the feed: no request
    assert isinstance(ferry, RawArticle) and ferry.format == "html" and ferry.source == f"{feed}#2"
    assert (ferry.title, ferry.published, ferry.outlet) == ("Ferry timetable changes from April", "2026-03-03",
                                                            "Velmora Harbour Wire")
    assert "410,000 passengers" in ferry.content
    assert isinstance(empty, Failure)
    (doc,) = [d for d in clean_articles([ferry]) if isinstance(d, CleanDocument)]
    assert "Davor Kos" in doc.body and "Contact the newsroom" not in doc.body


def test_a_failed_entry_fetch_is_a_failure_naming_entry_and_url(server: LocalServer, tmp_path: Path) -> None:
    feed = _feed_with_server(tmp_path, server)  # no route for the ferry page: 404
    results = list(iter_inputs([str(feed)], fetch=FAST))
    ferry = results[1]
    assert isinstance(ferry, Failure) and ferry.source == f"{feed}#2"
    assert "entry link" in ferry.reason and "/2026/03/03/ferry-timetable: HTTP 404" in ferry.reason


def test_atom_and_sniffed_rdf_feeds() -> None:
    inquiry, parking = list(iter_inputs([str(FIXTURES / "city_desk.atom")], fetch=OFFLINE))
    assert isinstance(inquiry, RawArticle) and inquiry.published == "2026-04-14" and inquiry.format == "html"
    assert inquiry.outlet == "Lakeside Courier – City Desk" and "14 similar chargers" in inquiry.content
    assert isinstance(parking, RawArticle) and parking.format == "text"  # <summary type="text">
    assert parking.published == "2026-04-13" and "3,400 signatures" in parking.content
    (levee,) = list(iter_inputs([str(FIXTURES / "river_notes.xml")], fetch=OFFLINE))
    assert isinstance(levee, RawArticle) and levee.outlet == "River Times" and levee.published == "2026-05-20"


def test_feed_served_over_http_gives_one_article_per_entry(server: LocalServer) -> None:
    local = server.url("").rstrip("/")  # entry links point here too: no request can leave this machine
    for route, name, kind in (("/feeds/city.atom", "city_desk.atom", "application/atom+xml"),
                              ("/feeds/river", "river_notes.xml", "text/xml; charset=utf-8")):
        text = (FIXTURES / name).read_text(encoding="utf-8")
        text = text.replace("https://lakesidecourier.example", local).replace("https://rivertimes.example", local)
        server.routes[route] = (200, kind, text.encode("utf-8"))
    url, url2 = server.url("/feeds/city.atom"), server.url("/feeds/river")
    results = list(iter_inputs([url, url2], fetch=FAST))
    assert [r.source for r in results] == [f"{url}#1", f"{url}#2", f"{url2}#1"]
    assert all(isinstance(r, RawArticle) for r in results)
    assert sum(server.hits.values()) == 2  # entries with their text in the feed are not fetched


def test_broken_and_fake_feeds_fail_with_reason(tmp_path: Path) -> None:
    html = tmp_path / "saved.rss"
    html.write_text("<html><body><h1>403 Forbidden</h1></body></html>", encoding="utf-8")
    empty = tmp_path / "empty.atom"
    empty.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title></feed>')
    shutil.copy(FIXTURES / "broken_export.rss", tmp_path / "broken_export.rss")
    results = {Path(r.source).name: r for r in iter_inputs([str(tmp_path)], fetch=OFFLINE)}
    assert set(results) == {"broken_export.rss#1", "empty.atom", "saved.rss"}
    assert all(isinstance(r, Failure) for r in results.values())
    assert "saved.rss: not a readable RSS/Atom feed" in results["saved.rss"].reason  # type: ignore[union-attr]
    assert "empty.atom: feed has no entries" in results["empty.atom"].reason  # type: ignore[union-attr]
    assert "feed entry has no text" in results["broken_export.rss#1"].reason  # type: ignore[union-attr]
