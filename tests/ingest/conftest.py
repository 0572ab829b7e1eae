"""Fixtures for the ingest tests: the local HTTP server (see local_http.py) and fast fetch options."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from local_http import FAST, LocalServer, serving
from storyline.ingest.fetch import FetchOptions


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    with serving() as srv:
        yield srv


@pytest.fixture()
def fast() -> FetchOptions:
    return FAST
