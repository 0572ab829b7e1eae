"""Every export format written from the sample corpus and read back by its own tooling:
CSV by the csv module, GraphML/GEXF by networkx, FtM lines by followthemoney's model."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.export.csv_tables import exported_tables
from storyline.export.ftm import relation_schema
from storyline.kb import KnowledgeBase
from storyline.store.db import Store
from storyline.store import schema as S

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from storyline.pipeline import build

    folder = tmp_path_factory.mktemp("exports")
    db = str(folder / "sample.db")
    build([str(EXAMPLES)], db)
    kb = KnowledgeBase(db)
    org = next(e for e in kb.entities() if e["type"] == "ORG")
    kb.retype(org["id"], "PERSON", note="checked by hand")  # a curated entity in every export
    runner = CliRunner()
    for fmt, name in (("json", "e.json"), ("csv", "csv"), ("graphml", "a.graphml"), ("gexf", "a.gexf"),
                      ("ftm", "e.ftm.json")):
        result = runner.invoke(app, ["export", "--db", db, "--format", fmt, "-o", str(folder / name)])
        assert result.exit_code == 0, result.output
    return db, folder


def test_json_export_carries_the_curation_decisions(exported):
    db, folder = exported
    export = json.loads((folder / "e.json").read_text(encoding="utf-8"))
    assert [d["note"] for d in export["curation"]] == ["checked by hand"]
    curated = [e for e in export["entities"] if any(export["curation"][0]["id"] in r for r in e["reasons"])]
    assert len(curated) == 1 and curated[0]["type"] == "PERSON"


def test_csv_has_one_file_per_table_with_its_columns_and_rows(exported):
    db, folder = exported
    store = Store(db, create=False)
    names = exported_tables()
    assert "documents" in names and "curation" in names and "migrations" not in names
    for table in (S.metadata.tables[n] for n in names):
        with (folder / "csv" / f"{table.name}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
            fh.seek(0)
            header = next(csv.reader(fh))
        assert header == [c.name for c in table.columns]
        assert len(rows) == store.count(table), table.name
    docs = {r["id"]: r["body"] for r in csv.DictReader((folder / "csv" / "documents.csv").open(encoding="utf-8",
                                                                                              newline=""))}
    for q in csv.DictReader((folder / "csv" / "quotes.csv").open(encoding="utf-8", newline="")):
        assert docs[q["document_id"]][int(q["start"]):int(q["end"])] == q["text"]  # offsets survive CSV


@pytest.mark.parametrize("name,read", [("a.graphml", nx.read_graphml), ("a.gexf", nx.read_gexf)])
def test_actor_network_reads_back_in_networkx(exported, name, read):
    db, folder = exported
    graph = read(folder / name)
    kb = KnowledgeBase(db)
    entities = kb.entities()
    assert graph.number_of_nodes() == len(entities)
    labels = {data.get("label") for _, data in graph.nodes(data=True)}
    assert {e["name"] for e in entities} <= labels
    assert graph.number_of_edges() > 0
    for rel in kb.relations():
        if rel["subject"] != rel["object"]:
            assert graph.has_edge(rel["subject"], rel["object"])
    weights = [int(d["weight"]) for _, _, d in graph.edges(data=True)]
    assert max(weights) > 1  # actors named together in several sentences


def test_ftm_lines_are_valid_followthemoney_entities(exported):
    from followthemoney import model

    db, folder = exported
    proxies = [model.get_proxy(json.loads(line)) for line in
               (folder / "e.ftm.json").read_text(encoding="utf-8").splitlines()]
    ids = {p.id for p in proxies}
    assert len(ids) == len(proxies)
    schemata = {p.schema.name for p in proxies}
    assert {"Article", "Person", "Organization", "Mention"} <= schemata
    for p in proxies:
        assert p.schema.name in model.schemata and not p.schema.abstract
        for prop in p.schema.required:
            assert p.get(prop), (p.schema.name, prop)
        for prop, value in p.itervalues():
            if prop.type.name == "entity":
                assert value in ids, (p.schema.name, prop.name)  # no dangling reference
    kb = KnowledgeBase(db)
    assert sum(p.schema.name == "Article" for p in proxies) == len(kb.documents())
    assert any(p.schema.edge for p in proxies)  # relations as FtM relationships


@pytest.mark.parametrize("predicate,types,schema", [
    ("chief executive of", ("PERSON", "ORG"), "Directorship"),
    ("spokeswoman for", ("PERSON", "ORG"), "Employment"),
    ("member of", ("PERSON", "ORG"), "Membership"),
    ("cousin of", ("PERSON", "PERSON"), "Family"),
    ("lawyer for", ("PERSON", "PERSON"), "Representation"),
    ("flew to", ("PERSON", "GPE"), "UnknownLink"),
    ("sued", ("ORG", "ORG"), "UnknownLink"),
])
def test_relations_map_to_the_nearest_ftm_schema(predicate, types, schema):
    assert relation_schema(predicate, *types)[0] == schema


def test_unknown_format_is_a_usage_error(exported, tmp_path):
    db, _ = exported
    result = CliRunner().invoke(app, ["export", "--db", db, "--format", "xlsx", "-o", str(tmp_path / "x")])
    assert result.exit_code != 0 and "csv" in str(result.exception)


def test_every_registered_exporter_is_written_above_and_says_what_it_wrote(exported, tmp_path):
    from storyline.export.formats import EXPORTERS

    db, folder = exported
    assert set(EXPORTERS) == {"json", "csv", "graphml", "gexf", "ftm"}  # each written by the fixture
    store = Store(db, create=False)
    for name, exporter in EXPORTERS.items():
        summary = exporter.write(store, tmp_path / f"out.{name}")
        assert summary.startswith("wrote ") and str(tmp_path) in summary
        assert (tmp_path / f"out.{name}").exists()
