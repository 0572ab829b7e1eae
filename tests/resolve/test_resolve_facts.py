"""Claims across outlets: grouped by what they count, compared by value and qualifier."""
from storyline.resolve.facts import ClaimInput, group_claims, resolve_facts


def claim(doc, text, value=None, low=None, high=None, qualifier="exact", sentence="", published=None, counted=None):
    return ClaimInput(doc, published, 0, len(text), text, value, low, high, qualifier, counted, sentence)


def test_point_inside_a_range_agrees():
    facts = resolve_facts([
        claim("a", "Around 2,000 Tajiks", 2000, qualifier="approx",
              sentence="Around 2,000 Tajiks joined the Islamic State caliphate in Syria and Iraq."),
        claim("b", "1,300 to 2,000 Tajiks", low=1300, high=2000, qualifier="range",
              sentence="Investigations indicate that 1,300 to 2,000 Tajiks traveled to Syria and Iraq."),
    ])
    multi = [f for f in facts if len(f.claims) == 2]
    assert len(multi) == 1 and multi[0].status == "agree"


def test_a_toll_that_rises_with_publication_date_is_evolving_otherwise_conflict():
    s = "The collapse of the dam killed {} people, officials said."
    rising = resolve_facts([
        claim("a", "12 people", 12, qualifier="at_least", sentence=s.format("at least 12"), published="2026-03-13"),
        claim("b", "17 people", 17, sentence=s.format(17), published="2026-03-14"),
        claim("c", "23 people", 23, sentence=s.format(23), published="2026-03-16"),
    ])
    assert [f.status for f in rising if len(f.claims) == 3] == ["evolving"]
    same_day = resolve_facts([
        claim("a", "17 people", 17, sentence=s.format(17), published="2026-03-14"),
        claim("b", "21 people", 21, sentence=s.format(21), published="2026-03-14"),
    ])
    assert [f.status for f in same_day if len(f.claims) == 2] == ["conflict"]


def test_equal_numbers_about_different_things_are_not_one_fact():
    groups = group_claims([
        claim("a", "five years", 5, sentence="He spent five years in prison as a teenager."),
        claim("b", "five years", 5, sentence="The civil war lasted five years after independence."),
    ])
    assert all(len(g) == 1 for g in groups)


def test_two_figures_in_one_article_are_two_facts_unless_one_revises_the_other():
    groups = group_claims([
        claim("a", "40 people", 40, sentence="Floods killed 40 people in the north of the province."),
        claim("a", "15 people", 15, sentence="Landslides killed 15 people in the hills."),
    ])
    assert all(len(g) == 1 for g in groups)
    revised = resolve_facts([
        claim("a", "31 people", 31, sentence="The number of people killed was revised down to 31 from 38.",
              published="2026-05-02"),
        claim("a", "38 people", 38, sentence="Officials had previously said 38 people were killed.",
              published="2026-05-02"),
        claim("b", "38 people", 38, sentence="Storms killed 38 people, the agency said.", published="2026-04-28"),
    ])
    assert [len(f.claims) for f in revised] == [3]
    assert revised[0].status == "evolving" and "revised down" in revised[0].description


def test_people_named_by_role_can_be_one_fact_when_the_same_thing_happened_to_them():
    groups = group_claims([
        claim("a", "four migrant workers", 4, sentence="Days after Russia blamed four migrant workers from "
              "Tajikistan for the attack on a concert hall, the group launched a magazine."),
        claim("b", "four main suspects", 4, sentence="The four main suspects arrested are from Tajikistan, "
              "a country struggling with extremism after the attack."),
    ])
    assert any(len(g) == 2 for g in groups)
