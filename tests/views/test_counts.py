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
        ("get", "claims:count-edit"),
        ("get", "claims:observation-decide"),
        ("post", "claims:count-export-json"),
    ],
)
def test_the_wrong_method_gets_405(client, editor, method, name):
    client.force_login(editor)
    response = getattr(client, method)(reverse(name, args=[1]))
    assert response.status_code == 405


# --- editing a count's fields ------------------------------------------------------------------


def edit_form(count, **changes):
    """The edit form as the page fills it in for `count`, with `changes` typed over it."""
    data = {
        "name": count.name,
        "places": count.places,
        "window_start": count.window_start.isoformat() if count.window_start else "",
        "unit": count.unit,
        "definition": count.definition,
        "preferred_outlet": count.preferred_outlet_id or "",
        "preferred_speaker": count.preferred_speaker.name if count.preferred_speaker else "",
        "parent": count.parent_id or "",
        "version": count.version,
        **({"only_grows": "on"} if count.only_grows else {}),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_page_offers_the_edit_form_filled_in(client, editor):
    count = TrackedCountFactory(name="people missing", places="Ishikawa", unit="people")
    client.force_login(editor)
    page = client.get(reverse("claims:count-detail", args=[count.pk])).content.decode()
    assert 'id="count-edit"' in page
    assert 'name="places"' in page and 'value="Ishikawa"' in page and 'value="people"' in page


def test_an_editor_changes_every_field_and_one_history_row_says_what_changed(client, editor):
    total = TrackedCountFactory(name="attacks on US forces")
    count = TrackedCountFactory(name="attacks in Iraq")
    outlet = OutletFactory(name="Pentagon briefings")
    client.force_login(editor)
    data = edit_form(
        count,
        name="attacks on US forces in Iraq",
        places="Iraq",
        window_start="2023-10-17",
        only_grows=None,  # unticked: may go down
        unit="attacks",
        definition="Drone and rocket attacks claimed or confirmed.",
        preferred_outlet=outlet.pk,
        parent=total.pk,
        note="per the Pentagon's definition",
    )
    response = client.post(reverse("claims:count-edit", args=[count.pk]), data)
    assert response.status_code == 302 and response["Location"] == count.get_absolute_url()
    count.refresh_from_db()
    assert count.name == "attacks on US forces in Iraq" and count.places == "Iraq"
    assert count.window_start == datetime.date(2023, 10, 17) and count.only_grows is False
    assert count.unit == "attacks" and count.definition.startswith("Drone")
    assert count.preferred_outlet == outlet and count.parent == total
    assert count.version == 2 and count.concept == "attack"
    [decision] = CountDecision.objects.filter(count=count, action=CountDecision.Action.EDIT)
    assert decision.actor == editor and decision.note == "per the Pentagon's definition"
    assert decision.item_version == 2
    assert decision.changes == {
        "name": ["attacks in Iraq", "attacks on US forces in Iraq"],
        "places": ["", "Iraq"],
        "window_start": [None, "2023-10-17"],
        "only_grows": [True, False],
        "unit": ["", "attacks"],
        "definition": ["", "Drone and rocket attacks claimed or confirmed."],
        "preferred_outlet": [None, outlet.pk],
        "parent": [None, total.pk],
    }
    page = client.get(count.get_absolute_url()).content.decode()
    assert "Edited" in page and "window start “—” → “2023-10-17”" in page
    total_page = client.get(total.get_absolute_url()).content.decode()
    assert "attacks on US forces in Iraq" in total_page  # listed among the total's parts


def test_a_stale_edit_form_gets_409_and_changes_nothing(client, editor):
    count = TrackedCountFactory(places="Iraq")
    client.force_login(editor)
    url = reverse("claims:count-edit", args=[count.pk])
    first = edit_form(count, places="Iraq, Syria")
    assert client.post(url, first).status_code == 302
    stale = client.post(url, edit_form(count, places="Syria"), headers=HTMX)  # still version 1
    assert stale.status_code == 409
    assert b'id="count-head"' in stale.content and b"<html" not in stale.content
    assert "changed while you were looking at it" in stale.content.decode()
    count.refresh_from_db()
    assert count.places == "Iraq, Syria" and count.version == 2
    assert CountDecision.objects.filter(count=count, action="edit").count() == 1


def test_an_htmx_edit_reloads_the_page_since_flags_and_chart_may_change(client, editor, series):
    count, _, _ = series
    client.force_login(editor)
    response = client.post(
        reverse("claims:count-edit", args=[count.pk]),
        edit_form(count, only_grows=None),
        headers=HTMX,
    )
    assert response.status_code == 200 and response["HX-Redirect"] == count.get_absolute_url()
    count.refresh_from_db()
    assert count.only_grows is False


@pytest.mark.parametrize(
    "changes,message",
    [
        ({}, "Nothing was changed"),
        ({"name": "   "}, "This field is required"),
        ({"window_start": "17 October"}, "Enter a valid date"),
        ({"preferred_speaker": "Nobody Atall"}, "No speaker is called"),
        ({"parent": 999999}, "Select a valid choice"),
        ({"parent": "9" * 30}, "Select a valid choice"),
        ({"name": "x" * 301}, "at most 300 characters"),
        ({"version": "x"}, "Enter a whole number"),
    ],
)
def test_bad_edits_are_400_with_the_reason_and_change_nothing(client, editor, changes, message):
    count = TrackedCountFactory(places="Iraq")
    client.force_login(editor)
    response = client.post(
        reverse("claims:count-edit", args=[count.pk]), edit_form(count, **changes)
    )
    assert response.status_code == 400 and message in response.content.decode()
    count.refresh_from_db()
    assert count.version == 1 and count.places == "Iraq"
    assert not CountDecision.objects.filter(count=count).exists()


def test_both_preferred_sources_at_once_are_refused(client, editor):
    count = TrackedCountFactory()
    speaker = SpeakerFactory()
    client.force_login(editor)
    data = edit_form(count, preferred_outlet=OutletFactory().pk, preferred_speaker=speaker.name)
    response = client.post(reverse("claims:count-edit", args=[count.pk]), data)
    assert (
        response.status_code == 400 and "Choose one preferred source" in response.content.decode()
    )
    count.refresh_from_db()
    assert count.preferred_outlet is None and count.preferred_speaker is None


def test_a_count_cannot_become_a_part_of_itself_or_of_its_own_part(client, editor):
    total = TrackedCountFactory(name="total")
    part = TrackedCountFactory(name="part", parent=total)
    deeper = TrackedCountFactory(name="part of the part", parent=part)
    client.force_login(editor)
    url = reverse("claims:count-edit", args=[total.pk])
    itself = client.post(url, edit_form(total, parent=total.pk))
    assert itself.status_code == 400  # not offered: the form's choices exclude it
    loop = client.post(url, edit_form(total, parent=deeper.pk))
    assert loop.status_code == 400 and "is a part of this count" in loop.content.decode()
    total.refresh_from_db()
    assert total.parent is None and total.version == 1


def test_a_merged_count_cannot_be_edited(client, editor):
    gone, stays = TrackedCountFactory(), TrackedCountFactory()
    services.merge_counts(gone, into=stays, actor=editor)
    gone.refresh_from_db()
    client.force_login(editor)
    response = client.post(
        reverse("claims:count-edit", args=[gone.pk]), edit_form(gone, places="Gaza")
    )
    assert (
        response.status_code == 400 and "was merged into another count" in response.content.decode()
    )
    gone.refresh_from_db()
    assert gone.places == ""


def test_a_fact_checker_may_not_edit_a_count(client, fact_checker):
    count = TrackedCountFactory()
    client.force_login(fact_checker)
    response = client.post(
        reverse("claims:count-edit", args=[count.pk]), edit_form(count, places="Gaza")
    )
    assert response.status_code == 403
    count.refresh_from_db()
    assert count.places == "" and not CountDecision.objects.exists()


def test_renaming_through_the_edit_form_suggests_the_count_for_numbers_like_it(client, editor):
    count = TrackedCountFactory(name="rockets")
    claim = NumericClaimFactory(counted="people injured")
    client.force_login(editor)
    client.post(reverse("claims:count-edit", args=[count.pk]), edit_form(count, name="injured"))
    observation = Observation.objects.get(claim=claim, count=count)
    assert observation.state == "suggested"


# --- a figure's definition note ----------------------------------------------------------------


def test_a_definition_note_turns_a_regression_into_a_divergence(client, editor, series):
    count, _, later = series
    count.definition = "every attack on US forces in Iraq and Syria"
    count.save()
    lower = figure(
        count, "30", 30, day=datetime.date(2023, 11, 21), outlet="Reuters", editor=editor
    )
    client.force_login(editor)
    page = client.get(count.get_absolute_url()).content.decode()
    assert "Regression." in page and "Divergence." not in page
    response = client.post(
        reverse("claims:observation-note", args=[lower.pk]),
        {"definition": "attacks on bases in Iraq only", "version": lower.version},
        headers={**HTMX, "HX-Target": "count-timeline"},
    )
    assert response.status_code == 200
    assert response.content.lstrip().startswith(b'<section id="count-timeline"')
    page = response.content.decode()
    assert "Divergence." in page and "The definitions differ" in page
    assert "Regression." not in page
    lower.refresh_from_db()
    assert lower.definition == "attacks on bases in Iraq only" and lower.version == 2
    [note] = CountDecision.objects.filter(observation=lower, action="edit")
    assert note.changes == {"definition": ["", "attacks on bases in Iraq only"]}
    assert note.actor == editor and note.item_version == 2


def test_a_stale_definition_note_gets_409_and_saves_nothing(client, editor, series):
    _, over, _ = series
    client.force_login(editor)
    url = reverse("claims:observation-note", args=[over.pk])
    assert client.post(url, {"definition": "first", "version": 1}).status_code == 302
    stale = client.post(url, {"definition": "second", "version": 1}, headers=HTMX)
    assert stale.status_code == 409 and b"<html" not in stale.content
    over.refresh_from_db()
    assert over.definition == "first" and over.version == 2


def test_a_fact_checker_may_not_note_a_definition(client, fact_checker, series):
    _, over, _ = series
    client.force_login(fact_checker)
    response = client.post(
        reverse("claims:observation-note", args=[over.pk]), {"definition": "x", "version": 1}
    )
    assert response.status_code == 403
    over.refresh_from_db()
    assert over.definition == "" and over.version == 1


def test_a_bad_definition_note_is_400(client, editor, series):
    _, over, _ = series
    client.force_login(editor)
    url = reverse("claims:observation-note", args=[over.pk])
    assert client.post(url, {"definition": "x" * 301, "version": 1}).status_code == 400
    assert client.post(url, {"definition": "", "version": 1}).status_code == 400  # unchanged
    assert client.get(url).status_code == 405
    over.refresh_from_db()
    assert over.definition == "" and over.version == 1


def test_a_long_record_lists_its_figures_a_page_at_a_time_newest_first(client, editor):
    count = TrackedCountFactory()
    figures = [
        ObservationFactory(count=count, as_of=datetime.date(2023, 10, 1) + datetime.timedelta(n))
        for n in range(55)
    ]
    client.force_login(editor)
    page = client.get(count.get_absolute_url()).content.decode()
    assert page.count('<tr id="observation-') == 50 and "Page 1 of 2" in page
    assert page.count('class="marker"') == 55  # the chart draws every figure
    assert page.index(f'id="observation-{figures[-1].pk}"') < page.index(
        f'id="observation-{figures[-2].pk}"'
    )
    older = client.get(
        count.get_absolute_url(), {"page": 2}, headers={**HTMX, "HX-Target": "count-table"}
    )
    fragment = older.content.decode()
    assert fragment.lstrip().startswith('<div id="count-table"') and "<html" not in fragment
    assert fragment.count('<tr id="observation-') == 5
    assert f'id="observation-{figures[0].pk}"' in fragment
