"""Human decisions on quotes and numbers: review, edit, verdict, undo. Each locks the item,
checks the version the person saw, and adds one history row."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from claims.models import ITEM_KINDS, Decision, NumericClaim, Quote, ReviewStatus, Speaker, Verdict
from claims.presentation.formatting import plain_number
from claims.services import counts, items
from claims.services.errors import (
    ClaimDeskError,
    ConflictError,
    ReviewError,
    User,
    refused_by,
    require,
)
from claims.services.speakers import find_or_create_speaker, surviving_speaker

if TYPE_CHECKING:
    from claims.models.claims import Reviewable


@transaction.atomic
def review_item(
    item: Reviewable,
    *,
    reviewer: User,
    decision: str,
    note: str = "",
    expected_version: int | None = None,
) -> Decision:
    """Approve or reject an extracted quote or claim (corrections go through `edit_item`)."""
    require(reviewer, item.review_permission)
    if decision not in (ReviewStatus.APPROVED, ReviewStatus.REJECTED):
        raise ReviewError(f"“{decision}” is not a review decision.")
    item = items.lock(item, expected_version)
    if not item.can_become(decision):
        raise (
            ConflictError(item)
            if expected_version is not None
            else ReviewError(f"An item that is “{item.get_status_display()}” cannot be {decision}.")
        )
    before = item.status
    item.status = decision
    items.bump(item, ["status"])
    recorded = items.record(
        item,
        actor=reviewer,
        action=Decision.Action.REVIEW,
        from_state=before,
        to_state=decision,
        note=note,
        changes={"status": [before, decision]},
    )
    _suggest_counts(item)
    return recorded


def _suggest_counts(item: Reviewable) -> None:
    """An approved or corrected number is offered to the counts it may belong to again (its
    words or bounds may have changed); decided suggestions are left as they are."""
    if isinstance(item, NumericClaim):
        counts.suggest_for_claims([item])


@dataclass
class BulkResult:
    done: int = 0
    skipped: list[str] = field(default_factory=list)  # why each refused item was left alone


@transaction.atomic
def review_items(
    keys: list[tuple[str, int]],
    *,
    reviewer: User,
    decision: str,
    note: str = "",
    seen_versions: Mapping[tuple[str, int], int] | None = None,
) -> BulkResult:
    """Approve or reject many items at once, each as its own decision in one transaction.

    `keys` are (item_type, pk) pairs. An item that is gone or cannot take the decision is
    skipped with its reason; the others are decided. `seen_versions` holds the version at
    which the editor saw each item (in the preview or the list): an item changed since then,
    even one awaiting review again after an undo, is skipped, not decided on what the editor
    did not see. Items are locked in one order (kind, then id), so two bulk decisions over
    overlapping items cannot deadlock.
    """
    seen = seen_versions or {}
    result = BulkResult()
    for item_type, pk in sorted(set(keys)):
        model = ITEM_KINDS[item_type]
        item = model.objects.filter(pk=pk).first()
        if item is None:
            result.skipped.append(f"{item_type} {pk} no longer exists")
            continue
        try:
            with transaction.atomic():
                review_item(
                    item,
                    reviewer=reviewer,
                    decision=decision,
                    note=note,
                    expected_version=seen.get((item_type, pk)),
                )
        except ConflictError as exc:
            now = exc.current.get_status_display()
            result.skipped.append(
                f"{item_type} {pk} changed since you saw it (it is now “{now}”); left as it is"
            )
        except ReviewError as exc:
            result.skipped.append(f"{item_type} {pk}: {exc}")
        else:
            result.done += 1
    return result


def _as_json(value: Any) -> Any:
    """A field value as the history keeps it: numbers as written ("40", "48.5"), rows by id."""
    if isinstance(value, Decimal):
        return plain_number(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def edit_item(
    item: Reviewable,
    *,
    editor: User,
    changes: dict[str, Any],
    note: str = "",
    expected_version: int | None = None,
) -> Decision:
    """Correct an extracted or approved item; it becomes "approved with edits".

    Only the fields an editor may fix are accepted. The person (speaker or claimant) may be
    given as a name: it is found or created here, in the edit's transaction, so a refused edit
    creates no speaker. The quote text follows its span, so it always matches the
    article. The database refuses spans outside the text and inconsistent bounds; that
    surfaces here as `ReviewError`.
    """
    require(editor, item.review_permission)
    allowed = item.editable_fields
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ReviewError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    person = changes.get(item.person_field)
    if isinstance(person, str):
        changes = {**changes, item.person_field: _locked_speaker(person)}
    item = items.lock(item, expected_version, reads_text=True)
    if not item.can_become(ReviewStatus.EDITED):
        raise ReviewError(f"An item that is “{item.get_status_display()}” cannot be edited.")
    diff: dict[str, list[Any]] = {}
    for name, value in changes.items():
        before = getattr(item, name)
        if before != value:
            diff[name] = [_as_json(before), _as_json(value)]
            setattr(item, name, value)
    if not diff:
        raise ReviewError("Nothing was changed.")
    if "start" in diff or "end" in diff:
        if not 0 <= item.start < item.end <= len(item.article.body):
            raise ReviewError("The span must lie inside the article text, start before end.")
        item.text = item.text_from_span()
    check_person_span(item)
    before_status = item.status
    item.status = ReviewStatus.EDITED
    fields = [name for name in allowed if name in diff]
    if "start" in diff or "end" in diff:
        fields.append("text")
    try:
        with transaction.atomic():
            items.bump(item, [*fields, "status"])
    except IntegrityError as exc:
        raise _refusal(exc) from None
    recorded = items.record(
        item,
        actor=editor,
        action=Decision.Action.EDIT,
        from_state=before_status,
        to_state=ReviewStatus.EDITED,
        note=note,
        changes={**diff, "status": [before_status, ReviewStatus.EDITED]},
    )
    _suggest_counts(item)
    return recorded


def _lock_speaker(find: Callable[[], int]) -> int:
    """The id `find` answers, its speaker row locked against a merge until commit.

    Speakers are locked before the article and the item, the order a merge takes (speakers,
    then their items). A merge that wins the race deletes the speaker found a moment ago and
    moves its aliases and records the merge, so asking `find` again gives the survivor.
    """
    for _ in range(3):
        try:
            pk = find()
        except ClaimDeskError as exc:  # a name with no letters, a speaker deleted since
            raise ReviewError(str(exc)) from None
        if Speaker.objects.select_for_update(no_key=True).filter(pk=pk).first() is not None:
            return pk
    raise ReviewError("That speaker was merged while you were working on this; try again.")


def _locked_speaker(name: str) -> Speaker | None:
    """The speaker `name` stands for (created if new), locked (`_lock_speaker`)."""
    name = " ".join(name.split())
    if not name:
        return None
    return Speaker.objects.get(pk=_lock_speaker(lambda: find_or_create_speaker(name).pk))


# What an editor is told when the database refuses an edit: the constraints (PostgreSQL names,
# SQLite messages) an edit can run into, each with its reason in words.
EDIT_REFUSALS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        (
            "quote_unique_span_kind",
            "claim_unique_span",
            "UNIQUE constraint failed: claims_quote.article_id",
            "UNIQUE constraint failed: claims_numericclaim.article_id",
        ),
        "another item already covers exactly this span.",
    ),
    (("span_inside_article", "ends outside"), "the span lies outside the article text."),
    (("text_is_article_slice",), "the words are not the article's at those offsets."),
    (
        ("claim_has_a_number", "claim_lower", "claim_value", "claim_upper", "claim_range"),
        "the bounds do not fit the value and qualifier.",
    ),
)


def _refusal(exc: IntegrityError, what: str = "edit") -> ReviewError:
    """The `what` refused by a constraint, in words; an unexpected violation is raised as is."""
    for names, reason in EDIT_REFUSALS:
        if refused_by(exc, *names):
            return ReviewError(f"The database refused this {what}: {reason}")
    raise exc


def check_person_span(item: Reviewable) -> None:
    """`ReviewError` unless the item's person mention (if its kind has one) is empty or a span
    inside the article text: the database would refuse it, in words people cannot read."""
    if item.person_span is None:
        return
    low, high = (getattr(item, name) for name in item.person_span)
    if low is None and high is None:
        return
    if low is None or high is None or not 0 <= low < high <= len(item.article.body):
        raise ReviewError(
            "The speaker's mention must be a span inside the article text, start before end "
            "(or both offsets empty)."
        )


@transaction.atomic
def record_verdict(
    quote: Quote,
    *,
    checker: User,
    verdict: str,
    evidence_url: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> Decision:
    """A fact-checker's verdict on an approved quote; a changed verdict is a new history row."""
    require(checker, "claims.verify_quote")
    if verdict not in Verdict.values or verdict == Verdict.UNCHECKED:
        raise ReviewError(f"“{verdict}” is not a verdict.")
    quote = items.lock(quote, expected_version)
    if not quote.can_be_verified:
        raise ReviewError("Only an approved quote can be fact-checked.")
    before = quote.verdict
    quote.verdict = verdict
    quote.evidence_url = evidence_url
    quote.verdict_note = note
    quote.verified_at = timezone.now()
    quote.verified_by = checker
    items.bump(quote, ["verdict", "evidence_url", "verdict_note", "verified_at", "verified_by"])
    return items.record(
        quote,
        actor=checker,
        action=Decision.Action.VERDICT,
        from_state=before,
        to_state=verdict,
        note=note,
        changes={"verdict": [before, verdict], "evidence_url": [None, evidence_url]},
    )


def _speakers_to_restore(decision: Decision) -> dict[int, int]:
    """For each speaker id an undo would put back: the speaker it goes by now (history keeps
    the id as it was; a speaker merged since lives on as another), locked against a merge
    until commit. Locked before the item, the order a merge takes (speakers, then items)."""
    found: dict[int, int] = {}
    for name, (before, _after) in decision.changes.items():
        field = type(decision.item)._meta.get_field(name) if name != "evidence_url" else None
        if field is None or not field.is_relation or field.related_model is not Speaker:
            continue
        if before is not None:
            found[before] = _lock_speaker(lambda before=before: surviving_speaker(before))
    return found


@transaction.atomic
def undo_decision(decision: Decision, *, actor: User) -> Decision:
    """Put an item back as it was before `decision`, recorded as a decision of its own.

    Only the latest decision on an item can be undone (an older one would silently discard
    what came after it), and only by its author or an admin.
    """
    speakers = _speakers_to_restore(decision)  # locked first, as a merge locks them
    item = items.lock(
        decision.item, None, reads_text=bool({"start", "end"} & set(decision.changes))
    )
    permission = (
        "claims.verify_quote"
        if decision.action == Decision.Action.VERDICT
        else item.review_permission
    )
    require(actor, permission)
    if decision.actor_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied("Only the author of a decision or an admin can undo it.")
    if decision.action == Decision.Action.UNDO:
        raise ReviewError("An undo cannot itself be undone; decide again instead.")
    if decision.action == Decision.Action.MOVE:
        raise ReviewError("A move follows a revision of the article text; it cannot be undone.")
    if decision.action == Decision.Action.UNLINK:
        raise ReviewError("A name that names nobody cannot be put back; pick the speaker instead.")
    latest = Decision.objects.for_item(item).last()
    if latest is None or latest.pk != decision.pk:
        raise ConflictError(item)
    if decision.action == Decision.Action.ADD:
        return _withdraw(item, decision, actor=actor)
    restored: dict[str, list[Any]] = {}
    fields: list[str] = []
    for name, (before, after) in decision.changes.items():
        if name == "evidence_url":
            continue
        field = type(item)._meta.get_field(name)
        value = before
        if field.is_relation:
            name = field.attname
            if field.related_model is Speaker and value is not None:
                value = speakers[value]
            restored[name] = [getattr(item, name), value]
        else:
            if isinstance(field, models.DecimalField) and value is not None:
                value = Decimal(value)
            restored[name] = [after, before]
        setattr(item, name, value)
        fields.append(name)
    if "start" in fields or "end" in fields:
        item.text = item.text_from_span()
        fields.append("text")
    if decision.action == Decision.Action.VERDICT:
        previous = (
            Decision.objects.for_item(item)
            .filter(action=Decision.Action.VERDICT)
            .exclude(pk=decision.pk)
            .exclude(undone_by__isnull=False)
            .last()
        )
        item.evidence_url = previous.changes.get("evidence_url", [None, ""])[1] if previous else ""
        item.verdict_note = previous.note if previous else ""
        fields += ["evidence_url", "verdict_note"]
    items.bump(item, fields)
    return items.record(
        item,
        actor=actor,
        action=Decision.Action.UNDO,
        from_state=decision.to_state,
        to_state=decision.from_state,
        note=f"Undid decision {decision.pk}",
        changes=restored,
        undoes=decision,
    )


def _withdraw(item: Reviewable, decision: Decision, *, actor: User) -> Decision:
    """Undo an item's addition by hand: it stays, rejected, so its history stays readable."""
    before = item.status
    item.status = ReviewStatus.REJECTED
    items.bump(item, ["status"])
    return items.record(
        item,
        actor=actor,
        action=Decision.Action.UNDO,
        from_state=before,
        to_state=ReviewStatus.REJECTED,
        note=f"Undid decision {decision.pk}: the item added by hand is withdrawn",
        changes={"status": [before, ReviewStatus.REJECTED]},
        undoes=decision,
    )
