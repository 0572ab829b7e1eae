"""Load benchmark: `storyline serve` on loopback under concurrent readers while a second process
adds documents to the same knowledge base.

    python bench/load.py --corpus ../shared/corpus/bbc-news-2004-2005.jsonl --articles 2000 \
        --clients 16 --seconds 30 --json-out docs/bench/load.json

ONE run: the store of the first ``--articles`` corpus articles is built once and cached in out/
(rebuilt only when the corpus or the count changes); the run works on a copy. The server runs in
its own process(es) (uvicorn, ``--server-workers``), the clients in this one: ``--clients``
asyncio tasks on one httpx.AsyncClient, each cycling through the views. Two mixes:
- ``fixed``: the seven views of the issue's baseline (overview, facts, actors, network, timeline,
  a search, /api/facts), the same URLs over and over;
- ``varied``: every request a different page: an actor, a fact, a document, a search word,
  a listing page at a random offset (the corpus-wide caches help less there).
Meanwhile ``storyline build`` adds ``--add`` more articles to the store (the writer). Reported per
mix: requests/s, p50/p95/p99 latency, errors (any non-200 answer or failed request; a 404 for an
actor, fact or document page whose id the writer's resolution retired is counted apart, as
``gone_after_rebuild``, and each such page is asked again at the end: still 404, or an error), answers
that mention "database is locked", the writer's outcome, the machine's load average.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORYLINE = [sys.executable, "-m", "storyline.cli"]
KEEP_ALIVE_S = 20  # as `storyline serve` (cli_web.KEEP_ALIVE_S): longer than the client's 5 s
FIXED = ("/", "/facts", "/entities", "/network", "/timeline", "/search?q=government", "/api/facts")
WARMUP_S = 3.0
# Pages of one actor, fact or document: once the writer's build has re-resolved the store, an id the
# clients collected before may be merged into another or renamed, and its page is then a 404.
ID_PAGE = re.compile(r"^(/api)?/(entities|facts|documents)/[^/?]+")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


# --- the knowledge base -------------------------------------------------------------------
def _corpus_key(corpus: Path, n: int) -> str:
    st = corpus.stat()
    return hashlib.sha256(f"{corpus.resolve()}|{st.st_size}|{st.st_mtime_ns}|{n}".encode()).hexdigest()[:16]


def cached_store(corpus: Path, n: int, cache: Path, workers: int) -> tuple[Path, float | None]:
    """The store of the corpus's first ``n`` articles, built once per corpus and count."""
    db, stamp = cache / f"load-{n}.db", cache / f"load-{n}.key"
    key = _corpus_key(corpus, n)
    if db.exists() and stamp.exists() and stamp.read_text() == key:
        return db, None
    cache.mkdir(parents=True, exist_ok=True)
    part = cache / f"load-{n}.jsonl"
    with corpus.open(encoding="utf-8") as fh:
        part.write_text("".join(line for _, line in zip(range(n), fh)), encoding="utf-8")
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    rc = subprocess.run([*STORYLINE, "build", str(part), "--db", str(db), "--workers", str(workers)],
                        env=_env(), stdout=subprocess.DEVNULL).returncode
    if rc not in (0, 3):  # 3: some inputs failed, recorded
        sys.exit(f"building the load store failed (exit {rc})")
    stamp.write_text(key)
    return db, time.perf_counter() - t


def copy_store(src: Path, dst: Path) -> None:
    """A consistent copy (SQLite's backup API: the WAL is folded in)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def extra_articles(corpus: Path, skip: int, n: int, out: Path) -> Path:
    with corpus.open(encoding="utf-8") as fh:
        out.write_text("".join(line for i, line in zip(range(skip + n), fh) if i >= skip), encoding="utf-8")
    return out


# --- the server ----------------------------------------------------------------------------
def start_server(db: Path, port: int, workers: int) -> subprocess.Popen:
    env = {**_env(), "STORYLINE_DB": str(db)}
    cmd = [sys.executable, "-m", "uvicorn", "storyline.web.app:app_from_environment", "--factory",
           "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--log-level", "warning",
           "--no-access-log", "--timeout-keep-alive", str(KEEP_ALIVE_S)]
    return subprocess.Popen(cmd, env=env)


async def wait_ready(base: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(base + "/api/overview")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("the server did not start")


# --- the clients ---------------------------------------------------------------------------
async def varied_paths(base: str, rng: random.Random) -> list[str]:
    """A shuffled list of distinct pages: actors, facts, documents, searches, listing pages."""
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        ents = (await c.get("/api/entities?limit=200")).json()["items"]
        facts = (await c.get("/api/facts?limit=200")).json()["items"]
        docs = (await c.get("/api/documents?limit=200")).json()["items"]
        words = sorted({w for d in docs for w in (d["title"] or "").split() if w.isalpha() and len(w) > 4})
    paths = [f"/entities/{e['id']}" for e in ents] + [f"/api/entities/{e['id']}" for e in ents[:50]]
    paths += [f"/facts/{f['id']}" for f in facts] + [f"/documents/{d['id']}" for d in docs]
    paths += [f"/search?q={w}" for w in rng.sample(words, min(100, len(words)))]
    paths += [f"/{view}?offset={rng.randrange(0, 1000)}" for view in ("entities", "documents", "timeline", "facts")
              for _ in range(25)]
    paths += [f"/network?type={t}" for t in ("PERSON", "ORG", "GPE")] + list(FIXED)
    rng.shuffle(paths)
    return paths


async def run_clients(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors: dict[str, int] = {}
    locked = gone = 0
    gone_paths: set[str] = set()
    stop_at = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        async def one(worker: int) -> None:
            nonlocal locked, gone
            i = worker * 7
            while time.monotonic() < stop_at:
                path = paths[i % len(paths)]
                i += 1
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    text = r.text
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    continue
                latencies.append(time.perf_counter() - t)
                if r.status_code == 404 and ID_PAGE.match(path):
                    gone += 1  # an actor or fact the writer's resolution merged or renamed: a right answer
                    gone_paths.add(path)
                elif r.status_code != 200:
                    errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
                if "database is locked" in text:
                    locked += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(one(k) for k in range(clients)))
        wall = time.perf_counter() - t0
        for path in sorted(gone_paths):  # a page that was gone must still be gone: no transient 404
            if (await client.get(path)).status_code != 404:
                errors["transient 404"] = errors.get("transient 404", 0) + 1
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0.0] * 99
    return {"requests": len(latencies), "seconds": round(wall, 2), "requests_per_s": round(len(latencies) / wall, 1),
            "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1),
            "max_ms": round(max(latencies, default=0) * 1000, 1), "errors": sum(errors.values()),
            "gone_after_rebuild": gone,
            "errors_by_kind": errors, "database_locked": locked, "distinct_paths": len(set(paths))}


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the server and its worker processes."""
    import psutil

    procs = [psutil.Process(pid)]
    procs += procs[0].children(recursive=True)
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            continue
    return total


def start_writer(db: Path, articles: Path, log: Path) -> subprocess.Popen:
    with log.open("wb") as fh:
        return subprocess.Popen([*STORYLINE, "build", str(articles), "--db", str(db), "--workers", "1"],
                                env=_env(), stdout=fh, stderr=subprocess.STDOUT)


def documents_in(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return c.execute("select count(*) from documents").fetchone()[0]


async def measure(args: argparse.Namespace, db: Path, work: Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db, port, args.server_workers)
    writer = None
    try:
        await wait_ready(base)
        rng = random.Random(args.seed)
        mixes = {"fixed": list(FIXED), "varied": await varied_paths(base, rng)}
        await run_clients(base, mixes["fixed"], args.clients, WARMUP_S)  # the corpus-wide caches fill
        before = documents_in(db)
        extra = extra_articles(Path(args.corpus), args.articles, args.add, work / "more.jsonl")
        writer = start_writer(db, extra, work / "writer.log") if args.add else None
        load_before = os.getloadavg()
        results = {}
        for name in args.mix:
            cpu = server_cpu(server.pid)
            results[name] = await run_clients(base, mixes[name], args.clients, args.seconds)
            spent = server_cpu(server.pid) - cpu
            # CPU time is what the server itself used, whatever else the machine was running
            results[name]["server_cpu_ms_per_request"] = round(spent / max(1, results[name]["requests"]) * 1000, 2)
        writer_result = None
        if writer is not None:
            writer_still_running = writer.poll() is None
            rc = writer.wait()
            writer_result = {"exit": rc, "added_documents": documents_in(db) - before,
                             "finished_during_the_run": not writer_still_running,
                             "log_mentions_locked": "database is locked" in (work / "writer.log").read_text(errors="replace")}
        return {"mixes": results, "writer": writer_result, "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in os.getloadavg()]}
    finally:
        if writer is not None and writer.poll() is None:
            writer.kill()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "bbc-news-2004-2005.jsonl"))
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--add", type=int, default=40, help="articles the writer adds during the run (0: no writer)")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--server-workers", type=int, default=1)
    ap.add_argument("--build-workers", type=int, default=1)
    ap.add_argument("--mix", nargs="+", default=["fixed", "varied"], choices=["fixed", "varied"])
    ap.add_argument("--cache", default=str(ROOT / "out"))
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--db", help="serve this store (copied) instead of the cached corpus build")
    ap.add_argument("--json-out")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        sys.exit(f"no corpus at {corpus}")
    if args.db:
        cached, built_s = Path(args.db), None
    else:
        cached, built_s = cached_store(corpus, args.articles, Path(args.cache), args.build_workers)
    work = Path(args.cache) / "load-run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "kb.db"
    copy_store(cached, db)
    result = asyncio.run(measure(args, db, work))
    report = {"articles": args.articles, "documents_at_start": None, "clients": args.clients,
              "seconds_per_mix": args.seconds, "server_workers": args.server_workers, "writer_articles": args.add,
              "store_build_s": round(built_s, 1) if built_s else "cached",
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
              **result}
    with sqlite3.connect(cached) as c:
        report["documents_at_start"] = c.execute("select count(*) from documents").fetchone()[0]
    text = json.dumps(report, indent=1)
    print(text)
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
