"""Analyze stage: run the spaCy pipeline with storyline's components over cleaned documents.

The per-document work is one function of plain records (CleanDocument -> DocumentAnalysis), so
the same code can later run in a process pool or on a cluster."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.analyze.doctext import split_glued
from storyline.errors import ModelNotFound
from storyline.model import CleanDocument, DocumentAnalysis, Sentence
from storyline.settings import BATCH_SIZE, DEFAULT_MODEL
from storyline.timecap import EXTRACT_SECONDS, time_cap

# Importing the modules registers their factories with spaCy.
from storyline.analyze import dates, entities, paragraphs, quantities, quotes, relations  # noqa: F401

COMPONENTS = ("storyline_entities", "storyline_quotes", "storyline_quantities", "storyline_dates",
              "storyline_relations")


def ensure_model(model: str = DEFAULT_MODEL) -> None:
    """Fail fast, without loading it, when the named pipeline is not installed."""
    if not (spacy.util.is_package(model) or Path(model).exists()):
        raise ModelNotFound(model)


def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The named spaCy pipeline with storyline's extractors appended."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(model) from exc
    if "storyline_paragraphs" not in nlp.pipe_names:
        anchor = {"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}
        nlp.add_pipe("storyline_paragraphs", **anchor)
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


# the Doc attribute each of our components fills
OUTPUTS = {"storyline_entities": "storyline_mentions", "storyline_quotes": "storyline_quotes",
           "storyline_quantities": "storyline_quantities", "storyline_dates": "storyline_dates",
           "storyline_relations": "storyline_relations"}


def run_extractors(nlp: Language, doc: Doc) -> list[str]:
    """Run storyline's components on a parsed Doc, each isolated: one that fails on this
    document leaves its output empty and reports why, and the others still run."""
    errors = []
    for name in COMPONENTS:
        try:
            with time_cap(EXTRACT_SECONDS):  # per component: a stuck one loses only its own output
                doc = nlp.get_pipe(name)(doc)
        except Exception as exc:  # an extractor bug must not lose the document or the batch
            setattr(doc._, OUTPUTS[name], [])
            errors.append(f"{name} failed: {type(exc).__name__}: {exc}")
    return errors


def _to_analysis(document_id: str, doc: Doc, errors: list[str]) -> DocumentAnalysis:
    return DocumentAnalysis(
        document_id=document_id,
        sentences=tuple(Sentence(s.start_char, s.end_char) for s in doc.sents),
        mentions=tuple(doc._.storyline_mentions or ()),
        quotes=tuple(doc._.storyline_quotes or ()),
        quantities=tuple(doc._.storyline_quantities or ()),
        dates=tuple(doc._.storyline_dates or ()),
        relations=tuple(doc._.storyline_relations or ()),
        errors=tuple(errors),
    )


def analyze_documents(nlp: Language, documents: Iterable[CleanDocument],
                      batch_size: int = BATCH_SIZE) -> Iterator[DocumentAnalysis]:
    """One DocumentAnalysis per document, in input order."""
    def docs() -> Iterator[tuple[Doc, str]]:
        for d in documents:
            doc = split_glued(nlp.make_doc(d.body))
            doc._.storyline_published = d.published
            yield doc, d.id

    with nlp.select_pipes(disable=[n for n in COMPONENTS if n in nlp.pipe_names]):
        for doc, doc_id in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
            yield _to_analysis(doc_id, doc, run_extractors(nlp, doc))
