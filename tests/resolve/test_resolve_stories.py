"""Story grouping: documents on one event group by shared actors and event words; a near-miss
(same country and president, another event) and a chain through one shared actor stay apart;
a story is labelled by its event."""
from collections import Counter

from storyline.resolve.stories import resolve_stories
from storyline.resolve.story_words import content_words, fold_plural
from storyline.resolve.story_labels import story_label

NAMES = {"vel": "Veldoria", "ost": "Ostrava Bay", "mar": "Marek Solvin", "pal": "Palton Hospital",
         "elc": "Central Electoral Board", "kov": "Ilsa Kovar", "red": "Red Crescent"}
KINDS = {"vel": "GPE", "ost": "GPE", "mar": "PERSON", "pal": "FAC", "elc": "ORG", "kov": "PERSON",
         "red": "ORG"}


def _quake(n: int) -> tuple[Counter, Counter]:
    actors = Counter({"vel": 2, "ost": 3, "red": 1} if n % 2 else {"vel": 1, "ost": 2, "mar": 1})
    words = Counter({"earthquake": 3, "rubble": 2, "rescuer": 1, "toll": 1, "aftershock": n % 2,
                     "magnitude": 1 - n % 2, "collapsed": 1, f"detail{n}": 2})
    return actors, words


def test_articles_on_one_event_group_and_a_near_miss_with_the_same_actors_stays_apart():
    docs, words = {}, {}
    for n in range(5):
        docs[f"q{n}"], words[f"q{n}"] = _quake(n)
    # the same country and president, another event: an election
    docs["e1"] = Counter({"vel": 2, "mar": 4, "elc": 2, "kov": 2})
    words["e1"] = Counter({"election": 3, "vote": 4, "ballot": 2, "percent": 3, "turnout": 1, "toll": 0})
    stories = resolve_stories(docs, NAMES, {d: "2024-03-0" + str(i + 1) for i, d in enumerate(sorted(docs))},
                              words, KINDS)
    groups = sorted(sorted(s.documents) for s in stories)
    assert groups == [["e1"], ["q0", "q1", "q2", "q3", "q4"]]
    quake = next(s for s in stories if "q0" in s.documents)
    assert quake.label == "earthquake — Ostrava Bay, Veldoria (from 2024-03-02)"


def test_without_event_words_documents_sharing_rare_actors_still_group():
    docs = {
        "d1": Counter({"dam": 4, "minister": 2, "sarybel": 1, "kazgaria": 3}),
        "d2": Counter({"dam": 3, "minister": 1, "company": 2, "kazgaria": 2}),
        "d3": Counter({"dam": 2, "company": 3, "kazgaria": 1}),
        "d4": Counter({"club": 3, "striker": 2, "kazgaria": 1}),
    }
    stories = resolve_stories(docs, {"dam": "Koktal Dam"})
    assert sorted(sorted(s.documents) for s in stories) == [["d1", "d2", "d3"], ["d4"]]
    assert stories[0].label.startswith("Koktal Dam")  # no event noun: named by its actors


def test_one_shared_actor_does_not_chain_two_events_through_a_bridging_article():
    """Single-link would chain: a flood story and a strike story in one city share the mayor,
    and one roundup article names both. The groups' centroids keep them apart."""
    docs, words = {}, {}
    for n in range(4):
        docs[f"f{n}"] = Counter({"city": 1, "mayor": 1, "river": 3, "rescue": 2, "levee": 1, f"street{n}": 1})
        words[f"f{n}"] = Counter({"flood": 3, "water": 2, "evacuated": 2, "sandbag": 1, f"f{n}": 1})
        docs[f"s{n}"] = Counter({"city": 1, "mayor": 1, "union": 3, "transit": 2, "fares": 1, f"depot{n}": 1})
        words[f"s{n}"] = Counter({"walkout": 3, "wage": 2, "driver": 2, "picket": 1, f"s{n}": 1})
    docs["roundup"] = Counter({"city": 1, "mayor": 2, "river": 1, "union": 1})
    words["roundup"] = Counter({"flood": 1, "walkout": 1, "week": 2, "council": 2})
    # single-link on actors alone would chain: the roundup is close to both
    from storyline.resolve.stories import _Centroid, _tfidf
    vec = {d: _Centroid(v) for d, v in _tfidf(docs).items()}
    assert min(vec["roundup"].cosine(vec["f0"]), vec["roundup"].cosine(vec["s0"])) > 0.2
    stories = resolve_stories(docs, {}, {}, words)
    story_of = {d: s.id for s in stories for d in s.documents}
    assert len({story_of[f"f{n}"] for n in range(4)}) == 1
    assert len({story_of[f"s{n}"] for n in range(4)}) == 1
    assert story_of["f0"] != story_of["s0"]


def test_an_actor_shared_by_hundreds_of_documents_still_makes_one_story():
    """400 briefings about one inquiry among 600 unrelated articles: more than BLOCK_MAX share
    the actor, so each meets only the next ones by date, and they still make one story."""
    from storyline.resolve import stories as st

    docs = {f"brief{i:03d}": Counter({"inquiry": 3, f"witness{i}": 1}) for i in range(400)}
    docs.update({f"other{i:03d}": Counter({f"topic{i}": 2}) for i in range(600)})
    dates = {d: f"2025-01-01T{i // 60:02d}:{i % 60:02d}" for i, d in enumerate(sorted(docs))}
    stories = resolve_stories(docs, {"inquiry": "The inquiry"}, dates)
    inquiry = next(s for s in stories if s.label.startswith("The inquiry"))
    assert inquiry.documents == sorted(d for d in docs if d.startswith("brief"))
    assert len(stories) == 601
    assert st.BLOCK_MAX < 400


def test_content_words_are_lower_case_non_stop_words_in_the_singular():
    words = content_words("Wildfires swept Kelra on Monday. The wildfires destroyed 40 homes and the "
                          "town's school; officials said rescuers were searching.")
    assert words["wildfire"] == 1  # the capitalised first word is not counted: names are entities
    assert words["home"] == 1 and words["rescuer"] == 1 and words["town"] == 1
    assert "kelra" not in words and "the" not in words and "monday" not in words
    assert fold_plural("casualties") == "casualty" and fold_plural("crisis") == "crisis"


def test_a_label_names_a_widely_mentioned_event_or_the_venue_first():
    members = ["a", "b", "c"]
    entities = {d: Counter({"pal": 2, "ost": 1}) for d in members}
    words = {d: Counter({"explosion": 2, "attack": 1, "fire": 1}) for d in members}
    order = {"a": "2024-05-02", "b": "2024-05-01", "c": None}
    label = story_label(members, entities, NAMES, words, order, KINDS)
    assert label == "explosion — Palton Hospital, Ostrava Bay (from 2024-05-01)"
    named = {d: Counter({"evt": 1, "ost": 2, "pap": 1}) for d in members}
    names = {"evt": "Ostrava Bay floods", "pap": "Kestrel Daily", "ost": "Ostrava Bay"}
    types = {"evt": "EVENT", "ost": "GPE", "pap": "EVENT"}  # a newspaper the tagger took for an event
    floods = {d: Counter({"flood": 2, "water": 1}) for d in members}
    assert story_label(members, named, names, floods, {}, types) == "Ostrava Bay floods"
    del names["evt"], types["evt"]
    assert story_label(members, named, names, floods, {}, types) == "flood — Ostrava Bay"


def _fire(n: int) -> tuple[Counter, Counter]:
    actors = Counter({"isl": 2, "twn": 3, "gov": 1, "ev": n % 2, f"res{n}": 1})
    words = Counter({"wildfire": 2, "fire": 2, "blaze": 1, "toll": 1, "missing": 2, "ash": 1, "evacuated": 1,
                     "burned": 1, f"detail{n}": 2})
    return actors, words


FIRE_NAMES = {"isl": "Kaloa Island", "twn": "Port Hanale", "gov": "Mele Akana", "ev": "Kaloa wildfires",
              "utl": "Hanale Power Company", "bank": "Redfern Capital", "vol": "Mount Pelua",
              "geo": "Geological Survey"}
FIRE_KINDS = {"isl": "LOC", "twn": "GPE", "gov": "PERSON", "ev": "EVENT", "utl": "ORG", "bank": "ORG",
              "vol": "LOC", "geo": "ORG"}


def test_a_volcano_article_in_the_places_a_wildfire_burned_stays_out_of_the_fire_story():
    """The near-miss shares the island and the town, and recalls the fire in one line, but tells
    mainly of an eruption, a kind of event the fire story never names."""
    docs, words = {}, {}
    for n in range(6):
        docs[f"f{n}"], words[f"f{n}"] = _fire(n)
    docs["v"] = Counter({"isl": 3, "twn": 1, "vol": 3, "geo": 2})
    words["v"] = Counter({"eruption": 5, "volcano": 4, "lava": 3, "alert": 2, "wildfire": 1, "toll": 1, "ash": 1,
                          "burned": 1, "missing": 1})
    stories = resolve_stories(docs, FIRE_NAMES, {d: "2025-08-1" + str(i) for i, d in enumerate(sorted(docs))},
                              words, FIRE_KINDS)
    assert sorted(sorted(s.documents) for s in stories) == [[f"f{n}" for n in range(6)], ["v"]]


def test_a_business_article_naming_the_event_joins_its_story():
    """A report on the shares of the utility blamed for the fire shares few actors with the fire
    coverage, but names the event itself (an EVENT actor) and tells of the same kind of event."""
    docs, words = {}, {}
    for n in range(6):
        docs[f"f{n}"], words[f"f{n}"] = _fire(n)
    docs["b"] = Counter({"utl": 4, "bank": 2, "ev": 1, "isl": 1})
    words["b"] = Counter({"share": 3, "utility": 3, "investor": 2, "lawsuit": 2, "wildfire": 1, "fire": 1,
                          "blaze": 1, "stock": 2, "billion": 1, "plunged": 1})
    stories = resolve_stories(docs, FIRE_NAMES, {d: "2025-08-1" + str(i) for i, d in enumerate(sorted(docs))},
                              words, FIRE_KINDS)
    assert sorted(sorted(s.documents) for s in stories) == [["b"] + [f"f{n}" for n in range(6)]]
