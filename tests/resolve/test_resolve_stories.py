"""Story grouping: documents about the same actors group; an unrelated article stays out."""
from collections import Counter

from storyline.resolve.stories import resolve_stories


def test_documents_sharing_rare_actors_form_one_story_and_a_distractor_stays_out():
    docs = {
        "d1": Counter({"dam": 4, "minister": 2, "sarybel": 1, "kazgaria": 3}),
        "d2": Counter({"dam": 3, "minister": 1, "company": 2, "kazgaria": 2}),
        "d3": Counter({"dam": 2, "company": 3, "kazgaria": 1}),
        "d4": Counter({"club": 3, "striker": 2, "kazgaria": 1}),
    }
    stories = resolve_stories(docs, {"dam": "Koktal Dam"})
    groups = sorted(sorted(s.documents) for s in stories)
    assert groups == [["d1", "d2", "d3"], ["d4"]]
    assert stories[0].label.startswith("Koktal Dam")


def test_an_actor_shared_by_hundreds_of_documents_still_makes_one_story():
    """400 briefings about one inquiry among 600 unrelated articles: more than BLOCK_MAX share
    the actor, so each meets only the next ones by date, and the chain still makes one story."""
    from storyline.resolve import stories as st

    docs = {f"brief{i:03d}": Counter({"inquiry": 3, f"witness{i}": 1}) for i in range(400)}
    docs.update({f"other{i:03d}": Counter({f"topic{i}": 2}) for i in range(600)})
    dates = {d: f"2025-01-01T{i // 60:02d}:{i % 60:02d}" for i, d in enumerate(sorted(docs))}
    stories = resolve_stories(docs, {"inquiry": "The inquiry"}, dates)
    inquiry = next(s for s in stories if s.label.startswith("The inquiry"))
    assert inquiry.documents == sorted(d for d in docs if d.startswith("brief"))
    assert len(stories) == 601
    assert st.BLOCK_MAX < 400
