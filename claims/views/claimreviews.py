"""The public page of a fact-checked quote: what was said, by whom, where, and the verdict, with
its schema.org ClaimReview for search engines. No log-in; only rated quotes have one."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from claims.presentation import claimreview


@require_safe
def claimreview_page(request: HttpRequest, pk: int) -> HttpResponse:
    quote = claimreview.rated_quotes().filter(pk=pk).first()
    if quote is None:
        raise Http404("No fact-check of this quote is published.")
    url = request.build_absolute_uri(quote.fact_check_url)
    document = claimreview.claim_review(quote, url=url)
    context = {
        "quote": quote,
        "review": document,
        "json_ld": claimreview.script_json(document),
        "rating": document["reviewRating"],
    }
    return render(request, "claims/claimreview.html", context)
