"""Incremental resolution gives what resolving everything at once gives.

Synthetic stores (no spaCy): documents whose mentions exercise every clustering rule — spelling
variants, russified surnames, a surname two people share, declared aliases, particles, shorter
names, organisation type words, long country names, acronyms, one-word organisation names, feature names, group names in singular and plural — are
written in random batches, resolved after each batch, and compared with one store that got all
documents at once and with a full rebuild."""
from __future__ import annotations

import json
import random

import pytest

from storyline.model import CleanDocument, DocumentAnalysis, Mention
from storyline.resolution import resolve
from storyline.store import schema as S
from storyline.store.db import Store

# (text, label, key when the document also names the full form, declared aliases)
ACTORS = [
    [("Sobirali Hamron", "PERSON"), ("Sobiralii Chamron", "PERSON"), ("Hamronov", "PERSON"), ("Hamron", "PERSON")],
    [("Nurlan Abdurakhmonov", "PERSON"), ("Nurlan Abdurahmanov", "PERSON"), ("Abdurakhmonov", "PERSON")],
    [("Anna Ivanova", "PERSON"), ("Ivanova", "PERSON")],
    [("Olga Ivanova", "PERSON"), ("Ivanova", "PERSON")],
    [("Tony Blair", "PERSON"), ("Blair", "PERSON")],
    [("Islamic State Sahel Province", "ORG", ("ISSP",)), ("ISSP", "ORG"), ("ISIS-S", "ORG")],
    [("Islamic State", "ORG"), ("IS", "ORG")],
    [("Sahel", "ORG"), ("Voice of Sahel", "ORG")],
    [("United Nations", "ORG"), ("UN", "ORG")],
    [("Koktal Dam", "FAC"), ("Koktal", "GPE"), ("Koktal", "ORG")],
    [("Sarygidro", "ORG"), ("Sarygidro", "PERSON")],
    [("Kesvarian", "NORP"), ("Kesvarians", "NORP")],
    [("UK", "GPE"), ("Britain", "GPE"), ("United Kingdom", "GPE")],
    [("Kesvaristan", "GPE"), ("Kesvaridstan", "GPE")],
    [("Kazgaria", "GPE")],
    [("Sarybel Water Authority", "ORG"), ("SWA", "ORG")],
    [("Gulnora Yusupova", "PERSON"), ("Gulnora Jusupova", "PERSON")],
    [("Tashbulak", "GPE"), ("Tashbulaq", "GPE"), ("Tashboulak", "LOC")],
    [("Marat Iskakov", "PERSON"), ("Iskakov", "PERSON"), ("Iskakova", "PERSON")],
    [("Ali Kemal Ozturan", "PERSON"), ("Kemal Ozturan", "PERSON"), ("Ozturan", "PERSON")],
    [("Karim al-Haddad", "PERSON"), ("Karim Haddad", "PERSON"), ("Al-Haddad", "PERSON")],
    [("Arkady Zamorin", "PERSON"), ("Zamorin", "ORG")],
    [("Veldania Water Ministry", "ORG"), ("Water Ministry", "ORG"), ("Ministry", "ORG")],
    [("Ostrava Strip", "GPE"), ("Strip", "LOC"), ("Ostrava", "GPE")],
    [("Korvath Group", "NORP"), ("Korvath", "NORP"), ("Korvath Holdings Limited", "ORG")],
    [("Moravian Federation", "GPE"), ("Moravia", "GPE"), ("Moravians", "NORP")],
    [("United Provinces", "GPE"), ("U.P.", "GPE"), ("UP", "GPE")],
    [("Orsk fire", "EVENT"), ("Orsk wildfire", "EVENT"), ("Orsk fires", "EVENT")],
    [("Belgrad-on-Vist", "GPE"), ("Belgrad", "GPE")],
]


def synthetic_documents(n: int, seed: int) -> list[tuple[CleanDocument, DocumentAnalysis]]:
    rng = random.Random(seed)
    out = []
    for d in range(n):
        doc_id = f"doc{seed:02d}{d:04d}"
        mentions, body = [], ""
        for actor in rng.sample(ACTORS, rng.randint(2, 7)):
            forms = rng.sample(actor, rng.randint(1, len(actor)))
            full = max(forms, key=lambda f: len(f[0].split()))[0]
            for form in forms:
                text, label = form[0], form[1]
                aliases = form[2] if len(form) > 2 else ()
                surname = label == "PERSON" and len(text.split()) == 1 and full.endswith(" " + text)
                start = len(body)
                body += text + ". "
                mentions.append(Mention(start, start + len(text), text, label, full if surname else text, aliases))
        out.append((CleanDocument(doc_id, f"{doc_id}.txt", body), DocumentAnalysis(doc_id, mentions=tuple(mentions))))
    return out


def resolved_state(db: str) -> dict:
    store = Store(db, create=False)
    return {
        "entities": list(store.rows(S.entities, S.entities.c.id)),
        "aliases": list(store.rows(S.entity_aliases, S.entity_aliases.c.entity_id, S.entity_aliases.c.alias)),
        "mentions": [(m["document_id"], m["position"], m["entity_id"]) for m in store.per_document(S.mentions)],
        "stories": list(store.rows(S.stories, S.stories.c.id)),
        "story_documents": list(store.rows(S.story_documents, S.story_documents.c.story_id,
                                           S.story_documents.c.document_id)),
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_batches_resolved_one_after_another_equal_all_at_once(tmp_path, seed):
    docs = synthetic_documents(60, seed)
    whole = Store(str(tmp_path / "whole.db"))
    whole.write_documents(docs)
    resolve(whole)

    rng = random.Random(seed)
    batched = Store(str(tmp_path / "batched.db"))
    rest, reports = list(docs), []
    while rest:
        k = rng.randint(1, 4)
        batch, rest = rest[:k], rest[k:]
        batched.write_documents(batch)
        reports.append(resolve(batched))
    assert {r.mode for r in reports} == {"incremental"}
    assert resolved_state(str(tmp_path / "batched.db")) == resolved_state(str(tmp_path / "whole.db"))

    full = resolve(batched, full=True)  # and a rebuild from scratch changes nothing
    assert full.mode == "full"
    assert resolved_state(str(tmp_path / "batched.db")) == resolved_state(str(tmp_path / "whole.db"))


def test_a_document_about_other_actors_leaves_the_rest_alone(tmp_path):
    store = Store(str(tmp_path / "kb.db"))
    docs = synthetic_documents(40, 5)
    store.write_documents(docs)
    resolve(store)
    before = resolved_state(str(tmp_path / "kb.db"))
    lone = CleanDocument("docnew", "new.txt", "Zebulon Quartermaine met Ximena Oyelaran.")
    store.write_documents([(lone, DocumentAnalysis("docnew", mentions=(
        Mention(0, 20, "Zebulon Quartermaine", "PERSON", "Zebulon Quartermaine"),
        Mention(25, 40, "Ximena Oyelaran", "PERSON", "Ximena Oyelaran"))))])
    report = resolve(store)
    assert report.mode == "incremental"
    assert report.nodes_clustered == 2  # only the new document's two actors
    assert report.documents_touched == 1
    after = resolved_state(str(tmp_path / "kb.db"))
    assert before["entities"] == [e for e in after["entities"] if e["name"] not in
                                  ("Zebulon Quartermaine", "Ximena Oyelaran")]
    assert [m for m in after["mentions"] if m[0] != "docnew"] == before["mentions"]


def test_a_second_person_with_a_known_surname_reopens_the_surname(tmp_path):
    """'Blair' alone was Tony Blair while he was the only Blair; once an article names Ian Blair,
    the surname is ambiguous everywhere — in the old documents too."""
    store = Store(str(tmp_path / "kb.db"))

    def doc(doc_id: str, *names: tuple[str, str]) -> tuple[CleanDocument, DocumentAnalysis]:
        body, mentions = "", []
        for text, key in names:
            mentions.append(Mention(len(body), len(body) + len(text), text, "PERSON", key))
            body += text + ". "
        return CleanDocument(doc_id, doc_id, body), DocumentAnalysis(doc_id, mentions=tuple(mentions))

    store.write_documents([doc("d1", ("Tony Blair", "Tony Blair")), doc("d2", ("Blair", "Blair"))])
    resolve(store)
    owners = {m[0]: m[2] for m in resolved_state(store.db)["mentions"]}
    assert owners["d1"] == owners["d2"]
    store.write_documents([doc("d3", ("Ian Blair", "Ian Blair"))])
    report = resolve(store)
    owners = {m[0]: m[2] for m in resolved_state(store.db)["mentions"]}
    assert len({owners["d1"], owners["d2"], owners["d3"]}) == 3
    assert report.nodes_clustered == 3


def test_curation_decisions_make_the_resolution_full(tmp_path):
    from storyline import curation
    from storyline.store import decisions

    store = Store(str(tmp_path / "kb.db"))
    store.write_documents(synthetic_documents(10, 4))
    resolve(store)
    entities = list(store.rows(S.entities, S.entities.c.id))
    decisions.record(store, "rename", {"entity": curation.ref(entities[0]), "name": "Renamed"})
    assert resolve(store).mode == "full"
    assert any(e["name"] == "Renamed" for e in store.rows(S.entities))
    assert json.loads(next(store.rows(S.curation))["args"])["name"] == "Renamed"


PAIRS = {  # two documents whose actors only one rule joins
    "acronym": ([("Sarybel Water Authority", "ORG")], [("SWA", "ORG")]),
    "surname": ([("Tony Blair", "PERSON")], [("Blair", "PERSON")]),
    "name part": ([("Islamic State Sahel Province", "ORG")], [("Sahel", "ORG"), ("Islamic State", "ORG")]),
    "feature": ([("Koktal Dam", "FAC")], [("Koktal", "GPE")]),
    "spelling": ([("Gulnora Yusupova", "PERSON")], [("Gulnora Jusupova", "PERSON")]),
    "plural": ([("Kesvarian", "NORP")], [("Kesvarians", "NORP")]),
    "russified": ([("Sobirali Hamronov", "PERSON")], [("Sobirali Hamron", "PERSON")]),
    "shorter person name": ([("Ali Kemal Ozturan", "PERSON")], [("Kemal Ozturan", "PERSON")]),
    "shorter name": ([("Veldania Ministry of Water", "ORG")], [("Water Ministry", "ORG")]),
    "type words": ([("Korvath Group", "NORP")], [("Korvath Holdings Limited", "ORG")]),
    "particle": ([("Karim al-Haddad", "PERSON")], [("Karim Haddad", "PERSON")]),
    "long country name": ([("Moravian Federation", "ORG")], [("Moravia", "GPE")]),
    "initials": ([("United Provinces", "GPE")], [("U.P.", "GPE")]),
    "misspelling": ([("Yevgeny Kostrovin", "PERSON")], [("Yevgeny Kostrosvin", "PERSON")]),
    "event": ([("Orsk fire", "EVENT")], [("Orsk wildfire", "EVENT")]),
    "locative": ([("Belgrad-on-Vist", "GPE")], [("Belgrad", "GPE")]),
}


def _doc(doc_id: str, names: list[tuple[str, str]]) -> tuple[CleanDocument, DocumentAnalysis]:
    body, mentions = "", []
    for text, label in names:
        mentions.append(Mention(len(body), len(body) + len(text), text, label, text))
        body += text + ". "
    return CleanDocument(doc_id, doc_id, body), DocumentAnalysis(doc_id, mentions=tuple(mentions))


@pytest.mark.parametrize("rule", sorted(PAIRS))
@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_each_rule_joins_a_new_document_to_an_old_one(tmp_path, rule, order):
    docs = [_doc(f"d{i}", names) for i, names in enumerate(PAIRS[rule])]
    whole = Store(str(tmp_path / "whole.db"))
    whole.write_documents(docs)
    resolve(whole)
    assert len({m[2] for m in resolved_state(whole.db)["mentions"]}) == len(docs[1][1].mentions)  # joined
    batched = Store(str(tmp_path / "batched.db"))
    for i in order:
        batched.write_documents([docs[i]])
        resolve(batched)
    assert resolved_state(batched.db) == resolved_state(whole.db)
