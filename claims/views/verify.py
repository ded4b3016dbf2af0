"""The fact-checker's queue: approved quotes, each verified against its source."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims import services
from claims.forms import VerdictForm
from claims.models import Quote, ReviewStatus, Verdict
from claims.views.common import HtmxHttpRequest, render_htmx
from claims.views.exports import export_links

VERIFIER = "claims.verify_quote"
TEMPLATE = "claims/verify_queue.html"
FILTERS = [("unchecked", "Not checked yet"), *[c for c in Verdict.choices if c[0]], ("all", "All")]


@login_required
@permission_required(VERIFIER, raise_exception=True)
@require_GET
def verify_queue(request: HtmxHttpRequest) -> HttpResponse:
    chosen = request.GET.get("verdict", "unchecked")
    if chosen not in dict(FILTERS):
        chosen = "unchecked"
    quotes = Quote.objects.verifiable()
    if chosen != "all":
        quotes = quotes.filter(verdict="" if chosen == "unchecked" else chosen)
    page = Paginator(quotes, 25).get_page(request.GET.get("page"))
    context = {"page": page, "filters": FILTERS, "chosen": chosen, "verdicts": Verdict.choices[1:]}
    approved = [ReviewStatus.APPROVED, ReviewStatus.EDITED]
    context["exports"] = export_links(
        request.user, {"status": approved, "verdict": chosen}, kinds=("quotes",)
    )
    context["export_what"] = "these quotes"
    return render_htmx(request, TEMPLATE, context, fragment="verify-table")


@login_required
@require_POST
def quote_verify(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(VERIFIER):
        return HttpResponse("Only fact-checkers record verdicts.", status=403)
    quote = get_object_or_404(
        Quote.objects.select_related("article"), pk=pk
    )  # the service checks it is verifiable
    form = VerdictForm(request.POST)
    status, conflict = 200, ""
    if form.is_valid():
        try:
            services.record_verdict(
                quote,
                checker=request.user,
                verdict=form.cleaned_data["verdict"],
                evidence_url=form.cleaned_data["evidence_url"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except services.ConflictError as exc:
            status, conflict = 409, str(exc)
        except services.ReviewError as exc:
            form.add_error(None, str(exc))
            status = 400
        else:
            form = None
    else:
        status = 400
    # As it is now: an undo racing this verdict may have taken it out of the verifiable ones.
    quote = get_object_or_404(
        Quote.objects.select_related("article", "speaker", "verified_by"), pk=pk
    )
    context = {"quote": quote, "form": form, "conflict": conflict, "verdicts": Verdict.choices[1:]}
    if request.htmx:
        return render_htmx(request, TEMPLATE, context, fragment="quote-row", status=status)
    if status == 200:
        messages.success(request, f"Recorded “{quote.get_verdict_display()}” for {quote}.")
        return redirect("claims:verify-queue")
    # Without JavaScript, the page comes back with just this quote and what was wrong with it.
    context |= {"page": [quote], "filters": FILTERS, "chosen": "all"}
    return render(request, TEMPLATE, context, status=status)
