"""Proposed counts: numbers of several articles that count the same thing in the same places,
in no count yet, are offered on the counts page; an editor starts one in one action."""

import datetime

import pytest
from django.urls import reverse

from claims import services
from claims.models import CountDecision, Observation, ReviewStatus, TrackedCount
from tests.factories import ArticleFactory, NumericClaimFactory, ObservationFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
OVER_38 = "Over 38 attacks have taken place against US facilities in Iraq and Syria."
FIFTY_FIVE = "US forces in Iraq and Syria have come under 55 attacks, the Pentagon said."
ELSEWHERE = "Police in Ohio said 12 arrests were made at the rally."


def number(sentence: str, text: str, value: int, counted: str, day: datetime.date, **kwargs):
    article = ArticleFactory(body=f"{sentence} More follows.", published_on=day)
    start = sentence.index(text)
    return NumericClaimFactory(
        article=article,
        text=text,
        start=start,
        end=start + len(text),
        value=value,
        lower=value,
        qualifier=">=",
        counted=counted,
        sentence=sentence,
        sentence_start=0,
        sentence_end=len(sentence),
        **kwargs,
    )


@pytest.fixture
def two_reports():
    first = number(OVER_38, "38", 38, "attacks", datetime.date(2023, 11, 6))
    second = number(FIFTY_FIVE, "55", 55, "attacks", datetime.date(2023, 11, 14))
    number(ELSEWHERE, "12", 12, "arrests", datetime.date(2023, 11, 14))
    return first, second


def test_numbers_of_two_articles_counting_one_thing_in_one_place_are_proposed(
    client, editor, two_reports
):
    first, second = two_reports
    client.force_login(editor)
    page = client.get(reverse("claims:count-list")).content.decode()
    assert "Proposed counts" in page
    assert "attacks in US, Iraq and Syria" in page
    assert "2 figures in 2 articles" in page
    assert f'value="{first.pk}"' in page and f'value="{second.pk}"' in page
    assert "arrests" not in page.split('id="count-table"')[0]  # one article only: no proposal


def test_an_editor_starts_a_proposed_count_and_its_figures_arrive_as_suggestions(
    client, editor, two_reports
):
    first, second = two_reports
    client.force_login(editor)
    response = client.post(
        reverse("claims:count-propose"),
        {
            "name": "attacks on US forces in Iraq and Syria",
            "places": "Iraq, Syria",
            "claims": [first.pk, second.pk],
        },
    )
    count = TrackedCount.objects.get()
    assert response.status_code == 302 and response["Location"] == count.get_absolute_url()
    assert count.name == "attacks on US forces in Iraq and Syria"
    assert count.places == "Iraq, Syria" and count.only_grows is True
    figures = Observation.objects.filter(count=count)
    assert {o.claim_id for o in figures} == {first.pk, second.pk}
    assert {o.state for o in figures} == {"suggested"}  # nothing linked without an editor
    [created] = CountDecision.objects.filter(count=count)
    assert created.action == "create" and created.actor == editor
    assert created.note == "Proposed from 2 figures in 2 articles."
    page = client.get(count.get_absolute_url()).content.decode()
    assert page.count(">Confirm</button>") == 2
    assert "Proposed counts" not in client.get(reverse("claims:count-list")).content.decode()


def test_numbers_already_in_a_count_or_rejected_are_not_proposed(client, editor, two_reports):
    first, second = two_reports
    third = number(
        "Iraq and Syria saw 61 attacks on US bases.",
        "61",
        61,
        "attacks",
        datetime.date(2023, 11, 20),
    )
    ObservationFactory(claim=first)
    services.review_item(second, reviewer=editor, decision=ReviewStatus.REJECTED)
    client.force_login(editor)
    page = client.get(reverse("claims:count-list")).content.decode()
    assert "Proposed counts" not in page  # only the third is left: one article
    assert f'value="{third.pk}"' not in page


def test_a_fact_checker_sees_proposals_but_cannot_start_one(client, fact_checker, two_reports):
    first, second = two_reports
    client.force_login(fact_checker)
    page = client.get(reverse("claims:count-list")).content.decode()
    assert "attacks in US, Iraq and Syria" in page and "Start this count" not in page
    response = client.post(
        reverse("claims:count-propose"),
        {"name": "attacks", "places": "", "claims": [first.pk, second.pk]},
    )
    assert response.status_code == 403 and not TrackedCount.objects.exists()


@pytest.mark.parametrize(
    "data,message",
    [
        ({"name": "", "claims": "FIRST"}, "This field is required"),
        ({"name": "attacks", "claims": "999999"}, "Select a valid choice"),
        ({"name": "attacks", "claims": "9" * 30}, "is not the number of a figure"),
        ({"name": "attacks", "claims": [str(n) for n in range(1, 40)]}, "at most 30 figures"),
        ({"name": "attacks", "claims": "x"}, "is not the number of a figure"),
        ({"name": "attacks", "claims": "²"}, "is not the number of a figure"),
        ({"name": "attacks"}, "This field is required"),
    ],
)
def test_a_bad_proposal_is_400_and_creates_nothing(client, editor, two_reports, data, message):
    first, _ = two_reports
    if data.get("claims") == "FIRST":
        data = {**data, "claims": first.pk}
    client.force_login(editor)
    response = client.post(reverse("claims:count-propose"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not TrackedCount.objects.exists() and not Observation.objects.exists()


def test_a_proposal_whose_number_was_rejected_meanwhile_is_refused_in_place(
    client, editor, two_reports
):
    first, second = two_reports
    services.review_item(second, reviewer=editor, decision=ReviewStatus.REJECTED)
    client.force_login(editor)
    response = client.post(
        reverse("claims:count-propose"),
        {"name": "attacks", "places": "Iraq", "claims": [first.pk, second.pk]},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert response.content.lstrip().startswith(b'<section id="count-proposals"')
    assert b"rejected meanwhile" in response.content
    assert not TrackedCount.objects.exists() and not Observation.objects.exists()


def test_an_htmx_start_sends_the_browser_to_the_new_count(client, editor, two_reports):
    first, second = two_reports
    client.force_login(editor)
    response = client.post(
        reverse("claims:count-propose"),
        {"name": "attacks", "places": "Iraq", "claims": [first.pk, second.pk]},
        headers=HTMX,
    )
    count = TrackedCount.objects.get()
    assert response.status_code == 200 and response["HX-Redirect"] == count.get_absolute_url()


def test_the_table_fragment_leaves_out_the_proposals(client, editor, two_reports):
    client.force_login(editor)
    fragment = client.get(reverse("claims:count-list"), headers=HTMX).content.decode()
    assert fragment.lstrip().startswith('<div id="count-table"')
    assert "Proposed counts" not in fragment


def test_the_anonymous_user_is_sent_to_log_in_and_a_get_is_405(client, editor):
    response = client.post(reverse("claims:count-propose"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(editor)
    assert client.get(reverse("claims:count-propose")).status_code == 405
