"""Kinds of news events, kept as data: the nouns articles use to say what happened, each folded
to the name a story label uses ("quake" and "tremor" -> "earthquake"). General news vocabulary
(disasters, accidents, violence, unrest, politics, justice, business), not one corpus's words."""
from __future__ import annotations

EVENT_KINDS: dict[str, frozenset[str]] = {
    "earthquake": frozenset("earthquake quake tremor aftershock".split()),
    "tsunami": frozenset("tsunami".split()),
    "wildfire": frozenset("wildfire bushfire forest-fire".split()),
    "fire": frozenset("fire blaze inferno".split()),
    "flood": frozenset("flood flooding deluge".split()),
    "storm": frozenset("storm hurricane typhoon cyclone tornado blizzard".split()),
    "drought": frozenset("drought heatwave".split()),
    "eruption": frozenset("eruption".split()),
    "landslide": frozenset("landslide mudslide avalanche".split()),
    "explosion": frozenset("explosion blast".split()),
    "bombing": frozenset("bombing".split()),
    "air strike": frozenset("airstrike air-strike".split()),
    "attack": frozenset("attack assault".split()),
    "shooting": frozenset("shooting gunfight".split()),
    "stabbing": frozenset("stabbing".split()),
    "massacre": frozenset("massacre".split()),
    "hostage-taking": frozenset("hostage-taking kidnapping abduction hijacking".split()),
    "mutiny": frozenset("mutiny rebellion uprising insurrection revolt".split()),
    "coup": frozenset("coup putsch".split()),
    "protest": frozenset("protest demonstration rally".split()),
    "riot": frozenset("riot unrest".split()),
    "war": frozenset("war invasion offensive".split()),
    "ceasefire": frozenset("ceasefire truce armistice".split()),
    "crash": frozenset("crash collision derailment".split()),
    "sinking": frozenset("sinking shipwreck capsizing implosion".split()),
    "collapse": frozenset("collapse breach".split()),
    "spill": frozenset("spill leak".split()),
    "outbreak": frozenset("outbreak epidemic pandemic".split()),
    "election": frozenset("election runoff run-off referendum ballot".split()),
    "resignation": frozenset("resignation".split()),
    "assassination": frozenset("assassination".split()),
    "arrest": frozenset("arrest detention".split()),
    "trial": frozenset("trial verdict indictment conviction sentencing".split()),
    "strike": frozenset("walkout".split()),
    "merger": frozenset("merger takeover acquisition buyout".split()),
    "bankruptcy": frozenset("bankruptcy insolvency default".split()),
    "hike": frozenset("hike".split()),
    "landing": frozenset("landing touchdown".split()),
    "launch": frozenset("launch liftoff".split()),
    "summit": frozenset("summit".split()),
    "award": frozenset("prize award".split()),
}

EVENT_KIND_OF: dict[str, str] = {word: kind for kind, words in EVENT_KINDS.items() for word in words}

# Kinds that reports of one event use for each other: a narrower case under its broader kind ("wildfire"
# is a fire, "air strike" an attack) and violence reported first as a blast; story grouping compares
# kinds through these (general news usage, not one corpus's words).
BROADER_KIND: dict[str, str] = {
    "wildfire": "fire", "explosion": "attack", "bombing": "attack", "air strike": "attack", "shooting": "attack",
    "stabbing": "attack", "massacre": "attack", "assassination": "attack",
    "riot": "protest", "coup": "mutiny",
}
