"""Where the per-document work runs: in this process, in a pool of processes, or on a Dask cluster.

The unit of work is one function of plain records, ``process_chunk``: raw articles (plus the
corpus signal for their cleaning batch) in, cleaned documents or failures and their analyses out.
Every engine runs that same function and returns results in input order, so a build gives the
same ids, rows and export whatever the engine or the number of workers. At most a few chunks per
worker are in flight at once: memory follows the chunk size, not the corpus size.

Stays on the client: reading inputs (files, URLs), the corpus signal for cleaning, skipping
documents already stored, writing the store (one writer), deciding near-duplicates and
cross-document resolution — they compare documents with the rest of the one database (both
incrementally: only what new documents connect to is looked at again).
"""
from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

from spacy.language import Language

from storyline.analyze.runner import analyze_documents, ensure_model, load_pipeline
from storyline.clean.article import clean_article
from storyline.clean.dedup import signature
from storyline.errors import StorylineError
from storyline.model import CleanDocument, DocumentAnalysis, Failure, RawArticle
from storyline.timecap import CLEAN_SECONDS, time_cap


@dataclass(frozen=True)
class Chunk:
    """Raw articles to clean and analyse together, with their cleaning batch's shared lines."""

    raws: tuple[RawArticle, ...]
    shared: frozenset[str]


Result = list[tuple[CleanDocument | Failure, DocumentAnalysis | None]]

_NLP: dict[str, Language] = {}  # one pipeline per worker process, loaded on first use


def _pipeline(model: str) -> Language:
    if model not in _NLP:
        _NLP[model] = load_pipeline(model)
    return _NLP[model]


PARENT_POLL_SECONDS = 2.0


def _init_worker(model: str, parent: int) -> None:
    """Load the pipeline, and leave when the build that started us is gone: a killed build
    (kill -9) must not leave workers holding a spaCy pipeline each."""
    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # the pid was reused by a process we may not signal
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="storyline-parent-watch").start()
    # Ctrl-C reaches the whole process group: the build stops its workers itself (close(abort=True))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _pipeline(model)
    gc.freeze()  # the pipeline lives as long as the worker: the collector's full passes skip it


def process_chunk(chunk: Chunk, model: str) -> Result:
    """Clean and analyse one chunk: the per-document stages, as one pure function."""
    cleaned = [_signed(_clean_capped(raw, chunk.shared)) for raw in chunk.raws]
    docs = [c for c in cleaned if isinstance(c, CleanDocument)]
    analyses = iter(analyze_documents(_pipeline(model), docs)) if docs else iter(())
    return [(c, next(analyses) if isinstance(c, CleanDocument) else None) for c in cleaned]


def _clean_capped(raw: RawArticle, shared: frozenset[str]) -> CleanDocument | Failure:
    """clean_article under the time cap per document (timecap.py): past it, a Failure saying so."""
    try:
        with time_cap(CLEAN_SECONDS):
            return clean_article(raw, shared)  # catches the timeout itself when raised inside
    except TimeoutError as exc:  # raised between clean_article's return and the cap's end
        return Failure(raw.source, f"{raw.source}: cleaning {exc}")


def _signed(cleaned: CleanDocument | Failure) -> CleanDocument | Failure:
    """The document with its near-duplicate signature, computed here (in the worker) rather
    than by the single writer."""
    if isinstance(cleaned, Failure):
        return cleaned
    sig = signature(cleaned.body)
    return dataclasses.replace(cleaned, shingles=sig.shingles, signature=sig.to_bytes())


def _bounded(submit: Callable[[Chunk], Any], result: Callable[[Any], Result], chunks: Iterable[Chunk],
             in_flight: int) -> Iterator[tuple[Chunk, Result]]:
    """Submit chunks keeping at most ``in_flight`` pending; yield results in submission order."""
    pending: deque[tuple[Chunk, Any]] = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= in_flight:
            done, fut = pending.popleft()
            yield done, result(fut)
    while pending:
        done, fut = pending.popleft()
        yield done, result(fut)


class LocalEngine:
    """Everything in this process (``--workers 1``)."""

    name = "local"

    def __init__(self, model: str) -> None:
        self.model = model
        _pipeline(model)  # fail fast on a missing model

    def map(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, Result]]:
        for chunk in chunks:
            yield chunk, process_chunk(chunk, self.model)

    def close(self, abort: bool = False) -> None:
        return None


class ProcessEngine:
    """A pool of worker processes on this machine (``--workers N``)."""

    name = "processes"

    def __init__(self, model: str, workers: int) -> None:
        ensure_model(model)  # fail fast here, not in N workers
        self.model, self.workers = model, workers
        # forkserver: workers start from a clean process, not a fork of one running progress threads
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model, os.getpid()),
                                        mp_context=multiprocessing.get_context("forkserver"))

    def map(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, Result]]:
        yield from _bounded(lambda c: self.pool.submit(process_chunk, c, self.model),
                            Future.result, chunks, in_flight=2 * self.workers)

    def close(self, abort: bool = False) -> None:
        """``abort``: the build stopped (SIGTERM, an error); the chunks in flight are lost anyway,
        so the workers are ended now rather than after their current chunk."""
        if abort:
            terminate = getattr(self.pool, "terminate_workers", None)  # Python 3.14+
            if terminate is not None:
                terminate()
            else:
                for proc in list((getattr(self.pool, "_processes", None) or {}).values()):
                    proc.terminate()
        self.pool.shutdown(cancel_futures=True)


class DaskEngine:
    """A Dask cluster: an existing scheduler (``--scheduler tcp://host:8786``) or, without one, a
    LocalCluster of ``workers`` single-threaded worker processes."""

    name = "dask"

    def __init__(self, model: str, workers: int, scheduler: str | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # optional dependency
            raise StorylineError("--engine dask needs dask.distributed: pip install 'storyline[dask]'") from exc
        ensure_model(model)
        self.model, self.workers = model, workers
        self.cluster = None if scheduler else LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        self.client = Client(scheduler or self.cluster)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, Result]]:
        yield from _bounded(lambda c: self.client.submit(process_chunk, c, self.model, pure=False),
                            lambda f: f.result(), chunks, in_flight=2 * max(1, self.workers))

    def close(self, abort: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


Engine = LocalEngine | ProcessEngine | DaskEngine


def make_engine(model: str, workers: int | None = None, engine: str = "local",
                scheduler: str | None = None) -> Engine:
    workers = workers or os.cpu_count() or 1
    if engine == "dask":
        return DaskEngine(model, workers, scheduler)
    if engine != "local":
        raise StorylineError(f"unknown engine {engine!r}: use local or dask")
    return LocalEngine(model) if workers == 1 else ProcessEngine(model, workers)


def chunked(items: Sequence[RawArticle], shared: frozenset[str], size: int) -> Iterator[Chunk]:
    for start in range(0, len(items), size):
        yield Chunk(tuple(items[start:start + size]), shared)


__all__ = ["Chunk", "DaskEngine", "LocalEngine", "ProcessEngine", "chunked", "make_engine", "process_chunk"]
