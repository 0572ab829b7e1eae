"""Word classes for lining up numeric claims across outlets, kept as data.

HEAD_CLASSES fold the nouns outlets use for the same counted thing ("1,200 residents" and
"around 1,200 people"); EVENT_CLASSES name what happened to what is counted ("killed", "missing",
"evacuated"), the words that tell a death toll from an evacuation figure in the same story."""
from __future__ import annotations

HEAD_CLASSES: dict[str, frozenset[str]] = {
    # the dead are counted people too: "17 deaths" and "12 people killed" report one toll
    "people": frozenset("people person persons resident residents civilian civilians inhabitant inhabitants "
                        "villager villagers citizen citizens individual individuals death deaths dead "
                        "fatality fatalities victim victims body bodies "
                        # people named by their role: "four migrant workers" and "the four main suspects"
                        # can be the same four people; the event words around them decide
                        "worker workers migrant migrants suspect suspects employee employees passenger "
                        "passengers prisoner prisoners refugee refugees student students child children "
                        "woman women man men patient patients".split()),
    "house": frozenset("house houses home homes building buildings dwelling dwellings".split()),
    "dollar": frozenset("dollar dollars usd".split()),
    "metre": frozenset("metre metres meter meters m".split()),
    "kilometre": frozenset("kilometre kilometres kilometer kilometers km".split()),
    "year": frozenset("year years".split()),
    "soldier": frozenset("soldier soldiers troop troops fighter fighters militant militants".split()),
}

EVENT_CLASSES: dict[str, frozenset[str]] = {
    "death": frozenset("killed kill kills died die dies dead death deaths toll perished fatalities victims "
                       "bodies lost lives".split()),
    "missing": frozenset("missing unaccounted disappeared".split()),
    "injury": frozenset("injured wounded hurt hospitalised hospitalized".split()),
    "displacement": frozenset("evacuated evacuation evacuees displaced homeless fled relocated".split()),
    "arrest": frozenset("arrested detained held jailed charged suspects suspected accused blamed".split()),
    "damage": frozenset("damage damaged destroyed losses cost costs".split()),
}

# Heads that are units of measure: a bare number ("rose to 23") never joins a distance or a sum.
UNIT_HEADS: frozenset[str] = frozenset(
    "kilometre metre dollar year day hour minute week month percent per euro pound tonne ton mile "
    "litre hectare acre square".split())

# How a fact's description names each event class.
EVENT_LABELS: dict[str, str] = {
    "death": "killed", "missing": "missing", "injury": "injured", "displacement": "evacuated or displaced",
    "arrest": "detained or accused", "damage": "damage",
}
DISTANCE_HEADS: frozenset[str] = frozenset("kilometre metre mile".split())
