"""Store tests: a throwaway PostgreSQL server for the session (or a clear skip)."""
from __future__ import annotations

from pathlib import Path

import pg_server
import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


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


def comparable(export: dict) -> dict:
    """An export without the moment it was generated."""
    return {**export, "meta": {k: v for k, v in export["meta"].items() if k != "generated"}}
