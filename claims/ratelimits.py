"""Rate limits per user, read from settings at request time so they can be tuned per site."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from ninja.throttling import BaseThrottle

from claims.views.errors import retry_after


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


class UserRate(BaseThrottle):
    """The same per-user counters for the API (django-ninja's throttle interface): the key is
    the user the request authenticated as, token or session, so one person's tokens share a
    limit. Ninja answers 429 with Retry-After."""

    def __init__(self, group: str, setting: str, method: str | list[str] = ALL) -> None:
        self.group, self.setting, self.method = group, setting, method

    def allow_request(self, request: HttpRequest) -> bool:
        limited = is_ratelimited(
            request,
            group=self.group,
            key="user_or_ip",
            rate=_rate(self.setting),
            method=self.method,
            increment=True,
        )
        return not limited

    def wait(self) -> float:
        return retry_after(getattr(settings, self.setting))


api_limit = UserRate("claims.api", "CLAIMS_API_RATE")
# the browser's ingest limit: an article sent through the API counts against it as well
api_ingest_limit = UserRate("claims.extraction", "CLAIMS_EXTRACT_RATE", method="POST")
