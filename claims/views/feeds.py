"""Feeds: the list with the form that registers one, a feed's page (last poll, what it took,
what failed and why), pausing, resuming and deleting. Editors and admins only."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from claims import services
from claims.forms import FeedForm, FeedPauseForm
from claims.models import Feed
from claims.ratelimits import extraction_limit
from claims.views.common import HtmxHttpRequest, render_htmx

LIST = "claims/feed_list.html"
DETAIL = "claims/feed_detail.html"
ITEMS_PER_PAGE = 50


def _list_context(form: FeedForm) -> dict:
    feeds = Feed.objects.with_item_counts().select_related("added_by").order_by("title", "url")
    return {"form": form, "feeds": feeds, "poll_minutes": settings.CLAIMS_FEED_POLL_MINUTES}


@login_required
@permission_required("claims.view_feed", raise_exception=True)
@extraction_limit  # a feed brings articles in: registering one counts as an ingest
@require_http_methods(["GET", "POST"])
def feed_list(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render_htmx(request, LIST, _list_context(FeedForm()), fragment="feed-panel")
    form = FeedForm(request.POST)
    if form.is_valid():
        try:
            feed = services.add_feed(form.cleaned_data["url"], user=request.user)
        except services.ClaimDeskError as exc:
            form.add_error("url", str(exc))
        else:
            messages.success(request, "Feed registered: its first poll comes within a minute.")
            if request.htmx:  # a whole new page, not a fragment of this one
                return HttpResponseClientRedirect(reverse("claims:feed-detail", args=[feed.pk]))
            return redirect("claims:feed-detail", pk=feed.pk)
    return render_htmx(request, LIST, _list_context(form), fragment="feed-panel", status=400)


@login_required
@permission_required("claims.view_feed", raise_exception=True)
@require_GET
def feed_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


def _detail(request: HtmxHttpRequest, pk: int, *, status: int = 200) -> HttpResponse:
    feed = get_object_or_404(Feed.objects.with_item_counts().select_related("added_by"), pk=pk)
    items = feed.items.select_related("article").order_by("-created_at", "-pk")
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"feed": feed, "page": page, "poll_minutes": settings.CLAIMS_FEED_POLL_MINUTES}
    return render_htmx(request, DETAIL, context, fragment="feed-status", status=status)


@login_required
@permission_required("claims.change_feed", raise_exception=True)
@require_POST
def feed_pause(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=pk)
    form = FeedPauseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say whether to pause or resume the feed; nothing was changed.")
        return _detail(request, feed.pk, status=400)
    paused = form.cleaned_data["paused"]
    services.set_feed_paused(feed, user=request.user, paused=paused)
    messages.success(request, "Feed paused." if paused else "Feed resumed: polled within a minute.")
    return redirect("claims:feed-detail", pk=feed.pk)


@login_required
@permission_required("claims.delete_feed", raise_exception=True)
@require_POST
def feed_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=pk)
    services.delete_feed(feed, user=request.user)
    messages.success(request, f"Feed “{feed}” deleted; the articles taken from it stay.")
    return redirect("claims:feed-list")
