"""An absolute limit on how long one log-in lasts, however active the session."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

LOGIN_AT = "claims_login_at"


class SessionLifetimeMiddleware:
    """Log out a session CLAIMS_SESSION_MAX_AGE seconds after it started.

    The idle timeout is Django's own (SESSION_COOKIE_AGE renewed on every request); this adds
    the absolute one, so a stolen or forgotten session cannot be kept alive forever.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(LOGIN_AT, int(time.time()))
            if time.time() - started > settings.CLAIMS_SESSION_MAX_AGE:
                logout(request)
                messages.info(request, "Your session has ended; please log in again.")
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
