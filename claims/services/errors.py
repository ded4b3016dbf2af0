"""The domain errors the services raise (their message is meant for the user), and the one
permission check every service makes before it writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Model, UniqueConstraint

from claims.models import Article, Decision

if TYPE_CHECKING:
    from claims.models.claims import Reviewable

User = AbstractBaseUser | AnonymousUser


class ClaimDeskError(Exception):
    """Base of the domain errors: the message is meant for the user."""


class IngestError(ClaimDeskError):
    pass


class DuplicateArticle(IngestError):
    def __init__(self, existing: Article) -> None:
        super().__init__(f"This text is already stored as “{existing.title}”.")
        self.existing = existing


class ReviewError(ClaimDeskError):
    pass


class ConflictError(ReviewError):
    """Someone else decided first: `current` is the item as it now stands."""

    def __init__(self, current: Reviewable) -> None:
        who = Decision.objects.for_item(current).last()
        detail = f" by {who.actor} at {who.created_at:%H:%M} UTC" if who else ""
        super().__init__(
            f"This item changed while you were looking at it: it is now "
            f"“{current.get_status_display()}”{detail}. Nothing of yours was saved."
        )
        self.current = current


class ArticleChanged(ClaimDeskError):
    """The article text changed since the user loaded it: `current` is the article now."""

    def __init__(self, current: Article) -> None:
        super().__init__(
            "The article text was changed by someone else while you were editing it. "
            "Nothing of yours was saved; reload it and make your change again."
        )
        self.current = current


class RevisionTouchesDecisions(ClaimDeskError):
    """A text revision would change the words of items people have already decided."""

    def __init__(self, items: list[Reviewable]) -> None:
        listed = "; ".join(f"{item} ({item.get_status_display().lower()})" for item in items[:5])
        more = f" and {len(items) - 5} more" if len(items) > 5 else ""
        super().__init__(
            f"This change rewrites the words of {len(items)} decided item"
            f"{'s' if len(items) != 1 else ''}: {listed}{more}. Nothing was saved. Change the "
            "text around them, or undo or reject those decisions first."
        )
        self.items = items


def require(user: User, permission: str) -> None:
    """Refuse (`PermissionDenied`) unless `user` is an active account holding `permission`."""
    if not (user.is_authenticated and user.is_active and user.has_perm(permission)):
        raise PermissionDenied(f"You may not do this ({permission}).")


def violates(exc: IntegrityError, model: type[Model], constraint: str) -> bool:
    """Whether `exc` is the database refusing a row of `model` for `constraint` (by its name),
    so a handler never mistakes one constraint's refusal for another's."""
    named = next((c for c in model._meta.constraints if c.name == constraint), None)
    if named is None:
        raise ValueError(f"{model.__name__} has no constraint {constraint!r}")
    diag = getattr(exc.__cause__, "diag", None)
    if diag is not None:  # PostgreSQL names the constraint
        return diag.constraint_name == constraint
    # SQLite names a check constraint, and a unique one by its columns.
    if isinstance(named, UniqueConstraint):
        table = model._meta.db_table
        columns = ", ".join(f"{table}.{model._meta.get_field(f).column}" for f in named.fields)
        return str(exc) == f"UNIQUE constraint failed: {columns}"
    return str(exc) == f"CHECK constraint failed: {constraint}"


def violated_constraint(exc: IntegrityError) -> str:
    """Which constraint or trigger refused a write, for those `violates` cannot look up on a
    model (a field's `unique=True`, the span and text triggers): its name on PostgreSQL; on
    SQLite the message ("UNIQUE constraint failed: claims_article.url", or the name a check
    constraint or trigger gives). Handlers match it against the names they expect and re-raise
    anything else, so an unexpected violation is never mistaken for a known one."""
    diag = getattr(exc.__cause__, "diag", None)
    return (getattr(diag, "constraint_name", None) or "") or str(exc)


def refused_by(exc: IntegrityError, *names: str) -> bool:
    """Whether `exc` comes from one of the constraints `names` (names or SQLite spellings)."""
    found = violated_constraint(exc)
    return any(name in found for name in names)
