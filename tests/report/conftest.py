"""A small, fictional story as a contract export, for the report tests (and screenshots).

Three outlets report a dam breach in the invented town of Vellmark; the death toll rises between
reports (evolving) and the number of people evacuated disagrees (conflict). Offsets are computed
from the bodies, so ``body[start:end] == text`` holds for every item by construction.
"""
from __future__ import annotations

import copy
import re
from typing import Any

import pytest

BODIES: dict[str, str] = {
    "doc-ledger": (
        "VELLMARK — The Korsa Dam gave way before dawn on Saturday, sending a wall of water through "
        "the lower town.\n\n"
        "At least 12 people died, the National Water Authority said. About 4,000 residents were "
        "evacuated overnight.\n\n"
        "“We heard the sirens and then the river was in the street,” said Ilse Varga, the mayor of "
        "Vellmark. Mayor Varga said the town had asked for repairs in 2019.\n\n"
        "Engineers warned of cracks in March 2023, according to a resident who asked not to be named."
    ),
    "doc-courier": (
        "Rescuers in Vellmark recovered more bodies on Sunday, raising the death toll to 19.\n\n"
        "The NWA said some 6,000 people had left their homes. Tomas Brenner, an engineer who inspected "
        "the Korsa Dam last year, said the spillway was “never built for a flood like this.”\n\n"
        "Varga said Mr. Brenner's report reached the authority on 4 May 2023."
    ),
    "doc-wire": (
        "The death toll from the Korsa Dam breach in Vellmark rose to 19 on Sunday, officials said.\n\n"
        "Roughly 6,000 people were evacuated, according to the National Water Authority. "
        "“We will rebuild, and we will find out who knew what,” Ilse Varga told reporters."
    ),
}

DOCUMENTS: list[dict[str, Any]] = [
    {"id": "doc-ledger", "source": "/data/vellmark/ledger-0304.html", "outlet": "The Northern Ledger",
     "title": "Dam breach floods Vellmark; at least 12 dead", "published": "2024-03-04", "language": "en",
     "removed_lines": ["Share this article", "Sign up for our morning newsletter"], "duplicate_of": None},
    {"id": "doc-courier", "source": "https://courier.example/vellmark-toll", "outlet": "Riverside Courier",
     "title": "Vellmark toll rises as questions mount over dam", "published": "2024-03-05", "language": "en",
     "removed_lines": [], "duplicate_of": None},
    {"id": "doc-wire", "source": "/data/vellmark/wire.txt", "outlet": "Eastbank Wire",
     "title": "Vellmark dam toll reaches 19", "published": "2024-03-05", "language": "en",
     "removed_lines": ["--", "Reporting by the Eastbank desk"], "duplicate_of": None},
]

ENTITIES: list[dict[str, Any]] = [
    {"id": "e-varga", "name": "Ilse Varga", "type": "PERSON", "aliases": ["Ilse Varga", "Varga", "Mayor Varga"],
     "reasons": ["surname 'Varga' matches full name 'Ilse Varga' in the same story"]},
    {"id": "e-vellmark", "name": "Vellmark", "type": "GPE", "aliases": ["Vellmark", "VELLMARK"], "reasons": []},
    {"id": "e-korsa", "name": "Korsa Dam", "type": "FAC", "aliases": ["Korsa Dam"]},
    {"id": "e-nwa", "name": "National Water Authority", "type": "ORG", "aliases": ["National Water Authority", "NWA"],
     "reasons": ["'NWA' is the acronym of 'National Water Authority'"]},
    {"id": "e-brenner", "name": "Tomas Brenner", "type": "PERSON", "aliases": ["Tomas Brenner", "Brenner"]},
]

# (document, text as written, qualifier, value, low, high, counted)
QUANTITIES: list[tuple[str, str, str, float | None, float | None, float | None, str | None]] = [
    ("doc-ledger", "At least 12 people", "at_least", 12, None, None, "people who died"),
    ("doc-ledger", "About 4,000 residents", "approx", 4000, None, None, "residents evacuated"),
    ("doc-courier", "19", "exact", 19, None, None, "death toll"),
    ("doc-courier", "some 6,000 people", "approx", 6000, None, None, "people who left their homes"),
    ("doc-wire", "19", "exact", 19, None, None, "death toll"),
    ("doc-wire", "Roughly 6,000 people", "approx", 6000, None, None, "people evacuated"),
]

DATES: list[tuple[str, str, str | None]] = [
    ("doc-ledger", "Saturday", "2024-03-02"), ("doc-ledger", "2019", "2019"),
    ("doc-ledger", "March 2023", "2023-03"), ("doc-courier", "Sunday", "2024-03-03"),
    ("doc-courier", "last year", "2023"), ("doc-courier", "4 May 2023", "2023-05-04"),
    ("doc-wire", "Sunday", "2024-03-03"),
]


def locate(doc: str, text: str, nth: int = 0) -> dict[str, Any]:
    """The item dict for the ``nth`` whole-word occurrence of ``text`` in ``doc``'s body."""
    hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(text) + r"(?!\w)", BODIES[doc])]
    start = hits[nth]
    return {"document": doc, "start": start, "end": start + len(text), "text": text}


def _mentions() -> list[dict[str, Any]]:
    rows = []
    for entity in ENTITIES:
        for doc, body in BODIES.items():
            taken: set[int] = set()
            for alias in sorted(entity["aliases"], key=len, reverse=True):
                for match in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", body):
                    if not taken & set(range(match.start(), match.end())):
                        taken.update(range(match.start(), match.end()))
                        rows.append({"entity": entity["id"], "document": doc, "start": match.start(),
                                     "end": match.end(), "text": alias})
    return sorted(rows, key=lambda r: (r["document"], r["start"]))


def _quote(doc: str, text: str, speaker: str | None, speaker_text: str | None, role: str | None,
           kind: str = "direct") -> dict[str, Any]:
    return {**locate(doc, text), "kind": kind, "speaker": speaker, "speaker_text": speaker_text,
            "speaker_role": role}


def _claim(doc: str, text: str, value: float, outlet: str, published: str) -> dict[str, Any]:
    return {**locate(doc, text), "value": value, "low": None, "high": None, "outlet": outlet,
            "published": published}


def build_export() -> dict[str, Any]:
    """The sample export as a fresh dict (tests may mutate their copy)."""
    documents = [{**d, "body": BODIES[d["id"]]} for d in DOCUMENTS]
    mentions = _mentions()
    for entity in ENTITIES:
        entity["documents"] = sorted({m["document"] for m in mentions if m["entity"] == entity["id"]})
    quotes = [
        _quote("doc-ledger", "We heard the sirens and then the river was in the street", "e-varga", "Ilse Varga",
               "the mayor of Vellmark"),
        _quote("doc-ledger", "the town had asked for repairs in 2019", "e-varga", "Mayor Varga", None, "indirect"),
        _quote("doc-ledger", "Engineers warned of cracks in March 2023", None,
               "a resident who asked not to be named", None, "indirect"),
        _quote("doc-courier", "never built for a flood like this.", "e-brenner", "Tomas Brenner",
               "an engineer who inspected the Korsa Dam last year"),
        _quote("doc-wire", "We will rebuild, and we will find out who knew what", "e-varga", "Ilse Varga", None),
    ]
    quantities = [{**locate(doc, text), "qualifier": q, "value": v, "low": lo, "high": hi, "counted": c}
                  for doc, text, q, v, lo, hi, c in QUANTITIES]
    dates = [{**locate(doc, text), "normalized": norm} for doc, text, norm in DATES]
    relations = [{**locate("doc-courier", "Tomas Brenner, an engineer who inspected the Korsa Dam last year"),
                  "subject": "e-brenner", "predicate": "inspected", "object": "e-korsa"}]
    facts = [
        {"id": "f-toll", "description": "People killed in the Korsa Dam breach", "status": "evolving",
         "claims": [_claim("doc-ledger", "At least 12 people", 12, "The Northern Ledger", "2024-03-04"),
                    _claim("doc-courier", "19", 19, "Riverside Courier", "2024-03-05"),
                    _claim("doc-wire", "19", 19, "Eastbank Wire", "2024-03-05")]},
        {"id": "f-evac", "description": "People evacuated from Vellmark", "status": "conflict",
         "claims": [_claim("doc-ledger", "About 4,000 residents", 4000, "The Northern Ledger", "2024-03-04"),
                    _claim("doc-wire", "Roughly 6,000 people", 6000, "Eastbank Wire", "2024-03-05")]},
        {"id": "f-inspect", "description": "When the engineer's report reached the authority", "status": "single",
         "claims": [{"document": "doc-courier", "text": "4 May 2023", "value": None, "low": None, "high": None}]},
    ]
    export = {
        "documents": documents, "entities": copy.deepcopy(ENTITIES), "mentions": mentions, "quotes": quotes,
        "quantities": quantities, "dates": dates, "relations": relations, "facts": facts,
        "stories": [{"id": "s-1", "label": "Korsa Dam breach in Vellmark",
                     "documents": ["doc-ledger", "doc-courier", "doc-wire"]}],
        "failures": [{"source": "/data/vellmark/live-blog.html", "reason": "no article body found (page is a live-blog index)"},
                     {"source": "/data/vellmark/photo.jpg", "reason": "unsupported format: image/jpeg"}],
        "meta": {"generated": "2024-03-06T09:00:00Z", "storyline_version": "0.1.0", "model": "en_core_web_sm"},
    }
    return copy.deepcopy(export)


@pytest.fixture
def sample_export() -> dict[str, Any]:
    return build_export()
