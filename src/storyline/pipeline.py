"""The whole flow, top to bottom: ingest -> clean -> analyze -> store -> resolve.

Every input ends as a document or as a recorded failure. Documents already in the store (same
content, same id) are not analysed again, so re-running a build on the same inputs is a no-op
for them; resolution re-clusters what the new documents touch (resolution.py)."""
from __future__ import annotations

import gc
import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Callable, Iterator, Sequence

from storyline import __version__
from storyline.clean.article import BATCH_SIZE as CLEAN_BATCH
from storyline.clean.article import shared_edge_lines
from storyline.store.reprints import mark_reprints
from storyline.engine import Chunk, Engine, chunked, make_engine
from storyline.errors import StorylineError
from storyline.ids import document_id
from storyline.ingest.fetch import FetchOptions
from storyline.ingest.files import iter_inputs, walk_folder
from storyline.model import CleanDocument, Failure, RawArticle
from storyline.resolution import STEPS as RESOLVE_STEPS
from storyline.resolution import ResolveReport, resolve
from storyline.settings import BATCH_SIZE, DEFAULT_MODEL, MAX_INPUT_BYTES
from storyline.store.db import Store
from storyline.store.read import tables

GC_YOUNG = 10_000  # allocations between collections of the young generation during a build

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
    resolution_skipped: bool = False  # no new document since the last complete build
    resolution: ResolveReport | None = None  # what the resolution re-clustered (None when skipped)

    @property
    def documents(self) -> int:
        return self.documents_new + self.documents_known


def _quiet(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(frozen=True)
class BuildOptions:
    """How a build runs, beyond what it reads (paths) and where it writes (db); the CLI maps its
    flags to it. ``workers``/``engine``/``scheduler`` say where the per-document work runs (see
    engine.py): the result is the same whatever they are."""

    model: str = DEFAULT_MODEL  # any installed spaCy pipeline
    include: tuple[str, ...] = ()  # globs: only files whose name matches
    exclude: tuple[str, ...] = ()  # globs: files to skip
    urls: tuple[str, ...] = ()  # URLs, or files listing URLs
    fetch: FetchOptions | None = None  # download settings; FetchOptions(enabled=False) never touches the network
    batch_size: int = BATCH_SIZE  # documents per chunk of work and per store transaction
    workers: int = 1
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # a Dask scheduler's address


def build(paths: Sequence[str], db: str, options: BuildOptions | None = None, progress: Progress = _quiet,
          **overrides: object) -> BuildSummary:
    """Build ``paths`` (files, folders, ``-`` for stdin, http(s) URLs) into the store ``db``.
    ``overrides`` set single options on top of ``options`` (``build(paths, db, workers=2)``)."""
    opts = replace(options or BuildOptions(), **overrides)
    summary = BuildSummary()
    runner = make_engine(opts.model, opts.workers, opts.engine, opts.scheduler)  # fails fast on a missing model
    stopped = False
    # What is alive now (the loaded pipeline above all) lives through the build: it is kept out of
    # the cyclic collector's full passes, which otherwise rescan it every few chunks (about a third
    # of a second per 300 articles). Only garbage among those older objects waits for the end.
    # The young generation is collected every GC_YOUNG allocations rather than every 700: the
    # extractors' objects die young, and survivors are rescanned ten times less often.
    gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, *thresholds[1:])
    try:
        store = Store(db)
        with store.build_lock(), _stop_on_sigterm():  # a second build on this store is refused
            run_id = store.start_run(opts.model, __version__)
            known = store.known_ids()
            own = store_files(db)  # a store inside an input folder is not an input
            total = estimate_inputs(paths, opts.include, opts.exclude, opts.urls, own)
            inputs = iter_inputs(paths, opts.include, opts.exclude, max_bytes=MAX_INPUT_BYTES, urls=opts.urls,
                                 fetch=opts.fetch or FetchOptions(max_bytes=MAX_INPUT_BYTES), skip=own)
            _store_documents(runner, inputs, known, summary, store, opts.batch_size, total, progress)
            stopped = True
            runner.close()
            _resolve(store, run_id, summary, progress)
            store.finish_run(run_id, summary.inputs, summary.documents, len(summary.failures))
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        if not stopped:  # an error or SIGTERM: the chunks in flight are lost, the workers end now
            runner.close(abort=True)
    summary.totals = tables.totals(store)
    return summary


def _store_documents(runner: Engine, inputs: Iterator[RawArticle | Failure], known: set[str],
                     summary: BuildSummary, store: Store, batch_size: int, total: int | None,
                     progress: Progress) -> None:
    done = 0

    def tick() -> None:
        progress("documents", done, max(total, summary.inputs) if total is not None else None)

    tick()  # the bar (and its documents/s) starts now, before the first result arrives
    for _, results in runner.map(_fresh_chunks(inputs, known, summary, store, batch_size, tick)):
        written = [(cleaned, analysis) for cleaned, analysis in results if isinstance(cleaned, CleanDocument)]
        store.write_documents(written)  # one transaction per chunk
        for cleaned, analysis in results:
            if isinstance(cleaned, Failure):
                summary.failures.append(cleaned)
                store.write_failure(cleaned)
            else:
                summary.documents_new += 1
                summary.extractor_errors.extend(f"{cleaned.source}: {e}" for e in analysis.errors)
        done += len(results)
        tick()
    progress("documents", summary.inputs, summary.inputs)


def _resolve(store: Store, run_id: int, summary: BuildSummary, progress: Progress) -> None:
    steps = 1 + RESOLVE_STEPS  # near-duplicates, then the resolution's steps
    progress("resolve", 0, steps)
    if summary.documents_new or not store.resolved_before(run_id):
        summary.duplicates, changed = mark_reprints(store)
        progress("resolve", 1, steps)
        summary.resolution = resolve(store, changed, step=lambda n: progress("resolve", 1 + n, steps))
    else:  # nothing new since a complete build: entities, facts and stories stand as they are
        summary.duplicates = store.count_duplicates()
        summary.resolution_skipped = True
        progress("resolve", steps, steps)


class BuildInterrupted(StorylineError):
    """SIGTERM during a build: the open transaction was rolled back, the workers were stopped."""

    def __init__(self, signum: int) -> None:
        self.exit_status = 128 + signum  # the shell's convention for "ended by this signal"
        super().__init__(f"build interrupted by {signal.Signals(signum).name}: the documents stored so far "
                         f"are kept; run the same build again to finish it")


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM ends a build as an error does (its transaction rolled back, workers stopped, a
    message and a non-zero exit) rather than mid-statement. Signal handlers can only be set
    in the main thread; elsewhere (a build run by a server thread) SIGTERM keeps its meaning."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    received: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        signal.signal(signum, signal.SIG_IGN)  # once: the clean-up is not interrupted in its turn
        received.append(signum)
        raise BuildInterrupted(signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
        # The exception can land where it is swallowed (a finaliser, a connection pool's reset):
        # the signal was still received, so the build still ends as interrupted.
        if received:
            raise BuildInterrupted(received[0])
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fresh_chunks(inputs: Iterator[RawArticle | Failure], known: set[str], summary: BuildSummary, store: Store,
                  batch_size: int, tick: Callable[[], None]) -> Iterator[Chunk]:
    """Chunks of articles that still need cleaning and analysis, read lazily from the inputs.
    Failed inputs are recorded here; articles already in the store (same content) are skipped."""
    seen: set[str] = set()
    while batch := list(islice(inputs, CLEAN_BATCH)):
        raws, fresh = [], []
        for item in batch:
            summary.inputs += 1
            if isinstance(item, Failure):
                summary.failures.append(item)
                store.write_failure(item)
                tick()
                continue
            raws.append(item)
            doc_id = document_id(item.content)
            if doc_id in known or doc_id in seen:
                summary.documents_known += 1  # same content as a stored document: nothing to redo
                tick()
            else:
                seen.add(doc_id)
                fresh.append(item)
        yield from chunked(fresh, shared_edge_lines(raws), batch_size)


def store_files(db: str) -> frozenset[str]:
    """The files a SQLite knowledge base writes beside itself (none for a database URL)."""
    if "://" in db:
        return frozenset()
    base = os.path.abspath(db)
    return frozenset(base + suffix for suffix in ("", "-wal", "-shm", "-journal", ".lock"))


def estimate_inputs(paths: Sequence[str], include: Sequence[str], exclude: Sequence[str],
                    urls: Sequence[str], skip: frozenset[str] = frozenset()) -> int | None:
    """How many inputs a build will read, for the progress bar's ETA: one per file, one per line
    of a JSON-lines file, one per URL. None when it cannot know (stdin, feeds, URL lists)."""
    count = 0
    for path in paths:
        if path == "-" or "://" in path:
            return None if path == "-" else count + 1
        files = list(walk_folder(path, include, exclude, skip)) if os.path.isdir(path) else [path]
        for f in files:
            if f.endswith(".jsonl"):
                with open(f, "rb") as fh:
                    count += sum(1 for line in fh if line.strip())
            elif f.endswith((".rss", ".atom", ".xml", ".warc", ".warc.gz", ".json")):
                return None
            else:
                count += 1
    return None if urls else count

