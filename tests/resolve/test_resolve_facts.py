"""Claims across outlets: grouped by what they count, compared by value and qualifier."""
from storyline.resolve.facts import ClaimInput, group_claims, resolve_facts


def claim(doc, text, value=None, low=None, high=None, qualifier="exact", sentence="", published=None, counted=None):
    return ClaimInput(doc, published, 0, len(text), text, value, low, high, qualifier, counted, sentence)


def test_point_inside_a_range_agrees():
    facts = resolve_facts([
        claim("a", "Around 2,000 Valdrians", 2000, qualifier="approx",
              sentence="Around 2,000 Valdrians joined the volunteer brigades in Norland and Ostmark."),
        claim("b", "1,600 to 2,000 Valdrians", low=1600, high=2000, qualifier="range",
              sentence="Records suggest that 1,600 to 2,000 Valdrians went to Norland and Ostmark."),
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
        claim("a", "27 people", 27, sentence="The number of people killed was revised down to 27 from 38.",
              published="2026-05-02"),
        claim("a", "38 people", 38, sentence="Officials had previously said 38 people were killed.",
              published="2026-05-02"),
        claim("b", "38 people", 38, sentence="Storms killed 38 people, the agency said.", published="2026-04-28"),
    ])
    assert [len(f.claims) for f in revised] == [3]
    assert revised[0].status == "evolving" and "revised down" in revised[0].description


def test_people_named_by_role_can_be_one_fact_when_the_same_thing_happened_to_them():
    groups = group_claims([
        claim("a", "four seasonal workers", 4, sentence="Days after Valdria blamed four seasonal workers from "
              "Norland for the blast at a stadium, the group issued a statement."),
        claim("b", "four chief suspects", 4, sentence="The four chief suspects detained are from Norland, "
              "a country facing unrest since the blast."),
    ])
    assert any(len(g) == 2 for g in groups)


def _facts_of(*claims):
    return [f for f in resolve_facts(list(claims)) if len(f.claims) > 1]


def test_deaths_never_join_injuries_from_the_same_sentences():
    s1 = "At least 40 people were killed and 120 others injured when the bridge over the Varna collapsed."
    s2 = "The collapse killed 44 people and injured 130, the regional governor said."
    a_dead = ClaimInput("a", "2026-02-01", 9, 21, "40 people", 40, None, None, "at_least", "people", s1)
    a_hurt = ClaimInput("a", "2026-02-01", 43, 53, "120 others", 120, None, None, "exact", "others", s1)
    b_dead = ClaimInput("b", "2026-02-02", 19, 28, "44 people", 44, None, None, "exact", "people", s2)
    b_hurt = ClaimInput("b", "2026-02-02", 46, 49, "130", 130, None, None, "exact", None, s2)
    facts = _facts_of(a_dead, a_hurt, b_dead, b_hurt)
    assert sorted(sorted(c.text for c in f.claims) for f in facts) == [["120 others", "130"], ["40 people", "44 people"]]
    assert {f.description.split(" — ")[0] for f in facts} == {"deaths", "injured"}


def test_a_partial_count_is_its_own_fact_not_a_conflict_with_the_total():
    total = "The earthquake killed more than 5,000 people in Norland and Sudmark, officials said."
    part = "In Sudmark alone, 1,200 people died, the health ministry said."
    facts = resolve_facts([
        claim("a", "more than 5,000 people", 5000, qualifier="more_than", sentence=total, published="2026-04-02"),
        claim("b", "1,200 people", 1200, sentence=part, published="2026-04-02"),
        claim("c", "5,100 people", 5100, sentence="The earthquake killed 5,100 people, the agency said.",
              published="2026-04-02"),
    ])
    grouped = [sorted(c.document for c in f.claims) for f in facts if len(f.claims) > 1]
    assert grouped == [["a", "c"]]


def test_a_rising_toll_across_days_is_evolving_and_a_same_day_clash_is_conflict():
    s = "Floods have killed {} people in the valley, the civil defence said."
    rising = _facts_of(claim("a", "30 people", 30, sentence=s.format(30), published="2026-06-01"),
                       claim("b", "55 people", 55, sentence=s.format(55), published="2026-06-03"))
    assert [f.status for f in rising] == ["evolving"]
    clash = _facts_of(claim("a", "30 people", 30, sentence=s.format(30), published="2026-06-01"),
                      claim("b", "36 people", 36, sentence=s.format(36), published="2026-06-01"))
    assert [f.status for f in clash] == ["conflict"]


def test_compatible_bounds_and_rounded_figures_agree():
    s = "The fund received {} from the state budget, the minister said."
    facts = _facts_of(
        claim("a", "more than 60 schools", 60, qualifier="more_than",
              sentence="More than 60 schools were destroyed by the storm.", published="2026-01-05"),
        claim("b", "62 schools", 62, sentence="The storm destroyed 62 schools across the island.",
              published="2026-01-06"),
    )
    assert [f.status for f in facts] == ["agree"]
    money = _facts_of(
        claim("a", "$2 bln", 2, sentence=s.format("$2 bln"), published="2026-01-05"),
        claim("b", "2.03 billion dollars", 2.03e9, sentence=s.format("2.03 billion dollars"), published="2026-01-07"),
    )
    assert [f.status for f in money] == ["agree"]


def test_a_count_from_a_past_year_is_not_this_events_toll():
    facts = _facts_of(
        claim("a", "80 people", 80, sentence="The fire has killed 80 people, officials said.", published="2026-07-02"),
        claim("b", "87 people", 87, sentence="The toll is above the 87 people who died in a 2011 blaze in Brenton.",
              published="2026-07-03"),
        claim("c", "82 people", 82, sentence="At least 82 people have died in the fire.", qualifier="at_least",
              published="2026-07-03"),
    )
    assert [sorted(c.document for c in f.claims) for f in facts] == [["a", "c"]]


def test_odd_claims_never_crash_the_grouping():
    odd = [
        claim("a", "", None),
        claim("b", "12", 12, sentence=""),
        claim("c", "7 to", low=9, high=3, qualifier="range", sentence="Figures fell from 9 to 3 overnight."),
        claim("d", "-4 degrees", -4, sentence="Temperatures fell to -4 degrees.", published="not a date"),
        claim("e", "0 people", 0, sentence="0 people were hurt."),
        claim("f", "hundreds", 100, qualifier="vague", sentence="Hundreds fled."),
    ]
    facts = resolve_facts(odd)
    assert sum(len(f.claims) for f in facts) == len(odd)


def _placed(doc, text, value, sentence, place, qualifier="exact", published=None):
    at = sentence.index(text)
    p = sentence.index(place)
    return ClaimInput(doc, published, at, at + len(text), text, value, None, None, qualifier, None, sentence,
                      sentence_start=0, places=((p, p + len(place), "ent_" + place.lower()),),
                      place_names={"ent_" + place.lower(): place})


def _fire_story() -> list[ClaimInput]:
    """A wildfire's toll in two articles, rising."""
    return [
        _placed("a", "at least 40 people", 40, "The wildfire that swept through Port Hanale killed at least 40 people.",
                "Port Hanale", "at_least", "2025-08-10"),
        _placed("b", "112 people", 112, "The fire in Port Hanale has killed 112 people, officials said.",
                "Port Hanale", published="2025-08-20"),
    ]


def test_a_toll_recalled_in_an_article_on_another_event_joins_that_events_fact():
    from storyline.resolve.facts import attach_recalled
    fire = _fire_story()
    eruption = [
        _placed("c", "over 100 people", 100, "The eruption comes weeks after over 100 people died in the wildfire "
                "that hit Port Hanale.", "Port Hanale", "more_than", "2025-09-12"),
        _placed("c", "300 residents", 300, "The eruption forced 300 residents of Kaloa Ridge to leave their homes.",
                "Kaloa Ridge", published="2025-09-12"),
    ]
    stories = [(fire, resolve_facts(fire)), (eruption, resolve_facts(eruption))]
    attach_recalled(stories)
    fire_facts, eruption_facts = stories[0][1], stories[1][1]
    assert [sorted(c.document for c in f.claims) for f in fire_facts] == [["a", "b", "c"]]
    assert fire_facts[0].status == "evolving"
    assert [[c.text for c in f.claims] for f in eruption_facts] == [["300 residents"]]


def test_a_figure_of_an_articles_own_event_is_not_taken_by_another_story():
    from storyline.resolve.facts import attach_recalled
    fire = _fire_story()
    other = [  # another fire story: its own kind of event, not a recall
        _placed("c", "Over 100 people", 100, "Over 100 people died in the fire in Port Hanale's harbour district.",
                "Port Hanale", "more_than", "2025-09-12"),
    ]
    stories = [(fire, resolve_facts(fire)), (other, resolve_facts(other))]
    attach_recalled(stories)
    assert len(stories[1][1]) == 1 and len(stories[0][1][0].claims) == 2


def test_a_sentence_cut_before_its_verb_is_joined_again_for_a_claims_context():
    from storyline.resolution import _sentence_of
    body = "The toll is 40.\n• Roughly 900 others\nhave been injured, officials said.\nRescue work goes on."
    bounds = [(0, 15), (16, 36), (37, 71), (72, len(body))]
    s, e = _sentence_of(bounds, body, body.index("Roughly"))
    assert body[s:e] == "• Roughly 900 others\nhave been injured, officials said."
    assert _sentence_of(bounds, body, 3) == (0, 15)  # an end mark: the sentence as the splitter gave it


def test_a_count_in_part_of_a_country_is_its_own_fact_and_coordinated_counts_share_the_place():
    from storyline.resolve.facts import measures_of
    s1 = ("Some 210 people have died, and 640 have been injured in the parts of northern Valdria that the "
          "government does not control, the agency said.")
    s2 = "More than 480 victims have been confirmed dead in rebel-held parts of northern Valdria, and more than 900 injured."
    s3 = "Across the country, the toll in Valdria has reached 2,300 people, the ministry said."
    claims = [_placed("a", "210 people", 210, s1, "Valdria", "approx"), _placed("a", "640", 640, s1, "Valdria"),
              _placed("b", "More than 480 victims", 480, s2, "Valdria", "more_than"),
              _placed("b", "more than 900", 900, s2, "Valdria", "more_than"),
              _placed("c", "2,300 people", 2300, s3, "Valdria")]
    ms = measures_of(claims)
    assert all("part" in m.scope and "ent_valdria" in m.scope for m in ms[:4])
    assert "part" not in ms[4].scope
    groups = sorted(sorted(c.text for c in g) for g in group_claims(claims))
    assert ["210 people", "More than 480 victims"] in groups and ["2,300 people"] in groups


def test_a_past_year_scopes_every_count_coordinated_with_the_first():
    from storyline.resolve.facts import measures_of
    s = "The 1939 earthquake left more than 32,000 dead and more than 100,000 injured."
    def at(text, value):
        return ClaimInput("a", "2026-02-07", s.index(text), s.index(text) + len(text), text, value, None, None,
                          "more_than", None, s)
    ms = measures_of([at("more than 32,000", 32000), at("more than 100,000", 100000)])
    assert all("year:1939" in m.scope for m in ms)


def test_a_combined_count_is_described_by_both_places_and_a_partial_one_as_a_part():
    def two(doc, text, value, sentence, published):
        a, b = sentence.index("Valdria"), sentence.index("Norland")
        at = sentence.index(text)
        return ClaimInput(doc, published, at, at + len(text), text, value, None, None, "more_than", None, sentence,
                          sentence_start=0, places=((a, a + 7, "ent_v"), (b, b + 7, "ent_n")),
                          place_names={"ent_v": "Valdria", "ent_n": "Norland"})
    facts = resolve_facts([
        two("a", "more than 1,700", 1700, "The quake killed more than 1,700 in Valdria and Norland.", "2026-02-06"),
        two("b", "more than 5,000", 5000, "The toll in Valdria and Norland rose to more than 5,000.", "2026-02-08"),
    ])
    assert [f.description for f in facts] == ["deaths — Norland and Valdria"]
    s = "More than 480 victims have been confirmed dead in rebel-held parts of northern Valdria."
    s2 = "Some 600 people died in the parts of northern Valdria outside government control."
    part = resolve_facts([_placed("a", "More than 480 victims", 480, s, "Valdria", "more_than", "2026-02-06"),
                          _placed("b", "Some 600 people", 600, s2, "Valdria", "approx", "2026-02-08")])
    assert [f.description for f in part] == ["deaths — part of Valdria"]


def test_a_count_of_the_moment_a_search_began_or_originally_reported_is_an_initial_count():
    from storyline.resolve.facts import measures_of
    s1 = "When the search began, the missing persons list contained over 3,000 names."
    s2 = "Officials have accounted for about 1,800 of the 3,400 who were originally reported as missing."
    s3 = "Some 240 people are still missing, the police said."
    at = lambda s, t: s.index(t)
    claims = [ClaimInput("a", "2026-06-02", at(s1, "over 3,000 names"), at(s1, "over 3,000 names") + 16,
                         "over 3,000 names", 3000, None, None, "more_than", "names", s1),
              ClaimInput("b", "2026-06-03", at(s2, "about 1,800"), at(s2, "about 1,800") + 11, "about 1,800", 1800,
                         None, None, "approx", None, s2),
              ClaimInput("b", "2026-06-03", at(s2, "3,400"), at(s2, "3,400") + 5, "3,400", 3400, None, None, "exact",
                         None, s2),
              ClaimInput("c", "2026-06-04", 0, 8, "Some 240", 240, None, None, "approx", "people", s3)]
    ms = measures_of(claims)
    assert "initial" in ms[0].scope and ms[0].event == "missing"
    assert "initial" in ms[2].scope and ms[2].event == "missing"
    assert "initial" not in ms[3].scope


def test_a_counted_noun_glued_to_the_next_word_is_still_read():
    from storyline.resolve.facts import measures_of
    s = "On board the plane were two pilots and nine passengersincluding the mayor of Selden."
    at = s.index("nine passengersincluding")
    m = measures_of([ClaimInput("a", None, at, at + 25, "nine passengersincluding", 9, None, None, "exact",
                                "passengersincluding", s)])[0]
    assert m.kind == "passengers"


def test_figures_two_orders_of_magnitude_apart_with_no_dates_are_different_counts():
    groups = group_claims([
        claim("a", "six people", 6, sentence="Six people were killed in a strike on a school used as a shelter.",
              published="2026-10-17"),
        claim("b", "Some 1,300 people", 1300, qualifier="approx",
              sentence="Some 1,300 people were killed in the attacks on border towns."),
    ])
    assert all(len(g) == 1 for g in groups)


def test_an_estimate_set_against_another_as_a_multiple_is_the_same_figure_in_dispute():
    d = "2026-04-02"
    facts = resolve_facts([
        claim("a", "between 20 and 30 million euros", low=2e7, high=3e7, qualifier="range", published=d,
              sentence="The operator put the damage to its lines at between 20 and 30 million euros."),
        claim("b", "between 20 and 30 million euros", low=2e7, high=3e7, qualifier="range", published=d,
              sentence="The operator said the damage came to between 20 and 30 million euros."),
        claim("c", "about 90 million euros", 9e7, qualifier="approx", published=d,
              sentence="A farmers' union put the damage at about 90 million euros, more than triple the "
                       "figure given by the operator."),
    ])
    multi = [f for f in facts if len(f.claims) == 3]
    assert len(multi) == 1 and multi[0].status == "conflict"


def test_a_short_part_phrase_marks_a_partial_count_but_a_city_of_phrase_does_not():
    from storyline.resolve.facts import measures_of
    s1 = "Floods killed 40 people in parts of Valdria on Monday."
    s2 = "Floods killed 40 people in the north of Valdria on Monday."
    s3 = "Floods killed 40 people in Valdria on Monday."
    ms = measures_of([_placed(d, "40 people", 40, s, "Valdria") for d, s in zip("abc", (s1, s2, s3))])
    assert ["part" in m.scope for m in ms] == [True, True, False]
    assert all("ent_valdria" in m.scope for m in ms)


def claims_in(doc, sentence, figures, published=None):
    """Claims at their places in one sentence: ``figures`` is (text, value) in reading order."""
    out, at = [], 0
    for text, value in figures:
        at = sentence.index(text, at)
        out.append(ClaimInput(doc, published, at, at + len(text), text, value, None, None, "exact", None, sentence))
        at += len(text)
    return out


def test_two_coordinated_measurements_are_two_events_and_ordinals_say_which():
    """"magnitude 6.8 and 6.3" measures two quakes: the second figure is the second quake's, as is
    the figure of "the second quake" or of "a second, ..."; an unmarked figure is the first's."""
    d = "2026-02-10"
    facts = resolve_facts([
        *claims_in("a", "Two quakes of magnitude 6.8 and 6.3 struck the Selden valley.", [("6.8", 6.8), ("6.3", 6.3)], d),
        *claims_in("b", "The first quake had a magnitude of 6.8, and a second, a little later, measured 6.3.",
                   [("6.8", 6.8), ("6.3", 6.3)], d),
        *claims_in("c", "A 6.9-magnitude earthquake hit the valley before dawn.", [("6.9-magnitude", 6.9)], d),
        *claims_in("d", "The second powerful earthquake measured 6.4 magnitude.", [("6.4", 6.4)], d),
    ])
    by_values = {tuple(sorted(c.value for c in f.claims)): f for f in facts}
    assert set(by_values) == {(6.8, 6.8, 6.9), (6.3, 6.3, 6.4)}, [(f.description, f.claims) for f in facts]
    first, second = by_values[(6.8, 6.8, 6.9)], by_values[(6.3, 6.3, 6.4)]
    assert first.status == second.status == "conflict"  # 6.8 against 6.9, 6.3 against 6.4, on one day
    assert "(second)" in second.description and "(second)" not in first.description


def test_ranks_series_and_ranges_are_not_other_events():
    d = "2026-02-10"
    groups = group_claims([
        *claims_in("a", "Sales are forecast to grow between 3% and 5% a year.", [("3%", 3), ("5%", 5)], d),
        *claims_in("b", "The fourth seed finished the race in 9.85 seconds.", [("9.85 seconds", 9.85)], d),
        *claims_in("c", "He won the race in 9.85 seconds.", [("9.85 seconds", 9.85)], d),
    ])
    assert sorted(len(g) for g in groups) == [1, 1, 2]  # the two 9.85s are one figure


def test_decimals_given_to_the_same_place_that_differ_are_different_figures():
    from storyline.resolve.facts import compatible, measures_of
    same_place = claims_in("a", "The quake had a magnitude of 7.7.", [("7.7", 7.7)]) + \
        claims_in("b", "The quake had a magnitude of 7.8.", [("7.8", 7.8)])
    ms = measures_of(same_place[:1]) + measures_of(same_place[1:])
    assert not compatible(same_place[0], same_place[1], ms[0], ms[1])
    rounded = claims_in("a", "The bridge is 86.2 km long.", [("86.2 km", 86.2)]) + \
        claims_in("b", "The bridge is 86.26 km long.", [("86.26 km", 86.26)])
    ms = measures_of(rounded[:1]) + measures_of(rounded[1:])
    assert compatible(rounded[0], rounded[1], ms[0], ms[1])  # one figure given to two places
