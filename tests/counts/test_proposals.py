"""Proposals as pure rules: figures of several articles, one concept and a shared name."""

from datetime import date

from claims.counts.proposals import Figure, names_in, propose


def figure(key: int, article: int, day: date | None, counted: str, sentence: str) -> Figure:
    return Figure(key, article, day, counted, sentence, str(key))


def test_names_are_capitalised_words_without_openers_titles_or_place_nouns():
    assert names_in("Over 38 attacks hit US facilities in Iraq on Monday.") == {"us", "iraq"}
    assert names_in("The toll in Ishikawa Prefecture rose, Mr Kishida said.") == {
        "ishikawa",
        "kishida",
    }


def test_synonyms_are_one_concept_and_the_name_takes_the_commonest_wording():
    [proposal] = propose(
        [
            figure(1, 1, date(2024, 1, 2), "people dead", "In Ishikawa 64 people are dead."),
            figure(2, 2, date(2024, 1, 3), "people killed", "Quake killed 73 in Ishikawa."),
            figure(3, 3, date(2024, 1, 4), "people dead", "Ishikawa now counts 84 people dead."),
        ]
    )
    assert proposal.concept == "deaths" and proposal.name == "people dead in Ishikawa"
    assert [f.key for f in proposal.figures] == [1, 2, 3] and proposal.articles == 3


def test_one_article_different_places_or_a_long_pause_propose_nothing():
    one_article = [
        figure(1, 1, date(2024, 1, 2), "attacks", "Iraq saw 10 attacks."),
        figure(2, 1, date(2024, 1, 2), "attacks", "Iraq saw 12 attacks in all."),
    ]
    other_places = [
        figure(3, 2, date(2024, 1, 2), "attacks", "Gaza saw 10 attacks."),
        figure(4, 3, date(2024, 1, 3), "attacks", "Ohio saw 12 attacks."),
    ]
    years_apart = [
        figure(5, 4, date(2020, 1, 8), "injured", "In Iraq 11 troops were injured."),
        figure(6, 5, date(2024, 1, 8), "wounded", "In Iraq 40 troops were wounded."),
    ]
    assert propose(one_article + other_places + years_apart) == []


def test_measures_and_figures_naming_nothing_are_not_proposed():
    figures = [
        figure(1, 1, date(2024, 1, 1), "magnitude", "A magnitude 7.6 quake hit Japan."),
        figure(2, 2, date(2024, 1, 1), "magnitude", "Japan felt a magnitude 7.5 quake."),
        figure(3, 3, date(2024, 1, 1), "deaths", "at least 30 deaths were reported."),
        figure(4, 4, date(2024, 1, 1), "deaths", "the deaths rose to 40."),
    ]
    assert propose(figures) == []
