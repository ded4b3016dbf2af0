"""Tracked counts and their observations (the figures linked to them), read through the same
permissions, filters and cursor pagination as the other lists."""

from collections import defaultdict

from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query
from ninja.pagination import paginate

from claims.api import schemas
from claims.api.pagination import KeysetPagination
from claims.api.reads import ERRORS
from claims.api.router import router
from claims.models import Observation, ReviewStatus, TrackedCount
from claims.presentation import timeline
from claims.services.errors import require


def attach_best(counts: list[TrackedCount]) -> None:
    """Set `best_figure` on each count, as the timeline chooses it, in one query for a page.

    `timeline.best_figure` needs only a count's confirmed figures from its preferred source and
    those on its latest date, so only those rows are read, however long a count's record.
    """
    on_record = Observation.objects.filter(state=Observation.State.CONFIRMED).exclude(
        claim__status=ReviewStatus.REJECTED
    )
    latest = (
        on_record.filter(count=OuterRef("count"))
        .order_by()
        .values("count")
        .annotate(latest=Max("as_of"))
        .values("latest")[:1]  # one row per count; Django needs to be told
    )
    rows = (
        on_record.filter(count__in=counts)
        .filter(
            Q(as_of=Subquery(latest))
            | Q(claim__claimant_id=F("count__preferred_speaker_id"))
            | Q(claim__article__outlet_id=F("count__preferred_outlet_id"))
        )
        .with_sources()
        .defer("claim__article__body", "claim__sentence")
    )
    confirmed = defaultdict(list)
    for row in rows:
        confirmed[row.count_id].append(row)
    for count in counts:
        count.best_figure = timeline.best_figure(count, confirmed[count.pk])


def _counts() -> QuerySet[TrackedCount]:
    return TrackedCount.objects.select_related("preferred_outlet", "preferred_speaker")


@router.get("/counts", response={200: list[schemas.CountOut], **ERRORS}, tags=["counts"])
@paginate(KeysetPagination, prepare=attach_best)
def list_counts(
    request: HttpRequest, filters: Query[schemas.CountFilters]
) -> QuerySet[TrackedCount]:
    """Tracked counts, each with its best current figure."""
    require(request.auth, "claims.view_trackedcount")
    return filters.apply(_counts())


@router.get(
    "/counts/{count_id}",
    response={200: schemas.CountOut, 404: schemas.Error, **ERRORS},
    tags=["counts"],
)
def get_count(request: HttpRequest, count_id: Path[schemas.Id]) -> TrackedCount:
    require(request.auth, "claims.view_trackedcount")
    count = get_object_or_404(_counts(), pk=count_id)
    attach_best([count])
    return count


@router.get(
    "/observations", response={200: list[schemas.ObservationOut], **ERRORS}, tags=["counts"]
)
@paginate(KeysetPagination)
def list_observations(
    request: HttpRequest, filters: Query[schemas.ObservationFilters]
) -> QuerySet[Observation]:
    """Numeric claims read as figures of a count: interval, as-of date and state (suggested,
    confirmed or rejected), with who decided."""
    require(request.auth, "claims.view_observation")
    return filters.apply(Observation.objects.select_related("claim", "decided_by"))
