"""The issue's interval conventions, one row per way of writing a figure."""

from decimal import Decimal

import pytest

from claims.counts.intervals import Interval, convention, interval_of

D = Decimal


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "lower", "upper", "expected"),
    [
        ("38", "=", 38, 38, 38, (38, 38)),
        ("Thirty-four", "=", 34.0, 34.0, 34.0, (34, 34)),
        ("at least 46", ">=", 46, 46, None, (46, None)),
        ("reached 200", "=", 200, 200, 200, (200, None)),
        ("more than 160", ">", 160, 160, None, (161, None)),
        ("Over 38", ">", 38, 38, None, (39, None)),
        ("topped 100", "=", 100, 100, 100, (101, None)),
        ("nearly 3,500", "~", 3500, 3500, 3500, (3150, 3499)),
        ("almost 70", "~", 70, 70, 70, (63, 69)),
        ("about 110", "~", 110, 110, 110, (99, 121)),
        ("around 66,000", "~", 66000, 66000, 66000, (59400, 72600)),
        ("some 200", "~", 200, 200, 200, (180, 220)),
        ("around two-dozen", "~", 24, 24, 24, (22, 26)),
        ("up to 7", "<=", 7, None, 7, (None, 7)),
        ("fewer than 20", "<", 20, None, 20, (None, 19)),
        ("dozens", "~", None, 24, 144, (24, None)),
        ("hundreds", "~", None, 100, 1000, (200, None)),
        ("tens of thousands", "~", None, 10000, 100000, (20000, None)),
        ("12 to 15", "=", None, 12, 15, (12, 15)),
        ("between 5 and 9", "range", None, 5, 9, (5, 9)),
        ("40 or more", ">=", 40, 40, None, (40, None)),
    ],
)
def test_interval_follows_the_convention(text, qualifier, value, lower, upper, expected):
    got = interval_of(text=text, qualifier=qualifier, value=value, lower=lower, upper=upper)
    low, high = expected
    assert got == Interval(None if low is None else D(low), None if high is None else D(high))


def test_more_than_a_measure_does_not_add_one():
    got = interval_of(text="more than 7.5", qualifier=">", value=7.5, lower=7.5, upper=None)
    assert got == Interval(D("7.5"), None)


def test_more_than_a_percentage_does_not_add_one():
    got = interval_of(
        text="more than 40%", qualifier=">", value=40, lower=40, upper=None, counted="percent"
    )
    assert got == Interval(D(40), None)


@pytest.mark.parametrize(
    ("text", "qualifier", "name"),
    [
        ("more than 100", "=", "more_than"),
        ("At least 232", ">=", "at_least"),
        ("About 110", "~", "about"),
        ("110", "~", "about"),
        ("110", "=", "exact"),
        ("some 31", "=", "about"),
    ],
)
def test_the_words_pick_the_convention_before_the_stored_qualifier(text, qualifier, name):
    assert convention(text, qualifier) == name


@pytest.mark.parametrize(
    ("a", "b", "overlaps", "below"),
    [
        (Interval(D(1), D(5)), Interval(D(5), D(9)), True, False),
        (Interval(D(1), D(4)), Interval(D(5), None), False, True),
        (Interval(None, D(4)), Interval(D(5), D(6)), False, True),
        (Interval(D(7), None), Interval(D(5), D(6)), False, False),
        (Interval(None, None), Interval(D(5), D(6)), True, False),
    ],
)
def test_intervals_compare_on_their_bounds(a, b, overlaps, below):
    assert a.overlaps(b) is overlaps
    assert a.below(b) is below


def test_an_interval_reads_as_a_figure():
    assert str(Interval(D(1200), D(1200))) == "1,200"
    assert str(Interval(D(39), None)) == "[39, open]"


def test_a_stored_interval_reads_without_the_columns_decimal_places():
    # The database keeps six decimal places: what comes back is Decimal("39.000000").
    assert str(Interval(D("39.000000"), None)) == "[39, open]"
    assert str(Interval(D("1400.000000"), D("1400.000000"))) == "1,400"
    assert str(Interval(D("2.500000"), D("3.750000"))) == "[2.5, 3.75]"
