"""Incremental builds: adding articles later equals building them at once, re-running changes
nothing, and a build killed at any point (kill -9) is completed by the next one."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_helpers import EXAMPLES, comparable

from storyline.export.contract import build_export
from storyline.store import schema as S
from storyline.store.db import Store

# a build slowed down at one point, writing a marker file there, so that the test can kill it
# exactly while it is writing documents or while the resolution transaction is open
SLOW_BUILD = r"""
import sys, time, pathlib
mode, marker = sys.argv[1], pathlib.Path(sys.argv[2])
if mode == "documents":
    from storyline import settings
    settings.BATCH_SIZE = 1  # one document per chunk (and per transaction), so the kill lands between two
    from storyline.store import db
    real = db.Store.write_documents
    def slow(self, items):
        real(self, items)
        marker.write_text(str(int(marker.read_text()) + len(items)) if marker.exists() else str(len(items)))
        time.sleep(0.4)
    db.Store.write_documents = slow
else:
    from storyline.store import resolution as run
    real_insert = run.insert
    def held(table):
        if table is run.S.facts and not marker.exists():
            marker.write_text("1")
            time.sleep(120)
        return real_insert(table)
    run.insert = held
sys.argv = ["storyline", "build", *sys.argv[3:]]
from storyline.cli import main
main()
"""


@pytest.fixture(scope="module")
def reference(quick_build, tmp_path_factory):
    db = str(tmp_path_factory.mktemp("ref") / "all.db")
    quick_build([str(EXAMPLES)], db)
    return db, comparable(build_export(Store(db, create=False)))


def row_counts(db: str) -> dict[str, int]:
    store = Store(db, create=False)
    return {t.name: store.count(t) for t in S.metadata.sorted_tables if t.name not in ("runs", "migrations")}


def test_half_then_the_rest_equals_all_at_once(quick_build, reference, tmp_path):
    files = sorted(str(p) for p in EXAMPLES.iterdir() if p.is_file())
    db = str(tmp_path / "halves.db")
    first = quick_build(files[: len(files) // 2], db)
    second = quick_build(files[len(files) // 2:], db)
    assert first.documents_new + second.documents_new == len(files)
    assert comparable(build_export(Store(db, create=False))) == reference[1]
    assert row_counts(db) == row_counts(reference[0])


def test_rerunning_the_same_inputs_changes_nothing(quick_build, reference, tmp_path):
    db = str(tmp_path / "again.db")
    shutil.copy(reference[0], db)
    before = row_counts(db)
    summary = quick_build([str(EXAMPLES)], db)
    assert summary.documents_new == 0
    assert row_counts(db) == before
    assert comparable(build_export(Store(db, create=False))) == reference[1]


def _kill_when(mode: str, db: Path, marker: Path, ready) -> None:
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, mode, str(marker), str(EXAMPLES), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 180
    try:
        while not (marker.exists() and ready(marker.read_text() or "0")):
            assert proc.poll() is None, f"build ended before the kill: {proc.stderr.read().decode()[-500:]}"
            assert time.monotonic() < deadline, "the build never reached the kill point"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("mode", ["documents", "resolution"])
def test_a_build_killed_mid_way_is_completed_by_the_next(quick_build, reference, tmp_path, mode):
    db, marker = tmp_path / "killed.db", tmp_path / "marker"
    _kill_when(mode, db, marker, (lambda n: int(n) >= 2) if mode == "documents" else (lambda n: True))
    written = Store(str(db), create=False).count(S.documents)
    if mode == "documents":
        assert 2 <= written < len(list(EXAMPLES.iterdir()))  # killed with some documents written, not all
        assert Store(str(db), create=False).count(S.entities) == 0  # resolution never ran
    else:
        assert written == len(list(EXAMPLES.iterdir()))
        assert Store(str(db), create=False).count(S.facts) == 0  # the open resolution was rolled back
    summary = quick_build([str(EXAMPLES)], str(db))
    assert summary.documents_known == written
    assert comparable(build_export(Store(str(db), create=False))) == reference[1]
    assert row_counts(str(db)) == row_counts(reference[0])


def test_writing_a_document_again_replaces_its_rows(tmp_path):
    from storyline.model import CleanDocument, DocumentAnalysis, Mention

    store = Store(str(tmp_path / "kb.db"))
    doc = CleanDocument("d1", "d1.txt", "Anna Ivanova spoke in Kazgaria.")
    first = DocumentAnalysis("d1", mentions=(Mention(0, 12, "Anna Ivanova", "PERSON", "Anna Ivanova"),
                                             Mention(22, 30, "Kazgaria", "GPE", "Kazgaria")))
    store.write_documents([(doc, first)])
    store.write_documents([(doc, DocumentAnalysis("d1", mentions=first.mentions[1:]))])  # analysed again
    assert [m["text"] for m in store.per_document(S.mentions)] == ["Kazgaria"]
    assert store.count(S.documents) == 1 and store.count(S.document_signatures) == 1
