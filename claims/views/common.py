"""What several views share: the htmx request type and how a view answers it, finding an item
from its URL, reading an id from a query string; and the site icon at its conventional address."""

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from django_htmx.middleware import HtmxDetails

from claims.models import ITEM_KINDS, NumericClaim, Quote


class HtmxHttpRequest(HttpRequest):
    """A request as views see it: django-htmx's middleware has set `request.htmx`."""

    htmx: HtmxDetails


def render_htmx(
    request: HtmxHttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str | None,
    status: int = 200,
) -> HttpResponse:
    """The page, or for an htmx request only its `fragment` (a partial named after the DOM id
    it renders), from every view that answers both ways.

    One convention for errors: the same status either way (400 form errors, 409 conflict, 413,
    429), rendered in place; htmx is configured to swap those statuses into the page
    (static/claims/claimdesk.js). `Vary: HX-Request` keeps caches from serving one answer for
    the other.
    """
    name = f"{template}#{fragment}" if request.htmx and fragment else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def get_item(kind: str, pk: int) -> Quote | NumericClaim:
    try:
        model = ITEM_KINDS[kind]
    except KeyError:
        raise Http404(f"No item type {kind!r}") from None
    return get_object_or_404(model.objects.select_related(*model.related()), pk=pk)


_ID = re.compile(r"[0-9]{1,18}")


def parse_id(value: str | None) -> int | None:
    """A row id from user input, or None: only ASCII digits ("²".isdigit() is true, int() fails)."""
    return int(value) if value and _ID.fullmatch(value) else None


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico: the site icon, for what asks for it there without reading a page's
    <link rel="icon"> (feed readers, bookmarks, a JSON answer opened in a tab)."""
    response = HttpResponseRedirect(static("claims/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
