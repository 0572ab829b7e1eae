"""Export stage: one interface for every ``storyline export --format``.

Each format is an ``Exporter``: a name, what it writes, and a function writing a store to a path
and returning a one-line summary. Adding a format is one module with that function and one entry
in ``EXPORTERS``; ``storyline export --format`` passes its value to ``write``.

json: the contract (``export/contract.py``) plus a ``curation`` key listing analysts'
decisions; csv: one file per table in a folder; graphml / gexf: the actor network; ftm:
FollowTheMoney entity lines."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import StorylineError
from storyline.store.db import Store


@dataclass(frozen=True)
class Exporter:
    name: str  # the --format value
    writes: str  # what the output is, for --help
    write: Callable[[Store, Path], str]  # writes the store to the path, returns a one-line summary


def contract_export(store: Store) -> dict[str, Any]:
    """The contract JSON with the extra ``curation`` key (every decision, reverted ones too)."""
    from storyline.store.read.tables import curation
    from storyline.export.contract import build_export

    export = build_export(store)
    export["curation"] = curation(store)
    return export


def _json(store: Store, output: Path) -> str:
    from storyline.export.contract import write_json

    write_json(contract_export(store), output)
    return f"wrote {output}"


def _csv(store: Store, output: Path) -> str:
    from storyline.export.csv_tables import write_csv_tables

    files = write_csv_tables(store, output)
    return f"wrote {len(files)} CSV files to {output}/"


def _graph(fmt: str) -> Callable[[Store, Path], str]:
    def write(store: Store, output: Path) -> str:
        from storyline.export.graph import write_graph

        graph = write_graph(store, output, fmt)
        return f"wrote {output} ({graph.number_of_nodes()} actors, {graph.number_of_edges()} links)"

    return write


def _ftm(store: Store, output: Path) -> str:
    from storyline.export.ftm import write_ftm

    return f"wrote {output} ({write_ftm(store, output)} FollowTheMoney entities)"


EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("json", "the contract JSON (docs/export.md) with the analysts' decisions", _json),
    Exporter("csv", "one CSV file per table, in a folder", _csv),
    Exporter("graphml", "the actor network as GraphML", _graph("graphml")),
    Exporter("gexf", "the actor network as GEXF (Gephi)", _graph("gexf")),
    Exporter("ftm", "FollowTheMoney entities, one JSON per line (Aleph)", _ftm),
)}
FORMATS = tuple(EXPORTERS)


def write(store: Store, fmt: str, output: Path) -> str:
    """Write ``store`` as ``fmt`` to ``output`` (a folder for csv); returns a one-line summary."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise StorylineError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return exporter.write(store, output)
