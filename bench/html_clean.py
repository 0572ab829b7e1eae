"""HTML body extraction benchmark: trafilatura alone vs storyline's clean stage, on a golden set.

    python bench/html_clean.py [--pages tests/fixtures/html] [--md-out docs/bench/html_clean.md]

Each page NAME.html in the golden folder has NAME.body.txt, the article's running text checked
by hand (no headline, byline, captions, pull-quotes, related links, comments or footers). The
score is the F1 of extracted body tokens against the golden tokens as bags of words (lower-cased
``\\w+`` tokens, counted with multiplicity), per page and micro-averaged over all pages. Side (a)
is ``trafilatura.extract(html)`` with default options; side (b) is ``clean_article`` on a
RawArticle with format "html" (the body storyline stores and cites).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from storyline import __version__
from storyline.clean.article import clean_article
from storyline.model import CleanDocument, RawArticle

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "fixtures" / "html"
TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Score:
    matched: int
    extracted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.matched + other.matched, self.extracted + other.extracted, self.gold + other.gold)


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in TOKEN.findall(text))


def score(extracted: str, gold: str) -> Score:
    got, want = tokens(extracted), tokens(gold)
    return Score(sum((got & want).values()), sum(got.values()), sum(want.values()))


def trafilatura_body(html: str) -> str:
    return trafilatura.extract(html) or ""


def storyline_body(html: str, name: str) -> str:
    doc = clean_article(RawArticle(source=name, content=html, format="html"))
    return doc.body if isinstance(doc, CleanDocument) else ""


def pages(folder: Path) -> list[tuple[str, str, str]]:
    """(name, html, golden body) for every NAME.html with a NAME.body.txt, sorted by name."""
    out = []
    for html_path in sorted(folder.glob("*.html")):
        gold_path = html_path.with_suffix(".body.txt")
        if gold_path.exists():
            out.append((html_path.stem, html_path.read_text(encoding="utf-8"), gold_path.read_text(encoding="utf-8")))
    return out


def run(folder: Path = GOLDEN) -> dict[str, tuple[Score, Score]]:
    """{page name: (trafilatura score, storyline score)}, plus "overall" (micro-averaged)."""
    results: dict[str, tuple[Score, Score]] = {}
    total_t, total_s = Score(0, 0, 0), Score(0, 0, 0)
    for name, html, gold in pages(folder):
        t, s = score(trafilatura_body(html), gold), score(storyline_body(html, name), gold)
        results[name] = (t, s)
        total_t, total_s = total_t + t, total_s + s
    results["overall"] = (total_t, total_s)
    return results


def table(results: dict[str, tuple[Score, Score]]) -> list[str]:
    rows = ["| page | trafilatura P | R | F1 | storyline P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, (t, s) in results.items():
        label = f"**{name}**" if name == "overall" else name
        rows.append(f"| {label} | {t.precision:.3f} | {t.recall:.3f} | {t.f1:.3f} | "
                    f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, default=GOLDEN, help="golden folder (NAME.html + NAME.body.txt)")
    ap.add_argument("--md-out", type=Path, help="also write the table as Markdown here")
    args = ap.parse_args(argv)
    results = run(args.pages)
    rows = table(results)
    print("\n".join(rows))
    if args.md_out:
        version = getattr(trafilatura, "__version__", "?")
        header = [f"# HTML body extraction: trafilatura vs storyline clean", "",
                  f"Measured with `python bench/html_clean.py --md-out {args.md_out}` (storyline {__version__}, "
                  f"trafilatura {version}, Python {sys.version.split()[0]}) on the {len(results) - 1} hand-checked "
                  f"pages in `tests/fixtures/html/`.", "",
                  "Bag-of-words F1 of body tokens against the golden body (`NAME.body.txt`); **overall** is "
                  "micro-averaged over all tokens. (a) `trafilatura.extract(html)` with default options; "
                  "(b) storyline's `clean_article` on the page (the body it stores and cites).", ""]
        args.md_out.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
