"""Tracked counts and their observations (the figures linked to them), read through the same
permissions, filters and cursor pagination as the other lists."""

from collections import defaultdict

from django.db.models import QuerySet
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
    """Set `best_figure` on each count: one query for the confirmed, charted figures of all."""
    confirmed = defaultdict(list)
    rows = (
        Observation.objects.filter(count__in=counts, state=Observation.State.CONFIRMED)
        .exclude(claim__status=ReviewStatus.REJECTED)
        .with_sources()
        .defer("claim__article__body", "claim__sentence")
    )
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
