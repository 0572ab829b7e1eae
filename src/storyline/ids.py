"""Deterministic ids: the same content always gets the same id, so re-runs upsert instead of
duplicating (the followthemoney habit)."""
from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: object, length: int = 16) -> str:
    """``prefix`` + a short hash of ``parts``; equal parts give equal ids across runs and machines."""
    # surrogatepass: a lone surrogate (ingest replaces them; a library caller may not) still hashes
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}_{digest[:length]}"


def document_id(content: str) -> str:
    """Id of a document from its raw content (whitespace-insensitive), not from where it lives,
    so a copy of the same file in another folder is recognised as the same document."""
    return stable_id("doc", " ".join(content.split()))
