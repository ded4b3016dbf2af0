"""Articles: the dashboard, the list, ingesting a new one, one article with its highlights,
and adding to it what the extractor missed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh, reswap, retarget

from claims import queue, services
from claims.forms import ADD_FORMS, ArticleFilterForm, ArticleForm, ArticleRevisionForm
from claims.forms.verify import verdict_buttons
from claims.models import Article, Decision, NumericClaim, Quote, ReviewStatus
from claims.presentation import candidates, countpanel, highlight
from claims.ratelimits import extraction_limit
from claims.views.common import HtmxHttpRequest, render_htmx
from claims.views.exports import export_links


def _status_counts(model) -> dict[str, int]:
    counts = dict(model.objects.values_list("status").annotate(n=Count("*")).order_by())
    return {label: counts.get(value, 0) for value, label in ReviewStatus.choices}


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    waiting = (
        Article.objects.filter(pk__in=queue.oldest_articles(10))
        .with_review_counts()
        .select_related("outlet")
        .order_by("pk")
    )
    recent = (
        Decision.objects.filter(actor=request.user)
        .select_related("quote__speaker", "claim")
        .order_by("-created_at", "-pk")[:10]
    )
    context = {
        "waiting": waiting,
        "recent": recent,
        "quote_counts": _status_counts(Quote),
        "claim_counts": _status_counts(NumericClaim),
        "unchecked": Quote.objects.filter(
            status__in=[ReviewStatus.APPROVED, ReviewStatus.EDITED], verdict=""
        ).count(),
        "in_progress": Article.objects.exclude(
            extraction_status=Article.ExtractionStatus.DONE
        ).count(),
    }
    return render(request, "claims/dashboard.html", context)


@login_required
@require_GET
def article_list(request: HtmxHttpRequest) -> HttpResponse:
    form = ArticleFilterForm(request.GET or None)
    articles = Article.objects.with_review_counts().select_related("outlet").order_by("-pk")
    filters = {}
    if form.is_valid():
        articles = form.filter(articles)
        data = form.cleaned_data
        filters = {"title": data["q"], "outlet": data["outlet"] and data["outlet"].pk}
        filters |= {key: data[key] for key in ("published_from", "published_to", "progress")}
    page = Paginator(articles, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form if form.is_bound else ArticleFilterForm(),
        "exports": export_links(request.user, filters),
        "export_what": "the quotes and numbers of these articles",
    }
    return render_htmx(request, "claims/article_list.html", context, fragment="article-table")


@login_required
@permission_required("claims.add_article", raise_exception=True)
@extraction_limit
@require_http_methods(["GET", "POST"])
def article_new(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "claims/article_new.html", {"form": ArticleForm()})
    try:
        form = ArticleForm(request.POST, request.FILES)
    except RequestDataTooBig:
        form = ArticleForm()
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        form.add_error(None, f"The request is over the {limit:,}-byte limit; nothing was stored.")
        return render(request, "claims/article_new.html", {"form": form}, status=413)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["method"] == Article.IngestMethod.URL:
                article = services.ingest_url(
                    data["url"],
                    user=request.user,
                    title=data["title"],
                    outlet_name=data["outlet"],
                    published_on=data["published_on"],
                    byline=data["byline"],
                )
            else:
                article = services.ingest_article(
                    title=data["title"],
                    body=data["body"],
                    method=data["method"],
                    url=data["url"],
                    outlet_name=data["outlet"],
                    published_on=data["published_on"],
                    byline=data["byline"],
                    user=request.user,
                )
        except services.DuplicateArticle as exc:
            form.add_error(None, str(exc))
            existing = exc.existing
        except services.IngestError as exc:
            form.add_error(
                "url" if data["method"] == Article.IngestMethod.URL else "body", str(exc)
            )
            existing = None
        else:
            messages.success(request, "Article stored; extraction is queued.")
            return redirect("claims:article-detail", pk=article.pk)
    else:
        existing = None
    status = 413 if form.has_error("upload", "too_large") else 400
    context = {"form": form, "existing": existing}
    return render(request, "claims/article_new.html", context, status=status)


def _article_page(request: HtmxHttpRequest, article: Article, **extra) -> dict:
    """What the article page shows: the highlighted text, a card per item and, for editors,
    a form per kind to add what the extractor missed (`extra` opens or fills one)."""
    quotes = list(article.quotes.select_related("speaker").order_by("start", "pk"))
    claims = list(article.numeric_claims.select_related("claimant").order_by("start", "pk"))
    for item in (*quotes, *claims):
        item.article = article  # the cards read the body; don't fetch it once per item
    countpanel.attach(claims, article=article)
    items = sorted([*quotes, *claims], key=lambda item: (item.start, item.end))
    if request.user.has_perm("claims.review_quote"):
        candidates.attach(items, article_items=items)
    runs = highlight.runs(article.body, items)
    # The toolbar offers every kind the user may add; a form is rendered only when one is open
    # (the page's script fetches it on the first key press), as forms cost a page view much.
    add_kinds = {
        kind: form_class
        for kind, form_class in ADD_FORMS.items()
        if request.user.has_perm(form_class.model.review_permission)
    }
    open_kind = extra.get("open_kind")
    add_forms = {
        kind: form_class(prefix=kind, initial={"content_hash": article.content_hash})
        for kind, form_class in add_kinds.items()
        if kind == open_kind
    }
    add_forms.update(extra.pop("add_forms", {}))
    return {
        "add_kinds": add_kinds,
        "article": article,
        "runs": runs,
        "body_html": highlight.render(runs),
        "items": items,
        "can_review": request.user.has_perm("claims.review_quote"),
        "exports": export_links(request.user, {"article": article.pk}),
        "export_what": "this article's quotes and numbers",
        "can_verify": request.user.has_perm("claims.verify_quote"),
        "verdict_buttons": verdict_buttons(),
        "add_forms": add_forms,
        **extra,
    }


@login_required
@require_GET
def article_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("outlet", "ingested_by"), pk=pk)
    template = "claims/article_detail.html"
    if request.htmx.target == "extraction-status":
        if article.extraction_status == Article.ExtractionStatus.DONE and request.GET.get("poll"):
            return HttpResponseClientRefresh()
        return render_htmx(request, template, {"article": article}, fragment="extraction-status")
    return render_htmx(request, template, _article_page(request, article), fragment=None)


@login_required
@require_http_methods(["GET", "POST"])
def article_add(request: HtmxHttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add a quote or number the extractor missed: the words come from a selection on the
    article page (or, without JavaScript, from offsets typed into this page's form)."""
    article = get_object_or_404(Article.objects.select_related("outlet", "ingested_by"), pk=pk)
    form_class = ADD_FORMS[kind]
    if not request.user.has_perm(form_class.model.review_permission):
        return HttpResponse("You may not add quotes or numbers.", status=403)
    template = "claims/article_detail.html"
    if request.method == "GET":
        context = _article_page(request, article, open_kind=kind)
        return render_htmx(request, template, context, fragment="add-item")
    form = form_class(request.POST, prefix=kind)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.add_item(
                article,
                item_type=kind,
                editor=request.user,
                start=data["start"],
                end=data["end"],
                words=data["words"],
                expected_hash=data["content_hash"],
                fields=form.fields_to_set(),
                note=data["note"],
            )
        except services.ArticleChanged as exc:
            form.add_error(None, str(exc))
            status = 409
        except services.ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            ready = form_class(prefix=kind, initial={"content_hash": article.content_hash})
            return _after_add(request, article, decision.item, ready)
    context = _article_page(request, article, add_forms={kind: form}, open_kind=kind)
    return render_htmx(request, template, context, fragment="add-item", status=status)


def _after_add(request: HtmxHttpRequest, article: Article, item, form) -> HttpResponse:
    """The article again with the new item highlighted: for htmx its text and cards in place
    of the form (one round trip), with an empty form of the kind ready for the next, else a
    redirect to its card."""
    notice = f"Added by hand and approved: {item}."
    if not request.htmx:
        messages.success(request, notice)
        return redirect(reverse("claims:article-detail", args=[article.pk]) + f"#card-{item.key}")
    article.refresh_from_db()
    context = _article_page(
        request, article, added=item.key, notice=notice, add_forms={item.item_type: form}
    )
    template = "claims/article_detail.html"
    response = render_htmx(request, template, context, fragment="article-layout")
    response = retarget(response, "#article-layout")
    return reswap(response, "outerHTML")


@login_required
@permission_required("claims.add_article", raise_exception=True)
@extraction_limit
@require_POST
def article_extract(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    services.queue_article_extraction(article)
    messages.success(request, "Extraction queued again; decided items will be kept as they are.")
    return redirect(reverse("claims:article-detail", args=[article.pk]))


@login_required
@permission_required("claims.change_article", raise_exception=True)
@extraction_limit
@require_http_methods(["GET", "POST"])
def article_revise(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Correct an article's text; decided items keep their words and move with them."""
    article = get_object_or_404(Article, pk=pk)
    template = "claims/article_revise.html"
    if request.method == "GET":
        form = ArticleRevisionForm(
            initial={"body": article.body, "content_hash": article.content_hash}
        )
        return render(request, template, {"article": article, "form": form})
    form = ArticleRevisionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            summary = services.revise_article(
                article,
                body=form.cleaned_data["body"],
                editor=request.user,
                expected_hash=form.cleaned_data["content_hash"],
            )
        except services.ArticleChanged as exc:
            form.add_error(None, str(exc))
            status = 409
        except services.ClaimDeskError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Text saved: {summary.moved} item{'s' * (summary.moved != 1)} moved with it, "
                f"{summary.removed} undecided candidate{'s' * (summary.removed != 1)} removed. "
                "Extraction is running again; decided items stay as they are.",
            )
            return redirect("claims:article-detail", pk=article.pk)
    return render(request, template, {"article": article, "form": form}, status=status)
