"""Clean: the line detector's rules on small texts written for them, and the failure paths."""
from __future__ import annotations

from storyline.clean import clean_article, clean_articles, mark_duplicates
from storyline.clean.metadata import date_from_url, outlet_from_url
from storyline.ids import document_id
from storyline.model import CleanDocument, Failure, RawArticle

LEAD = ("The water authority said on Tuesday that reservoir levels had fallen to their lowest point "
        "in twelve years, and asked households to cut their use by a fifth.")
MIDDLE = "Farmers in the south said their wells were already running dry after a second dry winter."
END = "The authority will review the restrictions at the end of the month."


def _doc(text: str, **kwargs: str) -> CleanDocument:
    result = clean_article(RawArticle(source="mem.txt", content=text, format="text", **kwargs))
    assert isinstance(result, CleanDocument), result
    return result


def test_real_sentences_that_start_like_cues_are_kept() -> None:
    tricky = ["Next year, the ministry plans to double the size of the reservoir at Lenno.",
              "By then, most of the villages had already switched to tanker deliveries.",
              "Related measures were introduced in the neighbouring province last summer.",
              "Comments from the public will be accepted until 30 June, the ministry said."]
    text = "\n\n".join(["Drought forces water limits", LEAD, *tricky, MIDDLE, END])
    doc = _doc(text)
    for line in tricky:
        assert line in doc.body


def test_subheadings_and_one_line_quotes_are_kept() -> None:
    text = "\n\n".join(["Drought forces water limits", LEAD, "Empty wells", MIDDLE,
                        "“We cannot wait.”", "Who pays?", END])
    doc = _doc(text)
    assert doc.body.split("\n\n") == [LEAD, "Empty wells", MIDDLE, "“We cannot wait.”", "Who pays?", END]
    assert doc.title == "Drought forces water limits"


def test_metadata_title_removes_its_copies_and_outlet_suffix() -> None:
    text = "\n".join(["Drought forces water limits | The Daily Basin", LEAD, MIDDLE, END])
    doc = _doc(text, title="Drought forces water limits")
    assert doc.title == "Drought forces water limits"
    assert doc.body.split("\n\n") == [LEAD, MIDDLE, END]
    assert doc.removed_lines[0].reason == "repeated headline"


def test_mojibake_is_repaired_before_offsets_exist() -> None:
    doc = _doc("Drought forces water limits\n\nâ€œWe cannot wait,â€\x9d said the mayor of MÃ¼nster.\n\n" + END)
    assert "“We cannot wait,” said the mayor of Münster." in doc.body


def test_url_and_outlet_metadata() -> None:
    assert outlet_from_url("https://www.valleytribune.example/2026/03/14/x") == "valleytribune.example"
    assert outlet_from_url("http://m.news.example.org/a") == "news.example.org"
    assert date_from_url("https://x.example/world/2026/03/14/story-slug") == "2026-03-14"
    assert date_from_url("https://x.example/20260314/story") == "2026-03-14"
    assert date_from_url("https://x.example/2026/13/45/") is None
    doc = _doc("\n\n".join([LEAD, MIDDLE, END]), url="https://www.basin.example/2025/07/02/drought")
    assert (doc.outlet, doc.published) == ("basin.example", "2025-07-02")


def test_all_boilerplate_and_script_only_html_become_failures() -> None:
    bare = clean_article(RawArticle(source="menu.txt", content="Home | News | Sport\nShare\n--", format="text"))
    assert isinstance(bare, Failure) and "menu.txt" in bare.reason
    script = RawArticle(source="app.html", format="html",
                        content="<html><head><script>var x = 1;</script></head><body><script>boot()</script></body></html>")
    failed = clean_article(script)
    assert isinstance(failed, Failure)
    assert failed.reason == "app.html: no article text found in HTML"
    broken = clean_article(RawArticle(source="junk.html", content="<<<>>> </p></div>", format="html"))
    assert isinstance(broken, (Failure, CleanDocument))


def test_id_is_content_based() -> None:
    text = "\n\n".join([LEAD, MIDDLE, END])
    assert _doc(text).id == document_id(text) == _doc(text.replace("\n\n", "\n\n\n")).id


def test_corpus_signal_removes_a_footer_shared_by_unrelated_documents() -> None:
    footer = "Support independent local journalism in the valley"
    bodies = [
        "The bridge on the old mill road will close for repairs from Monday, the council said.",
        "A new bakery opened in the market square, bringing twelve jobs to the town centre.",
        "The school choir won the regional contest on Saturday with a programme of folk songs.",
        "Police asked drivers to avoid the ring road after a lorry shed its load of gravel.",
    ]
    raws = [RawArticle(source=f"{i}.txt", content=f"{b}\n\nIt is the second time this year.\n\n{footer}",
                       format="text") for i, b in enumerate(bodies)]
    docs = [d for d in clean_articles(raws) if isinstance(d, CleanDocument)]
    assert len(docs) == 4
    assert all(footer not in d.body and d.body.startswith(b) for d, b in zip(docs, bodies))


def test_mark_duplicates_points_reprints_at_the_earliest() -> None:
    story = " ".join([LEAD, MIDDLE, END] * 2)
    reprint = story.replace("twelve years", "12 years")
    other = "The football club confirmed that its new stadium will open in August with a friendly match."
    docs = [CleanDocument(id="doc_b", source="b", body=reprint, published="2026-03-02"),
            CleanDocument(id="doc_a", source="a", body=story, published="2026-03-01"),
            CleanDocument(id="doc_c", source="c", body=other, published="2026-02-01")]
    marked = mark_duplicates(docs)
    assert [d.duplicate_of for d in marked] == ["doc_a", None, None]
    assert mark_duplicates(docs) == marked


STAMP_LINES = ["Updated 14.03.2026 | 09:12", "Published 14 March 2026, 5 p.m. GMT", "March 14, 2026 at 9:12 am",
               "Mon 14h30", "5 min read", "Posted on 2026-03-14", "14th of March 2026", "aktualisiert am 14.03.2026 um 9:12 Uhr"]
PLAIN_LINES = ["Sella wants Michalak recall", "Published by the ministry on 14 March 2026", "5 amazing facts",
               "Amid March 14 protests", "Updated daily", LEAD, "Sept 14 2026 thereafter", "by 5pm tomorrow"]


def test_timestamp_shortcut_agrees_with_the_full_check(monkeypatch) -> None:
    from storyline.clean import boilerplate

    lines = STAMP_LINES + PLAIN_LINES
    fast = [boilerplate.is_timestamp(line) for line in lines]
    assert fast == [True] * len(STAMP_LINES) + [False] * len(PLAIN_LINES)
    monkeypatch.setattr(boilerplate, "_has_plain_word", lambda lowered: False)  # always the long way
    assert [boilerplate.is_timestamp(line) for line in lines] == fast


def test_language_needs_twenty_letters() -> None:
    from storyline.clean.language import detect_language

    assert detect_language("12 34 56 abc def ghi jkl mnopqrs") is None  # 19 letters
    assert detect_language("12 34 56 abc def ghi jkl mnopqrst and more English words here") == "en"


ENGLISH_REPORT = (
    "The council said on Tuesday that the new bridge over the river would open in the spring, "
    "two years later than planned. Engineers have found that the foundations of the old crossing "
    "were weaker than the survey had shown, and the cost of the work has risen by a third. "
    "Residents who live near the site said they were tired of the noise and of the traffic "
    "that has been sent through the narrow streets of the town centre since the work began. ")
GERMAN_REPORT = (
    "Der Stadtrat hat am Dienstag beschlossen, dass die neue Brücke über den Fluss im Frühjahr "
    "eröffnet wird, zwei Jahre später als geplant. Die Ingenieure haben festgestellt, dass die "
    "Fundamente der alten Brücke schwächer waren als erwartet, und die Kosten sind um ein Drittel "
    "gestiegen. Anwohner sagten, sie seien den Lärm und den Verkehr in den engen Straßen leid. ")


def test_clearly_english_is_a_shortcut_that_agrees_with_the_identifier(monkeypatch) -> None:
    import py3langid

    from storyline.clean import language

    assert language.clearly_english(ENGLISH_REPORT)
    assert not language.clearly_english(GERMAN_REPORT)
    assert not language.clearly_english(GERMAN_REPORT + ENGLISH_REPORT[:120])  # mixed: ask the model
    assert not language.clearly_english("The fire. The road. The town.")  # too short to tell
    for text in (ENGLISH_REPORT, GERMAN_REPORT, GERMAN_REPORT + ENGLISH_REPORT):
        assert language.detect_language(text) == py3langid.classify(text)[0]
    # English prose never reaches the identifier's model
    monkeypatch.setattr(py3langid, "classify", lambda text: ("xx", 0.0))
    assert language.detect_language(ENGLISH_REPORT) == "en"
    assert language.detect_language(GERMAN_REPORT) == "xx"
