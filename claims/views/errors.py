"""Answers for requests refused before or instead of any view work: the 400, 403, 404, 413 and
500 pages, and the 429 of a rate limit.

The error pages must answer whatever state the request is in. Django's default handlers are
wrapped in `requires_csrf_token`, which reads `request.POST`, so a body Django refuses to parse
(a form in another charset) failed again inside the 400 page and then inside the 500 page: a
bare 500 from every URL. These handlers never read the request body, render without context
processors, and fall back to a page built here if even the template fails (say, a static-files
manifest missing after a deploy).
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django_ratelimit.exceptions import Ratelimited

logger = logging.getLogger(__name__)

PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    413: "Too large",
    500: "Something went wrong",
}


def error_page(status: int, context: dict | None = None) -> HttpResponse:
    """The page for `status` from templates/<status>.html, or a plain one if that fails."""
    try:
        body = render_to_string(f"{status}.html", context or {})
    except Exception:
        logger.exception("The %s page could not be rendered; sending a plain one", status)
        title = escape(TITLES[status])
        body = (
            f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{title} · Claim Desk</title></head><body><h1>{title}</h1>"
            f"<p>{escape((context or {}).get('reason', ''))}</p>"
            f'<p><a href="/">Back to Claim Desk</a></p></body></html>'
        )
    return HttpResponse(body, status=status)


def too_large(request: HttpRequest, length: int | None, limit: int) -> HttpResponse:
    return error_page(413, {"length": length, "limit": limit})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400, or 413 when Django found the body over DATA_UPLOAD_MAX_MEMORY_SIZE while reading it
    (a multipart text field over the limit, or a body whose Content-Length understated it)."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request, None, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return error_page(400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return error_page(404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(500)


def retry_after(rate: str) -> int:
    """Seconds until a window of `rate` ("30/m", "100/h") has surely passed."""
    _, _, period = rate.partition("/")
    number = "".join(ch for ch in period if ch.isdigit()) or "1"
    return int(number) * PERIOD_SECONDS.get(period[-1:], 60)


def rate_limited(request: HttpRequest, exception: Ratelimited) -> HttpResponse:
    rate = getattr(request, "claims_rate", "1/m")
    seconds = retry_after(rate)
    body = render_to_string(
        "claims/rate_limited.html", {"seconds": seconds, "rate": rate}, request=request
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(seconds)
    return response
