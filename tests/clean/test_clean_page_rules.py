"""Clean: the rules for scraped pages (headline, decks, captions, credits, teasers, prompts,
titles and publication dates), on invented pages, and the property that ordinary body
paragraphs are never cut."""
from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import clean_article
from storyline.clean.boilerplate import is_identifier, is_timestamp
from storyline.clean.headline import clean_title, slug_words, title_from_lead, title_from_slug
from storyline.ingest.dates import find_dates
from storyline.model import CleanDocument, RawArticle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"
LEAD = ("The passenger ferry Saint Odile capsized in heavy seas off the Lenno coast late on Sunday, "
        "leaving at least 14 people missing, the regional coast guard said on Monday.")
SECOND = "Divers will resume the search at first light, weather permitting, the coast guard said."
THIRD = "The ferry operator said it was cooperating with investigators and had set up a hotline."


def _doc(text: str, **kwargs: str | None) -> CleanDocument:
    result = clean_article(RawArticle(source="page.txt", content=text, format="text", **kwargs))
    assert isinstance(result, CleanDocument), result
    return result


def _removed(doc: CleanDocument) -> dict[str, str]:
    return {r.text: r.reason for r in doc.removed_lines}


def test_scraped_page_keeps_exactly_the_body() -> None:
    text = (FIXTURES / "ferry_capsize_page.txt").read_text(encoding="utf-8")
    doc = _doc(text, url="https://www.coastpost.example/news/ferry-capsizes-off-lenno-coast-14-missing-a81234")
    assert doc.body.split("\n\n") == [
        LEAD,
        "Rescue crews pulled 38 passengers from the water overnight, the coast guard said. Two of them "
        "were taken to hospital in Brennick with hypothermia.",
        "“The waves were higher than the bridge,” said Tomas Erlandsen, a deckhand who swam to a rescue "
        "boat. “We had no time to reach the lifeboats.”",
        "The ferry operator, Nordlys Lines, said it was cooperating with investigators and had set up a "
        "hotline for relatives.",
        "Divers will resume the search at first light, weather permitting.",
    ]
    assert doc.title == "Ferry capsizes off Lenno coast, at least 14 missing"
    assert doc.published == "2026-05-04"
    reasons = _removed(doc)
    assert reasons["Rescue crews pulled 38 passengers from the water overnight, the coast guard said."] \
        == "deck (repeats the body)"
    assert reasons["Harbour authority orders inspection of older ferries"] == "teaser"
    assert reasons["quay_lenno_0HtrKwPz"] == "identifier"
    assert reasons["How to help the families:"] == "lead-in to removed lines"
    assert reasons["Maria Oyelaran, Staff Writer"] == "byline/credit"
    assert reasons["dpa/KNA"] == "byline/credit"
    assert reasons["Updated on: 4 May,2026 10:20 AM CET  |  Brennick"] == "timestamp"


BODY_NEAR_MISSES = [
    # sentences that share words with the cues, and must stay
    "The bank extended a line of credit to the ferry operator last year, the filing shows.",
    "Photographs taken by passengers show water pouring over the car deck before the ship listed.",
    "Donations to the relief fund passed 200,000 euros by Monday evening, the organisers said.",
    "Comments from relatives were read out at the start of the press conference in Brennick.",
    "“We are still waiting for news...” said Ilse Marten, whose brother was on board.",
    "The ship had sailed from Karsk to Lenno via Osterholm, a route it has served since 2009.",
    "Read the transcript of the coast guard's radio calls, published by the ministry on Monday.",
    "Search teams were told to stay close to shore, where the current is weaker.",
    "Show organisers cancelled the harbour festival planned for next weekend out of respect.",
    "Nordlys Lines, which operates four ferries in the region, said the ship passed its last inspection.",
    "The ministry said divers found the wreck at a depth of 40 metres: here, the seabed drops steeply.",
]


@pytest.mark.parametrize("line", BODY_NEAR_MISSES)
def test_ordinary_body_paragraphs_are_never_cut(line: str) -> None:
    text = "\n\n".join(["Ferry capsizes off Lenno coast", LEAD, line, SECOND, THIRD])
    doc = _doc(text)
    assert doc.body.split("\n\n") == [LEAD, line, SECOND, THIRD]


def test_body_paragraphs_all_kept_in_long_article() -> None:
    paragraphs = [LEAD] + [line for line in BODY_NEAR_MISSES] + [SECOND, THIRD]
    doc = _doc("\n".join(["Ferry capsizes off Lenno coast", *paragraphs]))
    assert doc.body.split("\n\n") == paragraphs


def test_headline_printed_after_the_lead_is_found_by_the_url() -> None:
    text = "\n".join([LEAD, "Ferry capsizes off Lenno coast, 14 missing", SECOND, THIRD])
    doc = _doc(text, url="https://news.example/2026/05/04/ferry-capsizes-off-lenno-coast-14-missing/")
    assert doc.title == "Ferry capsizes off Lenno coast, 14 missing"
    assert doc.body.split("\n\n") == [LEAD, SECOND, THIRD]
    assert doc.published == "2026-05-04"
    # without the URL's evidence, a headline-shaped line inside the body is a subheading
    assert "Ferry capsizes off Lenno coast, 14 missing" in _doc(text).body


def test_standfirst_is_body_when_the_url_names_another_headline() -> None:
    standfirst = "Despite the storm warnings, hundreds of relatives are gathering at the quay in the old harbour"
    text = "\n\n".join([standfirst, LEAD, SECOND])
    doc = _doc(text, url="https://news.example/world/lenno-ferry-search-enters-second-day")
    assert doc.body.split("\n\n") == [standfirst, LEAD, SECOND]
    assert doc.title == "Lenno ferry search enters second day"
    # a short headline-shaped first line is still the headline
    short = _doc("\n\n".join(["Relatives keep vigil at Lenno quay", LEAD, SECOND]),
                 url="https://news.example/world/lenno-ferry-search-enters-second-day")
    assert short.title == "Relatives keep vigil at Lenno quay" and short.body.split("\n\n") == [LEAD, SECOND]


def test_duplicates_back_to_back_go_far_apart_stay() -> None:
    doc = _doc("\n\n".join(["Ferry capsizes off Lenno coast", LEAD, SECOND, SECOND, THIRD]))
    assert doc.body.split("\n\n") == [LEAD, SECOND, THIRD]
    far = _doc("\n\n".join(["Ferry capsizes off Lenno coast", SECOND, LEAD, THIRD, SECOND]))
    assert far.body.split("\n\n") == [SECOND, LEAD, THIRD, SECOND]


def test_pull_quote_repeating_a_body_sentence_goes() -> None:
    quote = "“We had no time to reach the lifeboats.”"
    para = "“The waves were higher than the bridge,” said a deckhand. " + quote
    doc = _doc("\n\n".join(["Ferry capsizes off Lenno coast", LEAD, para, quote, SECOND]))
    assert doc.body.split("\n\n") == [LEAD, para, SECOND]


@pytest.mark.parametrize("line,reason", [
    ("Relatives wait at the quay in Lenno. PHOTO: AFP", "photo caption"),
    ("The harbour master's office in Lenno. File photo.", "photo caption"),
    ("The mayor (C) meets rescue crews in Lenno, May 4, 2026. (Jon Hale/Coast Press)", "photo caption"),
    ("The wreck seen from a helicopter. SEA RESCUE SERVICE/Handout via REUTERS", "photo caption"),
    ("The quay at dawn. PC: Port of Lenno. (5.4.26)", "photo caption"),
    ("Full ferry timetable for May 4: HERE .", "link prompt"),
    ("Get our morning briefing from Coast Post in your inbox at no cost.", "share/subscribe"),
    ("Clubs and shops can list their events by submitting a press release to Coast Post.", "submission prompt"),
    ("NOTE: Comments which include personal attacks or spam links will be removed.", "comment prompt"),
    ("More InformationKARSK, Norland: Fishing crews voted on Friday to", "teaser"),
    ("  • Writer's pictureThe Coast Post", "byline/credit"),
    ("Estimated reading time 3 minutes 3 Min", "timestamp"),
    ("zoom in photo", "page control"),
])
def test_page_furniture_is_removed(line: str, reason: str) -> None:
    doc = _doc("\n\n".join(["Ferry capsizes off Lenno coast", LEAD, line, SECOND, THIRD]))
    assert doc.body.split("\n\n") == [LEAD, SECOND, THIRD]
    assert _removed(doc)[line.strip()] == reason


def test_teaser_cut_off_after_a_function_word() -> None:
    teaser = "Relatives gathered on Monday at the quay in Lenno, where the coast guard set up an..."
    doc = _doc("\n\n".join(["Ferry capsizes off Lenno coast", LEAD, teaser, SECOND]))
    assert doc.body.split("\n\n") == [LEAD, SECOND]


def test_identifier_lines_and_camel_case_words() -> None:
    assert is_identifier("quay_lenno_0HtrKwPz") and is_identifier("IMG_20260504_0912")
    for word in ("McDonald's", "COVID-19", "iPhone", "Background", "2026-05-04", "DeSantis"):
        assert not is_identifier(word), word


def test_stamp_with_filing_place() -> None:
    assert is_timestamp("Updated on: 4 May,2026 10:20 AM CET | Brennick")
    assert not is_timestamp("Updated on: 4 May 2026 | the storm moved north")


def test_title_never_a_byline_or_credit() -> None:
    assert clean_title("Ferry capsizes off Lenno – By Jan Holt (Coast Post) / May 4, 2026") == "Ferry capsizes off Lenno"
    assert clean_title("Toll rises to 14: coast guard Photo: coastpost.example") == "Toll rises to 14: coast guard"
    assert clean_title("Ferry capsizes off Lenno | Coast Post") == "Ferry capsizes off Lenno"
    text = "\n\n".join(["Maria Oyelaran, Staff Writer", LEAD, SECOND])
    doc = _doc(text)
    assert doc.title != "Maria Oyelaran, Staff Writer" and "Staff Writer" not in doc.body


def test_fallback_titles() -> None:
    assert slug_words("https://x.example/world/13881") == []
    assert slug_words("https://x.example/a/ferry-toll-rises-to-14-b2431294.html") == ["ferry", "toll", "rises", "to", "14"]
    body = "Rescuers in Lenno said the ferry toll rose. The Lenno coast guard said 3,300 people helped."
    assert title_from_slug(slug_words("https://x.example/lenno-ferry-toll-3-300"), body) == "Lenno ferry toll 3,300"
    assert title_from_lead("KARSK, May 4. /Coast Agency/. The ferry sank. More later.") == "The ferry sank."
    doc = _doc("\n\n".join([LEAD, SECOND]))
    assert doc.title and doc.title.startswith("The passenger ferry Saint Odile") and doc.title != doc.id
    named = _doc("\n\n".join([LEAD, SECOND]), url="https://coastpost.example/lenno-ferry-search-enters-second-day")
    assert named.title == "Lenno ferry search enters second day"


def test_publication_date_order_and_never_guessed() -> None:
    head = "Ferry capsizes off Lenno coast"
    url = "https://coastpost.example/2026/05/03/ferry-capsizes"
    assert _doc("\n\n".join([head, LEAD, SECOND]), url=url, published="2026-05-01").published == "2026-05-01"
    stamped = "\n\n".join([head, "Published 4 May 2026, 09:12", LEAD, SECOND])
    assert _doc(stamped, url=url).published == "2026-05-04"
    assert _doc("\n\n".join([head, LEAD, SECOND]), url=url).published == "2026-05-03"
    updated = "\n\n".join([head, "Updated 6 May 2026", LEAD, SECOND])
    assert _doc(updated, url=url).published == "2026-05-03"
    assert _doc(updated).published == "2026-05-06"
    footer = "\n\n".join([head, LEAD, SECOND, "First published on: 14-05-2026 at 15:22 CET"])
    assert _doc(footer).published == "2026-05-14"
    ambiguous = "\n\n".join([head, LEAD, SECOND, "First published on: 04-05-2026 at 15:22 CET"])
    assert _doc(ambiguous).published is None  # 4 May or 5 April: unknown, not guessed
    dateline = "LENNO, May 4, 2026 -- " + LEAD
    assert _doc("\n\n".join([head, dateline, SECOND])).published == "2026-05-04"
    event = "On 3 May 2026, the ferry Saint Odile capsized in heavy seas off the Lenno coast, officials said."
    assert _doc("\n\n".join([head, event, SECOND])).published is None


def test_dates_with_lost_spaces_and_dashes() -> None:
    assert [d for _, _, d in find_dates("25 June,2026 08:17")] == ["2026-06-25"]
    assert [d for _, _, d in find_dates("June 25,2026")] == ["2026-06-25"]
    assert [d for _, _, d in find_dates("on 25-06-2026 at")] == ["2026-06-25"]
    assert find_dates("03-04-2026") == []  # day and month cannot be told apart


def test_subheading_after_a_short_lead_is_body() -> None:
    text = "\n\n".join(["Ferry capsizes off Lenno coast", "The ferry sank overnight.", "Search goes on",
                        SECOND, THIRD])
    assert _doc(text).body.split("\n\n") == ["The ferry sank overnight.", "Search goes on", SECOND, THIRD]


@pytest.mark.parametrize("caption", ["Relatives wait for news on the quay in Lenno",
                                     "The harbour master in a video where he describes the rescue of the crew"])
def test_caption_between_headline_and_lead_goes(caption: str) -> None:
    doc = _doc("\n\n".join(["Ferry capsizes off Lenno coast", caption, LEAD, SECOND]))
    assert doc.body.split("\n\n") == [LEAD, SECOND]
    assert _removed(doc)[caption] == "header line (caption or kicker)"


def test_standfirst_under_the_headline_is_body() -> None:
    standfirst = "Rescue teams from three countries are searching the waters off the Lenno coast for the missing"
    doc = _doc("\n\n".join(["Ferry capsizes off Lenno coast", standfirst, LEAD, SECOND]))
    assert doc.body.split("\n\n") == [standfirst, LEAD, SECOND]


def test_agency_names_only_count_as_whole_words_in_captions() -> None:
    line = "The government promised a cash handout to every family that lives beside the gap"
    assert _doc("\n\n".join(["Ferry capsizes off Lenno coast", LEAD, line, SECOND])).body.split("\n\n")[1] == line


def test_html_page_dated_by_its_published_line() -> None:
    html = ("<html><body><article><h1>Ferry capsizes off Lenno coast</h1><p>Published 4 May 2026</p>"
            f"<p>{LEAD}</p><p>{SECOND}</p><p>{THIRD}</p></article></body></html>")
    result = clean_article(RawArticle(source="p.html", content=html, format="html"))
    assert isinstance(result, CleanDocument)
    assert result.published == "2026-05-04"


def test_interface_strings_in_another_script_at_the_edges() -> None:
    doc = _doc("\n\n".join(["Ferry capsizes off Lenno coast", LEAD, SECOND, THIRD, "Заголовок открытого окна"]))
    assert doc.body.split("\n\n") == [LEAD, SECOND, THIRD]
    assert _removed(doc)["Заголовок открытого окна"] == "interface string in another script"
    russian = "Паром затонул у побережья Ленно ночью, сообщила береговая охрана в понедельник."
    ru = _doc("\n\n".join(["Паром затонул у Ленно", russian, "Lenno Coast Guard", russian.replace("ночью", "утром")]))
    assert "Lenno Coast Guard" in ru.body  # a Latin name inside a Cyrillic article is its text


def test_summary_bullets_under_the_headline_are_kept() -> None:
    bullet = "• At least 14 people are missing after the ferry Saint Odile capsized off the coast"
    doc = _doc("\n\n".join(["Ferry capsizes off Lenno coast", bullet, LEAD, SECOND]))
    assert doc.body.split("\n\n") == [bullet, LEAD, SECOND]


def test_dates_from_url_forms_and_dated_credit_lines() -> None:
    from storyline.clean.metadata import date_from_url

    assert date_from_url("https://tv.example/news/en/20260504_01/") == "2026-05-04"
    assert date_from_url("https://paper.example/world/ferry-sinks-20260504-p5xq1z.html") == "2026-05-04"
    assert date_from_url("https://paper.example/world/ferry-sinks-1111446655.html") is None
    credit = "\n\n".join(["Ferry capsizes off Lenno coast", LEAD, SECOND, THIRD, "The Coast Post, May 4, 2026"])
    doc = _doc(credit)
    assert doc.published == "2026-05-04" and "Coast Post" not in doc.body
