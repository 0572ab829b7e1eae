"""Curation: every correction is a stored decision, applied again on later builds, shown in
the export, and reversible."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from storyline.export.formats import contract_export
from storyline.kb import KnowledgeBase
from storyline.pipeline import build
from storyline.resolve.names import name_key

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def people(kb: KnowledgeBase) -> list[dict]:
    return sorted((e for e in kb.entities() if e["type"] == "PERSON" and len(kb.find_entities(e["name"])) == 1),
                  key=lambda e: (-e["mentions_count"], e["id"]))


def rebuild(kb: KnowledgeBase) -> KnowledgeBase:
    """A later build over the same store (nothing new to analyse; resolution runs again)."""
    build([str(EXAMPLES)], kb.store.db)
    return KnowledgeBase(kb.store.db)


def test_merge_is_applied_on_later_builds_shown_in_the_export_and_reversible(kb_copy):
    a, b = people(kb_copy)[:2]
    before = contract_export(kb_copy.store)
    decision = kb_copy.merge(a["name"], b["name"], note="same man, two transliterations")
    assert decision.status == "applied"
    for kb in (kb_copy, rebuild(kb_copy)):
        ids = {e["id"]: e for e in kb.entities()}
        assert a["id"] not in ids
        merged = ids[b["id"]]
        assert a["name"] in merged["aliases"] and set(a["documents"]) <= set(merged["documents"])
        assert any(decision.id in r and "merged" in r for r in merged["reasons"])
        assert all(m["entity"] != a["id"] for m in kb.mentions())
        export = contract_export(kb.store)
        assert [c["id"] for c in export["curation"]] == [decision.id]
        assert export["curation"][0]["note"] == "same man, two transliterations"
    kb = rebuild(kb_copy)
    undone = kb.undo(decision.id[:10])
    assert undone.reverted is not None
    after = contract_export(kb.store)
    assert after["entities"] == before["entities"] and after["mentions"] == before["mentions"]
    assert after["curation"][0]["reverted"]  # the decision stays on record


def test_a_decision_survives_new_articles(sample_db, tmp_path):
    files = sorted(str(p) for p in EXAMPLES.iterdir() if p.is_file())
    db = str(tmp_path / "growing.db")
    build(files[:4], db)
    kb = KnowledgeBase(db)
    target = people(kb)[0]
    kb.rename(target["name"], "Analyst Chosen Name")
    build(files[4:], db)
    kb = KnowledgeBase(db)
    renamed = [e for e in kb.entities() if e["name"] == "Analyst Chosen Name"]
    assert len(renamed) == 1 and target["name"] in renamed[0]["aliases"]
    assert kb.decisions()[0]["status"] == "applied"


def test_rename_and_retype_keep_the_id(kb_copy):
    ent = people(kb_copy)[0]
    kb_copy.rename(ent["id"], "Someone Else Entirely")
    kb_copy.retype("Someone Else Entirely", "org")
    now = next(e for e in kb_copy.entities() if e["id"] == ent["id"])
    assert (now["name"], now["type"]) == ("Someone Else Entirely", "ORG")
    assert ent["name"] in now["aliases"]
    assert sum("curation" in r for r in now["reasons"]) == 2


def test_split_moves_that_names_mentions_to_a_new_entity(kb_copy):
    keys = defaultdict(set)
    for m in kb_copy.table("mentions"):
        keys[m["entity_id"]].add(m["key"])
    ent = next(e for e in kb_copy.entities()
               if len({name_key(k) for k in keys[e["id"]]}) > 1 and len(kb_copy.find_entities(e["id"])) == 1)
    alias = sorted(k for k in keys[ent["id"]] if name_key(k) != name_key(ent["name"]))[0]
    decision = kb_copy.split(ent["id"], alias)
    assert decision.status == "applied"
    new = [e for e in kb_copy.entities() if e["name"] == alias and any(decision.id in r for r in e["reasons"])]
    assert len(new) == 1
    moved = [m for m in kb_copy.table("mentions") if m["key"] == alias and m["entity_id"] == new[0]["id"]]
    assert moved and not [m for m in kb_copy.table("mentions") if m["key"] == alias and m["entity_id"] == ent["id"]]
    kb_copy.undo(decision.id)
    assert not [e for e in kb_copy.entities() if e["id"] == new[0]["id"]]


def test_a_claim_marked_wrong_leaves_every_fact_until_undone(kb_copy):
    fact = next(f for f in kb_copy.facts() if len(f["claims"]) >= 2)
    claim = fact["claims"][0]
    decision = kb_copy.mark_claim_wrong(claim["document"], claim["start"], note="misread figure")
    claims = [(c["document"], c["start"]) for f in kb_copy.facts() for c in f["claims"]]
    assert (claim["document"], claim["start"]) not in claims
    kb_copy = rebuild(kb_copy)
    assert (claim["document"], claim["start"]) not in [(c["document"], c["start"]) for f in kb_copy.facts()
                                                      for c in f["claims"]]
    kb_copy.undo(decision.id)
    assert (claim["document"], claim["start"]) in [(c["document"], c["start"]) for f in kb_copy.facts()
                                                  for c in f["claims"]]


def test_a_relation_marked_wrong_disappears_from_the_export(kb_copy):
    rel = kb_copy.relations()[0]
    key = (rel["document"], rel["start"], rel["predicate"])
    before = len(contract_export(kb_copy.store)["relations"])
    kb_copy.mark_relation_wrong(rel["document"], rel["start"], rel["predicate"])
    export = contract_export(kb_copy.store)
    assert key not in {(r["document"], r["start"], r["predicate"]) for r in export["relations"]}
    assert len(export["relations"]) < before and export["curation"][0]["action"] == "wrong-relation"
    kb_copy.undo(export["curation"][0]["id"])
    assert len(contract_export(kb_copy.store)["relations"]) == before


def test_a_decision_whose_entity_is_gone_is_reported_not_found(kb_copy):
    from storyline.store import decisions

    decisions.record(kb_copy.store, "rename", {"entity": {"id": "ent_nothere", "name": "Nobody Atall"},
                                              "name": "Still Nobody"})
    kb_copy.resolve()
    assert kb_copy.decisions()[0]["status"] == "not found"


def test_recording_the_same_decision_twice_is_one_row(kb_copy):
    ent = people(kb_copy)[0]
    first = kb_copy.retype(ent["id"], "ORG")
    second = kb_copy.retype(ent["id"], "ORG")
    assert first.id == second.id and len(kb_copy.decisions()) == 1
