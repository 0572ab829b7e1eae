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
