"""Throughput benchmark: bare spaCy `nlp.pipe` vs the full `storyline build`, in ONE run.

    python bench/throughput.py --corpus ../shared/corpus/bbc-news-2004-2005.jsonl --limit 300

Both sides use the same spaCy model and one process, on the same articles, so the ratio
(storyline docs/s / spaCy docs/s) is what storyline's own stages cost on top of the parser.
Prints a table and writes the figures as JSON (--json-out) for docs/bench/."""
from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import spacy

from storyline import __version__
from storyline.pipeline import build
from storyline.settings import DEFAULT_MODEL


def load_texts(corpus: Path, limit: int) -> list[dict]:
    rows = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
            if len(rows) >= limit:
                break
    return rows


def bare_spacy(texts: list[str], model: str) -> float:
    nlp = spacy.load(model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def full_build(rows: list[dict], model: str) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        start = time.perf_counter()
        summary = build([str(corpus)], str(Path(tmp) / "bench.db"), model=model)
        return time.perf_counter() - start, summary.totals


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True, help="JSON lines with a 'text' field")
    ap.add_argument("--limit", type=int, default=300, help="number of articles (default 300)")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--json-out", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: corpus {args.corpus} not found (the BBC corpus lives in ../shared/corpus/)", file=sys.stderr)
        return 2
    rows = load_texts(args.corpus, args.limit)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    spacy_s = bare_spacy(texts, args.model)
    build_s, totals = full_build(rows, args.model)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "storyline_version": __version__, "model": args.model, "python": platform.python_version(),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
        "articles": len(texts), "words": words,
        "spacy_seconds": round(spacy_s, 2), "spacy_docs_per_s": round(len(texts) / spacy_s, 1),
        "spacy_words_per_s": round(words / spacy_s),
        "build_seconds": round(build_s, 2), "build_docs_per_s": round(len(texts) / build_s, 1),
        "build_words_per_s": round(words / build_s),
        "ratio_build_to_spacy": round(spacy_s / build_s, 3), "peak_rss_mb": round(peak_mb),
        "totals": totals,
    }
    print(f"{'':22}{'docs/s':>10}{'words/s':>12}{'seconds':>10}")
    print(f"{'bare spaCy nlp.pipe':22}{result['spacy_docs_per_s']:>10}{result['spacy_words_per_s']:>12}{result['spacy_seconds']:>10}")
    print(f"{'storyline build':22}{result['build_docs_per_s']:>10}{result['build_words_per_s']:>12}{result['build_seconds']:>10}")
    print(f"ratio (build speed / spaCy speed): {result['ratio_build_to_spacy']}  "
          f"articles: {len(texts)}  words: {words}  peak RSS: {result['peak_rss_mb']} MB")
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
