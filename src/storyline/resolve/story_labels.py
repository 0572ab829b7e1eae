"""Resolve stage: a story's label, its event as the articles name it.

"wildfire — Kelso, Dunmore (from 2025-07-14)": the kind of event most of its documents tell of
(an event noun of ``resources.events``, the rarer in general English winning among those equally
widespread, so "wildfire" before "fire"), the places most of them name (facilities first: a
hospital or a concert hall is where the event happened), and the first publication date. A
named event (an EVENT entity many documents mention, "Kelso wildfires", "Six Nations") is the
label itself when its name says that kind of event, or when no event noun is widespread.
Without either the story is named by its most widely mentioned actors."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

from storyline.resources.events import EVENT_KIND_OF
from storyline.resolve.story_words import fold_plural

PLACE_TYPES = ("FAC", "GPE", "LOC")
PLACES = 2  # places named in a label
SHARE = 1 / 3  # an event noun or named event used by at least this share of the documents


def story_label(members: list[str], doc_entities: dict[str, Counter], names: dict[str, str],
                doc_words: dict[str, Counter], order: dict[str, str | None],
                kinds: dict[str, str] | None = None,
                rarity: Callable[[str], float] = lambda w: 1.0) -> str:
    """The label of the story made of ``members`` (see the module docstring)."""
    kinds = kinds or {}
    in_docs, mentions = Counter(), Counter()
    for d in members:
        in_docs.update(doc_entities[d].keys())
        mentions.update(doc_entities[d])
    need = max(1.0, SHARE * len(members))
    ranked = sorted(in_docs, key=lambda e: (-in_docs[e], -mentions[e], names.get(e, e)))
    kind = _event_kind(members, doc_words, need, rarity)
    named = [names.get(e, e) for e in ranked if kinds.get(e) == "EVENT" and in_docs[e] >= max(2.0, need)
             and (kind is None or _names_kind(names.get(e, e), kind))][:1]
    event = named[0] if named else kind
    places = [e for e in ranked if kinds.get(e) in PLACE_TYPES][:PLACES] if not named else []
    venue = [e for e in ranked if kinds.get(e) == "FAC" and in_docs[e] >= need][:1] if not named else []
    places = (venue + [e for e in places if e not in venue])[:PLACES]
    if event is None:
        head = ", ".join(names.get(e, e) for e in ranked[:3]) or "(no actors)"
    elif places:
        head = f"{event} — " + ", ".join(names.get(e, e) for e in places)
    else:
        head = event
    return head + _when(members, order)


def _event_kind(members: list[str], doc_words: dict[str, Counter], need: float,
                rarity: Callable[[str], float]) -> str | None:
    """The kind of event the most documents tell of (at least ``need`` of them)."""
    docs, words = Counter(), Counter()
    for d in members:
        seen = {EVENT_KIND_OF[w] for w in doc_words.get(d, ()) if w in EVENT_KIND_OF}
        docs.update(sorted(seen))  # ties: the same kind in every process
        for w, n in doc_words.get(d, Counter()).items():
            if w in EVENT_KIND_OF:
                words[EVENT_KIND_OF[w]] += n
    kept = [k for k in docs if docs[k] >= need]
    if not kept:
        return None
    # widespread first, then rarer in general English, then used more often per document
    return max(kept, key=lambda k: (docs[k] * rarity(k.split()[-1]) * (1 + math.log(words[k] / docs[k])), k))


def _names_kind(name: str, kind: str) -> bool:
    """Whether a named event says its kind ("Kelso wildfires" is a wildfire; "Orzhan Online", an
    outlet the tagger took for an event, is not)."""
    words = {fold_plural(w) for w in name.lower().split()}
    return any(EVENT_KIND_OF.get(w) == kind for w in words)


def _when(members: list[str], order: dict[str, str | None]) -> str:
    days = sorted({str(order[d])[:10] for d in members if order.get(d)})
    if not days:
        return ""
    return f" ({days[0]})" if len(days) == 1 else f" (from {days[0]})"
