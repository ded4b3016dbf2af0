"""Speaker pages: the list, one speaker's quotes and numbers over time, autocomplete, merging."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from claims import services
from claims.forms import SearchForm, SpeakerMergeForm
from claims.models import NumericClaim, Observation, Quote, Speaker, SpeakerAlias
from claims.views.common import HtmxHttpRequest, get_item, parse_id, render_htmx
from claims.views.exports import export_links
from claims.views.review import card_context, render_card

SPEAKERS_PER_PAGE = 50
ITEMS_PER_PAGE = 50
AUTOCOMPLETE_LIMIT = 20


def _add_counts(speakers: list[Speaker]) -> None:
    """Set `quote_count` and `claim_count` on one page of speakers: two grouped queries, however
    deep the page (a correlated count would run for every row an OFFSET skips)."""
    ids = [speaker.pk for speaker in speakers]

    def counts(model: type[Quote] | type[NumericClaim], field: str) -> dict[int, int]:
        rows = model.objects.filter(**{f"{field}__in": ids}).order_by().values(field)
        return dict(rows.annotate(n=Count("*")).values_list(field, "n"))

    quotes, claims = counts(Quote, "speaker"), counts(NumericClaim, "claimant")
    for speaker in speakers:
        speaker.quote_count = quotes.get(speaker.pk, 0)
        speaker.claim_count = claims.get(speaker.pk, 0)


def _named(q: str) -> Q:
    aliases = SpeakerAlias.objects.filter(name__icontains=q).values("speaker_id")
    return Q(name__icontains=q) | Q(pk__in=aliases)


def _aliases() -> Prefetch:
    return Prefetch("aliases", queryset=SpeakerAlias.objects.order_by("name"))


@login_required
@require_GET
def speaker_list(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET, label="Name or alias")
    q = form.query()
    speakers = Speaker.objects.prefetch_related(_aliases()).order_by("name", "pk")
    if q:
        speakers = speakers.filter(_named(q))
    page = Paginator(speakers, SPEAKERS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    _add_counts(page.object_list)
    context = {"form": form, "q": q, "page": page}
    return render_htmx(request, "claims/speaker_list.html", context, fragment="speaker-table")


def _autocomplete_query(params: QueryDict) -> str:
    """`q`, or the one parameter given: htmx sends an input's value under the input's own name,
    so a form field called `speaker` can fill the datalist without renaming itself."""
    if "q" in params:
        q = params["q"]
    elif len(params) == 1:
        q = next(iter(params.values()))
    else:
        q = ""
    return q.replace("\x00", "").strip()  # PostgreSQL refuses NUL in a string


@login_required
@require_GET
def speaker_autocomplete(request: HtmxHttpRequest) -> HttpResponse:
    """`<option>`s for a `<datalist>`: speakers whose name or an alias contains the query,
    those whose name starts with it first."""
    q = _autocomplete_query(request.GET)[:200]
    speakers: QuerySet[Speaker] | list[Speaker] = []
    if q:
        speakers = (
            Speaker.objects.filter(_named(q))
            .annotate(later=Case(When(name__istartswith=q, then=0), default=1))
            .order_by("later", "name", "pk")[:AUTOCOMPLETE_LIMIT]
        )
    return render(request, "claims/speaker_list.html#speaker-options", {"speakers": speakers})


def _items_of(speaker: Speaker, request: HttpRequest) -> dict[str, Any]:
    """The speaker's quotes and claims, newest article first, one page of each."""
    newest_first = (
        F("article__published_on").desc(nulls_last=True),
        F("article__created_at").desc(),
        "article_id",
        "start",
    )
    quotes = (
        Quote.objects.filter(speaker=speaker)
        .select_related("article")
        .defer("article__body")
        .order_by(*newest_first)
    )
    claims = (
        NumericClaim.objects.filter(claimant=speaker)
        .select_related("article")
        .defer("article__body")  # a page lists titles and dates, never whole articles
        .order_by(*newest_first)
    )
    return {
        "quotes": Paginator(quotes, ITEMS_PER_PAGE).get_page(request.GET.get("quotes_page")),
        "claims": Paginator(claims, ITEMS_PER_PAGE).get_page(request.GET.get("claims_page")),
    }


FIGURES_SHOWN = 100


def _figures_of(speaker: Speaker) -> list[Observation]:
    """The figures the speaker used that are linked to a count, newest first."""
    return list(
        Observation.objects.charted()
        .filter(claim__claimant=speaker)
        .select_related("count", "claim__article")
        .defer("claim__article__body", "claim__sentence")
        .order_by("-as_of", "-pk")[:FIGURES_SHOWN]
    )


@login_required
@require_GET
def speaker_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker.objects.prefetch_related(_aliases()), pk=pk)
    context = {"speaker": speaker, **_items_of(speaker, request), "figures": _figures_of(speaker)}
    context["exports"] = export_links(request.user, {"speaker": speaker.pk})
    context["export_what"] = f"{speaker.name}’s quotes and numbers"
    if request.user.has_perm("claims.change_speaker"):
        context["merge_form"] = SpeakerMergeForm(speaker=speaker)
    table = request.htmx.target  # paging through one table swaps just that table
    table = table if table in ("speaker-quotes", "speaker-claims") else None
    return render_htmx(request, "claims/speaker_detail.html", context, fragment=table)


@login_required
@require_POST
@permission_required("claims.change_speaker", raise_exception=True)
def speaker_merge(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Fold one speaker into the other; the survivor's page follows."""
    speaker = get_object_or_404(Speaker, pk=pk)
    form = SpeakerMergeForm(request.POST, speaker=speaker)
    if form.is_valid():
        source, into = form.source_and_target()
        try:
            survivor = services.merge_speakers(source, into=into, actor=request.user)
        except services.ClaimDeskError as exc:
            form.add_error(None, str(exc))
        except Speaker.DoesNotExist:  # merged or deleted by someone else meanwhile
            form.add_error(None, "One of the two speakers no longer exists; reload the page.")
        else:
            messages.success(request, f"“{source.name}” was merged into “{survivor.name}”.")
            url = reverse("claims:speaker-detail", args=[survivor.pk])
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)
    context = {"speaker": speaker, "merge_form": form}
    if not request.htmx:
        speaker = get_object_or_404(Speaker.objects.prefetch_related(_aliases()), pk=pk)
        context = {"speaker": speaker, "merge_form": form, **_items_of(speaker, request)}
    template = "claims/speaker_detail.html"
    return render_htmx(request, template, context, fragment="merge-form", status=400)


def item_page(item) -> str:
    """An item's card on its article page."""
    return reverse("claims:article-detail", args=[item.article_id]) + f"#card-{item.key}"


def _items_of_speaker(speaker: Speaker) -> str:
    quotes, claims = speaker.quotes.count(), speaker.numeric_claims.count()
    return f"{quotes} quote{pluralize(quotes)}, {claims} number{pluralize(claims)}"


@login_required
@require_POST
def item_same_person(request: HtmxHttpRequest, kind: str, pk: int) -> HttpResponse:
    """The card's "Same person as…": the other speaker is picked, the merge is shown
    and confirmed (which name stays), then `merge_speakers` runs; the card comes back."""
    if not request.user.has_perm("claims.change_speaker"):
        return HttpResponse("You may not merge speakers.", status=403)
    item = get_item(kind, pk)
    article_id = parse_id(request.POST.get("article"))
    cancel_url = request.htmx.current_url or item_page(item)
    speaker = item.person
    if speaker is None:
        notice = "This item has no speaker to merge; pick or type one by editing it."
        return render_card(request, card_context(item, article_id=article_id, notice=notice), 400)
    form = SpeakerMergeForm(request.POST, speaker=speaker)
    context = {"merge_form": form, "cancel_url": cancel_url}
    if not form.is_valid():
        return render_card(request, card_context(item, article_id=article_id) | context, 400)
    if request.POST.get("confirm") != "yes":
        other = form.cleaned_data["other"]
        context["merge_preview"] = {
            "this": speaker,
            "other": other,
            "this_items": _items_of_speaker(speaker),
            "other_items": _items_of_speaker(other),
        }
        return render_card(request, card_context(item, article_id=article_id) | context)
    source, into = form.source_and_target()
    try:
        survivor = services.merge_speakers(source, into=into, actor=request.user)
    except services.ClaimDeskError as exc:
        form.add_error(None, str(exc))
        return render_card(request, card_context(item, article_id=article_id) | context, 400)
    notice = f"“{source.name}” was merged into “{survivor.name}”: one speaker now."
    if not request.htmx:
        messages.success(request, notice)
        return redirect(item_page(item))
    item = get_item(kind, pk)  # with its speaker as it is now
    return render_card(request, card_context(item, article_id=article_id, notice=notice))
