"""Query: the knowledge base as a Python API (``import storyline; kb = storyline.open("story.db")``).

Every listing is a ``Rows`` (a list of plain dicts, shaped like the export contract's items)
with ``to_pandas()`` where pandas is installed. Offsets are character offsets into the
document's ``body``, as everywhere in storyline. The CLI query commands are thin wrappers
around these methods, so ``--json`` prints exactly what the API returns. Every answer comes from
the store's read model (``storyline.store.read``); this class only names it and records curation."""
from __future__ import annotations

from typing import Any, Iterator

from storyline import curation
from storyline.store import decisions as curation_rows
from storyline.store.db import Store
from storyline.store.read import lookups, tables


class Rows(list):
    """A list of dict rows; ``to_pandas()`` turns it into a DataFrame."""

    def to_pandas(self) -> Any:
        try:
            import pandas
        except ImportError as exc:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from exc
        return pandas.DataFrame(list(self))


class KnowledgeBase:
    """One store, read (and curated) through plain methods."""

    def __init__(self, db: str, create: bool = False) -> None:
        self.store = Store(db, create=create)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- tables ------------------------------------------------------------------------------
    TABLES = tuple(tables.table_names())

    def table(self, name: str) -> Rows:
        """Every row of one store table, as stored (``documents``, ``mentions``, ``curation``...)."""
        return Rows(tables.stored(self.store, name))

    def documents(self) -> Rows:
        return Rows({k: v for k, v in d.items() if k != "removed_lines"} for d in tables.documents(self.store))

    def entities(self) -> Rows:
        return Rows(tables.entities(self.store))

    def mentions(self) -> Rows:
        return Rows(tables.mentions(self.store, with_label=True))

    def quotes(self) -> Rows:
        return Rows(lookups.quotes(self.store))

    def quantities(self) -> Rows:
        return Rows(tables.quantities(self.store))

    def dates(self) -> Rows:
        return Rows(tables.dates(self.store))

    def relations(self) -> Rows:
        return Rows(lookups.relations(self.store))

    def facts(self, conflicts_only: bool = False) -> Rows:
        """Facts with their claims, conflicts first; ``conflicts_only`` keeps the conflicts."""
        return Rows(lookups.facts(self.store, conflicts_only))

    def stories(self) -> Rows:
        return Rows(tables.stories(self.store))

    def failures(self) -> Rows:
        return Rows(tables.stored_failures(self.store))

    # --- search, one actor, one document, two side by side --------------------------------------
    def search(self, query: str, limit: int = 20) -> Rows:
        """Documents (title or body) and quotes having every word of ``query``; each hit cites
        the first matching word's offsets in the body."""
        return Rows(lookups.search(self.store, query, limit))

    def find_entities(self, name: str) -> Rows:
        """Entities answering to ``name``: by id, then exact name, then alias, then part of a name."""
        return Rows(lookups.find_entities(self.store, name))

    def entity(self, name: str) -> dict[str, Any]:
        """Everything about one actor: aliases, why they were merged, documents, quotes by and
        about them, relations, and the numbers stated in sentences that name them."""
        return dict(lookups.entity(self.store, name))

    def find_document(self, name: str) -> dict:
        """A document by id, id prefix, or a part of its source path or title."""
        return dict(lookups.find_document(self.store, name))

    def compare(self, a: str, b: str) -> dict[str, Any]:
        """What two documents — or two outlets, by outlet name — share and where they differ:
        actors, and the facts both report (with whether their values match)."""
        return dict(lookups.compare(self.store, a, b))

    # --- curation ------------------------------------------------------------------------------
    def _entity_ref(self, name: str) -> dict[str, str]:
        return curation.ref(self.entity(name)["entity"])

    def _decide(self, action: str, args: dict[str, Any], note: str | None) -> curation.Decision:
        decision = curation_rows.record(self.store, action, args, note)
        self.resolve()
        return curation_rows.get(self.store, decision.id)

    def merge(self, source: str, target: str, note: str | None = None) -> curation.Decision:
        """Fold entity ``source`` into ``target`` (names, ids or aliases)."""
        return self._decide("merge", {"source": self._entity_ref(source), "target": self._entity_ref(target)}, note)

    def split(self, entity: str, alias: str, note: str | None = None) -> curation.Decision:
        return self._decide("split", {"entity": self._entity_ref(entity), "alias": alias}, note)

    def rename(self, entity: str, name: str, note: str | None = None) -> curation.Decision:
        return self._decide("rename", {"entity": self._entity_ref(entity), "name": name}, note)

    def retype(self, entity: str, type_: str, note: str | None = None) -> curation.Decision:
        return self._decide("retype", {"entity": self._entity_ref(entity), "type": type_.upper()}, note)

    def mark_claim_wrong(self, document: str, start: int, note: str | None = None) -> curation.Decision:
        doc = self.find_document(document)["id"]
        return self._decide("wrong-claim", {"document": doc, "start": int(start)}, note)

    def mark_relation_wrong(self, document: str, start: int, predicate: str | None = None,
                            note: str | None = None) -> curation.Decision:
        doc = self.find_document(document)["id"]
        return self._decide("wrong-relation", {"document": doc, "start": int(start), "predicate": predicate}, note)

    def undo(self, decision_id: str) -> curation.Decision:
        decision = curation_rows.reverse(self.store, decision_id)
        self.resolve()
        return curation_rows.get(self.store, decision.id)

    def decisions(self, include_reverted: bool = True) -> Rows:
        return Rows(tables.curation(self.store, include_reverted))

    def resolve(self) -> None:
        """Re-run resolution over the stored documents (no re-analysis); applies curation."""
        from storyline.resolution import resolve

        resolve(self.store)

    # --- helpers -------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[dict]:
        return iter(self.documents())


def open_kb(db: str, create: bool = False) -> KnowledgeBase:
    """Open a knowledge base: a SQLite path or a postgresql:// URL (migrated on open)."""
    return KnowledgeBase(db, create=create)
