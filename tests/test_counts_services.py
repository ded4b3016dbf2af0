"""Counts through their services: every change locked, versioned and recorded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims import countmatch, services
from claims.extraction.types import Extraction
from claims.models import CountDecision, NumericClaim, Observation, TrackedCount
from tests.factories import (
    ArticleFactory,
    NumericClaimFactory,
    ObservationFactory,
    TrackedCountFactory,
)

pytestmark = pytest.mark.django_db


def test_an_editor_creates_a_count_and_the_history_says_so(editor):
    count = services.create_count(
        actor=editor,
        name="  attacks on US forces ",
        places="Iraq, Syria",
        window_start=datetime.date(2023, 10, 17),
    )
    assert count.name == "attacks on US forces"
    [decision] = CountDecision.objects.filter(count=count)
    assert decision.action == "create" and decision.actor == editor
    assert decision.changes["window_start"] == [None, "2023-10-17"]


def test_a_fact_checker_may_not_create_a_count(fact_checker):
    with pytest.raises(PermissionDenied):
        services.create_count(actor=fact_checker, name="attacks")
    assert not TrackedCount.objects.exists()


def test_a_count_started_from_a_claim_holds_it_as_a_confirmed_figure(editor):
    claim = NumericClaimFactory(text="Over 38", value=38, lower=38, qualifier=">")
    count = services.create_count(actor=editor, name="attacks", from_claim=claim)
    [observation] = count.observations.all()
    assert observation.claim == claim
    assert observation.state == "confirmed" and observation.decided_by == editor
    assert (observation.low, observation.high) == (39, None)  # "over 38" is at least 39
    actions = set(CountDecision.objects.filter(count=count).values_list("action", flat=True))
    assert actions == {"create", "confirm"}


def test_renaming_on_a_stale_version_is_a_conflict_and_changes_nothing(editor):
    count = services.create_count(actor=editor, name="attacks")
    services.rename_count(count, actor=editor, name="attacks on bases", expected_version=1)
    with pytest.raises(services.ConflictError):
        services.rename_count(count, actor=editor, name="something else", expected_version=1)
    count.refresh_from_db()
    assert count.name == "attacks on bases" and count.version == 2
    rename = CountDecision.objects.get(count=count, action="rename")
    assert rename.changes == {"name": ["attacks", "attacks on bases"]}


def test_merging_moves_figures_and_parts_and_keeps_the_merged_count_with_its_history(editor):
    source, into = TrackedCountFactory(), TrackedCountFactory()
    part = TrackedCountFactory(parent=source)
    moved = ObservationFactory(count=source)
    # the same claim on both: the decided one wins, the suggestion gives way
    clash = ObservationFactory(
        count=source, state="confirmed", decided_by=editor, decided_at=timezone.now()
    )
    loser = ObservationFactory(count=into, claim=clash.claim)
    services.merge_counts(source, into=into, actor=editor)
    source.refresh_from_db()
    assert source.merged_into == into
    assert set(into.observations.values_list("pk", flat=True)) == {moved.pk, clash.pk}
    assert not Observation.objects.filter(pk=loser.pk).exists()
    part.refresh_from_db()
    assert part.parent == into
    assert CountDecision.objects.filter(count=source, action="merge").exists()
    assert CountDecision.objects.filter(count=into, action="merge").exists()
    with pytest.raises(services.CountError):
        services.rename_count(source, actor=editor, name="gone")


def test_a_count_cannot_be_merged_into_itself_or_its_part(editor):
    total = TrackedCountFactory()
    part = TrackedCountFactory(parent=total)
    with pytest.raises(services.CountError):
        services.merge_counts(total, into=total, actor=editor)
    with pytest.raises(services.CountError):
        services.merge_counts(part, into=total, actor=editor)


def test_confirming_then_rejecting_records_both_and_the_stale_version_conflicts(editor):
    observation = ObservationFactory()
    services.decide_observation(observation, actor=editor, state="confirmed", expected_version=1)
    with pytest.raises(services.ConflictError):
        services.decide_observation(observation, actor=editor, state="rejected", expected_version=1)
    services.decide_observation(observation, actor=editor, state="rejected", expected_version=2)
    observation.refresh_from_db()
    assert observation.state == "rejected" and observation.version == 3
    history = CountDecision.objects.filter(observation=observation).order_by("pk")
    assert [(d.from_state, d.to_state) for d in history] == [
        ("suggested", "confirmed"),
        ("confirmed", "rejected"),
    ]


def test_a_fact_checker_may_not_decide_a_suggestion(fact_checker):
    observation = ObservationFactory()
    with pytest.raises(PermissionDenied):
        services.decide_observation(observation, actor=fact_checker, state="confirmed")
    observation.refresh_from_db()
    assert observation.state == "suggested"


def test_re_extraction_keeps_a_number_confirmed_as_a_count_figure(editor):
    article = ArticleFactory()
    claim = NumericClaimFactory(article=article)
    observation = ObservationFactory(claim=claim)
    services.decide_observation(observation, actor=editor, state="confirmed")
    services.save_extraction(article, Extraction())  # the number is not found again
    assert NumericClaim.objects.filter(pk=claim.pk).exists()
    assert Observation.objects.get(pk=observation.pk).state == "confirmed"


@pytest.mark.parametrize(
    "fields",
    [
        {"low": 10, "high": 5},
        {"state": "confirmed"},  # decided without a decider
    ],
)
def test_the_database_refuses_inconsistent_observations(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(**fields)


def test_the_database_refuses_a_second_observation_of_one_claim_in_one_count():
    first = ObservationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ObservationFactory(claim=first.claim, count=first.count)


def test_the_database_refuses_a_count_that_is_its_own_part():
    count = TrackedCountFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackedCount.objects.filter(pk=count.pk).update(parent=count)


def claim_in(body: str, text: str, value: int, *, qualifier: str = "=", day: datetime.date):
    article = ArticleFactory(body=body, published_on=day)
    lower = value if qualifier == ">" else None
    start = body.index(text)
    return NumericClaimFactory(
        article=article,
        text=text,
        value=value,
        lower=lower,
        qualifier=qualifier,
        counted="attacks",
        sentence=body,
        sentence_start=0,
        sentence_end=len(body),
        start=start,
        end=start + len(text),
    )


def test_suggestions_never_overwrite_a_human_decision(editor):
    first = claim_in(
        "Over 38 attacks have taken place against US facilities in Iraq and Syria.",
        "Over 38",
        38,
        qualifier=">",
        day=datetime.date(2023, 11, 6),
    )
    count = services.create_count(
        actor=editor, name="attacks on US forces", places="Iraq, Syria", from_claim=first
    )
    second = claim_in(
        "US forces in Iraq and Syria have come under 55 attacks.",
        "55",
        55,
        day=datetime.date(2023, 11, 14),
    )
    third = claim_in(
        "There have been 61 attacks on US forces in Syria.",
        "61",
        61,
        day=datetime.date(2023, 11, 15),
    )
    services.suggest_for_claims([second, third])
    suggested = Observation.objects.get(claim=second, count=count)
    assert suggested.state == "suggested" and suggested.score > 0 and suggested.reasons
    assert suggested.as_of == datetime.date(2023, 11, 14)
    services.decide_observation(suggested, actor=editor, state="confirmed")
    other = Observation.objects.get(claim=third, count=count)
    services.decide_observation(other, actor=editor, state="rejected")

    services.suggest_for_claims([first, second, third])
    services.suggest_for_count(count)
    assert Observation.objects.get(pk=suggested.pk).state == "confirmed"
    assert Observation.objects.get(pk=suggested.pk).version == 2
    assert Observation.objects.get(pk=other.pk).state == "rejected"
    assert Observation.objects.filter(count=count).count() == 3


def test_among_many_counts_of_one_concept_the_one_sharing_the_places_is_suggested(
    editor, django_assert_max_num_queries
):
    """More counts of "attacks" than a claim's shortlist holds: the one in the claim's places
    is still scored and suggested, and the cost stays a few queries."""
    TrackedCountFactory.create_batch(
        countmatch.CANDIDATES_PER_CLAIM + 10, name="attacks", places="Gaza"
    )
    iraq = TrackedCountFactory(name="attacks", places="Iraq, Syria")
    TrackedCountFactory.create_batch(5, name="attacks", places="Ohio")  # newer, elsewhere
    claim = claim_in(
        "US forces in Iraq and Syria have come under 55 attacks.",
        "55",
        55,
        day=datetime.date(2023, 11, 14),
    )
    with django_assert_max_num_queries(6):
        services.suggest_for_claims([claim])
    [best, *_] = Observation.objects.filter(claim=claim).order_by("-score", "pk")
    assert best.count == iraq and "same places: iraq, syria" in best.reasons
