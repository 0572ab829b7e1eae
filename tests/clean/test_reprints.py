"""Near-duplicates across builds: deciding only the match groups new documents join gives what
deciding over the whole store gives, whatever order documents arrive in."""
from __future__ import annotations

import json
import random
from pathlib import Path

from sqlalchemy import delete

from storyline.clean.dedup import mark_duplicates
from storyline.store.reprints import mark_reprints
from storyline.model import CleanDocument, DocumentAnalysis
from storyline.store import schema as S
from storyline.store.db import Store

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "bbc-news-2004-2005.jsonl"


def articles(n: int) -> list[CleanDocument]:
    """n real articles and, for a third of them, a reprint: a later copy with its last
    paragraph cut and a credit line added (what a second outlet runs)."""
    rng = random.Random(3)
    texts = [json.loads(line)["text"] for _, line in zip(range(n), CORPUS.open(encoding="utf-8"))]
    docs = [CleanDocument(f"a{i:03d}", f"a{i}.txt", t, published=f"2005-03-{1 + i % 20:02d}")
            for i, t in enumerate(texts)]
    for i, t in enumerate(texts[: n // 3]):
        words = t.split()
        copy = " ".join(words[: int(len(words) * 0.9)]) + " (Reuters)"
        day = 1 + i % 20 + rng.choice([-1, 1, 2])  # sometimes the copy is dated before the original
        docs.append(CleanDocument(f"r{i:03d}", f"r{i}.txt", copy, published=f"2005-03-{max(day, 1):02d}"))
    return docs


def stored_status(store: Store) -> dict[str, str | None]:
    return {d["id"]: d["duplicate_of"] for d in store.rows(S.documents)}


def test_batches_in_any_order_give_the_whole_store_decision(tmp_path):
    docs = articles(60)
    expected = {d.id: d.duplicate_of for d in mark_duplicates(docs)}
    assert sum(1 for v in expected.values() if v) >= 15  # the reprints are found at all
    rng = random.Random(8)
    shuffled = rng.sample(docs, len(docs))
    store = Store(str(tmp_path / "kb.db"))
    while shuffled:
        k = rng.randint(1, 12)
        batch, shuffled = shuffled[:k], shuffled[k:]
        store.write_documents([(d, DocumentAnalysis(d.id)) for d in batch])
        count, changed = mark_reprints(store)
        assert count == sum(1 for v in stored_status(store).values() if v)
    assert stored_status(store) == expected


def test_an_earlier_original_arriving_later_takes_over(tmp_path):
    store = Store(str(tmp_path / "kb.db"))
    text = " ".join(f"word{i} of the wire story about the flood" for i in range(40))
    later = CleanDocument("copy", "copy.txt", text + " Copyright Valley Tribune.", published="2025-05-02")
    first = CleanDocument("orig", "orig.txt", text, published="2025-05-01")
    store.write_documents([(later, DocumentAnalysis("copy"))])
    assert mark_reprints(store) == (0, set())
    store.write_documents([(first, DocumentAnalysis("orig"))])
    count, changed = mark_reprints(store)
    assert (count, changed) == (1, {"copy"})
    assert stored_status(store) == {"copy": "orig", "orig": None}
    assert mark_reprints(store) == (1, set())  # nothing new: nothing decided again


def test_a_store_from_before_signatures_is_signed_once(tmp_path):
    docs = articles(12)
    store = Store(str(tmp_path / "kb.db"))
    store.write_documents([(d, DocumentAnalysis(d.id)) for d in docs])
    with store.engine.begin() as conn:  # as an older storyline left it
        conn.execute(delete(S.document_bands))
        conn.execute(delete(S.document_signatures))
    mark_reprints(store)
    assert stored_status(store) == {d.id: d.duplicate_of for d in mark_duplicates(docs)}
    assert store.count(S.document_signatures) == len(docs)
