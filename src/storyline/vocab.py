"""The vocabularies every stage shares, defined once as data: the types of actors and the statuses
of facts, each with the label and the colour a reader sees.

The store checks values against them, curation accepts only these types, the web app, the report
and every exporter order and paint by them; the stylesheet rules for the colours are generated
from here (``stylesheet``), so a new type or status is one line in this file.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str  # as stored and exported
    label: str  # as a reader sees it
    colour: str  # CSS colour of its swatch, badge or mark
    description: str


ENTITY_TYPES: tuple[Term, ...] = (
    Term("PERSON", "Person", "#3d74d6", "a named person"),
    Term("ORG", "Organisation", "#c0392b", "companies, agencies, armed groups, outlets, parties"),
    Term("GPE", "Place", "#23784a", "countries, cities, states: places with a government"),
    Term("LOC", "Location", "#5b8c3a", "regions, seas, mountains: places without one"),
    Term("NORP", "Group", "#8a4fbf", "nationalities, religious and political groups"),
    Term("FAC", "Facility", "#a15c00", "buildings, hospitals, airports, bridges, dams"),
    Term("EVENT", "Event", "#d35400", "named events: storms, wars, fires"),
    Term("OTHER", "Other", "#69707a", "anything else an analyst wants to keep"),
)

# In the order a reader should look at them: disagreements first.
FACT_STATUSES: tuple[Term, ...] = (
    Term("conflict", "Conflict", "#b3261e", "sources give incompatible figures for the same moment, or dispute each other"),
    Term("evolving", "Evolving", "#a15c00", "the figure changes across publication dates"),
    Term("agree", "Agree", "#23784a", "sources give equal or compatible figures"),
    Term("single", "Single source", "#69707a", "one source gives the figure"),
)

TYPE_CODES: tuple[str, ...] = tuple(t.code for t in ENTITY_TYPES)
STATUS_CODES: tuple[str, ...] = tuple(s.code for s in FACT_STATUSES)
STATUS_RANK: dict[str, int] = {code: i for i, code in enumerate(STATUS_CODES)}
ATTENTION_STATUSES: tuple[str, ...] = ("conflict", "evolving")  # what the facts board flags


def status_rank(status: str | None) -> int:
    """Sort key of a fact status: conflicts first, unknown statuses last."""
    return STATUS_RANK.get(status or "", len(STATUS_RANK))


def stylesheet() -> str:
    """The CSS rules for the vocabularies' colours: a custom property per status, a swatch and a
    network node fill per type. Prepended to the report's stylesheet wherever it is served."""
    lines = [":root { " + " ".join(f"--{s.code}: {s.colour};" for s in FACT_STATUSES) + " }"]
    for t in ENTITY_TYPES:
        lines.append(f".swatch-{t.code} {{ background: {t.colour}; }} "
                     f".network .t-{t.code} circle {{ fill: {t.colour}; }}")
    return "\n".join(lines) + "\n"
