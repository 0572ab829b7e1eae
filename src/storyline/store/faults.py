"""Store stage: faults of the file or the disk behind ``--db``, told as one line naming the fix.

A knowledge base can be a file storyline did not write (random bytes, another application's
SQLite database), sit on a full disk or a read-only folder, or be in use by another build. Each
becomes a ``StoreFault`` (a ``StorylineError``: the CLI prints it, no traceback) and the file is
never overwritten: a foreign or damaged file is refused before anything writes to it, and a
failed write rolls back its own transaction, so what was stored before stays as it was."""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from storyline.errors import StorylineError

SQLITE_MAGIC = b"SQLite format 3\x00"
# tables that only a storyline store has (a store from before the ledger has schema_info)
OWN_TABLES = {"migrations", "schema_info"}
# one advisory lock key for "a build is writing to this database" (PostgreSQL only)
PG_BUILD_LOCK = 0x5707_1E17
# PostgreSQL SQLSTATEs: disk full, out of memory/quota, read-only transaction or server
PG_FULL = {"53100", "53200", "53400"}
PG_READ_ONLY = {"25006"}


class StoreFault(StorylineError):
    """The knowledge base cannot be used as it is; the message names the file and the fix."""


class BuildLocked(StoreFault):
    def __init__(self, db: str, holder: str = "") -> None:
        who = f" (process {holder})" if holder else ""
        super().__init__(f"another build is writing to {db!r}{who}: wait for it to finish, then run this "
                         f"build again (or pass another --db)")


def not_a_store(db: str, what: str) -> StoreFault:
    return StoreFault(f"{db!r} is not a storyline knowledge base ({what}); it was left untouched: "
                      f"pass --db with a new file name, or the right file")


def read_only(db: str) -> StoreFault:
    name = Path(db).name
    return StoreFault(f"the knowledge base {db!r} is read-only: storyline must write the file and create "
                      f"{name}-wal, {name}-shm and {name}.lock in its folder; make both writable "
                      f"(chmod u+w), or copy it to a writable place and pass that --db")


def disk_full(db: str) -> StoreFault:
    return StoreFault(f"no space left on the disk of the knowledge base {db!r}: the last write was rolled "
                      f"back and what was stored before is kept; free some space (or pass --db on another "
                      f"disk) and run the same command again")


def check_sqlite_file(db: str) -> None:
    """Refuse a file that is not a storyline store before any connection writes to it (even
    the WAL pragma rewrites a SQLite file's header): not SQLite, damaged, or another
    application's database. An absent or empty file is a new store."""
    path = Path(db)
    if not path.is_file() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except PermissionError:
        raise StoreFault(f"cannot read the knowledge base {db!r}: permission denied; make it readable "
                         f"(chmod u+r) or pass another --db") from None
    if head != SQLITE_MAGIC:
        raise not_a_store(db, "not a SQLite database file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise sqlite_fault(db, exc) or not_a_store(db, f"unreadable as SQLite: {exc}") from None
    user_tables = sorted(t for t in tables if not t.startswith("sqlite_"))
    if user_tables and not OWN_TABLES & tables:
        shown = ", ".join(user_tables[:5]) + (", ..." if len(user_tables) > 5 else "")
        raise not_a_store(db, f"a SQLite database of another application, tables: {shown}")


def sqlite_fault(db: str, exc: BaseException) -> StoreFault | None:
    """The fault a SQLite error stands for, or None for errors of storyline's own SQL."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_FULL"):
        return disk_full(db)
    if name.startswith("SQLITE_READONLY") or name == "SQLITE_CANTOPEN_ISDIR":
        return read_only(db)
    if name.startswith("SQLITE_CANTOPEN"):
        if os.path.exists(db) and not os.access(os.path.dirname(os.path.abspath(db)), os.W_OK):
            return read_only(db)
        return StoreFault(f"cannot open the knowledge base {db!r} ({exc}): check that its folder exists "
                          f"and is readable, or pass another --db")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreFault(f"the knowledge base {db!r} stayed locked by another process writing to it: wait "
                          f"for that process to finish, then run the same command again")
    if name.startswith("SQLITE_NOTADB"):
        return not_a_store(db, "not a SQLite database file")
    if name.startswith("SQLITE_CORRUPT"):
        return StoreFault(f"the knowledge base {db!r} is damaged ({exc}): restore it from a backup or build "
                          f"into a new --db file; storyline does not repair or overwrite it")
    if name.startswith("SQLITE_IOERR"):
        if "full" in str(exc).lower():
            return disk_full(db)
        return StoreFault(f"disk I/O error on the knowledge base {db!r} ({exc}): check the disk and free "
                          f"space, then run the same command again")
    return None


def pg_fault(db: str, exc: BaseException) -> StoreFault | None:
    state = getattr(exc, "sqlstate", None)
    if state in PG_FULL:
        return StoreFault(f"the PostgreSQL server of {_safe(db)} is out of space ({exc}): free space on the "
                          f"server, then run the same command again")
    if state in PG_READ_ONLY:
        return StoreFault(f"the PostgreSQL database {_safe(db)} is read-only for this user: connect as a user "
                          f"that may write, or to the primary server")
    return None


def _safe(db: str) -> str:
    """A URL without its password, for messages."""
    if "@" not in db:
        return repr(db)
    scheme, _, rest = db.partition("://")
    return repr(f"{scheme}://…@{rest.rpartition('@')[2]}")


def translate(db: str, dialect: str, exc: BaseException) -> StoreFault | None:
    return sqlite_fault(db, exc) if dialect == "sqlite" else pg_fault(db, exc)


@contextmanager
def sqlite_build_lock(db: str) -> Iterator[None]:
    """Hold ``DB.lock`` (an exclusive flock) for a build; the kernel frees it when the process
    ends, kill -9 included, so there is no stale lock to clean up. The file itself stays."""
    import fcntl

    lock_path = f"{db}.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except (PermissionError, OSError) as exc:
        if isinstance(exc, PermissionError) or exc.errno == 30:  # EROFS
            raise read_only(db) from None
        raise
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(db, os.pread(fd, 32, 0).decode(errors="replace").strip()) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock


@contextmanager
def pg_build_lock(engine: Any, db: str) -> Iterator[None]:
    """A session advisory lock on a connection held for the build (freed if the process dies)."""
    conn = engine.connect()
    try:
        if not conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({PG_BUILD_LOCK})").scalar():
            raise BuildLocked(_safe(db).strip("'"))
        conn.commit()
        try:
            yield
        finally:  # the connection goes back to the pool: the lock must not go with it
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({PG_BUILD_LOCK})")
            conn.commit()
    finally:
        conn.close()
