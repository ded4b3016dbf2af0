"""Cursor pagination on (a timestamp, id): stable while rows are added and changed.

Ninja's own CursorPagination positions on one field plus an offset, and decodes a cursor from
unsigned base64, so an edited cursor reaches the database as an unchecked value. This keyset
pagination walks rows in (timestamp, id) order: a row added or changed later gets a later
timestamp and so turns up on a later page, never shifting the pages between. The cursor is
signed (Django's signing, so opaque and tamper-evident); one we did not give out is a 400.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core import signing
from django.db.models import F, QuerySet

# Not a documented API: Django's tuple lookups (what composite primary keys use), as in
# claims/queue.py; tests/api/test_reads.py pages through rows sharing one timestamp.
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

SALT = "claims.api.cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def encode_cursor(field: str, at: datetime, pk: int) -> str:
    return signing.dumps([field, at.isoformat(), pk], salt=SALT)


def decode_cursor(cursor: str, field: str) -> tuple[datetime, int]:
    """(timestamp, id) from a cursor we gave out for `field`; HttpError 400 for anything else."""
    try:
        name, at, pk = signing.loads(cursor, salt=SALT)
        if name != field or not isinstance(pk, int) or isinstance(pk, bool):
            raise ValueError(name)
        return datetime.fromisoformat(at), pk
    except (signing.BadSignature, ValueError, TypeError):
        raise HttpError(
            400, "This cursor is not one this list gave out; start again without it."
        ) from None


class KeysetPagination(PaginationBase):
    """Pages of `limit` rows in (`field`, id) order, after the row the cursor names."""

    class Input(Schema):
        cursor: str | None = Field(
            None,
            max_length=1000,
            description="`next_cursor` of the previous page; leave out for the first page",
        )
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page")

    class Output(Schema):
        items: list[Any]
        has_more: bool = Field(description="More rows follow now: fetch `next`")
        next_cursor: str | None = Field(
            description="Where this page ends. Keep it: asking with it later returns only "
            "rows added or changed since (null when the list is empty)"
        )
        next: str | None = Field(description="The next page's URL while `has_more`")

    items_attribute = "items"

    def __init__(
        self,
        *,
        field: str = "updated_at",
        prepare: Callable[[list[Any]], None] | None = None,
        **kwargs: Any,
    ) -> None:
        self.field = field
        self.prepare = prepare  # given the page's rows, adds what they show (one query for all)
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        field = self.field
        rows = queryset.order_by(field, "pk")
        if pagination.cursor:
            at, pk = decode_cursor(pagination.cursor, field)
            # a row-value comparison, (field, id) > (at, pk): the (field, id) index seeks to it
            rows = rows.filter(TupleGreaterThan(Tuple(F(field), F("pk")), (at, pk)))
        page = list(rows[: pagination.limit + 1])
        has_more = len(page) > pagination.limit
        page = page[: pagination.limit]
        if self.prepare is not None:
            self.prepare(page)
        if page:
            next_cursor = encode_cursor(field, getattr(page[-1], field), page[-1].pk)
        else:
            next_cursor = pagination.cursor  # nothing new yet: the same place to ask again
        next_url = None
        if has_more:
            query = request.GET.copy()
            query["cursor"] = next_cursor
            next_url = f"{request.path}?{query.urlencode()}"
        return {"items": page, "has_more": has_more, "next_cursor": next_cursor, "next": next_url}
