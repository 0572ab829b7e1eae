"""Knowledge-base tests: one store of the sample corpus per module, copied for tests that write."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> str:
    from storyline.pipeline import build

    db = str(tmp_path_factory.mktemp("kb") / "sample.db")
    build([str(EXAMPLES)], db)
    return db


@pytest.fixture
def kb_copy(sample_db, tmp_path):
    """A private copy of the sample store, as a KnowledgeBase."""
    from storyline.kb import KnowledgeBase

    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    return KnowledgeBase(str(db))
