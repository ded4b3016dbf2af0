"""Rate limits per user, read from settings at request time so they can be tuned per site."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.decorators import ratelimit


def _rate(setting: str) -> Callable[[str, HttpRequest], str]:
    def rate(group: str, request: HttpRequest) -> str:
        value = getattr(settings, setting)
        request.claims_rate = value  # the 429 page says which limit was hit
        return value

    return rate


extraction_limit = ratelimit(
    group="claims.extraction", key="user_or_ip", rate=_rate("CLAIMS_EXTRACT_RATE"), method="POST"
)
export_limit = ratelimit(
    group="claims.export", key="user_or_ip", rate=_rate("CLAIMS_EXPORT_RATE"), method="GET"
)
