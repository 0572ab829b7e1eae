"""Engines: the same build in one process, in two worker processes and on a Dask LocalCluster
gives the same knowledge base (ids, rows, export)."""
from __future__ import annotations

from pathlib import Path

import pytest

from storyline.export.contract import build_export
from storyline.pipeline import build
from storyline.store.db import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
COMPARED = ("documents", "entities", "mentions", "quotes", "quantities", "dates", "relations", "facts",
            "stories", "failures", "sentences")


def export_of(tmp_path: Path, name: str, **engine) -> dict:
    db = str(tmp_path / f"{name}.db")
    build([str(EXAMPLES)], db, batch_size=2, **engine)  # small chunks: several in flight at once
    export = build_export(Store(db, create=False))
    return {k: export[k] for k in COMPARED}


@pytest.fixture(scope="module")
def local(tmp_path_factory, nlp):
    return export_of(tmp_path_factory.mktemp("local"), "local", workers=1)


def test_two_worker_processes_give_the_same_knowledge_base(local, tmp_path):
    assert export_of(tmp_path, "procs", workers=2) == local


def test_dask_local_cluster_gives_the_same_knowledge_base(local, tmp_path):
    pytest.importorskip("dask.distributed")
    assert export_of(tmp_path, "dask", workers=2, engine="dask") == local


def test_workers_of_a_killed_build_exit_too(tmp_path):
    """kill -9 on a build must not leave worker processes behind, each holding a pipeline. The
    build is killed while both its workers are seen running (the test fails if they never are)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    psutil = pytest.importorskip("psutil")
    articles = tmp_path / "in"
    articles.mkdir()
    for copy in range(6):  # enough distinct articles that the build is still running when killed
        for src in EXAMPLES.glob("*.txt"):
            (articles / f"{copy}_{src.name}").write_text(src.read_text(encoding="utf-8") + f"\n\nFile {copy}.\n",
                                                         encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli", "build", str(articles), "--db",
                             str(tmp_path / "k.db"), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    me = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    workers: list = []
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = [c for c in me.children(recursive=True) if "forkserver" in " ".join(c.cmdline())]
        time.sleep(0.2)
    assert proc.poll() is None, "the build ended before its workers were seen"
    assert len(workers) >= 2, "the build's two workers were never seen running"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert gone and not alive, f"left behind: {[p.pid for p in alive]}"
