"""A time cap per document: work on one input that runs past its cap is interrupted and recorded.

The limits in ingest/limits.py keep every input's work to seconds; this is the backstop for the
case nobody measured (a pathological regular expression, a parser stuck on odd markup). It uses
SIGALRM, so it applies where the work runs on a process's main thread (the local engine and the
process-pool workers); elsewhere (Dask's worker threads, Windows) the work runs uncapped.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

CLEAN_SECONDS = 60.0  # the slowest input under the limits cleans in about 5 s (docs/reliability.md)
EXTRACT_SECONDS = 60.0  # storyline's extractors on one body of the largest allowed size


class DocumentTimeout(TimeoutError):
    """The work on one document ran past its cap; the message says how long that was."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_cap(seconds: float) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` inside the block when it runs longer than ``seconds``."""
    if seconds <= 0 or not _can_alarm() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield  # no alarm available, or one already running (an outer cap): do not override it
        return

    def interrupt(signum: int, frame: object) -> None:
        raise DocumentTimeout(f"took longer than {seconds:g} s (the time cap per document)")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
