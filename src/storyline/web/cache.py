"""Web stage: answers kept per state of the knowledge base.

Every page and JSON answer is a function of the store's state (``Reader.stamp``) and of the
request's path and query; nothing else (the token and cookies only decide whether it is served).
So a successful GET answer is kept, keyed by path and query, until the stamp changes: a build
started or finished, or a curation decision recorded or reversed. The cache is bounded in
entries and in bytes, least recently used first out; large answers are never kept.

It is a plain ASGI middleware: a kept answer is two messages sent straight back, with no request
object, task or stream built for it. Concurrent requests for a page that is not kept wait for the
one already rendering it instead of all rendering it at once (after a build, every reader asks
for the same few pages in the same second).
"""
from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

MAX_ENTRIES = 1024
MAX_BYTES = 64 * 1024 * 1024
MAX_ANSWER = 1024 * 1024  # an answer bigger than this is rendered every time
KEPT_HEADERS = (b"content-type", b"cache-control")

Headers = list[tuple[bytes, bytes]]


def answer_key(scope: dict[str, Any]) -> str:
    """Path and query, the query's parameters in sorted order."""
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    return scope["path"] + "?" + "&".join(sorted(f"{k}={v}" for k, v in query))


class AnswerCache:
    """Successful GET answers for one state of the store."""

    def __init__(self, stamp: Callable[[], tuple]) -> None:
        self._stamp = stamp
        self._state: tuple | None = None
        self._entries: OrderedDict[str, tuple[bytes, int, Headers]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._rendering: dict[tuple[str, tuple], asyncio.Event] = {}
        self.hits = self.misses = 0

    def get(self, key: str, state: tuple) -> tuple[bytes, int, Headers] | None:
        with self._lock:
            if state != self._state:
                self._entries.clear()
                self._bytes, self._state = 0, state
                return None
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
            return hit

    def put(self, key: str, state: tuple, body: bytes, status: int, headers: Headers) -> None:
        if len(body) > MAX_ANSWER:
            return
        with self._lock:
            if state != self._state:
                return  # the store changed while this answer was rendered
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[0])
            self._entries[key] = (body, status, headers)
            self._bytes += len(body)
            while len(self._entries) > MAX_ENTRIES or self._bytes > MAX_BYTES:
                _, (dropped, _, _) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def middleware(self, app: Callable) -> Callable:
        """The ASGI middleware serving kept answers around ``app`` (inside the guard: only allowed
        requests reach it)."""

        async def serve(scope: dict[str, Any], receive: Callable, send: Callable) -> None:
            if scope["type"] != "http" or scope["method"] != "GET":
                await app(scope, receive, send)
                return
            key, state = answer_key(scope), self._stamp()
            while True:
                kept = self.get(key, state)
                if kept is not None:
                    self.hits += 1
                    await _send_kept(send, *kept)
                    return
                pending = self._rendering.get((key, state))
                if pending is None:
                    break
                await pending.wait()  # the same page is being rendered: take its answer
                state = self._stamp()
            self.misses += 1
            done = self._rendering[(key, state)] = asyncio.Event()
            try:
                await self._render(app, scope, receive, send, key, state)
            finally:
                self._rendering.pop((key, state), None)
                done.set()

        return serve

    async def _render(self, app: Callable, scope: dict, receive: Callable, send: Callable,
                      key: str, state: tuple) -> None:
        """Run the app, passing its answer on as it comes and keeping it when whole and a 200."""
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        size = 0

        async def capture(message: dict[str, Any]) -> None:
            nonlocal size
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and start.get("status") == 200 and size <= MAX_ANSWER:
                body = message.get("body", b"")
                chunks.append(body)
                size += len(body)
                if not message.get("more_body", False) and size <= MAX_ANSWER:
                    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() in KEPT_HEADERS]
                    self.put(key, state, b"".join(chunks), 200, headers)
            await send(message)

        await app(scope, receive, capture)


async def _send_kept(send: Callable, body: bytes, status: int, headers: Headers) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
