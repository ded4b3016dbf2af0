"""The editor's queue: one card at a time, decided with a key press, swapped in by htmx."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from claims import queue, services
from claims.forms import (
    BULK_LIMIT,
    EDIT_FORMS,
    ITEM_KEY,
    BulkReviewForm,
    ReviewForm,
    SelectionForm,
)
from claims.forms.verify import verdict_buttons
from claims.models import Article, Decision, NumericClaim, Quote, ReviewStatus
from claims.presentation import candidates, countpanel
from claims.views.common import HtmxHttpRequest, get_item, parse_id, render_htmx
from claims.views.exports import export_links

REVIEWER = "claims.review_quote"
VERIFIER = "claims.verify_quote"
TEMPLATE = "claims/review_queue.html"


def _article_filter(request: HtmxHttpRequest) -> int | None:
    return parse_id(request.GET.get("article") or request.POST.get("article"))


def _queue_url(item: Quote | NumericClaim | None, article_id: int | None) -> str:
    params = []
    if item is not None:
        params.append(f"item={item.key}")
    if article_id is not None:
        params.append(f"article={article_id}")
    return reverse("claims:review-queue") + ("?" + "&".join(params) if params else "")


def card_context(
    item: Quote | NumericClaim | None,
    *,
    article_id: int | None,
    form=None,
    edit_form=None,
    notice: str = "",
    conflict: str = "",
) -> dict:
    pending = item is not None and not item.is_decided
    if isinstance(item, NumericClaim):
        countpanel.attach([item])
    if item is not None:
        candidates.attach([item])
    following_article = None
    if item is None and article_id is not None:  # this article is done: offer the next one
        following = queue.next_article(article_id)
        following_article = Article.objects.only("pk", "title").filter(pk=following).first()
    return {
        "item": item,
        "article_filter": article_id,
        "form": form,
        "edit_form": edit_form,
        "notice": notice,
        "conflict": conflict,
        "pending": pending,
        "remaining": queue.pending_count(article_id),
        "count_cap": queue.COUNT_CAP,
        "context": item.in_context() if item is not None else None,
        "next_article": following_article,
        "queue_url": _queue_url(item, article_id),  # this card in the queue: where Cancel leads
    }


def render_card(request: HtmxHttpRequest, context: dict, status: int = 200) -> HttpResponse:
    """The card alone for htmx (the queue card or an article page card), else the whole page."""
    target = request.htmx.target or ""
    context["can_review"] = request.user.has_perm(REVIEWER)  # as the article page has it
    if target.startswith("card-") and context["item"] is not None:
        context["can_verify"] = request.user.has_perm(VERIFIER)
        context["verdict_buttons"] = verdict_buttons()
        template = "claims/article_detail.html"
        return render_htmx(request, template, context, fragment="item-card", status=status)
    context["keys"] = True  # the queue card's buttons carry their keys
    return render_htmx(request, TEMPLATE, context, fragment="review-card", status=status)


def _requested_item(
    request: HttpRequest, article_id: int | None
) -> tuple[Quote | NumericClaim | None, str]:
    """The card asked for: ?item=KEY itself, or the pending item ?after=KEY or ?before=KEY."""
    for param, forward in (("item", None), ("after", True), ("before", False)):
        match = ITEM_KEY.match(request.GET.get(param, ""))
        if not match:
            continue
        if forward is None:
            return get_item(match[1], int(match[2])), ""
        try:
            item = get_item(match[1], int(match[2]))
        except Http404:  # removed since (a re-extraction drops undecided candidates)
            return None, "That item is no longer there; here is the first pending one."
        step = queue.neighbour(queue.Position.of(item), forward=forward, article_id=article_id)
        if step is None:
            return item, f"No pending item {'after' if forward else 'before'} this one."
        return step, ""
    return None, ""


@login_required
@permission_required(REVIEWER, raise_exception=True)
@require_GET
def review_queue(request: HtmxHttpRequest) -> HttpResponse:
    article_id = _article_filter(request)
    if request.GET.get("view") == "list":
        return _review_list(request)
    item, notice = _requested_item(request, article_id)
    if item is None:
        item = queue.neighbour(None, article_id=article_id)
    response = render_card(request, card_context(item, article_id=article_id, notice=notice))
    if request.htmx and item is not None:
        push_url(response, _queue_url(item, article_id))  # the address names the card shown
    return response


def _decision_notice(decision: Decision) -> str:
    verb = {"approved": "Approved", "rejected": "Rejected", "edited": "Saved with edits"}.get(
        decision.to_state, decision.to_state
    )
    return f"{verb}: {decision.item}. Press u to undo."


@login_required
@require_POST
def item_review(request: HtmxHttpRequest, kind: str, pk: int) -> HttpResponse:
    item = get_item(kind, pk)
    if not request.user.has_perm(item.review_permission):
        return HttpResponse("You may not review extractions.", status=403)
    article_id = _article_filter(request)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return render_card(request, card_context(item, article_id=article_id, form=form), 400)
    try:
        decision = services.review_item(
            item,
            reviewer=request.user,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except services.ConflictError as exc:
        context = card_context(exc.current, article_id=article_id, conflict=str(exc))
        return render_card(request, context, 409)
    except services.ReviewError as exc:
        form.add_error(None, str(exc))
        return render_card(request, card_context(item, article_id=article_id, form=form), 400)
    return _after_decision(request, decision, article_id)


def _after_decision(
    request: HttpRequest, decision: Decision, article_id: int | None
) -> HttpResponse:
    """On to the next pending item: swapped in for htmx, a redirect (POST/redirect/GET) without."""
    item = decision.item
    notice = _decision_notice(decision)
    if (request.htmx.target or "").startswith("card-"):
        return render_card(request, card_context(item, article_id=article_id, notice=notice))
    following = queue.neighbour(queue.Position.of(item), article_id=article_id)
    if following is not None and following.article_id != item.article_id:
        notice += f" That was the last item awaiting review in “{item.article.title}”."
    if request.htmx:
        context = card_context(following, article_id=article_id, notice=notice)
        return render_card(request, context)
    messages.success(request, notice)
    return redirect(_queue_url(following, article_id))


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HtmxHttpRequest, kind: str, pk: int) -> HttpResponse:
    item = get_item(kind, pk)
    if not request.user.has_perm(item.review_permission):
        return HttpResponse("You may not edit extractions.", status=403)
    article_id = _article_filter(request)
    form_class = EDIT_FORMS[item.item_type]
    if request.method == "GET":
        form = form_class.for_item(item)
        return render_card(request, card_context(item, article_id=article_id, edit_form=form))
    form = form_class(request.POST)
    if not form.is_valid():
        context = card_context(item, article_id=article_id, edit_form=form)
        return render_card(request, context, 400)
    data = form.cleaned_data
    try:
        decision = services.edit_item(
            item,
            editor=request.user,
            changes=form.changes(item),
            note=data["note"],
            expected_version=data["version"],
        )
    except services.ConflictError as exc:
        context = card_context(exc.current, article_id=article_id, conflict=str(exc))
        return render_card(request, context, 409)
    except services.ReviewError as exc:
        form.add_error(None, str(exc))
        context = card_context(item, article_id=article_id, edit_form=form)
        return render_card(request, context, 400)
    return _after_decision(request, decision, article_id)


@login_required
@permission_required(REVIEWER, raise_exception=True)
@require_POST
def review_undo(request: HtmxHttpRequest) -> HttpResponse:
    article_id = _article_filter(request)
    last = Decision.objects.undoable_by(request.user).first()
    if last is None:
        notice = "You have no decision to undo."
        if not request.htmx:
            messages.info(request, notice)
            return redirect(_queue_url(None, article_id))
        item = queue.neighbour(None, article_id=article_id)
        return render_card(request, card_context(item, article_id=article_id, notice=notice))
    try:
        services.undo_decision(last, actor=request.user)
    except services.ConflictError as exc:
        context = card_context(exc.current, article_id=article_id, conflict=str(exc))
        return render_card(request, context, 409)
    except services.ReviewError as exc:
        if not request.htmx:
            messages.error(request, str(exc))
            return redirect(_queue_url(last.item, article_id))
        return render_card(
            request, card_context(last.item, article_id=article_id, notice=str(exc)), 400
        )
    item = get_item(last.item.item_type, last.item.pk)  # fresh, with its speaker
    notice = f"Undone: {item} is “{item.get_status_display()}” again."
    if not request.htmx:
        messages.success(request, notice)
        return redirect(_queue_url(item, article_id))
    return render_card(request, card_context(item, article_id=article_id, notice=notice))


LIST_SIZE = 100


def _filters_query(form: SelectionForm) -> str:
    """The valid selection as a query string, to carry it from the list to the preview and back."""
    data = form.cleaned_data
    return urlencode({name: value for name, value in data.items() if value not in (None, "")})


def _review_list(request: HtmxHttpRequest) -> HttpResponse:
    """The pending items as a list, filtered by kind, confidence and speaker, with bulk actions."""
    form = SelectionForm(request.GET)
    template = "claims/review_list.html"
    if not form.is_valid():
        context = {"items": [], "selection_form": form, "matching": 0}
        return render_htmx(request, template, context, fragment="review-list", status=400)
    selection = form.selection()
    context = {
        "items": selection.items(LIST_SIZE),
        "matching": selection.count(),
        "selection_form": form,
        "article_filter": selection.article_id,
        "filters": _filters_query(form),
        "exports": export_links(
            request.user, {"status": ReviewStatus.EXTRACTED, "article": selection.article_id}
        ),
        "export_what": "everything awaiting review"
        + (" in this article" if selection.article_id else ""),
    }
    return render_htmx(request, template, context, fragment="review-list")


@login_required
@permission_required(REVIEWER, raise_exception=True)
@require_http_methods(["GET", "POST"])
def review_bulk(request: HtmxHttpRequest) -> HttpResponse:
    """GET: a preview of exactly what approving the selection would approve (each item at the
    version shown); POST: decide the items posted, skipping any changed since they were shown."""
    if request.method == "GET":
        return _bulk_preview(request)
    form = BulkReviewForm(request.POST)
    back = SelectionForm(request.POST)
    filters = _filters_query(back) if back.is_valid() else ""
    list_url = reverse("claims:review-queue") + "?view=list" + (f"&{filters}" if filters else "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(list_url)
    result = services.review_items(
        form.cleaned_data["items"],
        reviewer=request.user,
        decision=form.cleaned_data["decision"],
        note=form.cleaned_data["note"],
        seen_versions=form.versions,
    )
    done = result.done
    verb = "approved" if form.cleaned_data["decision"] == "approved" else "rejected"
    messages.success(request, f"{done} item{'s' if done != 1 else ''} {verb}.")
    for reason in result.skipped[:10]:
        messages.warning(request, f"Skipped {reason}")
    if len(result.skipped) > 10:
        messages.warning(request, f"… and {len(result.skipped) - 10} more skipped.")
    return redirect(list_url)


def _bulk_preview(request: HtmxHttpRequest) -> HttpResponse:
    form = SelectionForm(request.GET)
    template = "claims/review_bulk.html"
    if not form.is_valid():
        return render(request, template, {"selection_form": form, "items": []}, status=400)
    selection = form.selection()
    items = selection.items(BULK_LIMIT)
    article = Article.objects.filter(pk=selection.article_id).only("title").first()
    context = {
        "selection_form": form,
        "items": items,
        "total": selection.count() if len(items) == BULK_LIMIT else len(items),
        "limit": BULK_LIMIT,
        "description": form.describe(article.title if article is not None else ""),
        "filters": _filters_query(form),
        "article_filter": selection.article_id,
    }
    return render(request, template, context)
