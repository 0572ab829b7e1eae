#!/usr/bin/env python3
"""Entity type confusion on the dev set: gold type x predicted type, plus missed and spurious.

    python3 scripts/entity_confusion.py WORK_DIR [--devset ../shared/devset] [--details]
    python3 scripts/entity_confusion.py --pred export.json --gold GOLD_DIR [--details]

WORK_DIR is what ``devset.sh`` prints at the end ("exports and logs: DIR"): one folder per story
holding ``export.json``. Entities are matched as the scorer (eval/score.py) matches them: per
document, a predicted entity hits a gold entity when one of its names (mention texts, name,
aliases, normalised) is one of the gold entity's forms. A gold entity with no hit is *missed*; a
predicted entity that hits no gold entity is *spurious* (counted under its predicted type). Where
several predicted entities hit one gold entity, the cell is the type the scorer would accept if
any, else the first. GPE, LOC and FAC are one family for the scorer ("PLACE"): confusions inside it
cost nothing. Prints markdown: one table per story and one in total; ``--details`` lists the
mistyped, missed and spurious names under each table. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT")
FAMILY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
MISSED, SPURIOUS = "missed", "spurious"


def norm(text: str | None) -> str:
    """The scorer's normalisation: lowercase, no accents, punctuation, possessive or leading 'the'."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"(?<=\d)[,\u00a0 ](?=\d{3}\b)", "", text)
    text = re.sub(r"(?<=\d)\.(?=\d)", "_", text)
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def family(label: str | None) -> str | None:
    return FAMILY.get(label, label)


class Confusion:
    """Counts (gold type, predicted type) cells and remembers the names behind the errors."""

    def __init__(self) -> None:
        self.cells: Counter = Counter()
        self.errors: dict[tuple[str, str], list[str]] = defaultdict(list)

    def add(self, gold: str, pred: str, name: str, doc: str) -> None:
        self.cells[(gold, pred)] += 1
        if gold != pred:
            self.errors[(gold, pred)].append(f"{name} ({doc})")

    def update(self, other: Confusion) -> None:
        self.cells.update(other.cells)
        for k, v in other.errors.items():
            self.errors[k].extend(v)


def score_export(pred: dict, gold_dir: Path) -> Confusion:
    """One story's confusion, pairing documents with gold files by the source's base name."""
    out = Confusion()
    gold = {p.stem: json.loads(p.read_text()) for p in gold_dir.glob("*.json") if p.name != "cross.json"}
    entities = {e["id"]: e for e in pred.get("entities", [])}
    docs = {d["id"]: Path(str(d.get("source", ""))).name.rsplit(".", 1)[0] for d in pred.get("documents", [])}
    names: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in pred.get("mentions", []):
        key = docs.get(m.get("document"))
        if key in gold:
            names[key][m["entity"]].add(norm(m.get("text")))
    for key, g in gold.items():
        pred_names = names.get(key, {})
        for eid, forms in pred_names.items():
            e = entities.get(eid) or {}
            forms |= {norm(n) for n in [e.get("name"), *(e.get("aliases") or [])] if n}
        _score_document(key, g.get("entities", []), pred_names, entities, out)
    return out


def _score_document(key: str, gold: list[dict], pred: dict[str, set[str]], entities: dict, out: Confusion) -> None:
    all_forms: set[str] = set()
    for g in gold:
        forms = {norm(x) for x in g.get("mentions", [])} | {norm(g["canonical"])}
        all_forms |= forms
        hits = [eid for eid, names in pred.items() if names & forms]
        if not hits:
            out.add(g.get("type"), MISSED, g["canonical"], key)
            continue
        types = [(entities.get(h) or {}).get("type") for h in hits]
        right = [t for t in types if family(t) == family(g.get("type"))]
        shown = g.get("type") if g.get("type") in right else (right or types)[0]
        out.add(g.get("type"), shown, g["canonical"], key)
    for eid, names in pred.items():
        if not names & all_forms:
            e = entities.get(eid) or {}
            out.add(SPURIOUS, e.get("type"), e.get("name", eid), key)


def markdown(title: str, conf: Confusion, details: bool) -> str:
    gold_types = [t for t in TYPES if any(g == t for g, _ in conf.cells)]
    gold_types += sorted({g for g, _ in conf.cells} - set(TYPES) - {SPURIOUS})
    pred_types = [t for t in TYPES if any(p == t for _, p in conf.cells)]
    pred_types += sorted({p for _, p in conf.cells} - set(TYPES) - {MISSED})
    cols = pred_types + [MISSED]
    lines = [f"### {title}", "", "| gold \\ predicted | " + " | ".join(cols) + " | right |",
             "|---" * (len(cols) + 2) + "|"]
    for g in gold_types:
        row = [conf.cells.get((g, p), 0) for p in cols]
        right = sum(n for (gt, p), n in conf.cells.items() if gt == g and family(p) == family(g))
        found = sum(row[:-1])
        lines.append(f"| {g} | " + " | ".join(str(n) if n else "." for n in row) + f" | {right}/{found} |")
    spur = [conf.cells.get((SPURIOUS, p), 0) for p in pred_types]
    lines.append(f"| {SPURIOUS} | " + " | ".join(str(n) if n else "." for n in spur) + " | | |")
    if details:
        lines.append("")
        for (g, p), items in sorted(conf.errors.items(), key=lambda kv: -len(kv[1])):
            if family(g) == family(p):
                continue
            lines.append(f"- {g} -> {p} ({len(items)}): " + "; ".join(items))
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("work", nargs="?", help="devset.sh work dir (one folder per story with export.json)")
    ap.add_argument("--devset", default=str(Path(__file__).resolve().parents[2] / "shared" / "devset"))
    ap.add_argument("--pred", help="one export.json (with --gold) instead of a work dir")
    ap.add_argument("--gold", help="gold folder for --pred")
    ap.add_argument("--details", action="store_true", help="list the names behind each confusion")
    args = ap.parse_args()
    runs: list[tuple[str, dict, Path]] = []
    if args.pred:
        runs.append((Path(args.pred).stem, json.loads(Path(args.pred).read_text()), Path(args.gold)))
    else:
        for story in sorted(Path(args.work).iterdir()):
            export = story / "export.json"
            if export.exists():
                runs.append((story.name, json.loads(export.read_text()), Path(args.devset) / story.name / "gold"))
    total = Confusion()
    for name, pred, gold in runs:
        conf = score_export(pred, gold)
        total.update(conf)
        print(markdown(name, conf, args.details))
    if len(runs) > 1:
        print(markdown("total", total, args.details))


if __name__ == "__main__":
    main()
