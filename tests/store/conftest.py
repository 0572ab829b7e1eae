"""Store tests: a throwaway PostgreSQL server for the session (or a clear skip)."""
from __future__ import annotations

import pg_server
import pytest


@pytest.fixture(scope="session")
def postgres():
    server = pg_server.start()
    if isinstance(server, str):
        pytest.skip(f"PostgreSQL store tests skipped: {server}")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def quick_build():
    """``build(paths, db)``; the engine keeps the loaded pipeline for the whole session."""
    from storyline import pipeline

    return pipeline.build

