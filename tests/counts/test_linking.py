"""Count linking on invented articles, through the real pipeline (the `nlp` fixture)."""

import json
from dataclasses import replace
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from claims.counts.linking import (
    CountPool,
    CountProfile,
    _batch_topics,
    _norm_place,
    cluster,
    mentions_from_text,
    shortlist,
    suggest,
)
from tests.extraction.conftest import nlp  # noqa: F401  (the session-wide pipeline)

FLOOD = [
    (
        "a1",
        date(2025, 3, 3),
        "The death toll from the floods in Valdoria province rose to 41 on Monday, the "
        "regional government said. Of the deaths, 22 were in Port Amsel and 19 in Kerrow. "
        "About 3,000 people were at evacuation centres.",
    ),
    (
        "a2",
        date(2025, 3, 5),
        "At least 57 people have been confirmed dead in the Valdoria floods, officials said on "
        "Wednesday, with 30 in Port Amsel and 27 in Kerrow. Another 12 people remain missing "
        "in Valdoria province.",
    ),
    (
        "a3",
        date(2025, 3, 8),
        "The number of people killed by the floods in Valdoria province has risen to 63. The "
        "province's governor said 15 people remain unaccounted for. It is the worst flood "
        "since storms in Kerrow killed 210 people in 2009.",
    ),
]


def mentions_of(articles, nlp):  # noqa: F811
    out = []
    for article, published, text in articles:
        out += mentions_from_text(text, article=article, published=published, outlet=None, nlp=nlp)
    return out


@pytest.fixture(scope="module")
def flood_mentions(nlp):  # noqa: F811
    return mentions_of(FLOOD, nlp)


def by_text(mentions, article, text):
    [found] = [m for m in mentions if m.article == article and text in m.text]
    return found


def test_totals_of_one_story_share_a_cluster(flood_mentions):
    labels = cluster(flood_mentions)
    totals = [by_text(flood_mentions, a, t) for a, t in (("a1", "41"), ("a2", "57"), ("a3", "63"))]
    assert {m.concept for m in totals} == {"deaths"}
    assert len({labels[m.key] for m in totals}) == 1
    assert labels[totals[0].key] is not None


def test_a_breakdown_by_place_makes_parts(flood_mentions):
    labels = cluster(flood_mentions)
    first, later = by_text(flood_mentions, "a1", "22"), by_text(flood_mentions, "a2", "30")
    assert first.part == later.part == "port amsel"
    assert labels[first.key] == labels[later.key]
    assert labels[first.key].endswith("/port amsel")


def test_missing_and_dead_are_different_counts(flood_mentions):
    labels = cluster(flood_mentions)
    missing = by_text(flood_mentions, "a3", "15")
    assert missing.concept == "missing"
    assert labels[missing.key] != labels[by_text(flood_mentions, "a3", "63").key]


def test_another_events_toll_is_not_linked(flood_mentions):
    old = by_text(flood_mentions, "a3", "210")
    assert not old.running
    assert cluster(flood_mentions)[old.key] is None


def test_the_as_of_date_comes_from_the_sentence(flood_mentions):
    assert by_text(flood_mentions, "a1", "41").as_of == date(2025, 3, 3)
    assert by_text(flood_mentions, "a2", "57").as_of == date(2025, 3, 5)


@pytest.mark.parametrize(
    ("sentence", "why"),
    [
        ("Sixteen further deaths were confirmed, bringing the total to 110.", "an increment"),
        ("The toll increased by 45 from an update in January.", "an increment"),
        ("The magnitude 6.4 quake struck at dawn.", "not a whole number"),
    ],
)
def test_figures_that_are_no_running_count(nlp, sentence, why):  # noqa: F811
    [first, *_] = mentions_from_text(
        sentence, article="x", published=date(2025, 1, 1), outlet=None, nlp=nlp
    )
    assert not first.running
    assert first.why_not == why


def test_suggest_ranks_the_count_with_the_same_concept_and_places(flood_mentions):
    deaths = CountProfile(key="deaths", counted="people killed", places=("valdoria",))
    missing = CountProfile(key="missing", counted="people unaccounted for")
    [best] = suggest(by_text(flood_mentions, "a3", "63"), [missing, deaths])
    assert best.count_key == "deaths"
    assert "counts deaths" in best.reasons
    assert 0 < best.score <= 1


def test_suggest_drops_a_count_with_another_window(flood_mentions):
    mention = by_text(flood_mentions, "a3", "63")
    other = CountProfile(key="d", counted="deaths", window_start=date(2024, 1, 1))
    assert suggest(mention, [other]) == [] or mention.window_start is None  # no window read


def test_the_command_links_articles_without_a_database(tmp_path):
    source = tmp_path / "articles.jsonl"
    lines = [
        {"id": a, "published": d.isoformat(), "outlet": None, "title": None, "text": t}
        for a, d, t in FLOOD
    ]
    later = (
        "The death toll from the Valdoria floods stood at 50 on Monday, officials in Kerrow said."
    )
    lines.append({"id": "a4", "published": "2025-03-10", "outlet": "Wire", "text": later})
    source.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    out = StringIO()
    call_command("link_counts", "--input-jsonl", str(source), "--jsonl", "--flags", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    mentions = [r for r in rows if "rule" not in r]
    flags = [r for r in rows if "rule" in r]
    total = next(r for r in mentions if r["article"] == "a2" and r["value"] == 57)
    assert total["lower"] == 57 and total["upper"] is None and total["track_cluster"]
    assert set(total) >= {"text", "qualifier", "counted", "as_of", "start", "end"}
    [flag] = [f for f in flags if f["rule"] == "regression"]
    assert [m[0] for m in flag["mentions"]] == ["a3", "a4"]
    assert "only grows" in flag["explanation"]


def read(nlp, text, *, article="x", outlet=None, published=date(2025, 1, 1)):  # noqa: F811
    return mentions_from_text(text, article=article, published=published, outlet=outlet, nlp=nlp)


def test_the_agency_a_dateline_credits_and_the_outlet_are_no_topic(nlp):  # noqa: F811
    [m] = read(
        nlp,
        "KERROW, Valdoria (Reuters) - The death toll from the floods rose to 41 on Monday, "
        "the regional government said.",
        outlet="Daily Ledger",
    )
    assert "valdoria" in m.topic
    assert "reuters" not in m.topic


def test_us_with_and_without_dots_is_one_place():
    assert _norm_place("U.S.") == _norm_place("US") == "us"


def test_a_name_tagged_in_one_article_joins_the_article_that_writes_it_untagged(nlp):  # noqa: F811
    [first] = read(nlp, "At least 36 people have died in the fires on Marrow Island.", article="a")
    [later] = read(nlp, "Police lowered the toll of the Lahaina fire to 97 on Friday.", article="b")
    first = replace(first, topic=frozenset({"lahaina", "marrow island"}))
    later = replace(later, topic=frozenset({"honolulu"}))
    assert _batch_topics([first, later])["b"] == {"honolulu", "lahaina"}


@pytest.mark.parametrize(
    ("sentence", "number", "running"),
    [
        # the year dates the clause that compares, not the figure
        (
            "The death toll from the Kerrow wildfire rose to 80 on Saturday, making it the "
            "deadliest fire in the state since the 2018 Ashby fire.",
            "80",
            True,
        ),
        (
            "The toll already exceeds the 17,000 killed in the 1999 quake near Ashby.",
            "17,000",
            False,
        ),
    ],
)
def test_a_year_makes_another_event_only_in_the_figures_own_clause(
    nlp,  # noqa: F811
    sentence,
    number,
    running,
):
    [m] = [m for m in read(nlp, sentence, published=date(2023, 8, 12)) if number in m.text]
    assert m.running is running


def test_a_relative_clause_says_what_an_object_counts(nlp):  # noqa: F811
    [m] = read(nlp, "The FBI released a list of 388 people who are unaccounted for after the fire.")
    assert m.concept == "missing"


def test_of_a_subject_the_main_verb_says_what_is_counted(nlp):  # noqa: F811
    [m, *_] = read(nlp, "Six soldiers who were injured in the attack have been awarded medals.")
    assert m.concept != "injured"


@pytest.mark.parametrize(
    ("sentence", "number", "concept"),
    [
        ("The army says at least 222 people are being held captive in Marrow.", "222", "hostages"),
        ("The number of hostages held in Marrow has risen to 242.", "242", "hostages"),
        ("Officials say 137 hostages remain in the tunnels of Marrow.", "137", "hostages"),
        # releasing or finding ends the state: a count of releases, not of the held
        (
            "During the pause, 105 hostages were released in exchange for prisoners.",
            "105",
            "releas",
        ),
        ("Rescuers said 12 missing hikers were found alive on Sunday.", "12", "found"),
        # "N times" counts what the verb did
        ("The rebels have attacked ships more than 40 times since mid-November.", "40", "attack"),
    ],
)
def test_what_is_counted_in_the_wording_of_news(nlp, sentence, number, concept):  # noqa: F811
    [m] = [m for m in read(nlp, sentence) if number in m.text]
    assert m.concept == concept


def test_an_earlier_estimate_is_a_figure_of_the_count_the_sentence_names(nlp):  # noqa: F811
    found = read(
        nlp,
        "The army said 199 people were being held hostage in Marrow, up from an earlier "
        "estimate of 155.",
    )
    [earlier] = [m for m in found if m.text == "155"]
    assert earlier.concept == "hostages"
    assert earlier.running


def test_a_share_of_a_group_named_before_is_no_count_of_its_own(nlp):  # noqa: F811
    found = read(
        nlp, "About 130 hostages are still held, at least 25 of whom are thought to have died."
    )
    [share] = [m for m in found if "25" in m.text]
    assert not share.running
    assert share.why_not == "a share"


def parts(nlp, text, numbers):  # noqa: F811
    """The part of each running figure written with one of `numbers`, in their order."""
    found = [m for m in read(nlp, text) if m.running]
    return tuple(next(m.part for m in found if n in m.text) for n in numbers)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        # the total names the places; each place's figure in a sentence of its own
        (
            "The death toll from the earthquake in Peru and Ecuador passed 2,100 on Friday. "
            "In Peru alone, the death toll stood at 1,650 on Friday. In Ecuador, more than 450 "
            "deaths have been reported.",
            ["2,100", "1,650", "450"],
        ),
        # "in the country" after "Peru's agency"; a place that reports
        (
            "The toll from the floods in Peru and Ecuador has climbed to 310. Peru's civil "
            "defence agency said 250 people had been killed in the country, while Ecuador has "
            "reported 60 deaths.",
            ["310", "250", "60"],
        ),
        # "there" stands for the place named before it
        (
            "The death toll from the earthquakes that struck Peru and Ecuador rose above 1,100 "
            "on Wednesday. The president said 880 people had been killed in Peru, while a rescue "
            "service in Ecuador put the toll there at 262.",
            ["1,100", "880", "262"],
        ),
    ],
)
def test_figures_for_the_places_a_total_names_are_its_parts(nlp, text, numbers):  # noqa: F811
    assert parts(nlp, text, numbers) == ("", "peru", "ecuador")


def test_one_place_without_a_total_over_places_makes_no_part(nlp):  # noqa: F811
    text = "In Peru, 250 people have died in the floods since Monday."
    assert parts(nlp, text, ["250"]) == ("",)


def test_a_toll_of_a_new_event_the_article_adds_is_not_the_count(nlp):  # noqa: F811
    found = read(
        nlp,
        "The combined toll has climbed to 47,000, and a new magnitude 6.4 quake hit Hatay "
        "province on Monday evening, killing three people.",
    )
    [total] = [m for m in found if "47,000" in m.text]
    [other] = [m for m in found if m.text == "three"]
    assert total.running
    assert (other.running, other.why_not) == (False, "another event")


def test_another_few_people_are_still_the_count(nlp):  # noqa: F811
    [m] = read(nlp, "Another 12 people remain missing in the province.")
    assert m.running


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("More than 3,000 people have been arrested since mid-April in the protests.", "3,000"),
        ("Police have now detained nearly 2,500 people at protests since April 17.", "2,500"),
        # a dateline the parser reads as the subject: the figure is its apposition
        (
            "NEW YORK (AP) — More than 2,000 people have been arrested at protests on U.S. "
            "campuses since April 17.",
            "2,000",
        ),
    ],
)
def test_arrested_and_detained_are_one_count(nlp, sentence, number):  # noqa: F811
    [m] = [m for m in read(nlp, sentence) if number in m.text]
    assert m.concept == "arrests"


ARRESTS = [
    (
        "n1",
        date(2024, 5, 2),
        "More than 2,000 people have been arrested at protests on U.S. college campuses since "
        "April 17, according to a tally by the Kestrel Wire. At Harwick University, 108 "
        "protesters were arrested on April 18.",
    ),
    (
        "n2",
        date(2024, 5, 10),
        "The number of people arrested at campus protests across the U.S. since April 17 has "
        "reached nearly 2,900. At Dunmore College, 40 people were detained on Tuesday.",
    ),
]


@pytest.fixture(scope="module")
def arrest_mentions(nlp):  # noqa: F811
    return mentions_of(ARRESTS, nlp)


def test_one_place_and_the_same_window_make_one_story(arrest_mentions):
    labels = cluster(arrest_mentions)
    first = by_text(arrest_mentions, "n1", "2,000")
    later = by_text(arrest_mentions, "n2", "2,900")
    assert labels[first.key] is not None
    assert labels[first.key] == labels[later.key]


def test_a_figure_for_a_place_no_other_article_names_is_not_linked(arrest_mentions):
    labels = cluster(arrest_mentions)
    one_campus = by_text(arrest_mentions, "n1", "108")
    assert one_campus.concept == "arrests"
    assert one_campus.local_place == "harwick university"
    assert labels[one_campus.key] is None


def test_an_article_before_a_name_is_dropped():
    assert _norm_place("an Associated Press") == _norm_place("Associated Press")


def test_a_name_before_province_is_a_place_whatever_ner_made_of_it(nlp):  # noqa: F811
    found = parts(
        nlp,
        "The death toll rose to more than 2,000 on Sunday. Most of the dead, 1,293, were in "
        "Al Tamsal province, while 452 people died in Ouarzin province.",
        ["2,000", "1,293", "452"],
    )
    assert found == ("", "al tamsal", "ouarzin")


def test_a_nationality_before_prefecture_is_no_place(nlp):  # noqa: F811
    [m] = read(nlp, "The death toll rose to 213 in the central Japanese prefecture of Ishikawa.")
    assert m.local_place != "japanese"


def test_the_shortlist_takes_counts_in_the_mentions_places_then_the_newest(flood_mentions):
    mention = by_text(flood_mentions, "a3", "63")  # deaths in Valdoria
    place = next(iter(sorted(set(mention.places) | set(mention.topic))))
    far = [CountProfile(key=str(k), counted="deaths", places=("elsewhere",)) for k in range(1, 40)]
    here = [CountProfile(key=str(k), counted="deaths", places=(place,)) for k in (5, 7)]
    window = (
        [CountProfile(key="3", counted="deaths", window_start=date(1999, 1, 1))]
        if mention.window_start is None
        else []
    )
    pool = CountPool([*far, *here, *window])
    picked = [c.key for c in shortlist(mention, pool, limit=5)]
    # The two in its places first (the newer first), then the newest of the rest; a count of
    # another concept never.
    assert picked == ["7", "5", "39", "38", "37"]
    other = CountProfile(key="99", counted="people unaccounted for", places=(place,))
    assert "99" not in [c.key for c in shortlist(mention, [*far, other], limit=50)]
