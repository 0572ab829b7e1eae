"""Export stage: one CSV file per knowledge-base table, for spreadsheets and pandas.

Columns are the store's own (``document_id``, ``start``, ``end``...), rows in primary-key
order; JSON-valued columns (a mention's declared aliases, an entity's merge reasons, a
curation decision's arguments) stay JSON text in their cell."""
from __future__ import annotations

import csv
from pathlib import Path

from storyline.store import schema as S
from storyline.store.db import Store

# bookkeeping tables, not knowledge: left out of the export
SKIPPED = frozenset({"migrations", "schema_info"})


def exported_tables() -> list:
    return [t for t in S.metadata.sorted_tables if t.name not in SKIPPED]


def write_csv_tables(store: Store, folder: Path) -> list[Path]:
    """Write ``TABLE.csv`` for every table into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in exported_tables():
        path = folder / f"{table.name}.csv"
        columns = [c.name for c in table.columns]
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            for row in store.rows(table, *table.primary_key.columns):
                writer.writerow(row)
        written.append(path)
    return written
