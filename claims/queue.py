"""The editor's review queue: pending quotes and claims as one list, walked one item at a time.

Items are ordered by article (oldest ingested first), then by position in the text, quotes
before claims at the same offset. Moving to the next or previous item is one indexed query per
item type, so the queue costs the same with ten items or a hundred thousand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Lookup, QuerySet

# Not a documented API: Django's internal tuple lookups, which compile to the row-value
# comparison `_beyond` needs (see there); tests/test_queue.py fails if they move or change.
from django.db.models.fields.tuple_lookups import (  # what composite primary keys use
    Tuple,
    TupleGreaterThan,
    TupleGreaterThanOrEqual,
    TupleLessThan,
    TupleLessThanOrEqual,
)

from claims.models import ITEM_KINDS, NumericClaim, Quote, ReviewStatus


@dataclass(frozen=True)
class Position:
    article_id: int
    start: int
    rank: int
    pk: int

    @classmethod
    def of(cls, item: Quote | NumericClaim) -> Position:
        return cls(item.article_id, item.start, item.queue_rank, item.pk)

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.article_id, self.start, self.rank, self.pk)


def _pending(model: type[Quote] | type[NumericClaim], article_id: int | None) -> QuerySet:
    queryset = model.objects.filter(status=ReviewStatus.EXTRACTED).select_related(*model.related())
    if article_id is not None:
        queryset = queryset.filter(article_id=article_id)
    return queryset


def _beyond(position: Position, rank: int, forward: bool) -> Lookup:
    """Rows strictly after (or before) `position`, for an item type of `rank`.

    A row-value comparison, `(article_id, start, id) > (a, s, pk)`, which the partial queue
    index answers with one range scan; the same test spelled as ORs scans the whole queue.
    """
    a, s = position.article_id, position.start
    # a type ranked after (before) the position's own comes after (before) it at the same start
    ties_included = rank > position.rank if forward else rank < position.rank
    if rank == position.rank:
        columns, values = (F("article_id"), F("start"), F("pk")), (a, s, position.pk)
        lookup = TupleGreaterThan if forward else TupleLessThan
    else:
        columns, values = (F("article_id"), F("start")), (a, s)
        if forward:
            lookup = TupleGreaterThanOrEqual if ties_included else TupleGreaterThan
        else:
            lookup = TupleLessThanOrEqual if ties_included else TupleLessThan
    return lookup(Tuple(*columns), values)


def neighbour(
    position: Position | None, *, forward: bool = True, article_id: int | None = None
) -> Quote | NumericClaim | None:
    """The pending item right after (or before) `position`; the first one when it is None."""
    order = ["article_id", "start", "pk"] if forward else ["-article_id", "-start", "-pk"]
    found = []
    for model in ITEM_KINDS.values():
        queryset = _pending(model, article_id)
        if position is not None:
            queryset = queryset.filter(_beyond(position, model.queue_rank, forward))
        item = queryset.order_by(*order).first()
        if item is not None:
            found.append(item)
    if not found:
        return None
    key = lambda item: Position.of(item).as_tuple()  # noqa: E731
    return min(found, key=key) if forward else max(found, key=key)


COUNT_CAP = 1000


def pending_count(article_id: int | None = None) -> int:
    """How many items await review, counted no further than COUNT_CAP + 1.

    Past a thousand the exact figure tells an editor nothing more, and counting a queue of
    fifty thousand scans all of it on every card.
    """
    return min(
        COUNT_CAP + 1,
        sum(
            _pending(model, article_id).order_by().values("pk")[: COUNT_CAP + 1].count()
            for model in ITEM_KINDS.values()
        ),
    )


def oldest_articles(limit: int) -> list[int]:
    """Ids of the `limit` oldest articles with anything awaiting review (index scans only)."""
    ids: set[int] = set()
    for model in ITEM_KINDS.values():
        pending = _pending(model, None).order_by("article_id")
        ids.update(pending.values_list("article_id", flat=True).distinct()[:limit])
    return sorted(ids)[:limit]


def next_article(after: int) -> int | None:
    """The id of the article awaiting review that comes after article `after` in queue order,
    else the first one before it; None when no other article awaits review. Index scans only."""
    for beyond in (True, False):
        found = []
        for model in ITEM_KINDS.values():
            pending = _pending(model, None).exclude(article_id=after).order_by("article_id")
            if beyond:
                pending = pending.filter(article_id__gt=after)
            first = pending.values_list("article_id", flat=True).first()
            if first is not None:
                found.append(first)
        if found:
            return min(found)
    return None


@dataclass(frozen=True)
class Selection:
    """Which pending items the review list shows and a bulk decision takes: an article, a kind
    ("quote", "quote.direct", "claim": see `item_groups`), a lowest confidence, and part of
    the name of the speaker or claimant."""

    article_id: int | None = None
    kind: str = ""
    min_confidence: float | None = None
    speaker: str = ""

    def _filtered(self, model: type[Quote] | type[NumericClaim]) -> QuerySet | None:
        """`model`'s pending items in this selection; None when the kind leaves it out."""
        item_type, _, subkind = self.kind.partition(".")
        if item_type and item_type != model.item_type:
            return None
        queryset = _pending(model, self.article_id)
        if subkind:
            queryset = queryset.filter(**{model.subkind_field: subkind})
        if self.min_confidence is not None:
            queryset = queryset.filter(confidence__gte=self.min_confidence)
        if self.speaker:
            queryset = queryset.filter(**{f"{model.person_field}__name__icontains": self.speaker})
        return queryset

    def items(self, limit: int) -> list[Quote | NumericClaim]:
        """The first `limit` selected items in queue order."""
        items: list[Quote | NumericClaim] = []
        for model in ITEM_KINDS.values():
            queryset = self._filtered(model)
            if queryset is not None:
                items += queryset.order_by("article_id", "start", "pk")[:limit]
        items.sort(key=lambda item: Position.of(item).as_tuple())
        return items[:limit]

    def count(self) -> int:
        """How many items are selected (one COUNT per kind)."""
        counted = (self._filtered(model) for model in ITEM_KINDS.values())
        return sum(queryset.order_by().count() for queryset in counted if queryset is not None)


def pending_page(article_id: int | None = None, limit: int = 100) -> list[Quote | NumericClaim]:
    """The first `limit` pending items in queue order, for the list view with bulk actions."""
    return Selection(article_id=article_id).items(limit)
