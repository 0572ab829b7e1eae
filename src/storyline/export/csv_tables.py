"""Export stage: one CSV file per knowledge-base table, for spreadsheets and pandas.

Columns are the store's own (``document_id``, ``start``, ``end``...), rows in primary-key
order; JSON-valued columns (a mention's declared aliases, an entity's merge reasons, a
curation decision's arguments) stay JSON text in their cell."""
from __future__ import annotations

import csv
from pathlib import Path

from storyline.store.db import Store
from storyline.store.read import tables


def exported_tables() -> list[str]:
    """Every knowledge table (bookkeeping ones left out), parents first."""
    return tables.table_names(with_bookkeeping=False)


def write_csv_tables(store: Store, folder: Path) -> list[Path]:
    """Write ``TABLE.csv`` for every table into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in exported_tables():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=tables.columns(name))
            writer.writeheader()
            for row in tables.stored(store, name):
                writer.writerow(row)
        written.append(path)
    return written
