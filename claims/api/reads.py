"""The read endpoints: each checks its view permission and hands a filtered queryset to the
cursor pagination, which orders it by (updated_at, id), or (created_at, id) for decisions."""

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query
from ninja.pagination import paginate

from claims.api import schemas
from claims.api.pagination import KeysetPagination
from claims.api.router import router
from claims.models import Article, Decision, NumericClaim, Quote, Speaker, SpeakerAlias
from claims.services.errors import require

ERRORS = {401: schemas.Error, 403: schemas.Error, 400: schemas.Error, 422: schemas.Error}


@router.get("/articles", response={200: list[schemas.ArticleOut], **ERRORS}, tags=["articles"])
@paginate(KeysetPagination)
def list_articles(
    request: HttpRequest, filters: Query[schemas.ArticleFilters]
) -> QuerySet[Article]:
    """Articles without their text (`GET /articles/{id}` has it)."""
    require(request.auth, "claims.view_article")
    return filters.apply(Article.objects.select_related("outlet").defer("body"))


@router.get(
    "/articles/{article_id}",
    response={200: schemas.ArticleDetailOut, 404: schemas.Error, **ERRORS},
    tags=["articles"],
)
def get_article(request: HttpRequest, article_id: Path[schemas.Id]) -> Article:
    """One article with its text; quote and claim offsets index `body`."""
    require(request.auth, "claims.view_article")
    return get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)


@router.get("/speakers", response={200: list[schemas.SpeakerOut], **ERRORS}, tags=["speakers"])
@paginate(KeysetPagination)
def list_speakers(
    request: HttpRequest, filters: Query[schemas.SpeakerFilters]
) -> QuerySet[Speaker]:
    require(request.auth, "claims.view_speaker")
    aliases = Prefetch("aliases", queryset=SpeakerAlias.objects.order_by("name"))
    return filters.apply(Speaker.objects.prefetch_related(aliases))


@router.get("/quotes", response={200: list[schemas.QuoteOut], **ERRORS}, tags=["quotes"])
@paginate(KeysetPagination)
def list_quotes(request: HttpRequest, filters: Query[schemas.QuoteFilters]) -> QuerySet[Quote]:
    require(request.auth, "claims.view_quote")
    return filters.apply(Quote.objects.select_related("speaker"))


@router.get("/claims", response={200: list[schemas.ClaimOut], **ERRORS}, tags=["claims"])
@paginate(KeysetPagination)
def list_claims(
    request: HttpRequest, filters: Query[schemas.ClaimFilters]
) -> QuerySet[NumericClaim]:
    """Numeric claims: the numbers found in articles, with what is counted and who says so."""
    require(request.auth, "claims.view_numericclaim")
    return filters.apply(NumericClaim.objects.select_related("claimant"))


@router.get("/decisions", response={200: list[schemas.DecisionOut], **ERRORS}, tags=["decisions"])
@paginate(KeysetPagination, field="created_at")
def list_decisions(
    request: HttpRequest, filters: Query[schemas.DecisionFilters]
) -> QuerySet[Decision]:
    """The history: every human decision, oldest first. Rows are only ever added."""
    require(request.auth, "claims.view_decision")
    return filters.apply(Decision.objects.select_related("actor"))
