"""The accuracy page: how the extractor does, read from the editors' decisions."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from claims import accuracy as measures
from claims.forms import AccuracyForm
from claims.views.common import HtmxHttpRequest, render_htmx

# The figures are the reviewers' own work: who may review (editors, admins) may read them.
READER = "claims.review_quote"


@login_required
@permission_required(READER, raise_exception=True)
@require_GET
def accuracy(request: HtmxHttpRequest) -> HttpResponse:
    form = AccuracyForm(request.GET)
    template = "claims/accuracy.html"
    if not form.is_valid():
        context = {"form": form, "report": None}
        return render_htmx(request, template, context, fragment="accuracy-over-time", status=400)
    period = form.cleaned_data["period"] or "month"
    report = measures.report(period=period, kind=form.cleaned_data["kind"])
    context = {"form": form, "report": report, "period_label": measures.PERIODS[period]}
    return render_htmx(request, template, context, fragment="accuracy-over-time")
