"""What the services share about quotes and numbers: locking one, bumping its version, and
recording a human decision on it. Kind-neutral: every difference is read from the model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claims.models import Article, CountDecision, Decision, NumericClaim
from claims.services.errors import ConflictError, User

if TYPE_CHECKING:
    from claims.models.claims import Reviewable


def with_history(model: type[Reviewable], article: Article) -> set[int]:
    """Ids of the article's items of `model` that have any decision in their history: their
    own, or, for a number, an editor's confirmation or rejection of it as a count's figure."""
    rows = Decision.objects.filter(**{f"{model.item_type}__article": article})
    ids = set(rows.values_list(f"{model.item_type}_id", flat=True))
    if model is NumericClaim:
        counted = CountDecision.objects.filter(observation__claim__article=article)
        ids |= set(counted.values_list("observation__claim_id", flat=True))
    return ids


def is_frozen(item: Reviewable, historied: set[int]) -> bool:
    """Whether people have had a say on `item`: the machine may then never change its words."""
    return item.is_decided or item.pk in historied


def lock(item: Reviewable, expected_version: int | None, *, reads_text: bool = False) -> Reviewable:
    """The item, locked for this transaction; `ConflictError` if it moved past what the user saw.

    `reads_text`: the write takes words from the article text (a new span), so the article row
    is locked too, first, as extraction and text revision lock it (article, then items: one
    order, no deadlock). Without that lock a text correction committing meanwhile leaves the
    item holding the old words at offsets into the new text.
    """
    model = type(item)
    if reads_text:
        Article.objects.select_for_update(no_key=True).only("pk").get(pk=item.article_id)
    current = (
        model.objects.select_for_update(of=("self",))
        .select_related(*model.related())
        .get(pk=item.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current)
    return current


def record(
    item: Reviewable,
    *,
    actor: User,
    action: str,
    from_state: str,
    to_state: str,
    note: str = "",
    changes: dict[str, list[Any]] | None = None,
    undoes: Decision | None = None,
) -> Decision:
    """Add the history row for a decision that produced `item`'s current version."""
    return Decision.objects.create(
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        changes=changes or {},
        undoes=undoes,
        item_version=item.version,
        **{item.item_type: item},
    )


def bump(item: Reviewable, fields: list[str]) -> None:
    """Save `fields` of `item` as a new version (a form made on the old one is then stale)."""
    item.version += 1
    item.save(update_fields=[*fields, "version", "updated_at"])
