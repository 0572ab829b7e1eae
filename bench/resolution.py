"""Entity resolution benchmark: scaling on synthetic mentions, and the exact-name baseline.

    python bench/resolution.py --sizes 10000 100000 1000000 [--json-out docs/bench/resolution.json]

1. Scaling: N synthetic mention rows built from real name-variation patterns (romanisation
   variants kh/h, ch/h, ii/i, y/j/i, o/a; russified -ov endings; titles; surname-only references;
   acronyms of organisations; two people sharing a surname), ~20 mentions per document with a
   Zipf-like spread of actors over documents. Each size runs in a fresh process: wall time and
   peak resident memory of `resolve_entities`, plus pairwise precision/recall of the clustering
   against the generator's truth.
2. Baseline (same run): on the seeds and the sample corpus, alias_pair P/R/F1 of merging by
   normalised exact name only (what StoryWeb does automatically) beside storyline's resolution,
   scored by the shared scorer's alias metric.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

SYLLABLES = "nur lan ab du rakh mon ti mur dil no za yu su po va er sa dyk bek ali ka rim ra shid oz ol gul na ra".split()
FOLDS = [("kh", "h"), ("ch", "h"), ("ii", "i"), ("yu", "ju"), ("y", "i"), ("o", "a")]
ORG_WORDS = "National Emergency Service Hydropower Company Regional Water Authority Union Bank Party Movement Institute".split()
TITLES = ["Mr", "Ms", "Minister", "President", "Dr"]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _variant(rng: random.Random, name: str, surname: bool) -> str:
    """One outlet's romanisation of a name: a fold applied or undone, sometimes a russified ending."""
    out = name
    a, b = rng.choice(FOLDS)
    if a in out.lower() and rng.random() < 0.5:
        out = out.replace(a, b).replace(a.capitalize(), b.capitalize())
    elif b in out.lower() and rng.random() < 0.3:
        out = out.replace(b, a, 1)
    if surname and rng.random() < 0.05 and not out.endswith("ov"):
        out += "ov"
    return out


def synthetic_mentions(n: int, seed: int = 7) -> tuple[list[dict], dict[str, int]]:
    """Mention rows as the store holds them, and the true actor of each surface key."""
    rng = random.Random(seed)
    n_actors = max(50, n // 40)
    actors = []
    for a in range(n_actors):
        if rng.random() < 0.7:
            first, last = _name(rng, 2), _name(rng, 3)
            if a and rng.random() < 0.05:  # a relative sharing a surname with an earlier person
                last = actors[rng.randrange(len(actors))][1].split()[-1] if actors[-1][0] == "PERSON" else last
            actors.append(("PERSON", f"{first} {last}"))
        else:
            words = rng.sample(ORG_WORDS, 3)
            actors.append(("ORG", f"{_name(rng, 2)} {' '.join(words)}"))
    weights = [1 / (r + 1) for r in range(n_actors)]
    rows, truth = [], {}
    doc = 0
    while len(rows) < n:
        doc += 1
        picked = set(rng.choices(range(n_actors), weights=weights, k=8))
        for a in picked:
            label, name = actors[a]
            if label == "PERSON":
                first, last = name.split()
                spelled = f"{_variant(rng, first, False)} {_variant(rng, last, True)}"
            else:
                spelled = name
            full_in_doc = label != "PERSON" or rng.random() < 0.85
            key = spelled if full_in_doc else spelled.split()[-1]
            aliases = []
            if label == "ORG" and rng.random() < 0.3:
                aliases.append("".join(w[0] for w in name.split()))
            for k in range(rng.randint(1, 4)):
                text = key if k == 0 or label != "PERSON" else rng.choice([key.split()[-1], f"{rng.choice(TITLES)} {key.split()[-1]}"])
                rows.append({"document_id": f"d{doc}", "text": text, "label": label, "key": key, "aliases": aliases})
            truth.setdefault(f"d{doc}|{key}", a)
    return rows[:n], truth


def run_size(n: int) -> dict:
    from storyline.resolve.entities import resolve_entities

    rows, truth = synthetic_mentions(n)
    start = time.perf_counter()
    entities, owner = resolve_entities(rows)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # pairwise precision/recall over distinct (document, key) nodes, sampled per true actor
    by_true, by_pred = defaultdict(list), defaultdict(list)
    for (doc, key), eid in owner.items():
        t = truth.get(f"{doc}|{key}")
        if t is not None:
            by_true[t].append(eid)
            by_pred[eid].append(t)
    tp = sum(len(v) ** 2 - sum(v.count(e) ** 2 for e in set(v)) for v in by_true.values())
    same_true = sum(len(v) * (len(v) - 1) for v in by_true.values())
    same_pred = sum(len(v) * (len(v) - 1) for v in by_pred.values())
    correct = sum(sum(v.count(t) * (v.count(t) - 1) for t in set(v)) for v in by_pred.values())
    return {"mentions": n, "nodes": len(owner), "entities": len(entities), "seconds": round(seconds, 2),
            "mentions_per_s": round(n / seconds), "peak_rss_mb": round(peak),
            "pair_precision": round(correct / same_pred, 3) if same_pred else 1.0,
            "pair_recall": round(correct / same_true, 3) if same_true else 1.0,
            "split_pairs": tp}


def run_incremental(n: int, added_share: float = 0.01) -> dict:
    """A store resolved once, then a few more documents: the incremental resolution against a
    full rebuild of the same store (same process, same data), and whether they agree."""
    from storyline.model import CleanDocument, DocumentAnalysis, Mention
    from storyline.resolution import resolve
    from storyline.store import schema as S
    from storyline.store.db import Store

    rows, _ = synthetic_mentions(n)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_doc[r["document_id"]].append(r)
    docs = []
    for doc_id, ms in by_doc.items():
        body, mentions = "", []
        for m in ms:
            mentions.append(Mention(len(body), len(body) + len(m["text"]), m["text"], m["label"], m["key"],
                                    tuple(m["aliases"])))
            body += m["text"] + ". "
        docs.append((CleanDocument(doc_id, doc_id, body), DocumentAnalysis(doc_id, mentions=tuple(mentions))))
    cut = len(docs) - max(1, round(len(docs) * added_share))

    def state(store: Store) -> tuple:
        return (list(store.rows(S.entities, S.entities.c.id)),
                [(m["document_id"], m["position"], m["entity_id"]) for m in store.per_document(S.mentions)])

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "kb.db"))
        for i in range(0, cut, 500):
            store.write_documents(docs[i:min(i + 500, cut)])
        start = time.perf_counter()
        resolve(store)
        first = time.perf_counter() - start
        store.write_documents(docs[cut:])
        start = time.perf_counter()
        report = resolve(store)
        incremental = time.perf_counter() - start
        after = state(store)
        start = time.perf_counter()
        resolve(store, full=True)
        full = time.perf_counter() - start
        same = state(store) == after
    return {"mentions": n, "documents": len(docs), "documents_added": len(docs) - cut,
            "nodes_total": report.nodes_total, "nodes_clustered": report.nodes_clustered,
            "first_resolution_s": round(first, 2), "incremental_s": round(incremental, 2),
            "full_rebuild_s": round(full, 2), "identical_to_full": same}


def baseline_and_storyline() -> list[dict]:
    """alias_pair metrics for exact-name merging vs storyline on the corpora with gold."""
    from storyline.export.contract import build_export
    from storyline.pipeline import build
    from storyline.resolve.names import name_key
    from storyline.store.db import Store

    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    out = []
    for name, articles, gold in (("seeds", SHARED / "seeds", SHARED / "seeds" / "gold"),
                                 ("examples", ROOT / "examples" / "articles", ROOT / "examples" / "gold")):
        with tempfile.TemporaryDirectory() as tmp:
            files = sorted(str(p) for p in articles.iterdir() if p.suffix in (".txt", ".html"))
            db = str(Path(tmp) / "kb.db")
            build(files, db)
            export = build_export(Store(db, create=False))
        groups = defaultdict(set)  # the baseline: one entity per normalised surface form
        for m in export["mentions"]:
            groups[name_key(m["text"])].add(m["text"])
        baseline = {"documents": export["documents"], "mentions": [], "entities": [
            {"id": f"b{i}", "name": sorted(forms)[0], "aliases": sorted(forms), "type": "OTHER", "documents": []}
            for i, forms in enumerate(groups.values())]}
        for label, pred in (("exact-name baseline", baseline), ("storyline", export)):
            scorer = score.Scorer(articles, gold, pred)
            scorer.aliases()
            m = scorer.metrics
            out.append({"corpus": name, "method": label, "alias_pair_p": round(m["alias_pair_p"], 3),
                        "alias_pair_r": round(m["alias_pair_r"], 3), "alias_pair_f1": round(m["alias_pair_f1"], 3)})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--json-out", type=Path)
    ap.add_argument("--incremental", type=int, default=100_000,
                    help="mentions in the store for the incremental scenario (0: skip it)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in this process
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_size(args.one)))
        return 0
    scaling = []
    for n in args.sizes:
        res = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        scaling.append(json.loads(res.stdout))
        r = scaling[-1]
        print(f"{r['mentions']:>9,} mentions  {r['nodes']:>8,} nodes  {r['entities']:>7,} entities  "
              f"{r['seconds']:>7.2f} s  {r['mentions_per_s']:>8,}/s  peak {r['peak_rss_mb']:>5} MB  "
              f"pair P {r['pair_precision']:.3f} R {r['pair_recall']:.3f}")
    # after the sizes: each size's peak memory is read in a child process, which would inherit
    # this process's high-water mark
    incremental = run_incremental(args.incremental) if args.incremental else None
    if incremental:
        r = incremental
        print(f"incremental: {r['documents_added']} documents added to {r['documents']:,} "
              f"({r['mentions']:,} mentions): {r['nodes_clustered']:,} of {r['nodes_total']:,} nodes clustered, "
              f"{r['incremental_s']} s vs full rebuild {r['full_rebuild_s']} s "
              f"(first resolution {r['first_resolution_s']} s); identical: {r['identical_to_full']}")
    base = baseline_and_storyline() if (SHARED / "eval" / "score.py").exists() else []
    for b in base:
        print(f"{b['corpus']:<9} {b['method']:<20} alias_pair P {b['alias_pair_p']:.3f} "
              f"R {b['alias_pair_r']:.3f} F1 {b['alias_pair_f1']:.3f}")
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps({"scaling": scaling, "incremental": incremental, "baseline": base},
                                              indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
