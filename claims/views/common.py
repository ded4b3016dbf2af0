"""What several views share: finding an item from its URL, and role checks that answer 403."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from claims.models import NumericClaim, Quote

ITEM_MODELS: dict[str, type[Quote] | type[NumericClaim]] = {"quote": Quote, "claim": NumericClaim}


def item_type(item: Quote | NumericClaim) -> str:
    return "quote" if isinstance(item, Quote) else "claim"


def get_item(kind: str, pk: int) -> Quote | NumericClaim:
    try:
        model = ITEM_MODELS[kind]
    except KeyError:
        raise Http404(f"No item type {kind!r}") from None
    related = ["article", "speaker"] if model is Quote else ["article", "claimant"]
    return get_object_or_404(model.objects.select_related(*related), pk=pk)
