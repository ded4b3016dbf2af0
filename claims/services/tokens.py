"""Personal API tokens: made, used and revoked only here."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from claims.models import ApiToken
from claims.services.errors import ClaimDeskError, User, require

# Every secret starts with this, so a leaked one is recognisable (secret scanners, logs).
SECRET_PREFIX = "cdk_"
PREFIX_LENGTH = len(SECRET_PREFIX) + 8
# last_used_at is written at most this often per token: most API requests write nothing.
TOUCH_EVERY = timedelta(seconds=60)


def create_token(user: User, *, name: str, scope: str) -> tuple[ApiToken, str]:
    """Make a token for `user` and return it with its secret, which is stored nowhere.

    The secret is `secrets.token_urlsafe(32)` (256 bits) behind a fixed prefix; the row keeps its
    SHA-256 and its first characters. An ingest-scoped token needs the right to ingest: a token
    never holds more than its user (and is checked against its user's rights on every use too).
    """
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("Log in to make an API token.")
    if scope not in ApiToken.Scope.values:
        raise ClaimDeskError(f"Unknown scope {scope!r}.")
    if scope == ApiToken.Scope.INGEST:
        require(user, "claims.add_article")
    name = " ".join(name.split())
    if not name:
        raise ClaimDeskError("Give the token a name, so you know later what uses it.")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    days = settings.CLAIMS_API_TOKEN_DAYS
    token = ApiToken(
        user=user,
        name=name[:100],
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=ApiToken.hash_secret(secret),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    token.full_clean()
    token.save()
    return token, secret


def revoke_token(token: ApiToken, *, user: User) -> ApiToken:
    """Revoke `token` for good; its owner or a user who may change tokens (an admin) may.
    Revoking a revoked token changes nothing."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("Log in to revoke an API token.")
    if token.user_id != user.pk:
        require(user, "claims.change_apitoken")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def authenticate_token(secret: str) -> ApiToken | None:
    """The usable token whose secret this is (with its user), or None.

    The lookup is by hash, so the comparison never sees the secret. Using a token records when
    it was last used, at most once a minute (`TOUCH_EVERY`).
    """
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(secret_hash=ApiToken.hash_secret(secret))
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
