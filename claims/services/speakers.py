"""Speakers: one row per person or organisation, found by any name they go by, and merged."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from claims.models import Speaker, SpeakerAlias, normalize_alias
from claims.services.errors import ClaimDeskError, User, require

logger = logging.getLogger(__name__)


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
    """
    name = " ".join(name.split())
    if not normalize_alias(name):
        raise ValueError("A speaker needs a name.")
    names = [name, *(" ".join(a.split()) for a in aliases)]
    keys = {normalize_alias(n): n for n in names if normalize_alias(n)}
    known = SpeakerAlias.objects.filter(normalized__in=keys).select_related("speaker").first()
    if known is not None:
        speaker = known.speaker
    else:
        speaker = Speaker.objects.create(
            name=name[:200],
            role=role[:300],
            organisation=organisation[:200],
            is_organisation=is_organisation,
        )
    if role and not speaker.role:
        speaker.role = role[:300]
        speaker.save(update_fields=["role", "updated_at"])
    taken = set(
        SpeakerAlias.objects.filter(normalized__in=keys).values_list("normalized", flat=True)
    )
    SpeakerAlias.objects.bulk_create(
        [
            SpeakerAlias(speaker=speaker, name=alias[:300], normalized=key[:300])
            for key, alias in keys.items()
            if key not in taken
        ],
        ignore_conflicts=True,
    )
    return speaker


@transaction.atomic
def merge_speakers(source: Speaker, *, into: Speaker, actor: User) -> Speaker:
    """Fold `source` into `into`: its quotes, claims and aliases follow; `source` is deleted."""
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
    source.delete()
    logger.info("speaker %s merged into %s by %s", source.name, into.pk, actor)
    return into
