"""The read API at /api/v1/ (django-ninja): articles, speakers, quotes, numeric claims, the
decision history, tracked counts and their observations, with filters and cursor pagination,
plus one write, ingesting an article.

The OpenAPI schema is served at /api/v1/openapi.json. No interactive docs page: ninja serves
Swagger UI from a CDN unless "ninja" is an installed app, and even from our static files it is
a large script bundle not checked against our Content-Security-Policy (no inline styles).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from claims.api import counts, ingest, reads  # noqa: F401 - they register their routes
from claims.api.auth import BrowserSession, TokenAuth
from claims.api.router import router
from claims.ratelimits import api_limit

api = NinjaAPI(
    title="Claim Desk API",
    version="1",
    description=(
        "Read what Claim Desk holds and send it articles. Authenticate with a personal token "
        "(`Authorization: Bearer <token>`, made on the API tokens page) or a logged-in browser "
        "session (unsafe methods then need the CSRF token). A caller sees and does what its "
        "user may in the interface."
    ),
    urls_namespace="api",
    docs_url=None,
    docs_decorator=require_safe,  # the schema view: GET and HEAD only
    auth=[TokenAuth(), BrowserSession()],
    throttle=[api_limit],
)
api.add_router("", router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": "Authenticate with a valid API token or log in."},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="claim-desk"'
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)
