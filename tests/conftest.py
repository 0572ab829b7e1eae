"""Shared fixtures: the spaCy pipeline is loaded once per test session (it takes seconds)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    from storyline.analyze.runner import load_pipeline

    return load_pipeline()
