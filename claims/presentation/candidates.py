"""Who an unresolved item may be attributed to: the named speakers of its own article, nearest
first, those mentioned before the item ahead of those after it (a "they" points back)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.models import ITEM_KINDS, Speaker
from claims.text.names import is_a_name

if TYPE_CHECKING:
    from claims.models.claims import Reviewable

SHOWN = 5  # one key each, 1 to 5, on the review card


def nearest_speakers(item: Reviewable, limit: int = SHOWN) -> list[Speaker]:
    """The speakers credited anywhere else in `item`'s article, each placed where the text
    mentions them (the start of the item's linked span: a quote's speaker mention, a number's
    sentence; else the item itself): first those before `item`, nearest first, then those
    after it, nearest first."""
    where: dict[int, int] = {}
    for model in ITEM_KINDS.values():
        person = model.person_field
        rows = (
            model.objects.filter(article_id=item.article_id, **{f"{person}__isnull": False})
            .exclude(**({"pk": item.pk} if isinstance(item, model) else {}))
            .values_list(person, model.linked_span[0], "start")
            .order_by()
        )
        for speaker_id, mentioned, start in rows:
            at = mentioned if mentioned is not None else start
            before = at < item.start
            # before the item: nearest is the largest offset; after it: the smallest
            rank = (0, item.start - at) if before else (1, at - item.start)
            if speaker_id not in where or rank < where[speaker_id]:
                where[speaker_id] = rank
    ranked = sorted(where, key=lambda pk: (where[pk], pk))
    speakers = Speaker.objects.in_bulk(ranked)
    named = [speakers[pk] for pk in ranked if pk in speakers and is_a_name(speakers[pk].normalized)]
    return named[:limit]
