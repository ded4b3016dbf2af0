"""The one write: ingest an article, as text or from its URL, through the same services as the
browser's form."""

from django.http import HttpRequest
from ninja import Status

from claims import services
from claims.api import schemas
from claims.api.auth import require_scope
from claims.api.router import router
from claims.models import ApiToken, Article
from claims.ratelimits import api_ingest_limit, api_limit


@router.post(
    "/articles",
    response={
        201: schemas.ArticleDetailOut,
        400: schemas.Error,
        401: schemas.Error,
        403: schemas.Error,
        409: schemas.Duplicate,
        422: schemas.Error,
    },
    throttle=[api_limit, api_ingest_limit],
    tags=["articles"],
)
def ingest_article(request: HttpRequest, data: schemas.ArticleIn) -> Status:
    """Store an article and queue its extraction. The same text or URL twice is a 409 that
    names the article already stored; a page that is not an article is a 422. Needs a token
    with the ingest scope and a user who may ingest."""
    require_scope(request, ApiToken.Scope.INGEST)
    user = request.auth
    try:
        if data.text:
            article = services.ingest_article(
                title=data.title,
                body=data.text,
                method=Article.IngestMethod.API,
                url=data.url or "",
                outlet_name=data.outlet,
                published_on=data.published_on,
                byline=data.byline,
                user=user,
            )
        else:
            article = services.ingest_url(
                data.url,
                user=user,
                title=data.title,
                outlet_name=data.outlet,
                published_on=data.published_on,
                byline=data.byline,
            )
    except services.DuplicateArticle as exc:
        return Status(409, {"detail": str(exc), "existing_id": exc.existing.pk})
    except services.IngestError as exc:
        return Status(422, {"detail": str(exc)})
    return Status(201, article)
