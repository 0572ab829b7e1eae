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
