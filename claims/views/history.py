"""One quote's or claim's decision history, oldest first."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from claims.models import (
    Decision,
    NumericClaim,
    Quote,
    ReviewStatus,
    Speaker,
    SpeakerMerge,
    Verdict,
)
from claims.views.common import HtmxHttpRequest, get_item, render_htmx

SPEAKER_FIELDS = {"speaker", "speaker_id", "claimant", "claimant_id"}
STATE_LABELS = {**dict(Verdict.choices), **dict(ReviewStatus.choices)}


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryRow:
    decision: Decision
    from_state: str
    to_state: str
    changes: list[Change]


def _label(item: Quote | NumericClaim, field: str) -> str:
    try:
        return str(type(item)._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field since removed from the model: show its stored name
        return field


def _speaker_names(ids: set[int]) -> dict[int, str]:
    """Each speaker id as a reader should see it: a speaker merged away since by its name then
    and the speaker it went into (merges looked up only when some id is gone)."""
    names = dict(Speaker.objects.filter(pk__in=ids).values_list("pk", "name"))
    merged = SpeakerMerge.objects.resolve(ids - names.keys())
    into = {survivor for _, survivor in merged.values()}
    survivors = dict(Speaker.objects.filter(pk__in=into).values_list("pk", "name")) if into else {}
    for pk, (old_name, survivor) in merged.items():
        names[pk] = f"{old_name} (merged into {survivors.get(survivor, f'speaker #{survivor}')})"
    return names


def _rows(item: Quote | NumericClaim, decisions: list[Decision]) -> list[HistoryRow]:
    """Each decision readable: states by label, speakers by name (one query for all of them)."""
    speaker_ids = {
        value
        for decision in decisions
        for field, pair in decision.changes.items()
        if field in SPEAKER_FIELDS
        for value in pair
        if isinstance(value, int)
    }
    names = _speaker_names(speaker_ids)

    def shown(field: str, value: Any) -> Any:
        if value is None or value == "":
            return "—"
        if field in SPEAKER_FIELDS:
            return names.get(value, f"speaker #{value} (deleted since)")
        if field in ("status", "verdict"):
            return STATE_LABELS.get(value, value)
        return value

    return [
        HistoryRow(
            decision=decision,
            from_state=STATE_LABELS.get(decision.from_state, decision.from_state) or "—",
            to_state=STATE_LABELS.get(decision.to_state, decision.to_state) or "—",
            changes=[
                Change(_label(item, field), shown(field, before), shown(field, after))
                for field, (before, after) in decision.changes.items()
            ],
        )
        for decision in decisions
    ]


@login_required
@require_GET
@permission_required("claims.view_decision", raise_exception=True)
def item_history(request: HtmxHttpRequest, kind: str, pk: int) -> HttpResponse:
    item = get_item(kind, pk)
    rows = _rows(item, list(Decision.objects.for_item(item)))
    context = {"item": item, "kind": kind, "rows": rows}
    return render_htmx(request, "claims/item_history.html", context, fragment="history-table")
