"""Web stage: answers kept per state of the knowledge base.

Every page and JSON answer is a function of the store's state (``Reader.stamp``) and of the
request's path and query; nothing else (the token and cookies only decide whether it is served).
So a successful GET answer is kept, keyed by path and query, until the stamp changes: a build
started or finished, or a curation decision recorded or reversed. The cache is bounded in
entries and in bytes, least recently used first out; large answers are never kept.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

MAX_ENTRIES = 1024
MAX_BYTES = 64 * 1024 * 1024
MAX_ANSWER = 1024 * 1024  # an answer bigger than this is rendered every time
KEPT_HEADERS = ("content-type", "cache-control")


class AnswerCache:
    """Successful GET answers for one state of the store."""

    def __init__(self, stamp: Callable[[], tuple]) -> None:
        self._stamp = stamp
        self._state: tuple | None = None
        self._entries: OrderedDict[str, tuple[bytes, int, dict[str, str]]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _key(self, request: Request) -> str:
        query = "&".join(sorted(f"{k}={v}" for k, v in request.query_params.multi_items()))
        return request.url.path + "?" + query

    def get(self, key: str, state: tuple) -> Response | None:
        with self._lock:
            if state != self._state:
                self._entries.clear()
                self._bytes, self._state = 0, state
                return None
            hit = self._entries.get(key)
            if hit is None:
                return None
            self._entries.move_to_end(key)
        body, status, headers = hit
        return Response(body, status_code=status, headers=headers)

    def put(self, key: str, state: tuple, body: bytes, status: int, headers: dict[str, str]) -> None:
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

    def middleware(self) -> Callable:
        """An HTTP middleware serving kept answers (inside the guard: only allowed requests)."""

        async def serve(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
            if request.method != "GET":
                return await call_next(request)
            key, state = self._key(request), self._stamp()
            kept = self.get(key, state)
            if kept is not None:
                self.hits += 1
                return kept
            self.misses += 1
            response = await call_next(request)
            if response.status_code != 200:
                return response
            body = b"".join([chunk async for chunk in response.body_iterator])
            headers = {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS}
            self.put(key, state, body, response.status_code, headers)
            return Response(body, status_code=response.status_code, headers=headers)

        return serve
