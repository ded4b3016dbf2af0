"""Counts through the API: tracked counts with their best current figure, and the figures
(observations) with interval, as-of date, state, claim and article; filters and cursor pages."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan
from django.urls import reverse

from claims import services
from claims.models import NumericClaim, Observation, ReviewStatus, TrackedCount
from tests.factories import (
    ArticleFactory,
    NumericClaimFactory,
    ObservationFactory,
    OutletFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


def claim(text: str, value: int, published: str, qualifier: str = "=", **more):
    article = ArticleFactory(body=f"Officials said {text} attacks.", published_on=published, **more)
    bounds = {"lower": value, "upper": None}
    if qualifier == "=":
        bounds["upper"] = value
    return NumericClaimFactory(
        article=article, text=text, value=value, qualifier=qualifier, counted="attacks", **bounds
    )


@pytest.fixture
def attacks(editor):
    """A count started from "over 38" on 6 Nov, with "55" on 14 Nov confirmed and "60" on
    20 Nov still suggested."""
    first = claim("over 38", 38, "2023-11-06", ">")
    count = services.create_count(actor=editor, name="attacks on US forces", from_claim=first)
    later = ObservationFactory(
        count=count, claim=claim("55", 55, "2023-11-14"), as_of=datetime.date(2023, 11, 14)
    )
    services.decide_observation(later, actor=editor, state="confirmed", expected_version=1)
    ObservationFactory(
        count=count, claim=claim("60", 60, "2023-11-20"), as_of=datetime.date(2023, 11, 20)
    )
    return count


def test_a_count_carries_its_best_current_figure(client, reader, attacks):
    page = client.get(f"{API}/counts", headers=reader).json()
    [row] = page["items"]
    assert (row["id"], row["name"], row["only_grows"]) == (attacks.pk, attacks.name, True)
    # the suggested 60 is not on record yet: the best figure is the confirmed 55 of 14 Nov
    best = row["best"]
    assert (best["text"], best["figure"], best["low"], best["high"]) == ("55", "55", "55", "55")
    assert best["as_of"] == "2023-11-14" and best["source"].startswith("Outlet")
    one = client.get(f"{API}/counts/{attacks.pk}", headers=reader).json()
    assert one["best"] == best


def test_a_count_without_a_confirmed_figure_has_no_best(client, reader):
    empty = TrackedCount.objects.create(name="people missing", only_grows=False)
    [row] = client.get(f"{API}/counts", headers=reader).json()["items"]
    assert row["id"] == empty.pk and row["best"] is None and row["only_grows"] is False


def test_the_preferred_sources_latest_figure_is_the_best(client, reader, editor, attacks):
    agency = OutletFactory(name="Wire Agency")
    older = ObservationFactory(
        count=attacks,
        claim=claim("40", 40, "2023-11-08", outlet=agency),
        as_of=datetime.date(2023, 11, 8),
    )
    services.decide_observation(older, actor=editor, state="confirmed", expected_version=1)
    TrackedCount.objects.filter(pk=attacks.pk).update(preferred_outlet=agency)
    [row] = client.get(f"{API}/counts", headers=reader).json()["items"]
    assert (row["best"]["text"], row["best"]["source"]) == ("40", "Wire Agency")
    assert row["preferred_outlet"]["name"] == "Wire Agency"


def test_observations_carry_interval_date_state_claim_and_article(client, reader, attacks):
    rows = client.get(f"{API}/observations", {"count": attacks.pk}, headers=reader).json()
    by_text = {row["claim"]["text"]: row for row in rows["items"]}
    over = by_text["over 38"]
    assert (over["low"], over["high"], over["state"]) == ("39", None, "confirmed")
    assert over["as_of"] == "2023-11-06" and over["decided_by"] == "ed"
    assert over["article_id"] == Observation.objects.get(pk=over["id"]).claim.article_id
    suggested = by_text["60"]
    assert (suggested["state"], suggested["decided_by"], suggested["decided_at"]) == (
        "suggested",
        None,
        None,
    )
    assert suggested["reasons"] == ["same thing counted"]


def test_observations_filter_by_state_dates_claim_and_article(client, reader, attacks):
    def texts(**query):
        response = client.get(f"{API}/observations", query, headers=reader)
        assert response.status_code == 200, response.content
        return sorted(row["claim"]["text"] for row in response.json()["items"])

    assert texts(state="confirmed") == ["55", "over 38"]
    assert texts(as_of_from="2023-11-10", as_of_to="2023-11-15") == ["55"]
    sixty = Observation.objects.get(claim__text="60")
    assert texts(claim=sixty.claim_id) == ["60"] == texts(article=sixty.claim.article_id)
    assert texts(count=attacks.pk + 1000) == []


def test_counts_filter_by_name_parent_and_merged(client, reader, editor, attacks):
    iraq = services.create_count(actor=editor, name="attacks in Iraq", parent=attacks)
    gone = services.create_count(actor=editor, name="strikes on bases")
    services.merge_counts(gone, into=attacks, actor=editor, expected_version=gone.version)

    def names(**query):
        page = client.get(f"{API}/counts", query, headers=reader).json()
        return sorted(row["name"] for row in page["items"])

    assert names(parent=attacks.pk) == ["attacks in Iraq"]
    assert names(name="iraq") == [iraq.name]
    assert names(merged=True) == ["strikes on bases"]
    assert "strikes on bases" not in names(merged=False)


@pytest.mark.parametrize(
    "query", ["state=maybe", "as_of_from=2023-13-01", "count=0", "merged=perhaps", "limit=0"]
)
def test_a_bad_filter_is_a_422_not_a_server_error(client, reader, query):
    path = "observations" if "state" in query or "as_of" in query or "count" in query else "counts"
    response = client.get(f"{API}/{path}?{query}", headers=reader)
    assert response.status_code == 422 and "detail" in response.json()


def test_pages_of_observations_stay_put_while_figures_arrive(client, reader, attacks):
    first = client.get(f"{API}/observations", {"limit": 2}, headers=reader).json()
    assert first["has_more"] is True and len(first["items"]) == 2
    ObservationFactory(count=attacks, claim=claim("70", 70, "2023-11-25"))
    rest = client.get(first["next"], headers=reader).json()
    seen = [row["id"] for row in first["items"] + rest["items"]]
    assert len(seen) == len(set(seen)) == Observation.objects.count()


def test_counts_need_the_view_permissions(client, attacks):
    roleless = UserFactory()
    roleless.save()
    client.force_login(roleless)
    for path in ("counts", f"counts/{attacks.pk}", "observations"):
        assert client.get(f"{API}/{path}").status_code == 403
    assert client.get(f"{API}/counts", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_one_page_of_counts_costs_the_same_queries_for_two_counts_or_twenty(
    client, reader, editor, django_assert_max_num_queries, settings
):
    # counted without the rate-limit counter, as in test_reads: its cost is the cache's
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for n in range(20):
        services.create_count(
            actor=editor,
            name=f"count {n}",
            from_claim=claim(f"{n + 1} attacks", n + 1, "2023-11-06"),
        )
    client.get(f"{API}/counts", {"limit": 2}, headers=reader)  # warm the token's last-used write
    with django_assert_max_num_queries(5):  # token, permissions, counts, their figures
        page = client.get(f"{API}/counts", headers=reader).json()
    assert len(page["items"]) == 20 and all(row["best"] for row in page["items"])


@pytest.mark.postgres
def test_a_later_page_seeks_through_the_paging_index(on_postgres):
    """The cursor's row-value comparison lets PostgreSQL start the index scan at the cursor."""
    at = datetime.datetime(2023, 11, 6, tzinfo=datetime.UTC)
    query = Observation.objects.filter(
        TupleGreaterThan(Tuple(F("updated_at"), F("pk")), (at, 1))
    ).order_by("updated_at", "pk")[:51]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    assert "observation_api_page" in plan and "Index Cond" in plan


def test_the_best_figure_is_the_one_the_timeline_shows(client, reader, editor, attacks):
    """The API reads only the rows the choice needs; it must choose as the count's page does."""

    def confirm(text, value, day, **claim_fields):
        observation = ObservationFactory(
            count=attacks, claim=claim(text, value, f"2023-11-{day}"), as_of=f"2023-11-{day}"
        )
        NumericClaim.objects.filter(pk=observation.claim_id).update(**claim_fields)
        services.decide_observation(observation, actor=editor, state="confirmed")
        return observation

    confirm("61", 61, 21)
    confirm("64", 64, 21)  # same day, larger: the best
    confirm("90", 90, 22, status=ReviewStatus.REJECTED)  # later, but its claim was rejected

    def shown_and_served():
        page = client.get(reverse("claims:count-detail", args=[attacks.pk]))
        api = client.get(f"{API}/counts/{attacks.pk}", headers=reader).json()["best"]
        return page.context["best"].pk, api["observation_id"]

    client.force_login(editor)
    shown, served = shown_and_served()
    assert shown == served == Observation.objects.get(claim__text="64").pk
    speaker = SpeakerFactory(name="Pentagon spokesperson")
    older = confirm("45", 45, 10, claimant=speaker)
    TrackedCount.objects.filter(pk=attacks.pk).update(preferred_speaker=speaker)
    assert shown_and_served() == (older.pk, older.pk)
