"""Counts followed across articles: the list, a new count, renaming and merging, the timeline
of one count with its flags, its exports, and confirming or rejecting a suggested figure."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from claims import countmatch, services
from claims.forms.counts import (
    CountForm,
    DecideObservationForm,
    EditCountForm,
    MergeCountForm,
    ObservationDefinitionForm,
    ProposedCountForm,
    RenameCountForm,
)
from claims.models import CountDecision, NumericClaim, Observation, ReviewStatus, TrackedCount
from claims.presentation import timeline
from claims.presentation.formatting import plain_number
from claims.ratelimits import export_limit
from claims.views import review
from claims.views.common import HtmxHttpRequest, get_item, parse_id, render_htmx
from claims.views.exports import _csv_response

COUNTS_PER_PAGE = 50
FIGURES_PER_PAGE = 50
TIMELINE_FRAGMENTS = ("count-timeline", "count-table")
HISTORY_ROWS = 50
DECIDER = "claims.decide_observation"


@login_required
@require_GET
def count_list(request: HtmxHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    context = _list_context(q, request.GET.get("page"))
    if not request.htmx:  # the table's own requests (search, pages) leave the proposals be
        context["proposals"] = _proposal_forms(countmatch.proposals())
    return render_htmx(request, "claims/count_list.html", context, fragment="count-table")


def _list_context(q: str, page_number: str | None) -> dict:
    counts = TrackedCount.objects.live().select_related("parent").order_by("name", "pk")
    if q:
        counts = counts.filter(Q(name__icontains=q) | Q(places__icontains=q))
    page = Paginator(counts, COUNTS_PER_PAGE).get_page(page_number)
    ids = [c.pk for c in page.object_list]
    rows = Observation.objects.filter(count__in=ids).order_by().values("count")
    tallies = {
        row["count"]: row
        for row in rows.annotate(
            total=Count("*"), confirmed=Count("pk", filter=Q(state=Observation.State.CONFIRMED))
        )
    }
    for count in page.object_list:
        tally = tallies.get(count.pk, {})
        count.observed = tally.get("total", 0)
        count.confirmed = tally.get("confirmed", 0)
    return {"page": page, "q": q}


def _proposal_forms(proposals: list) -> list[tuple[object, ProposedCountForm]]:
    return [
        (
            p,
            ProposedCountForm(
                initial={
                    "name": p.name,
                    "places": ", ".join(p.places),
                    "claims": [f.key for f in p.figures],
                },
                auto_id=f"proposal-{i}-%s",
            ),
        )
        for i, p in enumerate(proposals)
    ]


@login_required
@permission_required("claims.add_trackedcount", raise_exception=True)
@require_POST
def count_propose(request: HtmxHttpRequest) -> HttpResponse:
    """Start a proposed count: created, with the proposal's figures as its suggestions."""
    form = ProposedCountForm(request.POST)
    if form.is_valid():
        try:
            count = services.start_proposed_count(actor=request.user, **form.cleaned_data)
        except services.ClaimDeskError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Count “{count.name}” created; its figures are suggested: confirm each below.",
            )
            if request.htmx:
                return HttpResponseClientRedirect(count.get_absolute_url())
            return redirect(count.get_absolute_url())
    context = {
        **_list_context("", None),
        "proposals": _proposal_forms(countmatch.proposals()),
        "proposal_form": form,
    }
    return render_htmx(
        request, "claims/count_list.html", context, fragment="count-proposals", status=400
    )


@login_required
@permission_required("claims.add_trackedcount", raise_exception=True)
@require_http_methods(["GET", "POST"])
def count_new(request: HtmxHttpRequest) -> HttpResponse:
    """A new count; from a claim's card (?claim=ID) it starts with that claim as its figure."""
    if request.method == "GET":
        form = CountForm(initial=_initial_from_claim(request.GET.get("claim")))
        return render_htmx(request, "claims/count_new.html", {"form": form}, fragment=None)
    form = CountForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            count = services.create_count(
                actor=request.user,
                name=data["name"],
                places=data["places"],
                window_start=data["window_start"],
                only_grows=data["only_grows"],
                unit=data["unit"],
                definition=data["definition"],
                preferred_outlet=data["preferred_outlet"],
                preferred_speaker=data["preferred_speaker"],
                parent=data["parent"],
                from_claim=data["claim"],
            )
        except services.ClaimDeskError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Count “{count.name}” created.")
            return redirect(count.get_absolute_url())
    return render_htmx(request, "claims/count_new.html", {"form": form}, fragment=None, status=400)


def _initial_from_claim(value: str | None) -> dict:
    pk = parse_id(value)
    claim = None
    if pk is not None:
        claim = NumericClaim.objects.filter(pk=pk).only("pk", "counted", "unit").first()
    if claim is None:
        return {"only_grows": True}
    return {"claim": claim.pk, "name": claim.counted, "unit": claim.unit, "only_grows": True}


def timeline_context(count: TrackedCount, page_number: str | None = None) -> dict:
    """Everything the timeline page shows: chart, best figure, parts and their sum, flags,
    the table of every observation (a page of it, newest first) and the latest history.
    A fixed number of queries. Every figure is read as a plain `Figure` (no model rows):
    the chart, the flags, the best figure and the table's page all read those."""
    observations = timeline.figures(Observation.objects.filter(count=count).figure_values())
    charted = [
        o
        for o in observations
        if o.state != Observation.State.REJECTED and o.claim.status != ReviewStatus.REJECTED
    ]
    confirmed = [o for o in charted if o.state == Observation.State.CONFIRMED]
    parts = list(count.parts.live().order_by("name", "pk"))
    by_part: dict[int, list[timeline.Figure]] = defaultdict(list)
    if parts:
        rows = timeline.figures(
            Observation.objects.charted().filter(count__in=parts).figure_values()
        )
        for row in rows:
            by_part[row.count_id].append(row)
    part_rows = []
    for part in parts:
        part_confirmed = [o for o in by_part[part.pk] if o.state == Observation.State.CONFIRMED]
        part_rows.append((part, timeline.best_figure(part, part_confirmed)))
    figures = [best for _, best in part_rows]
    parts_sum = (
        sum(best.low for best in figures)
        if figures and all(best is not None and best.low is not None for best in figures)
        else None
    )
    # Flags of the record: confirmed figures only (a suggestion's flags show on its card).
    flags = countmatch.flags_of(
        count,
        confirmed,
        {part.name: [o for o in by_part[part.pk] if o.state == "confirmed"] for part in parts},
    )
    best = timeline.best_figure(count, confirmed)
    history = (
        CountDecision.objects.filter(count=count)
        .select_related("actor", "observation__claim")
        .order_by("-created_at", "-pk")[:HISTORY_ROWS]
    )
    # The chart draws every figure; the table lists them a page at a time, newest first (a
    # count followed for months holds hundreds, and rendering every row was most of the page).
    newest_first = sorted(observations, key=lambda o: (o.as_of, o.pk), reverse=True)
    figures_page = Paginator(newest_first, FIGURES_PER_PAGE).get_page(page_number)
    figures_page.object_list = _table_rows(figures_page.object_list, flags, charted)
    return {
        "count": count,
        "chart": timeline.chart(charted),
        "figures": figures_page,
        "best": best,
        "best_label": timeline.figure_label(best) if best else "",
        "best_source": timeline.source_of(best) if best else "",
        "parts": part_rows,
        "parts_sum": parts_sum,
        "flags": flags,
        "flag_items": timeline.flag_items(flags),
        "history": history,
    }


def _table_rows(
    shown: Sequence[timeline.Figure],
    flags: Sequence[countmatch.ShownFlag],
    charted: Sequence[timeline.Figure],
) -> Sequence[timeline.Figure]:
    """The figures of one page of the table, each with the labels of its flags and whether it
    is on the chart."""
    flagged: dict[int, list[str]] = defaultdict(list)
    for flag in flags:
        for pk in flag.observations:
            flagged[pk].append(flag.label)
    on_chart = {o.pk for o in charted}
    for figure in shown:
        figure.flag_labels = flagged.get(figure.pk, [])
        figure.charted = figure.pk in on_chart
    return shown


def _count(pk: int) -> TrackedCount:
    return get_object_or_404(
        TrackedCount.objects.select_related(
            "parent", "merged_into", "preferred_outlet", "preferred_speaker"
        ),
        pk=pk,
    )


@login_required
@require_GET
def count_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    count = _count(pk)
    context = timeline_context(count, request.GET.get("page"))
    if request.user.has_perm("claims.change_trackedcount") and count.merged_into_id is None:
        context["rename_form"] = RenameCountForm(
            initial={"name": count.name, "version": count.version}
        )
        context["merge_form"] = MergeCountForm(count=count, initial={"version": count.version})
        context["edit_form"] = EditCountForm(count=count)
    context["can_decide"] = request.user.has_perm(DECIDER)
    fragment = request.htmx.target if request.htmx.target in TIMELINE_FRAGMENTS else None
    return render_htmx(request, "claims/count_detail.html", context, fragment=fragment)


def _count_page_with(
    request: HtmxHttpRequest, count: TrackedCount, status: int, **forms
) -> HttpResponse:
    context = {**timeline_context(count), "can_decide": request.user.has_perm(DECIDER)}
    context.setdefault(
        "rename_form", RenameCountForm(initial={"name": count.name, "version": count.version})
    )
    context.setdefault(
        "merge_form", MergeCountForm(count=count, initial={"version": count.version})
    )
    context.setdefault("edit_form", EditCountForm(count=count))
    context.update(forms)
    fragment = "count-head" if request.htmx else None
    return render_htmx(
        request, "claims/count_detail.html", context, fragment=fragment, status=status
    )


def _refused(form, change) -> int | None:
    """Run the service call `change`; None when it is done, else the status of its refusal
    (409 a stale form, 400 anything else) with the reason on `form`."""
    try:
        change()
    except services.ConflictError as exc:
        form.add_error(None, str(exc))
        return 409
    except services.ClaimDeskError as exc:
        form.add_error(None, str(exc))
        return 400
    return None


@login_required
@permission_required("claims.change_trackedcount", raise_exception=True)
@require_POST
def count_rename(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    count = _count(pk)
    form = RenameCountForm(request.POST)
    status = 400
    if form.is_valid():
        refused = _refused(
            form,
            lambda: services.rename_count(
                count,
                actor=request.user,
                name=form.cleaned_data["name"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        count = _count(pk)
        if refused:
            status = refused
        else:
            if not request.htmx:
                messages.success(request, f"Renamed to “{count.name}”.")
                return redirect(count.get_absolute_url())
            return _count_page_with(request, count, 200)
    return _count_page_with(request, count, status, rename_form=form)


@login_required
@permission_required("claims.change_trackedcount", raise_exception=True)
@require_POST
def count_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Every field of a count in one form; one history row lists what changed."""
    count = _count(pk)
    form = EditCountForm(request.POST, count=count)
    status = 400
    if form.is_valid():
        refused = _refused(
            form,
            lambda: services.edit_count(
                count,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                **form.count_fields(),
            ),
        )
        if refused == 409:
            count = _count(pk)
        if refused:
            status = refused
        else:
            messages.success(request, f"“{count.name}” was changed.")
            if request.htmx:  # the flags and the chart may change too: the whole page again
                return HttpResponseClientRedirect(count.get_absolute_url())
            return redirect(count.get_absolute_url())
    return _count_page_with(request, count, status, edit_form=form)


@login_required
@permission_required("claims.change_trackedcount", raise_exception=True)
@require_POST
def count_merge(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    count = _count(pk)
    form = MergeCountForm(request.POST, count=count)
    status = 400
    if form.is_valid():
        into = form.cleaned_data["into"]
        refused = _refused(
            form,
            lambda: services.merge_counts(
                count,
                into=into,
                actor=request.user,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if refused == 409:
            count = _count(pk)
        if refused:
            status = refused
        else:
            messages.success(request, f"“{count.name}” was merged into “{into.name}”.")
            if request.htmx:
                return HttpResponseClientRedirect(into.get_absolute_url())
            return redirect(into.get_absolute_url())
    return _count_page_with(request, count, status, merge_form=form)


# --- exports ---------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    ("observation_id", lambda o: o.pk),
    ("as_of", lambda o: o.as_of.isoformat()),
    ("text", lambda o: o.claim.text),
    ("qualifier", lambda o: o.claim.get_qualifier_display()),  # words: "=" would be a formula
    ("low", lambda o: plain_number(o.low)),
    ("high", lambda o: plain_number(o.high)),
    ("state", lambda o: o.state),
    ("claim_status", lambda o: o.claim.status),
    ("claimant", lambda o: o.claim.claimant.name if o.claim.claimant_id else ""),
    ("outlet", lambda o: o.claim.article.outlet.name if o.claim.article.outlet_id else ""),
    ("article_id", lambda o: o.claim.article_id),
    ("article_title", lambda o: o.claim.article.title),
    ("published_on", lambda o: o.claim.article.published_on or ""),
    ("claim_id", lambda o: o.claim_id),
    ("score", lambda o: o.score),
    ("decided_by", lambda o: o.decided_by.get_username() if o.decided_by_id else ""),
    ("decided_at", lambda o: o.decided_at.isoformat() if o.decided_at else ""),
]


def _export_rows(count: TrackedCount) -> Iterator[Observation]:
    return (
        Observation.objects.filter(count=count)
        .with_sources()
        .select_related("decided_by")
        .defer("claim__article__body")
        .order_by("as_of", "pk")
        .iterator(chunk_size=2000)
    )


@login_required
@export_limit
@require_GET
def count_export_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    count = _count(pk)
    rows = ([value(o) for _, value in EXPORT_COLUMNS] for o in _export_rows(count))
    return _csv_response(f"count-{count.pk}", [name for name, _ in EXPORT_COLUMNS], rows)


@login_required
@export_limit
@require_GET
def count_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    count = _count(pk)
    document = {
        "count": {
            "id": count.pk,
            "name": count.name,
            "places": count.places,
            "window_start": count.window_start.isoformat() if count.window_start else None,
            "only_grows": count.only_grows,
            "unit": count.unit,
            "definition": count.definition,
            "parent": count.parent_id,
            "merged_into": count.merged_into_id,
        },
        "observations": [
            {name: value(o) for name, value in EXPORT_COLUMNS} for o in _export_rows(count)
        ],
    }
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1, default=str),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="claimdesk-count-{count.pk}-{stamp}.json"'
    )
    return response


# --- deciding a suggestion -------------------------------------------------------------------


@login_required
@permission_required(DECIDER, raise_exception=True)
@require_POST
def observation_decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Confirm or reject a suggested figure, from a claim's card or the timeline; the same
    card (or the timeline) comes back, 409 with the current state on a conflict."""
    observation = get_object_or_404(Observation.objects.select_related("count", "claim"), pk=pk)
    form = DecideObservationForm(request.POST)
    status, notice, conflict = 400, "", ""
    if form.is_valid():
        try:
            services.decide_observation(
                observation,
                actor=request.user,
                state=form.cleaned_data["state"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except services.ConflictError as exc:
            status, conflict = 409, str(exc)
        except services.ClaimDeskError as exc:
            form.add_error(None, str(exc))
            conflict = str(exc)
        else:
            status = 200
            verb = "Confirmed" if form.cleaned_data["state"] == "confirmed" else "Rejected"
            notice = f"{verb}: {observation.claim.text} as a figure of “{observation.count.name}”."
    else:
        conflict = "; ".join(e for errors in form.errors.values() for e in errors)
    target = request.htmx.target or ""
    if target == "review-card" or target.startswith("card-"):
        item = get_item("claim", observation.claim_id)
        context = review.card_context(item, article_id=None, notice=notice, conflict=conflict)
        return review.render_card(request, context, status)
    if target == "count-timeline":
        count = _count(observation.count_id)
        context = {
            **timeline_context(count, request.POST.get("page")),
            "can_decide": True,
            "notice": notice,
            "conflict": conflict,
        }
        return render_htmx(
            request, "claims/count_detail.html", context, fragment="count-timeline", status=status
        )
    if status != 200:  # without JavaScript: the count's page, with what went wrong
        count = _count(observation.count_id)
        context = {**timeline_context(count), "can_decide": True, "conflict": conflict}
        return render_htmx(
            request, "claims/count_detail.html", context, fragment=None, status=status
        )
    messages.success(request, notice)
    following = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(following, {request.get_host()}, request.is_secure()):
        following = reverse("claims:count-detail", args=[observation.count_id])
    return redirect(following)


@login_required
@permission_required(DECIDER, raise_exception=True)
@require_POST
def observation_note(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Record how one figure's source counts (a definition note) from the timeline; the
    timeline comes back with its flags read again, 409 on a stale form."""
    observation = get_object_or_404(Observation.objects.select_related("count"), pk=pk)
    form = ObservationDefinitionForm(request.POST)
    status, notice, conflict = 400, "", ""
    if form.is_valid():
        try:
            services.note_observation_definition(
                observation,
                actor=request.user,
                definition=form.cleaned_data["definition"],
                expected_version=form.cleaned_data["version"],
            )
        except services.ConflictError as exc:
            status, conflict = 409, str(exc)
        except services.ClaimDeskError as exc:
            conflict = str(exc)
        else:
            status, notice = 200, f"Definition note saved for {observation.claim.text}."
    else:
        conflict = "; ".join(e for errors in form.errors.values() for e in errors)
    if status == 200 and not request.htmx:
        messages.success(request, notice)
        return redirect(observation.count.get_absolute_url())
    count = _count(observation.count_id)
    context = {
        **timeline_context(count, request.POST.get("page")),
        "can_decide": True,
        "notice": notice,
        "conflict": conflict,
    }
    fragment = "count-timeline" if request.htmx else None
    return render_htmx(
        request, "claims/count_detail.html", context, fragment=fragment, status=status
    )
