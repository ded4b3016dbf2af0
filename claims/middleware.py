"""Request-wide rules: how long one log-in lasts, and how big a request may be."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

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


# Room for multipart boundaries and the other form fields around an upload at the limit.
MULTIPART_SLACK = 64 * 1024


class RequestSizeLimitMiddleware:
    """Answer 413 with a readable page for a request body over the upload limit.

    Without this, Django reads the body inside the CSRF check and the user gets a bare 400.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit + MULTIPART_SLACK:
            body = render_to_string(
                "413.html", {"limit": limit, "length": length, "back": request.path}
            )
            return HttpResponse(body, status=413)
        return self.get_response(request)
