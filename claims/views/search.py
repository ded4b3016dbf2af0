"""Search across every quote and numeric claim (see claims/search.py for how it matches)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from claims import search as finder
from claims.forms import SearchForm
from claims.views.common import HtmxHttpRequest, render_htmx
from claims.views.exports import export_links

RESULTS_PER_PAGE = 25


def _page(found: finder.Found, number: str | None, q: str) -> Page:
    page = found.page(number, RESULTS_PER_PAGE)
    for item in page.object_list:
        item.highlighted = finder.render_headline(item.headline, q)
    return page


@login_required
@require_GET
def search(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    q = form.query()
    context = {"form": form, "q": q, "count_cap": finder.COUNT_CAP}
    if q:
        results = finder.search(q)
        context["quotes"] = _page(results.quotes, request.GET.get("quotes_page"), q)
        context["claims"] = _page(results.claims, request.GET.get("claims_page"), q)
        context["exports"] = export_links(request.user, {"q": q})
        context["export_what"] = "every match"
    return render_htmx(request, "claims/search.html", context, fragment="search-results")
