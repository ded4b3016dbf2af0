"""Search across every quote and numeric claim (see claims/search.py for how it matches)."""

from itertools import chain

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims import search as finder

RESULTS_PER_PAGE = 25


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search quotes and claims")

    def query(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


@login_required
@require_GET
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    q = form.query()
    context = {"form": form, "q": q}
    if q:
        results = finder.search(q)
        quotes = Paginator(results.quotes, RESULTS_PER_PAGE).get_page(
            request.GET.get("quotes_page")
        )
        claims = Paginator(results.claims, RESULTS_PER_PAGE).get_page(
            request.GET.get("claims_page")
        )
        for item in chain(quotes, claims):
            item.highlighted = finder.render_headline(item.headline, q)
        context |= {"quotes": quotes, "claims": claims}
    template = "claims/search.html"
    if request.htmx:
        template += "#search-results"
    return render(request, template, context)
