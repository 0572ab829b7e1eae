"""Ingest from URLs: pages fetched from a local server become articles; every failure names its URL."""
from __future__ import annotations

import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest

from local_http import FAST, LocalServer, send
from storyline.ingest import iter_inputs
from storyline.ingest.fetch import USER_AGENT, Fetched, Fetcher, FetchOptions, address_problem
from storyline.model import Failure, RawArticle

PAGE = """<!DOCTYPE html><html><head><title>Tram line to reopen in May | Lakeside Courier</title></head>
<body><nav><a href="/">Home</a> <a href="/city">City</a></nav>
<article><h1>Tram line to reopen in May</h1>
<p>The number 4 tram line, closed since a depot fire in January, will reopen on 12 May, the transport
authority said on Tuesday.</p>
<p>Repairs to the overhead wires cost about 2.3 million euros, according to the authority's director,
Ines Varga, who said that 40 technicians had worked on the line in shifts.</p>
</article><footer>© Lakeside Courier</footer></body></html>"""
TEXT = "Harbour crane back in service\n\nThe crane at pier 3 was repaired on Friday, the port said.\n"


def _page(n: int) -> bytes:
    return PAGE.replace("number 4", f"number {n}").encode("utf-8")


def test_urls_fetched_concurrently_come_back_in_input_order(server: LocalServer) -> None:
    for n in range(1, 6):
        server.routes[f"/city/tram-{n}"] = (200, "text/html; charset=utf-8", _page(n))
    server.routes["/wire/crane.txt"] = (200, "text/plain", TEXT.encode("utf-8"))
    urls = [server.url(f"/city/tram-{n}") for n in (5, 1, 4, 2, 3)] + [server.url("/wire/crane.txt")]
    results = list(iter_inputs(urls, fetch=FAST))
    assert [r.source for r in results] == urls
    assert all(isinstance(r, RawArticle) for r in results)
    assert [f"number {n} tram" in r.content for r, n in zip(results, (5, 1, 4, 2, 3))] == [True] * 5  # type: ignore[union-attr]
    assert results[0].format == "html" and results[0].url == urls[0]  # type: ignore[union-attr]
    assert results[-1].format == "text" and "pier 3" in results[-1].content  # type: ignore[union-attr]
    assert set(server.agents) == {USER_AGENT} and USER_AGENT.startswith("storyline/")


def test_concurrency_is_bounded(server: LocalServer) -> None:
    active, peak, lock = [0], [0], threading.Lock()

    def slow(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1
        send(handler, 200, "text/html", _page(1))

    for n in range(8):
        server.routes[f"/p{n}"] = slow
    with Fetcher(replace(FAST, concurrency=3)) as fetcher:
        results = fetcher.fetch_all([server.url(f"/p{n}") for n in range(8)])
    assert all(isinstance(r, Fetched) for r in results)
    assert 1 < peak[0] <= 3


def test_http_errors_and_unsupported_types_fail_with_the_url(server: LocalServer) -> None:
    server.routes["/photo.jpg"] = (200, "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    server.routes["/empty"] = (200, "text/html", b"")
    missing, photo, empty = server.url("/gone"), server.url("/photo.jpg"), server.url("/empty")
    results = list(iter_inputs([missing, photo, empty], fetch=FAST))
    assert [type(r) for r in results] == [Failure, Failure, Failure]
    assert [r.source for r in results] == [missing, photo, empty]
    assert results[0].reason == f"{missing}: HTTP 404 Not Found"  # type: ignore[union-attr]
    assert results[1].reason == f"{photo}: unsupported content type image/jpeg"  # type: ignore[union-attr]
    assert "empty response" in results[2].reason  # type: ignore[union-attr]
    assert server.hits["/gone"] == 1  # a 404 is not retried


def test_size_cap_stops_reading_with_or_without_content_length(server: LocalServer) -> None:
    body = b"<html><body>" + b"<p>Council minutes, item after item.</p>" * 2000 + b"</body></html>"
    server.routes["/declared"] = (200, "text/html", body)
    server.routes["/streamed"] = lambda h: send(h, 200, "text/html", body, length=False)
    options = replace(FAST, max_bytes=10_000)
    declared, streamed = list(iter_inputs([server.url("/declared"), server.url("/streamed")], fetch=options))
    assert isinstance(declared, Failure) and "too big" in declared.reason and "declared" in declared.reason
    assert isinstance(streamed, Failure) and "too big (more than 10,000 bytes)" in streamed.reason
    assert server.url("/streamed") in streamed.reason


def test_5xx_and_429_are_retried_with_backoff_then_succeed_or_give_up(server: LocalServer) -> None:
    calls = {"n": 0}

    def flaky(handler: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        if calls["n"] < 3:
            send(handler, 503, "text/plain", b"busy")
        else:
            send(handler, 200, "text/html", _page(7))

    server.routes["/flaky"] = flaky
    server.routes["/limited"] = (429, "text/plain", b"slow down", {"Retry-After": "0"})
    waits: list[float] = []
    with Fetcher(replace(FAST, retries=2, backoff=0.1, max_backoff=1.0), sleep=waits.append) as fetcher:
        ok, limited = fetcher.fetch_all([server.url("/flaky"), server.url("/limited")])
    assert isinstance(ok, Fetched) and b"number 7" in ok.data
    assert isinstance(limited, Failure)
    assert limited.reason == f"{server.url('/limited')}: HTTP 429 Too Many Requests after 3 attempts"
    assert server.hits["/flaky"] == 3 and server.hits["/limited"] == 3  # 1 try + 2 retries, no more
    assert sorted(waits) == [0.1, 0.1, 0.2, 0.2]  # exponential: 0.1 then 0.2, for each URL


def test_timeout_and_refused_connection_fail_with_reason(server: LocalServer) -> None:
    def stall(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.0)
        send(handler, 200, "text/html", _page(1))

    server.routes["/stall"] = stall
    closed = LocalServer()  # bound, then closed: nothing listens on its port any more
    refused_url = closed.url("/x")
    closed.server_close()
    options = replace(FAST, timeout=0.2, retries=1)
    stalled, refused = list(iter_inputs([server.url("/stall"), refused_url], fetch=options))
    assert isinstance(stalled, Failure) and stalled.reason.startswith(f"{server.url('/stall')}: timed out after 0.2 s")
    assert isinstance(refused, Failure) and refused.reason.startswith(f"{refused_url}: could not connect")
    assert "after 2 attempts" in refused.reason and "\n" not in refused.reason


def test_dns_failure_reads_as_one_line_naming_the_url() -> None:
    def no_such_host(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    with Fetcher(replace(FAST, retries=0), transport=httpx.MockTransport(no_such_host)) as fetcher:
        (result,) = fetcher.fetch_all(["https://news.nowhere.example/a"])
    assert isinstance(result, Failure)
    assert result.reason == "https://news.nowhere.example/a: could not connect ([Errno -2] Name or service not known)"


def test_fetching_turned_off_fails_every_url_without_a_request(server: LocalServer) -> None:
    server.routes["/a"] = (200, "text/html", _page(1))
    (result,) = list(iter_inputs([server.url("/a")], fetch=FetchOptions(enabled=False)))
    assert isinstance(result, Failure) and "fetching is turned off" in result.reason
    assert server.hits["/a"] == 0


def test_url_list_file_keeps_order_and_flags_bad_lines(server: LocalServer, tmp_path: Path) -> None:
    server.routes["/one"] = (200, "text/html", _page(1))
    server.routes["/two"] = (200, "text/html", _page(2))
    listing = tmp_path / "links.txt"
    listing.write_text(f"# links for the tram story\n\n{server.url('/one')}\nftp://files.example/x\n"
                       f"   {server.url('/two')}   \n{server.url('/three')}\n", encoding="utf-8")
    results = list(iter_inputs([], urls=[str(listing)], fetch=FAST))
    assert [type(r).__name__ for r in results] == ["RawArticle", "Failure", "RawArticle", "Failure"]
    assert results[1].source == f"{listing}#4" and "line 4: not an http(s) URL" in results[1].reason  # type: ignore[union-attr]
    assert "HTTP 404" in results[3].reason  # type: ignore[union-attr]
    (missing,) = list(iter_inputs([], urls=[str(tmp_path / "nolist.txt")], fetch=FAST))
    assert isinstance(missing, Failure) and "URL list unreadable" in missing.reason


# --- safe fetching: public hosts only unless allowed -----------------------------------------
def _redirect(location: str):
    return lambda handler: send(handler, 302, "text/html", b"", {"Location": location})


def test_loopback_server_is_refused_without_the_allowance(server: LocalServer) -> None:
    server.routes["/a"] = (200, "text/html", _page(1))
    strict = replace(FAST, allow_private_hosts=False)
    (refused,) = list(iter_inputs([server.url("/a")], fetch=strict))
    assert isinstance(refused, Failure)
    assert refused.reason == (f"{server.url('/a')}: refused: 127.0.0.1 is a loopback address; "
                              "pass --allow-private-hosts to fetch such hosts")
    assert server.hits["/a"] == 0  # refused before connecting, and not retried
    (allowed,) = list(iter_inputs([server.url("/a")], fetch=FAST))
    assert isinstance(allowed, RawArticle)


@pytest.mark.parametrize("url, why", [
    ("http://127.0.0.2/x", "a loopback address"), ("http://10.20.30.40/", "a private address"),
    ("http://172.16.5.4/", "a private address"), ("http://172.31.255.1/", "a private address"),
    ("http://192.168.1.1/admin", "a private address"), ("http://169.254.169.254/latest/meta-data/",
                                                        "a link-local (cloud metadata) address"),
    ("http://0.0.0.0/", "an unspecified address"), ("http://[::1]/", "a loopback address"),
    ("http://[fd00:ec2::254]/", "a private (unique local) address"), ("http://[fc00::1]/", "a private"),
    ("http://[::ffff:192.168.0.9]/", "a private address"), ("http://2130706433/", "a loopback address"),
])
def test_private_loopback_link_local_and_metadata_addresses_are_refused(url: str, why: str) -> None:
    with Fetcher(replace(FAST, allow_private_hosts=False, retries=0)) as fetcher:
        (result,) = fetcher.fetch_all([url])
    assert isinstance(result, Failure) and "refused: " in result.reason and why in result.reason, result


def test_the_check_applies_after_dns_resolution() -> None:
    names = {"wire.example": ["93.184.216.34", "10.0.0.7"], "intranet.example": ["192.168.4.2"]}
    with Fetcher(replace(FAST, allow_private_hosts=False, retries=0),
                 resolve=lambda host, port: names[host]) as fetcher:
        mixed, private = fetcher.fetch_all(["http://wire.example/story", "https://intranet.example/"])
    assert isinstance(mixed, Failure) and "refused: wire.example (10.0.0.7) is a private address" in mixed.reason
    assert isinstance(private, Failure) and "intranet.example (192.168.4.2) is a private address" in private.reason


def test_the_check_applies_after_every_redirect(server: LocalServer) -> None:
    port = server.server_address[1]
    server.routes["/to-metadata"] = _redirect("http://metadata.example/latest/meta-data/")
    server.routes["/to-private"] = _redirect("http://10.1.2.3/")
    server.routes["/hop"] = _redirect(f"http://newsroom.example:{port}/to-metadata")
    server.routes["/to-ftp"] = _redirect("ftp://files.example/story.txt")
    server.routes["/to-page"] = _redirect(f"http://newsroom.example:{port}/page")
    server.routes["/page"] = (200, "text/html", _page(3))
    names = {"newsroom.example": ["127.0.0.1"], "metadata.example": ["169.254.169.254"]}
    # the test server stands in for a public host: only its address is let through
    with Fetcher(replace(FAST, allow_private_hosts=False, retries=0),
                 resolve=lambda host, port: names.get(host, [host]),
                 screen=lambda ip: None if ip == "127.0.0.1" else address_problem(ip)) as fetcher:
        results = fetcher.fetch_all([server.url(p) for p in ("/to-metadata", "/to-private", "/hop", "/to-ftp",
                                                             "/to-page")])
    meta, private, hop, ftp, page = results
    assert isinstance(meta, Failure) and meta.reason == (
        f"{server.url('/to-metadata')}: redirected, then refused: metadata.example (169.254.169.254) is a "
        "link-local (cloud metadata) address; pass --allow-private-hosts to fetch such hosts")
    assert isinstance(private, Failure) and "redirected, then refused: 10.1.2.3 is a private address" in private.reason
    assert isinstance(hop, Failure) and "metadata.example (169.254.169.254)" in hop.reason
    assert isinstance(ftp, Failure) and "unsupported protocol" in ftp.reason.lower()
    assert isinstance(page, Fetched) and b"number 3" in page.data


def test_address_rule_names_public_addresses_public() -> None:
    assert address_problem("93.184.216.34") is None and address_problem("2606:4700::1111") is None
    assert address_problem("224.0.0.1") == "not a publicly routable address"
    assert address_problem("192.0.2.10") == "not a publicly routable address"  # documentation range
    assert address_problem("100.64.1.1") == "a shared (carrier-grade NAT) address"


def test_cli_build_refuses_private_hosts_unless_the_flag_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import storyline.pipeline
    from storyline.cli import app

    seen: list[FetchOptions] = []

    def fake_build(paths, db, options, **kw):  # capture the fetch options instead of building
        seen.append(options.fetch)
        raise SystemExit(0)

    monkeypatch.setattr(storyline.pipeline, "build", fake_build)
    for extra in ([], ["--allow-private-hosts"]):
        CliRunner().invoke(app, ["build", "http://127.0.0.1:9/a", "--db", "unused.db", *extra])
    assert [o.allow_private_hosts for o in seen] == [False, True]
