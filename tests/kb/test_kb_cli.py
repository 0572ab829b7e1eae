"""The knowledge-base commands as a script uses them: --json output, --db, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from storyline.cli import app
from storyline.kb import KnowledgeBase

runner = CliRunner()


def run_json(*args: str):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_search_entity_facts_compare_print_json(sample_db):
    hits = run_json("search", "Koktal dam", "--db", sample_db)
    assert hits and {"kind", "document", "start", "end", "snippet"} <= set(hits[0])
    facts = run_json("facts", "--conflicts", "--db", sample_db)
    assert facts and {f["status"] for f in facts} == {"conflict"}
    speaker = next(q["speaker"] for q in KnowledgeBase(sample_db).quotes() if q["speaker"])
    profile = run_json("entity", speaker, "--db", sample_db)
    assert profile["entity"]["id"] == speaker and profile["quotes_by"]
    diff = run_json("compare", "02_", "03_", "--db", sample_db)
    assert diff["b"]["duplicate_of"] == diff["a"]["id"]  # the reprint and its original
    assert run_json("migrate", "--db", sample_db)["ran"] == []


def test_curate_commands_record_list_and_undo(kb_copy):
    db = kb_copy.store.db
    ent = max(kb_copy.entities(), key=lambda e: (e["mentions_count"], e["id"]))
    decision = run_json("curate", "rename", ent["id"], "Renamed By Hand", "--note", "checked", "--db", db)
    assert decision["status"] == "applied" and decision["note"] == "checked"
    assert run_json("entity", "Renamed By Hand", "--db", db)["entity"]["id"] == ent["id"]
    listed = run_json("curate", "list", "--db", db)
    assert [d["id"] for d in listed] == [decision["id"]]
    undone = run_json("curate", "undo", decision["id"], "--db", db)
    assert undone["reverted"]
    assert run_json("entity", ent["id"], "--db", db)["entity"]["name"] == ent["name"]


def test_every_new_command_has_help_with_an_example():
    for command in (["migrate"], ["search"], ["entity"], ["facts"], ["compare"], ["curate", "merge"],
                    ["curate", "split"], ["curate", "rename"], ["curate", "retype"], ["curate", "wrong-claim"],
                    ["curate", "wrong-relation"], ["curate", "undo"], ["curate", "list"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout, command
        assert "--db" in result.stdout


def test_as_installed_unknown_entity_exits_2_with_a_hint(sample_db, tmp_path):
    result = subprocess.run([sys.executable, "-m", "storyline.cli", "entity", "Zebulon Quartermaine", "--db",
                             sample_db], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "storyline search" in result.stderr
    result = subprocess.run([sys.executable, "-m", "storyline.cli", "search", "dam", "--db",
                             str(tmp_path / "missing.db")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "storyline build" in result.stderr
