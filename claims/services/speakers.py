"""Speakers: one row per person or organisation, found by any name they go by, and merged."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import (
    ITEM_KINDS,
    Decision,
    Speaker,
    SpeakerAlias,
    SpeakerMerge,
    normalize_alias,
)
from claims.services import items
from claims.services.errors import ClaimDeskError, User, require, violates
from claims.text.names import NOT_NAMES, is_a_name, not_a_name_message

logger = logging.getLogger(__name__)


class SpeakerNameError(ClaimDeskError, ValueError):
    """A name with nothing left after normalising ("...", "—", zero-width marks), or a word
    that names nobody ("they", "who", "Unattributed": `claims.text.names`)."""


def _names(name: str, aliases: tuple[str, ...] | list[str]) -> dict[str, str]:
    """{normalised key: name as written} for `name` and then `aliases`, the first spelling of
    each key kept, keys that normalise to nothing or to a word naming nobody left out (an
    alias "he" would hand every "he said" of every article to this speaker)."""
    keys: dict[str, str] = {}
    for written in (name, *aliases):
        written = " ".join(written.split())[:300]
        keys.setdefault(normalize_alias(written), written)
    return {key: written for key, written in keys.items() if is_a_name(key)}


def _known(keys: dict[str, str]) -> Speaker | None:
    """The speaker one of `keys` names (the first key that names anyone wins), or None."""
    found = {
        alias.normalized: alias.speaker
        for alias in SpeakerAlias.objects.filter(normalized__in=keys).select_related("speaker")
    }
    for speaker in Speaker.objects.filter(normalized__in=set(keys) - set(found)):
        found[speaker.normalized] = speaker
    return next((found[key] for key in keys if key in found), None)


def _add_aliases(speaker: Speaker, keys: dict[str, str]) -> None:
    """Give `speaker` each of `keys` that nobody goes by yet. A key someone else took in the
    meantime (a concurrent request, or another speaker's alias) is left to them; a word that
    names nobody (a merged-away "they") is never an alias."""
    keys = {key: written for key, written in keys.items() if is_a_name(key)}
    taken = set(
        SpeakerAlias.objects.filter(normalized__in=keys).values_list("normalized", flat=True)
    )
    for key, written in keys.items():
        if key in taken:
            continue
        try:
            with transaction.atomic():
                SpeakerAlias.objects.create(speaker=speaker, name=written, normalized=key)
        except IntegrityError as exc:
            if not violates(exc, SpeakerAlias, "alias_normalized_unique"):
                raise


@transaction.atomic
def find_or_create_speaker(
    name: str,
    *,
    aliases: tuple[str, ...] | list[str] = (),
    role: str = "",
    organisation: str = "",
    is_organisation: bool = False,
) -> Speaker:
    """The speaker known by `name` or any of `aliases`, created when nobody is; new aliases are
    added to the speaker found, so "Blinken" in one article finds "Antony Blinken" of another.

    Safe when many requests name the same new speaker at once: the database allows one speaker
    per normalised name, and whoever loses that race re-reads the winner.
    """
    name = " ".join(name.split())[:200]
    key = normalize_alias(name)
    if not key:
        raise SpeakerNameError(f"“{name}” has no letters or digits, so it cannot name anyone.")
    if not is_a_name(key):
        raise SpeakerNameError(not_a_name_message(name))
    keys = _names(name, aliases)
    speaker = _known(keys)
    if speaker is None:
        try:
            with transaction.atomic():
                speaker = Speaker.objects.create(
                    name=name,
                    normalized=key,
                    role=role[:300],
                    organisation=organisation[:200],
                    is_organisation=is_organisation,
                )
        except IntegrityError as exc:
            if not violates(exc, Speaker, "speaker_normalized_unique"):
                raise
            speaker = Speaker.objects.get(normalized=key)  # the winner, committed meanwhile
    if role and not speaker.role:
        speaker.role = role[:300]
        speaker.save(update_fields=["role", "updated_at"])
    _add_aliases(speaker, keys)
    return speaker


@transaction.atomic
def merge_speakers(source: Speaker, *, into: Speaker, actor: User) -> Speaker:
    """Fold `source` into `into`: its quotes, claims and aliases follow, its name becomes an alias
    of `into`; `source` is deleted, and a `SpeakerMerge` row records where it went, so history
    that names it can still be read and undone."""
    require(actor, "claims.change_speaker")
    if source.pk == into.pk:
        raise ClaimDeskError("A speaker cannot be merged into itself.")
    # Both rows locked in one statement, in primary-key order, so two merges cannot deadlock.
    locked = {
        s.pk: s
        for s in Speaker.objects.select_for_update()
        .filter(pk__in=[source.pk, into.pk])
        .order_by("pk")
    }
    if len(locked) < 2:
        raise ClaimDeskError("One of the two speakers no longer exists; reload the page.")
    source, into = locked[source.pk], locked[into.pk]
    # .update() skips auto_now: set updated_at so API clients syncing by it see the new speaker
    now = timezone.now()
    source.quotes.update(speaker=into, updated_at=now)
    source.numeric_claims.update(claimant=into, updated_at=now)
    source.aliases.update(speaker=into, updated_at=now)
    fill = [f for f in ("role", "organisation") if not getattr(into, f) and getattr(source, f)]
    for field in fill:
        setattr(into, field, getattr(source, field))
    into.save(update_fields=[*fill, "updated_at"])
    SpeakerMerge.objects.create(
        merged_id=source.pk, merged_name=source.name, into=into, merged_by=actor
    )
    merged_id = source.pk
    source.delete()
    _add_aliases(into, {source.normalized: source.name})
    logger.info("speaker %s (%s) merged into %s by %s", merged_id, source.name, into.pk, actor)
    return into


def surviving_speaker(pk: int) -> int:
    """The id speaker `pk` goes by now: itself, or the speaker it was merged into (through any
    chain of merges). `ClaimDeskError` if it was deleted without a merge."""
    if Speaker.objects.filter(pk=pk).exists():
        return pk
    merged = SpeakerMerge.objects.resolve([pk])
    if pk in merged and Speaker.objects.filter(pk=merged[pk][1]).exists():
        return merged[pk][1]
    raise ClaimDeskError(f"Speaker #{pk} has been deleted since, so it cannot be put back.")


@dataclass
class UnlinkSummary:
    speakers: list[str] = dataclasses.field(default_factory=list)  # the rows removed, by name
    items: int = 0  # quotes and numbers left without that person (not resolved)
    decided: int = 0  # of those, items with history: each got an "unlink" decision
    aliases: int = 0  # aliases such as "he" removed from real speakers


@transaction.atomic
def unlink_junk_speakers(*, actor: User, dry_run: bool = False) -> UnlinkSummary:
    """Clean speakers stored before such names were refused: a speaker called "they", "That"
    or "Unattributed" is removed and its items are left not resolved (their cards then offer
    the nearest named speakers); an alias that names nobody is removed from its speaker.

    An item people have decided keeps its decisions and status; its history gains an
    "unlink" decision by `actor` (its version goes up, so a form open on it is stale). An
    undecided candidate just loses the name. A second run finds nothing to do.
    """
    require(actor, "claims.change_speaker")
    summary = UnlinkSummary()
    junk = list(Speaker.objects.select_for_update().filter(normalized__in=NOT_NAMES).order_by("pk"))
    for speaker in junk:
        summary.speakers.append(speaker.name)
        for model in ITEM_KINDS.values():
            linked = model.objects.filter(**{model.person_field: speaker}).order_by("pk")
            for item in linked:
                item = items.lock(item, None)
                history = Decision.objects.for_item(item).exists()
                setattr(item, model.person_field, None)
                items.bump(item, [model.person_field])
                summary.items += 1
                if item.is_decided or history:
                    summary.decided += 1
                    items.record(
                        item,
                        actor=actor,
                        action=Decision.Action.UNLINK,
                        from_state=item.status,
                        to_state=item.status,
                        note=f"“{speaker.name}” names nobody: the speaker was unlinked.",
                        changes={model.person_field: [speaker.pk, None]},
                    )
    aliases = SpeakerAlias.objects.filter(normalized__in=NOT_NAMES).exclude(speaker__in=junk)
    summary.aliases = aliases.count()
    if dry_run:
        transaction.set_rollback(True)
        return summary
    aliases.delete()
    for speaker in junk:
        logger.info("speaker %s (%s) removed: names nobody; by %s", speaker.pk, speaker.name, actor)
        speaker.delete()
    return summary
