"""Ingest stage: http(s) URLs -> bytes of the page, or a Failure whose one-line reason names the URL.

One ``Fetcher`` holds one httpx client (connection reuse) and fetches a batch of URLs on a small
thread pool, returning results in the order the URLs were given. Every request is bounded: a
timeout, a byte cap checked while streaming (a huge download is cut off, not buffered), and a
bounded number of retries with exponential backoff for the errors that are worth retrying
(connection errors, timeouts, 5xx, 429). Whether the bytes are an article, a feed or something
else is decided by the caller from ``content_type``.

Only public hosts are fetched unless ``allow_private_hosts`` is set: every connection, the
first and each one a redirect leads to, resolves the host name itself, refuses when any address
is loopback, private, link-local (cloud metadata), unspecified or otherwise not publicly
routable, and connects to the address it checked (so a DNS answer cannot change in between).
TLS still verifies the certificate against the host name.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType

import httpcore
import httpx

from storyline import __version__
from storyline.model import Failure

USER_AGENT = f"storyline/{__version__} (+news analysis tool)"
URL_SCHEMES: tuple[str, ...] = ("http://", "https://")
RETRY_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})
# Transport errors where a second try can succeed; anything else (bad URL, TLS) fails at once.
RETRY_ERRORS: tuple[type[Exception], ...] = (httpx.TransportError,)
NO_RETRY_ERRORS: tuple[type[Exception], ...] = (httpx.UnsupportedProtocol, httpx.LocalProtocolError)
MAX_REDIRECTS = 5
REASON_CHARS = 160  # error texts from sockets can be long; the reason stays one short line
ALLOW_FLAG = "--allow-private-hosts"
# Checked in order; the first network an address falls in names the refusal.
BLOCKED_NETWORKS: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(net), why) for net, why in (
        ("0.0.0.0/8", "an unspecified address"), ("127.0.0.0/8", "a loopback address"),
        ("10.0.0.0/8", "a private address"), ("172.16.0.0/12", "a private address"),
        ("192.168.0.0/16", "a private address"), ("169.254.0.0/16", "a link-local (cloud metadata) address"),
        ("100.64.0.0/10", "a shared (carrier-grade NAT) address"), ("::/128", "an unspecified address"),
        ("::1/128", "a loopback address"), ("fc00::/7", "a private (unique local) address"),
        ("fe80::/10", "a link-local address")))
Resolver = Callable[[str, int], list[str]]
Screen = Callable[[str], "str | None"]


@dataclass(frozen=True)
class FetchOptions:
    """How URLs are fetched. ``enabled=False`` turns every fetch into a Failure (offline runs)."""

    enabled: bool = True
    timeout: float = 20.0  # seconds per connect/read/write phase
    max_bytes: int = 10_000_000
    retries: int = 2  # extra attempts after the first
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    max_backoff: float = 8.0
    concurrency: int = 4
    user_agent: str = USER_AGENT
    allow_private_hosts: bool = False  # fetch loopback/private/link-local hosts too (a local mirror)


@dataclass(frozen=True)
class Fetched:
    """A page as the server sent it."""

    url: str  # as requested
    final_url: str  # after redirects
    content_type: str  # media type, lower case, no parameters ("" when the server sent none)
    charset: str | None
    data: bytes


def is_url(text: str) -> bool:
    """True for an http(s) URL (the only schemes storyline fetches)."""
    return text.strip().lower().startswith(URL_SCHEMES)


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line[:REASON_CHARS] + ("..." if len(line) > REASON_CHARS else "")


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    parts = [p.strip() for p in header.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), None)
    return parts[0].lower(), charset or None


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


class _TooBig(Exception):
    pass


class Refused(Exception):
    """A host storyline will not connect to; the message says which address and why."""

    def __init__(self, host: str, message: str) -> None:
        super().__init__(message)
        self.host = host


def address_problem(address: str) -> str | None:
    """Why ``address`` (an IP address as text) is not a public host, or None when it is one."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is no part of it
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for network, why in BLOCKED_NETWORKS:
        if ip.version == network.version and ip in network:
            return why
    if ip.is_multicast or not ip.is_global:
        return "not a publicly routable address"
    return None


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise httpcore.ConnectError(str(exc)) from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))


class _PublicOnly(httpcore.NetworkBackend):
    """Connects only to hosts whose every address passes ``screen``, to the address checked."""

    def __init__(self, resolve: Resolver, screen: Screen) -> None:
        self._inner = httpcore.SyncBackend()
        self._resolve, self._screen = resolve, screen

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        addresses = self._resolve(host.strip("[]"), port)
        for address in addresses:
            if problem := self._screen(address):
                shown = host if host == address else f"{host} ({address})"
                raise Refused(host, f"refused: {shown} is {problem}; pass {ALLOW_FLAG} to fetch such hosts")
        error: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:  # as the system would: the next address when one does not answer
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options=None) -> httpcore.NetworkStream:
        raise Refused(path, "refused: not a network host")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _PublicTransport(httpx.HTTPTransport):
    """httpx's transport with its connections made through :class:`_PublicOnly`."""

    def __init__(self, resolve: Resolver, screen: Screen) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             network_backend=_PublicOnly(resolve, screen))


class Fetcher:
    """Fetches URLs with one shared client; use as a context manager or call ``close``."""

    def __init__(self, options: FetchOptions = FetchOptions(), transport: httpx.BaseTransport | None = None,
                 sleep=time.sleep, resolve: Resolver = resolve_host, screen: Screen = address_problem) -> None:
        self.options = options
        self._sleep = sleep  # injectable so tests do not wait on backoff
        if transport is None and not options.allow_private_hosts:
            transport = _PublicTransport(resolve, screen)
        self._client = httpx.Client(
            timeout=httpx.Timeout(options.timeout), follow_redirects=True, max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": options.user_agent, "Accept": "text/html, application/xhtml+xml, "
                     "application/rss+xml, application/atom+xml, text/xml;q=0.9, text/plain;q=0.8, */*;q=0.5"},
            transport=transport, trust_env=False)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch_all(self, urls: Sequence[str]) -> list[Fetched | Failure]:
        """Fetch ``urls`` concurrently (at most ``options.concurrency`` at once), results in input order."""
        if len(urls) <= 1 or self.options.concurrency <= 1:
            return [self.fetch(u) for u in urls]
        with ThreadPoolExecutor(max_workers=min(self.options.concurrency, len(urls))) as pool:
            return list(pool.map(self.fetch, urls))

    def fetch(self, url: str) -> Fetched | Failure:
        """One URL -> Fetched, or a Failure naming it; never raises."""
        url = url.strip()
        if not self.options.enabled:
            return Failure(url, f"{url}: not fetched (fetching is turned off)")
        if not is_url(url):
            return Failure(url, f"{url}: not an http(s) URL")
        attempt = 0
        while True:
            reason, retry_after = self._attempt(url)
            if isinstance(reason, Fetched):
                return reason
            if retry_after is None or attempt >= self.options.retries:
                tries = f" after {attempt + 1} attempts" if attempt else ""
                return Failure(url, f"{url}: {reason}{tries}")
            delay = min(self.options.max_backoff, self.options.backoff * 2 ** attempt)
            self._sleep(max(delay, min(retry_after, self.options.max_backoff)))
            attempt += 1

    def _attempt(self, url: str) -> tuple[Fetched | str, float | None]:
        """(result or reason, seconds the server asked to wait or 0.0 when retrying makes sense, else None)."""
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code in RETRY_STATUSES:
                    return f"HTTP {response.status_code} {response.reason_phrase}".strip(), _retry_after(response)
                if response.status_code >= 400:
                    return f"HTTP {response.status_code} {response.reason_phrase}".strip(), None
                media, charset = _media_type(response.headers.get("content-type"))
                data = self._read_capped(response)
                return Fetched(url, str(response.url), media, charset or response.charset_encoding, data), None
        except _TooBig as exc:
            return str(exc), None
        except Refused as exc:
            redirected = exc.host.strip("[]") != (httpx.URL(url).host or "")
            return ("redirected, then " if redirected else "") + str(exc), None
        except httpx.TooManyRedirects:
            return f"too many redirects (more than {MAX_REDIRECTS})", None
        except NO_RETRY_ERRORS as exc:
            return f"bad request ({_one_line(exc) or type(exc).__name__})", None
        except httpx.TimeoutException:
            return f"timed out after {self.options.timeout:g} s", 0.0
        except httpx.ConnectError as exc:
            return f"could not connect ({_one_line(exc) or 'connection failed'})", 0.0
        except RETRY_ERRORS as exc:
            return f"network error ({type(exc).__name__}: {_one_line(exc)})", 0.0
        except httpx.InvalidURL as exc:
            return f"invalid URL ({_one_line(exc)})", None
        except httpx.HTTPError as exc:  # e.g. a body whose content-encoding does not decode
            return f"bad response ({type(exc).__name__}: {_one_line(exc)})", None
        except Exception as exc:  # the boundary: one odd server or resolver must not end the run
            return f"fetch failed ({type(exc).__name__}: {_one_line(exc)})", None

    def _read_capped(self, response: httpx.Response) -> bytes:
        cap = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _TooBig(f"too big ({_size(int(declared))} declared, limit {_size(cap)})")
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > cap:  # stop reading: the rest of a huge body never reaches memory
                raise _TooBig(f"too big (more than {_size(cap)})")
            chunks.append(chunk)
        return b"".join(chunks)


def _retry_after(response: httpx.Response) -> float:
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else 0.0
