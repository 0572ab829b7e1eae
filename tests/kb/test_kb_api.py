"""The Python API: open a store, iterate its tables, search, one entity, two documents."""
from __future__ import annotations

import sys

import pytest

import storyline
from storyline.errors import StorylineError


@pytest.fixture(scope="module")
def kb(sample_db):
    return storyline.open(sample_db)


def test_open_reads_every_table_with_offsets_into_the_body(kb):
    bodies = {d["id"]: d["body"] for d in kb.documents()}
    assert len(bodies) == 7
    for q in kb.quotes():
        assert bodies[q["document"]][q["start"]:q["end"]] == q["text"]
    for m in kb.mentions():
        assert bodies[m["document"]][m["start"]:m["end"]] == m["text"]
    for q in kb.quantities():
        assert bodies[q["document"]][q["start"]:q["end"]] == q["text"]
    assert kb.entities() and kb.facts() and kb.stories() and kb.dates() and kb.relations()
    assert {r["document_id"] for r in kb.table("sentences")} <= set(bodies)


def test_opening_a_missing_store_names_the_fix(tmp_path):
    with pytest.raises(StorylineError, match="storyline build"):
        storyline.open(str(tmp_path / "nowhere.db"))


def test_to_pandas_says_what_to_install_without_pandas(kb, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        kb.entities().to_pandas()


def test_to_pandas_gives_one_row_per_item():
    pytest.importorskip("pandas")
    from storyline.kb import Rows

    frame = Rows([{"a": 1}, {"a": 2}]).to_pandas()
    assert list(frame["a"]) == [1, 2]


def test_entity_profile_collects_quotes_relations_and_numbers(kb):
    speaker = max((q["speaker"] for q in kb.quotes() if q["speaker"]),
                  key=lambda s: sum(q["speaker"] == s for q in kb.quotes()))
    profile = kb.entity(speaker)
    assert profile["entity"]["id"] == speaker
    assert profile["quotes_by"] and all(q["speaker"] == speaker for q in profile["quotes_by"])
    assert {d["id"] for d in profile["documents"]} == set(profile["entity"]["documents"])
    sentences = [(s["document_id"], s["start"], s["end"]) for s in kb.table("sentences")]
    mentions = [(m["document"], m["start"]) for m in kb.mentions() if m["entity"] == speaker]
    for n in profile["numbers"]:  # every number is in a sentence that names the actor
        doc, s, e = next(x for x in sentences if x[0] == n["document"] and x[1] <= n["start"] < x[2])
        assert any(d == doc and s <= start < e for d, start in mentions)
    rel = kb.relations()[0]
    assert rel in kb.entity(rel["subject"])["relations"]


def test_entity_by_alias_and_unknown_name(kb):
    ent = next(e for e in kb.entities() if e["aliases"] and len(kb.find_entities(e["aliases"][0])) == 1)
    assert kb.entity(ent["aliases"][0])["entity"]["id"] == ent["id"]
    with pytest.raises(StorylineError, match="no entity"):
        kb.entity("Zebulon Quartermaine")


def test_compare_two_reports_of_the_same_event(kb):
    docs = sorted(kb.documents(), key=lambda d: d["source"])
    result = kb.compare("02_", "06_")
    assert result["a"]["id"] == next(d["id"] for d in docs if "02_" in d["source"])
    shared = {e["id"] for e in result["entities"]["shared"]}
    assert shared and shared.isdisjoint({e["id"] for e in result["entities"]["only_a"]})
    assert result["facts"]["shared"]  # the loop below checks something
    for f in result["facts"]["shared"]:
        assert f["a"] and f["b"] and all(c["document"] == result["a"]["id"] for c in f["a"])
    with pytest.raises(StorylineError, match="matches"):
        kb.find_document("doc_")


def test_compare_two_outlets_by_name(kb):
    docs = kb.documents()
    by_outlet = {}
    for d in docs:
        by_outlet.setdefault(d["outlet"], []).append(d["id"])
    outlet = next(o for o, ids in by_outlet.items() if o and len(ids) > 1)  # an outlet with several articles
    other = next(o for o in by_outlet if o and o != outlet)
    result = kb.compare(outlet.upper(), other)
    assert sorted(result["a"]["documents"]) == sorted(by_outlet[outlet])
    assert result["facts"]["shared"] + result["facts"]["only_a"]
    for f in result["facts"]["shared"] + result["facts"]["only_a"]:
        assert all(c["document"] in by_outlet[outlet] for c in f["a"])


def test_facts_conflicts_only(kb):
    conflicts = kb.facts(conflicts_only=True)
    assert conflicts and all(f["status"] == "conflict" for f in conflicts)
    assert kb.facts()[: len(conflicts)] == conflicts
