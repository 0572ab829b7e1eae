"""Actor-actor relations in one document: clauses, passives, roles, titles, family ties, and the
clauses that must not become relations (negated, modal, quoted, reported speech)."""
from __future__ import annotations

import pytest
import spacy

from storyline.analyze import entities, relations  # noqa: F401  (registers the factories)
from storyline.analyze.relations import extract_relations
from storyline.settings import DEFAULT_MODEL

STATED = (
    "The mayor of Varna, Ivan Dobrev, was criticised by the Green Party on Monday over the "
    "delayed harbour contract.\n\n"
    "Chancellor Olga Weiss met with Pierre Lambert in Geneva on Tuesday to discuss the pipeline.\n\n"
    "Tomas Berg, a senior economist at the Nordic Investment Bank, expects rates to fall. "
    "Moldova President Ion Sandu visited Romania last week.\n\n"
    "Rashid Nazarov, 52, has run the company since 2010. His daughter, Malika Nazarova, heads "
    "the Samarkand branch of Orient Bank.\n\n"
    "Viktor Pinchuk, son-in-law of former President Leonid Kuchma, bought the plant in June."
)

NOT_STATED = (
    "The Liberal Party did not endorse Maria Costa. Germany could recognise Kosovo next year. "
    "If Chile signs the treaty, Peru will follow.\n\n"
    "\"Spain backs Morocco on this,\" said Luis Ortega. Ivan Dobrev told Reuters that the "
    "contract was legal.\n\n"
    "Days after Russia blamed three workers from Kazakhstan for the fire, the ministry said "
    "nothing.\n\n"
    "Olga Weiss, a former lawyer, spoke after Pierre Lambert."
)


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.load(DEFAULT_MODEL)
    pipeline.add_pipe("storyline_entities")
    pipeline.add_pipe("storyline_relations")
    return pipeline


def _triples(doc) -> set[tuple[str, str, str]]:
    key = {(m.start, m.end): m.key for m in doc._.storyline_mentions}
    return {(key[(r.subject_start, r.subject_end)], r.predicate, key[(r.object_start, r.object_end)])
            for r in doc._.storyline_relations}


@pytest.fixture(scope="module")
def stated(nlp):
    return nlp(STATED)


@pytest.fixture(scope="module")
def not_stated(nlp):
    return nlp(NOT_STATED)


def test_passive_is_turned_round(stated):
    assert ("Green Party", "criticised", "Ivan Dobrev") in _triples(stated)


def test_role_before_a_misattached_appositive(stated):
    assert ("Ivan Dobrev", "mayor of", "Varna") in _triples(stated)


def test_prepositional_object(stated):
    triples = _triples(stated)
    assert ("Olga Weiss", "met with", "Pierre Lambert") in triples
    assert ("Olga Weiss", "met in", "Geneva") not in triples  # a place of meeting is no relation


def test_appositive_role_keeps_rank(stated):
    assert ("Tomas Berg", "senior economist at", "Nordic Investment Bank") in _triples(stated)


def test_title_in_front_of_name(stated):
    triples = _triples(stated)
    assert ("Ion Sandu", "president of", "Moldova") in triples
    assert ("Ion Sandu", "visited", "Romania") in triples


def test_family_tie_through_possessive_pronoun(stated):
    assert ("Malika Nazarova", "daughter of", "Rashid Nazarov") in _triples(stated)


def test_hyphenated_role_is_not_shortened(stated):
    triples = _triples(stated)
    assert ("Viktor Pinchuk", "son-in-law of", "Leonid Kuchma") in triples
    assert ("Viktor Pinchuk", "son of", "Leonid Kuchma") not in triples


def test_negated_modal_conditional_quoted_and_reported_clauses_give_nothing(not_stated):
    pairs = {(s, o) for s, _, o in _triples(not_stated)}
    for subj, obj in [("Liberal Party", "Maria Costa"), ("Germany", "Kosovo"), ("Chile", "Peru"),
                      ("Spain", "Morocco"), ("Ivan Dobrev", "Reuters"), ("Russia", "Kazakhstan"),
                      ("Olga Weiss", "Pierre Lambert")]:
        assert (subj, obj) not in pairs, (subj, obj)


def test_offsets_point_at_mentions_and_evidence_sentence(stated):
    found = stated._.storyline_relations
    spans = {(m.start, m.end) for m in stated._.storyline_mentions}
    assert found
    for r in found:
        assert (r.subject_start, r.subject_end) in spans and (r.object_start, r.object_end) in spans
        assert r.start <= min(r.subject_start, r.object_start)
        assert max(r.subject_end, r.object_end) <= r.end
        evidence = STATED[r.start:r.end]
        assert evidence == evidence.strip() and "\n" not in evidence
        assert r.predicate == r.predicate.lower() and r.predicate.strip()


def test_no_relation_between_two_mentions_of_one_actor(nlp):
    doc = nlp("Ivan Dobrev met Dobrev's lawyers. Dobrev praised Ivan Dobrev.")
    assert all(s != o for s, _, o in _triples(doc))


def test_pure_function_with_no_mentions(nlp):
    doc = nlp.make_doc("Hungary borders Austria.")
    assert extract_relations(doc, []) == []
