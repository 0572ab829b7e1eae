"""Clean stage: near-duplicate documents (wire reprints) with MinHash LSH over word shingles.

Each document gets a signature once (in the worker that cleans it): the number of its 5-word
shingles and their MinHash. LSH bands of the signature propose candidates; the estimated
containment of one shingle set in the other decides. Documents are visited in (published date,
id) order, so the earliest publication is the original; a later one whose containment reaches
``threshold`` points at the original of its closest earlier match. Seeded hashing makes the
result identical across runs.

A document's decision depends only on the documents it matches and on their decisions, so the
match graph's connected groups can be decided one at a time: a build decides again only the
groups its new documents joined (``decide`` over a group), never the whole store.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from storyline.model import CleanDocument

SHINGLE_WORDS = 5  # 5-word shingles: long enough to ignore common phrases, short enough for edits
NUM_PERM = 128
SEED = 1
BANDS, ROWS = 32, 4  # LSH bands x rows per band = NUM_PERM; candidates above ~0.4 Jaccard
_NO_DATE = "9999-99-99"  # undated documents sort after dated ones
# LSH only proposes candidates; containment decides: a reprint that drops a paragraph has a
# Jaccard similarity well below its containment (sample reprint: Jaccard 0.70, containment 0.86)
THRESHOLD = 0.8


@dataclass(frozen=True)
class Signature:
    shingles: int  # how many distinct shingles: 0 for a document too short to compare
    values: np.ndarray  # MinHash values, NUM_PERM uint64 (empty when shingles == 0)

    def to_bytes(self) -> bytes:
        return self.values.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, shingles: int, data: bytes) -> Signature:
        return cls(shingles, np.frombuffer(data, dtype="<u8"))

    def bands(self) -> list[str]:
        """The LSH band keys: two signatures sharing one are candidates."""
        if not self.shingles:
            return []
        raw = self.values.astype("<u8").tobytes()
        size = ROWS * 8
        return [f"{i}:" + hashlib.blake2b(raw[i * size:(i + 1) * size], digest_size=8).hexdigest()
                for i in range(BANDS)]


def _shingles(body: str) -> set[str]:
    words = re.findall(r"\w+", body.lower())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(body: str) -> Signature:
    shingles = _shingles(body)
    if not shingles:
        return Signature(0, np.zeros(0, dtype=np.uint64))
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch([s.encode("utf-8") for s in shingles])  # vectorised; a minimum does not depend on order
    return Signature(len(shingles), m.hashvalues.astype(np.uint64))


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of the smaller shingle set inside the larger, estimated from Jaccard and the sizes:
    |A & B| = J (|A| + |B|) / (1 + J)."""
    if not size_a or not size_b:
        return 0.0
    return jaccard * (size_a + size_b) / (1 + jaccard) / min(size_a, size_b)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated containment of the two documents' shingle sets."""
    if not a.shingles or not b.shingles:
        return 0.0
    return containment(float(np.count_nonzero(a.values == b.values)) / NUM_PERM, a.shingles, b.shingles)


@dataclass(frozen=True)
class Entry:
    """A document as dedup sees it."""

    id: str
    published: str | None
    signature: Signature


def decide(entries: Iterable[Entry], threshold: float = THRESHOLD) -> dict[str, str | None]:
    """document id -> id of the original it reprints (None for an original), for a set of
    documents closed under matching (every match of each one is among them)."""
    ordered = sorted({e.id: e for e in entries}.values(), key=lambda e: (e.published or _NO_DATE, e.id))
    rank = {e.id: r for r, e in enumerate(ordered)}
    index: dict[str, list[Entry]] = defaultdict(list)  # band -> earlier documents
    original: dict[str, str] = {}
    out: dict[str, str | None] = {}
    for e in ordered:
        bands = e.signature.bands()
        candidates = {c.id: c for band in bands for c in index[band]}
        matches = [(similarity(e.signature, c.signature), c.id) for c in candidates.values()]
        matches = [(score, c) for score, c in matches if score >= threshold]
        if matches:
            best = min(matches, key=lambda m: (-m[0], rank[m[1]]))[1]  # closest, then earliest
            original[e.id] = original[best]
        else:
            original[e.id] = e.id
        out[e.id] = None if original[e.id] == e.id else original[e.id]
        for band in bands:
            index[band].append(e)
    return out


def mark_duplicates(docs: Sequence[CleanDocument], threshold: float = THRESHOLD) -> list[CleanDocument]:
    """``docs`` in their given order, each near-duplicate with ``duplicate_of`` set: a document
    whose shingles are at least ``threshold`` contained in an earlier one's (or vice versa)."""
    found = decide((Entry(d.id, d.published, signature(d.body)) for d in docs), threshold)
    return [dataclasses.replace(d, duplicate_of=found.get(d.id)) for d in docs]
