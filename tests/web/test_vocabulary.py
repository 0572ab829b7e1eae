"""The actor types and fact statuses are defined once (storyline/vocab.py): the stylesheet's
colours come from there, every stored value is in it, and every view orders by it."""
from __future__ import annotations

from importlib import resources

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi and uvicorn (storyline's dependencies: pip install -e .)")
from fastapi.testclient import TestClient

from storyline import vocab
from storyline.export.contract import build_export
from storyline.kb import KnowledgeBase
from storyline.web import create_app


def test_the_stylesheet_paints_every_type_and_status_from_the_vocabulary():
    css = vocab.stylesheet()
    for t in vocab.ENTITY_TYPES:
        assert f".swatch-{t.code} {{ background: {t.colour}; }}" in css
    for s in vocab.FACT_STATUSES:
        assert f"--{s.code}: {s.colour};" in css
    own = resources.files("storyline.report").joinpath("report.css").read_text(encoding="utf-8")
    assert ".swatch-PERSON {" not in own and "--conflict:" not in own  # no second definition


def test_served_and_stored_values_come_from_the_vocabulary(sample_db):
    client = TestClient(create_app(sample_db))
    served = client.get("/static/report.css").text
    assert served.startswith(vocab.stylesheet())
    with KnowledgeBase(sample_db) as kb:
        export = build_export(kb.store)
    types = {e["type"] for e in export["entities"]}
    statuses = [f["status"] for f in export["facts"]]
    assert types and statuses
    assert types <= set(vocab.TYPE_CODES)
    assert set(statuses) <= set(vocab.STATUS_CODES)
    assert statuses == sorted(statuses, key=vocab.status_rank)  # the export orders by the vocabulary
    board = [f["status"] for f in client.get("/api/facts?limit=200").json()["items"]]
    assert board == sorted(board, key=vocab.status_rank)
