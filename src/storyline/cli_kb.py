"""Command line, knowledge-base commands: migrate, search, entity, facts, compare, curate.

Each is a thin wrapper around ``storyline.kb.KnowledgeBase``; ``--json`` prints what the API
returns, for scripting. Registered on the main typer app by ``register(app)`` (``cli.py``)."""
from __future__ import annotations

import json
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from storyline.settings import DEFAULT_DB

out = Console(soft_wrap=True)  # results go to stdout; messages and errors to stderr (cli.console)
DB_HELP = "Knowledge base: a SQLite file path or a postgresql://USER@HOST/DB URL."
JSON_HELP = "Print JSON (what the Python API returns) instead of tables."
NOTE_HELP = "Why: kept with the decision and shown in exports."

curate_app = typer.Typer(no_args_is_help=True, help="Correct the machine: merge, split, rename, retype, mark "
                                                    "wrong; every decision is stored, re-applied on later builds "
                                                    "and reversible.")


def _db() -> Any:
    return typer.Option(DEFAULT_DB, "--db", help=DB_HELP)


def _json() -> Any:
    return typer.Option(False, "--json", help=JSON_HELP)


def _note() -> Any:
    return typer.Option(None, "--note", help=NOTE_HELP)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


def _kb(db: str):  # -> KnowledgeBase; imported late so that `storyline --help` stays fast
    from storyline.kb import KnowledgeBase

    return KnowledgeBase(db)


def _num(c: dict) -> str:
    if c.get("value") is not None:
        return f"{c['value']:,}" if isinstance(c["value"], int) else str(c["value"])
    return f"{c.get('low')}–{c.get('high')}"


def migrate(db: str = _db(), as_json: bool = _json()) -> None:
    """Bring a knowledge base's schema up to date (safe to run any number of times).

    Example: storyline migrate --db story.db
    """
    from storyline.store.db import Store
    from storyline.store.migrations import applied

    store = Store(db, create=False)
    result = {"ran": store.migrated, "applied": applied(store.engine)}
    if as_json:
        _print_json(result)
    else:
        out.print(f"ran {', '.join(result['ran'])}" if result["ran"] else "up to date")
        out.print(f"{len(result['applied'])} migrations applied: {', '.join(result['applied'])}")


def search(query: str = typer.Argument(..., help="Words to find (all required; stemmed, so 'flood' finds "
                                                "'flooding')."),
           db: str = _db(), limit: int = typer.Option(20, "--limit", help="Most hits of each kind."),
           as_json: bool = _json()) -> None:
    """Full-text search over document titles, bodies and quotes.

    Example: storyline search "dam warning" --db story.db
    """
    hits = _kb(db).search(query, limit)
    if as_json:
        _print_json(hits)
        return
    table = Table("kind", "document", "where", "text", title=f"{len(hits)} hits for {query!r}", title_justify="left")
    for h in hits:
        who = f" — {h['speaker_name']}" if h["kind"] == "quote" and h.get("speaker_name") else ""
        table.add_row(h["kind"], f"{h['document']}\n{h['outlet'] or ''} {h['published'] or ''}",
                      f"{h['start']}–{h['end']}", h["snippet"] + who)
    out.print(table)


def entity(name: str = typer.Argument(..., help="A name, alias or entity id."), db: str = _db(),
           as_json: bool = _json()) -> None:
    """One actor: aliases, why they were merged, documents, quotes by and about, relations, numbers.

    Example: storyline entity "Abdurakhmonov" --db story.db
    """
    profile = _kb(db).entity(name)
    if as_json:
        _print_json(profile)
        return
    e = profile["entity"]
    out.print(f"[bold]{e['name']}[/bold] ({e['type']}, {e['id']}) — {e['mentions_count']} mentions in "
              f"{len(e['documents'])} documents")
    if e["aliases"]:
        out.print("aliases: " + "; ".join(e["aliases"]))
    for r in e["reasons"]:
        out.print(f"  merged: {r}")
    for title, rows in (("quotes by", profile["quotes_by"]), ("quotes about", profile["quotes_about"])):
        if rows:
            table = Table("document", "offsets", "quote", title=title, title_justify="left")
            for q in rows:
                table.add_row(q["document"], f"{q['start']}–{q['end']}", q["text"])
            out.print(table)
    if profile["relations"]:
        table = Table("subject", "predicate", "object", "document", title="relations", title_justify="left")
        for r in profile["relations"]:
            table.add_row(r["subject_name"], r["predicate"], r["object_name"], r["document"])
        out.print(table)
    if profile["numbers"]:
        table = Table("number", "qualifier", "counted", "document", "fact", title="numbers", title_justify="left")
        for q in profile["numbers"]:
            table.add_row(q["text"], q["qualifier"], q["counted"] or "", q["document"],
                          f"{q['fact']} ({q['status']})" if q["fact"] else "")
        out.print(table)


def facts(db: str = _db(), conflicts: bool = typer.Option(False, "--conflicts", help="Only facts the sources "
                                                                                     "disagree on."),
          as_json: bool = _json()) -> None:
    """Facts across sources — the same figure as each document states it — conflicts first.

    Example: storyline facts --conflicts --db story.db
    """
    rows = _kb(db).facts(conflicts_only=conflicts)
    if as_json:
        _print_json(rows)
        return
    table = Table("status", "fact", "claims", title=f"{len(rows)} facts", title_justify="left")
    for f in rows:
        claims = "\n".join(f"{_num(c)} ({c['qualifier']}) — {c['outlet'] or c['document']} {c['published'] or ''}"
                           for c in f["claims"])
        table.add_row(f["status"], f"{f['description']}\n{f['id']}", claims)
    out.print(table)


def compare(doc_a: str = typer.Argument(..., help="A document id, or part of its file name or title."),
            doc_b: str = typer.Argument(..., help="The other document."), db: str = _db(),
            as_json: bool = _json()) -> None:
    """What two documents share and where they differ: actors, and figures both report.

    Example: storyline compare 02_steppe 06_eurasia --db story.db
    """
    result = _kb(db).compare(doc_a, doc_b)
    if as_json:
        _print_json(result)
        return
    a, b = result["a"], result["b"]
    out.print(f"A: {a['id']} {a['title']} ({a['outlet'] or a['source']}, {a['published']})")
    out.print(f"B: {b['id']} {b['title']} ({b['outlet'] or b['source']}, {b['published']})")
    for key, label in (("shared", "actors in both"), ("only_a", "actors only in A"), ("only_b", "actors only in B")):
        out.print(f"{label}: " + ", ".join(e["name"] or e["id"] for e in result["entities"][key]))
    table = Table("fact", "A says", "B says", "same", title="figures both report", title_justify="left")
    for f in result["facts"]["shared"]:
        table.add_row(f["description"], ", ".join(c["text"] for c in f["a"]), ", ".join(c["text"] for c in f["b"]),
                      "yes" if f["same_value"] else "[red]no[/red]")
    out.print(table)
    out.print(f"{len(result['facts']['only_a'])} figures only in A, {len(result['facts']['only_b'])} only in B")


# --- curate ------------------------------------------------------------------------------------
def _show_decision(decision: Any, as_json: bool) -> None:
    if as_json:
        _print_json(decision.as_dict())
    else:
        out.print(f"{decision.id} {decision.action} {json.dumps(decision.args, ensure_ascii=False)} "
                  f"→ {decision.status or 'pending'}{' (reverted)' if decision.reverted else ''}")


@curate_app.command("merge")
def curate_merge(source: str = typer.Argument(..., help="Entity to fold in (name, alias or id)."),
                 target: str = typer.Argument(..., help="Entity that stays (name, alias or id)."),
                 db: str = _db(), note: Optional[str] = _note(), as_json: bool = _json()) -> None:
    """Merge two entities: SOURCE's names and mentions become TARGET's.

    Example: storyline curate merge "Kazgaria Nurlan Abdurakhmanov" "Nurlan Abdurahmanov" --db story.db
    """
    _show_decision(_kb(db).merge(source, target, note), as_json)


@curate_app.command("split")
def curate_split(entity_name: str = typer.Argument(..., metavar="ENTITY", help="The entity (name or id)."),
                 alias: str = typer.Argument(..., help="The alias that is someone else."),
                 db: str = _db(), note: Optional[str] = _note(), as_json: bool = _json()) -> None:
    """Split an alias off an entity: its mentions become a new entity.

    Example: storyline curate split "Nurlan Abdurahmanov" "Abdurakhmonov" --db story.db
    """
    _show_decision(_kb(db).split(entity_name, alias, note), as_json)


@curate_app.command("rename")
def curate_rename(entity_name: str = typer.Argument(..., metavar="ENTITY", help="The entity (name or id)."),
                  name: str = typer.Argument(..., help="Its name from now on (the old one becomes an alias)."),
                  db: str = _db(), note: Optional[str] = _note(), as_json: bool = _json()) -> None:
    """Rename an entity.

    Example: storyline curate rename "Sarygidro" "Sarybel Hydropower Company" --db story.db
    """
    _show_decision(_kb(db).rename(entity_name, name, note), as_json)


@curate_app.command("retype")
def curate_retype(entity_name: str = typer.Argument(..., metavar="ENTITY", help="The entity (name or id)."),
                  type_: str = typer.Argument(..., metavar="TYPE", help="PERSON, ORG, GPE, LOC, NORP, FAC, EVENT "
                                                                        "or OTHER."),
                  db: str = _db(), note: Optional[str] = _note(), as_json: bool = _json()) -> None:
    """Change an entity's type.

    Example: storyline curate retype "Lucas Brandt" PERSON --db story.db
    """
    _show_decision(_kb(db).retype(entity_name, type_, note), as_json)


@curate_app.command("wrong-claim")
def curate_wrong_claim(document: str = typer.Argument(..., help="The claim's document (id or file name part)."),
                       start: int = typer.Argument(..., help="The claim's start offset (as in `facts --json`)."),
                       db: str = _db(), note: Optional[str] = _note(), as_json: bool = _json()) -> None:
    """Mark a claim (a number as one document states it) as wrong: it leaves every fact.

    Example: storyline curate wrong-claim doc_1e483fef75128e6b 412 --db story.db
    """
    _show_decision(_kb(db).mark_claim_wrong(document, start, note), as_json)


@curate_app.command("wrong-relation")
def curate_wrong_relation(document: str = typer.Argument(..., help="The relation's document."),
                          start: int = typer.Argument(..., help="Its evidence sentence's start offset."),
                          predicate: Optional[str] = typer.Option(None, "--predicate", help="Only the relation "
                                                                  "with this predicate (default: all in that "
                                                                  "sentence)."),
                          db: str = _db(), note: Optional[str] = _note(), as_json: bool = _json()) -> None:
    """Mark a relation as wrong: no export or query shows it.

    Example: storyline curate wrong-relation doc_1e483fef75128e6b 1207 --predicate "flew to" --db story.db
    """
    _show_decision(_kb(db).mark_relation_wrong(document, start, predicate, note), as_json)


@curate_app.command("undo")
def curate_undo(decision: str = typer.Argument(..., help="Decision id (or a unique prefix)."),
                db: str = _db(), as_json: bool = _json()) -> None:
    """Reverse a decision (it stays on record, marked reverted).

    Example: storyline curate undo cur_3f2a --db story.db
    """
    _show_decision(_kb(db).undo(decision), as_json)


@curate_app.command("list")
def curate_list(db: str = _db(), as_json: bool = _json()) -> None:
    """Every decision, oldest first, with its outcome at the last build.

    Example: storyline curate list --db story.db
    """
    rows = _kb(db).decisions()
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "action", "arguments", "status", "created", "reverted", "note", title="curation decisions",
                  title_justify="left")
    for d in rows:
        table.add_row(d["id"], d["action"], json.dumps(d["args"], ensure_ascii=False), d["status"] or "pending",
                      d["created"], d["reverted"] or "", d["note"] or "")
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add the knowledge-base commands to the main ``storyline`` app."""
    for func, name in ((migrate, "migrate"), (search, "search"), (entity, "entity"), (facts, "facts"),
                       (compare, "compare")):
        app.command(name=name)(func)
    app.add_typer(curate_app, name="curate")
