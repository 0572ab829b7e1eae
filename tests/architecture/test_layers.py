"""The house plan, enforced: data flows ingest -> clean -> analyze -> resolve -> store ->
{web, report, export}; a module imports only its own stage or earlier ones (and the shared base),
there is no import circle, only the store speaks SQL, and every view reads through the store's one
read model (``store/read/``). See docs/architecture.md.

``STILL_TO_MOVE`` lists the imports that break the plan today, each with the module that does it;
the test fails on any other, and on a listed one that is gone (so the list only shrinks)."""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "storyline"

# Shared by every stage: data types, ids, errors, settings, vocabularies, word lists.
BASE = {"storyline", "errors", "ids", "model", "settings", "vocab", "names", "resources", "timecap"}
# A stage's rank in the flow; a module may import from a rank at or below its own.
RANK = {"ingest": 1, "clean": 2, "analyze": 3, "engine": 4, "resolve": 5, "curation": 5, "store": 6,
        "resolution": 6.5, "kb": 7, "present": 7, "web": 8, "report": 8, "export": 8, "pipeline": 9, "cli": 9, "cli_kb": 9,
        "cli_web": 9}
# Stages of one rank that must not read each other (siblings, not layers).
SIBLINGS = ({"web", "report", "export"},)
STILL_TO_MOVE: set[tuple[str, str]] = set()  # every import follows the flow
SQL_STILL_OUTSIDE_STORE: set[str] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The storyline modules ``name`` imports (anywhere in it: lazy imports count too)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in known and t != name)
    return found


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "storyline"


MODULES = _modules()
GRAPH = {m: _imports(m, p, MODULES) for m, p in MODULES.items() if m != "storyline"}  # the root's lazy API


def test_every_stage_has_a_place_in_the_flow():
    assert {_stage(m) for m in MODULES} <= BASE | set(RANK)


def test_no_import_reaches_a_later_stage_or_a_sibling():
    broken = set()
    for module, targets in GRAPH.items():
        here = _stage(module)
        for target in targets:
            there = _stage(target)
            if there == here or there in BASE:
                continue
            sibling = any(here in s and there in s for s in SIBLINGS)
            if here in BASE or RANK[there] > RANK[here] or sibling:
                broken.add((module, there))
    assert broken - STILL_TO_MOVE == set(), "imports against the flow (docs/architecture.md)"
    assert STILL_TO_MOVE - broken == set(), "fixed: take these out of STILL_TO_MOVE"


def test_no_import_circle():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            visit(v)
    assert GRAPH and circles == []


def test_only_the_store_speaks_sql():
    speaking = set()
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        uses_sql = any(isinstance(n, (ast.Import, ast.ImportFrom))
                       and any((getattr(n, "module", None) or a.name).split(".")[0] in ("sqlalchemy", "sqlite3", "psycopg")
                               for a in n.names)
                       for n in ast.walk(tree))
        if uses_sql and _stage(module) != "store":
            speaking.add(module)
    assert speaking - SQL_STILL_OUTSIDE_STORE == set(), "SQL outside store/"
    assert SQL_STILL_OUTSIDE_STORE - speaking == set(), "fixed: take these out of SQL_STILL_OUTSIDE_STORE"


def test_only_the_store_names_a_table():
    """The schema is the store's own: every other module asks the store by what it wants (the
    read model, the resolution's reads), never by table and column."""
    naming = {m for m, targets in GRAPH.items() if "storyline.store.schema" in targets and _stage(m) != "store"}
    assert "storyline.store.schema" in MODULES and naming == set()


# The views: the Python API, the shared presentation, the web app, the report, the exporters, the CLI.
VIEWS = {"kb", "present", "web", "report", "export", "cli", "cli_kb", "cli_web"}
# What a view may take from the store: open one (db), read through the read model (read/), record
# an analyst's decision (decisions), say which migrations ran (migrations). The schema, the
# resolution's reads and writes, reprints and search are the store's own.
VIEW_STORE_ACCESS = ("storyline.store.db", "storyline.store.read", "storyline.store.decisions",
                     "storyline.store.migrations")
TABLE_READS = {"rows", "rows_in", "per_document", "execute", "scalar", "count"}


def test_views_read_only_through_the_read_model():
    """No view imports the schema or reads a table itself: the CLI, the web app, the report (via
    the JSON export) and every exporter get their rows from ``store/read/``."""
    reaching, reading = set(), set()
    for module, targets in GRAPH.items():
        if _stage(module) not in VIEWS:
            continue
        reaching |= {(module, t) for t in targets if t.startswith("storyline.store")
                     and not any(t == ok or t.startswith(ok + ".") for ok in VIEW_STORE_ACCESS)}
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        reading |= {(module, n.func.attr) for n in ast.walk(tree) if isinstance(n, ast.Call)
                    and isinstance(n.func, ast.Attribute) and n.func.attr in TABLE_READS
                    and "store" in ast.unparse(n.func.value)}
    assert any(t.startswith("storyline.store.read") for targets in GRAPH.values() for t in targets)
    assert reaching == set(), "views reaching past the read model"
    assert reading == set(), "views reading tables themselves"


RESOLVE = PACKAGE / "resolve"
MAX_FUNCTION_LINES = 60
MAX_STATE_ATTRIBUTES = 12


def _attributes(cls: ast.ClassDef) -> set[str]:
    """A class's fields (annotated in its body) and the attributes its methods set on self."""
    fields = {n.target.id for n in cls.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)}
    return fields | {n.attr for n in ast.walk(cls) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                     and n.value.id == "self" and isinstance(n.ctx, ast.Store)}


def test_resolution_steps_stay_small():
    """No function of resolve/ or of the run of 60 lines or more; what the run hands from one step to
    the next (its dataclasses) and any object a step keeps holds at most 12 attributes."""
    long_functions, wide = [], []
    run = PACKAGE / "resolution.py"
    for path in [*sorted(RESOLVE.glob("*.py")), run]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if node.end_lineno - node.lineno + 1 >= MAX_FUNCTION_LINES:
                    long_functions.append(f"{path.stem}.{node.name}")
            elif isinstance(node, ast.ClassDef):
                attributes = _attributes(node) if path == run else {
                    n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
                    and n.value.id == "self" and isinstance(n.ctx, ast.Store)}
                if len(attributes) > MAX_STATE_ATTRIBUTES:
                    wide.append(f"{path.stem}.{node.name}")
    assert long_functions == []
    assert wide == []
