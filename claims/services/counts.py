"""Tracked counts: create, rename and merge them; suggest which count a numeric claim belongs
to; confirm or reject those suggestions. Every human change locks its row, checks the version
the person saw, and adds one `CountDecision`.

The matching rules (what a claim counts, its interval, its as-of date, which counts fit it)
live in `claims.counts`, pure Python shared with the `link_counts` command; this module only
reads rows into them and stores what they answer.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims import countmatch
from claims.counts import linking
from claims.models import (
    CountDecision,
    NumericClaim,
    Observation,
    Outlet,
    ReviewStatus,
    Speaker,
    TrackedCount,
)
from claims.presentation.formatting import plain_number
from claims.services.errors import ClaimDeskError, ConflictError, ReviewError, User, require

# How many counts one claim is offered at most, and the least score worth showing an editor.
SUGGESTIONS_PER_CLAIM = 3
MIN_SCORE = 0.35


class CountError(ClaimDeskError):
    pass


class CountConflict(ConflictError):
    """Someone changed the count or observation first: `current` is it as it now stands."""

    def __init__(self, current: TrackedCount | Observation) -> None:
        if isinstance(current, Observation):
            state = current.get_state_display().lower()
            who = f" by {current.decided_by}" if current.decided_by_id else ""
            message = (
                f"This suggestion was changed while you were looking at it: it is now {state}{who}."
            )
        else:
            message = f"This count was changed while you were looking at it (now “{current.name}”)."
        ReviewError.__init__(self, message + " Nothing of yours was saved.")
        self.current = current


def _record(
    count: TrackedCount,
    *,
    actor: User,
    action: str,
    observation: Observation | None = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    changes: dict[str, list[Any]] | None = None,
) -> CountDecision:
    """The history row for a change that produced the current version of its subject."""
    return CountDecision.objects.create(
        count=count,
        observation=observation,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        changes=changes or {},
        item_version=observation.version if observation is not None else count.version,
    )


def _lock_count(count: TrackedCount, expected_version: int | None) -> TrackedCount:
    current = TrackedCount.objects.select_for_update().filter(pk=count.pk).first()
    if current is None:
        raise CountError("That count no longer exists; reload the page.")
    if expected_version is not None and current.version != expected_version:
        raise CountConflict(current)
    if current.merged_into_id is not None:
        raise CountError(f"“{current.name}” was merged into another count; change that one.")
    return current


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


COUNT_FIELDS = (
    "name",
    "places",
    "window_start",
    "only_grows",
    "unit",
    "definition",
    "preferred_outlet",
    "preferred_speaker",
    "parent",
)


@transaction.atomic
def create_count(
    *,
    actor: User,
    name: str,
    places: str = "",
    window_start: datetime.date | None = None,
    only_grows: bool = True,
    unit: str = "",
    definition: str = "",
    preferred_outlet: Outlet | None = None,
    preferred_speaker: Speaker | None = None,
    parent: TrackedCount | None = None,
    from_claim: NumericClaim | None = None,
    note: str = "",
) -> TrackedCount:
    """A new count, recorded in its history. Given `from_claim`, that claim is its first
    confirmed figure, and the other claims that fit the new count are suggested for it."""
    require(actor, "claims.add_trackedcount")
    if parent is not None:
        parent = _lock_count(parent, None)
    count = TrackedCount(
        name=" ".join(name.split()),
        concept=countmatch.concept(name),
        places=" ".join(places.split()),
        window_start=window_start,
        only_grows=only_grows,
        unit=unit.strip(),
        definition=definition.strip(),
        preferred_outlet=preferred_outlet,
        preferred_speaker=preferred_speaker,
        parent=parent,
    )
    try:
        count.full_clean()
    except ValidationError as exc:
        raise CountError(" ".join(exc.messages)) from None
    count.save()
    changes = {field: [None, _json(getattr(count, field))] for field in COUNT_FIELDS}
    _record(count, actor=actor, action=CountDecision.Action.CREATE, note=note, changes=changes)
    if from_claim is not None:
        claim = NumericClaim.objects.select_related("article").get(pk=from_claim.pk)
        observation = Observation.objects.create(
            claim=claim,
            count=count,
            score=1,
            reasons=["the editor started this count from this figure"],
            state=Observation.State.CONFIRMED,
            decided_by=actor,
            decided_at=timezone.now(),
            **countmatch.observation_fields(claim),
        )
        _record(
            count,
            actor=actor,
            action=CountDecision.Action.CONFIRM,
            observation=observation,
            from_state="",
            to_state=Observation.State.CONFIRMED,
            changes={"state": [None, Observation.State.CONFIRMED]},
        )
        suggest_for_count(count)
    return count


# The score of a figure suggested because it made the proposal its count was started from.
PROPOSED_SCORE = 0.5


@transaction.atomic
def start_proposed_count(
    *,
    actor: User,
    name: str,
    places: str,
    claims: Iterable[NumericClaim],
    note: str = "",
) -> TrackedCount:
    """A count started from a proposal of the counts page: created and recorded like any
    count, and every figure of the proposal suggested for it (one to confirm at a time, like
    every suggestion); other numbers that fit it are suggested too."""
    require(actor, "claims.add_trackedcount")
    ids = sorted({c.pk for c in claims})
    figures = list(NumericClaim.objects.select_related("article").filter(pk__in=ids).order_by("pk"))
    if not figures or len(figures) != len(ids):
        raise CountError("A number of this proposal is no longer there; reload the page.")
    if any(c.status == ReviewStatus.REJECTED for c in figures):
        raise CountError("A number of this proposal was rejected meanwhile; reload the page.")
    articles = len({c.article_id for c in figures})
    count = create_count(
        actor=actor,
        name=name,
        places=places,
        only_grows=linking.only_grows(countmatch.concept(name)),
        note=note or f"Proposed from {len(figures)} figures in {articles} articles.",
    )
    present = set(count.observations.values_list("claim_id", flat=True))
    reason = f"proposed with this count: one of {len(figures)} figures in {articles} articles"
    Observation.objects.bulk_create(
        Observation(
            claim=claim,
            count=count,
            score=PROPOSED_SCORE,
            reasons=[reason],
            **countmatch.observation_fields(claim),
        )
        for claim in figures
        if claim.pk not in present
    )
    return count


@transaction.atomic
def rename_count(
    count: TrackedCount,
    *,
    actor: User,
    name: str,
    note: str = "",
    expected_version: int | None = None,
) -> CountDecision:
    require(actor, "claims.change_trackedcount")
    count = _lock_count(count, expected_version)
    name = " ".join(name.split())
    if not name:
        raise CountError("A count needs a name.")
    if name == count.name:
        raise CountError("The name is the same as before.")
    before = count.name
    count.name = name
    count.concept = countmatch.concept(name)
    count.version += 1
    count.save(update_fields=["name", "concept", "version", "updated_at"])
    return _record(
        count,
        actor=actor,
        action=CountDecision.Action.RENAME,
        note=note,
        changes={"name": [before, name]},
    )


@transaction.atomic
def edit_count(
    count: TrackedCount,
    *,
    actor: User,
    expected_version: int | None,
    note: str = "",
    **fields: Any,
) -> CountDecision:
    """Change what a count is: any of `COUNT_FIELDS` (name, places, window start, only grows,
    unit, definition note, preferred source, the total it is a part of). One history row
    holds every field changed, before and after; a stale version is a conflict. When what is
    counted, where or since when changes, suggestions for it are made again (decided figures
    stay as they are)."""
    require(actor, "claims.change_trackedcount")
    unknown = set(fields) - set(COUNT_FIELDS)
    if unknown:
        raise CountError(f"A count has no field {', '.join(sorted(unknown))}.")
    parent = fields.get("parent")
    ids = [count.pk] + ([parent.pk] if parent is not None else [])
    # Both rows locked in one statement, in primary-key order, as a merge does: no deadlock.
    locked = {c.pk: c for c in TrackedCount.objects.select_for_update().filter(pk__in=ids)}
    if count.pk not in locked:
        raise CountError("That count no longer exists; reload the page.")
    current = locked[count.pk]
    if expected_version is not None and current.version != expected_version:
        raise CountConflict(current)
    if current.merged_into_id is not None:
        raise CountError(f"“{current.name}” was merged into another count; change that one.")
    if parent is not None:
        parent = locked.get(parent.pk)
        _check_parent(current, parent)
        fields["parent"] = parent
    for name in ("name", "places"):
        if name in fields:
            fields[name] = " ".join(str(fields[name]).split())
    for name in ("unit", "definition"):
        if name in fields:
            fields[name] = str(fields[name]).strip()
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        before = getattr(current, name)
        if _json(before) != _json(value):
            changes[name] = [_json(before), _json(value)]
            setattr(current, name, value)
    if not changes:
        raise CountError("Nothing was changed.")
    if "name" in changes:
        current.concept = countmatch.concept(current.name)
    try:
        current.full_clean()
    except ValidationError as exc:
        raise CountError(" ".join(exc.messages)) from None
    current.version += 1
    current.save(update_fields=[*changes, "concept", "version", "updated_at"])
    decision = _record(
        current, actor=actor, action=CountDecision.Action.EDIT, note=note, changes=changes
    )
    if changes.keys() & {"name", "places", "window_start"}:
        suggest_for_count(current)
    return decision


def _check_parent(count: TrackedCount, parent: TrackedCount | None) -> None:
    """A count may be a part of a live total other than itself and its own parts."""
    if parent is None:
        raise CountError("The count it is a part of no longer exists.")
    if parent.pk == count.pk:
        raise CountError("A count cannot be a part of itself.")
    if parent.merged_into_id is not None:
        raise CountError(f"“{parent.name}” was merged into another count; choose that one.")
    if _is_within(parent, count):
        raise CountError(f"“{parent.name}” is a part of this count; it cannot be its total.")


@transaction.atomic
def merge_counts(
    source: TrackedCount,
    *,
    into: TrackedCount,
    actor: User,
    note: str = "",
    expected_version: int | None = None,
) -> CountDecision:
    """Fold `source` into `into`: its observations and parts follow; `source` is kept, marked
    merged, so its history still reads. Where both hold the same claim, the decided
    observation wins (`into`'s when both are); the other stays behind on `source`."""
    require(actor, "claims.change_trackedcount")
    if source.pk == into.pk:
        raise CountError("A count cannot be merged into itself.")
    # Both rows locked in one statement, in primary-key order, so two merges cannot deadlock.
    locked = {
        c.pk: c
        for c in TrackedCount.objects.select_for_update().filter(pk__in=[source.pk, into.pk])
    }
    if len(locked) < 2:
        raise CountError("One of the two counts no longer exists; reload the page.")
    source, into = locked[source.pk], locked[into.pk]
    if expected_version is not None and source.version != expected_version:
        raise CountConflict(source)
    if source.merged_into_id or into.merged_into_id:
        raise CountError("One of the two counts was already merged into another.")
    if into.parent_id == source.pk or source.parent_id == into.pk:
        raise CountError("A part and its total are different counts; they cannot be merged.")
    if _is_within(into, source):  # its parts would follow it and become parts of their own part
        raise CountError(
            "That count is a part of a part of this one; a total cannot be merged into its part."
        )

    theirs = {o.claim_id: o for o in Observation.objects.select_for_update().filter(count=into)}
    moved: list[int] = []
    for mine in Observation.objects.select_for_update().filter(count=source).order_by("pk"):
        other = theirs.get(mine.claim_id)
        if other is not None:
            if other.is_decided or not mine.is_decided:
                continue
            other.delete()  # only a suggestion, with no history, gives way
        mine.count = into
        mine.version += 1
        mine.save(update_fields=["count", "version", "updated_at"])
        moved.append(mine.pk)
    parts = list(source.parts.values_list("pk", flat=True))
    source.parts.update(parent=into)

    source.merged_into = into
    source.version += 1
    source.save(update_fields=["merged_into", "version", "updated_at"])
    into.version += 1
    into.save(update_fields=["version", "updated_at"])
    _record(
        source,
        actor=actor,
        action=CountDecision.Action.MERGE,
        note=note,
        changes={"merged_into": [None, into.pk]},
    )
    return _record(
        into,
        actor=actor,
        action=CountDecision.Action.MERGE,
        note=note,
        changes={"merged_from": [None, source.pk], "observations": moved, "parts": parts},
    )


def _is_within(count: TrackedCount, total: TrackedCount) -> bool:
    """Whether `count` is a part, or a part of a part (any depth), of `total`."""
    seen: set[int] = set()
    parent_id = count.parent_id
    while parent_id is not None and parent_id not in seen:
        if parent_id == total.pk:
            return True
        seen.add(parent_id)
        parent_id = (
            TrackedCount.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        )
    return False


def _lock_observation(observation: Observation, expected_version: int | None) -> Observation:
    current = (
        Observation.objects.select_for_update(of=("self",))
        .select_related("count", "decided_by")
        .filter(pk=observation.pk)
        .first()
    )
    if current is None:
        raise CountError("That suggestion is no longer there (suggestions are refreshed).")
    if expected_version is not None and current.version != expected_version:
        raise CountConflict(current)
    return current


@transaction.atomic
def decide_observation(
    observation: Observation,
    *,
    actor: User,
    state: str,
    note: str = "",
    expected_version: int | None = None,
) -> CountDecision:
    """Confirm or reject that a claim is a figure of a count. A decided observation may be
    decided the other way later (a new history row); re-running suggestions never touches it."""
    require(actor, "claims.decide_observation")
    if state not in (Observation.State.CONFIRMED, Observation.State.REJECTED):
        raise ReviewError(f"“{state}” is not a decision on a suggestion.")
    current = _lock_observation(observation, expected_version)
    if current.state == state:
        raise ReviewError(f"It is already {current.get_state_display().lower()}.")
    before = current.state
    current.state = state
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.version += 1
    current.save(update_fields=["state", "decided_by", "decided_at", "version", "updated_at"])
    action = (
        CountDecision.Action.CONFIRM
        if state == Observation.State.CONFIRMED
        else CountDecision.Action.REJECT
    )
    return _record(
        current.count,
        actor=actor,
        action=action,
        observation=current,
        from_state=before,
        to_state=state,
        note=note,
        changes={"state": [before, state]},
    )


@transaction.atomic
def note_observation_definition(
    observation: Observation,
    *,
    actor: User,
    definition: str,
    expected_version: int | None = None,
) -> CountDecision:
    """Record how the source of one figure counts, where it differs from the count's own
    definition: the flags then call a lower figure under another definition a divergence,
    not a regression. Versioned and recorded like a decision on the figure."""
    require(actor, "claims.decide_observation")
    current = _lock_observation(observation, expected_version)
    definition = " ".join(definition.split())
    if definition == current.definition:
        raise CountError("The definition note is the same as before.")
    before = current.definition
    current.definition = definition
    current.version += 1
    current.save(update_fields=["definition", "version", "updated_at"])
    return _record(
        current.count,
        actor=actor,
        action=CountDecision.Action.EDIT,
        observation=current,
        from_state=current.state,
        to_state=current.state,
        changes={"definition": [before, definition]},
    )


def suggest_for_claims(claims: Iterable[NumericClaim]) -> list[Observation]:
    """Store the best candidate counts of each claim as suggested observations.

    A confirmed or rejected observation is never changed or removed; a suggestion found again
    is refreshed in place (its version goes up when it changes, so a card showing the old one
    gets a conflict); a suggestion no longer made is removed (it has no history). Rejected
    claims get no new suggestions. Runs inside the caller's transaction.
    """
    claims = [c for c in claims if c.status != ReviewStatus.REJECTED]
    if not claims:
        return []
    found = countmatch.suggestions(claims, limit=SUGGESTIONS_PER_CLAIM, min_score=MIN_SCORE)
    return _store(claims, found)


def suggest_for_count(count: TrackedCount) -> list[Observation]:
    """Suggest a new (or renamed) count for the claims that look like its figures."""
    claims = countmatch.claims_like(count)
    found = countmatch.suggestions(
        claims, limit=SUGGESTIONS_PER_CLAIM, min_score=MIN_SCORE, only=count
    )
    return _store(claims, found, only=count)


def _store(
    claims: list[NumericClaim],
    found: dict[int, list[countmatch.Found]],
    *,
    only: TrackedCount | None = None,
) -> list[Observation]:
    rows = Observation.objects.select_for_update().filter(claim__in=[c.pk for c in claims])
    if only is not None:
        rows = rows.filter(count=only)
    existing: dict[int, dict[int, Observation]] = defaultdict(dict)
    for row in rows.order_by("pk"):
        existing[row.claim_id][row.count_id] = row
    stored: list[Observation] = []
    new: list[Observation] = []
    stale: list[int] = []
    for claim in claims:
        mine = existing.get(claim.pk, {})
        offered = {f.count_id: f for f in found.get(claim.pk, [])}
        for count_id, row in mine.items():
            if not row.is_decided and count_id not in offered:
                stale.append(row.pk)
        for count_id, suggestion in offered.items():
            row = mine.get(count_id)
            fields = {
                "score": suggestion.score,
                "reasons": suggestion.reasons,
                **suggestion.fields,
            }
            if row is None:
                new.append(Observation(claim=claim, count_id=count_id, **fields))
            elif not row.is_decided and _differs(row, fields):
                row.version += 1
                row.save(update_fields=[*fields, "version", "updated_at"])
                stored.append(row)
    Observation.objects.filter(pk__in=stale).delete()
    stored += Observation.objects.bulk_create(new)
    return stored


def _differs(row: Observation, fields: dict[str, Any]) -> bool:
    changed = False
    for name, value in fields.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed
