"""Request-wide rules: how long one log-in lasts, how big a request may be, and its charset."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.log import log_response

from claims.http import is_utf8
from claims.views import errors

LOGIN_AT = "claims_login_at"
SEEN_AT = "claims_seen_at"


def stamp_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """At log-in: the absolute lifetime starts, and the session counts as just renewed."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


class SessionLifetimeMiddleware:
    """Keep a session alive while it is used, and end it CLAIMS_SESSION_MAX_AGE after log-in.

    Idle timeout: Django's SESSION_COOKIE_AGE, counted from the session's last save. A request
    saves (renews) the session when CLAIMS_SESSION_RENEW_AFTER seconds have passed since the last
    renewal, not on every request: a page view stays a read, and the timeout is exact to that
    many seconds. The absolute lifetime means a stolen or forgotten session cannot be kept alive
    forever.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            if now - session.setdefault(LOGIN_AT, now) > settings.CLAIMS_SESSION_MAX_AGE:
                logout(request)
                messages.info(request, "Your session has ended; please log in again.")
                return redirect_to_login(request.get_full_path())
            if now - session.get(SEEN_AT, 0) >= settings.CLAIMS_SESSION_RENEW_AFTER:
                session[SEEN_AT] = now  # a change: the session is saved with a new expiry
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Answer 413 with a readable page for a request body over DATA_UPLOAD_MAX_MEMORY_SIZE.

    The limit is on the whole body as its Content-Length announces it, multipart framing
    included, checked before anything reads it and before URL resolution, so every route
    answers alike. Without this Django refuses such a body only while reading it, as a 400 (a
    URL-encoded body, or a multipart text field, over the limit) or not at all (a file a few KiB
    over it). A body that turns out too big while it is read anyway (no Content-Length on ASGI)
    gets the same page from `claims.views.errors.bad_request`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # what Django reads for a nonsense Content-Length: an empty body
        if limit is not None and length > limit:
            response = errors.too_large(request, length, limit)
            log_response(
                "Request body too large (%s bytes): %s",
                length,
                request.path,
                response=response,
                request=request,
            )
            return response
        return self.get_response(request)


class RequestCharsetMiddleware:
    """Read every request as UTF-8, and refuse one whose Content-Type names another charset.

    Forms are UTF-8: our pages are served as UTF-8, so browsers submit it, and URL-encoded form
    data has no other encoding by definition. "utf8" or "UTF_8" is the same codec under another
    name and is read as UTF-8 (Django itself accepts only the spelling "utf-8"). Any other
    charset, one Python knows (latin-1, utf-16) or not, gets a 400 that says why: reading the
    body in it would store text nobody typed, and Django would otherwise decode query strings
    and multipart fields in it, or fail with a 500 (charset=rot13).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = (request.content_params or {}).get("charset")  # parsed as the request was built
        if charset is None:
            return self.get_response(request)
        if is_utf8(charset):
            request.encoding = "utf-8"
            return self.get_response(request)
        response = errors.error_page(
            400,
            {
                "reason": "Claim Desk reads requests in UTF-8 only; this one said it was in "
                f"{charset[:40]!r}. Send it as UTF-8."
            },
        )
        log_response(
            "Bad request (charset %r): %s",
            charset[:40],
            request.path,
            response=response,
            request=request,
        )
        return response
