"""As-of dates: what the sentence states or implies, resolved against the publication date."""

from datetime import date

import pytest

from claims.counts.dates import as_of

FRIDAY = date(2024, 3, 8)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The toll rose to 94, the regional government said.", FRIDAY),
        ("The toll rose to 94, the regional government said Friday.", FRIDAY),
        ("The toll rose to 94 on Wednesday.", date(2024, 3, 6)),
        ("As of 2 p.m. Saturday, 210 people were unaccounted for.", date(2024, 3, 2)),
        ("The toll from Monday's landslide rose to 94.", FRIDAY),
        ("Last week, the ministry said the number was 34.", date(2024, 3, 1)),
        ("The figure stood at 12 yesterday.", date(2024, 3, 7)),
        ("Officials counted 61 as of March 3.", date(2024, 3, 3)),
        ("Officials counted 61 as of Mar. 3.", date(2024, 3, 3)),
        ("Officials counted 61 on 3 March.", date(2024, 3, 3)),
        ("Officials counted 61 on Dec. 30.", date(2023, 12, 30)),
        ("Officials counted 61 by Jan. 30, 2022.", date(2022, 1, 30)),
        ("The March 1 storm has killed 61 people.", FRIDAY),
        ("There have been 40 attacks since Monday.", FRIDAY),
        ("There have been 40 attacks since March 1.", FRIDAY),
    ],
)
def test_as_of_reads_the_sentence(sentence, expected):
    assert as_of(sentence, published=FRIDAY) == expected


def test_without_a_publication_date_weekdays_cannot_be_resolved():
    assert as_of("The toll rose to 94 on Wednesday.", published=None) is None


def test_without_a_publication_date_a_full_date_still_counts():
    assert as_of("The toll was 94 as of Jan. 9, 2024.", published=None) == date(2024, 1, 9)


def test_context_lends_a_year_when_there_is_no_publication_date():
    got = as_of("The toll was 94 as of Jan. 9.", published=None, context="Published 2024.")
    assert got == date(2024, 1, 9)


def test_the_day_nearest_the_figure_wins():
    sentence = "After 12 on Monday, the toll reached 20 on Wednesday."
    assert as_of(sentence, published=FRIDAY, near=sentence.index("12")) == date(2024, 3, 4)
    assert as_of(sentence, published=FRIDAY, near=sentence.index("20")) == date(2024, 3, 6)
