"""Date extraction and normalisation on hand-written news sentences."""
from __future__ import annotations

import pytest
from spacy.language import Language

from storyline.analyze.dates import extract_dates
from storyline.model import DateMention


@pytest.fixture(scope="module")
def pipe(nlp: Language) -> Language:
    return nlp  # the whole storyline pipeline, loaded once per session (tests/conftest.py)


def dates(pipe: Language, text: str, published: str | None = None) -> dict[str, str | None]:
    doc = pipe.make_doc(text)
    doc._.storyline_published = published
    for _, component in pipe.pipeline:
        doc = component(doc)
    found: list[DateMention] = doc._.storyline_dates
    for d in found:
        assert text[d.start:d.end] == d.text
    assert found == extract_dates(doc, published)
    return {d.text: d.normalized for d in found}




def test_absolute_and_partial(pipe: Language) -> None:
    found = dates(pipe, "The mine opened in 1987, flooded on 2 June 2011 and closed on October 5, 2015; "
                        "talks resumed in February 2020.")
    assert found == {"in 1987": "1987", "on 2 June 2011": "2011-06-02", "on October 5, 2015": "2015-10-05",
                     "in February 2020": "2020-02"}


def test_year_spans_and_decades(pipe: Language) -> None:
    found = dates(pipe, "He governed from 1998 to 2006 and again (2010-14), a career begun in the 1980s.")
    assert found == {"from 1998 to 2006": "1998/2006", "2010-14": "2010/2014", "in the 1980s": "1980/1989"}


def test_two_years_joined_by_and_are_two_dates(pipe: Language) -> None:
    found = dates(pipe, "She won the title in 2008 and 2012.")
    assert found == {"in 2008": "2008", "2012": "2012"}


def test_relative_resolved_against_publication(pipe: Language) -> None:
    text = ("The minister resigned last month. Two days ago the party met, and on Monday it "
            "named a successor. Elections were held last year, and the vote was yesterday.")
    found = dates(pipe, text, "2025-01-09")  # a Thursday
    assert found["last month"] == "2024-12"
    assert found["Two days ago"] == "2025-01-07"
    assert found["on Monday"] == "2025-01-06"
    assert found["last year"] == "2024"
    assert found["yesterday"] == "2025-01-08"


def test_last_weekday_is_strictly_before(pipe: Language) -> None:
    found = dates(pipe, "Since last Friday's raid, shops have stayed shut.", "2026-03-27")
    assert found == {"Since last Friday's": "2026-03-20"}


def test_future_weekday(pipe: Language) -> None:
    found = dates(pipe, "The court will rule on Tuesday.", "2025-01-09")
    assert found == {"on Tuesday": "2025-01-14"}


def test_day_without_year_takes_nearest_year(pipe: Language) -> None:
    found = dates(pipe, "The fire broke out on 28 December.", "2025-01-03")
    assert found == {"on 28 December": "2024-12-28"}


def test_unknown_publication_is_never_guessed(pipe: Language) -> None:
    found = dates(pipe, "Earlier this week the army withdrew, and in the past year prices doubled.")
    assert found == {"Earlier this week": None, "in the past year": None}


def test_event_anchored_and_counts_are_not_dates(pipe: Language) -> None:
    found = dates(pipe, "Three days after the explosion, 2000 workers returned to the plant.")
    assert found == {}


def test_periods_decades_and_centuries(pipe: Language) -> None:
    text = "Tariffs rose in the last year, as in the 1930s, though not since the 1800s; next month may differ."
    found = dates(pipe, text, "2025-06-15")
    assert found["in the last year"] == "2024/2025"
    assert found["in the 1930s"] == "1930/1939"
    assert found["since the 1800s"] == "1800/1899"
    assert found["next month"] == "2025-07"


def test_day_span_keeps_the_month(pipe: Language) -> None:
    found = dates(pipe, "The summit runs from 6 to 9 May in Geneva.", "2025-04-20")
    assert found == {"from 6 to 9 May": "2025-05"}


def test_weeks_and_weekends_are_iso_intervals(pipe: Language) -> None:
    found = dates(pipe, "Rescuers said last week that the road had reopened, and officials will decide "
                        "this week. Talks collapsed over the weekend.", "2024-05-16")
    assert found == {"last week": "2024-05-06/2024-05-12", "this week": "2024-05-13/2024-05-19",
                     "over the weekend": "2024-05-11/2024-05-12"}
    found = dates(pipe, "Earlier this week the army withdrew.", "2024-05-19")  # a Sunday ends its week
    assert found == {"Earlier this week": "2024-05-13/2024-05-19"}


def test_a_weekday_governed_by_a_past_verb_stays_past_despite_a_future_cue(pipe: Language) -> None:
    found = dates(pipe, "More arrests are expected after the prosecutor issued warrants for 30 people "
                        "on Saturday.", "2024-02-10")  # published on a Saturday: that same day
    assert found == {"on Saturday": "2024-02-10"}
    found = dates(pipe, "The ministry is expected to publish the list on Saturday.", "2024-02-08")
    assert found == {"on Saturday": "2024-02-10"}


def test_month_and_year_ranges(pipe: Language) -> None:
    found = dates(pipe, "From May 2021 to April 2022, the fund paid out 3 million. Spending rose "
                        "in 2021-22 and from November to February 2023.")
    assert found == {"From May 2021 to April 2022": "2021-05/2022-04", "in 2021-22": "2021/2022",
                     "from November to February 2023": "2022-11/2023-02"}


def test_the_same_month_last_year_is_the_named_month_a_year_before(pipe: Language) -> None:
    found = dates(pipe, "In November, exports fell 4 percent compared to the same month last year.", "2024-01-05")
    assert found == {"In November": "2023-11", "the same month last year": "2022-11"}
