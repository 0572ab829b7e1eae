"""One read model, many views: the export, the Python API (and so the CLI), and the web app's
paged reads answer the same questions about the same store with the same facts. The whole-table
reads (store/read/tables, lookups) and the paged SQL reads (store/read/pages) are two access
patterns over one model; this holds them to it."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.export.contract import build_export
from storyline.kb import KnowledgeBase
from storyline.store.read.pages import Reader


@pytest.fixture(scope="module")
def views(sample_db):
    kb = KnowledgeBase(sample_db)
    yield kb, Reader(kb.store), build_export(kb.store)
    kb.close()


def test_the_export_and_the_api_list_the_same_rows(views):
    kb, _, export = views
    assert export["entities"] and export["entities"] == list(kb.entities())
    assert export["stories"] == list(kb.stories())
    assert [{k: v for k, v in d.items() if k != "removed_lines"} for d in export["documents"]] == list(kb.documents())
    api_facts = {f["id"]: (f["status"], sorted((c["document"], c["start"], c["value"]) for c in f["claims"]))
                 for f in kb.facts()}
    export_facts = {f["id"]: (f["status"], sorted((c["document"], c["start"], c["value"]) for c in f["claims"]))
                    for f in export["facts"]}
    assert api_facts and api_facts == export_facts


def test_the_web_pages_the_same_facts_in_the_same_order(views):
    kb, reader, _ = views
    paged, offset = [], 0
    while True:
        page = reader.facts(limit=7, offset=offset)
        paged += page.items
        if not page.has_more:
            break
        offset += 7
    assert [f["id"] for f in paged] == [f["id"] for f in kb.facts()]
    whole = {f["id"]: f for f in kb.facts()}
    for f in paged:
        assert f["status"] == whole[f["id"]]["status"]
        assert sorted((c["document_id"], c["start"], c["value"]) for c in f["claims"]) == \
               sorted((c["document"], c["start"], c["value"]) for c in whole[f["id"]]["claims"])


def test_one_actor_reads_the_same_on_the_web_and_in_the_api(views):
    kb, reader, _ = views
    actors = sorted(kb.entities(), key=lambda e: (-e["mentions_count"], e["id"]))[:5]
    assert actors
    for ent in actors:
        api, web = kb.entity(ent["id"]), reader.entity(ent["id"])
        assert web["entity"]["name"] == api["entity"]["name"] and web["entity"]["type"] == api["entity"]["type"]
        assert web["mentions_total"] == api["entity"]["mentions_count"]
        assert web["documents_total"] == len(api["documents"])
        assert set(api["entity"]["aliases"]) <= {a["alias"] for a in web["aliases"]}
        key = lambda q: (q.get("document") or q.get("document_id"), q["start"])  # noqa: E731
        assert sorted(map(key, web["quotes_by"])) == sorted(map(key, api["quotes_by"]))
        assert sorted(map(key, web["quotes_about"])) == sorted(map(key, api["quotes_about"]))


def test_the_cli_prints_what_the_api_returns(views, sample_db):
    kb, _, _ = views
    top = max(kb.entities(), key=lambda e: (e["mentions_count"], e["id"]))
    done = CliRunner().invoke(app, ["entity", top["id"], "--db", sample_db, "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == json.loads(json.dumps(kb.entity(top["id"])))
