"""Fixtures for the ingest tests: the local HTTP server (see local_http.py) and fast fetch options."""
from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from local_http import FAST, LocalServer
from storyline.ingest.fetch import FetchOptions


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture()
def fast() -> FetchOptions:
    return FAST
