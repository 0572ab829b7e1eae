#!/usr/bin/env python3
"""Self-check for the sample corpus gold: every annotated span must occur verbatim in its article.

    python examples/gold/check_gold.py

For each gold file it checks that the body's first/last words, every boilerplate line, entity
mention, quote start, quantity text and date text occur in the article (boilerplate lines as whole
raw lines, spans inside the body), that repeated spans occur at least as often as they are listed,
that speakers and relation ends name entities of the same file, and that cross.json only cites
ids, spans and aliases that exist. Prints per-file counts; exits 1 on any problem. Standard library
only, so it runs without the project installed.
"""
from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parent / "articles"
QUOTE_CHARS = "\"'“”‘’«»„‚‹›"


def article_path(name: str) -> Path | None:
    for ext in (".txt", ".html"):
        path = ARTICLES / f"{name}{ext}"
        if path.exists():
            return path
    return None


def html_text(raw: str) -> str:
    """Visible text of the article element, one block per line (tags dropped, entities decoded)."""
    match = re.search(r"<article\b.*?</article>", raw, re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", match.group(0) if match else raw, flags=re.S)
    text = re.sub(r"</(p|h\d|li|div|section)>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def body_text(path: Path, gold: dict) -> str:
    """The gold body: text between body_first_words and body_last_words (whitespace collapsed)."""
    raw = path.read_text(encoding="utf-8")
    text = html_text(raw) if path.suffix == ".html" else raw
    flat = " ".join(text.split())
    start = flat.find(gold["body_first_words"])
    end = flat.rfind(gold["body_last_words"])
    if start < 0 or end < 0:
        return ""
    return flat[start:end + len(gold["body_last_words"])]


def check_file(gold_path: Path, problems: list[str]) -> dict[str, int]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    name = gold_path.stem
    if gold.get("id") != name:
        problems.append(f"{name}: id is {gold.get('id')!r}")
    path = article_path(name)
    if path is None:
        problems.append(f"{name}: no article file")
        return {}
    body = body_text(path, gold)
    if not body:
        problems.append(f"{name}: body_first_words/body_last_words not found")
        return {}
    for key in ("body_first_words", "body_last_words"):
        if len(gold[key].split()) != 8:
            problems.append(f"{name}: {key} is not 8 tokens")
    lines = path.read_text(encoding="utf-8").splitlines()
    raw_lines = Counter(lines)
    first = next((i for i, line in enumerate(lines) if gold["body_first_words"] in " ".join(line.split())), 0)
    last = max((i for i, line in enumerate(lines) if gold["body_last_words"] in " ".join(line.split())), default=-1)
    body_lines = set(lines[first:last + 1]) if path.suffix == ".txt" else set()
    for line, n in Counter(gold["boilerplate_lines"]).items():
        if raw_lines[line] < n:
            problems.append(f"{name}: boilerplate line x{n} not in file: {line!r}")
        if line in body_lines:
            problems.append(f"{name}: boilerplate line inside the body: {line!r}")

    canon = {e["canonical"] for e in gold["entities"]}
    spans: dict[str, list[str]] = {
        "mentions": [m for e in gold["entities"] for m in e["mentions"]],
        "quotes": [q["start"] for q in gold["quotes"]],
        "quantities": [q["text"] for q in gold["quantities"]],
        "dates": [d["text"] for d in gold["dates"]],
    }
    for kind, texts in spans.items():
        for text, n in Counter(texts).items():
            found = body.count(" ".join(text.split()))
            # mentions are distinct forms; quantities and dates are listed once per occurrence
            if found == 0 or (kind in ("quantities", "dates") and found < n):
                problems.append(f"{name}: {kind[:-1]} {text!r} listed {n}x, found {found}x in body")
    for q in gold["quotes"]:
        if q["speaker"] is not None and q["speaker"] not in canon:
            problems.append(f"{name}: speaker {q['speaker']!r} is not an entity of the file")
        if q["kind"] not in ("direct", "indirect"):
            problems.append(f"{name}: quote kind {q['kind']!r}")
        at = body.find(" ".join(q["start"].split()))
        if q["kind"] == "direct" and at >= 0 and (at == 0 or body[at - 1] not in QUOTE_CHARS):
            problems.append(f"{name}: direct quote does not open with a quotation mark: {q['start']!r}")
        if len(q["start"].split()) > 8:
            problems.append(f"{name}: quote start longer than 8 words: {q['start']!r}")
    for r in gold["relations"]:
        for end in (r["subject"], r["object"]):
            if end not in canon:
                problems.append(f"{name}: relation end {end!r} is not an entity of the file")
    for q in gold["quantities"]:
        value = q["value"]
        if q["qualifier"] == "range" and not (isinstance(value, list) and len(value) == 2):
            problems.append(f"{name}: range {q['text']!r} needs [low, high]")
    for d in gold["dates"]:
        norm = d["normalized"]
        if norm is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?|\d{4}/\d{4}", norm):
            problems.append(f"{name}: date {d['text']!r} normalized badly: {norm!r}")
    counts = {k: len(v) for k, v in spans.items()}
    counts["entities"] = len(gold["entities"])
    counts["quotes_direct"] = sum(q["kind"] == "direct" for q in gold["quotes"])
    counts["boilerplate"] = len(gold["boilerplate_lines"])
    counts["relations"] = len(gold["relations"])
    return counts


def check_cross(golds: dict[str, dict], problems: list[str]) -> dict[str, int]:
    cross = json.loads((HERE / "cross.json").read_text(encoding="utf-8"))
    for cluster in cross.get("entity_aliases", []):
        for doc in cluster["articles"]:
            entity = next((e for e in golds.get(doc, {}).get("entities", [])
                           if e["canonical"] == cluster["canonical"]), None)
            if entity is None:
                problems.append(f"cross: {cluster['canonical']!r} not an entity of {doc}")
        forms = {m for doc in cluster["articles"] for e in golds.get(doc, {}).get("entities", [])
                 if e["canonical"] == cluster["canonical"] for m in e["mentions"]}
        if set(cluster["aliases"]) != forms:
            problems.append(f"cross: aliases of {cluster['canonical']!r} differ from the file mentions")
    for fact in cross.get("facts", []):
        if fact["relation"] not in ("agree", "conflict", "evolving"):
            problems.append(f"cross: fact {fact['fact']!r} has relation {fact['relation']!r}")
        for claim in fact["claims"]:
            quantities = golds.get(claim["article"], {}).get("quantities", [])
            match = [q for q in quantities if q["text"] == claim["text"]]
            if not match:
                problems.append(f"cross: claim {claim['text']!r} is not a quantity of {claim['article']}")
            elif match[0]["value"] != claim["value"]:
                problems.append(f"cross: claim {claim['text']!r} value differs from {claim['article']}")
    for story, docs in cross.get("stories", {}).items():
        for doc in docs:
            if doc not in golds:
                problems.append(f"cross: story {story!r} names unknown id {doc}")
    stories = cross.get("stories", {})
    listed = [d for docs in stories.values() for d in docs]
    if sorted(listed) != sorted(golds):
        problems.append("cross: stories do not list every article exactly once")
    for dup in cross.get("duplicates", []):
        for key in ("document", "duplicate_of"):
            if dup[key] not in golds:
                problems.append(f"cross: duplicate names unknown id {dup[key]}")
    return {"entity_aliases": len(cross.get("entity_aliases", [])), "facts": len(cross.get("facts", [])),
            "stories": len(stories)}


def main() -> int:
    problems: list[str] = []
    golds = {}
    columns = ("boilerplate", "entities", "mentions", "quotes", "quotes_direct", "quantities", "dates", "relations")
    print(f"{'file':40s} " + " ".join(f"{c[:11]:>11s}" for c in columns))
    for gold_path in sorted(HERE.glob("*.json")):
        if gold_path.name == "cross.json":
            continue
        golds[gold_path.stem] = json.loads(gold_path.read_text(encoding="utf-8"))
        counts = check_file(gold_path, problems)
        print(f"{gold_path.stem:40s} " + " ".join(f"{counts.get(c, 0):>11d}" for c in columns))
    missing = sorted(p.stem for p in ARTICLES.iterdir() if p.stem not in golds)
    if missing:
        problems.append(f"articles without gold: {missing}")
    if (HERE / "cross.json").exists():
        print("cross.json:", check_cross(golds, problems))
    for problem in problems:
        print("PROBLEM", problem)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
