"""Export stage: one entry point for every ``storyline export --format``.

json: the contract (``export/contract.py``) plus a ``curation`` key listing analysts'
decisions; csv: one file per table in a folder; graphml / gexf: the actor network; ftm:
FollowTheMoney entity lines."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from storyline.errors import StorylineError
from storyline.store.db import Store

FORMATS = ("json", "csv", "graphml", "gexf", "ftm")


def contract_export(store: Store) -> dict[str, Any]:
    """The contract JSON with the extra ``curation`` key (every decision, reverted ones too)."""
    from storyline.curation import export_rows
    from storyline.export.contract import build_export

    export = build_export(store)
    export["curation"] = export_rows(store)
    return export


def write(store: Store, fmt: str, output: Path) -> str:
    """Write ``store`` as ``fmt`` to ``output`` (a folder for csv); returns a one-line summary."""
    if fmt == "json":
        from storyline.export.contract import write_json

        write_json(contract_export(store), output)
        return f"wrote {output}"
    if fmt == "csv":
        from storyline.export.csv_tables import write_csv_tables

        files = write_csv_tables(store, output)
        return f"wrote {len(files)} CSV files to {output}/"
    if fmt in ("graphml", "gexf"):
        from storyline.export.graph import write_graph

        graph = write_graph(store, output, fmt)
        return f"wrote {output} ({graph.number_of_nodes()} actors, {graph.number_of_edges()} links)"
    if fmt == "ftm":
        from storyline.export.ftm import write_ftm

        return f"wrote {output} ({write_ftm(store, output)} FollowTheMoney entities)"
    raise StorylineError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
