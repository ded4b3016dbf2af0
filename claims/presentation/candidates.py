"""Who an unresolved item may be attributed to: the named speakers of its own article, nearest
first, those mentioned before the item ahead of those after it (a "they" points back)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from claims.forms import EDIT_FORMS
from claims.models import ITEM_KINDS, Speaker
from claims.text.names import is_a_name

if TYPE_CHECKING:
    from claims.models.claims import Reviewable

SHOWN = 5  # one key each, 1 to 5, on the review card


def _ranked(item: Reviewable, mentions: Iterable[tuple[int, int]]) -> list[int]:
    """Speaker ids from (speaker id, offset of its mention) pairs: those before `item`,
    nearest first, then those after it, nearest first; each speaker once, at its best place."""
    best: dict[int, tuple[int, int]] = {}
    for speaker_id, at in mentions:
        rank = (0, item.start - at) if at < item.start else (1, at - item.start)
        if speaker_id not in best or rank < best[speaker_id]:
            best[speaker_id] = rank
    return sorted(best, key=lambda pk: (best[pk], pk))


def _mentioned_at(item: Reviewable) -> int:
    """Where the text names an item's person: the start of its linked span (a quote's
    speaker mention, a number's sentence), else the item itself."""
    at = getattr(item, item.linked_span[0])
    return item.start if at is None else at


def _from_database(item: Reviewable) -> list[Speaker]:
    mentions: list[tuple[int, int]] = []
    for model in ITEM_KINDS.values():
        person, linked = model.person_field, model.linked_span[0]
        rows = (
            model.objects.filter(article_id=item.article_id, **{f"{person}__isnull": False})
            .exclude(pk=item.pk if isinstance(item, model) else None)
            .order_by()
            .values_list(person, linked, "start")
        )
        mentions += [(pk, start if at is None else at) for pk, at, start in rows]
    ranked = _ranked(item, mentions)
    found = Speaker.objects.in_bulk(ranked)
    return [found[pk] for pk in ranked if pk in found]


def _from_items(item: Reviewable, article_items: list[Reviewable]) -> list[Speaker]:
    others = [o for o in article_items if o is not item and o.person is not None]
    people = {o.person.pk: o.person for o in others}
    ranked = _ranked(item, ((o.person.pk, _mentioned_at(o)) for o in others))
    return [people[pk] for pk in ranked]


def attach(items: list[Reviewable], *, article_items: list[Reviewable] | None = None) -> None:
    """Set `candidates` on each of `items` (the nearest named speakers, empty when the item is
    resolved) and `assign_fields`/`assign_person`: the item's edit form as it stands, so one
    button posts it with only the person changed, through the edit service (versioned).

    `article_items`: every item of the article, already loaded with their people (the article
    page has them); without it, two queries per unresolved item."""
    for item in items:
        item.candidates = []
        if item.unresolved_mention is None:
            continue
        if article_items is not None:
            found = _from_items(item, article_items)
        else:
            found = _from_database(item)
        item.candidates = [s for s in found if is_a_name(s.normalized)][:SHOWN]
        form = EDIT_FORMS[item.item_type].for_item(item)
        item.assign_person = form.person_name
        item.assign_fields = [
            (name, "" if value is None else value)
            for name, value in form.initial.items()
            if name != form.person_name
        ]
