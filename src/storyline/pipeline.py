"""The whole flow, top to bottom: ingest -> clean -> analyze -> store -> resolve.

Every input ends as a document or as a recorded failure. Documents already in the store (same
content, same id) are not analysed again, so re-running a build on the same inputs is a no-op
for them; resolution is rebuilt over the whole store each time."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

from storyline import __version__
from storyline.analyze.runner import analyze_documents, load_pipeline
from storyline.clean.article import clean_articles
from storyline.clean.dedup import mark_duplicates
from storyline.ingest.fetch import FetchOptions
from storyline.ingest.files import iter_inputs
from storyline.model import CleanDocument, Failure
from storyline.resolve.run import resolve
from storyline.settings import BATCH_SIZE, DEFAULT_MODEL, MAX_INPUT_BYTES
from storyline.store import schema as S
from storyline.store.db import Store

# progress(stage, done, total): called as work advances; total None while unknown
Progress = Callable[[str, int, int | None], None]


@dataclass
class BuildSummary:
    inputs: int = 0
    documents_new: int = 0
    documents_known: int = 0
    failures: list[Failure] = field(default_factory=list)
    duplicates: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    extractor_errors: list[str] = field(default_factory=list)  # "source: extractor failed: reason"

    @property
    def documents(self) -> int:
        return self.documents_new + self.documents_known


def _quiet(stage: str, done: int, total: int | None) -> None:
    return None


def build(paths: Sequence[str], db: str, model: str = DEFAULT_MODEL, include: Sequence[str] = (),
          exclude: Sequence[str] = (), progress: Progress = _quiet, batch_size: int = BATCH_SIZE,
          urls: Sequence[str] = (), fetch: FetchOptions | None = None) -> BuildSummary:
    """``paths``: files, folders, ``-`` (stdin) or http(s) URLs; ``urls``: URLs or files listing
    URLs; ``fetch``: download settings (``FetchOptions(enabled=False)`` never touches the network)."""
    summary = BuildSummary()
    nlp = load_pipeline(model)  # fail fast on a missing model, before any work
    store = Store(db)
    run_id = store.start_run(model, __version__)
    known = store.known_ids()

    fresh: list[CleanDocument] = []
    seen: set[str] = set()
    raws = []
    fetch = fetch or FetchOptions(max_bytes=MAX_INPUT_BYTES)
    for item in iter_inputs(paths, include, exclude, max_bytes=MAX_INPUT_BYTES, urls=urls, fetch=fetch):
        summary.inputs += 1
        progress("read", summary.inputs, None)
        if isinstance(item, Failure):
            summary.failures.append(item)
        else:
            raws.append(item)
    for item in clean_articles(raws):
        if isinstance(item, Failure):
            summary.failures.append(item)
        elif item.id in known or item.id in seen:
            summary.documents_known += 1  # same content as a stored document: nothing to redo
        else:
            seen.add(item.id)
            fresh.append(item)
    for failure in summary.failures:
        store.write_failure(failure)

    done = 0
    progress("analyze", 0, len(fresh))
    for doc, analysis in zip(fresh, analyze_documents(nlp, fresh, batch_size)):
        store.write_document(doc, analysis)
        summary.extractor_errors.extend(f"{doc.source}: {e}" for e in analysis.errors)
        done += 1
        summary.documents_new += 1
        progress("analyze", done, len(fresh))

    summary.duplicates = _mark_duplicates(store)
    progress("resolve", 0, 1)
    resolve(store)
    progress("resolve", 1, 1)
    store.finish_run(run_id, summary.inputs, summary.documents, len(summary.failures))
    summary.totals = totals(store)
    return summary


def _mark_duplicates(store: Store) -> int:
    """Near-duplicates across the whole store (a reprint may arrive in a later build)."""
    docs = [CleanDocument(id=d["id"], source=d["source"], body=d["body"], published=d["published"])
            for d in store.rows(S.documents, S.documents.c.id)]
    before = {d["id"]: d["duplicate_of"] for d in store.rows(S.documents)}
    marked = mark_duplicates(docs)
    for doc in marked:
        if before.get(doc.id) != doc.duplicate_of:
            store.set_duplicate_of(doc.id, doc.duplicate_of)
    return sum(1 for d in marked if d.duplicate_of)


def totals(store: Store) -> dict[str, int]:
    """Row counts of the knowledge base, for the end-of-build summary."""
    tables = (S.documents, S.failures, S.entities, S.mentions, S.quotes, S.quantities, S.dates,
              S.relations, S.facts, S.stories)
    return {t.name: store.count(t) for t in tables}
