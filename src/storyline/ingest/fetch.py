"""Ingest stage: http(s) URLs -> bytes of the page, or a Failure whose one-line reason names the URL.

One ``Fetcher`` holds one httpx client (connection reuse) and fetches a batch of URLs on a small
thread pool, returning results in the order the URLs were given. Every request is bounded: a
timeout, a byte cap checked while streaming (a huge download is cut off, not buffered), and a
bounded number of retries with exponential backoff for the errors that are worth retrying
(connection errors, timeouts, 5xx, 429). Whether the bytes are an article, a feed or something
else is decided by the caller from ``content_type``.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import TracebackType

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


class Fetcher:
    """Fetches URLs with one shared client; use as a context manager or call ``close``."""

    def __init__(self, options: FetchOptions = FetchOptions(), transport: httpx.BaseTransport | None = None,
                 sleep=time.sleep) -> None:
        self.options = options
        self._sleep = sleep  # injectable so tests do not wait on backoff
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
