"""Test helper: a local HTTP server on 127.0.0.1 (free port) whose routes each test sets.

Nothing here touches any other address. A route is either (status, content type, body[, headers])
or a callable taking the request handler, for servers that stall, fail then recover, etc.
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Union

from storyline.ingest.fetch import FetchOptions

Route = Union[tuple, Callable[[BaseHTTPRequestHandler], None]]
# Short timeouts and no real backoff sleeps keep the suite fast; the server is on loopback, which
# storyline refuses to fetch unless told (allow_private_hosts, the CLI's --allow-private-hosts).
FAST = FetchOptions(timeout=0.5, retries=2, backoff=0.001, max_backoff=0.01, concurrency=4, max_bytes=200_000,
                    allow_private_hosts=True)


class _Handler(BaseHTTPRequestHandler):
    server: "LocalServer"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        self.server.hits[path] += 1
        self.server.agents.append(self.headers.get("User-Agent", ""))
        route = self.server.routes.get(path)
        if route is None:
            send(self, 404, "text/html", b"<html><body><h1>Not found</h1></body></html>")
        elif callable(route):
            route(self)
        else:
            send(self, *route)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        return None


def send(handler: BaseHTTPRequestHandler, status: int, content_type: str | None, body: bytes,
         headers: dict[str, str] | None = None, length: bool = True) -> None:
    """Write one response; ``length=False`` omits Content-Length (body ends when the socket closes)."""
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    try:
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):  # the client stopped reading on purpose
        pass


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True  # a handler stalled on purpose must not hold up shutdown

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@contextmanager
def serving() -> Iterator[LocalServer]:
    """A LocalServer answering on a background thread for the length of the block."""
    srv = LocalServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
