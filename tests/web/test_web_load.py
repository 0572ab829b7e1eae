"""A small version of the load run (bench/load.py): concurrent readers on a live loopback server
while a second process adds a document to the same SQLite store (WAL). Every answer is a 200,
none mentions "database is locked", the writer succeeds, and its document is then served."""
from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from web_helpers import live_server

pytest.importorskip("fastapi", reason="the web app needs fastapi and uvicorn (storyline's dependencies: pip install -e .)")
httpx = pytest.importorskip("httpx")
import storyline
from storyline.web import create_app
from storyline.store.read.pages import STAMP_TTL

CLIENTS = 8
MAX_S = 180  # the readers stop when the writer is done, or by then
NEW_ARTICLE = """Ferry service to Skellan Island resumes after storm

SKELLAN, 12 June 2024 - The ferry service to Skellan Island resumed on Wednesday after a storm
closed the harbour for three days, the operator Norrline said. About 400 passengers had been
waiting on the mainland, harbour master Ilse Brandt said.
"""


async def _read(base: str, paths: list[str], writer: subprocess.Popen) -> tuple[list[float], dict, int]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    locked = 0
    deadline = time.monotonic() + MAX_S

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        async def one(k: int) -> None:
            nonlocal locked
            i = k
            # read at least until the writer is done, and at least two rounds of every page
            while (writer.poll() is None or i < k + 2 * len(paths)) and time.monotonic() < deadline:
                path = paths[i % len(paths)]
                i += 1
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    continue
                latencies.append(time.perf_counter() - t)
                if r.status_code != 200:
                    errors[f"{r.status_code} {path}"] = errors.get(f"{r.status_code} {path}", 0) + 1
                if "database is locked" in r.text:
                    locked += 1

        await asyncio.gather(*(one(k) for k in range(CLIENTS)))
    return latencies, errors, locked


def test_readers_see_no_error_while_another_process_adds_documents(sample_db, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copy(sample_db, db)
    article = tmp_path / "new" / "ferry.txt"
    article.parent.mkdir()
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    # the writer runs the same storyline as the server under test
    env = {**os.environ, "PYTHONPATH": str(Path(storyline.__file__).resolve().parents[1]) + os.pathsep
           + os.environ.get("PYTHONPATH", "")}
    with live_server(create_app(str(db))) as base:
        first = httpx.get(base + "/api/documents?limit=200").json()["items"]
        ent = httpx.get(base + "/api/entities").json()["items"][0]["id"]
        fact = httpx.get(base + "/api/facts").json()["items"][0]["id"]
        paths = ["/", "/facts", "/entities", "/network", "/timeline", "/search?q=dam", "/api/facts",
                 f"/entities/{ent}", f"/facts/{fact}", f"/documents/{first[0]['id']}", "/documents"]
        writer = subprocess.Popen([sys.executable, "-m", "storyline.cli", "build", str(article.parent), "--db", str(db),
                                   "--workers", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        t0 = time.perf_counter()
        # a thread of its own: the browser tests' Playwright may hold an event loop in this one
        with ThreadPoolExecutor(1) as pool:
            latencies, errors, locked = pool.submit(asyncio.run, _read(base, paths, writer)).result()
        wall = time.perf_counter() - t0
        out = writer.communicate(timeout=MAX_S)[0].decode(errors="replace")
        assert writer.returncode == 0, out
        time.sleep(min(STAMP_TTL, 5) + 0.1)
        after = httpx.get(base + "/api/documents?limit=200").json()["items"]
    assert not errors, errors
    assert locked == 0
    assert "database is locked" not in out
    assert len(after) == len(first) + 1  # the writer's document is served once its build is done
    latencies.sort()
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    print(f"\n{len(latencies)} requests in {wall:.1f} s ({len(latencies) / wall:.1f}/s) with a writer; "
          f"p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    assert len(latencies) >= CLIENTS * 2 * len(paths)


def test_readers_answer_while_a_writer_holds_an_exclusive_transaction(sample_copy):
    """The collision the run above may never produce on a small store: a writer in the middle of a
    transaction (here an exclusive one, held open). In WAL mode readers go on reading the last
    committed state; in a rollback journal they would wait for the lock and then fail with
    "database is locked"."""
    import sqlite3

    from fastapi.testclient import TestClient

    app = create_app(sample_copy)
    client = TestClient(app, raise_server_exceptions=False)
    ents = [e["id"] for e in client.get("/api/entities?limit=5").json()["items"]]
    app.state.reader.invalidate()
    paths = ["/", "/facts", "/network", "/timeline", "/search?q=dam", *(f"/entities/{e}" for e in ents)]
    writer = sqlite3.connect(sample_copy, timeout=0, isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute("UPDATE runs SET finished = finished")  # a write under way, not committed
        answers = [client.get(p) for p in paths]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert len(ents) == 5
    assert [(p, r.status_code) for p, r in zip(paths, answers) if r.status_code != 200] == []
    assert not [p for p, r in zip(paths, answers) if "database is locked" in r.text]
