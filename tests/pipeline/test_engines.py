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
    """kill -9 on a build must not leave worker processes behind, each holding a pipeline."""
    import os
    import signal
    import subprocess
    import sys
    import time

    psutil = pytest.importorskip("psutil")
    proc = subprocess.Popen([sys.executable, "-m", "storyline.cli", "build", str(EXAMPLES), "--db",
                             str(tmp_path / "k.db"), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    me = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    workers: list = []
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = [c for c in me.children(recursive=True) if "forkserver" in " ".join(c.cmdline())]
        time.sleep(0.2)
    if proc.poll() is not None:
        pytest.skip("the build finished before its workers could be observed")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"left behind: {[p.pid for p in alive]}"
