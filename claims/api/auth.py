"""Who is calling: a personal token (`Authorization: Bearer <token>`) or a logged-in browser.

Either way the caller is a user, and the request is then handled as that user's request
(`request.user`): the services check the same permissions as for the browser, rate limits count
per user, and the audit trail records the user.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.session import SessionAuth

from claims import services
from claims.models import ApiToken


class TokenAuth(HttpBearer):
    """A personal token. A token that is wrong, revoked, expired or whose user was deactivated
    is refused outright (401), without falling back to a session the same client might have."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = services.authenticate_token(token)
        if found is None:
            raise AuthenticationError()
        request.user = found.user  # what the services, the rate limits and the audit trail read
        request.api_token = found
        return found.user


class BrowserSession(SessionAuth):
    """The browser's log-in; unsafe methods need the CSRF token, as for every form."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # nobody logged in: 401 rather than a CSRF complaint
        return APIKeyCookie._get_key(self, request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated and request.user.is_active:
            request.api_token = None
            return request.user
        return None


def require_scope(request: HttpRequest, scope: str) -> None:
    """Refuse (403) a token without `scope`. A browser session holds every scope: what it may do
    is what its user may do."""
    token: ApiToken | None = getattr(request, "api_token", None)
    if token is not None and scope == ApiToken.Scope.INGEST and not token.can_ingest:
        raise HttpError(403, "This token may only read; make one with the ingest scope.")
