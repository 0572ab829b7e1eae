"""The JSON API fuzzed from its own OpenAPI schema (schemathesis): every generated request, valid
(positive) or not (negative), gets a documented answer, never a 5xx, and every response matches
the schema (status code, content type, body).

Bounded in ``make test`` (derandomized, ``API_EXAMPLES`` examples per operation and mode);
``STORYLINE_API_EXAMPLES=300 make load`` runs the longer budget and prints the counts. The app
allows edits, so the curation endpoint is fuzzed too, on a private copy of the sample store."""
from __future__ import annotations

import os
import shutil
from collections import Counter

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="the API fuzz test needs schemathesis: pip install -e '.[test]'")
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode

API_EXAMPLES = int(os.environ.get("STORYLINE_API_EXAMPLES", "25"))
EDIT_HEADERS = {"x-storyline-edit": "1"}  # without it every POST is refused before the schema matters
# A curation request can fit the schema and still name nothing that exists (an entity to retype
# with no entity): that is a documented 400, not a schema-valid request wrongly refused.
SEMANTIC = {"POST /api/curation/{action}": [schemathesis.checks.positive_data_acceptance]}


@pytest.fixture(scope="module")
def app_db(sample_db, tmp_path_factory) -> str:
    db = tmp_path_factory.mktemp("fuzz") / "copy.db"
    shutil.copy(sample_db, db)
    return str(db)


@pytest.fixture(scope="module")
def api_schema(app_db):
    from storyline.web import create_app

    return schemathesis.openapi.from_asgi("/openapi.json", create_app(app_db, allow_edits=True))


@pytest.fixture(scope="module")
def known(app_db) -> dict[str, dict]:
    """Fixed parts for the operations that need a real id to get past 404: the rest is generated."""
    from storyline.kb import KnowledgeBase
    from storyline.store.read.pages import Reader

    reader = Reader(KnowledgeBase(app_db).store)
    doc_ids = [d["id"] for d in reader.documents(2, 0).items]
    entity = reader.entities(1, 0).items[0]["id"]
    fact = reader.facts(None, 1, 0).items[0]["id"]
    return {"GET /api/entities/{eid}": {"path_parameters": {"eid": entity}},
            "GET /api/facts/{fid}": {"path_parameters": {"fid": fact}},
            "GET /api/documents/{doc_id}": {"path_parameters": {"doc_id": doc_ids[0]}},
            "GET /api/compare": {"query": {"a": doc_ids[0], "b": doc_ids[1]}},
            "POST /api/curation/{action}": {"path_parameters": {"action": "retype"}}}


def fuzz(schema, mode: GenerationMode, examples: int, fixed: dict[str, dict] | None = None) -> tuple[Counter, list[str]]:
    """Run every operation's strategy (only those in ``fixed``, with those parts fixed, when
    given); the requests sent per operation and each failure found."""
    sent: Counter = Counter()
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if fixed is not None and operation.label not in fixed:
            continue

        @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode, **(fixed or {}).get(operation.label, {})))
        def check(case) -> None:
            sent[operation.label] += 1
            case.call_and_validate(headers=EDIT_HEADERS, excluded_checks=SEMANTIC.get(operation.label, []))

        try:
            check()
        except Unsatisfiable:
            pass  # no request can break the schema (an operation without parameters, in negative mode)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every failure is collected and reported
            failures.append(f"{operation.label} ({mode.value}): {type(exc).__name__}: {exc}"[:3000])
    return sent, failures


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_api_answers_every_generated_request_within_its_schema(api_schema, mode):
    sent, failures = fuzz(api_schema, mode, API_EXAMPLES)
    print(f"\nschemathesis {mode.value}: {sum(sent.values())} requests over {len(sent)} operations: {dict(sent)}")
    assert not failures, "\n\n".join(failures)
    assert len(sent) >= (12 if mode == GenerationMode.POSITIVE else 8)  # every view's JSON twin is in the schema


def test_api_with_real_ids_answers_within_its_schema(api_schema, known):
    sent, failures = fuzz(api_schema, GenerationMode.POSITIVE, API_EXAMPLES, known)
    print(f"\nschemathesis real ids: {sum(sent.values())} requests over {len(sent)} operations: {dict(sent)}")
    assert not failures, "\n\n".join(failures)
    assert set(sent) == set(known)
