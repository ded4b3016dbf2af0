"""The count pages: list, new, rename, merge, the timeline, exports, deciding a suggestion."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import CountDecision, Observation, ReviewStatus
from tests.factories import (
    ArticleFactory,
    NumericClaimFactory,
    ObservationFactory,
    OutletFactory,
    SpeakerFactory,
    TrackedCountFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def figure(count, text, value, *, low=None, qualifier="=", day, outlet, editor=None):
    """A claim of `text` in an article of `outlet`, linked to `count` (confirmed by `editor`).
    `low` given: the figure is open above ("over 38" is at least 39)."""
    article = ArticleFactory(
        body=f"Officials said {text} attacks had taken place.",
        outlet=OutletFactory(name=outlet),
        published_on=day,
    )
    claim = NumericClaimFactory(
        article=article,
        text=text,
        value=value,
        lower=value if low is not None else None,
        qualifier=qualifier,
        counted="attacks",
    )
    decided = {"state": "confirmed", "decided_by": editor, "decided_at": timezone.now()}
    return ObservationFactory(
        claim=claim,
        count=count,
        low=low if low is not None else value,
        high=None if low is not None else value,
        as_of=day,
        **(decided if editor else {}),
    )


@pytest.fixture
def series(editor):
    count = TrackedCountFactory(name="attacks on US forces")
    over = figure(
        count,
        "Over 38",
        38,
        low=39,
        qualifier=">",
        day=datetime.date(2023, 11, 6),
        outlet="AP",
        editor=editor,
    )
    later = figure(
        count, "55", 55, day=datetime.date(2023, 11, 14), outlet="Reuters", editor=editor
    )
    return count, over, later


def test_a_count_with_no_observations_renders(client, editor):
    count = TrackedCountFactory()
    client.force_login(editor)
    response = client.get(reverse("claims:count-detail", args=[count.pk]))
    assert response.status_code == 200
    assert b"No figures are linked to this count yet" in response.content
    assert b"none confirmed yet" in response.content


def test_the_timeline_shows_every_figure_with_its_source_and_the_best_current_one(
    client, editor, series
):
    count, over, later = series
    client.force_login(editor)
    response = client.get(reverse("claims:count-detail", args=[count.pk]))
    page = response.content.decode()
    assert '<svg id="count-chart"' in page
    assert page.count('class="marker"') == 2
    assert "open-band" in page  # "over 38" has no upper bound
    assert "AP" in page and "Reuters" in page
    assert f'id="observation-{over.pk}"' in page and f'id="observation-{later.pk}"' in page
    assert "Best current figure" in page and "<strong>55</strong>" in page


def test_the_preferred_source_gives_the_best_figure(client, editor, series):
    count, over, _ = series
    count.preferred_outlet = over.claim.article.outlet
    count.save()
    client.force_login(editor)
    page = client.get(reverse("claims:count-detail", args=[count.pk])).content.decode()
    assert "<strong>at least 39</strong>" in page


def test_a_regression_is_flagged_in_words_on_the_timeline(client, editor, series):
    count, _, _ = series
    figure(count, "30", 30, day=datetime.date(2023, 11, 21), outlet="Reuters", editor=editor)
    client.force_login(editor)
    page = client.get(reverse("claims:count-detail", args=[count.pk])).content.decode()
    assert "Regression." in page and "only grows" in page


def test_rejecting_a_claim_takes_it_off_the_chart_and_keeps_its_history(client, editor, series):
    count, over, later = series
    services.review_item(later.claim, reviewer=editor, decision=ReviewStatus.REJECTED)
    client.force_login(editor)
    page = client.get(reverse("claims:count-detail", args=[count.pk])).content.decode()
    assert page.count('class="marker"') == 1
    assert "number rejected: off the chart" in page
    assert later.claim.decisions.filter(to_state="rejected").exists()
    assert Observation.objects.get(pk=later.pk).state == "confirmed"


def test_htmx_gets_only_the_timeline(client, editor, series):
    count, _, _ = series
    client.force_login(editor)
    response = client.get(
        reverse("claims:count-detail", args=[count.pk]),
        headers={**HTMX, "HX-Target": "count-timeline"},
    )
    assert b"<html" not in response.content
    assert response.content.lstrip().startswith(b'<section id="count-timeline"')
    assert "HX-Request" in response["Vary"]


def test_the_count_list_and_its_htmx_table(client, editor, series):
    client.force_login(editor)
    page = client.get(reverse("claims:count-list"), {"q": "US forces"})
    assert b"attacks on US forces" in page.content
    fragment = client.get(reverse("claims:count-list"), {"q": "nothing"}, headers=HTMX)
    assert b"<html" not in fragment.content and b"No count matches" in fragment.content


def test_an_editor_starts_a_count_from_a_form(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:count-new"),
        {"name": "people missing", "places": "Ishikawa", "window_start": "2024-01-01"},
    )
    count = CountDecision.objects.get(action="create").count
    assert response.status_code == 302 and response["Location"] == count.get_absolute_url()
    assert count.only_grows is False  # an unticked box: may go down
    assert client.post(reverse("claims:count-new"), {"name": ""}).status_code == 400


def test_rename_by_htmx_returns_the_head_and_a_stale_form_gets_409(client, editor, series):
    count, _, _ = series
    client.force_login(editor)
    url = reverse("claims:count-rename", args=[count.pk])
    ok = client.post(url, {"name": "attacks on bases", "version": 1}, headers=HTMX)
    assert ok.status_code == 200 and b'id="count-head"' in ok.content
    assert b"<html" not in ok.content
    stale = client.post(url, {"name": "other", "version": 1}, headers=HTMX)
    assert stale.status_code == 409
    count.refresh_from_db()
    assert count.name == "attacks on bases"


def test_merge_redirects_to_the_count_that_stays(client, editor, series):
    count, _, _ = series
    other = TrackedCountFactory()
    client.force_login(editor)
    response = client.post(
        reverse("claims:count-merge", args=[other.pk]), {"into": count.pk, "version": 1}
    )
    assert response.status_code == 302 and response["Location"] == count.get_absolute_url()
    other.refresh_from_db()
    assert other.merged_into == count


def test_a_total_cannot_be_merged_into_a_part_of_its_part(client, editor):
    """Its parts follow it: the part's part would become the total of its own total."""
    total = TrackedCountFactory(name="total")
    part = TrackedCountFactory(name="part", parent=total)
    deeper = TrackedCountFactory(name="part of the part", parent=part)
    client.force_login(editor)
    response = client.post(
        reverse("claims:count-merge", args=[total.pk]), {"into": deeper.pk, "version": 1}
    )
    assert response.status_code == 400
    assert b"a total cannot be merged into its part" in response.content
    for count in (total, part, deeper):
        count.refresh_from_db()
    assert total.merged_into is None and total.version == 1
    assert part.parent == total and deeper.parent == part
    assert not CountDecision.objects.filter(action=CountDecision.Action.MERGE).exists()


@pytest.mark.parametrize("day", [datetime.date.min, datetime.date.max])
def test_the_timeline_of_one_figure_on_the_first_or_last_calendar_day(client, editor, day):
    """A chart of one date widens it by a day each side; there is none before 1 Jan of year 1
    (an API ingest may say published_on 0001-01-01) or after 31 Dec 9999."""
    count = TrackedCountFactory(name="attacks")
    figure(count, "150", 150, day=day, outlet="Wire", editor=editor)
    client.force_login(editor)
    response = client.get(reverse("claims:count-detail", args=[count.pk]))
    assert response.status_code == 200
    assert b"<svg" in response.content


def test_confirming_from_the_review_card_swaps_the_card(client, editor):
    observation = ObservationFactory()
    client.force_login(editor)
    response = client.post(
        reverse("claims:observation-decide", args=[observation.pk]),
        {"state": "confirmed", "version": 1},
        headers={**HTMX, "HX-Target": "review-card"},
    )
    assert response.status_code == 200
    assert response.content.lstrip().startswith(b'<section id="review-card"')
    assert b"Confirmed:" in response.content
    observation.refresh_from_db()
    assert observation.state == "confirmed" and observation.decided_by == editor
    again = client.post(
        reverse("claims:observation-decide", args=[observation.pk]),
        {"state": "rejected", "version": 1},
        headers={**HTMX, "HX-Target": f"card-claim-{observation.claim_id}"},
    )
    assert again.status_code == 409
    assert f'id="card-claim-{observation.claim_id}"'.encode() in again.content


def test_the_review_card_offers_the_suggestion_with_its_keys(client, editor, series):
    count, _, _ = series
    suggestion = figure(count, "30", 30, day=datetime.date(2023, 11, 21), outlet="Reuters")
    client.force_login(editor)
    url = reverse("claims:review-queue") + f"?item=claim-{suggestion.claim_id}"
    page = client.get(url).content.decode()
    assert "Part of" in page and "attacks on US forces" in page
    assert "55 on 14 Nov → " in page
    assert 'data-key="c"' in page and 'data-key="x"' in page
    assert "Regression." in page


def test_the_article_page_shows_counts_and_flags(client, editor, series):
    count, _, _ = series
    suggestion = figure(count, "30", 30, day=datetime.date(2023, 11, 21), outlet="Reuters")
    client.force_login(editor)
    page = client.get(reverse("claims:article-detail", args=[suggestion.claim.article_id]))
    assert b"attacks on US forces" in page.content and b"Regression." in page.content


def test_exports_of_a_count(client, editor, series):
    count, over, later = series
    client.force_login(editor)
    csv = b"".join(
        client.get(reverse("claims:count-export-csv", args=[count.pk])).streaming_content
    )
    lines = csv.decode().splitlines()
    assert lines[0].startswith("observation_id,as_of,text")
    assert len(lines) == 3 and "Over 38" in lines[1]
    document = json.loads(client.get(reverse("claims:count-export-json", args=[count.pk])).content)
    assert document["count"]["name"] == "attacks on US forces"
    assert [o["text"] for o in document["observations"]] == ["Over 38", "55"]


def test_the_speaker_page_lists_the_figures_the_speaker_used(client, editor, series):
    count, over, _ = series
    speaker = SpeakerFactory()
    over.claim.claimant = speaker
    over.claim.save()
    client.force_login(editor)
    page = client.get(speaker.get_absolute_url()).content.decode()
    assert "Figures in counts" in page and "attacks on US forces" in page


@pytest.mark.parametrize(
    "name,args",
    [("claims:count-list", []), ("claims:count-detail", [1]), ("claims:count-new", [])],
)
def test_anonymous_users_are_sent_to_log_in(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "method,name",
    [
        ("post", "claims:count-detail"),
        ("get", "claims:count-rename"),
        ("get", "claims:count-merge"),
        ("get", "claims:observation-decide"),
        ("post", "claims:count-export-json"),
    ],
)
def test_the_wrong_method_gets_405(client, editor, method, name):
    client.force_login(editor)
    response = getattr(client, method)(reverse(name, args=[1]))
    assert response.status_code == 405
