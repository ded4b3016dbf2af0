"""The verify desk: approved quotes one at a time, each checked against its source with a key
press; filters (article, speaker, words, verdict) kept across every action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import push_url

from claims import services
from claims.forms import VerdictForm
from claims.forms.verify import VERDICT_FILTERS, VerifyFilterForm, verdict_buttons
from claims.models import Article, Decision, Quote, ReviewStatus, Verdict
from claims.views.common import HtmxHttpRequest, parse_id, render_htmx
from claims.views.exports import export_links
from claims.views.review import render_card

VERIFIER = "claims.verify_quote"
TEMPLATE = "claims/verify_queue.html"
COUNT_CAP = 1000


def _matching(filters: VerifyFilterForm) -> QuerySet[Quote]:
    return filters.apply(Quote.objects.verifiable())


def _neighbour(filters: VerifyFilterForm, after: Quote | None, *, forward: bool = True):
    """The matching quote right after (or before) `after` in reading order (article, offset);
    the first one when `after` is None. One indexed range query either way."""
    quotes = _matching(filters)
    if after is not None:
        lookup = TupleGreaterThan if forward else TupleLessThan
        position = (after.article_id, after.start, after.pk)
        quotes = quotes.filter(lookup(Tuple(F("article_id"), F("start"), F("pk")), position))
    if not forward:
        quotes = quotes.order_by("-article_id", "-start", "-pk")
    return quotes.first()


def _following(filters: VerifyFilterForm, done: Quote) -> Quote | None:
    """What comes after a decided quote: the next match, else the first (the desk wraps round
    to quotes skipped earlier), never `done` itself again."""
    found = _neighbour(filters, done) or _neighbour(filters, None)
    return None if found is not None and found.pk == done.pk else found


def _desk_url(filters: VerifyFilterForm, quote: Quote | None) -> str:
    query = filters.query()
    if quote is not None:
        query = f"item={quote.pk}" + (f"&{query}" if query else "")
    return reverse("claims:verify-queue") + (f"?{query}" if query else "")


def desk_context(
    quote: Quote | None,
    filters: VerifyFilterForm,
    *,
    verdict_form: VerdictForm | None = None,
    notice: str = "",
    conflict: str = "",
    decided: Quote | None = None,
) -> dict:
    matching = _matching(filters).order_by().values("pk")[: COUNT_CAP + 1].count()
    return {
        "item": quote,
        "context": quote.in_context() if quote is not None else None,
        "filters": filters,
        "filter_query": filters.query(),
        "verdict_form": verdict_form,
        "verdict_buttons": verdict_buttons(),
        "notice": notice,
        "conflict": conflict,
        "decided": decided,  # the quote a verdict was just recorded on: undo or change it
        "matching": matching,
        "count_cap": COUNT_CAP,
        "card_id": "verify-card",
    }


def _page_context(filters: VerifyFilterForm, user) -> dict:
    """What the whole page adds around the card: the filter form's choices."""
    approved = Quote.objects.filter(status__in=[ReviewStatus.APPROVED, ReviewStatus.EDITED])
    articles = list(
        Article.objects.filter(pk__in=approved.values("article_id"))
        .order_by("-pk")
        .values_list("pk", "title")[:200]
    )
    chosen = filters.value("article")
    if chosen and chosen not in {pk for pk, _ in articles}:
        articles += Article.objects.filter(pk=chosen).values_list("pk", "title")
    approved_states = [ReviewStatus.APPROVED, ReviewStatus.EDITED]
    exported = {
        "status": approved_states,
        "verdict": filters.value("verdict"),
        "article": chosen,
        "q": filters.value("q"),
    }
    return {
        "article_choices": articles,
        "verdict_filters": VERDICT_FILTERS,
        "exports": export_links(user, exported, kinds=("quotes",)),
        "export_what": "the quotes matching these filters"
        + (
            " (of every speaker: exports filter by article, words and verdict)"
            if filters.value("speaker")
            else ""
        ),
    }


def render_desk(request: HtmxHttpRequest, context: dict, status: int = 200) -> HttpResponse:
    """The desk's card for htmx, else the whole page; the address names the card shown."""
    if not request.htmx:
        context |= _page_context(context["filters"], request.user)
    response = render_htmx(request, TEMPLATE, context, fragment="verify-card", status=status)
    if request.htmx and status == 200:
        push_url(response, _desk_url(context["filters"], context["item"]))
    return response


@login_required
@permission_required(VERIFIER, raise_exception=True)
@require_GET
def verify_queue(request: HtmxHttpRequest) -> HttpResponse:
    filters = VerifyFilterForm(request.GET)
    if request.GET.get("view") == "list":
        page = Paginator(_matching(filters), 25).get_page(request.GET.get("page"))
        context = {"page": page, "filters": filters, "filter_query": filters.query()}
        context |= _page_context(filters, request.user)
        return render_htmx(request, "claims/verify_list.html", context, fragment="verify-table")
    notice = ""
    quote = None
    for param, forward in (("item", None), ("after", True), ("before", False)):
        pk = parse_id(request.GET.get(param))
        if pk is None:
            continue
        current = Quote.objects.verifiable().filter(pk=pk).first()
        if current is None:
            notice = "That quote is no longer approved; here is the first one matching."
        elif forward is None:
            quote = current
        else:
            quote = _neighbour(filters, current, forward=forward)
            if quote is None:
                quote = current
                notice = f"No matching quote {'after' if forward else 'before'} this one."
        break
    if quote is None:
        quote = _neighbour(filters, None)
    return render_desk(request, desk_context(quote, filters, notice=notice))


def _verdict_notice(decision: Decision) -> str:
    label = Verdict(decision.to_state).label
    return f"Recorded “{label}” for {decision.quote}."


@login_required
@require_POST
def quote_verify(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm(VERIFIER):
        return HttpResponse("Only fact-checkers record verdicts.", status=403)
    filters = VerifyFilterForm(request.GET)
    quote = get_object_or_404(Quote.objects.select_related("article", "speaker"), pk=pk)
    form = VerdictForm(request.POST)
    status, conflict, decision = 400, "", None
    if form.is_valid():
        try:
            decision = services.record_verdict(
                quote,
                checker=request.user,
                verdict=form.cleaned_data["verdict"],
                evidence_url=form.cleaned_data["evidence_url"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except services.ConflictError as exc:
            status, form = 409, None
            current = exc.current
            conflict = f"{exc} Its verdict now: “{current.get_verdict_display()}”."
        except services.ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            status, form = 200, None
    # As it is now (a racing undo may have taken it out of the approved ones), with its speaker.
    quote = get_object_or_404(Quote.objects.select_related("article", "speaker"), pk=pk)
    notice = _verdict_notice(decision) if decision is not None else ""
    if (request.htmx.target or "").startswith("card-"):  # a card of the article page
        context = {"item": quote, "verdict_form": form, "notice": notice, "conflict": conflict}
        return render_card(request, context, status)
    if status != 200:
        return render_desk(
            request, desk_context(quote, filters, verdict_form=form, conflict=conflict), status
        )
    following = _following(filters, quote)
    if not request.htmx:
        messages.success(request, notice)
        return redirect(_desk_url(filters, following))
    context = desk_context(following, filters, notice=notice, decided=quote)
    return render_desk(request, context)


@login_required
@permission_required(VERIFIER, raise_exception=True)
@require_POST
def verify_undo(request: HtmxHttpRequest) -> HttpResponse:
    """Take back the fact-checker's own latest verdict; its quote comes back to the desk."""
    filters = VerifyFilterForm(request.GET)
    last = (
        Decision.objects.filter(
            actor=request.user, action=Decision.Action.VERDICT, undone_by__isnull=True
        )
        .select_related("quote")
        .order_by("-created_at", "-pk")
        .first()
    )
    if last is None:
        notice = "You have no verdict to undo."
        return render_desk(request, desk_context(_neighbour(filters, None), filters, notice=notice))
    status, notice, conflict = 200, "", ""
    try:
        services.undo_decision(last, actor=request.user)
    except services.ConflictError as exc:
        status, conflict = 409, str(exc)
    except services.ReviewError as exc:
        status, notice = 400, str(exc)
    quote = Quote.objects.select_related("article", "speaker").get(pk=last.quote_id)
    if status == 200:
        notice = f"Undone: {quote} is “{quote.get_verdict_display()}” again."
        if not request.htmx:
            messages.success(request, notice)
            return redirect(_desk_url(filters, quote))
    context = desk_context(quote, filters, notice=notice, conflict=conflict)
    return render_desk(request, context, status)
