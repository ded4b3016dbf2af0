"""What several views share: finding an item from its URL, reading an id from a query string."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404

from claims.models import ITEM_KINDS, NumericClaim, Quote


def get_item(kind: str, pk: int) -> Quote | NumericClaim:
    try:
        model = ITEM_KINDS[kind]
    except KeyError:
        raise Http404(f"No item type {kind!r}") from None
    return get_object_or_404(model.objects.select_related(*model.related()), pk=pk)


_ID = re.compile(r"[0-9]{1,18}")


def parse_id(value: str | None) -> int | None:
    """A row id from user input, or None: only ASCII digits ("²".isdigit() is true, int() fails)."""
    return int(value) if value and _ID.fullmatch(value) else None
