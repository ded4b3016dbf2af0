"""Items an editor adds by hand: a quote or a number the extractor missed, picked by selecting
its words on the article page. The editor's item is approved on creation and its history says
it was added by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from claims.models import ITEM_KINDS, Article, Decision, ReviewStatus
from claims.services import items
from claims.services.decisions import (
    _as_json,
    _locked_speaker,
    _refusal,
    _suggest_counts,
    check_person_span,
)
from claims.services.errors import ArticleChanged, ReviewError, User, require

if TYPE_CHECKING:
    from claims.models.claims import Reviewable


@transaction.atomic
def add_item(
    article: Article,
    *,
    item_type: str,
    editor: User,
    start: int,
    end: int,
    words: str,
    expected_hash: str,
    fields: dict[str, Any],
    note: str = "",
) -> Decision:
    """Add a quote or number at `start`:`end` of `article`, approved, marked as added by hand.

    `words` are what the editor selected and `expected_hash` the text they selected it in: if
    the text was corrected since, nothing is stored (`ArticleChanged`); if the words are not
    the text's at those offsets (a client counting another kind of character), neither
    (`ReviewError`). `fields` are the kind's editable fields; the person may be given as a
    name, found or created in this transaction. The article row is locked before the item is
    written, as every write that takes words from the text does, so a text correction cannot
    slip in between the check and the insert.
    """
    model = ITEM_KINDS.get(item_type)
    if model is None:
        raise ReviewError(f"“{item_type}” is not a kind of item.")
    require(editor, model.review_permission)
    unknown = set(fields) - set(model.editable_fields) | ({"start", "end"} & set(fields))
    if unknown:
        raise ReviewError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")
    person = fields.get(model.person_field)
    if isinstance(person, str):  # speakers are locked first, the order a merge takes
        fields = {**fields, model.person_field: _locked_speaker(person)}
    article = Article.objects.select_for_update(no_key=True).get(pk=article.pk)
    if article.content_hash != expected_hash:
        raise ArticleChanged(article)
    if not 0 <= start < end <= len(article.body) or article.body[start:end] != words:
        raise ReviewError(
            "The selected words are not the article's at those offsets; nothing was saved. "
            "Reload the page and select them again."
        )
    if not words.strip():
        raise ReviewError("Select some words, not only spaces.")
    item = model(
        article=article,
        start=start,
        end=end,
        status=ReviewStatus.APPROVED,
        added_by_hand=True,
        confidence=1.0,
        **fields,
    )
    item.text = item.text_from_span()
    if item.text != words:
        raise ReviewError(f"A {model.label.lower()} is at most {len(item.text)} characters long.")
    check_person_span(item)
    same = _same_span(item)
    if same is not None:
        raise ReviewError(
            f"“{same}” already covers exactly these words ({same.get_status_display().lower()});"
            " review or correct it instead."
        )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise _refusal(exc, "item") from None
    set_fields = ["start", "end", *(name for name in model.editable_fields if name in fields)]
    recorded = items.record(
        item,
        actor=editor,
        action=Decision.Action.ADD,
        from_state="",
        to_state=ReviewStatus.APPROVED,
        note=note,
        changes={
            **{name: [None, _as_json(getattr(item, name))] for name in set_fields},
            "status": [None, ReviewStatus.APPROVED],
        },
    )
    _suggest_counts(item)
    return recorded


def _same_span(item: Reviewable) -> Reviewable | None:
    """An item of the same kind already on exactly this span, which the database would refuse
    as a duplicate (a quote of another kind may share the span)."""
    constraints = type(item)._meta.constraints
    unique = next(c for c in constraints if "start" in (getattr(c, "fields", None) or ()))
    match = {name: getattr(item, name) for name in unique.fields}
    return type(item).objects.filter(**match).first()
