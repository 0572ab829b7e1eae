"""Store stage: the knowledge base schema, in one place (SQLAlchemy Core).

Every extracted row keeps its document id and character offsets into that document's body.
Per-document rows are keyed by (document_id, position) so a re-run replaces rather than
duplicates; resolution tables (entities, facts, stories) are rebuilt from them on each build.

Tables here are created by the named migrations in ``store/migrations.py``; a table that a
released migration created is never edited in place — a change is a new migration."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text


def now() -> str:
    """The store's timestamps (runs, curation decisions, migrations): UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


metadata = MetaData()

# the applied migrations, by name, in the order they ran (store/migrations.py)
migrations = Table(
    "migrations", metadata,
    Column("name", String, primary_key=True),
    Column("applied", String, nullable=False),
)

schema_info = Table(
    "schema_info", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied", String, nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started", String, nullable=False),
    Column("finished", String),
    Column("model", String),
    Column("version", String),
    Column("inputs", Integer),
    Column("documents", Integer),
    Column("failures", Integer),
)

documents = Table(
    "documents", metadata,
    Column("id", String, primary_key=True),
    Column("source", Text, nullable=False),
    Column("outlet", String),
    Column("title", Text),
    Column("published", String),
    Column("language", String),
    Column("body", Text, nullable=False),
    Column("duplicate_of", String),
)

removed_lines = Table(
    "removed_lines", metadata,
    Column("document_id", String, ForeignKey("documents.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("reason", String, nullable=False),
)

failures = Table(
    "failures", metadata,
    Column("source", Text, primary_key=True),
    Column("reason", Text, nullable=False),
)


def _doc_rows(name: str, *columns: Column) -> Table:
    """A per-document extraction table keyed by (document_id, position)."""
    table = Table(
        name, metadata,
        Column("document_id", String, ForeignKey("documents.id"), primary_key=True),
        Column("position", Integer, primary_key=True),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        *columns,
    )
    return table


sentences = _doc_rows("sentences")
mentions = _doc_rows(
    "mentions",
    Column("text", Text, nullable=False),
    Column("label", String, nullable=False),
    Column("key", Text, nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),  # JSON list
    Column("entity_id", String),  # filled by resolve
)
quotes = _doc_rows(
    "quotes",
    Column("text", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("speaker_text", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_role", Text),
    Column("speaker_entity", String),  # filled by resolve
)
quantities = _doc_rows(
    "quantities",
    Column("text", Text, nullable=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("qualifier", String, nullable=False),
    Column("counted", Text),
)
dates = _doc_rows(
    "dates",
    Column("text", Text, nullable=False),
    Column("normalized", String),
)
relations = _doc_rows(
    "relations",
    Column("subject_start", Integer, nullable=False),
    Column("subject_end", Integer, nullable=False),
    Column("predicate", Text, nullable=False),
    Column("object_start", Integer, nullable=False),
    Column("object_end", Integer, nullable=False),
    Column("subject_entity", String),  # filled by resolve
    Column("object_entity", String),
)

entities = Table(
    "entities", metadata,
    Column("id", String, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String, nullable=False),
    Column("reasons", Text, nullable=False, default="[]"),  # JSON list: why names were merged
)

entity_aliases = Table(
    "entity_aliases", metadata,
    Column("entity_id", String, ForeignKey("entities.id"), primary_key=True),
    Column("alias", Text, primary_key=True),
)

facts = Table(
    "facts", metadata,
    Column("id", String, primary_key=True),
    Column("description", Text, nullable=False),
    Column("status", String, nullable=False),
)

claims = Table(
    "claims", metadata,
    Column("fact_id", String, ForeignKey("facts.id"), primary_key=True),
    Column("document_id", String, ForeignKey("documents.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("qualifier", String, nullable=False),
)

stories = Table(
    "stories", metadata,
    Column("id", String, primary_key=True),
    Column("label", Text, nullable=False),
)

story_documents = Table(
    "story_documents", metadata,
    Column("story_id", String, ForeignKey("stories.id"), primary_key=True),
    Column("document_id", String, ForeignKey("documents.id"), primary_key=True),
)

# analysts' corrections: one row per decision, never deleted; reversing sets ``reverted``
curation = Table(
    "curation", metadata,
    Column("id", String, primary_key=True),
    Column("action", String, nullable=False),  # merge|split|rename|retype|wrong-claim|wrong-relation
    Column("args", Text, nullable=False),  # JSON object: the action's arguments
    Column("note", Text),
    Column("created", String, nullable=False),
    Column("reverted", String),  # when it was reversed; NULL while in force
    Column("status", String),  # outcome at the last resolution: applied | not found
)

# the resolution's memory of its input: one row per actor node (a document's mentions sharing a
# key) with what clustering reads, and the blocking keys it can be compared under. A later build
# re-clusters only the nodes connected to its new documents through these keys.
entity_nodes = Table(
    "entity_nodes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # given by the resolver
    Column("document_id", String, nullable=False),
    Column("key", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("labels", Text, nullable=False),  # JSON {label: count}
    Column("forms", Text, nullable=False),  # JSON {form: count}
    Column("aliases", Text, nullable=False),  # JSON list
    Column("doc_orgs", Text, nullable=False),  # JSON list: organisation keys of its document
    Column("blocks", Text, nullable=False),  # JSON list, as in node_blocks
    Column("entity_id", String, nullable=False),
    Column("base", String, nullable=False),  # its entity's id before any same-name disambiguation
)

node_blocks = Table(
    "node_blocks", metadata,
    Column("block", Text, primary_key=True),
    Column("node", Integer, primary_key=True),
)

# near-duplicate detection's memory: each document's MinHash signature and LSH band keys, and
# whether its near-duplicate status has been decided since it was written
document_signatures = Table(
    "document_signatures", metadata,
    Column("document_id", String, primary_key=True),
    Column("shingles", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("checked", Integer, nullable=False, default=0),
)

document_bands = Table(
    "document_bands", metadata,
    Column("band", String, primary_key=True),
    Column("document_id", String, primary_key=True),
)

Index("ix_document_signatures_checked", document_signatures.c.checked)
Index("ix_document_bands_document", document_bands.c.document_id)
Index("ix_entity_nodes_document", entity_nodes.c.document_id)
Index("ix_entity_nodes_base", entity_nodes.c.base)
Index("ix_node_blocks_node", node_blocks.c.node)

Index("ix_mentions_entity", mentions.c.entity_id)
Index("ix_mentions_key", mentions.c.key)

SCHEMA_VERSION = 1  # the single-version schema before named migrations (kept in schema_info)

# the tables of the first released schema (migration 0001); later migrations add the rest
V1_TABLES = (schema_info, runs, documents, removed_lines, failures, sentences, mentions, quotes, quantities,
             dates, relations, entities, entity_aliases, facts, claims, stories, story_documents)

PER_DOCUMENT = (removed_lines, sentences, mentions, quotes, quantities, dates, relations)
RESOLVED = (story_documents, stories, claims, facts, entity_aliases, entities)
