"""Each flag rule on a small invented record, and the cases that must stay quiet."""

from datetime import date
from decimal import Decimal

import pytest

from claims.counts.flags import Observation, flags
from claims.counts.intervals import interval_of


def obs(key, text, day, *, qualifier="=", source="Pentagon", article=None, published=None, **kw):
    """An observation of `text` ("more than 38") as of `day` ("11-06" in 2023)."""
    digits = "".join(ch for ch in text.split()[-1] if ch.isdigit())
    as_of = date.fromisoformat(f"2023-{day}") if day else None
    interval = interval_of(
        text=text, qualifier=qualifier, value=int(digits), lower=int(digits), upper=int(digits)
    )
    return Observation(
        key=key,
        as_of=as_of,
        interval=interval,
        source=source,
        text=text,
        qualifier=qualifier,
        published=published or as_of,
        article=article or key,
        **kw,
    )


def rules(found):
    return sorted((f.rule, f.keys) for f in found)


@pytest.mark.parametrize(
    ("record", "only_grows", "expected"),
    [
        pytest.param(
            [obs("a", "over 38", "11-06"), obs("b", "55", "11-14"), obs("c", "30", "11-21")],
            True,
            [("regression", ("b", "c"))],
            id="a later figure below an earlier one",
        ),
        pytest.param(
            [obs("a", "55", "11-14"), obs("b", "30", "11-21", source="a militia's channel")],
            True,
            [("divergence", ("a", "b"))],
            id="the same drop from another source is a divergence",
        ),
        pytest.param(
            [obs("a", "55", "11-14", definition="attacks claimed"), obs("b", "30", "11-21")],
            True,
            [("regression", ("a", "b"))],
            id="a definition on one side only is no difference",
        ),
        pytest.param(
            [obs("a", "120", "01-09"), obs("b", "102", "01-10"), obs("c", "52", "01-11")],
            False,
            [],
            id="a count that may go down raises no regression",
        ),
        pytest.param(
            [obs("a", "37", "01-11", source="police"), obs("b", "52", "01-11", source="TV")],
            False,
            [("same_day", ("a", "b"))],
            id="two articles with different figures for one day",
        ),
        pytest.param(
            [obs("a", "180", "01-09", article="x"), obs("b", "202", "01-09", article="x")],
            True,
            [],
            id="one article telling an update within a day",
        ),
        pytest.param(
            [obs("a", "more than 200", "01-06", qualifier=">"), obs("b", "210", "01-06")],
            False,
            [],
            id="a floor and a figure above it agree",
        ),
        pytest.param(
            [obs("a", "more than 100", "02-01", qualifier=">"), obs("b", "100", "02-03")],
            True,
            [("more_than_then_exact", ("a", "b"))],
            id="more than X, then exactly X",
        ),
        pytest.param(
            [obs("a", "more than 100", "02-01", qualifier=">"), obs("b", "100", "02-03")],
            False,
            [("more_than_then_exact", ("a", "b"))],
            id="more than X then X, for a count that may go down too",
        ),
        pytest.param(
            [
                obs("a", "55", "11-14", published=date(2023, 11, 14)),
                obs("b", "38", "11-06", published=date(2023, 11, 20)),
            ],
            True,
            [("stale", ("a", "b"))],
            id="an old figure published after a higher one",
        ),
        pytest.param(
            [
                obs("a", "55", "11-14", window_start=date(2023, 10, 17)),
                obs("b", "38", "11-16", window_start=date(2023, 11, 1)),
            ],
            True,
            [],
            id="a different window start is a different count",
        ),
    ],
)
def test_flag_rules(record, only_grows, expected):
    assert rules(flags(record, only_grows=only_grows)) == expected


def test_parts_that_exceed_their_total_are_flagged():
    record = [
        obs("total", "60", "01-02", article="x"),
        obs("north", "31", "01-02", article="x", part="North", breakdown="place"),
        obs("south", "32", "01-02", article="x", part="South", breakdown="place"),
    ]
    [flag] = flags(record, only_grows=True)
    assert flag.rule == "parts_sum"
    assert flag.keys == ("total", "north", "south")
    assert "63" in flag.explanation


def test_parts_split_two_ways_are_summed_separately():
    record = [
        obs("total", "60", "01-02", article="x"),
        obs("north", "31", "01-02", article="x", part="North", breakdown="place"),
        obs("south", "29", "01-02", article="x", part="South", breakdown="place"),
        obs("later", "14", "01-02", article="x", part="indirect", breakdown="kind"),
    ]
    assert flags(record, only_grows=True) == []


def test_a_part_is_compared_with_itself_not_with_the_total():
    record = [
        obs("total", "64", "01-02"),
        obs("north", "31", "01-05", part="North"),
        obs("north2", "29", "01-07", part="North"),
    ]
    assert rules(flags(record, only_grows=True)) == [("regression", ("north", "north2"))]


def test_the_explanation_names_figures_dates_and_sources():
    record = [obs("a", "over 38", "11-06", source="CENTCOM"), obs("b", "30", "11-21")]
    [flag] = flags(record, only_grows=True)
    assert flag.rule == "divergence"
    assert '"30" on 21 Nov 2023 (Pentagon)' in flag.explanation
    assert '"over 38" ([39, open]) on 6 Nov 2023 (CENTCOM)' in flag.explanation
    assert Decimal(39) == record[0].interval.low


def test_one_flag_per_offending_figure():
    record = [obs("a", "40", "11-06"), obs("b", "50", "11-07"), obs("c", "20", "11-08")]
    assert rules(flags(record, only_grows=True)) == [("regression", ("b", "c"))]


def test_a_stale_figure_names_the_newest_higher_figure_published_before_it():
    # "38" as of 6 Nov, published on 20 Nov: by then 40 (8 Nov), 55 (14 Nov) and 62 (14 Nov)
    # were on record; 70 came out later and 20 is lower, so neither counts. It names 62: the
    # latest date first, then the highest figure.
    record = [
        obs("early", "40", "11-08", published=date(2023, 11, 8)),
        obs("mid", "55", "11-14", published=date(2023, 11, 14)),
        obs("top", "62", "11-14", published=date(2023, 11, 15)),
        obs("lower", "20", "11-03", published=date(2023, 11, 3)),
        obs("stale", "38", "11-06", published=date(2023, 11, 20)),
        obs("later", "70", "11-25", published=date(2023, 11, 25)),
    ]
    stale = [f for f in flags(record, only_grows=True) if f.rule == "stale"]
    assert [f.keys for f in stale] == [("top", "stale")]
    assert '"62" on 14 Nov 2023' in stale[0].explanation
