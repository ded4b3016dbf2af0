"""Answers for requests refused before any view work: over a rate limit."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django_ratelimit.exceptions import Ratelimited

PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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
