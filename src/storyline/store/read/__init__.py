"""Store stage: the read model, the one way every view reads the knowledge base.

- ``tables``: whole tables in the export contract's shape (every exporter, the report through the
  JSON export, the Python API, the CLI);
- ``lookups``: answers about one thing over those tables (an actor by any name and everything
  about it, a document by part of its name, a word search, two documents or outlets compared);
- ``pages``: the web app's views, each page a bounded number of small SQL statements, with the
  corpus-wide aggregates cached per state of the store (``Reader``);
- ``types``: the rows' shapes.

Nothing outside ``store/`` reads a table itself (tests/architecture/test_layers.py)."""
