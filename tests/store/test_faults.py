"""Faults a knowledge base survives: a full disk, a read-only file or folder, a build interrupted
by SIGTERM or kill -9 at random points, two builds at once, a file that is not a store. Each ends
with one clear line (no traceback), and the store stays usable: completing the build gives the
export of an uninterrupted one."""
from __future__ import annotations

import hashlib
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
from store_helpers import EXAMPLES, comparable

from storyline.export.contract import build_export
from storyline.store import schema as S
from storyline.store.db import Store
from storyline.store.db import _sqlite_pragmas as REAL_PRAGMAS

ARTICLES = sorted(p for p in EXAMPLES.iterdir() if p.is_file())
KILL_RUNS = int(os.environ.get("STORYLINE_FAULT_RUNS", "8"))  # `make faults` runs more
KILL_SEED = int(os.environ.get("STORYLINE_FAULT_SEED", "17"))


@pytest.fixture(scope="module")
def reference(quick_build, tmp_path_factory):
    db = str(tmp_path_factory.mktemp("ref") / "all.db")
    quick_build([str(EXAMPLES)], db)
    store = Store(db, create=False)
    yield db, comparable(build_export(store))
    store.close()


def export_of(db: str) -> dict:
    store = Store(db, create=False)
    try:
        return comparable(build_export(store))
    finally:
        store.close()


def digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def integrity(db: str) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def cli(args: list[str], capsys) -> tuple[int, str]:
    """Run the command line in this process (the spaCy pipeline stays loaded): status, stderr."""
    from storyline import cli as cli_module

    argv = sys.argv
    sys.argv = ["storyline", *args]
    try:
        cli_module.main()
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    return status, capsys.readouterr().err


def one_line_error(err: str, *words: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert all(w in lines[0] for w in words), lines[0]
    return lines[0]


# --- a file that is not a storyline store --------------------------------------------------------

def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(3).randbytes(20_000))


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT, total REAL)")
    conn.execute("INSERT INTO invoices VALUES (1, 'Harbour Supplies Ltd', 120.5)")
    conn.commit()
    conn.close()


def _damaged_store(path: Path, source: str) -> None:
    data = bytearray(Path(source).read_bytes())
    data[4096:len(data)] = random.Random(5).randbytes(len(data) - 4096)  # every page after the first
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", ["random-bytes", "foreign-sqlite", "damaged-store"])
def test_a_file_that_is_not_a_store_is_refused_and_never_written(reference, tmp_path, capsys, kind):
    db = tmp_path / "given.db"
    {"random-bytes": _random_bytes, "foreign-sqlite": _foreign_sqlite,
     "damaged-store": partial(_damaged_store, source=reference[0])}[kind](db)
    before = digest(str(db))
    for command in (["export", "--db", str(db), "-o", str(tmp_path / "x.json")],
                    ["build", str(ARTICLES[0]), "--db", str(db), "--workers", "1"]):
        status, err = cli(command, capsys)
        assert status == 2
        one_line_error(err, str(db))
    assert digest(str(db)) == before
    if kind != "damaged-store":  # (a store of ours is in WAL mode: reading it makes SQLite's -wal, -shm)
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("given")) == ["given.db"]


# --- read-only knowledge base ----------------------------------------------------------------------

@contextmanager
def as_unprivileged(paths: list[Path]):
    """Run as an ordinary user: root may write a 0444 file. Root takes the uid of nobody for
    the duration (and gives it the files, so that only the modes forbid writing)."""
    if os.geteuid() != 0:
        yield
        return
    nobody = 65534
    for p in paths:
        os.chown(p, nobody, nobody)
    os.setegid(nobody)
    os.seteuid(nobody)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_knowledge_base_is_refused_clearly_and_left_unchanged(reference, capsys, what):
    folder = Path(tempfile.mkdtemp(prefix="storyline-ro-"))  # outside pytest's 0700 tmp: nobody must reach it
    try:
        os.chmod(folder, 0o755)
        db = folder / "kb.db"
        shutil.copy(reference[0], db)
        before = digest(str(db))
        with as_unprivileged([folder, db]):
            os.chmod(db if what == "file" else folder, 0o444 if what == "file" else 0o555)
            status, err = cli(["build", str(EXAMPLES), "--db", str(db), "--workers", "1"], capsys)
            os.chmod(db if what == "file" else folder, 0o644 if what == "file" else 0o755)
        assert status == 2
        one_line_error(err, str(db), "read-only")
        assert digest(str(db)) == before
        assert export_of(str(db)) == reference[1]  # usable again once writable
    finally:
        shutil.rmtree(folder)


# --- disk full -----------------------------------------------------------------------------------

@contextmanager
def small_filesystem(size: str):
    """A tmpfs of ``size`` (root only), yielding its folder and a function that resizes it."""
    folder = Path(tempfile.mkdtemp(prefix="storyline-full-"))
    ok = os.geteuid() == 0 and not os.environ.get("STORYLINE_FAULT_NO_MOUNT") and subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                                              capture_output=True).returncode == 0
    if not ok:
        folder.rmdir()
        yield None, None
        return

    def resize(new: str) -> None:
        subprocess.run(["mount", "-o", f"remount,size={new}", str(folder)], check=True)
    try:
        yield folder, resize
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        folder.rmdir()


def _page_cap(monkeypatch, pages: int | None) -> None:
    """Without a small filesystem: SQLite's own page cap gives the very error a full disk does."""
    from storyline.store import db as db_module

    def capped(conn, record):
        REAL_PRAGMAS(conn, record)
        conn.execute(f"PRAGMA max_page_count = {pages}")
    monkeypatch.setattr(db_module, "_sqlite_pragmas", REAL_PRAGMAS if pages is None else capped)


def test_a_full_disk_ends_the_build_clearly_and_the_next_build_completes(reference, tmp_path, capsys, monkeypatch):
    from storyline import pipeline

    monkeypatch.setattr(pipeline, "build", partial(pipeline.build, batch_size=1))  # a transaction per document
    with small_filesystem("1200k") as (folder, resize):
        if folder is None:
            db = tmp_path / "kb.db"
            _page_cap(monkeypatch, 110)
        else:
            db = folder / "kb.db"
        status, err = cli(["build", str(EXAMPLES), "--db", str(db), "--workers", "1"], capsys)
        assert status == 2
        one_line_error(err, str(db), "no space left")
        assert integrity(str(db)) == "ok"
        stored = Store(str(db), create=False).count(S.documents)
        assert 0 < stored < len(ARTICLES)  # it failed mid-build, with documents stored before
        if folder is not None:
            status, err = cli(["export", "--db", str(reference[0]), "-o", str(folder / "out.json")], capsys)
            assert status == 2
            one_line_error(err, "out.json", "No space left")
            resize("64m")
        else:
            _page_cap(monkeypatch, None)
        status, err = cli(["build", str(EXAMPLES), "--db", str(db), "--workers", "1"], capsys)
        assert status == 0, err
        assert export_of(str(db)) == reference[1]


# --- two builds at once ----------------------------------------------------------------------------

def test_a_second_build_on_a_store_in_use_is_refused_and_nothing_is_corrupted(reference, tmp_path, capsys):
    db = tmp_path / "kb.db"
    with forked_build(db, slow=0.5) as child:
        assert child.wait_for(b"d"), "the first build never stored a document"
        status, err = cli(["build", str(EXAMPLES), "--db", str(db), "--workers", "1"], capsys)
        assert child.alive()  # the refusal came while the first build was writing
        status_first = child.finish()
    assert status == 2
    one_line_error(err, "another build is writing to", str(db))
    assert status_first == 0
    assert integrity(str(db)) == "ok"
    assert export_of(str(db)) == reference[1]


def test_the_lock_is_freed_when_a_build_is_killed(tmp_path):
    db = str(tmp_path / "kb.db")
    with forked_build(Path(db), slow=5) as child:
        assert child.wait_for(b"d")
        child.kill(signal.SIGKILL)
    store = Store(db)
    with store.build_lock():  # no stale lock after kill -9
        pass
    store.close()


# --- interrupted builds: SIGTERM and kill -9 at random points ------------------------------------

class Child:
    """A build in a forked copy of this process (the pipeline is already loaded: no start-up),
    telling the test what it has done through a pipe: d (a document stored), r (resolution
    started), f (resolution done; the run is about to be recorded finished)."""

    def __init__(self, pid: int, events: int, err: Path) -> None:
        self.pid, self.events, self.err, self.seen, self.status = pid, events, err, b"", None

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.events], [], [], timeout)
        chunk = os.read(self.events, 64) if ready else b""
        self.seen += chunk
        return chunk

    def wait_for(self, event: bytes, count: int = 1, timeout: float = 120) -> bool:
        deadline = time.monotonic() + timeout
        while self.seen.count(event) < count and time.monotonic() < deadline and self.alive():
            self.read(0.05)
        return self.seen.count(event) >= count

    def alive(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is None

    def kill(self, sig: int) -> int:
        os.kill(self.pid, sig)
        return self.finish()

    def finish(self, timeout: float = 120) -> int:
        deadline = time.monotonic() + timeout
        while self.alive():
            assert time.monotonic() < deadline, "the build did not end"
            self.read(0.05)
        return os.waitstatus_to_exitcode(self.status)


@contextmanager
def forked_build(db: Path, slow: float = 0.0, hold_finish: float = 0.0):
    read_end, write_end = os.pipe()
    err = db.parent / f"{db.name}.stderr"
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read_end)
            code = _child_build(db, write_end, err, slow, hold_finish)
        finally:
            os._exit(code)
    os.close(write_end)
    child = Child(pid, read_end, err)
    try:
        yield child
    finally:
        if child.alive():
            child.kill(signal.SIGKILL)
        os.close(read_end)


def _child_build(db: Path, events: int, err: Path, slow: float, hold_finish: float) -> int:
    from storyline import cli as cli_module
    from storyline import pipeline
    from storyline.store import db as db_module

    sys.stderr = open(err, "w", buffering=1)
    real_write, real_finish, real_reprints = db_module.Store.write_documents, db_module.Store.finish_run, pipeline.mark_reprints

    def write(self, items):
        real_write(self, items)
        os.write(events, b"d")
        time.sleep(slow)

    def reprints(store):  # the resolution's first step
        os.write(events, b"r")
        return real_reprints(store)

    def finish(self, *args):
        os.write(events, b"f")
        time.sleep(hold_finish)  # a kill here still lands before the run is recorded finished
        real_finish(self, *args)

    db_module.Store.write_documents, db_module.Store.finish_run = write, finish
    pipeline.mark_reprints = reprints
    pipeline.build = partial(pipeline.build, batch_size=1)  # a transaction per document
    sys.argv = ["storyline", "build", str(EXAMPLES), "--db", str(db), "--workers", "1"]
    try:
        cli_module.main()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def _last_run_finished(db: str) -> bool:
    store = Store(db, create=False)
    try:
        return (store.last_run() or {}).get("finished") is not None
    finally:
        store.close()


def _count(db: str) -> int:
    if not Path(db).exists():
        return 0
    store = Store(db, create=False)
    try:
        return store.count(S.documents)
    finally:
        store.close()


def interrupt_at_random(db: Path, rng: random.Random) -> dict:
    """One build, interrupted at a random point: after a random one of the documents it still
    has to store, or during the resolution, plus a random delay; SIGTERM or kill -9."""
    before = _count(str(db))
    remaining = len(ARTICLES) - before
    target = rng.randint(1, remaining + 1)  # remaining + 1: during the resolution
    sig = rng.choice([signal.SIGTERM, signal.SIGKILL])
    with forked_build(db, slow=0.4, hold_finish=60) as child:  # a pause after each document: room to aim
        if target <= remaining:
            assert child.wait_for(b"d", target), child.err.read_text()[-800:]
            time.sleep(rng.uniform(0, 0.35))
        else:
            assert child.wait_for(b"r"), child.err.read_text()[-800:]
            time.sleep(rng.uniform(0, 1.5))
        assert child.alive(), "the build ended before it was interrupted"
        status = child.kill(sig)
    err = child.err.read_text()
    phase = "resolution" if b"r" in child.seen else "documents"
    if sig == signal.SIGTERM:
        assert status == 128 + signal.SIGTERM, err
        one_line_error(err, "interrupted by SIGTERM")
    else:
        assert status == -signal.SIGKILL
    assert integrity(str(db)) == "ok"
    assert not _last_run_finished(str(db))  # interrupted mid-build, not after it
    after = _count(str(db))
    assert after >= before + min(target, remaining) if phase == "documents" else after == len(ARTICLES)
    return {"signal": signal.Signals(sig).name, "phase": phase, "stored": after}


CHAIN = 8  # interruptions on one store before a build is let finish (a longer run: several stores)


def test_builds_interrupted_at_random_points_are_completed_by_the_next(reference, tmp_path, quick_build):
    rng = random.Random(KILL_SEED)
    log: list[dict] = []
    for first in range(0, KILL_RUNS, CHAIN):
        db = tmp_path / f"kb{first}.db"
        log += [interrupt_at_random(db, rng) for _ in range(min(CHAIN, KILL_RUNS - first))]
        summary = quick_build([str(EXAMPLES)], str(db))
        assert summary.documents_new == 0 and summary.documents_known == len(ARTICLES)
        assert export_of(str(db)) == reference[1]
    assert {e["signal"] for e in log} == {"SIGTERM", "SIGKILL"}
    assert {e["phase"] for e in log} == {"documents", "resolution"}, log
    counts = {(e["signal"], e["phase"]): sum(1 for x in log if (x["signal"], x["phase"]) == (e["signal"], e["phase"]))
              for e in log}
    print(f"\n{len(log)} interruptions (seed {KILL_SEED}) on {-(-KILL_RUNS // CHAIN)} stores, every export equal: "
          f"{dict(sorted(counts.items()))}")


# the real command line, two worker processes: SIGTERM stops the workers too
SLOW_PARENT = r"""
import sys, time
from storyline import settings
settings.BATCH_SIZE = 1
from storyline.store import db
real = db.Store.write_documents
def slow(self, items):
    real(self, items)
    time.sleep(0.5)
db.Store.write_documents = slow
sys.argv = ["storyline", "build", *sys.argv[1:]]
from storyline.cli import main
main()
"""


def test_sigterm_stops_the_build_and_its_workers_cleanly(reference, tmp_path, quick_build):
    psutil = pytest.importorskip("psutil")
    db, log = tmp_path / "kb.db", tmp_path / "stderr.txt"
    with log.open("wb") as err_file:  # a file, not a pipe: a worker left behind would hold a pipe open
        proc = subprocess.Popen([sys.executable, "-c", SLOW_PARENT, str(EXAMPLES), "--db", str(db), "--workers", "2"],
                                stdout=subprocess.DEVNULL, stderr=err_file, start_new_session=True)
    try:
        me, workers = psutil.Process(proc.pid), []
        deadline = time.monotonic() + 150
        while not (len(workers) >= 2 and _peek_count(db) >= 1):
            assert proc.poll() is None, log.read_text()[-800:]
            assert time.monotonic() < deadline, "the build never stored a document"
            workers = [c for c in me.children(recursive=True) if "forkserver" in " ".join(c.cmdline())]
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    err = log.read_text()
    assert proc.returncode == 128 + signal.SIGTERM, err
    one_line_error(err, "interrupted by SIGTERM")
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"workers left behind: {[p.pid for p in alive]}"
    assert 1 <= _count(str(db)) < len(ARTICLES)
    quick_build([str(EXAMPLES)], str(db))
    assert export_of(str(db)) == reference[1]


def _peek_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_a_second_build_on_a_postgresql_store_is_refused(postgres):
    from storyline.store.faults import BuildLocked

    url = postgres.new_database("lock")
    first, second = Store(url), Store(url)
    try:
        with first.build_lock():
            with pytest.raises(BuildLocked, match="another build is writing to"):
                with second.build_lock():
                    pass
        with second.build_lock():  # freed when the first build ends, not kept by a pooled connection
            pass
        with first.build_lock():
            pass
    finally:
        first.close()
        second.close()
